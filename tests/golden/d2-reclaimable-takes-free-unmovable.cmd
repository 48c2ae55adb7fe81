run scenarios/04b-reclaimable-takes-free-unmovable.yaml --dump pagetypeinfo,allocs,stats
