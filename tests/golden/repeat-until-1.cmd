run tests/golden/repeat.yaml --until 1 --dump=allocs,buddyinfo
