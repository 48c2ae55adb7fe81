run scenarios/03d-movable-cannot-claim-order0.yaml --dump buddyinfo,pagetypeinfo,stats
