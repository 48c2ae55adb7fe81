run tests/golden/cma-tiny.yaml --until 0 --dump pagetypeinfo
