run tests/golden/frag-index.yaml --until 2 --dump stats
