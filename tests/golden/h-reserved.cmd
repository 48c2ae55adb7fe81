run scenarios/06a-highatomic-reserve.yaml --until 2 --dump pagetypeinfo,stats
