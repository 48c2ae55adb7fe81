run tests/golden/tiny-boot.yaml --dump buddyinfo,pagetypeinfo,blocks,allocs,stats
