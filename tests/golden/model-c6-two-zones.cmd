run tests/golden/model-c6-two-zones.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
