run scenarios/06b-highatomic-pressure.yaml --until 5 --dump pagetypeinfo,allocs
