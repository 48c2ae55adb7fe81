run scenarios/06b-highatomic-pressure.yaml --dump pagetypeinfo,stats
