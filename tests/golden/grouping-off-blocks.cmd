run scenarios/grouping-off.yaml --until 2 --dump blocks
