run tests/golden/expect-fail.yaml --dump stats
