run scenarios/02d-grouping-off.yaml --until 2 --dump blocks
