run tests/golden/tag-order.yaml --dump stats,allocs,buddyinfo
