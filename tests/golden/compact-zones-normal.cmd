run tests/golden/compact-zones.yaml --until 5 --dump stats,buddyinfo
