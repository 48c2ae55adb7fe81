run tests/golden/compact-async.yaml --dump stats,buddyinfo,blocks,allocs
