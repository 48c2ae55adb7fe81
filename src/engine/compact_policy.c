/* Compaction policy: skip bits, cached scanner positions, deferral and the
 * watermark checks compaction makes (mm/compaction.c, mm/page_alloc.c). */
#include "compaction.h"

/* ---- skip bits and cached positions -------------------------------------- */
/* isolation_suitable() */
bool isolation_suitable(const struct machine *m, uint32_t blk)
{
	return m->cc.ignore_skip_hint || !m->blocks[blk].skip;
}

/* test_and_set_skip(): true if the bit was already set. */
bool test_and_set_skip(struct machine *m, uint32_t blk)
{
	if (m->cc.ignore_skip_hint)
		return false;
	bool skip = m->blocks[blk].skip;
	m->blocks[blk].skip = 1;
	return skip;
}

/* update_cached_migrate(): the restart points move to the end of the
 * block after pfn's (pageblock_end_pfn of an end pfn). */
void update_cached_migrate(struct machine *m, uint64_t pfn)
{
	struct zone *z = cz(m);
	pfn = pb_end(m, pfn);
	if (pfn > z->compact_cached_migrate_pfn[0])
		z->compact_cached_migrate_pfn[0] = pfn;
	if (m->cc.mode != MIGRATE_ASYNC && pfn > z->compact_cached_migrate_pfn[1])
		z->compact_cached_migrate_pfn[1] = pfn;
}

/* update_pageblock_skip() of the free scanner. */
void update_pageblock_skip(struct machine *m, uint32_t blk, uint64_t pfn)
{
	struct zone *z = cz(m);
	m->blocks[blk].skip = 1;
	if (pfn < z->compact_cached_free_pfn)
		z->compact_cached_free_pfn = pfn;
}

/* reset_cached_positions() */
void reset_cached_positions(const struct machine *m, struct zone *z)
{
	z->compact_cached_migrate_pfn[0] = z->start_pfn;
	z->compact_cached_migrate_pfn[1] = z->start_pfn;
	z->compact_cached_free_pfn = pb_start(m, zend(z) - 1);
}

/* __reset_isolation_pfn(): sample every 8th page of pfn's block. */
static bool reset_isolation_pfn(struct machine *m, struct zone *z, uint64_t pfn, bool check_source, bool check_target)
{
	uint32_t first = p2i(z, pb_start(m, pfn));
	if (pageblock_skip_persistent(m, first))
		return false;
	struct block *b = &m->blocks[first >> m->pb_order];
	if (check_source && check_target && !b->skip)
		return true;
	if (!check_source && check_target && b->type != MT_MOVABLE)
		return false;
	for (uint32_t i = first; i < first + m->pb_pages; i += 1u << PAGE_ALLOC_COSTLY_ORDER) {
		/* PageLRU: a movable allocation's page; PageBuddy: a free head. */
		if (check_source && m->pg_state[i] && alloc_order(m, i) >= 0 && alloc_type(m, i) == MT_MOVABLE) {
			b->skip = 0;
			return true;
		}
		if (check_target && buddy_order(m, i) >= 0) {
			b->skip = 0;
			return true;
		}
	}
	return false;
}

/* __reset_isolation_suitable(): only after a direct compaction's scanners
 * met (compact_blockskip_flush). */
void reset_isolation_suitable(struct machine *m, int zi)
{
	struct zone *z = &m->zones[zi];
	if (!z->compact_blockskip_flush)
		return;
	z->compact_blockskip_flush = false;
	uint64_t migrate_pfn = z->start_pfn, free_pfn = zend(z) - 1;
	uint64_t reset_migrate = free_pfn, reset_free = migrate_pfn;
	bool source_set = false, free_set = false;
	for (; migrate_pfn < free_pfn; migrate_pfn += m->pb_pages, free_pfn -= m->pb_pages) {
		if (reset_isolation_pfn(m, z, migrate_pfn, true, source_set) && migrate_pfn < reset_migrate) {
			source_set = true;
			reset_migrate = migrate_pfn;
			z->compact_init_migrate_pfn = reset_migrate;
			z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = reset_migrate;
		}
		if (reset_isolation_pfn(m, z, free_pfn, free_set, true) && free_pfn > reset_free) {
			free_set = true;
			reset_free = free_pfn;
			z->compact_init_free_pfn = reset_free;
			z->compact_cached_free_pfn = reset_free;
		}
	}
	if (reset_migrate >= reset_free) {
		z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = migrate_pfn;
		z->compact_cached_free_pfn = free_pfn;
	}
}

/* ---- deferral (for the slow path) ---------------------------------------- */
#define COMPACT_MAX_DEFER_SHIFT 6

void defer_compaction(struct machine *m, int zi, int order)
{
	struct zone *z = &m->zones[zi];
	z->compact_considered = 0;
	z->compact_defer_shift++;
	if (order < z->compact_order_failed)
		z->compact_order_failed = order;
	if (z->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		z->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
}

bool compaction_deferred(struct machine *m, int zi, int order)
{
	struct zone *z = &m->zones[zi];
	uint32_t limit = 1u << z->compact_defer_shift;
	if (order < z->compact_order_failed)
		return false;
	if (++z->compact_considered >= limit) {
		z->compact_considered = limit;
		return false;
	}
	return true;
}

void compaction_defer_reset(struct machine *m, int zi, int order, bool alloc_success)
{
	struct zone *z = &m->zones[zi];
	if (alloc_success) {
		z->compact_considered = 0;
		z->compact_defer_shift = 0;
	}
	if (order >= z->compact_order_failed)
		z->compact_order_failed = order + 1;
}

bool compaction_restarting(const struct machine *m, int zi, int order)
{
	const struct zone *z = &m->zones[zi];
	if (order < z->compact_order_failed)
		return false;
	return z->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       z->compact_considered >= 1u << z->compact_defer_shift;
}

/* ---- watermarks (every mark zero with `watermarks: false`) ---- */
/* __isolate_free_page(): zone_watermark_ok(zone, 0, _watermark[WMARK_MIN]
 * + 2^order, 0, ALLOC_CMA). The raw min mark: the boost does not count. */
bool compaction_free_page_ok(const struct machine *m, int zi, int order)
{
	const struct zone *z = &m->zones[zi];
	const uint64_t min_wmark = m->cfg.watermarks ? z->wmark[WMARK_MIN] : 0;
	return zone_watermark_ok(m, zi, 0, min_wmark + (1ull << order), 0, ALLOC_CMA, (int64_t)z->nr_free_pages);
}

/* The zone_watermark_ok() of compaction_suit_allocation_order(): the mark
 * the caller's alloc_flags select (kcompactd's are 0, ALLOC_WMARK_MIN). */
bool compaction_zone_watermark_ok(const struct machine *m, int zi, int order, int highest_zone, uint32_t alloc_flags)
{
	const uint64_t mark = compaction_mark(m, zi, (int)(alloc_flags & ALLOC_WMARK_MASK));
	return zone_watermark_ok(m, zi, order, mark, highest_zone, alloc_flags, (int64_t)m->zones[zi].nr_free_pages);
}

/* fragmentation_index() of one zone. */
static int zone_fragmentation_index(const struct machine *m, int zi, int k)
{
	uint64_t total = 0, pages = 0, suitable = 0;
	for (int o = 0; o <= m->max_order; o++) {
		uint64_t n = m->zones[zi].nr_free[o];
		total += n;
		pages += n << o;
		if (o >= k)
			suitable += n << (o - k);
	}
	if (!total)
		return 0;
	if (suitable)
		return -1000;
	return (int)(1000 - (1000 + pages * 1000 / (1ull << k)) / total);
}

/* __compaction_suitable(): the order-0 check __zone_watermark_ok(0, mark
 * + compact_gap(order), highest_zoneidx, ALLOC_CMA, wmark_target), mark
 * being the min mark for order <= 3 and the low mark above. */
bool compaction_watermark_suitable(const struct machine *m, int zi, int order, int highest_zone,
				   int64_t wmark_target)
{
	uint64_t mark = compaction_mark(m, zi, order > PAGE_ALLOC_COSTLY_ORDER ? WMARK_LOW : WMARK_MIN);
	mark += 2ull << order;   /* compact_gap() */
	return zone_watermark_ok(m, zi, 0, mark, highest_zone, ALLOC_CMA, wmark_target);
}

/* compaction_suitable(): __compaction_suitable() with the zone's free
 * pages, and for costly orders a fragmentation index above
 * extfrag_threshold (500). */
bool compaction_suitable(struct machine *m, int zi, int order, int highest_zone)
{
	if (!compaction_watermark_suitable(m, zi, order, highest_zone, (int64_t)m->zones[zi].nr_free_pages))
		return false;
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		int fi = zone_fragmentation_index(m, zi, order);
		if (fi >= 0 && fi <= 500)
			return false;
	}
	return true;
}

int compaction_suit_allocation_order(struct machine *m, int zi, int order, int highest_zone, uint32_t alloc_flags)
{
	if (compaction_zone_watermark_ok(m, zi, order, highest_zone, alloc_flags))
		return COMPACT_SUCCESS;
	if (!compaction_suitable(m, zi, order, highest_zone))
		return COMPACT_SKIPPED;
	return COMPACT_CONTINUE;
}

