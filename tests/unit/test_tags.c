/* Tags over long histories: the live set against a plain reference, the
 * k-th live search, selectors, undo copies, and memory that follows the
 * live set rather than the number of allocations ever made. */
#include <stdint.h>
#include <stdlib.h>

#include "engine/machine.h"
#include "unit.h"

/* A reference of one tag: live flag and pfn by index. */
struct ref {
	uint8_t *live;
	uint64_t *pfn;
	uint64_t n, nlive;
};

static uint64_t ref_kth(const struct ref *r, uint64_t k)
{
	for (uint64_t i = 0; i < r->n; i++)
		if (r->live[i] && k-- == 0)
			return i;
	return UINT64_MAX;
}

static bool same_as_ref(const struct machine *m, uint32_t tag, const struct ref *r)
{
	if (machine_tag_live(m, tag) != r->nlive || machine_tag_next_index(m, tag) != r->n)
		return false;
	uint64_t k = 0;
	for (uint64_t i = 0; i < r->n; i++) {
		struct alloc_info ai;
		if (!machine_alloc_info(m, tag, i, &ai) || ai.live != (r->live[i] != 0))
			return false;
		if (!r->live[i])
			continue;
		if (ai.pfn != r->pfn[i] || machine_tag_kth_live(m, tag, k) != i)
			return false;
		k++;
	}
	struct alloc_info ai;
	return !machine_alloc_info(m, tag, r->n, &ai);
}

UNIT_TEST(tags_long_history_matches_reference)
{
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1u << 16;
	struct machine *m = machine_create(&cfg);
	uint32_t tag = machine_tag(m, "T");
	enum { OPS = 60000 };
	struct ref r = { calloc(OPS, 1), calloc(OPS, sizeof(uint64_t)), 0, 0 };
	uint64_t seed = 7, checks_failed = 0;
	struct machine *snap = NULL;
	struct ref snap_ref = { calloc(OPS, 1), calloc(OPS, sizeof(uint64_t)), 0, 0 };
	for (int op = 0; op < OPS; op++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t x = seed >> 33;
		/* Phases: grow to thousands live, then churn near a few, so
		 * dead records pile up and are dropped many times. */
		int grow = (op / 5000) % 2 == 0 ? 70 : 45;
		if (r.nlive == 0 || (int)(x % 100) < grow) {
			uint64_t pfn;
			struct alloc_request rq = { .type = MT_MOVABLE, .order = 0, .zone = -1, .tag = tag, .steal_from = -1 };
			if (machine_alloc(m, &rq, &pfn) == MS_OK) {
				r.live[r.n] = 1;
				r.pfn[r.n++] = pfn;
				r.nlive++;
			}
		} else {
			uint64_t k = (x >> 8) % r.nlive, i = ref_kth(&r, k);
			CHECK_EQ_INT(machine_tag_kth_live(m, tag, k), i);
			if (x & 1)
				CHECK_EQ_INT(machine_free_index(m, tag, i), MS_OK);
			else
				CHECK_EQ_INT(machine_free_pfn(m, r.pfn[i]), MS_OK);
			r.live[i] = 0;
			r.nlive--;
		}
		if (op % 997 == 0 && !same_as_ref(m, tag, &r))
			checks_failed++;
		if (op == OPS / 2) {
			snap = machine_checkpoint(m);
			memcpy(snap_ref.live, r.live, OPS);
			memcpy(snap_ref.pfn, r.pfn, OPS * sizeof(uint64_t));
			snap_ref.n = r.n;
			snap_ref.nlive = r.nlive;
		}
	}
	CHECK_EQ_INT(checks_failed, 0);
	CHECK(same_as_ref(m, tag, &r));
	char msg[200];
	CHECK(machine_check(m, msg, sizeof msg));
	/* Back to the checkpoint: the tag equals the reference of then. */
	CHECK(snap && machine_restore(m, snap));
	CHECK(same_as_ref(m, tag, &snap_ref));
	CHECK(machine_check(m, msg, sizeof msg));
	/* And a free by an index that was freed long ago selects nothing. */
	for (uint64_t i = 0; i < snap_ref.n; i++)
		if (!snap_ref.live[i]) {
			CHECK_EQ_INT(machine_free_index(m, tag, i), MS_NOTHING);
			break;
		}
	machine_destroy(snap);
	machine_destroy(m);
	free(r.live);
	free(r.pfn);
	free(snap_ref.live);
	free(snap_ref.pfn);
}

UNIT_TEST(tags_memory_follows_live_set)
{
	/* 400,000 allocations, never more than 64 live: the tag's tables stay
	 * the size of the live set (a record per allocation ever made would
	 * be over 4 MiB). */
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1u << 14;
	struct machine *m = machine_create(&cfg);
	uint32_t tag = machine_tag(m, "C");
	size_t base = machine_footprint(m);
	for (int i = 0; i < 400000; i++) {
		struct alloc_request rq = { .type = MT_MOVABLE, .order = 0, .zone = -1, .tag = tag, .steal_from = -1 };
		CHECK_EQ_INT(machine_alloc(m, &rq, NULL), MS_OK);
		if (machine_tag_live(m, tag) >= 64)
			machine_free_index(m, tag, machine_tag_kth_live(m, tag, (uint64_t)i % 64));
	}
	CHECK_EQ_INT(machine_tag_next_index(m, tag), 400000);
	CHECK_EQ_INT(machine_tag_live(m, tag), 63);
	CHECK(machine_footprint(m) - base < 64 * 1024);
	machine_destroy(m);
}
