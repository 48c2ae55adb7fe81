/* Extension `state:` of a scenario: parsing and checking (state.c).
 * Internal to src/scenario. */
#ifndef BUDDYVIZ_STATE_H
#define BUDDYVIZ_STATE_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/machine.h"
#include "scenario/check.h"

/* Parses v against the machine cfg; NULL (with errors in c) if it is not
 * a valid state. check_place: also place it on a throwaway machine and
 * report what the engine refuses. */
struct machine_state *parse_state(struct ctx *c, const struct ynode *v, const struct machine_config *cfg,
				  bool check_place);
void state_free(struct machine_state *st);
/* Writes cfg->initial as a `state:` section that parse_state reads back. */
void state_write(FILE *f, const struct machine_config *cfg);

#endif
