run scenarios/07b-isolate-range.yaml --dump buddyinfo,pagetypeinfo
