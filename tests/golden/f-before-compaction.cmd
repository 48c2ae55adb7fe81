run scenarios/05c-full-compaction.yaml --until 4 --dump buddyinfo
