run scenarios/01b-first-movable.yaml --until 0 --dump buddyinfo
