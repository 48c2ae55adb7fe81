run tests/golden/workload.yaml --dump allocs,blocks,pagetypeinfo,stats
