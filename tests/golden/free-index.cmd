run tests/golden/free-selectors.yaml --until 5 --dump allocs,buddyinfo
