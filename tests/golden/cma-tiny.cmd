run tests/golden/cma-tiny.yaml --dump buddyinfo,pagetypeinfo,allocs,stats
