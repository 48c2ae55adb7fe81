run scenarios/b-first-unmovable-claims.yaml --until 3 --dump buddyinfo,pagetypeinfo,stats
