run scenarios/01b-first-movable.yaml --until 6 --dump buddyinfo,allocs
