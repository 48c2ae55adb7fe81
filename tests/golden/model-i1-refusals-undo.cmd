run tests/golden/model-i1-refusals-undo.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
