run tests/golden/model-ex-g.yaml --until 1 --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
