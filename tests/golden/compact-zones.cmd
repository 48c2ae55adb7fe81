run tests/golden/compact-zones.yaml --dump stats,buddyinfo,blocks,allocs
