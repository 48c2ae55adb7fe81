run scenarios/06a-highatomic-reserve.yaml --dump buddyinfo,pagetypeinfo
