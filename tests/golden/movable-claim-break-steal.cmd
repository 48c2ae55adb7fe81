run tests/golden/movable-claim-break.yaml --until 4 --dump pagetypeinfo,blocks
