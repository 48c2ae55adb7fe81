run tests/golden/wmark-reclaim.yaml --dump stats
