/* Compaction's two scanners (mm/compaction.c): the migrate scanner
 * (isolate_migratepages, fast_find_migrateblock, isolate_migratepages_block)
 * and the free scanner (isolate_freepages, fast_isolate_freepages,
 * isolate_freepages_block) with __isolate_free_page() of mm/page_alloc.c.
 */
#include "compaction.h"

/* freelist_scan_limit() */
static uint32_t freelist_scan_limit(const struct compact_control *cc)
{
	uint32_t shift = cc->fast_search_fail < 63 ? cc->fast_search_fail : 63;
	return (shift >= 32 ? 0 : (COMPACT_CLUSTER_MAX >> shift)) + 1;
}


/* skip_isolation_on_order(): never migrate folios of pageblock order or
 * more; in a targeted run, none of the target order or more either. */
static inline bool skip_isolation_on_order(const struct machine *m, int order, int target)
{
	if (target != -1 && order >= target)
		return true;
	return order >= m->pb_order;
}

/* block_end_pfn(pfn, order) */
static inline uint64_t order_block_end(uint64_t pfn, int order)
{
	uint64_t a = 1ull << order;
	return (pfn + a) & ~(a - 1);
}

/* ---- migrate scanner ----------------------------------------------------- */

/* isolate_migratepages_block(): isolate the movable folios of [low, end)
 * (one pageblock) onto cc->migratepages. */
static void isolate_migratepages_block(struct machine *m, uint64_t low, uint64_t end)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);
	uint64_t nr_scanned = 0, nr_isolated = 0, start = low, next_skip = 0;
	bool valid = false, skip_updated = false, skip_on_failure = false;
	uint32_t blk = blk_of(m, z, pb_start(m, low) < z->start_pfn ? z->start_pfn : pb_start(m, low));

	cc->migrate_pfn = low;
	/* Direct async compaction gives up an order-aligned sub-block at its
	 * first failure (skip_on_failure). */
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
		skip_on_failure = true;
		next_skip = order_block_end(low, cc->order);
	}
	for (; low < end; low++) {
		if (skip_on_failure && low >= next_skip) {
			if (nr_isolated)
				break;
			next_skip = order_block_end(low, cc->order);
		}
		nr_scanned++;
		uint32_t idx = p2i(z, low);
		/* Only the block's first pfn checks the skip bit. */
		if (!valid && (pb_aligned(m, low) || low == z->start_pfn)) {
			if (!isolation_suitable(m, blk)) {
				low = end;
				goto isolate_abort;
			}
			valid = true;
		}
		int fo = buddy_order(m, idx);
		if (fo >= 0) {
			/* A free chunk: jump over it (may overshoot end). */
			if (fo > 0) {
				low += (1ull << fo) - 1;
				nr_scanned += (1ull << fo) - 1;
			}
			continue;
		}
		int ao = alloc_order(m, idx);
		if (ao < 0)
			goto isolate_fail;       /* inside a chunk or an allocation */
		if (ao > 0 && skip_isolation_on_order(m, ao, cc->order)) {
			low += (1ull << ao) - 1;
			nr_scanned += (1ull << ao) - 1;
			goto isolate_fail;
		}
		if (alloc_type(m, idx) != MT_MOVABLE)
			goto isolate_fail;       /* not on the LRU: never migrated */
		if (!skip_updated && valid) {
			skip_updated = true;
			if (test_and_set_skip(m, blk) && !cc->finish_pageblock) {
				low = end;
				goto isolate_abort;
			}
		}
		/* Isolated: list_add() at the head of cc->migratepages. */
		low += (1ull << ao) - 1;
		cc->src[cc->nsrc] = idx;
		cc->dst[cc->nsrc] = NIL;
		cc->nsrc++;
		cc->nr_migratepages += 1ull << ao;
		nr_isolated += 1ull << ao;
		nr_scanned += (1ull << ao) - 1;
		if (cc->nr_migratepages >= COMPACT_CLUSTER_MAX && !cc->finish_pageblock) {
			++low;
			break;
		}
		continue;
isolate_fail:
		if (!skip_on_failure)
			continue;
		if (nr_isolated) {
			/* putback_movable_pages(): they stay where they are. */
			cc->nsrc = 0;
			cc->nr_migratepages = 0;
			nr_isolated = 0;
		}
		if (low < next_skip) {
			low = next_skip - 1;
			next_skip += 1ull << cc->order;
		}
	}
	if (low > end)
		low = end;
isolate_abort:
	/* A block finished without isolating (or in finish_pageblock mode):
	 * mark it if no LRU page was met, and move the cached position. */
	if (low == end && (!nr_isolated || cc->finish_pageblock)) {
		if (valid && !skip_updated)
			m->blocks[blk].skip = 1;
		update_cached_migrate(m, low);
	}
	ev_isolate(m, EV_COMPACT_ISOLATE_MIGRATE, start, low, nr_scanned, nr_isolated, 1);
	cc->total_migrate_scanned += nr_scanned;
	m->ccount.compact_isolated += nr_isolated;
	cc->migrate_pfn = low;
}

/* update_fast_start_pfn() / reinit_migrate_pfn() */
static void update_fast_start_pfn(struct compact_control *cc, uint64_t pfn)
{
	if (cc->fast_start_pfn == UINT64_MAX)
		return;
	if (!cc->fast_start_pfn)
		cc->fast_start_pfn = pfn;
	if (pfn < cc->fast_start_pfn)
		cc->fast_start_pfn = pfn;
}

static uint64_t reinit_migrate_pfn(struct compact_control *cc)
{
	if (!cc->fast_start_pfn || cc->fast_start_pfn == UINT64_MAX)
		return cc->migrate_pfn;
	cc->migrate_pfn = cc->fast_start_pfn;
	cc->fast_start_pfn = UINT64_MAX;
	return cc->migrate_pfn;
}

/* fast_find_migrateblock(): for costly orders, start where a MOVABLE free
 * chunk of order (order-1 .. 3) lies in the lower part of the range: its
 * block is likely to free up with few migrations. */
static uint64_t fast_find_migrateblock(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	struct zone *z = cz(m);
	uint32_t limit = freelist_scan_limit(cc), nr_scanned = 0;
	uint64_t pfn = cc->migrate_pfn;
	bool found = false;

	if (cc->ignore_skip_hint || cc->finish_pageblock)
		return pfn;
	if (pfn != z->start_pfn && pfn != pb_start(m, pfn))
		return pfn;
	if (cc->order <= PAGE_ALLOC_COSTLY_ORDER)
		return pfn;
	if (cc->direct_compaction && cc->migratetype != MT_MOVABLE)
		return pfn;

	uint64_t distance = (cc->free_pfn - cc->migrate_pfn) >> 1;
	if (cc->migrate_pfn != z->start_pfn)
		distance >>= 2;
	uint64_t high_pfn = pb_start(m, cc->migrate_pfn + distance);

	for (int o = cc->order - 1; o >= PAGE_ALLOC_COSTLY_ORDER && !found && nr_scanned < limit; o--) {
		if (!z->nr_free[o])
			continue;
		for (uint32_t idx = list_head(m, cc->zone, o, MT_MOVABLE); idx != NIL;) {
			uint32_t next = link_next(m, idx, o);
			if (nr_scanned++ >= limit) {
				list_rotate_tail(m, cc->zone, idx, o);
				break;
			}
			uint64_t free_pfn = i2p(z, idx);
			if (free_pfn < high_pfn) {
				if (m->blocks[idx >> m->pb_order].skip) {
					idx = next;
					continue;
				}
				list_rotate_tail(m, cc->zone, idx, o);
				update_fast_start_pfn(cc, free_pfn);
				pfn = pb_start(m, free_pfn);
				if (pfn < z->start_pfn)
					pfn = z->start_pfn;
				cc->fast_search_fail = 0;
				found = true;
				break;
			}
			idx = next;
		}
	}
	cc->total_migrate_scanned += nr_scanned;
	if (!found) {
		cc->fast_search_fail++;
		pfn = reinit_migrate_pfn(cc);
	}
	struct event *ev = cev(m, EV_COMPACT_FAST_MIGRATE);
	ev->pfn = pfn;
	ev->flag = found;
	ev->a = nr_scanned;
	ev->b = cc->fast_search_fail;
	ev->order = cc->order;
	ev_commit(m, ev);
	return pfn;
}

/* suitable_migration_source() */
static int migration_source_refused(const struct machine *m, uint32_t blk)
{
	const struct compact_control *cc = &m->cc;
	if (pageblock_skip_persistent(m, blk << m->pb_order))
		return CSKIP_PERSISTENT;
	if (cc->mode != MIGRATE_ASYNC || !cc->direct_compaction)
		return -1;
	int bt = m->blocks[blk].type;
	if (cc->migratetype == MT_MOVABLE)
		return is_migrate_movable(bt) ? -1 : CSKIP_ASYNC_TYPE;
	return bt == cc->migratetype ? -1 : CSKIP_ASYNC_TYPE;
}

/* isolate_migratepages(): the first suitable block from the (fast) start
 * below the free scanner is isolated; skipped blocks are walked over. */
int isolate_migratepages(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);
	uint64_t low = fast_find_migrateblock(m);
	uint64_t block_start = pb_start(m, low);
	if (block_start < z->start_pfn)
		block_start = z->start_pfn;
	bool fast_find_block = low != cc->migrate_pfn && !cc->fast_search_fail;
	uint64_t block_end = pb_end(m, low);

	for (; block_end <= cc->free_pfn; fast_find_block = false, cc->migrate_pfn = low = block_end,
	     block_start = block_end, block_end += m->pb_pages) {
		uint32_t blk = blk_of(m, z, block_start);
		if ((pb_aligned(m, low) || low == z->start_pfn) && !fast_find_block && !isolation_suitable(m, blk)) {
			ev_block(m, EV_COMPACT_SKIP, blk, CSKIP_HINT, cc->order, low, 0);
			continue;
		}
		int why = migration_source_refused(m, blk);
		if (why >= 0) {
			update_cached_migrate(m, block_end);
			ev_block(m, EV_COMPACT_SKIP, blk, why, cc->order, low, 0);
			continue;
		}
		ev_block(m, EV_COMPACT_SOURCE, blk, 0, cc->order, low, 0);
		isolate_migratepages_block(m, low, block_end);
		break;
	}
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/* ---- free scanner -------------------------------------------------------- */

/* __isolate_free_page(): take a free chunk off its list (watermark check
 * first, except in Isolate blocks); a chunk of at least half a block
 * makes the mergeable blocks it touches MOVABLE. Returns pages taken. */
static uint64_t isolate_free_page(struct machine *m, uint32_t idx, int order)
{
	int zi = m->cc.zone;
	int mt = block_type_of(m, idx);
	if (mt != MT_ISOLATE && !compaction_free_page_ok(m, zi, order))
		return 0;
	list_del(m, zi, idx, order);
	mark_touched(m, idx);
	m->pg_state[idx] = (uint8_t)(PS_ISOFREE | order);
	if (order >= m->pb_order - 1) {
		uint32_t endp = idx + (1u << order) - 1;
		for (uint32_t p = idx; p < endp; p += m->pb_pages) {
			int bt = block_type_of(m, p);
			if (bt < MT_PCPTYPES)
				move_freepages_block(m, zi, p >> m->pb_order, MT_MOVABLE);
		}
	}
	return 1ull << order;
}

/* list_add_tail(&page->lru, &cc->freepages[order]) */
static void freepages_add_tail(struct machine *m, uint32_t idx, int order)
{
	struct compact_control *cc = &m->cc;
	mark_touched(m, idx);
	m->pg_link[idx].next = NIL;
	m->pg_link[idx].prev = NIL;
	if (cc->fp_tail[order] == NIL) {
		cc->fp_head[order] = idx;
	} else {
		mark_touched(m, cc->fp_tail[order]);
		m->pg_link[cc->fp_tail[order]].next = idx;
	}
	cc->fp_tail[order] = idx;
}

/* isolate_freepages_block(): visit [*start, end) every `stride` pfns,
 * isolating free chunks until there are enough for the sources. */
static uint64_t isolate_freepages_block(struct machine *m, uint64_t *start, uint64_t end, uint32_t stride)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);
	uint64_t nr_scanned = 0, total = 0, b = *start;

	for (; b < end; b += stride) {
		nr_scanned++;
		uint32_t idx = p2i(z, b);
		int ao = alloc_order(m, idx);
		if (ao > 0) {
			/* Compound: jump over it if it ends inside the range. */
			if (b + (1ull << ao) <= end) {
				b += (1ull << ao) - 1;
				nr_scanned += (1ull << ao) - 1;
			}
			continue;
		}
		int fo = buddy_order(m, idx);
		if (fo < 0)
			continue;
		uint64_t isolated = isolate_free_page(m, idx, fo);
		if (!isolated)
			break;
		nr_scanned += isolated - 1;
		total += isolated;
		cc->nr_freepages += isolated;
		freepages_add_tail(m, idx, fo);
		if (cc->nr_migratepages <= cc->nr_freepages) {
			b += isolated;
			break;
		}
		b += isolated - 1;
	}
	if (b > end)
		b = end;
	ev_isolate(m, EV_COMPACT_ISOLATE_FREE, *start, b, nr_scanned, total, stride);
	*start = b;
	cc->total_free_scanned += nr_scanned;
	m->ccount.compact_isolated += total;
	return total;
}

/* suitable_migration_target(): -1 if suitable, else the reason. */
static int migration_target_refused(const struct machine *m, uint32_t blk, int *order_named)
{
	const struct compact_control *cc = &m->cc;
	uint32_t first = blk << m->pb_order;
	int fo = buddy_order(m, first);
	int lim = cc->order > 0 ? cc->order : m->pb_order;
	*order_named = lim;
	if (fo >= 0 && fo >= lim)
		return CSKIP_TGT_LARGE_FREE;
	if (cc->ignore_block_suitable)
		return -1;
	return is_migrate_movable(m->blocks[blk].type) ? -1 : CSKIP_TGT_TYPE;
}

/* fast_isolate_around(): scan the whole block of a chunk found fast. */
static void fast_isolate_around(struct machine *m, uint64_t pfn)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);
	if (cc->nr_freepages >= cc->nr_migratepages)
		return;
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC)
		return;
	uint64_t start = pb_start(m, pfn), end = pb_end(m, pfn);
	if (start < z->start_pfn)
		start = z->start_pfn;
	if (end > zend(z))
		end = zend(z);
	isolate_freepages_block(m, &start, end, 1);
	if (start == end)
		m->blocks[blk_of(m, z, pfn)].skip = 1;
}

/* next_search_order(): orders round-robin downward; -1 when wrapped. */
static int next_search_order(struct compact_control *cc, int order)
{
	order--;
	if (order < 0)
		order = cc->order - 1;
	if (order == cc->search_order) {
		cc->search_order--;
		if (cc->search_order < 0)
			cc->search_order = (int8_t)(cc->order - 1);
		return -1;
	}
	return order;
}

/* fast_isolate_freepages(): targeted runs only; take a MOVABLE chunk of an
 * order below cc->order from the list tails, near the top of the range. */
static void fast_isolate_freepages(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	struct zone *z = cz(m);
	uint32_t limit = freelist_scan_limit(cc) >> 1, nr_scanned = 0;
	uint64_t total_isolated = 0, highest = 0;
	uint32_t page = NIL;
	bool scan_start = false;

	if (limit < 1)
		limit = 1;
	if (cc->order <= 0)
		return;
	if (cc->free_pfn >= z->compact_init_free_pfn) {
		limit = m->pb_pages >> 1;
		scan_start = true;
	}
	uint64_t distance = cc->free_pfn - cc->migrate_pfn;
	uint64_t low_pfn = pb_start(m, cc->free_pfn - (distance >> 2));
	uint64_t min_pfn = pb_start(m, cc->free_pfn - (distance >> 1));
	if (min_pfn > low_pfn)
		low_pfn = min_pfn;
	if (cc->order - 1 < cc->search_order)
		cc->search_order = (int8_t)(cc->order - 1);

	for (int o = cc->search_order; page == NIL && o >= 0; o = next_search_order(cc, o)) {
		if (!z->nr_free[o])
			continue;
		uint32_t order_scanned = 0, freepage = NIL;
		uint64_t high_pfn = 0;
		for (uint32_t idx = z->lists[o][MT_MOVABLE].tail; idx != NIL;) {
			order_scanned++;
			nr_scanned++;
			uint64_t pfn = i2p(z, idx);
			freepage = idx;
			if (pfn >= highest) {
				highest = pb_start(m, pfn);
				if (highest < z->start_pfn)
					highest = z->start_pfn;
			}
			if (pfn >= low_pfn) {
				cc->fast_search_fail = 0;
				cc->search_order = (int8_t)o;
				page = idx;
				break;
			}
			if (pfn >= min_pfn && pfn > high_pfn) {
				high_pfn = pfn;
				limit >>= 1;
			}
			if (order_scanned >= limit)
				break;
			uint32_t prev = o == m->max_order ? m->mb_link[idx >> o].prev : m->pg_link[idx].prev;
			idx = prev;
			if (idx == NIL)
				freepage = NIL;   /* ran off the list: the reorder is a no-op */
		}
		if (page == NIL && high_pfn) {
			page = p2i(z, high_pfn);
			freepage = page;
		}
		if (freepage != NIL)
			list_rotate_head(m, cc->zone, freepage, o);
		if (page != NIL) {
			uint64_t n = isolate_free_page(m, page, o);
			if (n) {
				nr_scanned += (uint32_t)n - 1;
				total_isolated += n;
				cc->nr_freepages += n;
				freepages_add_tail(m, page, o);
				m->ccount.compact_isolated += n;
			} else {
				o = cc->search_order + 1;   /* abort the search */
				page = NIL;
			}
		}
		if (cc->nr_freepages >= cc->nr_migratepages)
			break;
		if (order_scanned >= limit)
			limit = limit >> 1 ? limit >> 1 : 1;
	}
	ev_isolate(m, EV_COMPACT_FAST_ISOLATE_FREE, min_pfn, cc->free_pfn, nr_scanned, total_isolated, 0);

	uint64_t around = UINT64_MAX;
	if (page != NIL) {
		around = i2p(z, page);
	} else {
		cc->fast_search_fail++;
		if (scan_start) {
			if (highest >= min_pfn) {
				around = highest;
				cc->free_pfn = highest;
			} else if (cc->direct_compaction) {
				/* pfn_valid(min_pfn): when free_pfn is below migrate_pfn
				 * the unsigned distance wraps and min_pfn is no pfn at
				 * all; pageblock_pfn_to_page() gives NULL outside the
				 * zone. */
				uint32_t vidx;
				if (pfn_to_idx(m, min_pfn, &vidx)) {
					int on;
					if (min_pfn >= z->start_pfn && min_pfn < z->start_pfn + z->npages &&
					    migration_target_refused(m, blk_of(m, z, min_pfn), &on) < 0)
						around = min_pfn;
					cc->free_pfn = min_pfn;
				}
			}
		}
	}
	if (highest && highest >= z->compact_cached_free_pfn) {
		highest -= m->pb_pages;
		z->compact_cached_free_pfn = highest;
	}
	cc->total_free_scanned += nr_scanned;
	if (around != UINT64_MAX)
		fast_isolate_around(m, around);
}

/* isolate_freepages(): called by compaction_alloc() when cc->freepages is
 * empty. Blocks from free_pfn's down to the migrate scanner's next block;
 * stride 32 in async mode, and after fruitless blocks it doubles up to 32. */
void isolate_freepages(struct machine *m)
{
	struct compact_control *cc = &m->cc;
	const struct zone *z = cz(m);

	fast_isolate_freepages(m);
	if (cc->nr_freepages)
		return;

	uint64_t isolate_start = cc->free_pfn;
	uint64_t block_start = pb_start(m, isolate_start);
	uint64_t block_end = block_start + m->pb_pages < zend(z) ? block_start + m->pb_pages : zend(z);
	uint64_t low_pfn = pb_end(m, cc->migrate_pfn);
	uint32_t stride = cc->mode == MIGRATE_ASYNC ? COMPACT_CLUSTER_MAX : 1;

	for (; block_start >= low_pfn; block_end = block_start, block_start -= m->pb_pages,
	     isolate_start = block_start) {
		uint32_t blk = blk_of(m, z, block_start);
		int on;
		int why = migration_target_refused(m, blk, &on);
		if (why >= 0) {
			ev_block(m, EV_COMPACT_SKIP, blk, why, on, block_start, stride);
			continue;
		}
		if (!isolation_suitable(m, blk)) {
			ev_block(m, EV_COMPACT_SKIP, blk, CSKIP_TGT_HINT, on, block_start, stride);
			continue;
		}
		ev_block(m, EV_COMPACT_TARGET, blk, 0, on, isolate_start, stride);
		uint64_t nr_isolated = isolate_freepages_block(m, &isolate_start, block_end, stride);
		if (isolate_start == block_end)
			update_pageblock_skip(m, blk, block_start - m->pb_pages);
		if (cc->nr_freepages >= cc->nr_migratepages) {
			if (isolate_start >= block_end)
				isolate_start = block_start - m->pb_pages;
			break;
		} else if (isolate_start < block_end) {
			break;
		}
		if (nr_isolated) {
			stride = 1;
			continue;
		}
		stride = stride << 1 < COMPACT_CLUSTER_MAX ? stride << 1 : COMPACT_CLUSTER_MAX;
	}
	cc->free_pfn = isolate_start;
}
