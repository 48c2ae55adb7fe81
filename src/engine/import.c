/* Starting a machine from a given state (scenario extension `state:`, made
 * by `buddyviz import` from a real machine's /proc files).
 *
 * The state says each pageblock's migratetype and where the free chunks
 * are. Everything else is in use: it becomes live allocations of the
 * state's tag, so that freeing, compaction and the dumps see used memory.
 * Rules (docs/scenario-reference.md, "Extensions"):
 *   - a free chunk goes on the free list of its pageblock's migratetype, as
 *     __add_to_free_list() requires; every block it covers has that type;
 *   - each list holds its chunks in ascending pfn order from the head (the
 *     order boot leaves them in; the real order is not exported);
 *   - a chunk whose buddy is wholly free is refused: __free_one_page() would
 *     have merged them, except across pageblocks of differing types where
 *     one is not mergeable (HighAtomic, Isolate), as 6.12 leaves those;
 *   - used memory is cut into the largest naturally aligned pieces that stay
 *     inside one pageblock and touch no free page, in ascending pfn order;
 *     each is an allocation of the block's type (Unmovable in HighAtomic
 *     blocks, Movable in Isolate blocks), so no block is mixed by them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct sorted {
	uint64_t pfn;
	size_t at;      /* index in the zone's list as given */
};

static int cmp_sorted(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static bool mergeable(int mt)
{
	return mt < MT_PCPTYPES;
}

static bool range_free(const uint8_t *isfree, uint32_t idx, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!isfree[idx + i])
			return false;
	return true;
}

static bool range_used(const uint8_t *isfree, uint32_t idx, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (isfree[idx + i])
			return false;
	return true;
}

static int used_type(int block_type)
{
	if (block_type < MT_PCPTYPES)
		return block_type;
	return block_type == MT_HIGHATOMIC ? MT_UNMOVABLE : MT_MOVABLE;
}

#define SERR(zi, ci, ...) do { where->zone = (zi); where->chunk = (long)(ci); \
	snprintf(msg, n, __VA_ARGS__); goto out; } while (0)

/* Checks one zone's chunks and marks their pages in isfree. */
static bool place_zone(struct machine *m, int zi, const struct zone_state *zs, uint8_t *isfree,
		       struct sorted *srt, struct state_error *where, char *msg, size_t n)
{
	const struct zone *z = &m->zones[zi];
	bool ok = false;
	for (size_t i = 0; i < zs->nfree; i++) {
		srt[i].pfn = zs->free[i].pfn;
		srt[i].at = i;
	}
	qsort(srt, zs->nfree, sizeof(*srt), cmp_sorted);
	for (size_t i = 0; i < zs->nfree; i++) {
		const struct state_chunk *c = &zs->free[srt[i].at];
		uint32_t idx;
		if (c->order < 0 || c->order > m->max_order)
			SERR(zi, srt[i].at, "free chunk at pfn %llu: order %d out of range 0..%d",
			     (unsigned long long)c->pfn, c->order, m->max_order);
		uint32_t len = 1u << c->order;
		if (!pfn_to_idx(m, c->pfn, &idx) || zone_of_idx(m, idx) != zi ||
		    idx - z->start_idx + len > z->npages)
			SERR(zi, srt[i].at, "free chunk at pfn %llu (order %d) is not inside zone %s",
			     (unsigned long long)c->pfn, c->order, zone_id_name(z->id));
		if (idx & (len - 1))
			SERR(zi, srt[i].at, "free chunk at pfn %llu is not aligned to its order %d",
			     (unsigned long long)c->pfn, c->order);
		if (!range_used(isfree, idx, len))
			SERR(zi, srt[i].at, "free chunk at pfn %llu (order %d) overlaps another free chunk",
			     (unsigned long long)c->pfn, c->order);
		int t = block_type_of(m, idx);
		for (uint32_t p = idx; p < idx + len; p += m->pb_pages)
			if (block_type_of(m, p) != t)
				SERR(zi, srt[i].at, "free chunk at pfn %llu (order %d) spans pageblocks of different types",
				     (unsigned long long)c->pfn, c->order);
		memset(isfree + idx, 1, len);
	}
	/* The kernel merges a chunk with a wholly free buddy (__free_one_page). */
	for (size_t i = 0; i < zs->nfree; i++) {
		const struct state_chunk *c = &zs->free[srt[i].at];
		if (c->order >= m->max_order)
			continue;
		uint32_t idx = 0, len = 1u << c->order;
		pfn_to_idx(m, c->pfn, &idx);
		uint32_t buddy = idx ^ len;
		if (!range_free(isfree, buddy, len))
			continue;
		int t = block_type_of(m, idx), bt = block_type_of(m, buddy);
		if (c->order >= m->pb_order && t != bt && (!mergeable(t) || !mergeable(bt)))
			continue;
		SERR(zi, srt[i].at, "free chunk at pfn %llu (order %d): its buddy at pfn %llu is free too, "
		     "the kernel would have merged them", (unsigned long long)c->pfn, c->order,
		     (unsigned long long)idx_to_pfn(m, buddy));
	}
	/* Ascending pfn: each chunk to the tail of its block type's list. */
	for (size_t i = 0; i < zs->nfree; i++) {
		const struct state_chunk *c = &zs->free[srt[i].at];
		uint32_t idx = 0;
		pfn_to_idx(m, c->pfn, &idx);
		list_add(m, zi, idx, c->order, block_type_of(m, idx), true);
	}
	ok = true;
out:
	return ok;
}

/* Used memory of one zone as allocations of the tag, ascending pfn. */
static bool fill_used(struct machine *m, int zi, uint32_t tag, const uint8_t *isfree)
{
	const struct zone *z = &m->zones[zi];
	uint32_t end = z->start_idx + z->npages;
	for (uint32_t idx = z->start_idx; idx < end;) {
		if (isfree[idx]) {
			idx++;
			continue;
		}
		int o = m->pb_order;
		while (o > 0 && ((idx & ((1u << o) - 1)) || !range_used(isfree, idx, 1u << o)))
			o--;
		int type = used_type(block_type_of(m, idx));
		uint64_t index = tag_add_alloc(m, tag, idx, o, type);
		if (index == UINT64_MAX)
			return false;
		mark_touched(m, idx);
		m->pg_state[idx] = (uint8_t)(PS_ALLOC | o);
		m->pg_link[idx].next = tag;
		m->pg_link[idx].prev = (uint32_t)index;
		block_add_alloc(m, idx, o, type, +1);
		m->allocs_live++;
		if (type == MT_RECLAIMABLE) {    /* reclaimable by the contract's reclaim */
			m->zones[zi].rcl_pages += 1u << o;
			rcl_note_alloc(m, tag, index);
		}
		idx += 1u << o;
	}
	return true;
}

bool machine_state_apply(struct machine *m, const struct machine_state *st, struct state_error *where,
			 char *msg, size_t n)
{
	bool ok = false;
	uint8_t *isfree = calloc(m->npages ? m->npages : 1, 1);
	size_t most = 1;
	for (int zi = 0; zi < m->nzones; zi++)
		if (st->zones[zi].nfree > most)
			most = st->zones[zi].nfree;
	struct sorted *srt = calloc(most, sizeof(*srt));
	where->zone = -1;
	where->chunk = -1;
	if (!isfree || !srt) {
		snprintf(msg, n, "host out of memory");
		goto out;
	}
	/* Undo the boot state: no free chunks, then the blocks' types. */
	for (int zi = 0; zi < m->nzones; zi++) {
		uint32_t h;
		while ((h = list_head(m, zi, m->max_order, MT_MOVABLE)) != NIL)
			list_del(m, zi, h, m->max_order);
	}
	for (int zi = 0; zi < m->nzones; zi++) {
		struct zone *z = &m->zones[zi];
		const struct zone_state *zs = &st->zones[zi];
		if (zs->nblocks != z->nblocks)
			SERR(zi, -1, "zone %s has %u pageblocks, the state gives %llu", zone_id_name(z->id),
			     z->nblocks, (unsigned long long)zs->nblocks);
		for (uint32_t b = 0; b < z->nblocks; b++) {
			int t = zs->block_types[b];
			if (t >= MT_COUNT || (t == MT_CMA && !machine_has_cma(m)))
				SERR(zi, -1, "zone %s: pageblock %u has a type this machine does not have",
				     zone_id_name(z->id), b);
			block_set_type(m, z->first_block + b, t);
			m->blocks[z->first_block + b].changes = 0;
			/* A HighAtomic block is a reserve: reserve_highatomic_pageblock()
			 * counted it, and unreserve gives it back by this count. */
			if (t == MT_HIGHATOMIC)
				z->nr_reserved_highatomic += m->pb_pages;
		}
	}
	for (int zi = 0; zi < m->nzones; zi++)
		if (!place_zone(m, zi, &st->zones[zi], isfree, srt, where, msg, n))
			goto out;
	uint32_t tag = machine_tag(m, st->tag[0] ? st->tag : "real");
	if (tag == UINT32_MAX) {
		snprintf(msg, n, "host out of memory");
		goto out;
	}
	for (int zi = 0; zi < m->nzones; zi++)
		if (!fill_used(m, zi, tag, isfree)) {
			snprintf(msg, n, "host out of memory");
			goto out;
		}
	ok = true;
out:
	free(isfree);
	free(srt);
	return ok;
}
