run scenarios/a-first-movable.yaml --dump allocs,stats
