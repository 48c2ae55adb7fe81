run tests/golden/compact-first-kcompactd.yaml --until 3 --dump stats,buddyinfo
