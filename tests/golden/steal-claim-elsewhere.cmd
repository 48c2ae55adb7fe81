run tests/golden/steal-claim-elsewhere.yaml --dump pagetypeinfo,blocks,stats
