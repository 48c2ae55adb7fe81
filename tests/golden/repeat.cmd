run tests/golden/repeat.yaml --dump allocs,buddyinfo
