run tests/golden/compact-order-early.yaml --trace --dump stats
