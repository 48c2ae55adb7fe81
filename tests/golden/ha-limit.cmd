run scenarios/highatomic-pressure.yaml --until 5 --dump pagetypeinfo,allocs
