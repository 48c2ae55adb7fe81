run --until 6 --dump pagetypeinfo,stats scenarios/02b-free-merges.yaml
