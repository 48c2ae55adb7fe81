run scenarios/grouping-on.yaml --until 2 --dump blocks
