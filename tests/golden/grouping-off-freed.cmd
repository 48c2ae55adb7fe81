run scenarios/02d-grouping-off.yaml --dump pagetypeinfo
