/* High-order atomic reserves: reserve_highatomic_pageblock() and
 * unreserve_highatomic_pageblock() (mm/page_alloc.c, Debian 6.12.117).
 */
#include "internal.h"

/* reserve_highatomic_pageblock(): the block (or blocks) of a high-order
 * atomic allocation become HighAtomic, up to about 1% of the zone. */
void reserve_highatomic_pageblock(struct machine *m, uint32_t idx, int order, int zi)
{
	struct zone *z = &m->zones[zi];
	uint64_t pct = z->managed / 100;
	uint64_t max = (pct + m->pb_pages - 1) / m->pb_pages * m->pb_pages;   /* ALIGN() */
	int mt = block_type_of(m, idx);
	struct event *ev = ev_new(m, EV_RESERVE);
	ev->zone = (uint8_t)zi;
	ev->block = idx >> m->pb_order;
	ev->pfn = idx_to_pfn(m, idx);
	ev->order = (int8_t)order;
	ev->fallback_mt = (int8_t)mt;
	ev->mt = MT_HIGHATOMIC;
	ev->c = (uint32_t)max;
	if (pct < m->pb_pages) {
		/* 1% of the zone is under a pageblock: never reserve. */
		ev->flag = RESERVE_ZONE_SMALL;
		ev->c = (uint32_t)pct;
	} else if (z->nr_reserved_highatomic >= max) {
		ev->flag = RESERVE_LIMIT;
	} else if (!mt_mergeable(mt)) {
		/* Only normal pageblocks (they can merge with others). */
		ev->flag = RESERVE_NOT_MERGEABLE;
	} else if (order < m->pb_order) {
		ev->a = move_freepages_block(m, zi, idx >> m->pb_order, MT_HIGHATOMIC);
		z->nr_reserved_highatomic += m->pb_pages;
		ev->flag = RESERVE_DONE;
	} else {
		ev->a = 0;
		change_pageblock_range(m, idx, order, MT_HIGHATOMIC);
		z->nr_reserved_highatomic += 1ull << order;
		ev->flag = RESERVE_DONE;
	}
	ev->b = (uint32_t)z->nr_reserved_highatomic;
	ev_commit(m, ev);
}

/* unreserve_highatomic_pageblock(): the first HighAtomic free chunk, from
 * order 0 up, of the first zone that may give one back; its block (or
 * blocks) becomes ac->migratetype without the stealing heuristics. */
bool unreserve_highatomic_pageblock(struct machine *m, int zone_or_ac, bool force)
{
	int to = m->ac.migratetype;
	for (int zi = zone_or_ac; zi >= 0; zi--) {
		struct zone *z = &m->zones[zi];
		/* Preserve at least one pageblock unless pressure is high. */
		if (!force && z->nr_reserved_highatomic <= m->pb_pages)
			continue;
		for (int o = 0; o <= m->max_order; o++) {
			uint32_t idx = list_head(m, zi, o, MT_HIGHATOMIC);
			if (idx == NIL)
				continue;
			int mt = block_type_of(m, idx);
			if (mt == MT_HIGHATOMIC) {
				uint64_t size = (uint64_t)1 << o;
				if (size < m->pb_pages)
					size = m->pb_pages;
				if (size > z->nr_reserved_highatomic)
					size = z->nr_reserved_highatomic;
				z->nr_reserved_highatomic -= size;
			}
			uint32_t moved;
			if (o < m->pb_order) {
				moved = move_freepages_block(m, zi, idx >> m->pb_order, to);
			} else {
				list_move_tail(m, zi, idx, o, to);
				change_pageblock_range(m, idx, o, to);
				moved = 1;
			}
			struct event *ev = ev_new(m, EV_UNRESERVE);
			ev->zone = (uint8_t)zi;
			ev->block = idx >> m->pb_order;
			ev->pfn = idx_to_pfn(m, idx);
			ev->cur_order = (int8_t)o;
			ev->mt = (int8_t)to;
			ev->a = moved;
			ev->b = z->nr_reserved_highatomic;
			ev->flag = force;
			ev_commit(m, ev);
			if (moved > 0)
				return true;
		}
	}
	return false;
}
