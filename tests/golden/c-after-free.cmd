run --until 6 --dump pagetypeinfo,stats scenarios/c-free-merges.yaml
