/* The slow path as the contract's discrete model (scenario-format.md
 * section 7, "Watermarks and the slow path"; linux-6.12-page-allocator.md
 * 8.3): __alloc_pages_slowpath() with wake_all_kswapds(),
 * __alloc_pages_direct_compact() / try_to_compact_pages(),
 * __alloc_pages_direct_reclaim(), should_reclaim_retry(),
 * should_compact_retry() and the point where the kernel would call the OOM
 * killer; kswapd (balance_pgdat()) and kcompactd at the end of the step.
 *
 * Requests are GFP_KERNEL-like (direct reclaim, compaction, kswapd) or,
 * with the highatomic flag, GFP_ATOMIC (__GFP_HIGH, kswapd, no direct
 * reclaim). Neither has __GFP_NORETRY, __GFP_RETRY_MAYFAIL or __GFP_NOFAIL.
 */
#include "internal.h"

#define SWAP_CLUSTER_MAX 32
#define MAX_RECLAIM_RETRIES 16
#define MAX_COMPACT_RETRIES 16
#define COMPACT_MAX_DEFER_SHIFT 6

/* enum compact_priority (include/linux/compaction.h). */
enum { PRIO_SYNC_FULL, PRIO_SYNC_LIGHT, PRIO_ASYNC };
#define MIN_COMPACT_PRIORITY PRIO_SYNC_FULL
#define MIN_COMPACT_COSTLY_PRIORITY PRIO_SYNC_LIGHT
#define DEF_COMPACT_PRIORITY PRIO_SYNC_LIGHT
#define INIT_COMPACT_PRIORITY PRIO_ASYNC

/* ---- events ---- */
static void ev_sp(struct machine *m, int kind, int zone, int order, int T, uint32_t a, uint32_t b, uint32_t c)
{
	struct event *ev = ev_new(m, kind);
	ev->zone = (uint8_t)zone;
	ev->order = (int8_t)order;
	ev->mt = (int8_t)T;
	ev->a = a;
	ev->b = b;
	ev->c = c;
	ev_commit(m, ev);
}

static uint32_t u32(uint64_t x) { return x > UINT32_MAX ? UINT32_MAX : (uint32_t)x; }

/* ---- kswapd --------------------------------------------------------------- */
/* wakeup_kswapd(): records the order and the highest zone index; kswapd
 * itself runs at the end of the step (kswapd_run). */
void wakeup_kswapd(struct machine *m, int zone, int order, int highest_zone)
{
	if (m->in_kswapd)
		return;
	bool news = m->kswapd_zone < 0 || highest_zone > m->kswapd_zone || order > m->kswapd_order;
	if (m->kswapd_zone < highest_zone)
		m->kswapd_zone = highest_zone;
	if (m->kswapd_order < order)
		m->kswapd_order = order;
	if (news)
		ev_sp(m, EV_KSWAPD_WAKE, zone, order, 0, (uint32_t)m->zones[zone].nr_free_pages,
		      u32(wmark_pages(&m->zones[zone], WMARK_HIGH)), (uint32_t)m->zones[zone].boost);
}

/* enum compact_result (compaction.h), as compact_zone_direct() returns. */
enum {
	CR_NOT_SUITABLE_ZONE, CR_SKIPPED, CR_DEFERRED, CR_NO_SUITABLE_PAGE, CR_CONTINUE,
	CR_COMPLETE, CR_PARTIAL_SKIPPED, CR_CONTENDED, CR_SUCCESS
};

/* unreserve_highatomic_pageblock(ac, force) (highatomic.c): the block
 * goes to ac->migratetype, which prepare_alloc() set to T. */
static bool unreserve(struct machine *m, int zp, int T, bool force)
{
	(void)T;
	return unreserve_highatomic_pageblock(m, zp, force);
}

/* kswapd at the end of the step: balance_pgdat() reclaiming every zone up
 * to the woken highest zone that is below its high mark plus boost (in
 * SWAP_CLUSTER_MAX batches, ZONE_RECLAIM_ACTIVE set meanwhile), clearing
 * the boosts, then kcompactd for an order > 0 wake-up. */
void kswapd_run(struct machine *m)
{
	if (m->kswapd_zone < 0)
		return;
	int hz = m->kswapd_zone, order = m->kswapd_order;
	m->kswapd_zone = m->kswapd_order = -1;
	m->in_kswapd = 1;
	for (int zi = 0; zi <= hz; zi++) {
		struct zone *z = &m->zones[zi];
		uint64_t mark = wmark_pages(z, WMARK_HIGH), freed = 0, before = z->nr_free_pages;
		bool ok = zone_watermark_ok(m, zi, 0, mark, zi, 0, (int64_t)z->nr_free_pages);
		if (!ok) {
			z->flags |= ZF_RECLAIM_ACTIVE;
			while (!zone_watermark_ok(m, zi, 0, mark, zi, 0, (int64_t)z->nr_free_pages)) {
				uint64_t got = reclaim_pages(m, SWAP_CLUSTER_MAX, -1, zi);
				if (!got)
					break;
				freed += got;
			}
			z->flags &= ~ZF_RECLAIM_ACTIVE;
		}
		struct event *ev = ev_new(m, EV_KSWAPD);
		ev->zone = (uint8_t)zi;
		ev->a = u32(before);
		ev->b = u32(mark);
		ev->c = u32(freed);
		ev->pfn = z->nr_free_pages;
		ev->pfn2 = z->boost;
		ev->flag = ok;
		ev_commit(m, ev);
		z->boost = 0;
	}
	if (order > 0) {
		for (int zi = 0; zi <= hz; zi++) {
			/* The contract runs kcompactd's `compact: {order: N}`
			 * (kcompactd's compact_control, without its deferral
			 * and suitability gates). */
			ev_sp(m, EV_KCOMPACTD, zi, order, 0, 0, 0, 0);
			struct compact_request crq = { .order = order, .mode = -1, .zone = m->zones[zi].id };
			machine_compact(m, &crq);
		}
	}
	m->in_kswapd = 0;
}

void machine_end_step(struct machine *m)
{
	kswapd_run(m);
}

/* ---- direct compaction -------------------------------------------------- */
/* __alloc_pages_direct_compact() with try_to_compact_pages(). */
static uint32_t direct_compact(struct machine *m, int zp, int order, int T, uint32_t flags, int prio, int *result,
			       int *zone_out, struct alloc_path *path)
{
	if (!order)
		return NIL;
	int rc = CR_SKIPPED;
	uint32_t page = NIL;
	int pzone = -1;
	for (int zi = zp; zi >= 0; zi--) {
		if (prio > MIN_COMPACT_PRIORITY && compaction_deferred(m, zi, order)) {
			if (rc < CR_DEFERRED)
				rc = CR_DEFERRED;
			ev_sp(m, EV_DIRECT_COMPACT, zi, order, T, (uint32_t)prio, CR_DEFERRED, 0);
			continue;
		}
		uint32_t cap = NIL;
		int status = compact_zone_direct(m, zi, order, T, prio, flags, zp, &cap);
		ev_sp(m, EV_DIRECT_COMPACT, zi, order, T, (uint32_t)prio, (uint32_t)status, cap != NIL);
		if (status > rc)
			rc = status;
		if (cap != NIL) {
			page = cap;
			pzone = zi;
		}
		if (status == CR_SUCCESS) {
			compaction_defer_reset(m, zi, order, false);
			break;
		}
		if (prio != PRIO_ASYNC && (status == CR_COMPLETE || status == CR_PARTIAL_SKIPPED))
			defer_compaction(m, zi, order);
	}
	*result = rc;
	if (rc == CR_SKIPPED)
		return NIL;
	if (page != NIL) {
		*zone_out = pzone;
		path->cur_order = order;
		path->list_mt = T;
		path->from_pcp = false;
	} else {
		page = get_page_from_freelist(m, zp, order, T, flags, zone_out, path);
	}
	if (page != NIL) {
		m->zones[*zone_out].compact_blockskip_flush = false;
		compaction_defer_reset(m, *zone_out, order, true);
	}
	return page;
}

/* should_compact_retry() */
static bool should_compact_retry(struct machine *m, int zp, int order, uint32_t flags, int result, int *prio,
				 int *retries)
{
	if (!order)
		return false;
	if (result == CR_SKIPPED) {
		/* compaction_zonelist_suitable(): would __compaction_suitable()
		 * pass once reclaim freed more? */
		for (int zi = zp; zi >= 0; zi--) {
			const struct zone *z = &m->zones[zi];
			/* Only a share of the reclaimable pages counts:
			 * zone_reclaimable_pages() / order. */
			int64_t available = (int64_t)(z->nr_free_pages + z->rcl_pages / (uint64_t)order);
			if (compaction_watermark_suitable(m, zi, order, zp, available))
				return true;
		}
		return false;
	}
	if (result == CR_SUCCESS) {
		int max = MAX_COMPACT_RETRIES;
		if (order > PAGE_ALLOC_COSTLY_ORDER)
			max /= 4;
		if (++*retries <= max)
			return true;
	}
	int min_prio = order > PAGE_ALLOC_COSTLY_ORDER ? MIN_COMPACT_COSTLY_PRIORITY : MIN_COMPACT_PRIORITY;
	if (*prio > min_prio) {
		(*prio)--;
		*retries = 0;
		return true;
	}
	return false;
}

/* ---- direct reclaim ------------------------------------------------------ */
/* __alloc_pages_direct_reclaim(): try_to_free_pages() frees at least
 * max(SWAP_CLUSTER_MAX, 2^order) pages by the reclaim definition; after
 * progress one retry, then unreserve_highatomic_pageblock(ac, false) and
 * drain_all_pages() and one more. */
static uint32_t direct_reclaim(struct machine *m, int zp, int order, int T, uint32_t flags, uint64_t *progress,
			       int *zone_out, struct alloc_path *path)
{
	uint64_t want = (1ull << order) > SWAP_CLUSTER_MAX ? 1ull << order : SWAP_CLUSTER_MAX;
	*progress = reclaim_pages(m, want, zp, -1);
	ev_sp(m, EV_DIRECT_RECLAIM, zp, order, T, u32(*progress), u32(want), 0);
	if (!*progress)
		return NIL;
	uint32_t idx = get_page_from_freelist(m, zp, order, T, flags, zone_out, path);
	if (idx != NIL)
		return idx;
	bool unres = unreserve(m, zp, T, false);
	ev_sp(m, EV_DRAIN_RETRY, zp, order, T, unres, 0, 0);
	drain_all_pages(m, DRAIN_SLOWPATH);
	return get_page_from_freelist(m, zp, order, T, flags, zone_out, path);
}

/* should_reclaim_retry() */
static bool should_reclaim_retry(struct machine *m, int zp, int order, int T, uint32_t flags, bool progress,
				 int *no_progress_loops)
{
	bool ret = false;
	if (progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops <= MAX_RECLAIM_RETRIES) {
		for (int zi = zp; zi >= 0; zi--) {
			const struct zone *z = &m->zones[zi];
			int64_t available = (int64_t)(z->rcl_pages + z->nr_free_pages);
			if (zone_watermark_ok(m, zi, order, wmark_pages(z, WMARK_MIN), zp, flags, available)) {
				ret = true;
				break;
			}
		}
	}
	if (!ret) {
		/* Before OOM, exhaust the highatomic reserve. */
		ret = unreserve(m, zp, T, true);
		ev_sp(m, EV_RETRY, zp, order, T, 0, (uint32_t)*no_progress_loops, ret ? 2 : 0);
		return ret;
	}
	ev_sp(m, EV_RETRY, zp, order, T, 0, (uint32_t)*no_progress_loops, 1);
	return true;
}

/* ---- __alloc_pages_slowpath ---------------------------------------------- */
uint32_t alloc_slowpath(struct machine *m, int zp, int order, int T, int asked_type, bool highatomic,
			int *zone_out, struct alloc_path *path)
{
	(void)asked_type;
	bool can_direct_reclaim = !highatomic;
	bool costly = order > PAGE_ALLOC_COSTLY_ORDER;
	/* gfp_to_alloc_flags() */
	uint32_t flags = ALLOC_WMARK_MIN | ALLOC_KSWAPD;
	if (highatomic) {
		flags |= ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK;
		if (order > 0)
			flags |= ALLOC_HIGHATOMIC;
	}
	if (machine_has_cma(m) && T == MT_MOVABLE)
		flags |= ALLOC_CMA;
	ev_sp(m, EV_SLOWPATH, zp, order, T, flags, highatomic, 0);

	int compact_result = CR_SKIPPED, compact_prio = DEF_COMPACT_PRIORITY, compaction_retries = 0;
	int no_progress_loops = 0;
	wakeup_kswapd(m, zp, order, zp);           /* wake_all_kswapds(): one node */
	uint32_t idx = get_page_from_freelist(m, zp, order, T, flags, zone_out, path);
	if (idx != NIL)
		return idx;
	/* Costly orders, and non-movable order > 0, compact first (async). */
	if (can_direct_reclaim && (costly || (order > 0 && T != MT_MOVABLE))) {
		idx = direct_compact(m, zp, order, T, flags, INIT_COMPACT_PRIORITY, &compact_result, zone_out, path);
		if (idx != NIL)
			return idx;
	}
	for (;;) {
		wakeup_kswapd(m, zp, order, zp);
		idx = get_page_from_freelist(m, zp, order, T, flags, zone_out, path);
		if (idx != NIL)
			return idx;
		if (!can_direct_reclaim) {
			ev_sp(m, EV_NOPAGE, zp, order, T, 0, 0, 0);
			return NIL;
		}
		uint64_t progress = 0;
		idx = direct_reclaim(m, zp, order, T, flags, &progress, zone_out, path);
		if (idx != NIL)
			return idx;
		idx = direct_compact(m, zp, order, T, flags, compact_prio, &compact_result, zone_out, path);
		if (idx != NIL)
			return idx;
		/* Costly orders without __GFP_RETRY_MAYFAIL do not loop. */
		if (costly) {
			ev_sp(m, EV_NOPAGE, zp, order, T, 1, 0, 0);
			return NIL;
		}
		if (should_reclaim_retry(m, zp, order, T, flags, progress > 0, &no_progress_loops))
			continue;
		if (progress > 0 &&
		    should_compact_retry(m, zp, order, flags, compact_result, &compact_prio, &compaction_retries)) {
			ev_sp(m, EV_RETRY, zp, order, T, 1, (uint32_t)compaction_retries, (uint32_t)compact_prio + 3);
			continue;
		}
		/* __alloc_pages_may_oom(): the kernel would kill a task and
		 * retry; the model fails the request here. */
		ev_sp(m, EV_OOM, zp, order, T, (uint32_t)m->zones[zp].nr_free_pages,
		      u32(wmark_pages(&m->zones[zp], WMARK_MIN)), 0);
		return NIL;
	}
}
