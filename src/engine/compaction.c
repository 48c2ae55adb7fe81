/* Memory compaction: compact_zone() of mm/compaction.c (Linux 6.12.117)
 * as a sequence of small steps.
 *
 * The migrate scanner walks up from the zone start isolating movable
 * allocations (isolate_migratepages), the free scanner walks down from the
 * zone end isolating free chunks (isolate_freepages), and migrate_pages()
 * copies each source into a destination taken by compaction_alloc() and
 * frees the source through the normal free path. The compact_control is
 * plain data inside struct machine (internal.h), so a compaction can stop
 * between any two steps and snapshots/undo hold it.
 *
 * Positions are pfns of the zone being compacted; pages are reached through
 * the dense index (internal.h). Every decision names its kernel function.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "compaction.h"


static const char *const result_names[] = {
#define X(e, name) name,
	COMPACT_RESULTS(X)
#undef X
};
const char *compact_result_name(int r) { return r >= 0 && r < COMPACT_RESULT_COUNT ? result_names[r] : "?"; }

static const char *const mode_words[] = { "async", "sync_light", "sync" };
const char *migrate_mode_word(int mode) { return mode >= 0 && mode <= MIGRATE_SYNC ? mode_words[mode] : "?"; }

/* ---- events -------------------------------------------------------------- */
struct event *cev(struct machine *m, int kind)
{
	struct event *ev = ev_new(m, kind);
	ev->zone = (uint8_t)m->cc.zone;
	return ev;
}

void ev_isolate(struct machine *m, int kind, uint64_t start, uint64_t end, uint64_t scanned,
		       uint64_t taken, uint32_t stride)
{
	struct event *ev = cev(m, kind);
	ev->pfn = start;
	ev->pfn2 = end;
	ev->a = (uint32_t)scanned;
	ev->b = (uint32_t)taken;
	ev->c = stride;
	ev->block = UINT64_MAX;
	ev_commit(m, ev);
}

void ev_block(struct machine *m, int kind, uint32_t blk, int reason, int order, uint64_t pfn, uint32_t stride)
{
	struct event *ev = cev(m, kind);
	ev->block = blk;
	ev->a = (uint32_t)reason;
	ev->b = stride;
	ev->order = (int8_t)order;
	ev->mt = (int8_t)m->blocks[blk].type;
	ev->pfn = pfn;
	ev_commit(m, ev);
	m->cc.block = blk;
}

static void ev_span(struct machine *m, int kind, int status)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);
	struct event *ev = cev(m, kind);
	ev->pfn = z->start_pfn;
	ev->pfn2 = cc->migrate_pfn;
	ev->block = cc->free_pfn;
	ev->index = zend(z);
	ev->flag = cc->mode != MIGRATE_ASYNC;
	ev->order = cc->order;
	ev->mt = (int8_t)cc->mode;
	ev->a = (uint32_t)status;
	ev->b = cc->whole_zone;
	ev_commit(m, ev);
}



/* ---- cc->freepages and compaction_alloc() -------------------------------- */
static void freepages_push_head(struct machine *m, uint32_t idx, int order)
{
	struct compact_control *cc = &m->cc;
	mark_touched(m, idx);
	m->pg_state[idx] = (uint8_t)(PS_ISOFREE | order);
	m->pg_link[idx].next = cc->fp_head[order];
	m->pg_link[idx].prev = NIL;
	cc->fp_head[order] = idx;
	if (cc->fp_tail[order] == NIL)
		cc->fp_tail[order] = idx;
}

static uint32_t freepages_pop_head(struct machine *m, int order)
{
	struct compact_control *cc = &m->cc;
	uint32_t idx = cc->fp_head[order];
	cc->fp_head[order] = m->pg_link[idx].next;
	if (cc->fp_head[order] == NIL)
		cc->fp_tail[order] = NIL;
	mark_touched(m, idx);
	m->pg_link[idx].next = m->pg_link[idx].prev = 0;
	m->pg_state[idx] = 0;
	return idx;
}

/* compaction_alloc() without its call to isolate_freepages(): the first
 * chunk of the smallest order >= order, split from its low end (each upper
 * half pushed at the head of the next lower list). NIL if none. */
static uint32_t take_freepage(struct machine *m, int order)
{
	struct compact_control *cc = &m->cc;
	int s = order;
	while (s <= m->max_order && cc->fp_head[s] == NIL)
		s++;
	if (s > m->max_order)
		return NIL;
	uint32_t idx = freepages_pop_head(m, s);
	while (s > order) {
		s--;
		freepages_push_head(m, idx + (1u << s), s);
	}
	cc->nr_freepages -= 1ull << order;
	cc->nr_migratepages -= 1ull << order;
	return idx;
}

/* release_free_list(): every isolated chunk back through the free path,
 * orders ascending, each list from its head. Returns the highest pfn. */
static uint64_t release_free_list(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);
	uint64_t high = 0;
	for (int o = 0; o <= m->max_order; o++) {
		while (cc->fp_head[o] != NIL) {
			uint32_t idx = freepages_pop_head(m, o);
			struct event *ev = cev(m, EV_COMPACT_RELEASE);
			ev->pfn = i2p(z, idx);
			ev->order = (int8_t)o;
			ev_commit(m, ev);
			free_pages_path(m, idx, o);    /* __free_pages() */
			if (i2p(z, idx) > high)
				high = i2p(z, idx);
		}
	}
	return high;
}

/* ---- migrate_pages() ----------------------------------------------------- */
/* List position p (head first) of cc->migratepages. */
static inline uint32_t list_at(const struct compact_control *cc, uint32_t p) { return cc->nsrc - 1 - p; }

/* Sets up one batch of at most NR_MAX_BATCHED_MIGRATION pages. */
static void batch_setup(struct machine *m, uint32_t from)
{
	struct compact_control *cc = &m->cc;
	uint64_t pages = 0;
	uint32_t p = from;
	while (p < cc->nsrc) {
		pages += 1ull << (m->pg_state[cc->src[list_at(cc, p)]] & PS_ORDER_MASK);
		p++;
		if (pages >= NR_MAX_BATCHED_MIGRATION)
			break;
	}
	cc->batch_lo = from;
	cc->batch_hi = p;
	cc->alloc_pos = from;
	cc->alloc_isolated = 0;
}

/* migrate_folio_move(): the allocation moves to dst with its tag and
 * index; the old page is freed through the normal free path. */
static void move_one(struct machine *m, uint32_t src, uint32_t dst)
{
	const struct zone *z = cz(m);
	uint32_t tag = m->pg_link[src].next;
	uint64_t index = m->pg_link[src].prev;
	int order = m->pg_state[src] & PS_ORDER_MASK;
	int type = alloc_type(m, src);

	mark_touched(m, dst);
	m->pg_state[dst] = (uint8_t)(PS_ALLOC | order);
	m->pg_link[dst].next = tag;
	m->pg_link[dst].prev = (uint32_t)index;
	block_add_alloc(m, dst, order, type, +1);
	tag_move_alloc(m, tag, index, dst);

	struct event *ev = cev(m, EV_COMPACT_MOVE);
	ev->pfn = i2p(z, src);
	ev->pfn2 = i2p(z, dst);
	ev->order = (int8_t)order;
	ev->tag = tag;
	ev->index = index;
	ev->block = src >> m->pb_order;
	ev_commit(m, ev);

	mark_touched(m, src);
	m->pg_state[src] = 0;
	m->pg_link[src].next = m->pg_link[src].prev = 0;
	block_add_alloc(m, src, order, type, -1);
	m->freeing_tag = tag;
	m->freeing_index = index;
	free_pages_path(m, src, order);   /* folio_put(): the pcp lists when on */
	m->freeing_tag = NIL;
}

/* ---- compact_zone() as steps --------------------------------------------- */
enum cc_kind { CK_FULL, CK_KCOMPACTD, CK_DIRECT };

/* The compact_control of each entry point (spec 9.1). compact_node() and
 * kcompactd_do_work() fill ONE compact_control and call compact_zone() with
 * it for every zone: what compact_zone() changes and does not reset
 * (whole_zone, which it only ever sets; fast_search_fail; search_order)
 * carries over to the next zone. So this runs once per request. */
static void setup_control(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	cc->order = (int8_t)cc->request_order;
	cc->direct_compaction = cc->kind == CK_DIRECT;
	cc->ignore_block_suitable = 0;
	switch (cc->kind) {
	case CK_FULL:          /* compact_node(): /proc/sys/vm/compact_memory */
		cc->mode = (uint8_t)cc->request_mode;
		cc->ignore_skip_hint = 1;
		cc->whole_zone = 1;
		break;
	case CK_KCOMPACTD:     /* kcompactd_do_work() */
		cc->mode = (uint8_t)cc->request_mode;
		cc->ignore_skip_hint = 0;
		cc->whole_zone = 0;
		break;
	default:               /* compact_zone_order() */
		cc->mode = cc->request_prio == COMPACT_PRIO_ASYNC ? MIGRATE_ASYNC : MIGRATE_SYNC_LIGHT;
		cc->whole_zone = cc->ignore_skip_hint = cc->ignore_block_suitable =
			cc->request_prio == MIN_COMPACT_PRIORITY;
		break;
	}
}

/* The start of compact_zone(): false if the suitability check stops it. */
static bool zone_begin(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	struct zone *z = cz(m);
	const bool sync = cc->mode != MIGRATE_ASYNC;

	cc->total_migrate_scanned = cc->total_free_scanned = 0;
	cc->nr_migratepages = cc->nr_freepages = 0;
	cc->nsrc = 0;
	for (int o = 0; o < NR_ORDERS_LIMIT; o++)
		cc->fp_head[o] = cc->fp_tail[o] = NIL;
	/* gfp_migratetype(): everything is UNMOVABLE with grouping off. */
	cc->migratetype = (int8_t)(m->grouping_disabled ? MT_UNMOVABLE : cc->request_mt);
	if (cc->order != -1 && cc->suit_check) {
		int r = compaction_suit_allocation_order(m, cc->zone, cc->order, cc->highest_zone, cc->alloc_flags);
		if (r != COMPACT_CONTINUE) {
			cc->last_result = (int8_t)r;
			return false;
		}
	}
	if (compaction_restarting(m, cc->zone, cc->order))
		reset_isolation_suitable(m, cc->zone);
	cc->fast_start_pfn = 0;
	if (cc->whole_zone) {
		cc->migrate_pfn = z->start_pfn;
		cc->free_pfn = pb_start(m, zend(z) - 1);
	} else {
		cc->migrate_pfn = z->compact_cached_migrate_pfn[sync];
		cc->free_pfn = z->compact_cached_free_pfn;
		if (cc->free_pfn < z->start_pfn || cc->free_pfn >= zend(z)) {
			cc->free_pfn = pb_start(m, zend(z) - 1);
			z->compact_cached_free_pfn = cc->free_pfn;
		}
		if (cc->migrate_pfn < z->start_pfn || cc->migrate_pfn >= zend(z)) {
			cc->migrate_pfn = z->start_pfn;
			z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = cc->migrate_pfn;
		}
		if (cc->migrate_pfn <= z->compact_init_migrate_pfn)
			cc->whole_zone = 1;
	}
	cc->last_migrated_pfn = 0;
	cc->update_cached = !sync && z->compact_cached_migrate_pfn[0] == z->compact_cached_migrate_pfn[1];
	ev_span(m, EV_COMPACT_BEGIN, 0);
	cc->in_zone = 1;
	return true;
}

/* compact_finished() / __compact_finished() */
static int compact_finished(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	struct zone *z = cz(m);
	int ret, why;

	if (scanners_met(m)) {
		reset_cached_positions(m, z);
		if (cc->direct_compaction)
			z->compact_blockskip_flush = true;
		ret = cc->whole_zone ? COMPACT_COMPLETE : COMPACT_PARTIAL_SKIPPED;
		why = CFIN_MET;
	} else if (cc->order == -1) {
		ret = COMPACT_CONTINUE;
		why = CFIN_FULL;
	} else if (!pb_aligned(m, cc->migrate_pfn)) {
		ret = COMPACT_CONTINUE;
		why = CFIN_MIDBLOCK;
	} else {
		ret = COMPACT_NO_SUITABLE_PAGE;
		why = CFIN_NONE;
		for (int o = cc->order; o <= m->max_order; o++) {
			bool can_steal;
			if (z->lists[o][cc->migratetype].count ||
			    (cc->migratetype == MT_MOVABLE && z->lists[o][MT_CMA].count)) {
				ret = COMPACT_SUCCESS;
				why = CFIN_FREE_PAGE;
				break;
			}
			if (find_suitable_fallback(m, cc->zone, o, cc->migratetype, -1, &can_steal) != -1 && can_steal) {
				ret = COMPACT_SUCCESS;
				why = CFIN_FALLBACK;
				break;
			}
		}
	}
	struct event *ev = cev(m, EV_COMPACT_FINISHED);
	ev->order = cc->order;
	ev->a = (uint32_t)ret;
	ev->flag = (uint8_t)why;
	ev->mt = cc->migratetype;
	ev_commit(m, ev);
	return ret == COMPACT_NO_SUITABLE_PAGE ? COMPACT_CONTINUE : ret;
}

/* The `out:` of compact_zone(): release what is left, count, trace. */
static void zone_end(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	struct zone *z = cz(m);
	if (cc->nr_freepages > 0) {
		uint64_t high = release_free_list(m);
		cc->nr_freepages = 0;
		uint64_t fp = pb_start(m, high);
		if (fp > z->compact_cached_free_pfn)
			z->compact_cached_free_pfn = fp;
	}
	m->ccount.compact_migrate_scanned += cc->total_migrate_scanned;
	m->ccount.compact_free_scanned += cc->total_free_scanned;
	ev_span(m, EV_COMPACT_END, cc->last_result);
	cc->in_zone = 0;
}

/* compaction_free() for destinations not used yet (abort mid-batch). */
static void return_unused_destinations(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	for (uint32_t p = cc->batch_lo; p < cc->alloc_pos; p++) {
		uint32_t i = list_at(cc, p);
		if (cc->dst[i] == NIL)
			continue;
		int o = m->pg_state[cc->src[i]] & PS_ORDER_MASK;
		freepages_push_head(m, cc->dst[i], o);
		cc->nr_freepages += 1ull << o;
		cc->dst[i] = NIL;
	}
	cc->alloc_pos = cc->batch_lo;
}

/* migrate_pages(), first half: a destination for every source of the
 * batch, in list order, before anything moves (migrate_pages_batch()).
 * A call to isolate_freepages() starts a step of its own. */
static void alloc_step(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	bool did = false;
	while (cc->alloc_pos < cc->batch_hi) {
		uint32_t i = list_at(cc, cc->alloc_pos);
		int o = m->pg_state[cc->src[i]] & PS_ORDER_MASK;
		uint32_t d = take_freepage(m, o);
		if (d == NIL) {
			if (cc->alloc_isolated) {
				/* compaction_alloc() returns NULL: -ENOMEM. A large
				 * folio is not split (scenario-format.md 7). */
				struct event *ev = cev(m, EV_COMPACT_NOMEM);
				ev->pfn = i2p(cz(m), cc->src[i]);
				ev->order = (int8_t)o;
				ev_commit(m, ev);
				cc->batch_err = 1;
				cc->batch_failed_pages += 1ull << o;
				break;
			}
			if (did)
				return;
			isolate_freepages(m);
			cc->alloc_isolated = 1;
			did = true;
			continue;
		}
		cc->dst[i] = d;
		cc->alloc_pos++;
		cc->alloc_isolated = 0;
		did = true;
	}
	cc->phase = PH_MOVE;
}

/* check_drain: once the migrate scanner left the order-aligned block of
 * the last migration, lru_add_drain_cpu_zone() flushes this CPU's pcp
 * lists (hook for the pcp helper: nothing to drain with pcp off) and
 * last_migrated_pfn is forgotten. */
static void check_drain(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	/* lru_add_drain_cpu_zone(): this CPU's pcp lists of the zone. */
	if (cc->order > 0 && cc->last_migrated_pfn &&
	    cc->last_migrated_pfn < (cc->migrate_pfn & ~((1ull << cc->order) - 1))) {
		if (m->cfg.pcp)
			drain_pages_zone(m, cc->zone, DRAIN_COMPACT);
		cc->last_migrated_pfn = 0;
	}
}

/* migrate_pages(), second half, and what compact_zone() does after it. */
static void move_step(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	for (uint32_t p = cc->batch_lo; p < cc->alloc_pos; p++) {
		uint32_t i = list_at(cc, p);
		uint64_t n = 1ull << (m->pg_state[cc->src[i]] & PS_ORDER_MASK);
		move_one(m, cc->src[i], cc->dst[i]);
		cc->batch_moved += n;
		cc->moved_step += n;
		m->ccount.pgmigrate_success += n;
		m->ccount.compact_migrated += n;
	}
	cc->batch_lo = cc->alloc_pos;
	if (!cc->batch_err && cc->batch_hi < cc->nsrc) {
		batch_setup(m, cc->batch_hi);
		cc->phase = PH_ALLOC;
		return;
	}
	struct event *ev = cev(m, EV_COMPACT_MIGRATEPAGES);
	ev->a = (uint32_t)cc->batch_moved;
	ev->b = (uint32_t)(cc->batch_nr_migratepages - cc->batch_moved);
	ev_commit(m, ev);
	m->ccount.pgmigrate_fail += cc->batch_failed_pages;
	cc->nr_migratepages = 0;   /* the rest is put back where it is */

	if (cc->max_migrate && cc->moved_step >= cc->max_migrate) {
		struct event *sv = cev(m, EV_COMPACT_STOP);
		sv->a = (uint32_t)cc->moved_step;
		sv->b = (uint32_t)cc->max_migrate;
		ev_commit(m, sv);
		cc->last_result = COMPACT_CONTENDED;
		cc->stop = CSTOP_MAX_MIGRATE;
		cc->phase = PH_END;
		return;
	}
	if (cc->batch_err) {
		if (!scanners_met(m)) {
			cc->last_result = COMPACT_CONTENDED;
			cc->stop = CSTOP_NOMEM;
			cc->phase = PH_END;
			return;
		}
		if (!pb_aligned(m, cc->migrate_pfn) && !cc->ignore_skip_hint && !cc->finish_pageblock &&
		    cc->mode < MIGRATE_SYNC) {
			/* Finish this block before moving on (rescan). */
			cc->finish_pageblock = 1;
			if (cc->order == COMPACTION_HPAGE_ORDER)
				cc->last_migrated_pfn = 0;
			cc->phase = PH_ISOLATE;
			return;
		}
	}
	if (m->capc.active && m->capc.page != NIL) {
		cc->last_result = COMPACT_SUCCESS;
		cc->phase = PH_END;
		return;
	}
	check_drain(m);
	cc->phase = PH_CHECK;
}

/* One phase; true when it did something a watcher should see. */
static bool phase_once(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	switch (cc->phase) {
	case PH_NEXT_ZONE: {
		int zi = 0;
		while (zi < m->nzones && !(cc->zone_mask & (1 << zi)))
			zi++;
		if (zi == m->nzones || cc->stop == CSTOP_MAX_MIGRATE || cc->stop == CSTOP_ABORTED) {
			cc->active = 0;
			return true;
		}
		cc->zone_mask &= ~(1 << zi);
		cc->zone = zi;
		if (!zone_begin(m))
			return false;
		cc->phase = PH_CHECK;
		return true;
	}
	case PH_CHECK: {
		int ret = compact_finished(m);
		if (ret != COMPACT_CONTINUE) {
			cc->last_result = (int8_t)ret;
			cc->phase = PH_END;
			return false;
		}
		cc->finish_pageblock = pb_start(m, cc->last_migrated_pfn) == pb_start(m, cc->migrate_pfn);
		cc->phase = PH_ISOLATE;
		return false;
	}
	case PH_ISOLATE:
		cc->nsrc = 0;
		if (isolate_migratepages(m) == ISOLATE_NONE) {
			if (cc->update_cached)
				cz(m)->compact_cached_migrate_pfn[1] = cz(m)->compact_cached_migrate_pfn[0];
			check_drain(m);
			cc->phase = PH_CHECK;
			return true;
		}
		cc->update_cached = 0;
		cc->last_migrated_pfn = pb_start(m, cc->migrate_pfn - 1);
		if (cc->last_migrated_pfn < cz(m)->start_pfn)
			cc->last_migrated_pfn = cz(m)->start_pfn;
		cc->batch_nr_migratepages = cc->nr_migratepages;
		cc->batch_moved = 0;
		cc->batch_failed_pages = 0;
		cc->batch_err = 0;
		batch_setup(m, 0);
		cc->phase = PH_ALLOC;
		return true;
	case PH_ALLOC:
		alloc_step(m);
		return true;
	case PH_MOVE:
		move_step(m);
		return true;
	default: /* PH_END */
		zone_end(m);
		cc->phase = PH_NEXT_ZONE;
		return true;
	}
}

/* After the last zone's compact_zone() ended nothing remains but noticing
 * it: that happens in the same step, so that a watcher's last step is the
 * one that ended the compaction (no empty step after it). */
static bool nothing_left(const struct machine *m)
{
	const struct compact_control *cc = &m->cc;
	if (!cc->active || cc->phase != PH_NEXT_ZONE)
		return false;
	if (cc->stop == CSTOP_MAX_MIGRATE || cc->stop == CSTOP_ABORTED)
		return true;
	for (int zi = 0; zi < m->nzones; zi++)
		if (cc->zone_mask & (1 << zi))
			return false;
	return true;
}

bool machine_compact_step(struct machine *m)
{
	while (m->cc.active && !phase_once(m))
		;
	if (nothing_left(m))
		phase_once(m);
	return m->cc.active;
}

static void request_init(struct machine *m, int kind, int order, int mode, int zone_mask)
{
	struct compact_control *cc = &m->cc;
	memset(cc, 0, offsetof(struct compact_control, src));
	cc->kind = (uint8_t)kind;
	cc->request_order = order;
	cc->request_mode = mode;
	cc->request_mt = MT_UNMOVABLE;    /* GFP_KERNEL */
	cc->search_order = (int8_t)order;
	cc->zone_mask = zone_mask;
	cc->last_result = -1;
	cc->block = UINT64_MAX;
	cc->phase = PH_NEXT_ZONE;
	cc->active = 1;
}

/* request_init() plus the entry point's compact_control. */
static void request_start(struct machine *m, int kind, int order, int mode, int zone_mask, int prio)
{
	request_init(m, kind, order, mode, zone_mask);
	m->cc.request_prio = prio;
	setup_control(m);
}

enum machine_status machine_compact_begin(struct machine *m, const struct compact_request *rq)
{
	if (m->cc.active || (rq->order != -1 && (rq->order < 1 || rq->order > m->max_order)) ||
	    rq->mode < -1 || rq->mode > MIGRATE_SYNC)
		return MS_BAD_ARG;
	int mask = (1 << m->nzones) - 1;
	if (rq->zone >= 0) {
		int zi = machine_zone_index(m, rq->zone);
		if (zi < 0)
			return MS_BAD_ARG;
		mask = 1 << zi;
	}
	int mode = rq->mode >= 0 ? rq->mode : rq->order == -1 ? MIGRATE_SYNC : MIGRATE_SYNC_LIGHT;
	request_start(m, rq->order == -1 ? CK_FULL : CK_KCOMPACTD, rq->order, mode, mask, 0);
	m->cc.max_migrate = rq->max_migrate;
	return MS_OK;
}

enum machine_status machine_compact(struct machine *m, const struct compact_request *rq)
{
	enum machine_status st = machine_compact_begin(m, rq);
	if (st != MS_OK)
		return st;
	while (machine_compact_step(m))
		;
	return MS_OK;
}

void machine_compact_abort(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	if (!cc->active)
		return;
	if (cc->in_zone) {
		if (cc->phase == PH_ALLOC || cc->phase == PH_MOVE)
			return_unused_destinations(m);
		cc->nr_migratepages = 0;
		cc->last_result = COMPACT_CONTENDED;
		zone_end(m);
	}
	cc->stop = CSTOP_ABORTED;
	cc->active = 0;
}

bool machine_compact_running(const struct machine *m) { return m->cc.active; }

bool machine_compact_isolated_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order)
{
	uint32_t idx;
	if (!m->cc.active || !m->cc.in_zone || !pfn_to_idx(m, pfn, &idx))
		return false;
	for (int o = 0; o <= m->max_order; o++) {
		uint32_t h = idx & ~((1u << o) - 1);
		uint8_t s = m->pg_state[h];
		if (!(s & (PS_FREE | PS_ALLOC)) && (s & PS_ISOFREE) && (int)(s & PS_ORDER_MASK) >= o) {
			*head = idx_to_pfn(m, h);
			*order = s & PS_ORDER_MASK;
			return true;
		}
	}
	return false;
}
size_t machine_compact_freepages(const struct machine *m, uint64_t *pfn, int *order, size_t max)
{
	size_t n = 0;
	if (!m->cc.active)
		return 0;
	for (int o = 0; o <= m->max_order; o++)
		for (uint32_t i = m->cc.fp_head[o]; i != NIL; i = m->pg_link[i].next, n++)
			if (n < max) {
				pfn[n] = idx_to_pfn(m, i);
				order[n] = o;
			}
	return n;
}
bool machine_block_skip(const struct machine *m, uint64_t block) { return m->blocks[block].skip; }
void machine_compact_counters(const struct machine *m, struct compact_counters *out) { *out = m->ccount; }

static const char *phase_text(const struct compact_control *cc)
{
	if (!cc->active)
		return "done";
	switch (cc->phase) {
	case PH_NEXT_ZONE: return "start compact_zone() on the next zone";
	case PH_CHECK: return "compact_finished(), then isolate_migratepages()";
	case PH_ISOLATE: return "isolate_migratepages(): the migrate scanner looks for a source block";
	case PH_ALLOC: return "migrate_pages(): compaction_alloc() finds destinations (the free scanner runs when none is left)";
	case PH_MOVE: return "migrate_pages(): copy every source to its destination and free the source";
	default: return "end of compact_zone(): release unused free pages";
	}
}

void machine_compact_state(const struct machine *m, struct compact_state *out)
{
	const struct compact_control *cc = &m->cc;
	const struct zone *z = &m->zones[cc->zone];
	memset(out, 0, sizeof(*out));
	out->active = cc->active;
	out->zone = cc->zone;
	out->order = cc->order;
	out->mode = cc->mode;
	out->whole_zone = cc->whole_zone;
	out->migrate_pfn = cc->migrate_pfn;
	out->free_pfn = cc->free_pfn;
	out->zone_start = z->start_pfn;
	out->zone_end = zend(z);
	out->block = cc->block;
	out->phase = phase_text(cc);
	out->nr_migratepages = cc->nr_migratepages;
	out->nr_freepages = cc->nr_freepages;
	out->nsources = cc->nsrc;
	out->moved_step = cc->moved_step;
	out->last_result = cc->last_result;
	out->stop = cc->stop;
	out->total_migrate_scanned = cc->total_migrate_scanned;
	out->total_free_scanned = cc->total_free_scanned;
}

bool machine_compact_pair(const struct machine *m, size_t i, uint64_t *src_pfn, uint64_t *dst_pfn, bool *moved)
{
	const struct compact_control *cc = &m->cc;
	if (i >= cc->nsrc)
		return false;
	uint32_t k = list_at(cc, (uint32_t)i);
	*src_pfn = idx_to_pfn(m, cc->src[k]);
	*dst_pfn = cc->dst[k] == NIL ? UINT64_MAX : idx_to_pfn(m, cc->dst[k]);
	*moved = cc->dst[k] != NIL && (uint32_t)i < cc->batch_lo;
	return true;
}

/* ---- entry points for the slow path and kcompactd ------------------------ */
static void run_to_end(struct machine *m)
{
	while (machine_compact_step(m))
		;
}

int compact_zone_direct(struct machine *m, int zi, int order, int migratetype, int prio, uint32_t alloc_flags,
			int highest_zone, uint32_t *captured_idx)
{
	*captured_idx = NIL;
	if (m->cc.active)
		run_to_end(m);   /* a watched compaction finishes first */
	request_init(m, CK_DIRECT, order, MIGRATE_ASYNC, 1 << zi);
	m->cc.request_mt = migratetype;
	m->cc.request_prio = prio;
	setup_control(m);
	m->cc.suit_check = 1;
	m->cc.alloc_flags = alloc_flags;
	m->cc.highest_zone = (int8_t)highest_zone;
	m->capc.active = 1;
	m->capc.zone = zi;
	m->capc.order = order;
	m->capc.migratetype = m->grouping_disabled ? MT_UNMOVABLE : migratetype;
	m->capc.page = NIL;
	run_to_end(m);
	int ret = m->cc.last_result;
	if (m->capc.page != NIL) {
		*captured_idx = m->capc.page;
		ret = COMPACT_SUCCESS;
	}
	m->capc.active = 0;
	m->capc.page = NIL;
	return ret;
}

int compact_zone_kcompactd(struct machine *m, int zi, int order)
{
	if (compaction_deferred(m, zi, order))
		return COMPACT_DEFERRED;
	/* kcompactd_do_work(): highest_zoneidx is the zone's own index here. */
	int r = compaction_suit_allocation_order(m, zi, order, zi, ALLOC_WMARK_MIN);
	if (r != COMPACT_CONTINUE)
		return r;
	if (m->cc.active)
		run_to_end(m);
	request_start(m, CK_KCOMPACTD, order, MIGRATE_SYNC_LIGHT, 1 << zi, 0);
	m->cc.suit_check = 1;
	m->cc.highest_zone = (int8_t)zi;   /* alloc_flags stay 0: kcompactd sets none */
	run_to_end(m);
	int status = m->cc.last_result;
	if (status == COMPACT_SUCCESS)
		compaction_defer_reset(m, zi, order, false);
	else if (status == COMPACT_PARTIAL_SKIPPED || status == COMPACT_COMPLETE) {
		/* Pages stranded on pcp lists could coalesce: drain_all_pages(zone). */
		if (m->cfg.pcp)
			drain_pages_zone(m, zi, DRAIN_KCOMPACTD);
		defer_compaction(m, zi, order);
	}
	m->ccount.compact_daemon_migrate_scanned += m->cc.total_migrate_scanned;
	m->ccount.compact_daemon_free_scanned += m->cc.total_free_scanned;
	return status;
}

/* compaction_capture() (page_alloc.c). */
bool compaction_capture(struct machine *m, int zone, uint32_t idx, int order, int mt)
{
	struct capture_control *capc = &m->capc;
	if (!capc->active || capc->page != NIL || zone != capc->zone || order != capc->order)
		return false;
	if (mt == MT_CMA || mt == MT_ISOLATE)
		return false;
	/* No lower-order pollution of a movable block by a non-movable request. */
	if (order < m->pb_order && mt == MT_MOVABLE && capc->migratetype != MT_MOVABLE)
		return false;
	capc->page = idx;
	mark_touched(m, idx);
	struct event *ev = ev_new(m, EV_COMPACT_CAPTURE);
	ev->zone = (uint8_t)zone;
	ev->pfn = idx_to_pfn(m, idx);
	ev->order = (int8_t)order;
	ev->mt = (int8_t)mt;
	ev->fallback_mt = (int8_t)capc->migratetype;
	ev_commit(m, ev);
	return true;
}

/* Pages compaction holds off the lists: isolated free chunks, destinations
 * not yet used, a captured chunk. */
bool compaction_cover(const struct machine *m, uint8_t *cover, char *msg, size_t n)
{
	const struct compact_control *cc = &m->cc;
	if (cc->active && cc->in_zone) {
		for (int o = 0; o <= m->max_order; o++)
			for (uint32_t i = cc->fp_head[o]; i != NIL; i = m->pg_link[i].next) {
				if (m->pg_state[i] != (PS_ISOFREE | o)) {
					snprintf(msg, n, "isolated chunk idx %u: wrong page state", i);
					return false;
				}
				for (uint32_t p = i; p < i + (1u << o); p++)
					if (cover[p]++) {
						snprintf(msg, n, "page idx %u isolated and also elsewhere", p);
						return false;
					}
			}
		if (cc->phase == PH_ALLOC || cc->phase == PH_MOVE)
			for (uint32_t p = cc->batch_lo; p < cc->alloc_pos; p++) {
				uint32_t i = list_at(cc, p);
				int o = m->pg_state[cc->src[i]] & PS_ORDER_MASK;
				for (uint32_t q = cc->dst[i]; q < cc->dst[i] + (1u << o); q++)
					if (cover[q]++) {
						snprintf(msg, n, "destination page idx %u also elsewhere", q);
						return false;
					}
			}
	}
	if (m->capc.active && m->capc.page != NIL)
		for (uint32_t p = m->capc.page; p < m->capc.page + (1u << m->capc.order); p++)
			cover[p]++;
	return true;
}
