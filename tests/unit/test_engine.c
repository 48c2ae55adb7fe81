/* Engine unit tests: each kernel rule alone, the spec's worked examples
 * (linux-6.12-page-allocator.md section 13) through the engine API, and
 * randomized runs with every invariant checked after every operation. */
#include <stdio.h>
#include <stdlib.h>

#include "engine/event.h"
#include "engine/machine.h"
#include "engine/session.h"
#include "engine/step.h"
#include "unit.h"

static struct machine *mk(int max_order, int pb_order, uint64_t pages)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = max_order;
	c.pageblock_order = pb_order;
	c.zones[0].pages = pages;
	return machine_create(&c);
}

static struct machine *mk_default(void)
{
	struct machine_config c;
	machine_config_default(&c);
	return machine_create(&c);
}

static uint64_t alloc1(struct machine *m, int type, int order, const char *tag)
{
	struct alloc_request rq = { .type = type, .order = order, .zone = -1, .steal_from = -1,
				    .tag = machine_tag(m, tag) };
	uint64_t pfn = UINT64_MAX;
	if (machine_alloc(m, &rq, &pfn) != MS_OK)
		return UINT64_MAX;
	return pfn;
}

static void check_ok(struct machine *m)
{
	char msg[256];
	if (!machine_check(m, msg, sizeof(msg)))
		unit_fail(__FILE__, __LINE__, "invariant: %s", msg);
}

static int64_t stat(struct machine *m, int key)
{
	struct machine_stats st;
	machine_stats(m, &st);
	return st.v[key];
}

/* The last event of a kind since seq, or NULL. */
static const struct event *last_event(struct machine *m, uint64_t since, int kind)
{
	const struct event *found = NULL;
	for (uint64_t s = since; s < machine_event_seq(m); s++) {
		const struct event *ev = machine_event(m, s);
		if (ev && ev->kind == kind)
			found = ev;
	}
	return found;
}

UNIT_TEST(rng_check_values)
{
	struct machine *m = mk_default();
	CHECK(machine_rng_u64(m) == 0x910a2dec89025cc1ull);
	CHECK(machine_rng_u64(m) == 0xbeeb8da1658eec67ull);
	CHECK(machine_rng_u64(m) == 0xf893a2eefb32555eull);
	machine_destroy(m);
	m = mk_default();
	CHECK(machine_rng_double(m) == 0.56656157517228090);
	machine_destroy(m);
}

UNIT_TEST(boot_state)
{
	struct machine *m = mk_default();
	uint64_t pfns[300];
	size_t n = machine_list_pfns(m, 0, 10, MT_MOVABLE, pfns, 300);
	CHECK_EQ_INT(n, 256);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ_INT(pfns[i], i * 1024);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_MOVABLE), 512);
	CHECK_EQ_INT(stat(m, STAT_PAGES_FREE), 262144);
	CHECK_EQ_INT(stat(m, STAT_LARGEST_FREE_ORDER), 10);
	CHECK(!machine_grouping_disabled(m));
	check_ok(m);
	machine_destroy(m);
}

/* 13.1 (a) */
UNIT_TEST(example_a_first_movable)
{
	struct machine *m = mk_default();
	CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 0);
	for (int o = 0; o < 10; o++) {
		CHECK_EQ_INT(machine_nr_free(m, 0, o), 1);
		uint64_t p = UINT64_MAX;
		CHECK_EQ_INT(machine_list_pfns(m, 0, o, MT_MOVABLE, &p, 1), 1);
		CHECK_EQ_INT(p, 1ull << o);
	}
	CHECK_EQ_INT(machine_nr_free(m, 0, 10), 255);
	for (uint64_t i = 1; i < 6; i++)
		CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), i);
	CHECK_EQ_INT(stat(m, STAT_FALLBACK_EVENTS), 0);
	check_ok(m);
	machine_destroy(m);
}

/* 13.2 (b) and 13.3 (c) */
UNIT_TEST(example_b_c_claim_then_free)
{
	struct machine *m = mk_default();
	uint64_t seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), 0);
	const struct event *ev = last_event(m, seq, EV_EXTFRAG);
	CHECK(ev != NULL);
	if (ev) {
		CHECK_EQ_INT(ev->pfn, 0);
		CHECK_EQ_INT(ev->order, 0);
		CHECK_EQ_INT(ev->cur_order, 10);
		CHECK_EQ_INT(ev->mt, MT_UNMOVABLE);
		CHECK_EQ_INT(ev->fallback_mt, MT_MOVABLE);
		CHECK_EQ_INT(ev->flag, 1);
	}
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 2);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_MOVABLE), 510);
	CHECK_EQ_INT(stat(m, STAT_CLAIM_EVENTS), 1);
	for (uint64_t i = 1; i < 1024; i++)
		CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), i);
	CHECK_EQ_INT(stat(m, STAT_FALLBACK_EVENTS), 1);
	check_ok(m);
	machine_destroy(m);

	/* (c): free the single allocation of (b). */
	m = mk_default();
	alloc1(m, MT_UNMOVABLE, 0, "U");
	CHECK_EQ_INT(machine_free_index(m, machine_tag(m, "U"), 0), MS_OK);
	CHECK_EQ_INT(machine_nr_free(m, 0, 10), 256);
	CHECK_EQ_INT(machine_list_count(m, 0, 10, MT_UNMOVABLE), 1);
	CHECK_EQ_INT(machine_list_count(m, 0, 10, MT_MOVABLE), 255);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 2);
	CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 1024);
	check_ok(m);
	machine_destroy(m);
}

/* 13.4 (d) */
UNIT_TEST(example_d_reclaimable)
{
	struct machine *m = mk_default();
	alloc1(m, MT_UNMOVABLE, 0, "U");
	uint64_t seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_RECLAIMABLE, 0, "R"), 1024);
	const struct event *ev = last_event(m, seq, EV_EXTFRAG);
	CHECK(ev && ev->cur_order == 10 && ev->fallback_mt == MT_MOVABLE && ev->flag == 1);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_RECLAIMABLE), 2);
	machine_destroy(m);

	m = mk_default();
	alloc1(m, MT_UNMOVABLE, 0, "U");
	machine_free_index(m, machine_tag(m, "U"), 0);
	seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_RECLAIMABLE, 0, "R"), 0);
	ev = last_event(m, seq, EV_EXTFRAG);
	CHECK(ev && ev->cur_order == 10 && ev->fallback_mt == MT_UNMOVABLE && ev->flag == 1);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_RECLAIMABLE), 2);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 0);
	check_ok(m);
	machine_destroy(m);
}

static struct machine *fill_and_free_every(int every)
{
	struct machine *m = mk_default();
	uint32_t tag = machine_tag(m, "M");
	for (uint64_t i = 0; i < 262144; i++)
		alloc1(m, MT_MOVABLE, 0, "M");
	for (uint64_t i = 0; i < 262144; i += every)
		machine_free_index(m, tag, i);
	return m;
}

/* 13.5 (e) */
UNIT_TEST(example_e_steal_and_half_block)
{
	struct machine *m = fill_and_free_every(4);
	uint64_t p = UINT64_MAX;
	machine_list_pfns(m, 0, 0, MT_MOVABLE, &p, 1);
	CHECK_EQ_INT(p, 262140);
	uint64_t seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), 262140);
	const struct event *ev = last_event(m, seq, EV_CLAIM_REFUSED);
	CHECK(ev && ev->a == 128 && ev->b == 0 && ev->block == 511);
	ev = last_event(m, seq, EV_EXTFRAG);
	CHECK(ev && ev->flag == 0 && ev->cur_order == 0);
	CHECK_EQ_INT(stat(m, STAT_STEAL_EVENTS), 1);
	CHECK_EQ_INT(stat(m, STAT_MIXED_BLOCKS), 1);
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), 262136);
	check_ok(m);
	machine_destroy(m);

	m = fill_and_free_every(2);
	seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), 261632);
	ev = last_event(m, seq, EV_EXTFRAG);
	CHECK(ev && ev->flag == 1 && ev->pfn == 261632);
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), 261634);
	CHECK_EQ_INT(stat(m, STAT_FALLBACK_EVENTS), 1);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 1);
	check_ok(m);
	machine_destroy(m);
}

/* 13.9 (i) */
UNIT_TEST(example_i_movable_from_unmovable)
{
	struct machine *m = mk_default();
	uint32_t tag = machine_tag(m, "U");
	for (uint64_t i = 0; i < 262144; i++)
		alloc1(m, MT_UNMOVABLE, 0, "U");
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 512);
	CHECK_EQ_INT(stat(m, STAT_CLAIM_EVENTS), 256);
	for (uint64_t i = 0; i < 16; i++)
		machine_free_index(m, tag, i);
	CHECK_EQ_INT(machine_list_count(m, 0, 4, MT_UNMOVABLE), 1);
	uint64_t seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 0);
	const struct event *ev = last_event(m, seq, EV_CLAIM_REFUSED);
	CHECK(ev && ev->a == 16 && ev->b == 0);
	ev = last_event(m, seq, EV_EXTFRAG);
	CHECK(ev && ev->cur_order == 4 && ev->flag == 0 && ev->fallback_mt == MT_UNMOVABLE);
	CHECK_EQ_INT(machine_list_count(m, 0, 3, MT_UNMOVABLE), 1);
	check_ok(m);
	machine_destroy(m);

	m = mk_default();
	tag = machine_tag(m, "U");
	for (uint64_t i = 0; i < 262144; i++)
		alloc1(m, MT_UNMOVABLE, 0, "U");
	for (uint64_t i = 0; i < 262144; i += 8)
		machine_free_index(m, tag, i);
	seq = machine_event_seq(m);
	CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 262136);
	CHECK(last_event(m, seq, EV_CLAIM_BREAK) != NULL);
	CHECK(last_event(m, seq, EV_CLAIM_REFUSED) == NULL);
	machine_destroy(m);
}

/* buddy_merge_likely(): a freed page whose parent's buddy is free goes to
 * the tail. Tiny machine: max_order 4, pageblock_order 2, 64 pages. */
UNIT_TEST(free_to_tail_when_merge_likely)
{
	struct machine *m = mk(4, 2, 64);
	uint32_t tag = machine_tag(m, "M");
	for (int i = 0; i < 4; i++)
		alloc1(m, MT_MOVABLE, 0, "M"); /* pfns 0..3; 4 (o2), 8 (o3) free */
	/* Free pfn 0: buddy 1 busy; parent 0..1's buddy 2 (order 1) is not a
	 * free order-1 chunk (2, 3 allocated): head. */
	machine_free_index(m, tag, 0);
	uint64_t p[4];
	CHECK_EQ_INT(machine_list_pfns(m, 0, 0, MT_MOVABLE, p, 4), 1);
	/* Free pfn 2: buddy 3 busy; parent 2's buddy at order 1 is 0 — not
	 * free at order 1 (only 0 is free, order 0): head again. */
	machine_free_index(m, tag, 2);
	CHECK_EQ_INT(machine_list_pfns(m, 0, 0, MT_MOVABLE, p, 4), 2);
	CHECK_EQ_INT(p[0], 2);
	CHECK_EQ_INT(p[1], 0);
	/* Free pfn 1: merges with 0 -> order 1 at 0; buddy 2 at order 1 is
	 * not a free order-1 chunk; parent 0's order-2 buddy 4 is free: tail. */
	uint64_t seq = machine_event_seq(m);
	machine_free_index(m, tag, 1);
	const struct event *ev = last_event(m, seq, EV_FREE);
	CHECK(ev && ev->cur_order == 1 && ev->pfn2 == 0 && ev->flag == 1);
	check_ok(m);
	machine_destroy(m);
}

/* __free_one_page() at order >= pageblock_order merges different mergeable
 * types and retypes the buddy's block to the freed page's type. */
UNIT_TEST(merge_retypes_buddy_block)
{
	struct machine *m = mk(4, 2, 64);   /* blocks of 4 pages, chunks of 16 */
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 4, "M"), 16 * i);
	/* Splits chunk 48: 56 (o3), 52 (o2), 50 (o1), 49 (o0) stay Movable. */
	CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 48);
	/* Unmovable order 2: no order-4 chunk; at order 3 the Movable chunk
	 * 56 is claimed whole (3 >= pageblock_order): blocks 14, 15. */
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 2, "U"), 56);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 2);
	/* Free pfn 48: merges to an order-3 Movable chunk at 48. */
	machine_free_index(m, machine_tag(m, "M"), 3);
	CHECK_EQ_INT(machine_list_count(m, 0, 3, MT_MOVABLE), 1);
	/* Free pfn 56 (Unmovable block): merges with 60, then at order 3 with
	 * the Movable chunk 48: blocks 12, 13 become Unmovable. */
	uint64_t seq = machine_event_seq(m);
	machine_free_index(m, machine_tag(m, "U"), 0);
	const struct event *ev = last_event(m, seq, EV_MERGE_RETYPE);
	CHECK(ev && ev->a == 2 && ev->block == 12 && ev->mt == MT_UNMOVABLE && ev->fallback_mt == MT_MOVABLE);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 4);
	CHECK_EQ_INT(machine_list_count(m, 0, 4, MT_UNMOVABLE), 1);
	check_ok(m);
	machine_destroy(m);
}

/* Grouping off below pageblock_nr_pages * MIGRATE_TYPES pages: every
 * request is Unmovable inside and every fallback claims. */
UNIT_TEST(grouping_disabled_small_machine)
{
	struct machine *m = mk(4, 4, 64); /* 64 < 16 * 5 */
	CHECK(machine_grouping_disabled(m));
	CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 0);
	CHECK_EQ_INT(stat(m, STAT_BLOCKS_UNMOVABLE), 1);
	CHECK_EQ_INT(stat(m, STAT_CLAIM_EVENTS), 1);
	struct alloc_info ai;
	CHECK(machine_alloc_at(m, 0, &ai) && ai.type == MT_MOVABLE);
	CHECK_EQ_INT(stat(m, STAT_MIXED_BLOCKS), 1);
	check_ok(m);
	machine_destroy(m);

	m = mk(4, 2, 64); /* 64 >= 4 * 5: grouping on */
	CHECK(!machine_grouping_disabled(m));
	machine_destroy(m);
}

/* Several zones: ALLOC_NOFRAGMENT makes a non-movable request claim a whole
 * DMA32 block rather than fall back below pageblock order in Normal. */
UNIT_TEST(nofragment_prefers_whole_block_in_lower_zone)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.nzones = 2;
	c.zones[0] = (struct zone_config){ ZONE_DMA32, 32, 0 };
	c.zones[1] = (struct zone_config){ ZONE_NORMAL, 32, 32 };
	struct machine *m = machine_create(&c);
	uint32_t tag = machine_tag(m, "M");
	/* Fill Normal with movable pages (32 allocations land in Normal). */
	for (int i = 0; i < 32; i++)
		CHECK_EQ_INT(alloc1(m, MT_MOVABLE, 0, "M"), 32 + i);
	/* Free one page in Normal: a Movable order-0 hole at 33. */
	machine_free_index(m, tag, 1);
	/* Unmovable order 0: Normal has only a below-pageblock Movable
	 * chunk; first pass (NOFRAGMENT) claims a whole DMA32 chunk. */
	CHECK_EQ_INT(alloc1(m, MT_UNMOVABLE, 0, "U"), 0);
	int zi = machine_zone_index(m, ZONE_DMA32);
	struct block_info bi;
	machine_block_info(m, 0, &bi);
	CHECK_EQ_INT(zi, 0);
	CHECK_EQ_INT(bi.type, MT_UNMOVABLE);
	check_ok(m);
	machine_destroy(m);
}

/* Random operations on tiny machines; invariants after every one. */
UNIT_TEST(randomized_invariants)
{
	static const int shapes[][3] = { { 4, 2, 64 }, { 4, 2, 256 }, { 3, 3, 32 }, { 5, 2, 128 }, { 2, 1, 64 } };
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		for (int seed = 1; seed <= 12; seed++) {
			struct machine_config c;
			machine_config_default(&c);
			c.max_order = shapes[s][0];
			c.pageblock_order = shapes[s][1];
			c.zones[0].pages = (uint64_t)shapes[s][2];
			c.seed = (uint64_t)seed;
			if (seed % 3 == 0) {
				c.nzones = 2;
				c.zones[0] = (struct zone_config){ ZONE_DMA32, (uint64_t)shapes[s][2], 0 };
				c.zones[1] = (struct zone_config){ ZONE_NORMAL, (uint64_t)shapes[s][2],
								   (uint64_t)shapes[s][2] * 2 };
			}
			struct machine *m = machine_create(&c);
			uint32_t tag = machine_tag(m, "r");
			char msg[256];
			bool ok = true;
			for (int op = 0; op < 600 && ok; op++) {
				uint64_t r = machine_rng_u64(m);
				int type = (int)(r % 3);
				int order = (int)((r >> 8) % (uint64_t)(c.max_order + 1));
				if (order > 2 && (r >> 16) % 4)
					order = (int)((r >> 20) % 2);
				uint64_t live = machine_tag_live(m, tag);
				if (live && (r >> 32) % 100 < 45) {
					machine_free_index(m, tag, machine_tag_kth_live(m, tag, (r >> 40) % live));
				} else if ((r >> 32) % 100 < 50) {
					struct alloc_request rq = { .type = type, .order = order, .zone = -1,
								    .tag = tag, .steal_from = -1 };
					if ((r >> 50) % 2)
						rq.steal_from = (type + 1 + (int)((r >> 52) % 2)) % 3;
					machine_steal(m, &rq, NULL);
				} else if ((r >> 32) % 100 < 53 && live) {
					uint64_t pfn = (r >> 20) % (uint64_t)shapes[s][2];
					machine_free_pfn(m, pfn);
				} else {
					alloc1(m, type, order, "r");
				}
				if (!machine_check(m, msg, sizeof(msg))) {
					unit_fail(__FILE__, __LINE__, "shape %zu seed %d op %d: %s", s, seed, op, msg);
					ok = false;
				}
			}
			machine_destroy(m);
		}
	}
}

/* Undo: every position reached forward is reached again going back. */
UNIT_TEST(session_undo_replays_exactly)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 256;
	struct step steps[6];
	memset(steps, 0, sizeof(steps));
	steps[0].kind = STEP_WORKLOAD;
	steps[0].u.workload = (struct step_workload){ .ops = 300, .mix = { 0.3, 0.5, 0.2 },
						       .orders = { 0.7, 0.2, 0.1 }, .free_ratio = 0.45, .tag = "w" };
	steps[1].kind = STEP_ALLOC;
	steps[1].u.alloc = (struct step_alloc){ .type = MT_UNMOVABLE, .order = 1, .count = 5, .tag = "U", .zone = -1,
						 .from = -1 };
	steps[2] = steps[0];
	steps[3].kind = STEP_FREE;
	steps[3].u.free = (struct step_free){ .tag = "w", .sel = SEL_RANDOM, .p = 0.5 };
	steps[4].kind = STEP_STEAL;
	steps[4].u.alloc = (struct step_alloc){ .type = MT_MOVABLE, .order = 0, .count = 3, .tag = "S", .zone = -1,
						 .from = MT_UNMOVABLE };
	steps[5] = steps[0];
	struct session *s = session_create(&c, steps, 6, true);
	struct machine_stats at[7];
	machine_stats(session_machine(s), &at[0]);
	for (int i = 1; i <= 6; i++) {
		CHECK(session_forward(s));
		machine_stats(session_machine(s), &at[i]);
		check_ok(session_machine(s));
	}
	for (int i = 5; i >= 0; i--) {
		CHECK(session_back(s));
		struct machine_stats now;
		machine_stats(session_machine(s), &now);
		CHECK(memcmp(&now, &at[i], sizeof(now)) == 0);
		CHECK_EQ_INT(session_pos(s), i);
	}
	CHECK(!session_back(s));
	/* A hand-made step inserted at position 2 runs there; back undoes it. */
	session_goto(s, 2);
	struct step hand = { .kind = STEP_ALLOC };
	hand.u.alloc = (struct step_alloc){ .type = MT_RECLAIMABLE, .order = 0, .count = 1, .tag = "H", .zone = -1,
					     .from = -1 };
	CHECK(session_insert(s, &hand));
	CHECK_EQ_INT(session_total(s), 7);
	CHECK_EQ_INT(session_pos(s), 3);
	CHECK(session_back(s));
	struct machine_stats now;
	machine_stats(session_machine(s), &now);
	CHECK(memcmp(&now, &at[2], sizeof(now)) == 0);
	session_destroy(s);
}

/* Two machines are equal in everything a dump or the grid can see. */
static bool same_state(struct machine *a, struct machine *b)
{
	struct machine_stats x, y;
	machine_stats(a, &x);
	machine_stats(b, &y);
	if (memcmp(&x, &y, sizeof(x)) != 0 || machine_nblocks(a) != machine_nblocks(b))
		return false;
	for (uint64_t i = 0; i < machine_nblocks(a); i++) {
		struct block_info p, q;
		memset(&p, 0, sizeof(p));
		memset(&q, 0, sizeof(q));
		machine_block_info(a, i, &p);
		machine_block_info(b, i, &q);
		if (memcmp(&p, &q, sizeof(p)) != 0)
			return false;
	}
	for (int z = 0; z < machine_nzones(a); z++)
		for (int o = 0; o <= machine_config(a)->max_order; o++)
			for (int t = 0; t < MT_COUNT; t++) {
				uint64_t pa[64], pb[64];
				size_t na = machine_list_pfns(a, z, o, t, pa, 64), nb = machine_list_pfns(b, z, o, t, pb, 64);
				if (na != nb || memcmp(pa, pb, na * sizeof(*pa)) != 0 ||
				    machine_list_count(a, z, o, t) != machine_list_count(b, z, o, t))
					return false;
			}
	/* The generator state too, drawn from copies to leave a, b as they are. */
	struct machine *ca = machine_clone(a), *cb = machine_clone(b);
	bool same = machine_rng_u64(ca) == machine_rng_u64(cb);
	machine_destroy(ca);
	machine_destroy(cb);
	return same;
}

/* With a checkpoint after every step, restores (not replays) serve the
 * steps back; each state equals a fresh run to the same position. */
static void checkpoint_restores_match(uint64_t pages, uint64_t ops, const double *orders, size_t nsteps)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 10;
	c.pageblock_order = 9;
	c.zones[0].pages = pages;
	struct step steps[8];
	memset(steps, 0, sizeof(steps));
	for (size_t i = 0; i < nsteps; i++) {
		steps[i].kind = STEP_WORKLOAD;
		steps[i].u.workload = (struct step_workload){ .ops = ops, .mix = { 0.3, 0.4, 0.3 }, .free_ratio = 0.4 };
		memcpy(steps[i].u.workload.orders, orders, sizeof(steps[i].u.workload.orders));
		snprintf(steps[i].u.workload.tag, sizeof(steps[i].u.workload.tag), "t%zu", i % 2);
	}
	struct session *s = session_create(&c, steps, nsteps, true);
	session_set_checkpoint_interval(s, 1);
	while (session_forward(s))
		;
	CHECK(session_checkpoint_bytes(s) > 0);
	for (size_t k = nsteps; k-- > 0;) {
		struct session *fresh = session_create(&c, steps, nsteps, false);
		session_goto(fresh, k);
		/* A full restore of an older checkpoint... */
		CHECK(session_goto(s, k));
		check_ok(session_machine(s));
		CHECK(same_state(session_machine(s), session_machine(fresh)));
		/* ...then, after a step forward, the dirty-only restore of the
		 * checkpoint the machine is in sync with. */
		CHECK(session_forward(s));
		CHECK(session_goto(s, k));
		check_ok(session_machine(s));
		CHECK(same_state(session_machine(s), session_machine(fresh)));
		session_destroy(fresh);
	}
	/* Forward again from the start through the kept checkpoints. */
	CHECK(session_goto(s, nsteps));
	struct session *fresh = session_create(&c, steps, nsteps, false);
	session_goto(fresh, nsteps);
	CHECK(same_state(session_machine(s), session_machine(fresh)));
	session_destroy(fresh);
	session_destroy(s);
}

UNIT_TEST(session_checkpoint_restore_matches_fresh_run)
{
	/* Busy steps that touch every page region... */
	static const double small[NR_ORDERS_LIMIT] = { 0.6, 0.2, 0.1, 0.1 };
	checkpoint_restores_match(4096, 400, small, 5);
	/* ...and short steps on a larger zone, each touching a few regions
	 * (list neighbours in regions the step did not otherwise use). */
	static const double spread[NR_ORDERS_LIMIT] = { 0.4, 0.1, 0, 0, 0, 0, 0, 0, 0.2, 0.3 };
	checkpoint_restores_match(65536, 12, spread, 8);
}

/* Generated scenarios: random steps of every kind (selectors, steals,
 * workloads, repeats) on random small machines, one to three zones, with
 * every invariant checked after every step. */
static void random_step(struct machine *m, struct step *st, uint64_t r, int max_order, int depth)
{
	static const char *const tags[] = { "A", "B", "w" };
	memset(st, 0, sizeof(*st));
	int kind = (int)(r % 6);
	if (depth > 0 && kind == 5)
		kind = 0;
	switch (kind) {
	case 0:
	case 1:
		st->kind = kind == 0 ? STEP_ALLOC : STEP_STEAL;
		st->u.alloc.type = (int)((r >> 8) % 3);
		st->u.alloc.order = (int)((r >> 12) % (uint64_t)(max_order + 1)) % 4;
		st->u.alloc.count = 1 + (r >> 16) % 40;
		st->u.alloc.zone = -1;
		st->u.alloc.from = kind == 1 && (r >> 24) % 2 ? (st->u.alloc.type + 1 + (int)((r >> 26) % 2)) % 3 : -1;
		snprintf(st->u.alloc.tag, sizeof(st->u.alloc.tag), "%s", tags[(r >> 28) % 3]);
		break;
	case 2: {
		st->kind = STEP_FREE;
		struct step_free *f = &st->u.free;
		snprintf(f->tag, sizeof(f->tag), "%s", tags[(r >> 8) % 3]);
		f->sel = (int)((r >> 12) % 7);
		f->every = 1 + (r >> 16) % 4;
		f->offset = (r >> 20) % f->every;
		f->n = (r >> 24) % 10;
		f->p = (double)((r >> 28) % 11) / 10.0;
		f->pfn = (r >> 32) % machine_config(m)->zones[0].pages;
		if (f->sel == SEL_INDEX) {
			f->nindices = 3;
			f->indices = malloc(3 * sizeof(uint64_t));
			for (int i = 0; i < 3; i++)
				f->indices[i] = (r >> (36 + 4 * i)) % 16;
		}
		break;
	}
	case 3:
	case 4:
		st->kind = STEP_WORKLOAD;
		st->u.workload = (struct step_workload){ .ops = 1 + (r >> 8) % 300, .mix = { 0.2, 0.6, 0.2 },
							  .orders = { 0.7, 0.2, 0.1 }, .free_ratio = 0.5, .tag = "w" };
		st->u.workload.mix[(r >> 20) % 3] += 1.0;
		break;
	default:
		st->kind = STEP_REPEAT;
		st->u.repeat.times = 1 + (r >> 8) % 3;
		st->u.repeat.nsteps = 2;
		st->u.repeat.steps = calloc(2, sizeof(struct step));
		random_step(m, &st->u.repeat.steps[0], r * 31 + 7, max_order, depth + 1);
		random_step(m, &st->u.repeat.steps[1], r * 17 + 3, max_order, depth + 1);
		break;
	}
}

UNIT_TEST(randomized_generated_scenarios)
{
	for (int seed = 1; seed <= 60; seed++) {
		struct machine_config c;
		machine_config_default(&c);
		c.seed = (uint64_t)seed;
		struct machine *rngm = machine_create(&c);
		uint64_t r = machine_rng_u64(rngm);
		c.max_order = 2 + (int)(r % 4);
		c.pageblock_order = 1 + (int)((r >> 4) % (uint64_t)c.max_order);
		c.nzones = 1 + (int)((r >> 8) % 3);
		uint64_t start = 0;
		for (int z = 0; z < c.nzones; z++) {
			int id = c.nzones == 3 ? z : (c.nzones == 2 ? z + 1 : ZONE_NORMAL);
			uint64_t pages = (1ull << c.max_order) * (1 + (r >> (12 + 3 * z)) % 6);
			c.zones[z] = (struct zone_config){ id, pages, start };
			start += pages + ((r >> (30 + z)) % 2 ? 1ull << c.max_order : 0);
		}
		struct machine *m = machine_create(&c);
		CHECK(m != NULL);
		if (!m) {
			machine_destroy(rngm);
			continue;
		}
		char msg[256];
		for (int i = 0; i < 25; i++) {
			struct step st;
			random_step(m, &st, machine_rng_u64(rngm), c.max_order, 0);
			struct step_result res = { 0 };
			step_run(m, &st, &res);
			step_result_clear(&res);
			step_clear(&st);
			if (!machine_check(m, msg, sizeof(msg))) {
				unit_fail(__FILE__, __LINE__, "seed %d step %d: %s", seed, i, msg);
				break;
			}
		}
		machine_destroy(m);
		machine_destroy(rngm);
	}
}

/* Restoring across tag-table growth: tags created after a checkpoint (the
 * name hash grows past 32 tags), then undone. */
UNIT_TEST(session_restore_after_many_new_tags)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 1024;
	struct step steps[60];
	memset(steps, 0, sizeof(steps));
	for (int i = 0; i < 60; i++) {
		steps[i].kind = STEP_ALLOC;
		steps[i].u.alloc = (struct step_alloc){ .type = i % 3, .order = i % 2, .count = 3, .zone = -1, .from = -1 };
		snprintf(steps[i].u.alloc.tag, sizeof(steps[i].u.alloc.tag), "tag%d", i);
	}
	struct session *s = session_create(&c, steps, 60, true);
	session_set_checkpoint_interval(s, 1);
	CHECK(session_goto(s, 5));
	CHECK(session_goto(s, 60));
	for (int k = 59; k > 0; k -= 7) {
		CHECK(session_goto(s, (size_t)k));
		check_ok(session_machine(s));
		CHECK_EQ_INT(machine_tag_order_count(session_machine(s)), k);
		CHECK(session_goto(s, 60));
		CHECK_EQ_INT(machine_tag_order_count(session_machine(s)), 60);
	}
	session_destroy(s);
}

/* A checkpoint budget smaller than two checkpoints: thinning stops at one,
 * later checkpoints are skipped, and undo still reaches every state. */
UNIT_TEST(session_checkpoint_budget_smaller_than_a_checkpoint)
{
	struct machine_config c;
	machine_config_default(&c);
	c.zones[0].pages = 1 << 16;
	struct step steps[4];
	memset(steps, 0, sizeof(steps));
	for (int i = 0; i < 4; i++) {
		steps[i].kind = STEP_WORKLOAD;
		steps[i].u.workload = (struct step_workload){ .ops = 2000, .mix = { 0.2, 0.6, 0.2 }, .orders = { 1.0 },
							       .free_ratio = 0.3, .tag = "w" };
	}
	struct session *s = session_create(&c, steps, 4, true);
	session_set_checkpoint_interval(s, 1);
	session_set_checkpoint_budget(s, 1);
	struct machine_stats at[5];
	machine_stats(session_machine(s), &at[0]);
	for (int i = 1; i <= 4; i++) {
		CHECK(session_forward(s));
		machine_stats(session_machine(s), &at[i]);
	}
	CHECK(session_checkpoint_bytes(s) == 0);
	session_set_checkpoint_budget(s, 1u << 30);
	CHECK(session_goto(s, 0));
	CHECK(session_goto(s, 4));  /* now each step is checkpointed */
	session_set_checkpoint_budget(s, session_checkpoint_bytes(s) / 2);
	CHECK(session_goto(s, 1));
	CHECK(session_goto(s, 4));  /* no new ones: they exist */
	for (int i = 3; i >= 0; i--) {
		CHECK(session_goto(s, (size_t)i));
		struct machine_stats now;
		machine_stats(session_machine(s), &now);
		CHECK(memcmp(&now, &at[i], sizeof(now)) == 0);
	}
	session_destroy(s);

	/* One checkpoint kept, the next over budget: skipped, no endless thinning. */
	s = session_create(&c, steps, 4, true);
	session_set_checkpoint_interval(s, 1);
	CHECK(session_forward(s));
	size_t one = session_checkpoint_bytes(s);
	CHECK(one > 0);
	session_set_checkpoint_budget(s, one + 1);
	CHECK(session_forward(s));
	CHECK(session_forward(s));
	CHECK_EQ_INT(session_checkpoint_bytes(s), one);
	CHECK(session_goto(s, 2));
	machine_stats(session_machine(s), &at[0]);
	CHECK(memcmp(&at[0], &at[2], sizeof(at[0])) == 0);
	session_destroy(s);
}

/* --trace sees events as they happen: a free event must already name the
 * allocation being freed when the hook runs. */
static uint32_t hooked_tag;
static uint64_t hooked_index;
static void free_hook(void *ctx, const struct machine *m, const struct event *ev)
{
	(void)ctx;
	(void)m;
	if (ev->kind == EV_FREE) {
		hooked_tag = ev->tag;
		hooked_index = ev->index;
	}
}

UNIT_TEST(free_events_name_the_allocation_when_hooked)
{
	struct machine *m = mk(4, 2, 64);
	for (int i = 0; i < 3; i++)
		alloc1(m, MT_MOVABLE, 0, "A");
	for (int i = 0; i < 3; i++)
		alloc1(m, MT_MOVABLE, 0, "B");
	machine_set_event_hook(m, free_hook, NULL);
	hooked_tag = UINT32_MAX;
	machine_free_index(m, machine_tag(m, "B"), 2);
	CHECK_EQ_INT(hooked_tag, machine_tag(m, "B"));
	CHECK_EQ_INT(hooked_index, 2);
	char buf[256];
	const struct event *ev = last_event(m, 0, EV_FREE);
	CHECK(ev != NULL);
	if (ev) {
		event_format(m, ev, buf, sizeof(buf));
		CHECK(strstr(buf, "freed B#2 order-0 at pfn 5") != NULL);
	}
	machine_destroy(m);
}
