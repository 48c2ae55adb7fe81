run scenarios/02c-grouping-on.yaml --until 2 --dump blocks
