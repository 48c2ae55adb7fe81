run tests/golden/isolate-refused.yaml --dump buddyinfo,pagetypeinfo,blocks,stats
