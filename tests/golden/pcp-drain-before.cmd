run tests/golden/pcp-drain-merge.yaml --until 3 --dump buddyinfo
