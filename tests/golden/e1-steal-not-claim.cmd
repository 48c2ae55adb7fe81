run scenarios/e1-steal-not-claim.yaml --dump buddyinfo,pagetypeinfo,stats
