run tests/golden/free-pfn.yaml --dump pagetypeinfo,allocs,blocks
