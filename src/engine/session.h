/* A session: a machine, a timeline of steps, and undo.
 *
 * The timeline is the scenario's steps plus any hand-made steps inserted at
 * the current position. The first session_pos() steps have run. Going back
 * restores the nearest checkpoint at or before the target and replays the
 * steps after it (everything is deterministic, the generator included), so
 * any earlier state can be reached. Checkpoints are taken only when the
 * session was created with undo on; `buddyviz run` creates none.
 */
#ifndef BUDDYVIZ_SESSION_H
#define BUDDYVIZ_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "step.h"

struct session;

/* Copies the steps. NULL if the host is out of memory or cfg is invalid. */
struct session *session_create(const struct machine_config *cfg,
			       const struct step *steps, size_t nsteps, bool undo);
void session_destroy(struct session *s);

struct machine *session_machine(struct session *s);
size_t session_pos(const struct session *s);     /* steps run so far */
size_t session_total(const struct session *s);   /* steps in the timeline */
const struct step *session_step(const struct session *s, size_t i);
/* Event sequence numbers of the last step run: [begin, end). */
void session_last_events(const struct session *s, uint64_t *begin, uint64_t *end);
/* Result of the last step run (valid until the next call that moves). */
const struct step_result *session_last_result(const struct session *s);

/* Runs the next timeline step; false at the end. */
bool session_forward(struct session *s);
/* Inserts a hand-made step at the current position and runs it; false if
 * the host is out of memory. */
bool session_insert(struct session *s, const struct step *st);
/* The same with a progress callback (step_run_progress()): when the
 * callback cancels, the machine is restored to the state before the step
 * (and an inserted step leaves the timeline); false with *cancelled. */
bool session_forward_progress(struct session *s, const struct step_progress *p, bool *cancelled);
bool session_insert_progress(struct session *s, const struct step *st, const struct step_progress *p, bool *cancelled);
/* Undoes the last step run; false at the start. */
bool session_back(struct session *s);
/* Moves to exactly k steps run (0 = boot state). */
bool session_goto(struct session *s, size_t k);

/* Compaction one engine step at a time (the TUI's step mode). The step
 * before the current position is then a `compact` step with substeps = N
 * (machine_compact_begin() and N machine_compact_step() calls): replaying
 * it is deterministic like any step, so undo and checkpoints hold.
 * session_compact_stepping: that step is there and its compaction still
 * runs. session_compact_more: one more engine step (substeps + 1; its
 * events become the last step's events). session_compact_less: one engine
 * step back (substeps - 1, replayed from the nearest checkpoint); false
 * when substeps <= 1 (then session_back() undoes the whole step).
 * session_compact_finish: runs a stepped compaction to its end (the step
 * becomes a whole `compact`, substeps 0). */
bool session_compact_stepping(const struct session *s);
bool session_compact_more(struct session *s);
bool session_compact_less(struct session *s);
bool session_compact_finish(struct session *s);

/* Work (engine events) between checkpoints; the default keeps replay
 * under a quarter second. Small values are for tests. */
void session_set_checkpoint_interval(struct session *s, uint64_t events);
/* Host memory checkpoints may hold (default 3 GiB); older ones are thinned
 * out past it. Small values are for tests. */
void session_set_checkpoint_budget(struct session *s, size_t bytes);

/* Host memory held by checkpoints, and how many (tests and the bench). */
size_t session_checkpoint_bytes(const struct session *s);
size_t session_checkpoint_count(const struct session *s);

#endif
