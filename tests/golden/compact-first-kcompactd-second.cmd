run tests/golden/compact-first-kcompactd.yaml --dump stats,buddyinfo
