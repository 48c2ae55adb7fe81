/* Tags over long histories: the live set against a plain reference, the
 * k-th live search, selectors, undo copies, and memory that follows the
 * live set rather than the number of allocations ever made. */
#include <stdint.h>
#include <stdlib.h>

#include "engine/internal.h"
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

/* Every allocation ever made of tag `name` (live flag, pfn, order, type)
 * and the k-th live search agree between a and b. */
static bool same_tag(struct machine *a, struct machine *b, const char *name)
{
	uint32_t ta = machine_tag(a, name), tb = machine_tag(b, name);
	uint64_t n = machine_tag_next_index(a, ta);
	if (n != machine_tag_next_index(b, tb) || machine_tag_live(a, ta) != machine_tag_live(b, tb))
		return false;
	for (uint64_t i = 0; i < n; i++) {
		struct alloc_info x, y;
		if (!machine_alloc_info(a, ta, i, &x) || !machine_alloc_info(b, tb, i, &y) || x.live != y.live)
			return false;
		if (x.live && (x.pfn != y.pfn || x.order != y.order || x.type != y.type))
			return false;
	}
	for (uint64_t k = 0; k < machine_tag_live(a, ta); k++)
		if (machine_tag_kth_live(a, ta, k) != machine_tag_kth_live(b, tb, k))
			return false;
	return true;
}

static void alloc_n(struct machine *m, const char *name, int n, int order, int type)
{
	uint32_t tag = machine_tag(m, name);
	for (int i = 0; i < n; i++) {
		struct alloc_request rq = { .type = type, .order = order, .zone = -1, .tag = tag, .steal_from = -1 };
		machine_alloc(m, &rq, NULL);
	}
}

/* A restore copies no record when the machine only appended since the
 * checkpoint (tags_restore's generations); every other history must
 * still get the checkpoint's records: appends on another timeline,
 * records dropped (recs_compact), records moved by compaction, and a
 * checkpoint of another machine. Each restored tag is compared with a
 * plain clone taken at the checkpoint. */
UNIT_TEST(tags_restore_generations)
{
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1u << 15;
	struct machine *m = machine_create(&cfg);
	char msg[200];
	alloc_n(m, "T", 3000, 0, MT_MOVABLE);
	struct machine *cp_a = machine_checkpoint(m), *at_a = machine_clone(m);
	alloc_n(m, "T", 50, 0, MT_MOVABLE);
	struct machine *cp_b = machine_checkpoint(m), *at_b = machine_clone(m);
	/* Back over appends only: the shortcut. */
	alloc_n(m, "T", 7, 0, MT_MOVABLE);
	CHECK(machine_restore(m, cp_a) && same_tag(m, at_a, "T"));
	/* Another timeline appends other records at the same positions;
	 * the later checkpoint's own records must come back. */
	alloc_n(m, "T", 60, 1, MT_UNMOVABLE);
	CHECK(machine_restore(m, cp_b) && same_tag(m, at_b, "T"));
	CHECK(machine_check(m, msg, sizeof msg));
	/* From b's timeline again (restored from b, then appended): a. */
	alloc_n(m, "T", 5, 2, MT_RECLAIMABLE);
	CHECK(machine_restore(m, cp_a) && same_tag(m, at_a, "T"));
	/* Frees that drop dead records move the live ones down. */
	uint32_t tag = machine_tag(m, "T");
	for (uint64_t i = 0; i < 2900; i++)
		if (i % 7)
			machine_free_index(m, tag, i);
	alloc_n(m, "T", 10, 0, MT_MOVABLE);
	CHECK(machine_restore(m, cp_a) && same_tag(m, at_a, "T"));
	CHECK(machine_restore(m, cp_b) && same_tag(m, at_b, "T"));
	/* The same, straight after a checkpoint of the current generation. */
	struct machine *cp_c = machine_checkpoint(m), *at_c = machine_clone(m);
	for (uint64_t i = 0; i < 2900; i++)
		if (i % 5)
			machine_free_index(m, tag, i);
	alloc_n(m, "T", 2400, 0, MT_MOVABLE);   /* as many records as cp_c again */
	CHECK(machine_restore(m, cp_c) && same_tag(m, at_c, "T"));
	/* Compaction rewrites the records it moves: back to a checkpoint
	 * taken just before it, and to one of its parent generation. */
	CHECK(machine_restore(m, cp_a) && same_tag(m, at_a, "T"));
	for (uint64_t i = 0; i < 3000; i += 2)
		machine_free_index(m, tag, i);
	struct machine *cp_d = machine_checkpoint(m), *at_d = machine_clone(m);
	struct compact_request rq = { .order = -1, .mode = -1, .zone = -1 };
	CHECK_EQ_INT(machine_compact(m, &rq), MS_OK);
	CHECK(machine_restore(m, cp_d) && same_tag(m, at_d, "T"));
	CHECK(machine_compact(m, &rq) == MS_OK && machine_restore(m, cp_a) && same_tag(m, at_a, "T"));
	CHECK(machine_check(m, msg, sizeof msg));
	/* Another machine's checkpoint: ids of different machines differ. */
	struct machine *other = machine_create(&cfg);
	alloc_n(other, "T", 3100, 1, MT_UNMOVABLE);
	CHECK(machine_restore(other, cp_a) && same_tag(other, at_a, "T"));
	CHECK(machine_check(other, msg, sizeof msg));
	/* Plain clones carry no generation: a machine of another size takes
	 * one whole, appends, and gets another clone's records. */
	struct machine_config small = cfg;
	small.zones[0].pages = 1u << 14;
	struct machine *resized = machine_create(&small);
	CHECK(machine_restore(resized, at_a));
	alloc_n(resized, "T", 100, 1, MT_UNMOVABLE);
	CHECK(machine_restore(resized, at_b) && same_tag(resized, at_b, "T"));
	machine_destroy(resized);
	struct machine *all[] = { m, other, cp_a, cp_b, cp_c, cp_d, at_a, at_b, at_c, at_d };
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		machine_destroy(all[i]);
}

/* The reclaim queue's walk (tag_find_live_next) finds exactly what
 * tag_find_live finds, for walks in allocation order over two tags with
 * freed allocations and dropped records between and during them, and
 * out-of-order indices: each makes the cursor start over. */
UNIT_TEST(tags_find_live_walk_matches_search)
{
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1u << 15;
	struct machine *m = machine_create(&cfg);
	uint32_t a = machine_tag(m, "A"), b = machine_tag(m, "B");
	uint64_t seed = 3, wrong = 0, walks = 0;
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 300; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			uint32_t t = (seed >> 40) % 3 ? a : b;
			struct alloc_request rq = { .type = MT_RECLAIMABLE, .order = 0, .zone = -1, .tag = t, .steal_from = -1 };
			machine_alloc(m, &rq, NULL);
			if ((seed >> 20) % 100 < 45 && machine_tag_live(m, t) > 0)
				machine_free_index(m, t, machine_tag_kth_live(m, t, (seed >> 8) % machine_tag_live(m, t)));
		}
		/* A walk in allocation order: both tags interleaved as allocated,
		 * plus a few steps back and repeats. */
		struct live_cursor c = { 0 };
		uint64_t na = machine_tag_next_index(m, a), nb = machine_tag_next_index(m, b);
		for (uint64_t i = 0, j = 0; i < na || j < nb; walks++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			bool take_a = j >= nb || (i < na && (seed >> 33) % 3);
			uint32_t t = take_a ? a : b;
			uint64_t idx = take_a ? i++ : j++;
			if ((seed >> 50) % 17 == 0 && idx > 2)
				idx -= 2;   /* out of order: the cursor must start over */
			if (tag_find_live_next(m, t, idx, &c) != tag_find_live(m, t, idx))
				wrong++;
			/* Now and then most of a tag is freed in mid-walk: its
			 * dead records are dropped and the others move down. */
			if (walks % 1999 == 1000) {
				while (machine_tag_live(m, t) > 50)
					machine_free_index(m, t, machine_tag_kth_live(m, t, machine_tag_live(m, t) / 2));
				uint64_t top = machine_tag_kth_live(m, t, machine_tag_live(m, t) - 1);
				if (tag_find_live_next(m, t, top, &c) != tag_find_live(m, t, top))
					wrong++;
			}
		}
	}
	CHECK_EQ_INT(wrong, 0);
	CHECK(walks > 20000);
	machine_destroy(m);
}
