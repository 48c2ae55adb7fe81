run tests/golden/compact-max-migrate.yaml --dump stats,buddyinfo,blocks,allocs
