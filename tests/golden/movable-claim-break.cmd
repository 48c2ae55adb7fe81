run tests/golden/movable-claim-break.yaml --dump buddyinfo,blocks,stats
