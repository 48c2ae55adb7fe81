run tests/golden/wmark-min-oom.yaml --dump stats
