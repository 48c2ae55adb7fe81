run scenarios/a-first-movable.yaml --until 6 --dump buddyinfo,allocs
