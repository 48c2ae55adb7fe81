/* Allocation tags: names, stable indices, and the live set of each tag.
 *
 * Indices are handed out 0, 1, 2, ... per tag and never change. A tag
 * keeps records of its live allocations only (dead ones are dropped in
 * batches), in ascending index order: an index is found by binary search,
 * and a rank index over their live bits (rank.c) gives "the k-th live
 * allocation in ascending index order" (workload frees, rng.md). Memory
 * follows the live set, never the history. Tables grow by doubling: no
 * host allocation per operation.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool hash_grow(struct machine *m)
{
	uint32_t cap = m->tag_hash_cap ? m->tag_hash_cap * 2 : 64;
	uint32_t *h = calloc(cap, sizeof(*h));
	if (!h)
		return false;
	for (uint32_t t = 0; t < m->ntags; t++) {
		uint32_t i = hash_name(m->tags[t].name) & (cap - 1);
		while (h[i])
			i = (i + 1) & (cap - 1);
		h[i] = t + 1;
	}
	free(m->tag_hash);
	m->tag_hash = h;
	m->tag_hash_cap = cap;
	return true;
}

static uint32_t tag_find(const struct machine *m, const char *name)
{
	if (!m->tag_hash_cap)
		return NIL;
	uint32_t i = hash_name(name) & (m->tag_hash_cap - 1);
	while (m->tag_hash[i]) {
		uint32_t t = m->tag_hash[i] - 1;
		if (strcmp(m->tags[t].name, name) == 0)
			return t;
		i = (i + 1) & (m->tag_hash_cap - 1);
	}
	return NIL;
}

uint32_t machine_tag(struct machine *m, const char *name)
{
	uint32_t t = tag_find(m, name);
	if (t != NIL)
		return t;
	if ((m->ntags + 1) * 2 > m->tag_hash_cap && !hash_grow(m))
		return NIL;
	if (m->ntags == m->tags_cap) {
		uint32_t cap = m->tags_cap ? m->tags_cap * 2 : 8;
		struct tag *nt = realloc(m->tags, cap * sizeof(*nt));
		uint32_t *no = realloc(m->tag_order, cap * sizeof(*no));
		if (nt)
			m->tags = nt;
		if (no)
			m->tag_order = no;
		if (!nt || !no)
			return NIL;
		m->tags_cap = cap;
	}
	t = m->ntags++;
	struct tag *tg = &m->tags[t];
	memset(tg, 0, sizeof(*tg));
	strncpy(tg->name, name, TAG_MAX_LEN);
	tg->gen = ++m->id_seq;
	uint32_t i = hash_name(name) & (m->tag_hash_cap - 1);
	while (m->tag_hash[i])
		i = (i + 1) & (m->tag_hash_cap - 1);
	m->tag_hash[i] = t + 1;
	return t;
}

const char *machine_tag_name(const struct machine *m, uint32_t tag)
{
	return tag < m->ntags ? m->tags[tag].name : "?";
}

size_t machine_tag_order_count(const struct machine *m) { return m->ntag_order; }
uint32_t machine_tag_order_at(const struct machine *m, size_t i) { return m->tag_order[i]; }
uint64_t machine_tag_live(const struct machine *m, uint32_t tag) { return tag < m->ntags ? m->tags[tag].nlive : 0; }
uint64_t machine_tag_next_index(const struct machine *m, uint32_t tag)
{
	return tag < m->ntags ? m->tags[tag].next_index : 0;
}

/* Grows *buf to hold at least n elements of size sz, doubling (at least
 * 64), never shrinking. False if the host is out of memory. */
static bool ensure_cap(void **buf, uint64_t *cap, uint64_t n, size_t sz)
{
	if (n <= *cap)
		return true;
	uint64_t c = *cap ? *cap * 2 : 64;
	if (c < n)
		c = n;
	void *p = realloc(*buf, c * sz);
	if (!p)
		return false;
	*buf = p;
	*cap = c;
	return true;
}

/* Room for n records, and a rank index over them with room to spare
 * (its size changes with the live set, not at every record). */
static bool recs_reserve(struct tag *tg, uint64_t n)
{
	if (!ensure_cap((void **)&tg->recs, &tg->cap, n, sizeof(*tg->recs)))
		return false;
	if (n > tg->live.words * 64 && !rank_resize(&tg->live, 2 * n))
		return false;
	return true;
}

/* Drops dead records (order kept) so the table and the index stay about
 * twice the live set: amortised O(1) per free, and churn stays in cache.
 * Walks the live bits, not the records: no branch per record. */
static void recs_compact(struct machine *m, struct tag *tg)
{
	uint64_t n = 0, words = (tg->nrecs + 63) >> 6;
	for (uint64_t w = 0; w < words; w++)
		for (uint64_t b = tg->live.bits[w]; b; b &= b - 1)
			tg->recs[n++] = tg->recs[(w << 6) + (unsigned)__builtin_ctzll(b)];
	tg->nrecs = n;
	tg->gen = ++m->id_seq;   /* records moved down: a new generation */
	tg->base_gen = tg->base_n = 0;
	rank_fill(&tg->live, n);
	/* A smaller index if the live set shrank; if the host refuses, the
	 * bigger one stays valid. */
	if (tg->live.words * 64 > 4 * (n + 64))
		rank_resize(&tg->live, 2 * n + 1);
}

uint64_t tag_kth_live_pos(const struct machine *m, uint32_t tag, uint64_t k)
{
	return rank_select(&m->tags[tag].live, k);
}

uint64_t machine_tag_kth_live(const struct machine *m, uint32_t tag, uint64_t k)
{
	return m->tags[tag].recs[tag_kth_live_pos(m, tag, k)].index;
}

/* The first record in [lo, hi) whose index is >= index (hi if none),
 * halving without a branch on the comparison: the queries are random. */
static uint64_t recs_lower_bound(const struct tag *tg, uint64_t lo, uint64_t hi, uint64_t index)
{
	if (lo >= hi)
		return hi;
	const struct alloc_rec *base = tg->recs + lo;
	uint64_t n = hi - lo;
	while (n > 1) {
		uint64_t half = n / 2;
		base = base[half - 1].index < index ? base + half : base;
		n -= half;
	}
	return (uint64_t)(base - tg->recs) + (base->index < index);
}

/* The record of `index` if it is live; *at (when given) gets where it
 * is or would be, for the next search of a higher index of the tag. */
static uint64_t find_live_in(const struct tag *tg, uint64_t lo, uint64_t hi, uint64_t index, uint64_t *at)
{
	uint64_t pos = recs_lower_bound(tg, lo, hi, index);
	if (at)
		*at = pos;
	if (pos < hi && tg->recs[pos].index == index && rank_get(&tg->live, pos))
		return pos;
	return UINT64_MAX;
}

/* Records are dropped only below their successors, so the record of
 * `index` sits between index - (records dropped) and index. */
static void live_range(const struct tag *tg, uint64_t index, uint64_t *lo, uint64_t *hi)
{
	uint64_t dropped = tg->next_index - tg->nrecs;
	*lo = index > dropped ? index - dropped : 0;
	*hi = index < tg->nrecs ? index + 1 : tg->nrecs;
}

uint64_t tag_find_live(const struct machine *m, uint32_t tag, uint64_t index)
{
	if (tag >= m->ntags)
		return UINT64_MAX;
	const struct tag *tg = &m->tags[tag];
	uint64_t lo, hi;
	live_range(tg, index, &lo, &hi);
	return find_live_in(tg, lo, hi, index, NULL);
}

uint64_t tag_find_live_next(const struct machine *m, uint32_t tag, uint64_t index, struct live_cursor *c)
{
	if (tag >= m->ntags)
		return UINT64_MAX;
	const struct tag *tg = &m->tags[tag];
	uint64_t lo, hi;
	live_range(tg, index, &lo, &hi);
	/* After the record of a lower index of the same tag (or where it
	 * would be): this one is at most index - that index further on, as
	 * indices only grow along the records. */
	if (c->tag == tag && c->index < index && c->nrecs == tg->nrecs) {
		lo = c->pos > lo ? c->pos : lo;
		uint64_t bound = c->pos + (index - c->index) + 1;
		hi = bound < hi ? bound : hi;
	}
	uint64_t at;
	uint64_t pos = find_live_in(tg, lo, hi, index, &at);
	*c = (struct live_cursor){ .tag = tag, .index = index, .pos = at, .nrecs = tg->nrecs };
	return pos;
}

uint64_t *tag_live_indices(const struct machine *m, uint32_t tag, uint64_t *n, bool *oom)
{
	const struct tag *tg = &m->tags[tag];
	*n = 0;
	*oom = false;
	if (!tg->nlive)
		return NULL;
	uint64_t *out = malloc(tg->nlive * sizeof(*out));
	if (!out) {
		*oom = true;
		return NULL;
	}
	for (uint64_t s = 0; s < tg->nrecs; s++)
		if (rank_get(&tg->live, s))
			out[(*n)++] = tg->recs[s].index;
	return out;
}

/* Records a new allocation; returns its index, or UINT64_MAX if the host
 * is out of memory (the caller then undoes the allocation). */
uint64_t tag_add_alloc(struct machine *m, uint32_t tag, uint32_t idx, int order, int type)
{
	struct tag *tg = &m->tags[tag];
	if (!recs_reserve(tg, tg->nrecs + 1))
		return UINT64_MAX;
	tg->dirty = true;
	uint64_t index = tg->next_index++;
	uint64_t pos = tg->nrecs++;
	tg->recs[pos] = (struct alloc_rec){
		.index = (uint32_t)index, .idx = idx, .order = (uint8_t)order, .type = (uint8_t)type
	};
	rank_mark(&tg->live, pos);
	tg->nlive++;
	if (!tg->ordered) {
		tg->ordered = true;
		m->tag_order[m->ntag_order++] = tag;
	}
	return index;
}

void tag_mark_freed(struct machine *m, uint32_t tag, uint64_t pos)
{
	struct tag *tg = &m->tags[tag];
	tg->dirty = true;
	rank_unmark(&tg->live, pos);
	tg->nlive--;
	if (tg->nrecs - tg->nlive > tg->nlive + 1024)
		recs_compact(m, tg);
}

/* Compaction moved the allocation: same tag and index, new head page. */
void tag_move_alloc(struct machine *m, uint32_t tag, uint64_t index, uint32_t new_idx)
{
	struct tag *tg = &m->tags[tag];
	uint64_t pos = tag_find_live(m, tag, index);
	assert(pos != UINT64_MAX);
	tg->dirty = true;
	tg->recs[pos].idx = new_idx;
	tg->gen = ++m->id_seq;   /* a record rewritten: a new generation */
	tg->base_gen = tg->base_n = 0;
}

bool machine_alloc_info(const struct machine *m, uint32_t tag, uint64_t index, struct alloc_info *out)
{
	if (tag >= m->ntags || index >= m->tags[tag].next_index)
		return false;
	uint64_t pos = tag_find_live(m, tag, index);
	*out = (struct alloc_info){ .tag = tag, .index = index, .live = pos != UINT64_MAX };
	if (out->live) {
		const struct alloc_rec *r = &m->tags[tag].recs[pos];
		out->pfn = idx_to_pfn(m, r->idx);
		out->order = r->order;
		out->type = r->type;
	}
	return true;
}

void tags_free_all(struct machine *m)
{
	for (uint32_t t = 0; t < m->ntags; t++) {
		free(m->tags[t].recs);
		rank_free(&m->tags[t].live);
	}
	free(m->tags);
	free(m->tag_order);
	free(m->tag_hash);
	m->tags = NULL;
	m->tag_order = NULL;
	m->tag_hash = NULL;
	m->ntags = m->tags_cap = m->ntag_order = m->tag_hash_cap = 0;
}

bool tags_clone(struct machine *dst, const struct machine *src)
{
	dst->tags = NULL;
	dst->tag_order = NULL;
	dst->tag_hash = NULL;
	dst->ntags = dst->tags_cap = dst->ntag_order = dst->tag_hash_cap = 0;
	if (!src->tags_cap)
		return true;
	dst->tags = calloc(src->tags_cap, sizeof(*dst->tags));
	dst->tag_order = malloc(src->tags_cap * sizeof(*dst->tag_order));
	dst->tag_hash = malloc(src->tag_hash_cap * sizeof(*dst->tag_hash));
	if (!dst->tags || !dst->tag_order || !dst->tag_hash)
		return false;
	dst->tags_cap = src->tags_cap;
	dst->tag_hash_cap = src->tag_hash_cap;
	dst->ntag_order = src->ntag_order;
	memcpy(dst->tag_order, src->tag_order, src->ntag_order * sizeof(*dst->tag_order));
	memcpy(dst->tag_hash, src->tag_hash, src->tag_hash_cap * sizeof(*dst->tag_hash));
	for (uint32_t t = 0; t < src->ntags; t++) {
		const struct tag *s = &src->tags[t];
		struct tag *d = &dst->tags[t];
		*d = *s;
		d->gen = d->base_gen = d->base_n = 0;   /* machine_checkpoint() sets them */
		d->recs = NULL;
		memset(&d->live, 0, sizeof(d->live));
		dst->ntags = t + 1;
		if (s->cap) {
			d->recs = malloc(s->cap * sizeof(*d->recs));
			if (!d->recs)
				return false;
			memcpy(d->recs, s->recs, s->nrecs * sizeof(*d->recs));
		}
		if (!rank_copy(&d->live, &s->live))
			return false;
	}
	return true;
}

bool tags_restore(struct machine *dst, const struct machine *src, bool only_dirty)
{
	/* Tag ids only ever grow, so src's tags are a prefix of dst's when
	 * src is an earlier state of the same session; handle any case. */
	if (dst->tags_cap < src->tags_cap) {
		struct tag *nt = realloc(dst->tags, src->tags_cap * sizeof(*nt));
		if (!nt)
			return false;
		memset(nt + dst->tags_cap, 0, (src->tags_cap - dst->tags_cap) * sizeof(*nt));
		dst->tags = nt;
		uint32_t *no = realloc(dst->tag_order, src->tags_cap * sizeof(*no));
		if (!no)
			return false;
		dst->tag_order = no;
		dst->tags_cap = src->tags_cap;
	}
	if (dst->tag_hash_cap != src->tag_hash_cap) {
		uint32_t *h = realloc(dst->tag_hash, src->tag_hash_cap * sizeof(*h));
		if (!h && src->tag_hash_cap)
			return false;
		dst->tag_hash = h;
		dst->tag_hash_cap = src->tag_hash_cap;
	}
	for (uint32_t t = src->ntags; t < dst->ntags; t++) {
		free(dst->tags[t].recs);
		rank_free(&dst->tags[t].live);
		memset(&dst->tags[t], 0, sizeof(dst->tags[t]));
	}
	for (uint32_t t = 0; t < src->ntags; t++) {
		const struct tag *s = &src->tags[t];
		struct tag *d = &dst->tags[t];
		/* dst descends from src: a tag it has not changed is equal. */
		if (only_dirty && t < dst->ntags && !d->dirty)
			continue;
		if (t >= dst->ntags)
			memset(d, 0, sizeof(*d));
		/* d's buffers are kept when they are big enough: a fresh one of
		 * hundreds of MiB costs a page fault per 4 KiB, several times
		 * the copy (a filled 64 GiB zone). New buffers are taken before
		 * any old one is let go, so a refusal leaves d as it was. */
		struct alloc_rec *recs = d->recs;
		struct live_rank live = d->live;
		uint64_t cap = d->cap;
		bool new_recs = d->cap < s->nrecs, new_live = d->live.cap < s->live.words;
		/* d holds s's records already when it only appended since
		 * it was s's generation, or since it was restored from one
		 * (a step back over appends copies no record). */
		bool same_recs = t < dst->ntags && !new_recs && s->gen &&
				 ((d->gen == s->gen && d->nrecs >= s->nrecs) ||
				  (d->base_gen == s->gen && d->base_n >= s->nrecs));
		if (new_recs) {
			recs = s->cap ? malloc(s->cap * sizeof(*recs)) : NULL;
			cap = s->cap;
		}
		if (new_live)
			memset(&live, 0, sizeof(live));
		if ((new_recs && s->cap && !recs) || !rank_copy(&live, &s->live)) {
			if (new_recs)
				free(recs);
			if (new_live)
				rank_free(&live);
			dst->ntags = t + 1 > dst->ntags ? t + 1 : dst->ntags;
			return false;
		}
		if (new_recs)
			free(d->recs);
		if (new_live)
			rank_free(&d->live);
		*d = *s;
		d->recs = recs;
		d->cap = cap;
		d->live = live;
		if (s->nrecs && !same_recs)
			memcpy(d->recs, s->recs, s->nrecs * sizeof(*d->recs));
		/* d will append its own records from here: a new generation
		 * whose first records are s's. */
		d->gen = ++dst->id_seq;
		d->base_gen = s->gen;
		d->base_n = s->gen ? s->nrecs : 0;
		d->dirty = false;
	}
	dst->ntags = src->ntags;
	dst->ntag_order = src->ntag_order;
	if (src->ntag_order)
		memcpy(dst->tag_order, src->tag_order, src->ntag_order * sizeof(*dst->tag_order));
	if (src->tag_hash_cap)
		memcpy(dst->tag_hash, src->tag_hash, src->tag_hash_cap * sizeof(*dst->tag_hash));
	return true;
}
