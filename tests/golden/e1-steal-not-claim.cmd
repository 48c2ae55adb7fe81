run scenarios/03a-steal-not-claim.yaml --dump buddyinfo,pagetypeinfo,stats
