run scenarios/02b-free-merges.yaml --dump allocs,buddyinfo
