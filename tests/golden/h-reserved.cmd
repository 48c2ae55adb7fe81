run scenarios/h-highatomic-reserve.yaml --until 2 --dump pagetypeinfo,stats
