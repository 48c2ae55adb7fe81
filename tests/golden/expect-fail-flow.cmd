run tests/golden/expect-fail-flow.yaml --dump buddyinfo
