run tests/golden/wmark-highatomic-slowpath.yaml --dump stats
