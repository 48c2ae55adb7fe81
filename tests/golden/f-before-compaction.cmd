run scenarios/f-full-compaction.yaml --until 4 --dump buddyinfo
