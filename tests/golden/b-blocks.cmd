run scenarios/02a-first-unmovable-claims.yaml --dump=blocks
