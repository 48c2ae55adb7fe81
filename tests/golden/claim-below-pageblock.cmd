run tests/golden/claim-below-pageblock.yaml --dump blocks,stats
