run scenarios/g-isolate-unisolate.yaml --until 2 --dump buddyinfo,pagetypeinfo,stats
