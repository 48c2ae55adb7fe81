run scenarios/02c-grouping-on.yaml --dump pagetypeinfo
