run scenarios/05c-full-compaction.yaml --dump stats,buddyinfo
