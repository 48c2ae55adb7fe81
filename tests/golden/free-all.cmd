run tests/golden/free-selectors.yaml --dump allocs,buddyinfo,stats
