run tests/golden/four-tib.yaml --dump buddyinfo,pagetypeinfo,stats
