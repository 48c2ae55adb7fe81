run tests/golden/model-c3-order2-early.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
