run tests/golden/steal-from.yaml --dump pagetypeinfo,allocs,blocks,stats
