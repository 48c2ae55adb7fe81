run tests/golden/grouping-on-20.yaml --dump buddyinfo,pagetypeinfo,blocks,allocs,stats
