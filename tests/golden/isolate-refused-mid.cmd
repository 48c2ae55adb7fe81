run tests/golden/isolate-refused.yaml --until 5 --dump buddyinfo,pagetypeinfo,stats
