run tests/golden/compact-order-early.yaml --dump stats,buddyinfo,blocks,allocs
