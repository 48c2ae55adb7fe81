run tests/golden/free-random.yaml --dump allocs,pagetypeinfo,stats
