/* `buddyviz run`'s progress line and its Ctrl-C (docs/user-guide.md,
 * "Long runs: the progress line and Ctrl-C").
 *
 * Runs the top-level steps through step_run_progress() so that SIGINT,
 * SIGTERM and SIGHUP stop a step between two operations (the machine is
 * then at a consistent point: no operation is half done). When stderr is a
 * terminal and the run has lasted a second, one line on stderr says how far
 * it is (step K/N, the step's operations done / total, operations per
 * second, time left), redrawn in place with \r at most five times a second,
 * never wider than the terminal, and blanked before anything else is
 * written to the terminal and at the end. When stderr is not a terminal it
 * prints nothing, nor when the run is not the terminal's foreground job.
 * A second signal while the first is being handled ends
 * the process at once (the line blanked first).
 */
#ifndef BUDDYVIZ_PROGRESS_H
#define BUDDYVIZ_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/machine.h"
#include "engine/step.h"

struct run_progress {
	const struct step *steps;
	size_t nsteps;             /* top-level steps this run runs */
	size_t cur;                /* 0-based step running (or next) */
	uint64_t done, total;      /* the running step's operations */
	uint64_t ops_before;       /* operations of the steps finished */
	uint64_t *ops_after;       /* [i]: step_op_count() of steps i+1.. */
	bool draw;                 /* stderr is a terminal we may draw on */
	size_t drawn;              /* columns of the line on screen, 0 = none */
	size_t steps_done;
	bool stopped_in_step;      /* a signal stopped step cur mid-way */
	double t0, step_t0, last_tick, last_draw;
	struct step_progress sp;
};

/* Starts a run of steps[0..nsteps): installs the signal handlers. draw:
 * whether the line may be shown (the caller passes false when stdout is
 * the same terminal and --trace writes to it). False if out of memory. */
bool run_progress_begin(struct run_progress *rp, const struct step *steps, size_t nsteps, bool draw);
/* Runs step i (step_run_progress); false when a signal stopped the run,
 * in the step or before it (r->cancelled tells which). */
bool run_progress_step(struct run_progress *rp, struct machine *m, size_t i, struct step_result *r);
/* Blanks the line before other output to stderr; the next tick redraws. */
void run_progress_clear(struct run_progress *rp);
/* Blanks the line, restores the signal dispositions; returns the signal
 * that stopped the run, 0 if none. */
int run_progress_end(struct run_progress *rp);
/* After a signal: "interrupted at step K of N (KIND: D of T operations
 * done)" or "interrupted after step K of N" into buf. */
void run_progress_where(const struct run_progress *rp, char *buf, size_t n);
/* 1,234,567 into buf (thousands separated by commas). */
const char *run_progress_count(uint64_t v, char *buf, size_t n);

#endif
