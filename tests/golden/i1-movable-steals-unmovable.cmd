run scenarios/i1-movable-steals-unmovable.yaml --dump buddyinfo,pagetypeinfo,stats
