run scenarios/01b-first-movable.yaml --dump allocs,stats
