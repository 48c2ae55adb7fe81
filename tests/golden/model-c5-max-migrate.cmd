run tests/golden/model-c5-max-migrate.yaml --dump buddyinfo,pagetypeinfo,stats,allocs,blocks
