run scenarios/highatomic-pressure.yaml --dump pagetypeinfo,stats
