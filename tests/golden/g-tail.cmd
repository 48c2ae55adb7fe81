run scenarios/07a-isolate-unisolate.yaml --dump allocs
