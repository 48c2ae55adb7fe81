run tests/golden/grouping-off-16.yaml --dump buddyinfo,pagetypeinfo,blocks,allocs
