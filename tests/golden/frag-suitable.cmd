run tests/golden/frag-index.yaml --until 8 --dump buddyinfo,stats
