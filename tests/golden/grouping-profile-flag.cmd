run scenarios/02c-grouping-on.yaml --profile no-grouping --until 2 --dump blocks
