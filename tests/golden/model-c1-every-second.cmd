run tests/golden/model-c1-every-second.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
