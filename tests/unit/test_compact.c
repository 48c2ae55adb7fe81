/* Compaction unit tests: worked example (f) through the engine API, the
 * step-by-step engine with every invariant checked after every step,
 * snapshots taken in the middle of a compaction, direct compaction with
 * capture, max_migrate and abort. */
#include <stdio.h>
#include <stdlib.h>

#include "engine/event.h"
#include "engine/internal.h"
#include "engine/machine.h"
#include "engine/session.h"
#include "engine/step.h"
#include "unit.h"

static int64_t cstat(struct machine *m, int key)
{
	struct machine_stats st;
	machine_stats(m, &st);
	return st.v[key];
}

static void fill_and_free(struct machine *m, const char *tag, uint64_t n, uint64_t every)
{
	struct alloc_request rq = { .type = MT_MOVABLE, .order = 0, .zone = -1, .steal_from = -1,
				    .tag = machine_tag(m, tag) };
	for (uint64_t i = 0; i < n; i++)
		machine_alloc(m, &rq, NULL);
	for (uint64_t i = 0; i < n; i += every)
		machine_free_index(m, rq.tag, i);
}

static bool check_machine(struct machine *m, const char *what, int step)
{
	char msg[256];
	if (!machine_check(m, msg, sizeof(msg))) {
		unit_fail(__FILE__, __LINE__, "%s step %d: %s", what, step, msg);
		return false;
	}
	return true;
}

/* Spec 13.6: example (f), every number of the spec. */
UNIT_TEST(compact_example_f)
{
	struct machine_config c;
	machine_config_default(&c);
	struct machine *m = machine_create(&c);
	fill_and_free(m, "M", 2048, 2);
	struct compact_request rq = { .order = -1, .mode = MIGRATE_SYNC, .zone = -1 };
	int steps = 0;
	CHECK_EQ_INT(machine_compact_begin(m, &rq), MS_OK);
	while (machine_compact_step(m)) {
		steps++;
		if (!check_machine(m, "example f", steps))
			break;
	}
	struct compact_counters cc;
	machine_compact_counters(m, &cc);
	CHECK_EQ_INT(cc.compact_migrated, 272);
	CHECK_EQ_INT(cc.compact_migrate_scanned, 576);
	CHECK_EQ_INT(cc.compact_free_scanned, 5504);
	CHECK_EQ_INT(cc.compact_isolated, 560);
	CHECK_EQ_INT(cc.pgmigrate_success, 272);
	CHECK_EQ_INT(cc.pgmigrate_fail, 1);
	static const uint64_t bi[] = { 480, 0, 0, 0, 0, 1, 0, 0, 0, 1, 254 };
	for (int o = 0; o <= 10; o++)
		CHECK_EQ_INT(machine_nr_free(m, 0, o), bi[o]);
	CHECK_EQ_INT(machine_unusable_index(m, 9), 1);
	for (uint64_t b = 0; b < 512; b++) {
		bool want = b == 2 || b == 3 || (b >= 5 && b % 2 == 1);
		if (machine_block_skip(m, b) != want)
			unit_fail(__FILE__, __LINE__, "block %llu skip %d", (unsigned long long)b, machine_block_skip(m, b));
	}
	/* Block 1: 272 free with an order-5 chunk at 544. */
	struct block_info bi1;
	machine_block_info(m, 1, &bi1);
	CHECK_EQ_INT(bi1.free, 272);
	uint64_t head;
	int order;
	CHECK(machine_free_chunk_at(m, 544, &head, &order) && head == 544 && order == 5);
	/* The allocation moved keeps its tag and index: M#511 is at 1536. */
	struct alloc_info ai;
	CHECK(machine_alloc_info(m, machine_tag(m, "M"), 511, &ai) && ai.live && ai.pfn == 1536);
	CHECK(machine_alloc_info(m, machine_tag(m, "M"), 1, &ai) && ai.pfn == 1502);
	CHECK(machine_alloc_info(m, machine_tag(m, "M"), 543, &ai) && ai.pfn == 543);
	CHECK(!machine_compact_running(m));
	machine_destroy(m);
}

/* Random small machines and states; random compactions run one step at a
 * time, invariants after every step; a clone taken mid-way finishes the
 * same way as the original. */
UNIT_TEST(compact_random_steps_invariants_and_clones)
{
	static const int shapes[][3] = { { 4, 2, 64 }, { 4, 2, 256 }, { 3, 3, 64 }, { 5, 2, 128 }, { 2, 1, 64 },
					 { 4, 4, 128 } };
	int runs = 0;
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		for (int seed = 1; seed <= 14; seed++) {
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
								   (uint64_t)shapes[s][2] * (seed % 2 ? 1 : 2) };
			}
			struct machine *m = machine_create(&c);
			uint32_t tag = machine_tag(m, "r");
			bool ok = true;
			for (int round = 0; round < 6 && ok; round++) {
				for (int op = 0; op < 120; op++) {
					uint64_t r = machine_rng_u64(m);
					uint64_t live = machine_tag_live(m, tag);
					if (live && (r >> 32) % 100 < 40) {
						machine_free_index(m, tag, machine_tag_kth_live(m, tag, (r >> 40) % live));
						continue;
					}
					int type = (r % 10) < 7 ? MT_MOVABLE : (int)(r % 3);
					int order = (r >> 8) % 4 ? 0 : (int)((r >> 12) % (uint64_t)(c.max_order + 1));
					struct alloc_request rq = { .type = type, .order = order, .zone = -1, .tag = tag,
								    .steal_from = -1 };
					machine_alloc(m, &rq, NULL);
				}
				uint64_t r = machine_rng_u64(m);
				struct compact_request rq = { .order = (int)(r % (uint64_t)(c.max_order + 1)),
							      .mode = (int)((r >> 8) % 4) - 1, .zone = -1 };
				if (rq.order == 0)
					rq.order = -1;
				if ((r >> 16) % 4 == 0)
					rq.max_migrate = 1 + (r >> 20) % 40;
				CHECK_EQ_INT(machine_compact_begin(m, &rq), MS_OK);
				int step = 0, split = (int)((r >> 32) % 12);
				struct machine *copy = NULL;
				while (machine_compact_step(m)) {
					step++;
					if (!(ok = check_machine(m, "random", step)))
						break;
					if (step == split) {
						copy = machine_clone(m);
						ok = check_machine(copy, "clone", step);
					}
				}
				if (copy) {
					while (machine_compact_step(copy))
						;
					struct machine_stats a, b;
					machine_stats(m, &a);
					machine_stats(copy, &b);
					CHECK(memcmp(&a, &b, sizeof(a)) == 0);
					struct compact_counters x, y;
					machine_compact_counters(m, &x);
					machine_compact_counters(copy, &y);
					CHECK(memcmp(&x, &y, sizeof(x)) == 0);
					for (uint64_t bk = 0; bk < machine_nblocks(m); bk++)
						CHECK(machine_block_skip(m, bk) == machine_block_skip(copy, bk));
					machine_destroy(copy);
				}
				/* The slow path's entries: direct compaction at every
				 * priority (capture included) and kcompactd. */
				if (ok) {
					int zi = (int)((r >> 40) % (uint64_t)c.nzones);
					int order = 1 + (int)((r >> 44) % (uint64_t)c.max_order);
					uint32_t cap = NIL;
					int res = compact_zone_direct(m, zi, order, (int)((r >> 48) % 3), (int)((r >> 52) % 3), ALLOC_WMARK_MIN, zi, &cap);
					CHECK(res >= 0 && res < COMPACT_RESULT_COUNT);
					if (cap != NIL)
						free_pages_kernel(m, cap, order, 0);
					ok = check_machine(m, "direct", order);
					res = compact_zone_kcompactd(m, zi, order);
					CHECK(res >= 0 && res < COMPACT_RESULT_COUNT);
					ok = ok && check_machine(m, "kcompactd", order);
				}
				/* A second compaction, aborted part-way. */
				if (ok && round % 2) {
					struct compact_request ab = { .order = -1, .mode = MIGRATE_ASYNC, .zone = -1 };
					machine_compact_begin(m, &ab);
					for (int k = 0; k < split && machine_compact_step(m); k++)
						;
					machine_compact_abort(m);
					ok = check_machine(m, "abort", split);
					CHECK(!machine_compact_running(m));
				}
				runs++;
			}
			machine_destroy(m);
		}
	}
	CHECK(runs > 400);
}

/* Restoring a checkpoint taken in the middle of a compaction gives back
 * the mid-compaction state: finishing it again gives the same result. */
UNIT_TEST(compact_checkpoint_mid_compaction)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 256;
	struct machine *m = machine_create(&c);
	fill_and_free(m, "M", 256, 2);
	struct compact_request rq = { .order = -1, .mode = -1, .zone = -1 };
	machine_compact_begin(m, &rq);
	for (int i = 0; i < 5; i++)
		machine_compact_step(m);
	struct compact_state before;
	machine_compact_state(m, &before);
	CHECK(before.active);
	struct machine *cp = machine_checkpoint(m);
	while (machine_compact_step(m))
		;
	struct machine_stats done1;
	machine_stats(m, &done1);
	CHECK(machine_restore(m, cp));
	check_machine(m, "restored", 0);
	struct compact_state after;
	machine_compact_state(m, &after);
	CHECK(after.active && after.migrate_pfn == before.migrate_pfn && after.free_pfn == before.free_pfn &&
	      after.nr_freepages == before.nr_freepages);
	while (machine_compact_step(m))
		;
	struct machine_stats done2;
	machine_stats(m, &done2);
	CHECK(memcmp(&done1, &done2, sizeof(done1)) == 0);
	machine_destroy(cp);
	machine_destroy(m);
}

/* A compact step undoes like any step in a session. */
UNIT_TEST(compact_session_undo)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 256;
	struct step steps[3];
	memset(steps, 0, sizeof(steps));
	steps[0].kind = STEP_ALLOC;
	steps[0].u.alloc = (struct step_alloc){ .type = MT_MOVABLE, .order = 0, .count = 256, .tag = "M", .zone = -1,
						 .from = -1 };
	steps[1].kind = STEP_FREE;
	steps[1].u.free = (struct step_free){ .tag = "M", .sel = SEL_EVERY, .every = 2 };
	steps[2].kind = STEP_COMPACT;
	steps[2].u.compact = (struct step_compact){ .order = -1, .mode = -1, .zone = -1 };
	struct session *s = session_create(&c, steps, 3, true);
	session_set_checkpoint_interval(s, 1);
	struct machine_stats at[4];
	machine_stats(session_machine(s), &at[0]);
	for (int i = 1; i <= 3; i++) {
		CHECK(session_forward(s));
		machine_stats(session_machine(s), &at[i]);
	}
	CHECK(at[3].v[STAT_COMPACT_MIGRATED] > 0);
	CHECK(session_back(s));
	struct machine_stats now;
	machine_stats(session_machine(s), &now);
	CHECK(memcmp(&now, &at[2], sizeof(now)) == 0);
	CHECK(!machine_block_skip(session_machine(s), 0) || true);
	CHECK(session_forward(s));
	machine_stats(session_machine(s), &now);
	CHECK(memcmp(&now, &at[3], sizeof(now)) == 0);
	session_destroy(s);
}

/* Direct compaction at the lowest priority captures the order-2 page a
 * migration frees (compaction_capture()). */
UNIT_TEST(compact_direct_capture)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 64;
	struct machine *m = machine_create(&c);
	fill_and_free(m, "M", 64, 2);
	CHECK_EQ_INT(cstat(m, STAT_LARGEST_FREE_ORDER), 0);
	uint32_t cap = NIL;
	int r = compact_zone_direct(m, 0, 2, MT_MOVABLE, MIN_COMPACT_PRIORITY, ALLOC_WMARK_MIN | ALLOC_CMA, 0, &cap);
	CHECK_EQ_INT(r, COMPACT_SUCCESS);
	CHECK(cap != NIL);
	if (cap != NIL) {
		CHECK_EQ_INT(cap % 4, 0);
		free_pages_kernel(m, cap, 2, 0);
	}
	check_machine(m, "capture", 0);
	machine_destroy(m);
}

/* max_migrate stops at the end of the first batch that reaches it. */
UNIT_TEST(compact_max_migrate)
{
	struct machine_config c;
	machine_config_default(&c);
	struct machine *m = machine_create(&c);
	fill_and_free(m, "M", 2048, 2);
	struct compact_request rq = { .order = -1, .mode = -1, .zone = -1, .max_migrate = 10 };
	CHECK_EQ_INT(machine_compact(m, &rq), MS_OK);
	/* The first batch is block 0's 256 pages (finish_pageblock). */
	CHECK_EQ_INT(cstat(m, STAT_COMPACT_MIGRATED), 256);
	check_machine(m, "max_migrate", 0);
	machine_destroy(m);
}

/* What a watcher sees between steps (example f's first iteration). */
UNIT_TEST(compact_state_between_steps)
{
	struct machine_config c;
	machine_config_default(&c);
	struct machine *m = machine_create(&c);
	fill_and_free(m, "M", 2048, 2);
	struct compact_request rq = { .order = -1, .mode = -1, .zone = -1 };
	CHECK_EQ_INT(machine_compact_begin(m, &rq), MS_OK);
	CHECK_EQ_INT(machine_compact_begin(m, &rq), MS_BAD_ARG);   /* one at a time */
	struct compact_state st;
	uint64_t src, dst;
	bool moved;
	CHECK(machine_compact_step(m));                   /* mm_compaction_begin */
	machine_compact_state(m, &st);
	CHECK(st.active && st.migrate_pfn == 0 && st.free_pfn == 261632 && st.mode == MIGRATE_SYNC && st.whole_zone);
	CHECK(machine_compact_step(m));                   /* isolate_migratepages: block 0 */
	machine_compact_state(m, &st);
	CHECK_EQ_INT(st.nsources, 256);
	CHECK_EQ_INT(st.nr_migratepages, 256);
	CHECK_EQ_INT(st.migrate_pfn, 512);
	CHECK_EQ_INT(st.block, 0);
	CHECK(machine_compact_pair(m, 0, &src, &dst, &moved) && src == 511 && dst == UINT64_MAX && !moved);
	CHECK(machine_compact_step(m));                   /* free scanner + 256 destinations */
	machine_compact_state(m, &st);
	CHECK_EQ_INT(st.free_pfn, 1503);
	CHECK_EQ_INT(st.block, 2);
	CHECK(machine_compact_pair(m, 0, &src, &dst, &moved) && src == 511 && dst == 1536 && !moved);
	CHECK(machine_compact_pair(m, 255, &src, &dst, &moved) && src == 1 && dst == 1502);
	/* Every isolated page got a destination: nothing is left isolated. */
	uint64_t head;
	int order;
	CHECK(!machine_compact_isolated_at(m, 1502, &head, &order));
	CHECK(machine_compact_step(m));                   /* the copies and frees */
	CHECK(machine_compact_pair(m, 16, &src, &dst, &moved) && src == 479 && dst == 1024 && moved);
	CHECK(!machine_compact_pair(m, 256, &src, &dst, &moved));
	CHECK_EQ_INT(cstat(m, STAT_COMPACT_MIGRATED), 256);
	check_machine(m, "state", 4);
	/* Iteration 2: 32 sources of block 1, then 16 free pages of block 2
	 * isolated (1504..1534), all used; the -ENOMEM batch leaves none. Step
	 * to the free scanner of iteration 2 and look before the moves. */
	CHECK(machine_compact_step(m));                   /* isolate block 1: 32 */
	CHECK(machine_compact_step(m));                   /* free scanner: 16 */
	CHECK(!machine_compact_isolated_at(m, 1504, &head, &order));   /* used as a destination */
	machine_compact_state(m, &st);
	CHECK_EQ_INT(st.nr_freepages, 0);
	machine_compact_abort(m);
	CHECK(!machine_compact_running(m));
	machine_compact_state(m, &st);
	CHECK_EQ_INT(st.stop, CSTOP_ABORTED);
	check_machine(m, "aborted", 5);
	machine_destroy(m);
}

/* The upper half of a split isolated chunk stays isolated until it is
 * used or released (compaction_alloc(), release_free_list()). */
UNIT_TEST(compact_isolated_leftover_visible)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 64;
	struct machine *m = machine_create(&c);
	struct alloc_request rq = { .type = MT_MOVABLE, .order = 0, .zone = -1, .steal_from = -1,
				    .tag = machine_tag(m, "M") };
	for (int i = 0; i < 64; i++)
		machine_alloc(m, &rq, NULL);
	static const uint64_t freed[] = { 0, 1, 2, 62, 63 };
	for (size_t i = 0; i < 5; i++)
		machine_free_index(m, rq.tag, freed[i]);
	struct compact_request cr = { .order = -1, .mode = -1, .zone = -1 };
	machine_compact_begin(m, &cr);
	machine_compact_step(m);        /* begin */
	machine_compact_step(m);        /* block 0: pfn 3 */
	machine_compact_step(m);        /* the order-1 chunk 62 isolated, split: 3 -> 62 */
	uint64_t head = 0, src, dst;
	int order = -1;
	bool moved;
	CHECK(machine_compact_isolated_at(m, 63, &head, &order) && head == 63 && order == 0);
	CHECK(machine_compact_pair(m, 0, &src, &dst, &moved) && src == 3 && dst == 62 && !moved);
	check_machine(m, "leftover", 3);
	while (machine_compact_step(m))
		;
	CHECK(!machine_compact_isolated_at(m, 63, &head, &order));
	check_machine(m, "released", 4);
	machine_destroy(m);
}

/* Moves after the tag's records were compacted (positions != indices). */
UNIT_TEST(compact_moves_after_tag_records_compacted)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.zones[0].pages = 8192;
	struct machine *m = machine_create(&c);
	struct alloc_request rq = { .type = MT_MOVABLE, .order = 0, .zone = -1, .steal_from = -1,
				    .tag = machine_tag(m, "M") };
	for (int i = 0; i < 8192; i++)
		machine_alloc(m, &rq, NULL);
	for (uint64_t i = 0; i < 6000; i++)
		machine_free_index(m, rq.tag, i);
	for (uint64_t i = 6000; i < 8192; i += 2)
		machine_free_index(m, rq.tag, i);
	struct compact_request cr = { .order = -1, .mode = -1, .zone = -1 };
	machine_compact(m, &cr);
	CHECK(cstat(m, STAT_COMPACT_MIGRATED) > 0);
	check_machine(m, "after", 0);
	struct alloc_info ai;
	CHECK(machine_alloc_info(m, rq.tag, 8191, &ai) && ai.live);
	struct alloc_info at;
	CHECK(machine_alloc_at(m, ai.pfn, &at) && at.index == 8191);
	machine_destroy(m);
}

/* The watermark checks of compaction are the kernel's zone_watermark_ok()
 * calls: __isolate_free_page() uses the raw min mark (no boost), and
 * __compaction_suitable() counts lowmem_reserve[highest_zoneidx].
 * Numbers by hand: a fresh 1024-page DMA32 zone below a 4096-page Normal
 * zone; the marks are set by hand so only the rule under test decides. */
UNIT_TEST(compact_watermark_checks_follow_kernel)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = 4;
	c.pageblock_order = 2;
	c.watermarks = true;
	c.nzones = 2;
	c.zones[0] = (struct zone_config){ .id = ZONE_DMA32, .pages = 1024, .start_pfn = 0 };
	c.zones[1] = (struct zone_config){ .id = ZONE_NORMAL, .pages = 4096, .start_pfn = 1024 };
	struct machine *m = machine_create(&c);
	struct zone *z = &m->zones[0];
	CHECK_EQ_INT(z->nr_free_pages, 1024);
	/* lowmem_reserve[1] of DMA32 = Normal's managed pages / ratio 256. */
	CHECK_EQ_INT(z->lowmem_reserve[1], 4096 / 256);

	/* __isolate_free_page(order 2): free 1024 > min 1019 + 4 passes; a
	 * boost of 100 does not count (zone->_watermark[WMARK_MIN]). */
	z->wmark[WMARK_MIN] = 1019;
	z->boost = 100;
	CHECK(compaction_free_page_ok(m, 0, 2));
	z->wmark[WMARK_MIN] = 1020;   /* 1024 > 1024 fails */
	CHECK(!compaction_free_page_ok(m, 0, 2));
	z->boost = 0;

	/* __compaction_suitable(order 2): min mark + compact_gap 8; free 1024
	 * must exceed mark + 8 + lowmem_reserve[highest_zoneidx]. */
	z->wmark[WMARK_MIN] = 1000;   /* 1000 + 8 + 16 = 1024: fails for Normal requests */
	CHECK(compaction_suitable(m, 0, 2, 0));
	CHECK(!compaction_suitable(m, 0, 2, 1));
	z->wmark[WMARK_MIN] = 999;
	CHECK(compaction_suitable(m, 0, 2, 1));
	machine_destroy(m);
}
