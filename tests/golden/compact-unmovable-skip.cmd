run tests/golden/compact-unmovable-skip.yaml --dump stats,buddyinfo,blocks,allocs
