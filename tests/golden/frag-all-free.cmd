run tests/golden/frag-index.yaml --dump stats
