run tests/golden/model-i1-refusals-undo.yaml --until 5 --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
