run tests/golden/frag-index.yaml --until 6 --dump buddyinfo,stats
