run tests/golden/merge-across-blocks.yaml --dump pagetypeinfo,blocks,stats
