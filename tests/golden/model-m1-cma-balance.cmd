run tests/golden/model-m1-cma-balance.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
