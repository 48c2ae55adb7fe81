run tests/golden/free-selectors.yaml --until 4 --dump allocs,buddyinfo
