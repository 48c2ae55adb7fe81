run scenarios/03b-half-block-claim.yaml --dump pagetypeinfo,stats
