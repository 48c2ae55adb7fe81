run tests/golden/claim-alike.yaml --dump pagetypeinfo,blocks,stats
