run tests/golden/compact-half-free.yaml --dump stats,buddyinfo,blocks,allocs
