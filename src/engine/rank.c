/* Live-bit rank index: "the k-th set bit" over a growing bit array, for a
 * tag's records (tags.c; rng.md: a workload frees the k-th live
 * allocation in ascending index order).
 *
 * Shape: the 64-bit words in nodes of 64 words (4096 bits). Each node
 * keeps, per word, the set bits of its words up to and including that one
 * (inclusive prefix counts, 16 bits each). Inside a node the k-th bit is
 * found by counting the words whose prefix is <= k: a fixed 64-entry loop
 * with no data-dependent branch, which compilers turn into a few vector
 * compares; a bit change adds +-1 to the prefixes from its word on, the
 * same way. A Fenwick tree over the nodes' totals picks the node (one
 * branch-free halving step per doubling of the nodes). A churn's live set
 * (up to about 2000 records) is one node: no tree walk at all, where a
 * Fenwick tree over the words took six dependent steps and a branchy
 * select; a million records take 8 tree steps, as before.
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

/* Words of a node whose inclusive prefix is <= k: the index of the word
 * holding the k-th bit. */
static inline unsigned count_le16(const uint16_t *p, uint16_t k)
{
	uint16_t c = 0;   /* 16-bit lanes all the way */
	for (int i = 0; i < FAN; i++)
		c += p[i] <= k;
	return c;
}

/* mask16[64 - j + i] is all ones exactly for i >= j: "add d to words j
 * and up" becomes a plain masked add, no branch on j. */
#define Z8 0, 0, 0, 0, 0, 0, 0, 0
#define Z64 Z8, Z8, Z8, Z8, Z8, Z8, Z8, Z8
#define M8(v) v, v, v, v, v, v, v, v
#define M64(v) M8(v), M8(v), M8(v), M8(v), M8(v), M8(v), M8(v), M8(v)
static const uint16_t mask16[2 * FAN] = { Z64, M64(0xffffu) };

static inline void add_from16(uint16_t *p, unsigned j, uint16_t d)
{
	const uint16_t *m = mask16 + FAN - j;
	for (int i = 0; i < FAN; i++)
		p[i] = (uint16_t)(p[i] + (d & m[i]));
}

uint64_t rank_select(const struct live_rank *r, uint64_t k)
{
	/* The node: descend the Fenwick tree from half its (power-of-two)
	 * size; g + step never passes the end, and the body is branch-free
	 * (k is random). */
	uint64_t g = 0;
	for (uint64_t step = r->nodes >> 1; step; step >>= 1) {
		uint64_t v = r->fen[g + step - 1];
		uint64_t take = -(uint64_t)(v <= k);   /* all ones or zero */
		g += step & take;
		k -= v & take;
	}
	/* A node counts at most 64 * 64 bits: k fits 16 bits here. The bits
	 * before word j are p[j - 1], 0 for j = 0: a masked load, as j = 0
	 * is common and random. */
	const uint16_t *p = r->low + g * FAN;
	unsigned j = count_le16(p, (uint16_t)k);
	k -= p[(j - 1) & (FAN - 1)] & -(unsigned)(j != 0);
	uint64_t w = g * FAN + j;
	return (w << 6) + select64(r->bits[w], (unsigned)k);
}

/* Flips bit pos (the caller knows its old value) and adds d (+1 or -1,
 * as all ones in the counters' width) to the counts above it. */
static inline void rank_flip(struct live_rank *r, uint64_t pos, uint32_t d)
{
	uint64_t w = pos >> 6, g = w / FAN;
	r->bits[w] ^= 1ull << (pos & 63);
	add_from16(r->low + g * FAN, (unsigned)(w & (FAN - 1)), (uint16_t)d);
	for (uint64_t i = g + 1; i <= r->nodes; i += i & (~i + 1))
		r->fen[i - 1] += d;
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

/* The counts from the bits, O(words): the prefixes inside each node,
 * then the Fenwick tree over the node totals. */
static void rank_build(struct live_rank *r)
{
	for (uint64_t w = 0; w < r->words; w++) {
		unsigned below = (w & (FAN - 1)) ? r->low[w - 1] : 0;
		r->low[w] = (uint16_t)(below + popcount64(r->bits[w]));
	}
	for (uint64_t i = 1; i <= r->nodes; i++)
		r->fen[i - 1] = r->low[i * FAN - 1];
	for (uint64_t i = 1; i <= r->nodes; i++) {
		uint64_t j = i + (i & (~i + 1));
		if (j <= r->nodes)
			r->fen[j - 1] += r->fen[i - 1];
	}
}

void rank_free(struct live_rank *r)
{
	free(r->bits);
	free(r->low);
	free(r->fen);
	memset(r, 0, sizeof(*r));
}

/* Sizes the index for nbits bits (a power-of-two number of nodes, at
 * least one), keeping the bits below that; the caller has cleared any
 * beyond. */
bool rank_resize(struct live_rank *r, uint64_t nbits)
{
	uint64_t nodes = 1;
	while (nodes * FAN * 64 < nbits)
		nodes *= 2;
	if (nodes == r->nodes)
		return true;
	struct live_rank nr = { .words = nodes * FAN, .nodes = nodes, .cap = nodes * FAN };
	nr.bits = malloc(nr.words * sizeof(*nr.bits));
	nr.low = malloc(nr.words * sizeof(*nr.low));
	nr.fen = malloc(nodes * sizeof(*nr.fen));
	if (!nr.bits || !nr.low || !nr.fen) {
		rank_free(&nr);
		return false;
	}
	uint64_t keep = nr.words < r->words ? nr.words : r->words;
	if (keep)
		memcpy(nr.bits, r->bits, keep * sizeof(*nr.bits));
	memset(nr.bits + keep, 0, (nr.words - keep) * sizeof(*nr.bits));
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
	return r->cap * (sizeof(*r->bits) + sizeof(*r->low)) + (r->cap + FAN - 1) / FAN * sizeof(*r->fen);
}

/* dst (zeroed, or with its own buffers) becomes a copy of src, in dst's
 * buffers when they are big enough (a step back then costs no page
 * faults). On false (host out of memory) dst is unchanged. */
bool rank_copy(struct live_rank *dst, const struct live_rank *src)
{
	struct live_rank nr = *dst;
	if (dst->cap < src->words) {
		uint64_t w = src->words ? src->words : 1;
		memset(&nr, 0, sizeof(nr));
		nr.bits = malloc(w * sizeof(*nr.bits));
		nr.low = malloc(w * sizeof(*nr.low));
		nr.fen = malloc((w + FAN - 1) / FAN * sizeof(*nr.fen));
		nr.cap = w;
		if (!nr.bits || !nr.low || !nr.fen) {
			rank_free(&nr);
			return false;
		}
		rank_free(dst);
	}
	*dst = *src;
	dst->bits = nr.bits;
	dst->low = nr.low;
	dst->fen = nr.fen;
	dst->cap = nr.cap;
	if (src->words) {
		memcpy(dst->bits, src->bits, src->words * sizeof(*dst->bits));
		memcpy(dst->low, src->low, src->words * sizeof(*dst->low));
		memcpy(dst->fen, src->fen, src->nodes * sizeof(*dst->fen));
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
	c.fen = malloc(r->nodes * sizeof(*c.fen));
	bool ok = true;   /* nothing to compare with if the host refuses */
	if (c.low && c.fen) {
		rank_build(&c);
		ok = !memcmp(c.low, r->low, r->words * sizeof(*c.low)) && !memcmp(c.fen, r->fen, r->nodes * sizeof(*c.fen));
	}
	free(c.low);
	free(c.fen);
	return ok;
}
