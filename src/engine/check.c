/* machine_check(): every invariant recounted from scratch (tests only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FAIL(...) do { snprintf(msg, n, __VA_ARGS__); goto out; } while (0)

/* pcp lists: links, page states, counts; covers their pages. */
static bool pcp_check(const struct machine *m, uint8_t *cover, struct block *bl, char *msg, size_t n)
{
	bool ok = false;
	for (int zi = 0; zi < m->nzones; zi++) {
		const struct zone *z = &m->zones[zi];
		const struct pcp *p = &z->pcp;
		int64_t count = 0;
		for (int li = 0; li < NR_PCP_LISTS; li++) {
			int order = li >= NR_LOWORDER_PCP_LISTS ? HPAGE_PMD_ORDER : li / MT_PCPTYPES;
			uint32_t prev = NIL, len = 0;
			if (!m->cfg.pcp && p->head[li] != NIL)
				FAIL("zone %d: pcp list %d used with pcp off", zi, li);
			for (uint32_t i = p->head[li]; i != NIL; i = m->pg_link[i].next) {
				if (i < z->start_idx || i - z->start_idx >= z->npages)
					FAIL("pcp page idx %u outside zone %d", i, zi);
				if (!is_pcp_head(m, i) || pcp_state_order(m->pg_state[i]) != order)
					FAIL("idx %u on pcp list %d is not a pcp page of order %d", i, li, order);
				int mt = pcp_state_mt(m->pg_state[i]);
				if (li < NR_LOWORDER_PCP_LISTS ? mt != li % MT_PCPTYPES
							      : (mt == MT_MOVABLE) != (li == NR_LOWORDER_PCP_LISTS + 1))
					FAIL("idx %u: type %s does not belong on pcp list %d", i, mtype_name(mt), li);
				if (i & ((1u << order) - 1))
					FAIL("pcp page idx %u misaligned", i);
				if (m->pg_link[i].prev != prev)
					FAIL("pcp list %d: broken back link at idx %u", li, i);
				prev = i;
				for (uint32_t q = i; q < i + (1u << order); q++) {
					if (cover[q]++)
						FAIL("page idx %u covered twice (pcp)", q);
					struct block *b = &bl[q >> m->pb_order];
					b->alloc[mt]++;
					b->pcp++;
					if (mt == MT_MOVABLE)
						b->pcp_movable++;
				}
				count += 1 << order;
				if (++len > z->npages)
					FAIL("pcp list cycle");
			}
			if (p->tail[li] != prev || p->len[li] != len)
				FAIL("zone %d pcp list %d: tail or length wrong", zi, li);
		}
		if (count != p->count)
			FAIL("zone %d: pcp count %lld, recount %lld", zi, (long long)p->count, (long long)count);
		if (m->cfg.pcp && (p->batch < 1 || p->high != p->high_min || p->high_min < 4 * p->batch))
			FAIL("zone %d: pcp sizes wrong", zi);
		if (!m->cfg.watermarks && (z->flags || z->boost))
			FAIL("zone %d: watermark flags or boost set with watermarks off", zi);
	}
	ok = true;
out:
	return ok;
}

bool machine_check(const struct machine *m, char *msg, size_t n)
{
	bool ok = false;
	uint8_t *cover = calloc(m->npages ? m->npages : 1, 1);
	struct block *bl = calloc(m->nblocks ? m->nblocks : 1, sizeof(*bl));
	if (!cover || !bl) {
		snprintf(msg, n, "host out of memory");
		free(cover);
		free(bl);
		return false;
	}
	uint64_t live = 0, mixed = 0, by_type[MT_COUNT] = { 0 };

	for (int zi = 0; zi < m->nzones; zi++) {
		const struct zone *z = &m->zones[zi];
		uint64_t free_pages = 0, nr_free_pages = 0, free_cma = 0, free_ha = 0;
		for (int o = 0; o <= m->max_order; o++) {
			uint64_t chunks = 0;
			for (int t = 0; t < MT_COUNT; t++) {
				const struct free_list *fl = &z->lists[o][t];
				uint64_t cnt = 0;
				uint32_t prev = NIL;
				for (uint32_t i = fl->head; i != NIL; i = link_next(m, i, o)) {
					if (i < z->start_idx || i - z->start_idx >= z->npages)
						FAIL("zone %d o%d %s: chunk idx %u outside the zone", zi, o, mtype_name(t), i);
					if (!is_free_head(m, i, o) || free_head_list(m, i) != t)
						FAIL("idx %u on list o%d %s is not a free head of that order/list", i, o, mtype_name(t));
					if (i & ((1u << o) - 1))
						FAIL("chunk idx %u misaligned for order %d", i, o);
					/* Every block a chunk covers carries its list's type
					 * (grouping off: the three pcp types may differ, as
					 * set_pageblock_migratetype() stores Unmovable); the
					 * kernel's one exception: unset_migratetype_isolate()
					 * retypes only the first block of a chunk it merges,
					 * so a later block may still read Isolate. */
					for (uint32_t b = i >> m->pb_order; b <= (i + (1u << o) - 1) >> m->pb_order; b++) {
						int bt = m->blocks[b].type;
						bool pcp = bt < MT_PCPTYPES && t < MT_PCPTYPES;
						if (bt == t || (pcp && m->grouping_disabled))
							continue;
						if (b != i >> m->pb_order && bt == MT_ISOLATE)
							continue;
						FAIL("chunk idx %u on %s list but block %u is %s", i, mtype_name(t), b, mtype_name(bt));
					}
					const struct link *l = o == m->max_order ? &m->mb_link[i >> o] : &m->pg_link[i];
					if (l->prev != prev)
						FAIL("broken back link at idx %u", i);
					prev = i;
					for (uint32_t p = i; p < i + (1u << o); p++) {
						if (cover[p]++)
							FAIL("page idx %u covered twice", p);
						bl[p >> m->pb_order].free++;
					}
					cnt++;
					if (cnt > z->npages)
						FAIL("list cycle");
				}
				if (fl->tail != prev)
					FAIL("zone %d o%d %s: tail mismatch", zi, o, mtype_name(t));
				if (cnt != fl->count)
					FAIL("zone %d o%d %s: count %llu, recount %llu", zi, o, mtype_name(t),
					     (unsigned long long)fl->count, (unsigned long long)cnt);
				chunks += cnt;
				free_pages += cnt << o;
				if (t != MT_ISOLATE)
					nr_free_pages += cnt << o;
				if (t == MT_CMA)
					free_cma += cnt << o;
				if (t == MT_HIGHATOMIC)
					free_ha += cnt << o;
			}
			if (chunks != z->nr_free[o])
				FAIL("zone %d nr_free[%d] %llu, recount %llu", zi, o, (unsigned long long)z->nr_free[o],
				     (unsigned long long)chunks);
		}
		if (free_pages != z->free_pages || nr_free_pages != z->nr_free_pages)
			FAIL("zone %d free page counters differ from a recount", zi);
		if (free_cma != z->nr_free_cma || free_ha != z->nr_free_highatomic)
			FAIL("zone %d NR_FREE_CMA_PAGES %llu / nr_free_highatomic %llu, recount %llu / %llu", zi,
			     (unsigned long long)z->nr_free_cma, (unsigned long long)z->nr_free_highatomic,
			     (unsigned long long)free_cma, (unsigned long long)free_ha);
		/* Reserves: every HighAtomic block is counted in
		 * nr_reserved_highatomic (an isolated one leaves the count
		 * behind, as in the kernel), and the count stays within what
		 * reserve_highatomic_pageblock() allows: it stops at
		 * ALIGN(managed / 100, pageblock) but one reservation of a
		 * whole allocation may add up to a max-order block. */
		uint64_t ha_blocks = 0, pct = z->managed / 100;
		for (uint32_t b = z->first_block; b < z->first_block + z->nblocks; b++)
			ha_blocks += m->blocks[b].type == MT_HIGHATOMIC;
		uint64_t limit = pct < m->pb_pages ? 0
				 : (pct + m->pb_pages - 1) / m->pb_pages * m->pb_pages + (1ull << m->max_order) - m->pb_pages;
		if (ha_blocks * m->pb_pages > z->nr_reserved_highatomic || z->nr_reserved_highatomic > limit)
			FAIL("zone %d: %llu HighAtomic blocks, nr_reserved_highatomic %llu, limit %llu", zi,
			     (unsigned long long)ha_blocks, (unsigned long long)z->nr_reserved_highatomic,
			     (unsigned long long)limit);
	}

	if (!pcp_check(m, cover, bl, msg, n))
		goto out;

	uint64_t rcl[ZONE_ID_COUNT] = { 0 };
	for (uint32_t t = 0; t < m->ntags; t++) {
		const struct tag *tg = &m->tags[t];
		uint64_t nl = 0;
		for (uint64_t s = 0; s < tg->nrecs; s++) {
			const struct alloc_rec *r = &tg->recs[s];
			uint64_t i = r->index;
			if (s > 0 && tg->recs[s - 1].index >= r->index)
				FAIL("tag %s: records out of index order at %llu", tg->name, (unsigned long long)s);
			if (i >= tg->next_index)
				FAIL("tag %s: index %llu not handed out yet", tg->name, (unsigned long long)i);
			if (!rank_get(&tg->live, s))
				continue;
			nl++;
			if (r->idx & ((1u << r->order) - 1))
				FAIL("allocation %s#%llu misaligned", tg->name, (unsigned long long)i);
			if (m->pg_state[r->idx] != (PS_ALLOC | r->order) || m->pg_link[r->idx].next != t ||
			    m->pg_link[r->idx].prev != (uint32_t)i)
				FAIL("allocation %s#%llu: head page state disagrees", tg->name, (unsigned long long)i);
			for (uint32_t p = r->idx; p < r->idx + (1u << r->order); p++) {
				if (cover[p]++)
					FAIL("page idx %u covered twice (allocation %s#%llu)", p, tg->name,
					     (unsigned long long)i);
				bl[p >> m->pb_order].alloc[r->type]++;
			}
			if (r->type == MT_RECLAIMABLE)
				rcl[zone_of_idx(m, r->idx)] += 1ull << r->order;
			if (machine_tag_kth_live(m, t, nl - 1) != i)
				FAIL("tag %s: live rank of index %llu wrong", tg->name, (unsigned long long)i);
		}
		if (!rank_check(&tg->live, tg->nrecs))
			FAIL("tag %s: rank index counts disagree with its bits", tg->name);
		if (nl != tg->nlive)
			FAIL("tag %s: nlive %llu, recount %llu", tg->name, (unsigned long long)tg->nlive,
			     (unsigned long long)nl);
		live += nl;
	}
	for (int zi = 0; zi < m->nzones; zi++)
		if (rcl[zi] != m->zones[zi].rcl_pages)
			FAIL("zone %d: reclaimable pages %llu, recount %llu", zi,
			     (unsigned long long)m->zones[zi].rcl_pages, (unsigned long long)rcl[zi]);
	if (live != m->allocs_live)
		FAIL("allocs_live %llu, recount %llu", (unsigned long long)m->allocs_live, (unsigned long long)live);
	if (!compaction_cover(m, cover, msg, n))
		goto out;
	for (uint32_t p = 0; p < m->npages; p++)
		if (!cover[p])
			FAIL("page idx %u neither free nor allocated", p);

	for (uint32_t b = 0; b < m->nblocks; b++) {
		const struct block *x = &m->blocks[b];
		if (x->free != bl[b].free)
			FAIL("block %u: free %u, recount %u", b, x->free, bl[b].free);
		bool mx = false;
		for (int t = 0; t < MT_PCPTYPES; t++) {
			if (x->alloc[t] != bl[b].alloc[t])
				FAIL("block %u: %s pages %u, recount %u", b, mtype_name(t), x->alloc[t], bl[b].alloc[t]);
			if (t != x->type && x->alloc[t])
				mx = true;
		}
		if (x->pcp != bl[b].pcp || x->pcp_movable != bl[b].pcp_movable)
			FAIL("block %u: pcp pages %u/%u, recount %u/%u", b, x->pcp, x->pcp_movable, bl[b].pcp,
			     bl[b].pcp_movable);
		if (mx != (bool)x->mixed)
			FAIL("block %u: mixed flag wrong", b);
		/* An isolated block holds no unmovable or reclaimable pages:
		 * has_unmovable_pages() refused those, and nothing allocates
		 * from Isolate lists. (With max_order > pageblock_order + 1 a
		 * partly unisolated merged chunk can leave an Isolate block
		 * inside a normal chunk, as in the kernel: not checked there.) */
		if (x->type == MT_ISOLATE && m->max_order <= m->pb_order + 1 &&
		    (x->alloc[MT_UNMOVABLE] || x->alloc[MT_RECLAIMABLE]))
			FAIL("block %u is Isolate but holds unmovable or reclaimable pages", b);
		if (m->cfg.cma && x->type == MT_CMA) {
			if (b < m->cfg.cma_first || b > m->cfg.cma_last)
				FAIL("block %u is CMA outside the CMA area", b);
		} else if (m->cfg.cma && b >= m->cfg.cma_first && b <= m->cfg.cma_last && x->type != MT_ISOLATE) {
			FAIL("CMA block %u is %s", b, mtype_name(x->type));
		}
		if (!m->cfg.cma && x->type == MT_CMA)
			FAIL("block %u is CMA on a machine without CMA", b);
		mixed += mx;
		by_type[x->type]++;
	}
	if (mixed != m->mixed_blocks)
		FAIL("mixed_blocks %llu, recount %llu", (unsigned long long)m->mixed_blocks, (unsigned long long)mixed);
	if (memcmp(by_type, m->blocks_by_type, sizeof(by_type)) != 0)
		FAIL("blocks per type differ from a recount");
	ok = true;
out:
	free(cover);
	free(bl);
	return ok;
}
