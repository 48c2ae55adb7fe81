/* Free path: free_one_page() -> split_large_buddy() -> __free_one_page(),
 * with per-cpu lists off (scenario-format.md section 3, "Freeing"). */
#include "internal.h"

/* __free_one_page(): merge with free buddies, then queue at the head or,
 * when buddy_merge_likely() says so, the tail. */
static void free_one_page(struct machine *m, int zone, uint32_t idx, int order, int mt, bool to_tail,
			  uint32_t freed_idx, int freed_order)
{
	uint32_t buddy = 0;
	while (order < m->max_order) {
		/* compaction_capture(): a running direct compaction takes a
		 * chunk of its order instead of the free list. */
		if (m->capc.active && compaction_capture(m, zone, idx, order, mt))
			return;
		buddy = idx ^ (1u << order);
		if (!is_free_head(m, buddy, order))
			break;
		int bmt = mt;
		if (order >= m->pb_order) {
			/* No merging across non-mergeable types (HighAtomic,
			 * Isolate, CMA) at pageblock order and above. */
			bmt = block_type_of(m, buddy);
			if (bmt != mt && (!mt_mergeable(mt) || !mt_mergeable(bmt)))
				break;
		}
		list_del(m, zone, buddy, order);
		if (bmt != mt) {
			uint32_t n = change_pageblock_range(m, buddy, order, mt);
			struct event *ev = ev_new(m, EV_MERGE_RETYPE);
			ev->zone = (uint8_t)zone;
			ev->block = buddy >> m->pb_order;
			ev->a = n;
			ev->mt = (int8_t)mt;
			ev->fallback_mt = (int8_t)bmt;
			ev->cur_order = (int8_t)order;
			ev_commit(m, ev);
		}
		idx &= buddy;
		order++;
	}
	/* buddy_merge_likely(): if my parent's buddy is free, I may merge two
	 * levels up soon; don't hand me out first. */
	if (!to_tail && order < m->max_order - 1) {
		uint32_t parent = buddy & idx;
		to_tail = is_free_head(m, parent ^ (1u << (order + 1)), order + 1);
	}
	list_add(m, zone, idx, order, mt, to_tail);

	ev_emit(m, (struct event){
		.kind = EV_FREE, .zone = (uint8_t)zone, .pfn = zone_idx_to_pfn(m, zone, freed_idx), .order = (int8_t)freed_order,
		.pfn2 = zone_idx_to_pfn(m, zone, idx), .block = idx >> m->pb_order, .cur_order = (int8_t)order, .mt = (int8_t)mt,
		.flag = to_tail, .tag = m->freeing_tag, .index = m->freeing_index,
	});
}

void free_one_chunk(struct machine *m, uint32_t idx, int order, int mt, bool to_tail)
{
	free_one_page(m, zone_of_idx(m, idx), idx, order, mt, to_tail, idx, order);
}

/* free_one_page() -> split_large_buddy(): pageblock-sized pieces, each
 * with its own block's current type (the allocation's type plays no role). */
void free_pages_kernel(struct machine *m, uint32_t idx, int order, int fpi_to_tail)
{
	int zone = zone_of_idx(m, idx);
	if (order <= m->pb_order) {   /* one piece: every workload free */
		free_one_page(m, zone, idx, order, block_type_of(m, idx), fpi_to_tail != 0, idx, order);
		return;
	}
	int piece = m->pb_order;
	uint32_t end = idx + (1u << order);
	for (uint32_t p = idx; p != end; p += 1u << piece)
		free_one_page(m, zone, p, piece, block_type_of(m, p), fpi_to_tail != 0, p, piece);
}

/* Frees the live allocation at position pos of the tag's records. */
enum machine_status free_alloc_rec(struct machine *m, uint32_t tag, uint64_t pos)
{
	const struct alloc_rec *rec = &m->tags[tag].recs[pos];
	uint32_t idx = rec->idx;
	int order = rec->order, type = rec->type;
	uint64_t index = rec->index;

	mark_touched(m, idx);
	m->pg_state[idx] = 0;
	m->pg_link[idx].next = m->pg_link[idx].prev = 0;
	block_add_alloc(m, idx, order, type, -1);
	tag_mark_freed(m, tag, pos);
	m->allocs_live--;
	m->freeing_tag = tag;
	m->freeing_index = index;
	if (type == MT_RECLAIMABLE)
		m->zones[zone_of_idx(m, idx)].rcl_pages -= 1u << order;
	free_pages_path(m, idx, order);
	m->freeing_tag = NIL;
	return MS_OK;
}

enum machine_status machine_free_index(struct machine *m, uint32_t tag, uint64_t index)
{
	uint64_t pos = tag_find_live(m, tag, index);
	if (pos == UINT64_MAX)
		return MS_NOTHING;
	return free_alloc_rec(m, tag, pos);
}

bool machine_alloc_at(const struct machine *m, uint64_t pfn, struct alloc_info *out)
{
	uint32_t idx;
	if (!pfn_to_idx(m, pfn, &idx))
		return false;
	for (int o = 0; o <= m->max_order; o++) {
		uint32_t h = idx & ~((1u << o) - 1);
		if (is_alloc_head(m, h)) {
			if ((int)(m->pg_state[h] & PS_ORDER_MASK) < o)
				return false;
			return machine_alloc_info(m, m->pg_link[h].next, m->pg_link[h].prev, out);
		}
		if (free_head_order(m, h) >= o)
			return false;
	}
	return false;
}

enum machine_status machine_free_pfn(struct machine *m, uint64_t pfn)
{
	struct alloc_info ai;
	if (!machine_alloc_at(m, pfn, &ai))
		return MS_NOTHING;
	return machine_free_index(m, ai.tag, ai.index);
}
