/* Allocation tags: names, stable indices, and the live set of each tag.
 *
 * Indices are handed out 0, 1, 2, ... per tag and never change. A tag
 * keeps records of its live allocations only (dead ones are dropped in
 * batches), in ascending index order: an index is found by binary search,
 * and a Fenwick tree over the records gives "the k-th live allocation in
 * ascending index order" (workload frees, rng.md) in O(log n). Memory
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

/* Set bits of a word, portable and branch-free (no popcnt needed). */
static inline unsigned popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* Position of the (k+1)-th set bit of x (k < popcount64(x)). */
static inline unsigned select64(uint64_t x, unsigned k)
{
	/* Bytes' running totals, then the byte, then the bit inside it. */
	uint64_t b = x - ((x >> 1) & 0x5555555555555555ull);
	b = (b & 0x3333333333333333ull) + ((b >> 2) & 0x3333333333333333ull);
	b = ((b + (b >> 4)) & 0x0f0f0f0f0f0f0f0full) * 0x0101010101010101ull;
	unsigned byte = 0;
	while (((b >> (byte * 8)) & 0xff) <= k)
		byte++;
	if (byte)
		k -= (unsigned)((b >> (byte * 8 - 8)) & 0xff);
	unsigned bits = (unsigned)(x >> (byte * 8)) & 0xff;
	for (;; bits &= bits - 1)
		if (k-- == 0)
			return byte * 8 + (unsigned)__builtin_ctz(bits);
}

static void fen_add(struct tag *tg, uint64_t pos, int32_t delta)
{
	if (delta > 0)
		tg->live_bits[pos >> 6] |= 1ull << (pos & 63);
	else
		tg->live_bits[pos >> 6] &= ~(1ull << (pos & 63));
	for (uint64_t i = (pos >> 6) + 1; i <= tg->fen_size; i += i & (~i + 1))
		tg->fen[i - 1] += (uint32_t)delta;
}

/* Builds the tree over the words into f (zeroed, `size` entries). */
static void fen_build(struct tag *tg, uint32_t *f, uint64_t size)
{
	uint64_t nwords = (tg->nrecs + 63) >> 6;
	for (uint64_t i = 1; i <= size; i++) {
		if (i <= nwords)
			f[i - 1] += popcount64(tg->live_bits[i - 1]);
		uint64_t j = i + (i & (~i + 1));
		if (j <= size)
			f[j - 1] += f[i - 1];
	}
	free(tg->fen);
	tg->fen = f;
	tg->fen_size = size;
}

/* Rebuilds the tree at a new power-of-two size, O(size). */
static bool fen_rebuild(struct tag *tg, uint64_t size)
{
	uint32_t *f = calloc(size, sizeof(*f));
	if (!f)
		return false;
	fen_build(tg, f, size);
	return true;
}

/* Words of the tree for n records: a power of two, at least 64. */
static uint64_t fen_words(uint64_t n)
{
	uint64_t p = 64;
	while (p * 64 < n)
		p *= 2;
	return p;
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

/* Room for n records: the records, their live bits (whole words, zeroed
 * beyond nrecs) and a tree that covers them. */
static bool recs_reserve(struct tag *tg, uint64_t n)
{
	uint64_t old_words = tg->cap / 64;
	if (!ensure_cap((void **)&tg->recs, &tg->cap, (n + 63) & ~63ull, sizeof(*tg->recs)))
		return false;
	if (tg->cap / 64 != old_words) {
		uint64_t *b = realloc(tg->live_bits, tg->cap / 64 * sizeof(*b));
		if (!b)
			return false;
		memset(b + old_words, 0, (tg->cap / 64 - old_words) * sizeof(*b));
		tg->live_bits = b;
	}
	if (((n + 63) >> 6) > tg->fen_size && !fen_rebuild(tg, fen_words(2 * n)))
		return false;
	return true;
}

/* Drops dead records (order kept) so the table and the tree stay about
 * twice the live set: amortised O(1) per free, and churn stays in cache. */
static void recs_compact(struct tag *tg)
{
	uint64_t size = fen_words(2 * tg->nlive + 1), n = 0;
	uint32_t *f = calloc(size, sizeof(*f));
	if (!f)
		return; /* the old tree stays valid: compaction is only tidying */
	for (uint64_t s = 0; s < tg->nrecs; s++)
		if (tg->recs[s].live)
			tg->recs[n++] = tg->recs[s];
	/* The first n positions are live, the rest of the words clear. */
	uint64_t words = (tg->nrecs + 63) >> 6;
	memset(tg->live_bits, 0, words * sizeof(*tg->live_bits));
	for (uint64_t w = 0; w < n >> 6; w++)
		tg->live_bits[w] = ~0ull;
	if (n & 63)
		tg->live_bits[n >> 6] = (1ull << (n & 63)) - 1;
	tg->nrecs = n;
	fen_build(tg, f, size);
}

uint64_t tag_kth_live_pos(const struct machine *m, uint32_t tag, uint64_t k)
{
	const struct tag *tg = &m->tags[tag];
	/* Descend the word tree from half its (power-of-two) size: pos +
	 * step never passes the end, and the body is branch-free (no branch
	 * to mispredict on random k); then the bit inside the word. */
	uint64_t w = 0;
	for (uint64_t step = tg->fen_size >> 1; step; step >>= 1) {
		uint64_t v = tg->fen[w + step - 1];
		uint64_t take = -(uint64_t)(v <= k);   /* all ones or zero */
		w += step & take;
		k -= v & take;
	}
	return (w << 6) + select64(tg->live_bits[w], (unsigned)k);
}

uint64_t machine_tag_kth_live(const struct machine *m, uint32_t tag, uint64_t k)
{
	return m->tags[tag].recs[tag_kth_live_pos(m, tag, k)].index;
}

uint64_t tag_find_live(const struct machine *m, uint32_t tag, uint64_t index)
{
	if (tag >= m->ntags)
		return UINT64_MAX;
	const struct tag *tg = &m->tags[tag];
	/* Records are dropped only below their successors, so the record of
	 * `index` sits between index - (records dropped) and index. */
	uint64_t dropped = tg->next_index - tg->nrecs;
	uint64_t lo = index > dropped ? index - dropped : 0;
	uint64_t hi = index < tg->nrecs ? index + 1 : tg->nrecs;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (tg->recs[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < tg->nrecs && tg->recs[lo].index == index && tg->recs[lo].live)
		return lo;
	return UINT64_MAX;
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
		if (tg->recs[s].live)
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
		.index = (uint32_t)index, .idx = idx, .order = (uint8_t)order, .type = (uint8_t)type, .live = 1
	};
	fen_add(tg, pos, 1);
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
	tg->recs[pos].live = 0;
	fen_add(tg, pos, -1);
	tg->nlive--;
	if (tg->nrecs - tg->nlive > tg->nlive + 1024)
		recs_compact(tg);
}

/* Compaction moved the allocation: same tag and index, new head page. */
void tag_move_alloc(struct machine *m, uint32_t tag, uint64_t index, uint32_t new_idx)
{
	struct tag *tg = &m->tags[tag];
	uint64_t pos = tag_find_live(m, tag, index);
	assert(pos != UINT64_MAX);
	tg->dirty = true;
	tg->recs[pos].idx = new_idx;
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
		free(m->tags[t].live_bits);
		free(m->tags[t].fen);
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
		d->recs = NULL;
		d->live_bits = NULL;
		d->fen = NULL;
		dst->ntags = t + 1;
		if (s->cap) {
			d->recs = malloc(s->cap * sizeof(*d->recs));
			d->live_bits = malloc(s->cap / 64 * sizeof(*d->live_bits));
			if (!d->recs || !d->live_bits)
				return false;
			memcpy(d->recs, s->recs, s->nrecs * sizeof(*d->recs));
			memcpy(d->live_bits, s->live_bits, s->cap / 64 * sizeof(*d->live_bits));
		}
		if (s->fen_size) {
			d->fen = malloc(s->fen_size * sizeof(*d->fen));
			if (!d->fen)
				return false;
			memcpy(d->fen, s->fen, s->fen_size * sizeof(*d->fen));
		}
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
		free(dst->tags[t].live_bits);
		free(dst->tags[t].fen);
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
		/* The same capacities as src: live bits come in whole words. */
		if (d->cap != s->cap) {
			struct alloc_rec *r = realloc(d->recs, s->cap * sizeof(*r));
			if (r || !s->cap)
				d->recs = r;
			uint64_t *b = realloc(d->live_bits, s->cap / 64 * sizeof(*b));
			if (b || !s->cap)
				d->live_bits = b;
			if (s->cap && (!r || !b)) {
				/* Whatever moved is d's again; it stays consistent. */
				dst->ntags = t + 1 > dst->ntags ? t + 1 : dst->ntags;
				return false;
			}
		}
		if (d->fen_size != s->fen_size) {
			uint32_t *f = realloc(d->fen, s->fen_size * sizeof(*f));
			if (!f && s->fen_size)
				return false;
			d->fen = f;
		}
		struct alloc_rec *recs = d->recs;
		uint64_t *bits = d->live_bits;
		uint32_t *fen = d->fen;
		*d = *s;
		d->recs = recs;
		d->live_bits = bits;
		d->fen = fen;
		if (s->nrecs)
			memcpy(d->recs, s->recs, s->nrecs * sizeof(*d->recs));
		if (s->cap)
			memcpy(d->live_bits, s->live_bits, s->cap / 64 * sizeof(*d->live_bits));
		if (s->fen_size)
			memcpy(d->fen, s->fen, s->fen_size * sizeof(*d->fen));
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
