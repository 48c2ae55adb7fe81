run tests/golden/pcp-drain-merge.yaml --dump buddyinfo,stats
