/* Per-cpu page lists of the one CPU (mm/page_alloc.c): zone_batchsize(),
 * zone_highsize(), rmqueue_pcplist(), nr_pcp_alloc(), rmqueue_bulk(),
 * free_unref_page(), free_unref_page_commit(), nr_pcp_high(),
 * nr_pcp_free(), free_pcppages_bulk(), drain_pages_zone().
 * linux-6.12-page-allocator.md section 7. What the model fixes (7.4):
 * `high` stays at high_min (no decay_pcp_high(), no raise on use), one
 * CPU, PCPF_FREE_HIGH_BATCH clear (no CPU cache information).
 */
#include "internal.h"

/* order_to_pindex() / pindex_to_order() */
static int order_to_pindex(int mt, int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (mt == MT_MOVABLE);
	return MT_PCPTYPES * order + mt;
}

static int pindex_to_order(int pindex)
{
	return pindex >= NR_LOWORDER_PCP_LISTS ? HPAGE_PMD_ORDER : pindex / MT_PCPTYPES;
}

static uint32_t rounddown_pow_of_two(uint32_t x)
{
	uint32_t r = 1;
	while (r <= x / 2)
		r <<= 1;
	return r;
}

/* zone_set_pageset_high_and_batch() with one CPU (nr_split_cpus = 1). */
void pcp_setup(struct machine *m, int zi)
{
	struct zone *z = &m->zones[zi];
	struct pcp *p = &z->pcp;
	/* zone_batchsize(): ~0.1% of the zone or 1 MiB, /4, then 2^n - 1. */
	uint64_t b = z->managed >> 10;
	if (b > 256)
		b = 256;
	b /= 4;
	if (b < 1)
		b = 1;
	int batch = (int)rounddown_pow_of_two((uint32_t)(b + b / 2)) - 1;
	if (batch < 1)
		batch = 1;
	/* zone_highsize(): the low mark (high_min) or managed / 8
	 * (high_max, MIN_PERCPU_PAGELIST_HIGH_FRACTION), at least 4 batches. */
	int64_t hmin = (int64_t)wmark_pages(z, WMARK_LOW), hmax = (int64_t)(z->managed / 8);
	if (hmin < batch * 4)
		hmin = batch * 4;
	if (hmax < batch * 4)
		hmax = batch * 4;
	for (int i = 0; i < NR_PCP_LISTS; i++)
		p->head[i] = p->tail[i] = NIL;
	p->batch = batch;
	p->high_min = (int)hmin;
	p->high_max = (int)hmax;
	p->high = p->high_min;
}

/* Block counters: a pcp page counts as an allocated page of its list's
 * type (contract); pcp/pcp_movable keep what is not an allocation. */
static void block_pcp(struct machine *m, uint32_t idx, int order, int mt, int sign)
{
	block_add_alloc(m, idx, order, mt, sign);
	uint32_t blk = idx >> m->pb_order;
	uint32_t nb = order <= m->pb_order ? 1 : 1u << (order - m->pb_order);
	uint32_t per = order <= m->pb_order ? 1u << order : m->pb_pages;
	for (uint32_t i = 0; i < nb; i++) {
		m->blocks[blk + i].pcp += (uint32_t)(sign * (int)per);
		if (mt == MT_MOVABLE)
			m->blocks[blk + i].pcp_movable += (uint32_t)(sign * (int)per);
	}
}

static void pcp_add(struct machine *m, int zi, int pindex, uint32_t idx, int order, int mt, bool tail)
{
	struct pcp *p = &m->zones[zi].pcp;
	mark_touched(m, idx);
	m->pg_state[idx] = pcp_state(order, mt);
	struct link *l = &m->pg_link[idx];
	if (p->head[pindex] == NIL) {
		l->next = l->prev = NIL;
		p->head[pindex] = p->tail[pindex] = idx;
	} else if (tail) {
		l->prev = p->tail[pindex];
		l->next = NIL;
		mark_touched(m, p->tail[pindex]);
		m->pg_link[p->tail[pindex]].next = idx;
		p->tail[pindex] = idx;
	} else {
		l->next = p->head[pindex];
		l->prev = NIL;
		mark_touched(m, p->head[pindex]);
		m->pg_link[p->head[pindex]].prev = idx;
		p->head[pindex] = idx;
	}
	p->len[pindex]++;
	block_pcp(m, idx, order, mt, +1);
}

static void pcp_del(struct machine *m, int zi, int pindex, uint32_t idx)
{
	struct pcp *p = &m->zones[zi].pcp;
	uint8_t s = m->pg_state[idx];
	int order = pcp_state_order(s), mt = pcp_state_mt(s);
	struct link *l = &m->pg_link[idx];
	mark_touched(m, idx);
	if (l->prev != NIL) {
		mark_touched(m, l->prev);
		m->pg_link[l->prev].next = l->next;
	} else {
		p->head[pindex] = l->next;
	}
	if (l->next != NIL) {
		mark_touched(m, l->next);
		m->pg_link[l->next].prev = l->prev;
	} else {
		p->tail[pindex] = l->prev;
	}
	l->next = l->prev = 0;
	m->pg_state[idx] = 0;
	p->len[pindex]--;
	block_pcp(m, idx, order, mt, -1);
}

/* nr_pcp_alloc(), with high fixed at high_min (no raise). */
static int nr_pcp_alloc(struct pcp *p, int order)
{
	int base = p->batch, high = p->high, batch;
	if (high < base)
		return 1;
	batch = order ? base : base << p->alloc_factor;
	if (!order) {
		int64_t max_nr = (int64_t)high - p->count - base;
		if (max_nr < base)
			max_nr = base;
		if (batch <= max_nr && p->alloc_factor < PCP_BATCH_SCALE_MAX)
			p->alloc_factor++;
		if (batch > max_nr)
			batch = (int)max_nr;
	}
	if (batch > 1) {
		batch >>= order;
		if (batch < 2)
			batch = 2;
	}
	return batch;
}

/* rmqueue_bulk(): `count` pages through __rmqueue() under one lock, one
 * rmqueue_mode for the whole batch, each appended at the list tail. */
static int rmqueue_bulk(struct machine *m, int zi, int order, int count, int pindex, int mt, uint32_t flags)
{
	int mode = RMQUEUE_NORMAL, i;
	uint32_t first = NIL, last = NIL;
	for (i = 0; i < count; i++) {
		uint32_t idx = rmqueue_mode(m, zi, order, mt, flags, &mode);
		if (idx == NIL)
			break;
		pcp_add(m, zi, pindex, idx, order, mt, true);
		if (first == NIL)
			first = idx;
		last = idx;
	}
	struct event *ev = ev_new(m, EV_PCP_REFILL);
	ev->zone = (uint8_t)zi;
	ev->order = (int8_t)order;
	ev->mt = (int8_t)mt;
	ev->a = (uint32_t)count;
	ev->b = (uint32_t)i;
	ev->c = (uint32_t)mode;
	ev->pfn = first == NIL ? 0 : idx_to_pfn(m, first);
	ev->pfn2 = last == NIL ? 0 : idx_to_pfn(m, last);
	ev_commit(m, ev);
	return i;
}

uint32_t rmqueue_pcplist(struct machine *m, int zi, int order, int mt, uint32_t flags)
{
	struct pcp *p = &m->zones[zi].pcp;
	p->free_count >>= 1;
	int pindex = order_to_pindex(mt, order);
	if (p->head[pindex] == NIL) {
		int batch = nr_pcp_alloc(p, order);
		int got = rmqueue_bulk(m, zi, order, batch, pindex, mt, flags);
		p->count += (int64_t)got << order;
		if (p->head[pindex] == NIL)
			return NIL;
	}
	uint32_t idx = p->head[pindex];
	pcp_del(m, zi, pindex, idx);
	p->count -= 1 << order;
	return idx;
}

/* free_pcppages_bulk(): from the list just used, round robin over the
 * lists, each emptied from its tail (oldest first) before the next; each
 * page to __free_one_page() with its block's type read now. */
static void free_pcppages_bulk(struct machine *m, int zi, int64_t count, int pindex, int why)
{
	struct pcp *p = &m->zones[zi].pcp;
	if (count > p->count)
		count = p->count;
	struct event *ev = ev_new(m, EV_PCP_DRAIN);
	ev->zone = (uint8_t)zi;
	ev->a = (uint32_t)count;
	ev->b = (uint32_t)p->count;
	ev->c = (uint32_t)why;
	ev_commit(m, ev);
	uint32_t saved_tag = m->freeing_tag;
	m->freeing_tag = NIL;
	pindex--;
	while (count > 0) {
		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
		} while (p->head[pindex] == NIL);
		int order = pindex_to_order(pindex);
		do {
			uint32_t idx = p->tail[pindex];
			pcp_del(m, zi, pindex, idx);
			count -= 1 << order;
			p->count -= 1 << order;
			free_pages_kernel(m, idx, order, 0);
		} while (count > 0 && p->head[pindex] != NIL);
	}
	m->freeing_tag = saved_tag;
}

/* nr_pcp_high(), with high fixed at high_min. */
static int nr_pcp_high(const struct machine *m, int zi, bool free_high)
{
	const struct zone *z = &m->zones[zi];
	const struct pcp *p = &z->pcp;
	int high = p->high, batch = p->batch;
	if (!high)
		return 0;
	if (free_high)
		return 0;
	if (z->flags & ZF_RECLAIM_ACTIVE)
		return batch * 4 < high ? batch * 4 : high;
	if (p->high_min == p->high_max)
		return high;
	if (z->flags & ZF_BELOW_HIGH)
		high = p->count > p->high_min ? (int)p->count : p->high_min;
	return high;
}

/* nr_pcp_free() */
static int64_t nr_pcp_free(const struct pcp *p, int high, bool free_high)
{
	int batch = p->batch;
	if (free_high)
		return p->count < (batch << PCP_BATCH_SCALE_MAX) ? p->count : batch << PCP_BATCH_SCALE_MAX;
	if (high < batch)
		return 1;
	int n = p->free_count < batch ? batch : p->free_count;   /* clamp_t(free_count, batch, high - batch) */
	return n > high - batch ? high - batch : n;
}

/* free_unref_page_commit() */
static void free_unref_page_commit(struct machine *m, int zi, uint32_t idx, int mt, int order)
{
	struct zone *z = &m->zones[zi];
	struct pcp *p = &z->pcp;
	p->alloc_factor >>= 1;
	int pindex = order_to_pindex(mt, order);
	pcp_add(m, zi, pindex, idx, order, mt, false);
	p->count += 1 << order;
	int batch = p->batch;
	bool free_high = false;
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		/* PCPF_FREE_HIGH_BATCH is clear here (no cache size known). */
		free_high = p->free_count >= batch && (p->flags & PCPF_PREV_FREE_HIGH_ORDER);
		p->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (p->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		p->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (p->free_count < (batch << PCP_BATCH_SCALE_MAX))
		p->free_count += 1 << order;

	struct event *ev = ev_new(m, EV_PCP_FREE);
	ev->zone = (uint8_t)zi;
	ev->pfn = idx_to_pfn(m, idx);
	ev->order = (int8_t)order;
	ev->mt = (int8_t)mt;
	ev->tag = m->freeing_tag;
	ev->index = m->freeing_index;
	ev->a = (uint32_t)p->count;
	int high = nr_pcp_high(m, zi, free_high);
	ev->b = (uint32_t)high;
	ev_commit(m, ev);

	if (p->count >= high) {
		free_pcppages_bulk(m, zi, nr_pcp_free(p, high, free_high), pindex,
				   free_high ? DRAIN_FREE_HIGH : DRAIN_HIGH);
		if ((z->flags & ZF_BELOW_HIGH) &&
		    zone_watermark_ok(m, zi, 0, wmark_pages(z, WMARK_HIGH), m->nzones - 1, 0, (int64_t)z->nr_free_pages))
			z->flags &= ~ZF_BELOW_HIGH;
	}
}

void free_unref_page(struct machine *m, uint32_t idx, int order)
{
	if (!pcp_allowed_order(order)) {
		free_pages_kernel(m, idx, order, 0);    /* __free_pages_ok() */
		return;
	}
	/* Only the three pcp types have lists: Isolate bypasses them,
	 * HighAtomic and CMA pages go to the Movable list. */
	int mt = block_type_of(m, idx);
	if (mt >= MT_PCPTYPES) {
		if (mt == MT_ISOLATE) {
			free_pages_kernel(m, idx, order, 0);
			return;
		}
		mt = MT_MOVABLE;
	}
	free_unref_page_commit(m, zone_of_idx(m, idx), idx, mt, order);
}

/* drain_pages_zone(): in slices of batch << CONFIG_PCP_BATCH_SCALE_MAX,
 * each starting at list 0. */
void drain_pages_zone(struct machine *m, int zi, int why)
{
	struct pcp *p = &m->zones[zi].pcp;
	while (p->count) {
		int64_t n = p->count < ((int64_t)p->batch << PCP_BATCH_SCALE_MAX) ? p->count
										  : (int64_t)p->batch << PCP_BATCH_SCALE_MAX;
		free_pcppages_bulk(m, zi, n, 0, why);
	}
}

void drain_all_pages(struct machine *m, int why)
{
	if (!m->cfg.pcp)
		return;
	for (int zi = 0; zi < m->nzones; zi++)
		drain_pages_zone(m, zi, why);
}

bool machine_pcp_at(const struct machine *m, uint64_t pfn, uint64_t *head, int *order, int *mt)
{
	uint32_t idx;
	if (!m->cfg.pcp || !pfn_to_idx(m, pfn, &idx))
		return false;
	for (int o = 0; o <= m->max_order; o++) {
		uint32_t h = idx & ~((1u << o) - 1);
		if (is_pcp_head(m, h)) {
			int po = pcp_state_order(m->pg_state[h]);
			if (po < o)
				return false;
			*head = idx_to_pfn(m, h);
			*order = po;
			*mt = pcp_state_mt(m->pg_state[h]);
			return true;
		}
		if (m->pg_state[h] & (PS_FREE | PS_ALLOC))
			return false;
	}
	return false;
}
