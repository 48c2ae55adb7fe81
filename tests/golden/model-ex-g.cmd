run tests/golden/model-ex-g.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
