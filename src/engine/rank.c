/* Live-bit rank index: "the k-th set bit" over a growing bit array, for a
 * tag's records (tags.c; rng.md: a workload frees the k-th live
 * allocation in ascending index order).
 *
 * Shape: groups of 8 words, nodes of 8 groups (4096 bits). Each word keeps
 * the set bits of its group up to and including it, each group those of
 * its node up to and including it: 16-bit counts, four to a uint64_t, so
 * eight of them are compared with k, or have one added from a position
 * on, in a few plain 64-bit operations (no data-dependent branch: k is
 * random). A Fenwick tree over the nodes' totals picks the node. A
 * churn's live set (up to a few thousand records) is one or two nodes:
 * a select is a tree step or none, two 8-lane counts and a bit search in
 * one word; a change is two masked adds and a tree step.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define GROUP 8            /* words per group, groups per node */
#define NODE_WORDS (GROUP * GROUP)

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

#define ONES16 0x0001000100010001ull
#define HIGH16 0x8000800080008000ull

/* Lanes of the 8 counts in q0, q1 (four each; each < 2^15) that are
 * <= k (k < 2^15): the lanes' (0x8000 + k) - count keep their high bit
 * exactly then, and never borrow. */
static inline unsigned lanes_le(uint64_t q0, uint64_t q1, unsigned k)
{
	uint64_t kk = ((uint64_t)k * ONES16) | HIGH16;
	uint64_t le = (((kk - q0) & HIGH16) >> 15) + (((kk - q1) & HIGH16) >> 15);
	return (unsigned)((le * ONES16) >> 48);
}

/* The count of lane i - 1 of the 8 in q0, q1 (already in registers: a
 * select, not another load, on the search's chain); 0 for i = 0. */
static inline unsigned lane_before(uint64_t q0, uint64_t q1, unsigned i)
{
	uint64_t q = ((i - 1) & 4) ? q1 : q0;
	return (unsigned)(q >> (((i - 1) & 3) * 16)) & 0xffffu & -(unsigned)(i != 0);
}

/* from_lane[j] has a 1 in every lane >= j of the 8 (two words). */
static const uint64_t from_lane[GROUP + 1][2] = {
	{ ONES16, ONES16 }, { ONES16 << 16, ONES16 }, { ONES16 << 32, ONES16 }, { ONES16 << 48, ONES16 },
	{ 0, ONES16 }, { 0, ONES16 << 16 }, { 0, ONES16 << 32 }, { 0, ONES16 << 48 }, { 0, 0 },
};

/* Adds (up) or takes one from the counts of lanes j..7: no lane carries
 * or borrows (a count taken from includes the bit being cleared). */
static inline void lanes_add(uint64_t *q, unsigned j, bool up)
{
	const uint64_t *f = from_lane[j];
	if (up) {
		q[0] += f[0];
		q[1] += f[1];
	} else {
		q[0] -= f[0];
		q[1] -= f[1];
	}
}

/* With BMI2 and POPCNT (x86-64 hosts that have them fast): the same
 * counts in fewer dependent steps, which is what a select costs: every
 * step waits for the one before. The results are the same bits. */
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define RANK_X86 1
#define X86_BMI2 __attribute__((target("popcnt,bmi,bmi2")))

X86_BMI2 static inline unsigned lanes_le_x86(uint64_t q0, uint64_t q1, unsigned k)
{
	uint64_t kk = ((uint64_t)k * ONES16) | HIGH16;
	return (unsigned)(__builtin_popcountll((kk - q0) & HIGH16) + __builtin_popcountll((kk - q1) & HIGH16));
}

X86_BMI2 static inline unsigned select64_x86(uint64_t x, unsigned k)
{
	return (unsigned)__builtin_ctzll(_pdep_u64(1ull << k, x));
}
#endif

/* One level of the search: the number of the 8 counts at q that are
 * <= *k (the lane holding the k-th bit), and *k made relative to it by
 * taking the count of the lane before (none for lane 0). */
static inline __attribute__((always_inline)) unsigned descend(const uint64_t *q, unsigned *k, bool x86)
{
	uint64_t q0 = q[0], q1 = q[1];
	unsigned i;
#ifdef RANK_X86
	i = x86 ? lanes_le_x86(q0, q1, *k) : lanes_le(q0, q1, *k);
#else
	(void)x86;
	i = lanes_le(q0, q1, *k);
#endif
	*k -= lane_before(q0, q1, i);
	return i;
}

/* The search, one body for both instruction sets (`x86`: the BMI2 one). */
static inline __attribute__((always_inline)) uint64_t select_in(const struct live_rank *r, uint64_t k, bool x86)
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
	/* A node counts at most 4096 bits: k fits 16 bits from here. The
	 * group inside the node, then the word inside the group. */
	unsigned kk = (unsigned)k;
	uint64_t grp = g * GROUP + descend(r->mid + g * 2, &kk, x86);
	uint64_t w = grp * GROUP + descend(r->low + grp * 2, &kk, x86);
#ifdef RANK_X86
	if (x86)
		return (w << 6) + select64_x86(r->bits[w], kk);
#endif
	return (w << 6) + select64(r->bits[w], kk);
}

static uint64_t rank_select_portable(const struct live_rank *r, uint64_t k)
{
	return select_in(r, k, false);
}

#ifdef RANK_X86
X86_BMI2 static uint64_t rank_select_x86(const struct live_rank *r, uint64_t k)
{
	return select_in(r, k, true);
}

/* BMI2 where PDEP is fast: not on AMD families 15h and 17h (Zen 1 and 2),
 * which run it in microcode. */
static bool x86_fast(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt") &&
	       !__builtin_cpu_is("amdfam15h") && !__builtin_cpu_is("amdfam17h");
}
#endif

void rank_set_portable(bool portable)
{
	rank_select_impl = rank_select_portable;
#ifdef RANK_X86
	if (!portable && x86_fast())
		rank_select_impl = rank_select_x86;
#else
	(void)portable;
#endif
}

/* The first search picks the implementation for the rest (one indirect
 * call per search from then on, always to the same place). */
static uint64_t rank_select_first(const struct live_rank *r, uint64_t k)
{
	rank_set_portable(false);
	return rank_select_impl(r, k);
}

uint64_t (*rank_select_impl)(const struct live_rank *r, uint64_t k) = rank_select_first;

/* Flips bit pos (the caller knows its old value: up when it was clear)
 * and counts it in the word's group, the group's node and the tree. */
static inline void rank_flip(struct live_rank *r, uint64_t pos, bool up)
{
	uint64_t w = pos >> 6, grp = w / GROUP, g = w / NODE_WORDS;
	r->bits[w] ^= 1ull << (pos & 63);
	lanes_add(r->low + grp * 2, (unsigned)(w % GROUP), up);
	lanes_add(r->mid + g * 2, (unsigned)(grp % GROUP), up);
	uint32_t d = up ? 1u : 0xffffffffu;
	if (r->nodes == 1) {   /* a churn's live set: the tree is one total */
		r->fen[0] += d;
		return;
	}
	for (uint64_t i = g + 1; i <= r->nodes; i += i & (~i + 1))
		r->fen[i - 1] += d;
}

void rank_mark(struct live_rank *r, uint64_t pos)
{
	hot_assert(!rank_get(r, pos));
	rank_flip(r, pos, true);
}

void rank_unmark(struct live_rank *r, uint64_t pos)
{
	hot_assert(rank_get(r, pos));
	rank_flip(r, pos, false);
}

/* The counts from the bits, O(words): the words' counts inside each
 * group, the groups' inside each node, then the Fenwick tree over the
 * node totals. */
static void rank_build(struct live_rank *r)
{
	memset(r->low, 0, r->words / 4 * sizeof(*r->low));
	memset(r->mid, 0, r->words / NODE_WORDS * 2 * sizeof(*r->mid));
	unsigned in_group = 0, in_node = 0;
	for (uint64_t w = 0; w < r->words; w++) {
		in_group += popcount64(r->bits[w]);
		r->low[w / 4] |= (uint64_t)in_group << ((w & 3) * 16);
		if (w % GROUP == GROUP - 1) {
			in_node += in_group;
			uint64_t grp = w / GROUP;
			r->mid[grp / 4] |= (uint64_t)in_node << ((grp & 3) * 16);
			in_group = 0;
		}
		if (w % NODE_WORDS == NODE_WORDS - 1) {
			r->fen[w / NODE_WORDS] = in_node;
			in_node = 0;
		}
	}
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
	free(r->mid);
	free(r->fen);
	memset(r, 0, sizeof(*r));
}

/* Buffers for `words` words (a multiple of NODE_WORDS); false if the
 * host refuses (r then holds what it got: rank_free() it). */
static bool rank_alloc(struct live_rank *r, uint64_t words)
{
	r->bits = malloc(words * sizeof(*r->bits));
	r->low = malloc(words / 4 * sizeof(*r->low));
	r->mid = malloc(words / NODE_WORDS * 2 * sizeof(*r->mid));
	r->fen = malloc(words / NODE_WORDS * sizeof(*r->fen));
	r->cap = words;
	return r->bits && r->low && r->mid && r->fen;
}

/* Sizes the index for nbits bits (a power-of-two number of nodes, at
 * least one), keeping the bits below that; the caller has cleared any
 * beyond. */
bool rank_resize(struct live_rank *r, uint64_t nbits)
{
	uint64_t nodes = 1;
	while (nodes * NODE_WORDS * 64 < nbits)
		nodes *= 2;
	if (nodes == r->nodes)
		return true;
	struct live_rank nr = { .words = nodes * NODE_WORDS, .nodes = nodes };
	if (!rank_alloc(&nr, nr.words)) {
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
	return r->cap * sizeof(*r->bits) + r->cap / 4 * sizeof(*r->low) +
	       r->cap / NODE_WORDS * (2 * sizeof(*r->mid) + sizeof(*r->fen));
}

/* dst (zeroed, or with its own buffers) becomes a copy of src, in dst's
 * buffers when they are big enough (a step back then costs no page
 * faults). On false (host out of memory) dst is unchanged. */
bool rank_copy(struct live_rank *dst, const struct live_rank *src)
{
	struct live_rank nr = *dst;
	if (dst->cap < src->words) {
		memset(&nr, 0, sizeof(nr));
		if (!rank_alloc(&nr, src->words)) {
			rank_free(&nr);
			return false;
		}
		rank_free(dst);
	}
	*dst = *src;
	dst->bits = nr.bits;
	dst->low = nr.low;
	dst->mid = nr.mid;
	dst->fen = nr.fen;
	dst->cap = nr.cap;
	if (src->words) {
		memcpy(dst->bits, src->bits, src->words * sizeof(*dst->bits));
		memcpy(dst->low, src->low, src->words / 4 * sizeof(*dst->low));
		memcpy(dst->mid, src->mid, src->nodes * 2 * sizeof(*dst->mid));
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
	struct live_rank c = { 0 };
	bool ok = true;   /* nothing to compare with if the host refuses */
	if (rank_alloc(&c, r->words)) {
		c.words = r->words;
		c.nodes = r->nodes;
		memcpy(c.bits, r->bits, r->words * sizeof(*c.bits));
		rank_build(&c);
		ok = !memcmp(c.low, r->low, r->words / 4 * sizeof(*c.low)) &&
		     !memcmp(c.mid, r->mid, r->nodes * 2 * sizeof(*c.mid)) &&
		     !memcmp(c.fen, r->fen, r->nodes * sizeof(*c.fen));
	}
	rank_free(&c);
	return ok;
}
