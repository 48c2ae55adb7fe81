run scenarios/07c-cma-balance.yaml --dump allocs
