/* Sessions: the timeline of steps, checkpoints and deterministic replay.
 *
 * A checkpoint (a machine_clone) is taken after a step once the work done
 * since the previous one, measured in engine events (one per allocation,
 * free, claim, ...), reaches CP_INTERVAL. Any earlier state is then at
 * most CP_INTERVAL events (half a million) of replay away from a checkpoint: with the
 * engine's speed that bounds a step back well under a quarter second.
 * The boot state needs no checkpoint: machine_create() rebuilds it, except
 * on big machines (tables of BOOT_CP_MIN bytes or more: a TiB and up),
 * where building them anew costs more than a quarter second on a busy
 * host while restoring a copy of the boot state in place costs a copy of
 * what changed since: the session keeps that one copy, outside the budget.
 *
 * Undo memory is bounded by the boot copy (big machines only, the size of
 * the machine's own tables) plus at most CP_MAX checkpoints and CP_BUDGET
 * bytes (docs/user-guide.md, "Undo memory").
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "session.h"

#define CP_INTERVAL (1u << 19)
#define CP_MAX 64
#define CP_BUDGET ((size_t)3 << 30)
#define BOOT_CP_MIN ((size_t)16 << 20)

struct checkpoint {
	size_t pos;
	struct machine *snap;
	size_t bytes;
	uint64_t ev_begin, ev_end;   /* events of the step that ended here */
};

struct session {
	struct machine_config cfg;
	struct machine *m;
	struct step *steps;
	size_t nsteps, cap;
	size_t pos;
	bool undo;
	struct machine *boot;        /* the boot state (big machines), or NULL */
	size_t boot_bytes;
	struct checkpoint cps[CP_MAX];
	size_t ncps;
	size_t cp_bytes;
	uint64_t work_since_cp;
	uint64_t cp_interval;
	size_t cp_budget;
	uint64_t ev_begin, ev_end;
	struct step_result last;
};

static bool reserve(struct session *s, size_t n)
{
	if (n <= s->cap)
		return true;
	size_t cap = s->cap ? s->cap * 2 : 16;
	while (cap < n)
		cap *= 2;
	struct step *st = realloc(s->steps, cap * sizeof(*st));
	if (!st)
		return false;
	s->steps = st;
	s->cap = cap;
	return true;
}

struct session *session_create(const struct machine_config *cfg, const struct step *steps, size_t nsteps, bool undo)
{
	struct session *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	s->undo = undo;
	s->cp_interval = CP_INTERVAL;
	s->cp_budget = CP_BUDGET;
	s->m = machine_create(cfg);
	if (!s->m || !reserve(s, nsteps + 1)) {
		session_destroy(s);
		return NULL;
	}
	if (undo && machine_footprint(s->m) >= BOOT_CP_MIN) {
		s->boot = machine_checkpoint(s->m);   /* NULL: rebuilt instead */
		s->boot_bytes = s->boot ? machine_footprint(s->m) : 0;
	}
	for (size_t i = 0; i < nsteps; i++) {
		if (!step_copy(&s->steps[i], &steps[i])) {
			s->nsteps = i + 1;
			session_destroy(s);
			return NULL;
		}
		s->nsteps = i + 1;
	}
	return s;
}

static void drop_checkpoints_after(struct session *s, size_t pos)
{
	while (s->ncps && s->cps[s->ncps - 1].pos > pos) {
		struct checkpoint *c = &s->cps[--s->ncps];
		s->cp_bytes -= c->bytes;
		machine_destroy(c->snap);
	}
}

void session_destroy(struct session *s)
{
	if (!s)
		return;
	drop_checkpoints_after(s, 0);
	machine_destroy(s->boot);
	for (size_t i = 0; i < s->nsteps; i++)
		step_clear(&s->steps[i]);
	free(s->steps);
	step_result_clear(&s->last);
	machine_destroy(s->m);
	free(s);
}

struct machine *session_machine(struct session *s) { return s->m; }
size_t session_pos(const struct session *s) { return s->pos; }
size_t session_total(const struct session *s) { return s->nsteps; }
const struct step *session_step(const struct session *s, size_t i) { return i < s->nsteps ? &s->steps[i] : NULL; }
const struct step_result *session_last_result(const struct session *s) { return &s->last; }
size_t session_checkpoint_bytes(const struct session *s) { return s->cp_bytes + s->boot_bytes; }
size_t session_checkpoint_count(const struct session *s) { return s->ncps + (s->boot != NULL); }
void session_set_checkpoint_interval(struct session *s, uint64_t events) { s->cp_interval = events ? events : 1; }
void session_set_checkpoint_budget(struct session *s, size_t bytes) { s->cp_budget = bytes; }

void session_last_events(const struct session *s, uint64_t *begin, uint64_t *end)
{
	*begin = s->ev_begin;
	*end = s->ev_end;
}

/* Keeps every other checkpoint (the newest always stays) when over budget. */
static void thin_checkpoints(struct session *s)
{
	size_t keep = 0;
	for (size_t i = 0; i < s->ncps; i++) {
		bool last = i == s->ncps - 1;
		if (i % 2 == 1 || last) {
			s->cps[keep++] = s->cps[i];
		} else {
			s->cp_bytes -= s->cps[i].bytes;
			machine_destroy(s->cps[i].snap);
		}
	}
	s->ncps = keep;
}

static void maybe_checkpoint(struct session *s)
{
	if (!s->undo || s->work_since_cp < s->cp_interval)
		return;
	/* Going forward again over kept checkpoints: they still hold. */
	if (s->ncps && s->cps[s->ncps - 1].pos >= s->pos)
		return;
	size_t bytes = machine_footprint(s->m);
	/* Thinning keeps the newest, so it only makes progress from two on. */
	while (s->ncps >= 2 && (s->ncps == CP_MAX || s->cp_bytes + bytes > s->cp_budget))
		thin_checkpoints(s);
	if (s->ncps == CP_MAX || s->cp_bytes + bytes > s->cp_budget)
		return; /* over budget: undo replays from an earlier point */
	struct machine *snap = machine_checkpoint(s->m);
	if (!snap)
		return; /* undo still works, only slower */
	s->cps[s->ncps++] = (struct checkpoint){ s->pos, snap, bytes, s->ev_begin, s->ev_end };
	s->cp_bytes += bytes;
	s->work_since_cp = 0;
}

static bool stepped_compact(const struct step *st)
{
	return st->kind == STEP_COMPACT && st->u.compact.substeps > 0;
}

/* A stepped compaction (substeps N): begin and N engine steps; the last
 * step's events are the ones the screen shows, as when it was stepped. */
static void run_stepped(struct session *s, const struct step_compact *c)
{
	struct compact_request rq = { c->order, c->mode, c->zone, c->max_migrate };
	uint64_t seq0 = machine_event_seq(s->m);
	s->ev_begin = seq0;
	if (machine_compact_running(s->m))
		machine_compact_abort(s->m);
	if (machine_compact_begin(s->m, &rq) == MS_OK)
		for (uint64_t i = 0; i < c->substeps; i++) {
			s->ev_begin = machine_event_seq(s->m);
			if (!machine_compact_step(s->m))
				break;
		}
	if (c->substeps == 1)
		s->ev_begin = seq0;
	s->ev_end = machine_event_seq(s->m);
	s->work_since_cp += s->ev_end - seq0 + 1;
}

/* Runs timeline step s->pos; records its events and result. */
static void run_one(struct session *s)
{
	step_result_clear(&s->last);
	if (stepped_compact(&s->steps[s->pos])) {
		run_stepped(s, &s->steps[s->pos].u.compact);
		s->pos++;
		return;
	}
	s->ev_begin = machine_event_seq(s->m);
	step_run(s->m, &s->steps[s->pos], &s->last);
	s->ev_end = machine_event_seq(s->m);
	s->work_since_cp += s->ev_end - s->ev_begin + 1;
	s->pos++;
}

bool session_forward(struct session *s)
{
	if (s->pos >= s->nsteps)
		return false;
	run_one(s);
	maybe_checkpoint(s);
	return true;
}

bool session_forward_progress(struct session *s, const struct step_progress *p, bool *cancelled)
{
	*cancelled = false;
	if (s->pos >= s->nsteps)
		return false;
	size_t before = s->pos;
	step_result_clear(&s->last);
	s->ev_begin = machine_event_seq(s->m);
	step_run_progress(s->m, &s->steps[s->pos], &s->last, p);
	s->ev_end = machine_event_seq(s->m);
	s->work_since_cp += s->ev_end - s->ev_begin + 1;
	s->pos++;
	if (s->last.cancelled) {
		/* Back to the state before the step: the newest checkpoint at
		 * or before it, then replay (no checkpoint was taken after). */
		*cancelled = true;
		session_goto(s, before);
		return false;
	}
	maybe_checkpoint(s);
	return true;
}

bool session_insert(struct session *s, const struct step *st)
{
	if (!reserve(s, s->nsteps + 1))
		return false;
	struct step copy;
	if (!step_copy(&copy, st)) {
		step_clear(&copy);
		return false;
	}
	/* The timeline after pos changes: later checkpoints are stale. */
	drop_checkpoints_after(s, s->pos);
	memmove(&s->steps[s->pos + 1], &s->steps[s->pos], (s->nsteps - s->pos) * sizeof(*s->steps));
	s->steps[s->pos] = copy;
	s->nsteps++;
	return session_forward(s);
}

bool session_insert_progress(struct session *s, const struct step *st, const struct step_progress *p, bool *cancelled)
{
	*cancelled = false;
	if (!reserve(s, s->nsteps + 1))
		return false;
	struct step copy;
	if (!step_copy(&copy, st)) {
		step_clear(&copy);
		return false;
	}
	drop_checkpoints_after(s, s->pos);
	size_t at = s->pos;
	memmove(&s->steps[at + 1], &s->steps[at], (s->nsteps - at) * sizeof(*s->steps));
	s->steps[at] = copy;
	s->nsteps++;
	if (session_forward_progress(s, p, cancelled))
		return true;
	if (*cancelled) {
		/* The hand-made step leaves the timeline again. */
		step_clear(&s->steps[at]);
		memmove(&s->steps[at], &s->steps[at + 1], (s->nsteps - at - 1) * sizeof(*s->steps));
		s->nsteps--;
	}
	return false;
}

bool session_goto(struct session *s, size_t k)
{
	if (k > s->nsteps)
		k = s->nsteps;
	if (k == s->pos)
		return true;
	if (k > s->pos) {
		while (s->pos < k)
			session_forward(s);
		return true;
	}
	/* Back: restore the newest checkpoint at or before k, then replay. */
	size_t c = s->ncps;
	while (c > 0 && s->cps[c - 1].pos > k)
		c--;
	if (c > 0) {
		const struct checkpoint *cp = &s->cps[c - 1];
		if (!machine_restore(s->m, cp->snap))
			return false;
		s->pos = cp->pos;
		s->ev_begin = cp->ev_begin;
		s->ev_end = cp->ev_end;
	} else if (s->boot && machine_restore(s->m, s->boot)) {
		s->pos = 0;
		s->ev_begin = s->ev_end = 0;
	} else {
		struct machine *fresh = machine_create(&s->cfg);
		if (!fresh)
			return false;
		/* Swap contents so callers' machine pointer stays valid. */
		struct machine tmp = *s->m;
		*s->m = *fresh;
		*fresh = tmp;
		s->m->hook = tmp.hook;
		s->m->hook_ctx = tmp.hook_ctx;
		s->m->id_seq = tmp.id_seq;   /* checkpoint ids stay unique */
		machine_destroy(fresh);
		s->pos = 0;
		s->ev_begin = s->ev_end = 0;
	}
	step_result_clear(&s->last);
	s->work_since_cp = 0;
	while (s->pos < k)
		run_one(s);
	return true;
}

bool session_compact_stepping(const struct session *s)
{
	return s->pos > 0 && stepped_compact(&s->steps[s->pos - 1]) && machine_compact_running(s->m);
}

bool session_compact_more(struct session *s)
{
	if (!session_compact_stepping(s))
		return false;
	/* The step changes: a checkpoint taken after it no longer holds. */
	drop_checkpoints_after(s, s->pos - 1);
	s->steps[s->pos - 1].u.compact.substeps++;
	step_result_clear(&s->last);
	s->ev_begin = machine_event_seq(s->m);
	machine_compact_step(s->m);
	s->ev_end = machine_event_seq(s->m);
	s->work_since_cp += s->ev_end - s->ev_begin + 1;
	maybe_checkpoint(s);
	return true;
}

bool session_compact_less(struct session *s)
{
	if (s->pos == 0 || !stepped_compact(&s->steps[s->pos - 1]) || s->steps[s->pos - 1].u.compact.substeps <= 1)
		return false;
	size_t pos = s->pos;
	drop_checkpoints_after(s, pos - 1);
	s->steps[pos - 1].u.compact.substeps--;
	if (!session_goto(s, pos - 1))
		return false;
	return session_goto(s, pos);
}

bool session_compact_finish(struct session *s)
{
	if (!session_compact_stepping(s))
		return false;
	drop_checkpoints_after(s, s->pos - 1);
	s->steps[s->pos - 1].u.compact.substeps = 0;
	uint64_t seq = machine_event_seq(s->m);
	while (machine_compact_step(s->m))
		;
	s->ev_end = machine_event_seq(s->m);
	s->work_since_cp += s->ev_end - seq + 1;
	maybe_checkpoint(s);
	return true;
}

bool session_back(struct session *s)
{
	if (s->pos == 0)
		return false;
	return session_goto(s, s->pos - 1);
}
