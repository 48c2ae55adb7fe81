run scenarios/04a-reclaimable-claims.yaml --dump pagetypeinfo,allocs,stats
