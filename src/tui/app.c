/* The TUI's model (app.h): session moves, per-block diffs, history. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "scenario/scenario.h"

static void snap_block(const struct machine *m, uint64_t b, struct block_snap *out)
{
	struct block_info bi;
	machine_block_info(m, b, &bi);
	out->type = (uint8_t)bi.type;
	out->mixed = bi.mixed;
	out->free = bi.free;
	for (int t = 0; t < MT_PCPTYPES; t++)
		out->alloc[t] = bi.alloc[t];
	out->pcp = bi.pcp;
}

static bool snap_equal(const struct block_snap *x, const struct block_snap *y)
{
	return x->type == y->type && x->mixed == y->mixed && x->free == y->free && x->pcp == y->pcp &&
	       memcmp(x->alloc, y->alloc, sizeof(x->alloc)) == 0;
}

int app_zone_of_block(const struct app *a, uint64_t block)
{
	for (int z = a->nzones - 1; z > 0; z--)
		if (block >= a->zones[z].first_block)
			return z;
	return 0;
}

/* Reads every counter of the panel; block counts come from the snapshot. */
static void read_counters(struct app *a, struct counters *c)
{
	memset(c, 0, sizeof(*c));
	int maxo = a->cfg->max_order;
	for (int z = 0; z < a->nzones; z++) {
		for (int o = 0; o <= maxo; o++) {
			c->nr_free[z][o] = machine_nr_free(a->m, z, o);
			for (int t = 0; t < MT_COUNT; t++)
				c->list[z][o][t] = machine_list_count(a->m, z, o, t);
		}
		for (uint64_t b = a->zones[z].first_block; b < a->zones[z].first_block + a->zones[z].nblocks; b++)
			c->blocks[z][a->snap[b].type]++;
	}
	machine_stats(a->m, &c->st);
}

static const char *find_caption(struct app *a)
{
	a->caption_step = 0;
	for (size_t i = session_pos(a->s); i > 0; i--) {
		const struct step *st = session_step(a->s, i - 1);
		if (st->kind == STEP_SAY) {
			a->caption_step = i;
			return st->u.say;
		}
	}
	return NULL;
}

static bool quiet_step(const struct step *st)
{
	return st->kind == STEP_SAY || st->kind == STEP_PAUSE || st->kind == STEP_EXPECT || st->kind == STEP_QUIZ;
}

/* Remembers the events of the step just run (timeline index pos-1). */
static void record_range(struct app *a)
{
	size_t pos = session_pos(a->s);
	if (pos > a->nranges) {
		size_t n = a->nranges ? a->nranges : 64;
		while (n < pos)
			n *= 2;
		struct ev_range *r = realloc(a->ranges, n * sizeof(*r));
		if (!r)
			return;
		memset(r + a->nranges, 0, (n - a->nranges) * sizeof(*r));
		a->ranges = r;
		a->nranges = n;
	}
	struct ev_range *r = &a->ranges[pos - 1];
	session_last_events(a->s, &r->begin, &r->end);
	const struct step_result *res = session_last_result(a->s);
	const int64_t *c = a->cur.st.v, *p = a->prev.st.v;
	r->counts = (struct step_counts){
		.allocs = res->allocs_ok,
		.failed = res->allocs_failed,
		.frees = res->frees,
		.claims = (uint64_t)(c[STAT_CLAIM_EVENTS] - p[STAT_CLAIM_EVENTS]),
		.steals = (uint64_t)(c[STAT_STEAL_EVENTS] - p[STAT_STEAL_EVENTS]),
		.valid = true,
	};
}

static void summarize(struct app *a)
{
	struct step_summary *s = &a->sum;
	memset(s, 0, sizeof(*s));
	size_t j = session_pos(a->s);
	while (j > 0 && quiet_step(session_step(a->s, j - 1)))
		j--;
	if (j == 0)
		return;
	s->step = j;
	if (j - 1 < a->nranges && a->ranges[j - 1].counts.valid) {
		s->begin = a->ranges[j - 1].begin;
		s->end = a->ranges[j - 1].end;
		s->counts = a->ranges[j - 1].counts;
	} else if (j == session_pos(a->s)) {
		session_last_events(a->s, &s->begin, &s->end);
	}
	s->first_kept = s->end;
	for (uint64_t q = s->end; q > s->begin; q--) {
		const struct event *ev = machine_event(a->m, q - 1);
		if (!ev)
			break;
		s->first_kept = q - 1;
		if (ev->kind < EV_KIND_COUNT)
			s->kinds[ev->kind]++;
	}
}

static bool hist_push(struct app *a, uint64_t block, uint64_t step, int from, int to)
{
	if (a->nhist == a->hcap) {
		size_t cap = a->hcap ? a->hcap * 2 : 64;
		struct type_change *h = realloc(a->hist, cap * sizeof(*h));
		if (!h)
			return false;
		a->hist = h;
		a->hcap = cap;
	}
	a->hist[a->nhist++] = (struct type_change){ block, step, (uint8_t)from, (uint8_t)to };
	return true;
}

/* fill_contig_page_info() over one zone's nr_free[], then
 * __fragmentation_index() / unusable_free_index() (mm/vmstat.c), x1000. */
static void zone_contig(const struct counters *c, int z, int maxo, int k, uint64_t *total, uint64_t *pages,
			uint64_t *suitable)
{
	*total = *pages = *suitable = 0;
	for (int o = 0; o <= maxo; o++) {
		uint64_t n = c->nr_free[z][o];
		*total += n;
		*pages += n << o;
		if (o >= k)
			*suitable += n << (o - k);
	}
}

int zone_extfrag_index(const struct counters *c, int z, int maxo, int k)
{
	uint64_t total, pages, suitable;
	zone_contig(c, z, maxo, k, &total, &pages, &suitable);
	if (total == 0)
		return 0;
	if (suitable > 0)
		return -1000;
	return (int)(1000 - (1000 + pages * 1000 / (1ull << k)) / total);
}

int zone_unusable_index(const struct counters *c, int z, int maxo, int k)
{
	uint64_t total, pages, suitable;
	zone_contig(c, z, maxo, k, &total, &pages, &suitable);
	if (pages == 0)
		return 1000;
	return (int)((pages - (suitable << k)) * 1000 / pages);
}

/* Records the plots' sample of the current position. */
static void take_sample(struct app *a)
{
	size_t pos = session_pos(a->s);
	if (pos >= a->nsamples_cap) {
		size_t cap = a->nsamples_cap ? a->nsamples_cap : 64;
		while (cap <= pos)
			cap *= 2;
		struct sample *n = realloc(a->samples, cap * sizeof(*n));
		if (!n)
			return;
		a->samples = n;
		a->nsamples_cap = cap;
	}
	struct sample *sm = &a->samples[pos];
	const int64_t *v = a->cur.st.v;
	sm->free_pages = (uint64_t)v[STAT_PAGES_FREE];
	sm->mixed = (uint32_t)v[STAT_MIXED_BLOCKS];
	sm->claims = (uint64_t)v[STAT_CLAIM_EVENTS];
	sm->steals = (uint64_t)v[STAT_STEAL_EVENTS];
	for (int z = 0; z < a->nzones; z++)
		sm->unusable[z] = (int16_t)zone_unusable_index(&a->cur, z, a->cfg->max_order, a->cfg->pageblock_order);
}

/* After any move: diff the blocks, stamp changes, keep history in step
 * with the position (forward appends, back truncates). */
static void after_move(struct app *a, uint64_t now, bool forward)
{
	size_t pos = session_pos(a->s);
	while (a->nhist && a->hist[a->nhist - 1].step > pos)
		a->nhist--;
	a->changed_last = 0;
	/* A move that changes no block (say, pause, expect) keeps the marks
	 * of the last one that did. */
	uint64_t move = a->moves + 1;
	for (uint64_t b = 0; b < a->nblocks; b++) {
		struct block_snap ns;
		snap_block(a->m, b, &ns);
		if (snap_equal(&ns, &a->snap[b]))
			continue;
		if (forward && ns.type != a->snap[b].type)
			hist_push(a, b, pos, a->snap[b].type, ns.type);
		a->snap[b] = ns;
		a->stamp[b] = move;
		a->changed_last++;
	}
	if (a->changed_last) {
		a->moves = move;
		a->last_change_ms = now ? now : 1;
	}
	a->prev = a->cur;
	read_counters(a, &a->cur);
	if (forward)
		record_range(a);
	a->caption = find_caption(a);
	summarize(a);
	take_sample(a);
}

/* The app around a session it now owns. */
static bool app_setup(struct app *a, const struct scenario *sc, struct session *s)
{
	memset(a, 0, sizeof(*a));
	a->sc = sc;
	a->s = s;
	if (!a->s)
		return false;
	a->m = session_machine(a->s);
	a->cfg = machine_config(a->m);
	a->nzones = machine_nzones(a->m);
	for (int z = 0; z < a->nzones; z++)
		machine_zone_info(a->m, z, &a->zones[z]);
	a->nblocks = machine_nblocks(a->m);
	a->block_pages = 1u << a->cfg->pageblock_order;
	for (int t = 0; t < MT_COUNT; t++)
		if (t != MT_CMA || machine_has_cma(a->m))
			a->types[a->ntypes++] = t;
	a->snap = calloc(a->nblocks ? a->nblocks : 1, sizeof(*a->snap));
	a->stamp = calloc(a->nblocks ? a->nblocks : 1, sizeof(*a->stamp));
	if (!a->snap || !a->stamp) {
		app_fini(a);
		return false;
	}
	for (uint64_t b = 0; b < a->nblocks; b++)
		snap_block(a->m, b, &a->snap[b]);
	read_counters(a, &a->cur);
	a->prev = a->cur;
	a->caption = NULL;
	summarize(a);
	take_sample(a);
	return true;
}

bool app_init(struct app *a, const struct scenario *sc)
{
	return app_setup(a, sc, session_create(&sc->cfg, sc->steps, sc->nsteps, true));
}

bool app_switch_profile(struct app *a, int profile, uint64_t now)
{
	size_t pos = app_pos(a), n = app_total(a), copied = 0;
	struct machine_config cfg = *a->cfg;
	cfg.profile = profile;
	struct step *steps = calloc(n ? n : 1, sizeof(*steps));
	bool ok = steps != NULL;
	for (; ok && copied < n; copied++)
		if (!step_copy(&steps[copied], session_step(a->s, copied)))
			ok = false;
	struct session *s = ok ? session_create(&cfg, steps, n, true) : NULL;
	for (size_t i = 0; steps && i < copied; i++)
		step_clear(&steps[i]);
	free(steps);
	if (!s)
		return false;
	const struct scenario *sc = a->sc;
	bool *hm = a->handmade;
	size_t hcap = a->handmade_cap, saved = a->saved_upto;
	a->handmade = NULL;
	app_fini(a);
	if (!app_setup(a, sc, s)) {
		free(hm);
		return false;
	}
	a->handmade = hm;
	a->handmade_cap = hcap;
	a->saved_upto = saved;
	if (pos)
		app_goto(a, pos, now);
	return true;
}

void app_fini(struct app *a)
{
	session_destroy(a->s);
	free(a->snap);
	free(a->stamp);
	free(a->live_snap);
	free(a->handmade);
	free(a->samples);
	free(a->hist);
	free(a->ranges);
	memset(a, 0, sizeof(*a));
}

bool app_unsaved(const struct app *a)
{
	size_t pos = app_pos(a);
	for (size_t i = a->saved_upto; i < pos && i < a->handmade_cap; i++)
		if (a->handmade[i])
			return true;
	return false;
}

void app_mark_saved(struct app *a) { a->saved_upto = app_pos(a); }

bool app_caption_is_ahead(const struct app *a)
{
	return a->caption && a->sum.step < a->caption_step && app_pos(a) < app_total(a);
}

size_t app_pos(const struct app *a) { return session_pos(a->s); }
size_t app_total(const struct app *a) { return session_total(a->s); }

/* The step at pos-1 changed (a stepped compaction): a save holding it is stale. */
static void step_changed(struct app *a)
{
	size_t pos = app_pos(a);
	if (pos && a->saved_upto >= pos)
		a->saved_upto = pos - 1;
}

static void mark_handmade(struct app *a)
{
	/* The timeline grew by one hand-made step at pos-1. */
	size_t total = app_total(a), at = app_pos(a) - 1;
	if (total > a->handmade_cap) {
		size_t cap = a->handmade_cap ? a->handmade_cap * 2 : 64;
		while (cap < total)
			cap *= 2;
		bool *h = realloc(a->handmade, cap * sizeof(*h));
		if (h) {
			memset(h + a->handmade_cap, 0, (cap - a->handmade_cap) * sizeof(*h));
			a->handmade = h;
			a->handmade_cap = cap;
		}
	}
	if (a->handmade && total <= a->handmade_cap) {
		memmove(&a->handmade[at + 1], &a->handmade[at], (total - 1 - at) * sizeof(*a->handmade));
		a->handmade[at] = true;
	}
	a->saved_upto = 0;   /* the timeline changed: the last save is stale */
}

/* A stepped compaction left running ends before any other step runs, so
 * that the timeline (and a saved scenario) never holds a step that ran
 * beside a half-done compaction. */
static void finish_stepped(struct app *a, uint64_t now)
{
	if (session_compact_finish(a->s)) {
		step_changed(a);
		after_move(a, now, true);
	}
}

bool app_compact_stepping(const struct app *a) { return session_compact_stepping(a->s); }

bool app_compact_finish(struct app *a, uint64_t now)
{
	if (!session_compact_stepping(a->s))
		return false;
	finish_stepped(a, now);
	return true;
}

bool app_compact_more(struct app *a, uint64_t now)
{
	if (!session_compact_more(a->s))
		return false;
	step_changed(a);
	after_move(a, now, true);
	return true;
}

bool app_compact_start(struct app *a, const struct step_compact *c, uint64_t now)
{
	finish_stepped(a, now);
	struct step st;
	memset(&st, 0, sizeof(st));
	st.kind = STEP_COMPACT;
	st.u.compact = *c;
	st.u.compact.substeps = 1;
	if (!session_insert(a->s, &st))
		return false;
	mark_handmade(a);
	after_move(a, now, true);
	return true;
}

bool app_forward(struct app *a, uint64_t now)
{
	if (session_compact_stepping(a->s)) {
		finish_stepped(a, now);
		return true;
	}
	if (!session_forward(a->s))
		return false;
	after_move(a, now, true);
	return true;
}

/* A step drawn while it runs: the snapshots and counters the screen reads
 * are refreshed mid-step, then put back as they were before it, so that
 * the change marks and deltas compare with the state before the step. */
static void live_begin(struct app *a)
{
	a->live_armed = true;
	a->live_cur = a->cur;
	a->live_prev = a->prev;
}

static void live_end(struct app *a)
{
	if (a->live_snap) {
		memcpy(a->snap, a->live_snap, a->nblocks * sizeof(*a->snap));
		free(a->live_snap);
		a->live_snap = NULL;
		a->cur = a->live_cur;
		a->prev = a->live_prev;
	}
	a->live_armed = false;
}

bool app_forward_progress(struct app *a, uint64_t now, const struct step_progress *p, bool *cancelled)
{
	*cancelled = false;
	if (session_compact_stepping(a->s)) {
		finish_stepped(a, now);
		return true;
	}
	live_begin(a);
	bool ok = session_forward_progress(a->s, p, cancelled);
	live_end(a);
	if (!ok)
		return false;
	after_move(a, now, true);
	return true;
}

void app_live_refresh(struct app *a)
{
	if (!a->live_armed)
		return;   /* only inside app_*_progress */
	if (!a->live_snap) {
		/* The first redraw of a long step: keep the state before it
		 * (O(blocks), paid only by steps long enough to be drawn). */
		a->live_snap = malloc((a->nblocks ? a->nblocks : 1) * sizeof(*a->snap));
		if (!a->live_snap)
			return;
		memcpy(a->live_snap, a->snap, a->nblocks * sizeof(*a->snap));
	}
	for (uint64_t b = 0; b < a->nblocks; b++)
		snap_block(a->m, b, &a->snap[b]);
	a->prev = a->live_cur;
	read_counters(a, &a->cur);
}

bool app_back(struct app *a, uint64_t now)
{
	/* Inside a stepped compaction: one engine step back; the events
	 * shown are those of the engine step now last. */
	if (session_compact_less(a->s)) {
		step_changed(a);
		after_move(a, now, false);
		record_range(a);
		summarize(a);
		return true;
	}
	if (!session_back(a->s))
		return false;
	after_move(a, now, false);
	return true;
}

bool app_goto(struct app *a, size_t k, uint64_t now)
{
	if (k > app_total(a))
		k = app_total(a);
	if (k == app_pos(a))
		return false;
	if (k > app_pos(a)) {
		while (app_pos(a) < k)
			if (!app_forward(a, now))
				return false;
		return true;
	}
	if (!session_goto(a->s, k))
		return false;
	after_move(a, now, false);
	return true;
}

bool app_run_text(struct app *a, const char *text, uint64_t now, char *err, size_t errlen)
{
	return app_run_text_progress(a, text, now, NULL, err, errlen);
}

bool app_run_text_progress(struct app *a, const char *text, uint64_t now, const struct step_progress *p, char *err,
			   size_t errlen)
{
	struct step st;
	if (!step_parse_text(text, a->cfg, &st, err, errlen))
		return false;
	finish_stepped(a, now);
	bool cancelled = false;
	if (p)
		live_begin(a);
	bool ok = p ? session_insert_progress(a->s, &st, p, &cancelled) : session_insert(a->s, &st);
	if (p)
		live_end(a);
	step_clear(&st);
	if (cancelled) {
		snprintf(err, errlen, "cancelled: back to the state before it");
		return false;
	}
	if (!ok) {
		snprintf(err, errlen, "out of host memory");
		return false;
	}
	mark_handmade(a);
	after_move(a, now, true);
	return true;
}

bool app_save(const struct app *a, const char *dir, char *name, size_t namelen, char *err, size_t errlen)
{
	char stamp[32], path[4096];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	int fd = -1;
	for (int i = 1; i < 100 && fd < 0; i++) {
		if (i == 1)
			snprintf(name, namelen, "buddyviz-session-%s.yaml", stamp);
		else
			snprintf(name, namelen, "buddyviz-session-%s-%d.yaml", stamp, i);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot save %s: %s", path, strerror(errno));
		return false;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "cannot save %s: %s", path, strerror(errno));
		close(fd);
		return false;
	}
	size_t n = app_pos(a);
	struct step *steps = calloc(n ? n : 1, sizeof(*steps));
	if (!steps) {
		fclose(f);
		unlink(path);
		snprintf(err, errlen, "cannot save: out of host memory");
		return false;
	}
	/* Shallow copies: scenario_write only reads them. */
	for (size_t i = 0; i < n; i++)
		steps[i] = *session_step(a->s, i);
	char title[512];
	snprintf(title, sizeof(title), "%s (session saved at step %zu)", a->sc->name ? a->sc->name : "buddyviz", n);
	bool ok = scenario_write(f, title, a->cfg, steps, n);
	free(steps);
	if (fclose(f) != 0)
		ok = false;
	if (!ok) {
		snprintf(err, errlen, "cannot save %s: write error", path);
		unlink(path);
		return false;
	}
	return true;
}

bool app_first_alloc_in_block(const struct app *a, uint64_t block, uint64_t *pfn)
{
	struct block_info bi;
	machine_block_info(a->m, block, &bi);
	if (bi.free == a->block_pages)
		return false;
	uint64_t p = bi.start_pfn, end = bi.start_pfn + a->block_pages;
	while (p < end) {
		uint64_t head;
		int order;
		struct alloc_info ai;
		if (machine_free_chunk_at(a->m, p, &head, &order)) {
			p = head + (1ull << order);
		} else if (machine_alloc_at(a->m, p, &ai)) {
			*pfn = p;
			return true;
		} else {
			p++;
		}
	}
	return false;
}

size_t app_block_history(const struct app *a, uint64_t block, size_t *idx, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nhist; i++)
		if (a->hist[i].block == block) {
			if (n < max)
				idx[n] = i;
			n++;
		}
	return n;
}

static const char *type_word(int t)
{
	return t >= 0 && t < MT_COUNT ? mtype_word(t) : "?";
}

void app_step_brief(const struct step *st, char *buf, size_t n)
{
	const char *w = step_kind_word(st->kind);
	switch (st->kind) {
	case STEP_SAY:
		snprintf(buf, n, "say");
		break;
	case STEP_ALLOC:
	case STEP_STEAL: {
		const struct step_alloc *al = &st->u.alloc;
		char cnt[32] = "", from[32] = "";
		if (al->count != 1)
			snprintf(cnt, sizeof(cnt), " x%llu", (unsigned long long)al->count);
		if (st->kind == STEP_STEAL && al->from >= 0)
			snprintf(from, sizeof(from), " from %s", type_word(al->from));
		snprintf(buf, n, "%s %s order %d%s%s tag %s%s%s", w, type_word(al->type), al->order, cnt, from, al->tag,
			 al->flags & REQ_HIGHATOMIC ? " highatomic" : "", al->flags & REQ_CMA ? " cma" : "");
		break;
	}
	case STEP_FREE: {
		const struct step_free *f = &st->u.free;
		switch (f->sel) {
		case SEL_PFN: snprintf(buf, n, "free pfn %llu", (unsigned long long)f->pfn); break;
		case SEL_EVERY:
			snprintf(buf, n, "free tag %s every %llu offset %llu", f->tag, (unsigned long long)f->every,
				 (unsigned long long)f->offset);
			break;
		case SEL_FIRST: snprintf(buf, n, "free tag %s first %llu", f->tag, (unsigned long long)f->n); break;
		case SEL_LAST: snprintf(buf, n, "free tag %s last %llu", f->tag, (unsigned long long)f->n); break;
		case SEL_INDEX: snprintf(buf, n, "free tag %s %zu indices", f->tag, f->nindices); break;
		case SEL_RANDOM: snprintf(buf, n, "free tag %s random %.2f", f->tag, f->p); break;
		default: snprintf(buf, n, "free tag %s", f->tag); break;
		}
		break;
	}
	case STEP_WORKLOAD:
		snprintf(buf, n, "workload %llu ops tag %s", (unsigned long long)st->u.workload.ops, st->u.workload.tag);
		break;
	case STEP_REPEAT:
		snprintf(buf, n, "repeat x%llu (%zu steps)", (unsigned long long)st->u.repeat.times, st->u.repeat.nsteps);
		break;
	case STEP_RECLAIM:
		snprintf(buf, n, "reclaim %llu pages", (unsigned long long)st->u.reclaim_pages);
		break;
	case STEP_EXPECT:
		snprintf(buf, n, "expect (%zu checks)", st->u.expect.nitems);
		break;
	case STEP_ISOLATE:
	case STEP_UNISOLATE:
		snprintf(buf, n, "%s blocks %llu..%llu", w, (unsigned long long)st->u.isolate.first,
			 (unsigned long long)st->u.isolate.last);
		break;
	case STEP_COMPACT: {
		const struct step_compact *c = &st->u.compact;
		snprintf(buf, n, "compact order %d %s%s%s", c->order,
			 migrate_mode_word(c->mode >= 0 ? c->mode : c->order == -1 ? MIGRATE_SYNC : MIGRATE_SYNC_LIGHT),
			 c->zone >= 0 ? " zone " : "", c->zone >= 0 ? zone_id_name(c->zone) : "");
		break;
	}
	default:
		snprintf(buf, n, "%s", w);
		break;
	}
}
