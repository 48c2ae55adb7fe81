/* Page isolation: start_isolate_page_range(), undo_isolate_page_range()
 * and their helpers (mm/page_isolation.c), move_freepages_block_isolate()
 * and __isolate_free_page() (mm/page_alloc.c), Debian 6.12.117. The range's
 * undo type is always MIGRATE_MOVABLE, as memory offlining and
 * alloc_contig_range() for non-CMA pass it.
 */
#include "internal.h"

/* The free chunk or allocation covering idx. */
static bool covering(const struct machine *m, uint32_t idx, uint32_t *head, int *order, bool *is_free)
{
	for (int o = 0; o <= m->max_order; o++) {
		uint32_t h = idx & ~((1u << o) - 1);
		int fo = free_head_order(m, h);
		if (fo >= 0 || is_alloc_head(m, h)) {
			*is_free = fo >= 0;
			*order = fo >= 0 ? fo : (int)(m->pg_state[h] & PS_ORDER_MASK);
			*head = h;
			return h + (1u << *order) > idx;
		}
	}
	return false;
}

/* The asked type of the allocation headed at `head` (its tag record). */
static int alloc_type(const struct machine *m, uint32_t head)
{
	struct alloc_info ai;
	if (!machine_alloc_info(m, m->pg_link[head].next, m->pg_link[head].prev, &ai))
		return MT_UNMOVABLE;
	return ai.type;
}

struct refusal {
	int reason;            /* REFUSE_* */
	uint32_t idx;          /* the page found */
	uint32_t edge;         /* the range edge (straddles) */
};

static void ev_refused(struct machine *m, uint32_t block, const struct refusal *r)
{
	struct event *ev = ev_new(m, EV_ISOLATE_REFUSED);
	ev->zone = (uint8_t)zone_of_idx(m, block << m->pb_order);
	ev->block = block;
	ev->flag = (uint8_t)r->reason;
	ev->pfn = idx_to_pfn(m, r->idx);
	ev->pfn2 = idx_to_pfn(m, r->edge);
	ev->tag = NIL;
	ev->mt = (int8_t)m->blocks[block].type;
	uint32_t head;
	int order;
	bool is_free;
	if ((r->reason == REFUSE_UNMOVABLE || r->reason == REFUSE_STRADDLE || r->reason == REFUSE_FREE_STRADDLE) &&
	    covering(m, r->idx, &head, &order, &is_free)) {
		ev->pfn = idx_to_pfn(m, head);
		ev->order = (int8_t)order;
		if (!is_free) {
			ev->tag = m->pg_link[head].next;
			ev->index = m->pg_link[head].prev;
			ev->mt = (int8_t)alloc_type(m, head);
		}
	}
	ev_commit(m, ev);
}

/* has_unmovable_pages(): a CMA block (the isolation is not for CMA), or a
 * live allocation that is neither LRU nor __PageMovable: every Unmovable or
 * Reclaimable one, of any order (a compound page is judged by its folio). */
static bool has_unmovable_pages(const struct machine *m, uint32_t block, struct refusal *r)
{
	uint32_t start = block << m->pb_order, end = start + m->pb_pages;
	if (m->blocks[block].type == MT_CMA) {
		*r = (struct refusal){ REFUSE_CMA, start, 0 };
		return true;
	}
	for (uint32_t p = start; p < end;) {
		uint32_t head;
		int order;
		bool is_free;
		if (!covering(m, p, &head, &order, &is_free)) {
			p++;
			continue;
		}
		if (!is_free && alloc_type(m, head) != MT_MOVABLE) {
			*r = (struct refusal){ REFUSE_UNMOVABLE, p, 0 };
			return true;
		}
		p = head + (1u << order);
	}
	return false;
}

/* find_large_buddy(): a free chunk that starts before `start` and covers
 * it, else start. */
static uint32_t find_large_buddy(const struct machine *m, uint32_t start)
{
	uint32_t pfn = start;
	int o = 0;
	while (free_head_order(m, pfn) < 0) {
		if (++o > m->max_order)
			return start;
		pfn &= ~((1u << o) - 1);
	}
	if (pfn + (1u << free_head_order(m, pfn)) > start)
		return pfn;
	return start;
}

struct iso_move {
	int how;               /* ISO_* */
	uint32_t moved, chunk;
	int chunk_order;
};

static void ev_moved(struct machine *m, int kind, uint32_t block, int old, int mt, const struct iso_move *mv, bool undo)
{
	struct event *ev = ev_new(m, kind);
	ev->zone = (uint8_t)zone_of_idx(m, block << m->pb_order);
	ev->block = block;
	ev->flag = (uint8_t)mv->how;
	ev->a = mv->moved;
	ev->b = undo;
	ev->mt = (int8_t)mt;
	ev->fallback_mt = (int8_t)old;
	ev->pfn2 = idx_to_pfn(m, mv->chunk);
	ev->cur_order = (int8_t)mv->chunk_order;
	ev_commit(m, ev);
}

/* move_freepages_block_isolate(): a free chunk larger than the block
 * around it is taken off its list, the block retyped, and the chunk freed
 * again through split_large_buddy() (pageblock pieces, each under its own
 * block's type, FPI_NONE); otherwise __move_freepages_block(). */
static void move_freepages_block_isolate(struct machine *m, int zone, uint32_t block, int mt, int kind, bool undo)
{
	uint32_t start = block << m->pb_order;
	int old = m->blocks[block].type;
	struct iso_move one = { ISO_MOVED, 0, start, -1 }, *mv = &one;
	if (m->pb_order != m->max_order) {
		uint32_t c = find_large_buddy(m, start);
		int o = free_head_order(m, c);
		if (c != start || o > m->pb_order) {
			mv->how = ISO_SPLIT;
			mv->chunk = c;
			mv->chunk_order = o;
			mv->moved = m->pb_pages;
			list_del(m, zone, c, o);
			set_pageblock_migratetype(m, block, mt);
			ev_moved(m, kind, block, old, m->blocks[block].type, mv, undo);
			free_pages_kernel(m, c, o, 0);
			return;
		}
	}
	mv->moved = move_freepages_block(m, zone, block, mt);
	ev_moved(m, kind, block, old, m->blocks[block].type, mv, undo);
}

/* set_migratetype_isolate(): refused if already Isolate or if
 * has_unmovable_pages() finds something; else the free pages move. */
static bool set_migratetype_isolate(struct machine *m, uint32_t block, struct refusal *r)
{
	if (m->blocks[block].type == MT_ISOLATE) {
		*r = (struct refusal){ REFUSE_ALREADY, block << m->pb_order, 0 };
		return false;
	}
	if (has_unmovable_pages(m, block, r))
		return false;
	move_freepages_block_isolate(m, zone_of_idx(m, block << m->pb_order), block, MT_ISOLATE, EV_ISOLATE, false);
	return true;
}

/* unset_migratetype_isolate(): a free chunk of order PB..MAXO-1 heading
 * the block whose buddy is free and not isolated is taken off
 * (__isolate_free_page(), no watermark check in an isolated block), the
 * block retyped, and it is given back with __putback_isolated_page()
 * (FPI_TO_TAIL: it merges and lands at the tail). Otherwise
 * move_freepages_block_isolate(). Only the first block is retyped. */
static void unset_migratetype_isolate(struct machine *m, uint32_t block, int mt, bool undo)
{
	if (m->blocks[block].type != MT_ISOLATE)
		return;
	uint32_t idx = block << m->pb_order;
	int zone = zone_of_idx(m, idx);
	int o = free_head_order(m, idx);
	if (o >= m->pb_order && o < m->max_order) {
		uint32_t buddy = idx ^ (1u << o);
		if (is_free_head(m, buddy, o) && block_type_of(m, buddy) != MT_ISOLATE) {
			list_del(m, zone, idx, o);
			/* __isolate_free_page(): the chunk's other blocks, if
			 * mergeable, become Movable. */
			for (uint32_t b = block + 1; b < block + (1u << (o - m->pb_order)); b++)
				if (mt_mergeable(m->blocks[b].type))
					move_freepages_block(m, zone, b, MT_MOVABLE);
			set_pageblock_migratetype(m, block, mt);
			struct iso_move mv = { ISO_PUTBACK, 1u << o, idx, o };
			ev_moved(m, EV_UNISOLATE, block, MT_ISOLATE, m->blocks[block].type, &mv, undo);
			/* __putback_isolated_page(page, order, migratetype):
			 * the argument, not the block's stored type (they
			 * differ with grouping off). */
			free_one_chunk(m, idx, o, mt, true);
			return;
		}
	}
	move_freepages_block_isolate(m, zone, block, mt, EV_UNISOLATE, undo);
}

static bool online(const struct machine *m, uint64_t pfn, uint32_t *idx)
{
	return pfn_to_idx(m, pfn, idx);
}

/* isolate_single_pageblock() without migration (6.12.117 migrates
 * nothing here): after isolating the block, nothing may cross `boundary`
 * from the max-order aligned range before it: a free chunk (split by the
 * isolation, so never in practice) or a compound allocation. */
static bool isolate_single_pageblock(struct machine *m, uint32_t block, bool before, bool skip, struct refusal *r)
{
	uint32_t bstart = block << m->pb_order;
	uint32_t boundary = before ? bstart + m->pb_pages : bstart;
	const struct zone *z = &m->zones[zone_of_idx(m, bstart)];
	uint32_t from = bstart & ~((1u << m->max_order) - 1);
	if (from < z->start_idx)
		from = z->start_idx;
	if (!skip && !set_migratetype_isolate(m, block, r))
		return false;
	/* Nothing can cross a boundary next to a page that is not online. */
	uint64_t bpfn = idx_to_pfn(m, before ? boundary - 1 : boundary);
	uint32_t dummy;
	if (before ? !online(m, bpfn + 1, &dummy) : (bpfn == 0 || !online(m, bpfn - 1, &dummy)))
		return true;
	for (uint32_t p = from; p < boundary;) {
		int fo = free_head_order(m, p);
		if (fo >= 0) {
			if (p + (1u << fo) <= boundary) {
				p += 1u << fo;
				continue;
			}
			*r = (struct refusal){ REFUSE_FREE_STRADDLE, p, boundary };
			goto failed;
		}
		if (is_alloc_head(m, p)) {
			int ao = m->pg_state[p] & PS_ORDER_MASK;
			if (ao > 0) {
				if (p + (1u << ao) <= boundary) {
					p += 1u << ao;
					continue;
				}
				*r = (struct refusal){ REFUSE_STRADDLE, p, boundary };
				goto failed;
			}
		}
		p++;
	}
	return true;
failed:
	ev_refused(m, block, r);
	r->reason = -1;    /* reported */
	if (!skip)
		unset_migratetype_isolate(m, block, MT_MOVABLE, true);
	return false;
}

enum machine_status machine_isolate(struct machine *m, uint64_t first, uint64_t last)
{
	if (first > last || last >= m->nblocks ||
	    zone_of_idx(m, (uint32_t)first << m->pb_order) != zone_of_idx(m, (uint32_t)last << m->pb_order))
		return MS_BAD_ARG;
	uint32_t f = (uint32_t)first, l = (uint32_t)last;
	struct refusal r = { -1, 0, 0 };
	uint32_t failed = f;
	if (!isolate_single_pageblock(m, f, false, false, &r))
		goto refused;
	failed = l;
	if (!isolate_single_pageblock(m, l, true, f == l, &r)) {
		if (r.reason >= 0)
			ev_refused(m, l, &r);
		r.reason = -1;
		unset_migratetype_isolate(m, f, MT_MOVABLE, true);
		return MS_BUSY;
	}
	for (uint32_t b = f + 1; b < l; b++) {
		if (set_migratetype_isolate(m, b, &r))
			continue;
		ev_refused(m, b, &r);
		/* undo_isolate_page_range(start, b), then the last block. */
		for (uint32_t u = f; u < b; u++)
			if (m->blocks[u].type == MT_ISOLATE)
				unset_migratetype_isolate(m, u, MT_MOVABLE, true);
		unset_migratetype_isolate(m, l, MT_MOVABLE, true);
		return MS_BUSY;
	}
	/* drain_all_pages(), as memory offlining and alloc_contig_range()
	 * do after isolating: pcp pages of the range go to the Isolate lists
	 * (free_pcppages_bulk() reads the block's type at drain time). */
	drain_all_pages(m, DRAIN_ISOLATE);
	return MS_OK;
refused:
	if (r.reason >= 0)
		ev_refused(m, failed, &r);
	return MS_BUSY;
}

/* undo_isolate_page_range(..., MIGRATE_MOVABLE): every block of the range
 * that is Isolate, ascending. */
enum machine_status machine_unisolate(struct machine *m, uint64_t first, uint64_t last)
{
	if (first > last || last >= m->nblocks ||
	    zone_of_idx(m, (uint32_t)first << m->pb_order) != zone_of_idx(m, (uint32_t)last << m->pb_order))
		return MS_BAD_ARG;
	for (uint32_t b = (uint32_t)first; b <= (uint32_t)last; b++) {
		if (m->blocks[b].type != MT_ISOLATE) {
			struct event *ev = ev_new(m, EV_UNISOLATE_SKIP);
			ev->zone = (uint8_t)zone_of_idx(m, b << m->pb_order);
			ev->block = b;
			ev->mt = (int8_t)m->blocks[b].type;
			ev_commit(m, ev);
			continue;
		}
		unset_migratetype_isolate(m, b, MT_MOVABLE, false);
	}
	return MS_OK;
}
