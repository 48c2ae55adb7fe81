run tests/golden/free-selectors.yaml --until 3 --dump allocs,buddyinfo
