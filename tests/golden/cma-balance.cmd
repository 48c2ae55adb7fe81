run scenarios/cma-balance.yaml --dump allocs
