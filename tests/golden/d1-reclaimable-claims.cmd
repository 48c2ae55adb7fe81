run scenarios/d1-reclaimable-claims.yaml --dump pagetypeinfo,allocs,stats
