run tests/golden/expect-fail.yaml --until 2 --dump buddyinfo
