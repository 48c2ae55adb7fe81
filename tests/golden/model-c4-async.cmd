run tests/golden/model-c4-async.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
