run tests/golden/alloc-fail-full.yaml --dump allocs,buddyinfo,stats
