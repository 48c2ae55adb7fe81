run scenarios/f-full-compaction.yaml --dump stats,buddyinfo
