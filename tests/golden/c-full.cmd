run scenarios/c-free-merges.yaml --dump allocs,buddyinfo
