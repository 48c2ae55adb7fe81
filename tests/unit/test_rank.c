/* The rank index (src/engine/rank.c) against a plain bit array: the k-th
 * set bit after random sets and clears, across group (512 bits) and node
 * (4096 bits) boundaries, growth, shrinking, packing and copies. */
#include <stdint.h>
#include <stdlib.h>

#include "engine/internal.h"
#include "unit.h"

static uint64_t naive_kth(const uint8_t *bit, uint64_t n, uint64_t k)
{
	for (uint64_t i = 0; i < n; i++)
		if (bit[i] && k-- == 0)
			return i;
	return UINT64_MAX;
}

/* Both searches: the portable one, and BMI2's where the host has it fast
 * (the same on hosts without). */
static void rank_matches_plain_bits(bool portable)
{
	rank_set_portable(portable);
	enum { N = 40000 };
	uint8_t *bit = calloc(N, 1);
	struct live_rank r = { 0 }, copy = { 0 };
	uint64_t seed = 11, n = 0, live = 0, wrong = 0;
	CHECK(rank_resize(&r, 1));
	for (int op = 0; op < 120000; op++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t x = seed >> 20;
		if (n < N && (live == 0 || x % 100 < (uint64_t)((op / 20000) % 2 ? 40 : 75))) {
			/* Append, as tags do; grow the index by doubling. */
			if (n + 1 > r.words * 64)
				CHECK(rank_resize(&r, 2 * (n + 1)));
			rank_mark(&r, n);
			bit[n++] = 1;
			live++;
		} else if (live) {
			uint64_t k = (x >> 7) % live, want = naive_kth(bit, n, k);
			uint64_t got = rank_select(&r, k);
			if (got != want)
				wrong++;
			rank_unmark(&r, got);
			bit[want] = 0;
			live--;
		}
		if (op % 30011 == 0) {
			/* Pack the set bits to the front, as recs_compact() does. */
			rank_fill(&r, live);
			memset(bit, 0, N);
			memset(bit, 1, live);
			n = live;
			CHECK(rank_resize(&r, 2 * n + 1));
		}
		if (op % 4999 == 0) {
			CHECK(rank_check(&r, n));
			CHECK(rank_copy(&copy, &r));
			CHECK(rank_check(&copy, n));
			if (live)
				CHECK_EQ_INT(rank_select(&copy, live - 1), naive_kth(bit, n, live - 1));
		}
	}
	CHECK_EQ_INT(wrong, 0);
	CHECK(r.nodes > 1);   /* the test reached the tree over the nodes */
	for (uint64_t k = 0; k < live; k += 97)
		CHECK_EQ_INT(rank_select(&r, k), naive_kth(bit, n, k));
	rank_free(&r);
	rank_free(&copy);
	free(bit);
	rank_set_portable(false);
}

UNIT_TEST(rank_index_matches_plain_bits) { rank_matches_plain_bits(false); }
UNIT_TEST(rank_index_portable_matches_plain_bits) { rank_matches_plain_bits(true); }
