run scenarios/03c-movable-steals-unmovable.yaml --dump buddyinfo,pagetypeinfo,stats
