run scenarios/isolate-range.yaml --dump buddyinfo,pagetypeinfo
