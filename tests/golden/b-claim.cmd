run scenarios/02a-first-unmovable-claims.yaml --until 3 --dump buddyinfo,pagetypeinfo,stats
