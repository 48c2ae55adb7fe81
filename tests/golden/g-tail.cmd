run scenarios/g-isolate-unisolate.yaml --dump allocs
