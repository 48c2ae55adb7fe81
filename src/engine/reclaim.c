/* The contract's reclaim (scenario-format.md section 3, `reclaim`): live
 * RECLAIMABLE allocations are freed oldest first. A simulator definition:
 * the kernel's shrinkers free slab pages in no such order (spec 15.8).
 * Direct reclaim and kswapd (slowpath.c) use it too.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void rcl_note_alloc(struct machine *m, uint32_t tag, uint64_t index)
{
	if (m->rcl_len == m->rcl_cap) {
		/* Drop the dead entries first; grow only if that frees little. */
		uint64_t w = 0;
		struct live_cursor c = { 0 };
		for (uint64_t i = m->rcl_head; i < m->rcl_len; i++) {
			struct rcl_entry e = m->rcl[i];
			if (tag_find_live_next(m, e.tag, e.index, &c) != UINT64_MAX)
				m->rcl[w++] = e;
		}
		m->rcl_head = 0;
		m->rcl_len = w;
		if (w > m->rcl_cap / 2 || m->rcl_cap == 0) {
			uint64_t cap = m->rcl_cap ? m->rcl_cap * 2 : 256;
			struct rcl_entry *n = realloc(m->rcl, cap * sizeof(*n));
			if (!n)
				return;    /* host out of memory: this one is never reclaimed */
			m->rcl = n;
			m->rcl_cap = cap;
		}
	}
	m->rcl[m->rcl_len++] = (struct rcl_entry){ tag, (uint32_t)index };
}

uint64_t reclaim_pages(struct machine *m, uint64_t pages, int max_zone, int only_zone)
{
	uint64_t freed = 0;
	for (uint64_t i = m->rcl_head; i < m->rcl_len && freed < pages; i++) {
		struct rcl_entry e = m->rcl[i];
		uint64_t pos = tag_find_live(m, e.tag, e.index);
		if (pos != UINT64_MAX) {
			const struct alloc_rec *r = &m->tags[e.tag].recs[pos];
			int zi = zone_of_idx(m, r->idx);
			if ((only_zone >= 0 && zi != only_zone) || (max_zone >= 0 && zi > max_zone))
				continue;
			freed += 1u << r->order;
			free_alloc_rec(m, e.tag, pos);
		}
		if (i == m->rcl_head)
			m->rcl_head++;
	}
	return freed;
}

void reclaim_note(struct machine *m, uint64_t freed, uint64_t pages)
{
	struct event *ev = ev_new(m, EV_RECLAIM);
	ev->a = (uint32_t)(freed > UINT32_MAX ? UINT32_MAX : freed);
	ev->b = (uint32_t)(pages > UINT32_MAX ? UINT32_MAX : pages);
	ev->c = 0;
	ev_commit(m, ev);
}

uint64_t machine_reclaim(struct machine *m, uint64_t pages)
{
	uint64_t freed = reclaim_pages(m, pages, -1, -1);
	reclaim_note(m, freed, pages);
	return freed;
}

void rcl_free_all(struct machine *m)
{
	free(m->rcl);
	m->rcl = NULL;
	m->rcl_head = m->rcl_len = m->rcl_cap = 0;
}

/* dst's queue becomes src's (dst->rcl is dst's own buffer or NULL). */
bool rcl_copy(struct machine *dst, const struct machine *src)
{
	uint64_t n = src->rcl_len - src->rcl_head;
	if (dst->rcl_cap < n || !dst->rcl) {
		uint64_t cap = n ? n : 16;
		struct rcl_entry *b = realloc(dst->rcl, cap * sizeof(*b));
		if (!b)
			return false;
		dst->rcl = b;
		dst->rcl_cap = cap;
	}
	if (n)
		memcpy(dst->rcl, src->rcl + src->rcl_head, n * sizeof(*dst->rcl));
	dst->rcl_head = 0;
	dst->rcl_len = n;
	return true;
}
