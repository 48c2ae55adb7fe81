/* Side by side: two machines in one split screen, stepped in sync
 * (`buddyviz compare`). Two scenario files, or one scenario under two
 * profiles or two seeds; one legend, one comparison panel of their
 * counters and fragmentation indexes.
 *
 * compare_cli.c parses the command line and loads both scenarios before
 * the terminal is touched; compare.c holds the key table, the actions and
 * the loop; compare_view.c builds the screen as plain data (view.h) from
 * the two models (app.h), reusing the single view's grid, legend, caption
 * and counter code. No curses outside draw.c.
 */
#ifndef BUDDYVIZ_TUI_COMPARE_H
#define BUDDYVIZ_TUI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "view.h"

struct scenario;
struct binding;

/* `buddyviz compare ARGS...` (argv after the word compare): exit status,
 * 2 on bad input (FILE:LINE:COL for a bad scenario, as `check`), 3
 * without a terminal. */
int compare_cmd(int argc, char **argv);

/* Runs the split screen on two loaded scenarios until q; label[i] titles
 * side i (the file or NAME as given). Starts at step `step` (each side
 * clamped to its end). Returns the exit status. */
int compare_run(const struct scenario *const sc[2], const char *const label[2], bool mono, uint64_t step);

/* The compare screen's key table (dispatch and help), for tests. */
const struct binding *compare_bindings(size_t *n);

/* ---- the model and its view (compare_view.c) ------------------------------ */

enum { CMP_SIDE_BY_SIDE, CMP_STACKED };

struct cmp_side {
	struct app app;
	struct ui ui;          /* its grid's levels and scroll */
	struct view pane;      /* its pane: title, caption, last step, grid */
	const char *label;     /* the file or NAME as given */
};

struct cmp {
	struct cmp_side side[2];
	size_t pos;            /* shared position: side i is at min(pos, its total) */
	int order;             /* order of the indexes; -1 = each side's pageblock_order */
	struct ui ui;          /* status line, help, auto-run, speed, key table */
	int arrangement;       /* CMP_*, chosen by the last build */
};

/* Steps of the longer side: where the shared position ends. */
size_t cmp_total(const struct cmp *c);

/* Picks the arrangement that gives the grids the bigger cells at w x h
 * (side by side on a tie); for tests. */
int cmp_arrangement(const struct cmp *c, int w, int h);

/* Builds the compare screen into v (the panes are insets of v). */
void cmp_build(struct view *v, struct cmp *c, int w, int h, uint64_t now);

#endif
