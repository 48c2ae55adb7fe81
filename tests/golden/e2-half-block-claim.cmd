run scenarios/e2-half-block-claim.yaml --dump pagetypeinfo,stats
