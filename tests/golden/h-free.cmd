run scenarios/h-highatomic-reserve.yaml --dump buddyinfo,pagetypeinfo
