run tests/golden/free-selectors.yaml --until 2 --dump allocs,buddyinfo
