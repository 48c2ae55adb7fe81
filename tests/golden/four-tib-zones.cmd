run tests/golden/four-tib-zones.yaml --dump buddyinfo,pagetypeinfo,stats
