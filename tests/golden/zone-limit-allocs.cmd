run tests/golden/zone-limit.yaml --dump allocs
