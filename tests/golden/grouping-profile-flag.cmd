run scenarios/grouping-on.yaml --profile no-grouping --until 2 --dump blocks
