run tests/golden/merge-likely-top-orders.yaml --dump buddyinfo,allocs
