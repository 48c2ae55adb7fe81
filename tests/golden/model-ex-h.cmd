run tests/golden/model-ex-h.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
