run tests/golden/wmark-boost-kswapd.yaml --dump stats
