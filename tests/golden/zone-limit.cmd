run tests/golden/zone-limit.yaml --dump buddyinfo,pagetypeinfo,blocks,stats
