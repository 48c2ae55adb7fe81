run scenarios/grouping-off.yaml --dump pagetypeinfo
