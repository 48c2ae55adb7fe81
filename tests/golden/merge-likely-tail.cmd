run tests/golden/merge-likely-tail.yaml --dump buddyinfo,pagetypeinfo,allocs,blocks
