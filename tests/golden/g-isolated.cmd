run scenarios/07a-isolate-unisolate.yaml --until 2 --dump buddyinfo,pagetypeinfo,stats
