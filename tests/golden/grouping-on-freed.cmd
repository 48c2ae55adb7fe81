run scenarios/grouping-on.yaml --dump pagetypeinfo
