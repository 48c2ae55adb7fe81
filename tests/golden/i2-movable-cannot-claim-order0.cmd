run scenarios/i2-movable-cannot-claim-order0.yaml --dump buddyinfo,pagetypeinfo,stats
