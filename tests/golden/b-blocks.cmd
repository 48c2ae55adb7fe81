run scenarios/b-first-unmovable-claims.yaml --dump=blocks
