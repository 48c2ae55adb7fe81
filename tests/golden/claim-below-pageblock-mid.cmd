run tests/golden/claim-below-pageblock.yaml --until 4 --dump pagetypeinfo,blocks
