run tests/golden/wmark-lowmem-reserve.yaml --dump stats
