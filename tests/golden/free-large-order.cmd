run tests/golden/free-large-order.yaml --dump allocs,buddyinfo,stats
