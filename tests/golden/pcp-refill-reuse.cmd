run tests/golden/pcp-refill-reuse.yaml --dump allocs
