run tests/golden/nofragment-dma32.yaml --dump buddyinfo,pagetypeinfo,blocks,stats
