run tests/golden/nofragment-dma32.yaml --until 3 --dump buddyinfo,blocks
