run tests/golden/model-h2-reserve-small.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
