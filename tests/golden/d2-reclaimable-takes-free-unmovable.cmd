run scenarios/d2-reclaimable-takes-free-unmovable.yaml --dump pagetypeinfo,allocs,stats
