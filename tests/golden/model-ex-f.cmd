run tests/golden/model-ex-f.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
