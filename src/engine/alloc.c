/* Allocation: get_page_from_freelist() -> rmqueue() -> rmqueue_pcplist()
 * or rmqueue_buddy() -> __rmqueue(), Debian 6.12.117 shape (the claim/steal
 * split backported in 6.12.29). Watermarks: wmark.c; pcp: pcp.c; the slow
 * path: slowpath.c.
 */
#include "internal.h"

/* fallbacks[] (mm/page_alloc.c): the order other types are tried in. */
static const int fallbacks[MT_PCPTYPES][MT_PCPTYPES - 1] = {
	[MT_UNMOVABLE] = { MT_RECLAIMABLE, MT_MOVABLE },
	[MT_MOVABLE] = { MT_RECLAIMABLE, MT_UNMOVABLE },
	[MT_RECLAIMABLE] = { MT_UNMOVABLE, MT_MOVABLE },
};

/* set_pageblock_migratetype(): with grouping off, any of the three pcp
 * types is stored as UNMOVABLE. */
void set_pageblock_migratetype(struct machine *m, uint32_t block, int mt)
{
	if (m->grouping_disabled && mt < MT_PCPTYPES)
		mt = MT_UNMOVABLE;
	block_set_type(m, block, mt);
}

/* change_pageblock_range(): every block a chunk of order >= PB covers. */
uint32_t change_pageblock_range(struct machine *m, uint32_t idx, int order, int mt)
{
	uint32_t n = order >= m->pb_order ? 1u << (order - m->pb_order) : 1;
	for (uint32_t i = 0; i < n; i++)
		set_pageblock_migratetype(m, (idx >> m->pb_order) + i, mt);
	return n;
}

/* expand(): split from the top, pushing each upper half at the list head;
 * the caller keeps the lowest 1 << low pages. */
static void expand(struct machine *m, int zone, uint32_t idx, int low, int high, int mt)
{
	while (high > low) {
		high--;
		list_add(m, zone, idx + (1u << high), high, mt, false);
	}
}

/* Why the pages came from the list they came from (EV_ALLOC's c). */
enum alloc_how {
	HOW_OWN,            /* the request's own lists, or after a claim */
	HOW_CMA_BALANCE,    /* __rmqueue(): free CMA > NR_FREE_PAGES / 2 */
	HOW_CMA_FALLBACK,   /* __rmqueue_cma_fallback() after the own lists */
	HOW_HA_FIRST,       /* rmqueue_buddy(): ALLOC_HIGHATOMIC tries HighAtomic first */
	HOW_HA_LAST,        /* rmqueue_buddy(): last resort for ALLOC_NON_BLOCK */
};

/* __rmqueue_smallest(): the head of the smallest non-empty list of mt. */
static uint32_t rmqueue_smallest(struct machine *m, int zone, int order, int mt, struct alloc_path *path)
{
	for (int o = order; o <= m->max_order; o++) {
		uint32_t idx = list_head(m, zone, o, mt);
		if (idx == NIL)
			continue;
		list_del(m, zone, idx, o);
		expand(m, zone, idx, order, o, mt);
		path->cur_order = o;
		path->list_mt = mt;
		path->via = VIA_SMALLEST;
		path->how = HOW_OWN;
		return idx;
	}
	return NIL;
}

/* can_steal_fallback(): may this fallback claim the whole block? */
static bool can_steal_fallback(const struct machine *m, int cur, int T)
{
	if (cur >= m->pb_order)
		return true;
	return cur >= m->pb_order / 2 || T == MT_RECLAIMABLE || T == MT_UNMOVABLE ||
	       m->grouping_disabled;
}

/* find_suitable_fallback(..., only_stealable=false): the first non-empty
 * type of fallbacks[T] at this order. `from` (the steal step) keeps only
 * that type of the row. Returns -1 if none. */
int find_suitable_fallback(const struct machine *m, int zone, int cur, int T, int from, bool *can_steal)
{
	const struct zone *z = &m->zones[zone];
	if (z->nr_free[cur] == 0)
		return -1;
	*can_steal = false;
	for (int i = 0; i < MT_PCPTYPES - 1; i++) {
		int F = fallbacks[T][i];
		if (from >= 0 && F != from)
			continue;
		if (z->lists[cur][F].count == 0)
			continue;
		*can_steal = can_steal_fallback(m, cur, T);
		return F;
	}
	return -1;
}

/* __move_freepages_block(): every free chunk of the block, walked in pfn
 * order, moves to the tail of the new type's list; then the block's type. */
uint32_t move_freepages_block(struct machine *m, int zone, uint32_t block, int new_mt)
{
	uint32_t start = block << m->pb_order, end = start + m->pb_pages, moved = 0;
	for (uint32_t idx = start; idx < end;) {
		int o = free_head_order(m, idx);
		if (o >= 0) {
			list_move_tail(m, zone, idx, o, new_mt);
			moved += 1u << o;
			idx += 1u << o;
		} else if (is_alloc_head(m, idx)) {
			idx += 1u << (m->pg_state[idx] & PS_ORDER_MASK);
		} else {
			idx++;
		}
	}
	set_pageblock_migratetype(m, block, new_mt);
	return moved;
}

/* A fallback-path event with the fields every one of them carries: the
 * zone, the requested order, the foreign chunk's order and both types. */
static struct event *ev_fallback(struct machine *m, int kind, int zone, int order, int cur, int T, int F)
{
	struct event *ev = ev_new(m, kind);
	ev->zone = (uint8_t)zone;
	ev->order = (int8_t)order;
	ev->cur_order = (int8_t)cur;
	ev->mt = (int8_t)T;
	ev->fallback_mt = (int8_t)F;
	return ev;
}

static void emit_extfrag(struct machine *m, int zone, uint32_t idx, int order, int cur, int T, int F)
{
	/* trace_mm_page_alloc_extfrag(): change_ownership compares the
	 * returned page's block type with the requested type. */
	bool change = block_type_of(m, idx) == T;
	struct event *ev = ev_fallback(m, EV_EXTFRAG, zone, order, cur, T, F);
	ev->pfn = idx_to_pfn(m, idx);
	ev->flag = change;
	ev->block = idx >> m->pb_order;
	m->fallback_events++;
	if (change)
		m->claim_events++;
	else
		m->steal_events++;
	ev_commit(m, ev);
}

/* try_to_steal_block() (try_to_claim_block in later kernels). */
static uint32_t try_to_steal_block(struct machine *m, int zone, uint32_t chunk, int cur, int order, int T, int F,
				   uint32_t flags, struct alloc_path *path)
{
	int B = block_type_of(m, chunk);
	uint32_t block = chunk >> m->pb_order;

	if (B == MT_HIGHATOMIC)
		return NIL;
	if (cur >= m->pb_order) {
		/* Whole blocks: take ownership without counting. */
		list_del(m, zone, chunk, cur);
		uint32_t n = change_pageblock_range(m, chunk, cur, T);
		expand(m, zone, chunk, order, cur, T);
		struct event *ev = ev_fallback(m, EV_CLAIM_BLOCKS, zone, order, cur, T, F);
		ev->pfn2 = idx_to_pfn(m, chunk);
		ev->block = block;
		ev->a = n;
		ev_commit(m, ev);
		/* The chunk left F's list; expand() put the rest on T's. */
		path->cur_order = cur;
		path->list_mt = F;
		path->via = VIA_CLAIM_BLOCK;
		path->how = HOW_OWN;
		return chunk;
	}
	/* boost_watermark(): raise reclaim pressure; with ALLOC_KSWAPD the
	 * zone is flagged so that rmqueue() wakes kswapd. Modelled only with
	 * watermarks on (the boost acts on nothing else). */
	if (m->cfg.watermarks && boost_watermark(m, zone)) {
		struct event *bev = ev_new(m, EV_BOOST);
		bev->zone = (uint8_t)zone;
		bev->a = (uint32_t)m->zones[zone].boost;
		bev->block = block;
		if (flags & ALLOC_KSWAPD) {
			m->zones[zone].flags |= ZF_BOOSTED_WATERMARK;
			bev->flag = 1;
		}
		ev_commit(m, bev);
	}
	/* prep_move_freepages_block(): the counters are what its pfn walk
	 * counts; every page of a live movable allocation is PageLRU. The
	 * block always lies inside its zone (zones are max-order aligned). */
	const struct block *b = &m->blocks[block];
	/* Pages on pcp lists are neither free nor PageLRU. */
	uint32_t free_pages = b->free, movable = b->alloc[MT_MOVABLE] - b->pcp_movable, alike;
	if (T == MT_MOVABLE)
		alike = movable;
	else if (B == MT_MOVABLE)
		alike = m->pb_pages - (free_pages + movable);
	else
		alike = 0;
	uint32_t threshold = 1u << (m->pb_order - 1);
	struct event *ev;
	if (free_pages + alike >= threshold || m->grouping_disabled) {
		uint32_t moved = move_freepages_block(m, zone, block, T);
		ev = ev_fallback(m, EV_CLAIM_MOVE, zone, order, cur, T, F);
		ev->c = moved;
	} else {
		ev = ev_fallback(m, EV_CLAIM_REFUSED, zone, order, cur, T, F);
		ev->c = threshold;
	}
	ev->block = block;
	ev->pfn2 = idx_to_pfn(m, chunk);
	ev->a = free_pages;
	ev->b = alike;
	ev->flag = m->grouping_disabled;
	bool claimed = ev->kind == EV_CLAIM_MOVE;
	ev_commit(m, ev);
	if (!claimed)
		return NIL;
	return rmqueue_smallest(m, zone, order, T, path);
}

/* __rmqueue_claim(): largest foreign chunk first; only the first non-empty
 * fallback type per order and only its head chunk are considered. */
static uint32_t rmqueue_claim(struct machine *m, int zone, int order, int T, uint32_t flags, int from,
			      struct alloc_path *path)
{
	int min_order = order;
	if (order < m->pb_order && (flags & ALLOC_NOFRAGMENT))
		min_order = m->pb_order;
	for (int cur = m->max_order; cur >= min_order; cur--) {
		bool can_steal;
		int F = find_suitable_fallback(m, zone, cur, T, from, &can_steal);
		if (F < 0)
			continue;
		if (!can_steal) {
			ev_commit(m, ev_fallback(m, EV_CLAIM_BREAK, zone, order, cur, T, F));
			break;
		}
		uint32_t chunk = list_head(m, zone, cur, F);
		uint32_t got = try_to_steal_block(m, zone, chunk, cur, order, T, F, flags, path);
		if (got != NIL) {
			emit_extfrag(m, zone, got, order, cur, T, F);
			return got;
		}
	}
	return NIL;
}

/* __rmqueue_steal(): smallest foreign chunk; the remainder keeps its type. */
static uint32_t rmqueue_steal(struct machine *m, int zone, int order, int T, int from, struct alloc_path *path)
{
	for (int cur = order; cur <= m->max_order; cur++) {
		bool can_steal;
		int F = find_suitable_fallback(m, zone, cur, T, from, &can_steal);
		if (F < 0)
			continue;
		uint32_t chunk = list_head(m, zone, cur, F);
		list_del(m, zone, chunk, cur);
		expand(m, zone, chunk, order, cur, F);
		struct event *ev = ev_fallback(m, EV_STEAL, zone, order, cur, T, F);
		ev->pfn = idx_to_pfn(m, chunk);
		ev->block = chunk >> m->pb_order;
		ev_commit(m, ev);
		emit_extfrag(m, zone, chunk, order, cur, T, F);
		path->cur_order = cur;
		path->list_mt = F;
		path->via = VIA_STEAL;
		path->how = HOW_OWN;
		return chunk;
	}
	return NIL;
}

/* __rmqueue(): the CMA balance rule, then each mode falls through to the
 * next; rmqueue_bulk() keeps the mode across its batch, rmqueue_buddy()
 * starts every call at NORMAL. */
static uint32_t rmqueue_path(struct machine *m, int zone, int order, int T, uint32_t flags, int *mode,
			     struct alloc_path *path)
{
	const struct zone *z = &m->zones[zone];
	uint32_t idx;
	uint64_t cma = z->nr_free_cma, nr_free = z->nr_free_pages;
	/* Balance movable allocations between regular and CMA areas: CMA
	 * first when it holds over half of the zone's free memory. */
	if ((flags & ALLOC_CMA) && cma > nr_free / 2) {
		idx = rmqueue_smallest(m, zone, order, MT_CMA, path);
		if (idx != NIL) {
			path->how = HOW_CMA_BALANCE;
			path->cma_free = cma;
			path->nr_free = nr_free;
			return idx;
		}
	}
	switch (*mode) {
	case RMQUEUE_NORMAL:
		idx = rmqueue_smallest(m, zone, order, T, path);
		if (idx != NIL)
			return idx;
		/* fallthrough */
	case RMQUEUE_CMA:
		if (flags & ALLOC_CMA) {
			idx = rmqueue_smallest(m, zone, order, MT_CMA, path);
			if (idx != NIL) {
				*mode = RMQUEUE_CMA;
				path->how = HOW_CMA_FALLBACK;
				path->cma_free = cma;
				path->nr_free = nr_free;
				return idx;
			}
		}
		/* fallthrough */
	case RMQUEUE_CLAIM:
		idx = rmqueue_claim(m, zone, order, T, flags, -1, path);
		if (idx != NIL) {
			*mode = RMQUEUE_NORMAL;
			return idx;
		}
		/* fallthrough */
	default:
		if (!(flags & ALLOC_NOFRAGMENT)) {
			idx = rmqueue_steal(m, zone, order, T, -1, path);
			if (idx != NIL) {
				*mode = RMQUEUE_STEAL;
				return idx;
			}
		}
		return NIL;
	}
}

uint32_t rmqueue_mode(struct machine *m, int zone, int order, int T, uint32_t flags, int *mode)
{
	struct alloc_path path = { .list_mt = T };
	return rmqueue_path(m, zone, order, T, flags, mode, &path);
}

/* rmqueue_buddy(): the HighAtomic lists first with ALLOC_HIGHATOMIC, then
 * __rmqueue(), then the HighAtomic lists as a last resort for
 * ALLOC_NON_BLOCK (and ALLOC_OOM) requests. */
static uint32_t rmqueue_buddy(struct machine *m, int zone, int order, int T, uint32_t flags, struct alloc_path *path)
{
	uint32_t idx = NIL;
	if (flags & ALLOC_HIGHATOMIC) {
		idx = rmqueue_smallest(m, zone, order, MT_HIGHATOMIC, path);
		if (idx != NIL)
			path->how = HOW_HA_FIRST;
	}
	if (idx == NIL) {
		int mode = RMQUEUE_NORMAL;
		idx = rmqueue_path(m, zone, order, T, flags, &mode, path);
		if (idx == NIL && (flags & (ALLOC_NON_BLOCK | ALLOC_OOM))) {
			idx = rmqueue_smallest(m, zone, order, MT_HIGHATOMIC, path);
			if (idx != NIL)
				path->how = HOW_HA_LAST;
		}
	}
	return idx;
}

/* rmqueue(): pcp-eligible orders through the pcp list first, then
 * rmqueue_buddy(); a zone flagged ZONE_BOOSTED_WATERMARK wakes kswapd. */
static uint32_t rmqueue(struct machine *m, int zone, int order, int T, uint32_t flags, struct alloc_path *path)
{
	uint32_t idx = NIL;
	path->from_pcp = false;
	if (m->cfg.pcp && pcp_allowed_order(order)) {
		idx = rmqueue_pcplist(m, zone, order, T, flags);
		if (idx != NIL) {
			path->cur_order = order;
			path->list_mt = T;
			path->how = HOW_OWN;
			path->via = VIA_PCP;
			path->from_pcp = true;
		}
	}
	if (idx == NIL)
		idx = rmqueue_buddy(m, zone, order, T, flags, path);
	struct zone *z = &m->zones[zone];
	if ((flags & ALLOC_KSWAPD) && (z->flags & ZF_BOOSTED_WATERMARK)) {
		z->flags &= ~ZF_BOOSTED_WATERMARK;
		wakeup_kswapd(m, zone, 0, zone);
	}
	return idx;
}

int preferred_zone(const struct machine *m, int zone_id)
{
	if (zone_id < 0)
		return m->nzones - 1;
	int zi = machine_zone_index(m, zone_id);
	return zi;
}

/* Hands the pages to the caller: allocation head, counters, tag index. */
static enum machine_status commit_alloc(struct machine *m, int zone, uint32_t idx, const struct alloc_request *rq,
					const struct alloc_path *path, uint64_t *pfn_out)
{
	uint64_t index = tag_add_alloc(m, rq->tag, idx, rq->order, rq->type);
	if (index == UINT64_MAX) {
		free_pages_kernel(m, idx, rq->order, 0);
		return MS_OUT_OF_HOST_MEMORY;
	}
	mark_touched(m, idx);
	m->pg_state[idx] = (uint8_t)(PS_ALLOC | rq->order);
	m->pg_link[idx].next = rq->tag;
	m->pg_link[idx].prev = (uint32_t)index;
	block_add_alloc(m, idx, rq->order, rq->type, +1);
	m->allocs_live++;

	uint64_t pfn = zone_idx_to_pfn(m, zone, idx);
	ev_emit(m, (struct event){
		.kind = EV_ALLOC, .zone = (uint8_t)zone, .pfn = pfn, .block = idx >> m->pb_order,
		.order = (int8_t)rq->order, .cur_order = (int8_t)path->cur_order, .mt = (int8_t)path->list_mt,
		.fallback_mt = (int8_t)rq->type, .flag = (uint8_t)path->via, .tag = rq->tag, .index = index,
		.c = (uint32_t)path->how, .a = (uint32_t)path->cma_free, .b = (uint32_t)path->nr_free,
	});
	if (rq->type == MT_RECLAIMABLE) {
		m->zones[zone].rcl_pages += 1u << rq->order;
		rcl_note_alloc(m, rq->tag, index);
	}
	if (pfn_out)
		*pfn_out = pfn;
	return MS_OK;
}

static enum machine_status fail_alloc(struct machine *m, int zone, const struct alloc_request *rq)
{
	m->allocs_failed++;
	struct event *ev = ev_new(m, EV_ALLOC_FAIL);
	ev->zone = (uint8_t)zone;
	ev->order = (int8_t)rq->order;
	ev->mt = (int8_t)rq->type;
	ev->fallback_mt = (int8_t)(m->in_steal_step ? rq->steal_from : -1);
	ev->tag = rq->tag;
	ev_commit(m, ev);
	return MS_NOMEM_SIM;
}

static bool request_valid(const struct machine *m, const struct alloc_request *rq, int *zp)
{
	if (rq->type < 0 || rq->type >= MT_PCPTYPES || rq->order < 0 || rq->order > m->max_order ||
	    rq->tag >= m->ntags || ((rq->flags & REQ_CMA) && (!m->cfg.cma || rq->type != MT_MOVABLE)))
		return false;
	*zp = preferred_zone(m, rq->zone);
	return *zp >= 0;
}

static void ev_zone_mark(struct machine *m, int kind, int zone, int order, int T, uint64_t mark, int which)
{
	struct event *ev = ev_new(m, kind);
	ev->zone = (uint8_t)zone;
	ev->order = (int8_t)order;
	ev->mt = (int8_t)T;
	ev->a = (uint32_t)m->zones[zone].nr_free_pages;
	ev->b = (uint32_t)mark;
	ev->c = (uint32_t)which;
	/* flag: the free count passed (with the 2^order - 1 pages a high-order
	 * request does not count), so what failed is the free-chunk test. */
	int64_t f = (int64_t)m->zones[zone].nr_free_pages - ((1ll << order) - 1);
	ev->flag = order > 0 && zone_watermark_ok(m, zone, 0, mark, zone, ALLOC_CMA, f);
	ev_commit(m, ev);
}

/* get_page_from_freelist(): walk the zonelist from the preferred zone
 * down. Per zone, unless ZONE_BELOW_HIGH is set, the high mark first
 * (failing it sets the flag), then the mark alloc_flags select; a zone
 * failing it is skipped (node reclaim is off). With ALLOC_NOFRAGMENT
 * (alloc_flags_nofragment(): preferred zone Normal, single node) a failed
 * walk is retried without it. */
uint32_t get_page_from_freelist(struct machine *m, int zp, int order, int T, uint32_t flags, int *zone_out,
				struct alloc_path *path)
{
	bool check = m->cfg.watermarks && !(flags & ALLOC_NO_WATERMARKS);
	for (;;) {
		bool no_fallback = (flags & ALLOC_NOFRAGMENT) != 0;
		for (int zi = zp; zi >= 0; zi--) {
			struct zone *z = &m->zones[zi];
			if (check) {
				bool ok = false;
				if (!(z->flags & ZF_BELOW_HIGH)) {
					ok = zone_watermark_fast(m, zi, order, wmark_pages(z, WMARK_HIGH), zp, flags);
					if (!ok) {
						z->flags |= ZF_BELOW_HIGH;
						ev_zone_mark(m, EV_BELOW_HIGH, zi, order, T, wmark_pages(z, WMARK_HIGH),
							     WMARK_HIGH);
					}
				}
				int which = (int)(flags & ALLOC_WMARK_MASK);
				if (!ok && !zone_watermark_fast(m, zi, order, wmark_pages(z, which), zp, flags)) {
					ev_zone_mark(m, EV_WMARK_FAIL, zi, order, T, wmark_pages(z, which), which);
					continue;
				}
			}
			uint32_t idx = rmqueue(m, zi, order, T, flags, path);
			if (idx != NIL) {
				*zone_out = zi;
				path->flags = flags;
				return idx;
			}
		}
		if (!no_fallback)
			return NIL;
		flags &= ~ALLOC_NOFRAGMENT;
		struct event *ev = ev_new(m, EV_NOFRAG_RETRY);
		ev->zone = (uint8_t)zp;
		ev->order = (int8_t)order;
		ev->mt = (int8_t)T;
		ev_commit(m, ev);
	}
}

/* The alloc_context and alloc_flags of a request's first attempt: the
 * fast path's (__alloc_pages_noprof(): ALLOC_WMARK_LOW, ALLOC_KSWAPD,
 * ALLOC_NOFRAGMENT by alloc_flags_nofragment() when the preferred zone is
 * Normal); with watermarks off, a high-priority atomic request gets the
 * slow path's flags at once (contract: gfp_to_alloc_flags() for
 * GFP_ATOMIC: ALLOC_NON_BLOCK, ALLOC_HIGHATOMIC for order > 0 in
 * 6.12.117, never ALLOC_NOFRAGMENT). gfp_to_alloc_flags_cma() adds
 * ALLOC_CMA when gfp_migratetype() is MOVABLE (never with grouping off). */
static void prepare_alloc(struct machine *m, const struct alloc_request *rq, int zp)
{
	/* gfp_migratetype(): everything is UNMOVABLE with grouping off. */
	int T = m->grouping_disabled ? MT_UNMOVABLE : rq->type;
	uint32_t flags = ALLOC_WMARK_LOW | ALLOC_KSWAPD;
	if (m->cfg.cma && T == MT_MOVABLE)
		flags |= ALLOC_CMA;
	if ((rq->flags & REQ_HIGHATOMIC) && !m->cfg.watermarks) {
		flags |= ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE;
		if (rq->order > 0)
			flags |= ALLOC_HIGHATOMIC;
	} else if (m->zones[zp].id == ZONE_NORMAL) {
		flags |= ALLOC_NOFRAGMENT;
	}
	m->ac = (struct alloc_ctx){ .preferred_zone = zp, .migratetype = T, .order = rq->order, .alloc_flags = flags };
}

/* __alloc_pages_noprof(): get_page_from_freelist() with the first
 * attempt's flags, then, with watermarks on, the slow path. A success with
 * ALLOC_HIGHATOMIC calls reserve_highatomic_pageblock(). */
enum machine_status machine_alloc(struct machine *m, const struct alloc_request *rq, uint64_t *pfn_out)
{
	int zp;
	if (!request_valid(m, rq, &zp))
		return MS_BAD_ARG;
	return alloc_pages_checked(m, rq, zp, pfn_out);
}

enum machine_status alloc_pages_checked(struct machine *m, const struct alloc_request *rq, int zp, uint64_t *pfn_out)
{
	prepare_alloc(m, rq, zp);
	int T = m->ac.migratetype;
	struct alloc_path path = { .list_mt = T };
	int zi = zp;
	uint32_t idx = get_page_from_freelist(m, zp, rq->order, T, m->ac.alloc_flags, &zi, &path);
	if (idx == NIL && m->cfg.watermarks)
		idx = alloc_slowpath(m, zp, rq->order, T, rq->type, (rq->flags & REQ_HIGHATOMIC) != 0, &zi, &path);
	if (idx != NIL) {
		enum machine_status st = commit_alloc(m, zi, idx, rq, &path, pfn_out);
		if (st == MS_OK && (path.flags & ALLOC_HIGHATOMIC))
			reserve_highatomic_pageblock(m, idx, rq->order, zi);
		return st;
	}
	return fail_alloc(m, zp, rq);
}

/* The contract's `steal` step: __rmqueue_claim then __rmqueue_steal only,
 * zone by zone from the preferred one, never ALLOC_NOFRAGMENT. */
enum machine_status machine_steal(struct machine *m, const struct alloc_request *rq, uint64_t *pfn_out)
{
	int zp;
	if (!request_valid(m, rq, &zp))
		return MS_BAD_ARG;
	int T = m->grouping_disabled ? MT_UNMOVABLE : rq->type;
	struct alloc_path path = { .list_mt = T };
	enum machine_status st = MS_NOMEM_SIM;
	m->in_steal_step = 1;
	for (int zi = zp; zi >= 0; zi--) {
		uint32_t idx = rmqueue_claim(m, zi, rq->order, T, ALLOC_KSWAPD, rq->steal_from, &path);
		if (idx == NIL)
			idx = rmqueue_steal(m, zi, rq->order, T, rq->steal_from, &path);
		if (idx != NIL) {
			st = commit_alloc(m, zi, idx, rq, &path, pfn_out);
			break;
		}
	}
	if (st == MS_NOMEM_SIM)
		fail_alloc(m, zp, rq);
	/* A below-pageblock claim attempt boosted a zone: wake kswapd as
	 * rmqueue() does after any allocation attempt. */
	for (int zi = zp; zi >= 0; zi--)
		if (m->zones[zi].flags & ZF_BOOSTED_WATERMARK) {
			m->zones[zi].flags &= ~ZF_BOOSTED_WATERMARK;
			wakeup_kswapd(m, zi, 0, zi);
		}
	m->in_steal_step = 0;
	return st;
}
