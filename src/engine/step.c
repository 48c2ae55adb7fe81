/* Running scenario steps on a machine (scenario-format.md section 3), with
 * every random choice drawn as rng.md fixes it. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "step.h"

static const char *const step_words[] = {
#define X(e, word) word,
	STEP_KINDS(X)
#undef X
};

const char *step_kind_word(int kind)
{
	return kind >= 0 && kind < STEP_KIND_COUNT ? step_words[kind] : "?";
}

void step_clear(struct step *s)
{
	switch (s->kind) {
	case STEP_SAY:
		free(s->u.say);
		break;
	case STEP_FREE:
		free(s->u.free.indices);
		break;
	case STEP_REPEAT:
		for (size_t i = 0; i < s->u.repeat.nsteps; i++)
			step_clear(&s->u.repeat.steps[i]);
		free(s->u.repeat.steps);
		break;
	case STEP_EXPECT:
		free(s->u.expect.items);
		break;
	case STEP_QUIZ:
		free(s->u.quiz.ask);
		free(s->u.quiz.blocks);
		break;
	default:
		break;
	}
	memset(&s->u, 0, sizeof(s->u));
}

bool step_copy(struct step *dst, const struct step *src)
{
	*dst = *src;
	switch (src->kind) {
	case STEP_SAY:
		dst->u.say = src->u.say ? strdup(src->u.say) : NULL;
		return !src->u.say || dst->u.say;
	case STEP_FREE:
		if (!src->u.free.nindices) {
			dst->u.free.indices = NULL;
			return true;
		}
		dst->u.free.indices = malloc(src->u.free.nindices * sizeof(uint64_t));
		if (!dst->u.free.indices)
			return false;
		memcpy(dst->u.free.indices, src->u.free.indices, src->u.free.nindices * sizeof(uint64_t));
		return true;
	case STEP_REPEAT:
		dst->u.repeat.steps = calloc(src->u.repeat.nsteps ? src->u.repeat.nsteps : 1, sizeof(struct step));
		if (!dst->u.repeat.steps) {
			dst->u.repeat.nsteps = 0;
			return false;
		}
		for (size_t i = 0; i < src->u.repeat.nsteps; i++) {
			if (!step_copy(&dst->u.repeat.steps[i], &src->u.repeat.steps[i])) {
				dst->u.repeat.nsteps = i;
				return false;
			}
		}
		return true;
	case STEP_EXPECT:
		dst->u.expect.items = malloc((src->u.expect.nitems ? src->u.expect.nitems : 1) * sizeof(struct expect_item));
		if (!dst->u.expect.items) {
			dst->u.expect.nitems = 0;
			return false;
		}
		memcpy(dst->u.expect.items, src->u.expect.items, src->u.expect.nitems * sizeof(struct expect_item));
		return true;
	case STEP_QUIZ:
		dst->u.quiz.ask = NULL;
		dst->u.quiz.blocks = NULL;
		if (src->u.quiz.ask && !(dst->u.quiz.ask = strdup(src->u.quiz.ask))) {
			dst->u.quiz.nblocks = 0;
			return false;
		}
		if (src->u.quiz.nblocks) {
			dst->u.quiz.blocks = malloc(src->u.quiz.nblocks * sizeof(uint64_t));
			if (!dst->u.quiz.blocks) {
				dst->u.quiz.nblocks = 0;
				return false;
			}
			memcpy(dst->u.quiz.blocks, src->u.quiz.blocks, src->u.quiz.nblocks * sizeof(uint64_t));
		}
		return true;
	default:
		return true;
	}
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }
static uint64_t sat_mul(uint64_t a, uint64_t b) { return b && a > UINT64_MAX / b ? UINT64_MAX : a * b; }

uint64_t step_op_count(const struct step *s)
{
	switch (s->kind) {
	case STEP_ALLOC:
	case STEP_STEAL:
		return s->u.alloc.count;
	case STEP_WORKLOAD:
		return s->u.workload.ops;
	case STEP_REPEAT: {
		uint64_t inner = 0;
		for (size_t i = 0; i < s->u.repeat.nsteps; i++)
			inner = sat_add(inner, step_op_count(&s->u.repeat.steps[i]));
		return sat_mul(inner, s->u.repeat.times);
	}
	default:
		return 1;
	}
}

void step_result_clear(struct step_result *r)
{
	free(r->expect_failed);
	memset(r, 0, sizeof(*r));
}

static void expect_record(struct step_result *r, const struct expect_item *it, int64_t got)
{
	if (r->nexpect_failed == r->expect_cap) {
		size_t cap = r->expect_cap ? r->expect_cap * 2 : 8;
		struct expect_failure *f = realloc(r->expect_failed, cap * sizeof(*f));
		if (!f) {
			r->host_oom = true;
			return;
		}
		r->expect_failed = f;
		r->expect_cap = cap;
	}
	r->expect_failed[r->nexpect_failed++] = (struct expect_failure){ it, got };
}

static void count_status(struct step_result *r, enum machine_status st)
{
	if (st == MS_OK)
		r->allocs_ok++;
	else if (st == MS_OUT_OF_HOST_MEMORY)
		r->host_oom = true;
	else
		r->allocs_failed++;
}

/* step_run_progress(): true while the step goes on (no host OOM, not
 * cancelled); calls the progress callback every `every` operations. */
static inline bool going(struct step_result *r)
{
	if (r->host_oom || r->cancelled)
		return false;
	const struct step_progress *p = r->progress;
	if (p && r->done == r->tick_at) {
		/* A countdown, not done % every: no division per operation. */
		bool on = p->fn(p->ctx, r->done, r->total);
		r->tick_at = r->done + (p->every > 1 ? p->every : 1);   /* fn may change every */
		if (!on) {
			r->cancelled = true;
			return false;
		}
	}
	r->done++;
	return true;
}

/* going() for the workload's loop, the hottest: a host OOM can only come
 * from an allocation (the loop checks it there) and a cancel only from
 * the callback, so an operation costs one compare with tick_at. */
static inline bool going_workload(struct step_result *r)
{
	if (r->done == r->tick_at && r->progress)
		return going(r);
	r->done++;
	return true;
}

static void run_alloc(struct machine *m, const struct step_alloc *a, bool steal, struct step_result *r)
{
	struct alloc_request rq = {
		.type = a->type, .order = a->order, .zone = a->zone, .steal_from = a->from,
		.flags = steal ? 0 : a->flags,
		.tag = machine_tag(m, a->tag[0] ? a->tag : "_"),
	};
	if (rq.tag == NIL) {
		r->host_oom = true;
		return;
	}
	for (uint64_t i = 0; i < a->count && going(r); i++)
		count_status(r, steal ? machine_steal(m, &rq, NULL) : machine_alloc(m, &rq, NULL));
}

static void note_nothing(struct machine *m, uint32_t tag)
{
	struct event *ev = ev_new(m, EV_FREE_NOTHING);
	ev->tag = tag;
	ev_commit(m, ev);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void run_free(struct machine *m, const struct step_free *f, struct step_result *r)
{
	if (f->sel == SEL_PFN) {
		if (machine_free_pfn(m, f->pfn) == MS_OK) {
			r->frees++;
		} else {
			/* Say which pfn: outside the machine, or no allocation there. */
			uint32_t idx;
			struct event *ev = ev_new(m, EV_FREE_NOTHING);
			ev->tag = NIL;
			ev->pfn = f->pfn;
			ev->flag = 1;
			ev->b = pfn_to_idx(m, f->pfn, &idx);
			ev_commit(m, ev);
		}
		return;
	}
	uint32_t tag = machine_tag(m, f->tag);
	if (tag == NIL) {
		r->host_oom = true;
		return;
	}
	uint64_t before = r->frees;
	if (f->sel == SEL_INDEX) {
		uint64_t *ix = malloc((f->nindices ? f->nindices : 1) * sizeof(*ix));
		if (!ix) {
			r->host_oom = true;
			return;
		}
		memcpy(ix, f->indices, f->nindices * sizeof(*ix));
		qsort(ix, f->nindices, sizeof(*ix), cmp_u64);
		if (m->step_depth == 1 && r->progress)
			r->total = f->nindices;
		for (size_t i = 0; i < f->nindices && going(r); i++)
			if ((i == 0 || ix[i] != ix[i - 1]) && machine_free_index(m, tag, ix[i]) == MS_OK)
				r->frees++;
		free(ix);
	} else {
		/* The other selectors choose among the live allocations in
		 * ascending index order; the chosen ones are then freed in
		 * that order. */
		uint64_t n, ns = 0;
		bool oom;
		uint64_t *live = tag_live_indices(m, tag, &n, &oom);
		if (oom) {
			r->host_oom = true;
			return;
		}
		uint64_t first = 0, last = n;   /* SEL_FIRST / SEL_LAST window */
		if (f->sel == SEL_FIRST && f->n < n)
			last = f->n;
		if (f->sel == SEL_LAST && f->n < n)
			first = n - f->n;
		for (uint64_t k = first; k < last; k++) {
			bool take = true;
			if (f->sel == SEL_EVERY)
				take = live[k] % f->every == f->offset;
			else if (f->sel == SEL_RANDOM)   /* one draw per live one (rng.md) */
				take = rng_double(m) < f->p;
			if (take)
				live[ns++] = live[k];
		}
		if (m->step_depth == 1 && r->progress)
			r->total = ns;
		for (uint64_t k = 0; k < ns && going(r); k++)
			if (machine_free_index(m, tag, live[k]) == MS_OK)
				r->frees++;
		free(live);
	}
	if (r->frees == before)
		note_nothing(m, tag);
}

/* A draw v gives u = rng_unit(v) = n * 2^-53 exactly, n = v >> 11. As
 * fl(n * 2^-53 * scale) never decreases with n, "fl(u * scale) < limit"
 * holds exactly for the n below a bound: found once per step by halving,
 * with the very same arithmetic, so each draw is then one integer
 * compare instead of a conversion and a product (same choices, bit for
 * bit). */
static uint64_t draws_below(double scale, double limit)
{
	uint64_t lo = 0, hi = 1ull << 53;   /* the bound lies in [lo, hi] */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if ((double)mid * 0x1.0p-53 * scale < limit)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* weighted() of rng.md, its sums done once per step: the same IEEE
 * additions in the same order as the per-draw loop would do, so the same
 * choice for every u; `below[i]` turns "x < cum[i]" (x = u * total) into
 * n < below[i]. Only the positive weights count, `key` their indices. */
struct wtable {
	int n;                          /* positive weights */
	int key[NR_ORDERS_LIMIT];
	uint64_t below[NR_ORDERS_LIMIT];
};

static void wtable_init(struct wtable *t, const double *w, int n)
{
	double c = 0.0, total = 0.0;
	t->n = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	for (int i = 0; i < n; i++) {
		if (w[i] <= 0)
			continue;
		c += w[i];
		t->key[t->n] = i;
		t->below[t->n++] = draws_below(total, c);
	}
}

/* The choice for the draw rng_mix(state) (one next_u64(), not worked out
 * when a single key leaves no choice): the first key whose running sum x
 * is below, found by counting the sums x is not below; the last key when
 * there is none (rounding). No data-dependent branch: the mix is random
 * by design. */
static int weighted(const struct wtable *t, uint64_t state)
{
	if (t->n <= 1)
		return t->n ? t->key[0] : -1;
	uint64_t x = rng_mix(state) >> 11;
	int j = 0;
	for (int i = 0; i < t->n - 1; i++)
		j += x >= t->below[i];
	return t->key[j];
}

/* The workload is the generator's only user while it runs (rng.md), and
 * a draw needs only the state: the loop keeps the state in a register and
 * works out the next operation's first draw before this operation's free
 * or allocation runs, so the free-or-allocate branch (random by design:
 * it mispredicts half the time) is decided as soon as it is reached.
 * m->rng is current before every call out of the loop. */
static void run_workload(struct machine *m, const struct step_workload *w, struct step_result *r)
{
	uint32_t tag = machine_tag(m, w->tag);
	if (tag == NIL) {
		r->host_oom = true;
		return;
	}
	if (r->host_oom || r->cancelled)
		return;
	struct wtable mix, orders;
	wtable_init(&mix, w->mix, MT_PCPTYPES);
	wtable_init(&orders, w->orders, m->max_order + 1);
	/* Every request this step can make passes machine_alloc()'s check
	 * when there is a type and an order to choose (the keys are in range
	 * by construction): check nothing per operation then. */
	bool checked = mix.n > 0 && orders.n > 0;
	int zp = preferred_zone(m, -1);
	uint64_t s = m->rng, free_below = draws_below(1.0, w->free_ratio);
	uint64_t u = rng_mix(s + RNG_GAMMA) >> 11, next;   /* u * 2^-53 < free_ratio: u < free_below */
	for (uint64_t op = 0; op < w->ops && going_workload(r); op++, u = next) {
		uint64_t live = m->tags[tag].nlive;
		if (u < free_below && live > 0) {
			uint64_t k = rng_mix(s + 2 * RNG_GAMMA) % live;
			m->rng = s += 2 * RNG_GAMMA;
			next = rng_mix(s + RNG_GAMMA) >> 11;
			free_alloc_rec(m, tag, tag_kth_live_pos(m, tag, k));
			r->frees++;
			continue;
		}
		struct alloc_request rq = { .zone = -1, .tag = tag, .steal_from = -1 };
		rq.type = weighted(&mix, s + 2 * RNG_GAMMA);
		rq.order = weighted(&orders, s + 3 * RNG_GAMMA);
		m->rng = s += 3 * RNG_GAMMA;
		next = rng_mix(s + RNG_GAMMA) >> 11;
		count_status(r, checked ? alloc_pages_checked(m, &rq, zp, NULL) : machine_alloc(m, &rq, NULL));
		if (r->host_oom)
			break;
	}
}

/* compact: machine_compact()'s begin and steps, one progress point per
 * engine step (the same calls in the same order, so the same result). */
static void run_compact(struct machine *m, const struct step_compact *c, struct step_result *r)
{
	struct compact_request rq = { c->order, c->mode, c->zone, c->max_migrate };
	if (machine_compact_running(m))
		machine_compact_abort(m);
	if (machine_compact_begin(m, &rq) != MS_OK)
		return;
	if (m->step_depth == 1 && r->progress)
		r->total = 0;    /* not known ahead: the progress shows steps done */
	/* substeps > 0: a stepped compaction's first engine steps only, the
	 * compaction left running (the TUI's C). */
	for (uint64_t i = 0; (!c->substeps || i < c->substeps) && going(r) && machine_compact_step(m); i++)
		;
	if (r->cancelled)
		machine_compact_abort(m);    /* the caller restores the state */
}

/* reclaim: machine_reclaim() in slices of at most 64 pages. The queue is
 * taken oldest first and each slice starts where the last one stopped, so
 * the pages freed and the one event are those of a single call. */
static void run_reclaim(struct machine *m, uint64_t pages, struct step_result *r)
{
	uint64_t freed = 0;
	if (m->step_depth == 1 && r->progress)
		r->total = pages / 64 + 1;
	while (freed < pages && going(r)) {
		uint64_t want = pages - freed < 64 ? pages - freed : 64;
		uint64_t got = reclaim_pages(m, want, -1, -1);
		freed += got;
		if (got < want)
			break;    /* the queue ran dry */
	}
	if (!r->cancelled)
		reclaim_note(m, freed, pages);
}

static bool tick_going(void *ctx) { return going(ctx); }

/* isolate / unisolate: the engine asks between blocks (eng_tick()). */
static void with_ticks(struct machine *m, struct step_result *r, bool on, uint64_t first, uint64_t last)
{
	if (!r->progress)
		return;
	if (on && m->step_depth == 1)
		r->total = last - first + 1;
	m->tick = on ? tick_going : NULL;
	m->tick_ctx = on ? r : NULL;
}

static void step_run_inner(struct machine *m, const struct step *s, struct step_result *r)
{
	switch (s->kind) {
	case STEP_ALLOC:
		run_alloc(m, &s->u.alloc, false, r);
		break;
	case STEP_STEAL:
		run_alloc(m, &s->u.alloc, true, r);
		break;
	case STEP_FREE:
		run_free(m, &s->u.free, r);
		break;
	case STEP_WORKLOAD:
		run_workload(m, &s->u.workload, r);
		break;
	case STEP_REPEAT:
		for (uint64_t t = 0; t < s->u.repeat.times && !r->host_oom && !r->cancelled; t++)
			for (size_t i = 0; i < s->u.repeat.nsteps && !r->cancelled; i++) {
				const struct step *in = &s->u.repeat.steps[i];
				/* Counts and workloads tick per operation inside. */
				if (in->kind != STEP_ALLOC && in->kind != STEP_STEAL && in->kind != STEP_WORKLOAD &&
				    r->progress && !going(r))
					break;
				step_run(m, in, r);
			}
		break;
	case STEP_COMPACT:
		run_compact(m, &s->u.compact, r);
		break;
	case STEP_ISOLATE:
		with_ticks(m, r, true, s->u.isolate.first, s->u.isolate.last);
		if (machine_isolate(m, s->u.isolate.first, s->u.isolate.last) == MS_BUSY && !r->cancelled)
			r->isolate_refused++;
		with_ticks(m, r, false, 0, 0);
		break;
	case STEP_UNISOLATE:
		with_ticks(m, r, true, s->u.isolate.first, s->u.isolate.last);
		machine_unisolate(m, s->u.isolate.first, s->u.isolate.last);
		with_ticks(m, r, false, 0, 0);
		break;
	case STEP_RECLAIM:
		run_reclaim(m, s->u.reclaim_pages, r);
		break;
	case STEP_EXPECT: {
		struct machine_stats st;
		machine_stats(m, &st);
		for (size_t i = 0; i < s->u.expect.nitems; i++) {
			const struct expect_item *it = &s->u.expect.items[i];
			if (st.v[it->key] != it->value)
				expect_record(r, it, st.v[it->key]);
		}
		break;
	}
	default: /* say, pause, quiz: no state change */
		break;
	}
}

void step_run(struct machine *m, const struct step *s, struct step_result *r)
{
	/* kswapd and kcompactd run at the end of the top-level step. */
	m->step_depth++;
	step_run_inner(m, s, r);
	if (--m->step_depth == 0)
		machine_end_step(m);
}

void step_run_progress(struct machine *m, const struct step *s, struct step_result *r, const struct step_progress *p)
{
	r->progress = p && p->fn ? p : NULL;
	r->done = r->tick_at = 0;
	r->total = step_op_count(s);
	r->cancelled = false;
	step_run(m, s, r);
	r->progress = NULL;
}
