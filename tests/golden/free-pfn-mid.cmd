run tests/golden/free-pfn.yaml --until 3 --dump buddyinfo,allocs
