run tests/golden/model-c2-unmovable-skipped.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
