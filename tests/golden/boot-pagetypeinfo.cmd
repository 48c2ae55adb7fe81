run scenarios/a-first-movable.yaml --until 0 --dump pagetypeinfo
