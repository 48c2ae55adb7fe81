run tests/golden/model-ex-h.yaml --until 1 --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
