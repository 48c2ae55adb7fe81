/* Live-bit rank index: "the k-th set bit" over a growing bit array, for a
 * tag's records (tags.c; rng.md: a workload frees the k-th live
 * allocation in ascending index order).
 *
 * Shape: a tree of fanout 64 over the 64-bit words. Each node keeps, per
 * child, the set bits of its children up to and including that one
 * (inclusive prefix counts, restarting at every node of 64). Finding the
 * k-th bit counts, at each level, the children whose prefix is <= k: a
 * fixed 64-entry loop with no data-dependent branch, which compilers turn
 * into a few vector compares; a bit change adds +-1 to the prefixes from
 * the child on, the same way. Leaf nodes (one prefix per word, at most
 * 4096) use 16-bit counters, the levels above 32-bit ones. Up to 4096
 * records (the churn benchmarks' live sets) this is one level plus one
 * word: compared with a Fenwick tree over the words (one dependent load
 * per halving, a branchy select), the k-th search costs a third.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FAN 64

/* Set bits of a word, portable and branch-free (no popcnt needed). */
static inline unsigned popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

#define ONES8 0x0101010101010101ull
#define HIGH8 0x8080808080808080ull

/* Bytes of b (each < 128) that are <= k (k < 128), counted: the bytes'
 * (0x80 + k) - b keep their high bit exactly then, and never borrow. */
static inline unsigned bytes_le(uint64_t b, unsigned k)
{
	uint64_t le = (((uint64_t)k * ONES8) | HIGH8) - b;
	return (unsigned)((((le & HIGH8) >> 7) * ONES8) >> 56);
}

/* Position of the (k+1)-th set bit of x (k < popcount64(x)), without a
 * branch (k is random: a loop over the bits mispredicts): the byte by the
 * running byte counts, then the bit inside it the same way. */
static inline unsigned select64(uint64_t x, unsigned k)
{
	uint64_t s = x - ((x >> 1) & 0x5555555555555555ull);
	s = (s & 0x3333333333333333ull) + ((s >> 2) & 0x3333333333333333ull);
	s = (s + (s >> 4)) & 0x0f0f0f0f0f0f0f0full;
	uint64_t upto = s * ONES8;          /* byte i: bits in bytes 0..i */
	unsigned byte = bytes_le(upto, k);
	k -= (unsigned)(((upto << 8) >> (byte * 8)) & 0xff);   /* bits below that byte */
	uint64_t bits = (x >> (byte * 8)) & 0xff;
	/* Byte i of `spread` is 1 iff bit i of the byte is set; its running
	 * sums find the bit as the bytes did. */
	uint64_t spread = ((bits * ONES8) & 0x8040201008040201ull) + 0x7f7f7f7f7f7f7f7full;
	spread = ((spread | ((bits * ONES8) & 0x8040201008040201ull)) & HIGH8) >> 7;
	return byte * 8 + bytes_le(spread * ONES8, k);
}

/* Children of a node whose inclusive prefix is <= k: the index of the
 * child holding the k-th bit. */
static inline unsigned count_le16(const uint16_t *p, uint16_t k)
{
	uint16_t c = 0;   /* 16-bit lanes all the way */
	for (int i = 0; i < FAN; i++)
		c += p[i] <= k;
	return c;
}

static inline unsigned count_le32(const uint32_t *p, uint32_t k, unsigned n)
{
	uint32_t c = 0;
	for (unsigned i = 0; i < n; i++)
		c += p[i] <= k;
	return c;
}

/* mask[64 - j + i] is all ones exactly for i >= j: "add d to children j
 * and up" becomes a plain masked add, no branch on j. */
#define Z8 0, 0, 0, 0, 0, 0, 0, 0
#define Z64 Z8, Z8, Z8, Z8, Z8, Z8, Z8, Z8
#define M8(v) v, v, v, v, v, v, v, v
#define M64(v) M8(v), M8(v), M8(v), M8(v), M8(v), M8(v), M8(v), M8(v)
static const uint16_t mask16[2 * FAN] = { Z64, M64(0xffffu) };
static const uint32_t mask32[2 * FAN] = { Z64, M64(0xffffffffu) };

static inline void add_from16(uint16_t *p, unsigned j, uint16_t d)
{
	const uint16_t *m = mask16 + FAN - j;
	for (int i = 0; i < FAN; i++)
		p[i] = (uint16_t)(p[i] + (d & m[i]));
}

static inline void add_from32(uint32_t *p, unsigned j, uint32_t d, unsigned n)
{
	const uint32_t *m = mask32 + FAN - j;
	for (unsigned i = 0; i < n; i++)
		p[i] += d & m[i];
}

/* Levels 1..depth-2 hold whole nodes of 64; the top one is a single node
 * of size[top] (a multiple of 8) children, scanned only that far. */
static inline unsigned level_fan(const struct live_rank *r, int l)
{
	return l == r->depth - 1 ? (unsigned)r->size[l] : FAN;
}

/* Bits in the children before child j (p[j - 1], 0 for the first), as
 * a masked load: j == 0 is common and random, a branch on it mispredicts. */
#define before(p, j) ((p)[((j) - 1) & (FAN - 1)] & -(uint32_t)((j) != 0))

uint64_t rank_select(const struct live_rank *r, uint64_t k)
{
	uint64_t g = 0;   /* node at the current level */
	for (int l = r->depth - 1; l >= 1; l--) {
		const uint32_t *p = r->high + r->off[l] + g * FAN;
		unsigned j = count_le32(p, (uint32_t)k, level_fan(r, l));
		k -= before(p, j);
		g = g * FAN + j;
	}
	/* A leaf node counts at most 64 * 64 bits: k fits 16 bits here. */
	const uint16_t *p = r->low + g * FAN;
	unsigned j = count_le16(p, (uint16_t)k);
	k -= before(p, j);
	uint64_t w = g * FAN + j;
	return (w << 6) + select64(r->bits[w], (unsigned)k);
}

/* Flips bit pos (the caller knows its old value) and adds d (+1 or -1 in
 * the counters' width, all ones) to the counts above it. */
static inline void rank_flip(struct live_rank *r, uint64_t pos, uint32_t d)
{
	uint64_t w = pos >> 6;
	r->bits[w] ^= 1ull << (pos & 63);
	add_from16(r->low + (w & ~(uint64_t)(FAN - 1)), (unsigned)(w & (FAN - 1)), (uint16_t)d);
	uint64_t c = w / FAN;   /* child index at level 1 */
	for (int l = 1; l < r->depth; l++) {
		add_from32(r->high + r->off[l] + (c & ~(uint64_t)(FAN - 1)), (unsigned)(c & (FAN - 1)), d,
			   level_fan(r, l));
		c /= FAN;
	}
}

void rank_mark(struct live_rank *r, uint64_t pos)
{
	hot_assert(!rank_get(r, pos));
	rank_flip(r, pos, 1);
}

void rank_unmark(struct live_rank *r, uint64_t pos)
{
	hot_assert(rank_get(r, pos));
	rank_flip(r, pos, 0xffffffffu);
}

/* The counts of every level from the bits (O(words)). */
static void rank_build(struct live_rank *r)
{
	uint64_t n = r->words;
	for (uint64_t w = 0; w < n; w++) {
		unsigned before = (w & (FAN - 1)) ? r->low[w - 1] : 0;
		r->low[w] = (uint16_t)(before + popcount64(r->bits[w]));
	}
	/* Each level's children are the nodes below: their totals are the
	 * last prefix of each node. Nodes past the used ones hold zeros. */
	for (int l = 1; l < r->depth; l++) {
		uint64_t nodes = n / FAN;
		uint32_t *p = r->high + r->off[l];
		for (uint64_t c = 0; c < r->size[l]; c++) {
			uint32_t total = 0;
			if (c < nodes)
				total = l == 1 ? r->low[c * FAN + FAN - 1] : r->high[r->off[l - 1] + c * FAN + FAN - 1];
			p[c] = ((c & (FAN - 1)) ? p[c - 1] : 0) + total;
		}
		n = r->size[l];
	}
}

/* Levels for `words` words (a multiple of 64): level 0 one counter per
 * word, each level above one per node of the level below, in whole nodes
 * of 64 but for the top one (a multiple of 8). Sets depth, size[] and
 * off[]; returns the 32-bit counters the upper levels need. */
static uint64_t rank_shape(struct live_rank *r, uint64_t words)
{
	uint64_t n = words, total = 0;
	r->words = words;
	r->depth = 1;
	r->size[0] = words;
	while (n > FAN) {
		assert(r->depth < RANK_MAX_DEPTH);
		uint64_t nodes = n / FAN;
		n = nodes <= FAN ? (nodes + 7) / 8 * 8 : (nodes + FAN - 1) / FAN * FAN;
		r->off[r->depth] = total;
		r->size[r->depth++] = n;
		total += n;
	}
	return total;
}

static uint64_t rank_high_len(const struct live_rank *r)
{
	return r->depth > 1 ? r->off[r->depth - 1] + r->size[r->depth - 1] : 0;
}

void rank_free(struct live_rank *r)
{
	free(r->bits);
	free(r->low);
	free(r->high);
	memset(r, 0, sizeof(*r));
}

/* Sizes the index for nbits bits (whole leaf nodes, at least one),
 * keeping the bits below that; the caller has cleared any beyond. */
bool rank_resize(struct live_rank *r, uint64_t nbits)
{
	uint64_t words = ((nbits + 63) / 64 + FAN - 1) / FAN * FAN;
	if (!words)
		words = FAN;
	if (words == r->words)
		return true;
	struct live_rank nr = { 0 };
	uint64_t nhigh = rank_shape(&nr, words);
	nr.bits = malloc(words * sizeof(*nr.bits));
	nr.low = malloc(words * sizeof(*nr.low));
	nr.high = malloc((nhigh ? nhigh : 1) * sizeof(*nr.high));
	if (!nr.bits || !nr.low || !nr.high) {
		free(nr.bits);
		free(nr.low);
		free(nr.high);
		return false;
	}
	uint64_t keep = words < r->words ? words : r->words;
	if (keep)
		memcpy(nr.bits, r->bits, keep * sizeof(*nr.bits));
	memset(nr.bits + keep, 0, (words - keep) * sizeof(*nr.bits));
	rank_build(&nr);
	rank_free(r);
	*r = nr;
	return true;
}

/* After the records were packed: the first n bits set, the rest clear. */
void rank_fill(struct live_rank *r, uint64_t n)
{
	memset(r->bits, 0, r->words * sizeof(*r->bits));
	for (uint64_t w = 0; w < n >> 6; w++)
		r->bits[w] = ~0ull;
	if (n & 63)
		r->bits[n >> 6] = (1ull << (n & 63)) - 1;
	rank_build(r);
}


size_t rank_bytes(const struct live_rank *r)
{
	return r->words * (sizeof(*r->bits) + sizeof(*r->low)) + rank_high_len(r) * sizeof(*r->high);
}

/* dst (zeroed, or with its own buffers) becomes a copy of src. On false
 * (host out of memory) dst is unchanged. */
bool rank_copy(struct live_rank *dst, const struct live_rank *src)
{
	uint64_t *bits = dst->bits;
	uint16_t *low = dst->low;
	uint32_t *high = dst->high;
	uint64_t nh = rank_high_len(src);
	if (dst->words != src->words) {
		bits = malloc((src->words ? src->words : 1) * sizeof(*bits));
		low = malloc((src->words ? src->words : 1) * sizeof(*low));
		high = malloc((nh ? nh : 1) * sizeof(*high));
		if (!bits || !low || !high) {
			free(bits);
			free(low);
			free(high);
			return false;
		}
		rank_free(dst);
	}
	*dst = *src;
	dst->bits = bits;
	dst->low = low;
	dst->high = high;
	if (src->words) {
		memcpy(bits, src->bits, src->words * sizeof(*bits));
		memcpy(low, src->low, src->words * sizeof(*low));
		if (nh)
			memcpy(high, src->high, nh * sizeof(*high));
	}
	return true;
}

/* For machine_check(): every count equals a recount of the bits, and no
 * bit is set at or past nbits. */
bool rank_check(const struct live_rank *r, uint64_t nbits)
{
	if (nbits > r->words * 64)
		return false;
	if (!r->words)
		return true;
	for (uint64_t w = 0; w < r->words; w++) {
		uint64_t valid = w < nbits / 64 ? ~0ull : w == nbits / 64 && (nbits & 63) ? (1ull << (nbits & 63)) - 1 : 0;
		if (r->bits[w] & ~valid)
			return false;
	}
	struct live_rank c = *r;
	c.low = malloc(r->words * sizeof(*c.low));
	uint64_t nh = rank_high_len(r);
	c.high = malloc((nh ? nh : 1) * sizeof(*c.high));
	bool ok = true;   /* nothing to compare with if the host refuses */
	if (c.low && c.high) {
		rank_build(&c);
		ok = !memcmp(c.low, r->low, r->words * sizeof(*c.low)) && !memcmp(c.high, r->high, nh * sizeof(*c.high));
	}
	free(c.low);
	free(c.high);
	return ok;
}
