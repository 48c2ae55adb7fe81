run tests/golden/repeat.yaml --until 99 --dump buddyinfo
