run tests/golden/merge-across-blocks.yaml --until 6 --dump pagetypeinfo,blocks
