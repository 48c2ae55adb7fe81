run tests/golden/frag-index.yaml --until 4 --dump buddyinfo,stats
