/* Scenario files: YAML -> machine config + steps, validated against
 * scenario-format.md, every error as "FILE:LINE:COL: message".
 *
 * Uses the engine's tables (step kinds, migratetypes, zones, stats keys);
 * the keys themselves live in one table (keys.c) that also generates
 * docs/scenario-reference.md. Never touches the terminal.
 */
#ifndef BUDDYVIZ_SCENARIO_H
#define BUDDYVIZ_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/machine.h"
#include "engine/step.h"

struct scenario {
	char *path;                 /* as given, or "(default)" */
	char *name;
	char *description;          /* NULL if none */
	char *chapter;              /* `chapter:`, NULL if none */
	struct machine_config cfg;
	struct step *steps;         /* owned */
	size_t nsteps;
	struct machine_state *state; /* extension `state:`; NULL = boot state; cfg.initial points here */
};

/* Error lines, each "FILE:LINE:COL: message" (or "FILE: message") already
 * formatted, without a newline. */
struct diag_list {
	char **lines;
	size_t n, cap;
};

/* Loads and validates a file. Returns NULL if anything is wrong, with every
 * error appended to diags in file order. A file that cannot be read gives
 * the single line "FILE: cannot open: REASON". profile_override is NULL or
 * a profile name (--profile), which replaces machine.profile. */
struct scenario *scenario_load(const char *path, const char *profile_override, struct diag_list *diags);
/* The built-in default scenario, loaded through the same code; its path
 * shows as "(default)". */
struct scenario *scenario_load_default(struct diag_list *diags);
/* Loads a scenario from memory; `path` names it in the diagnostics. */
struct scenario *scenario_load_text(const char *path, const char *text, size_t len,
				    const char *profile_override, struct diag_list *diags);
void scenario_free(struct scenario *sc);
void diag_list_clear(struct diag_list *d);

/* ONE step in YAML flow form ("alloc: {type: unmovable, order: 3, tag: U}",
 * "pause"), validated against cfg exactly like a step of a file. On error
 * returns false, leaves *out empty and writes "COL: message" (1-based
 * column in text; "LINE:COL: message" if the text has several lines). */
bool step_parse_text(const char *text, const struct machine_config *cfg, struct step *out,
		     char *err, size_t errlen);

/* Writes a scenario (name, a machine section reproducing cfg exactly, the
 * steps) that scenario_load reads back to the same config and steps.
 * Returns false on an I/O error. */
bool scenario_write(FILE *f, const char *name, const struct machine_config *cfg,
		    const struct step *steps, size_t nsteps);

/* One step as scenario_write() writes it: "- alloc: {...}\n" (a repeat:
 * several lines). */
void scenario_write_step(FILE *f, const struct step *s);
/* The same as one line of text ("alloc: {type: unmovable, ...}"; a
 * repeat: its first line and " ..."), cut to n bytes. */
void scenario_step_text(const struct step *s, char *buf, size_t n);

#endif
