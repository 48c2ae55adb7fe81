/* Engine unit tests for HighAtomic reserves, isolation, CMA and the
 * no-grouping profile: the worked examples (g) and (h), the kernel paths
 * one by one, and randomized runs with these steps checking every
 * invariant (machine_check) after every step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"
#include "engine/step.h"
#include "unit.h"

static struct machine *mk_cfg(int max_order, int pb_order, uint64_t pages, int profile, int cma_first, int cma_last)
{
	struct machine_config c;
	machine_config_default(&c);
	c.max_order = max_order;
	c.pageblock_order = pb_order;
	c.zones[0].pages = pages;
	c.profile = profile;
	if (cma_first >= 0) {
		c.cma = true;
		c.cma_first = (uint64_t)cma_first;
		c.cma_last = (uint64_t)cma_last;
	}
	return machine_create(&c);
}

static uint64_t alloc_f(struct machine *m, int type, int order, const char *tag, uint32_t flags)
{
	struct alloc_request rq = { .type = type, .order = order, .zone = -1, .steal_from = -1,
				    .tag = machine_tag(m, tag), .flags = flags };
	uint64_t pfn = UINT64_MAX;
	if (machine_alloc(m, &rq, &pfn) != MS_OK)
		return UINT64_MAX;
	return pfn;
}

static void check_inv(struct machine *m, int line)
{
	char msg[256];
	if (!machine_check(m, msg, sizeof(msg)))
		unit_fail(__FILE__, line, "invariant: %s", msg);
}
#define CHECK_INV(m) check_inv(m, __LINE__)

static uint64_t head_pfn(struct machine *m, int order, int mt)
{
	uint64_t p[1];
	return machine_list_pfns(m, 0, order, mt, p, 1) ? p[0] : UINT64_MAX;
}

/* (g): isolate and unisolate block 3 of a fresh 1 GiB zone. */
UNIT_TEST(example_g_isolate_unisolate)
{
	struct machine *m = mk_cfg(10, 9, 262144, PROFILE_LINUX_6_12, -1, -1);
	CHECK_EQ_INT(machine_isolate(m, 3, 3), MS_OK);
	CHECK_INV(m);
	CHECK_EQ_INT(machine_nr_free(m, 0, 9), 2);
	CHECK_EQ_INT(machine_nr_free(m, 0, 10), 255);
	CHECK_EQ_INT(head_pfn(m, 9, MT_MOVABLE), 1024);
	CHECK_EQ_INT(head_pfn(m, 9, MT_ISOLATE), 1536);
	struct machine_stats st;
	machine_stats(m, &st);
	CHECK_EQ_INT(st.v[STAT_PAGES_FREE], 261632);
	CHECK_EQ_INT(st.v[STAT_BLOCKS_ISOLATE], 1);
	CHECK_EQ_INT(machine_unisolate(m, 3, 3), MS_OK);
	CHECK_INV(m);
	uint64_t p[256];
	CHECK_EQ_INT(machine_list_pfns(m, 0, 10, MT_MOVABLE, p, 256), 256);
	CHECK_EQ_INT(p[0], 0);
	CHECK_EQ_INT(p[1], 2048);
	CHECK_EQ_INT(p[255], 1024);
	machine_stats(m, &st);
	CHECK_EQ_INT(st.v[STAT_PAGES_FREE], 262144);
	CHECK_EQ_INT(st.v[STAT_BLOCKS_MOVABLE], 512);
	machine_destroy(m);
}

/* (h): a highatomic order-2 unmovable request on a fresh zone. */
UNIT_TEST(example_h_highatomic)
{
	struct machine *m = mk_cfg(10, 9, 262144, PROFILE_LINUX_6_12, -1, -1);
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 2, "A", REQ_HIGHATOMIC), 0);
	CHECK_INV(m);
	struct block_info bi;
	machine_block_info(m, 0, &bi);
	CHECK_EQ_INT(bi.type, MT_HIGHATOMIC);
	machine_block_info(m, 1, &bi);
	CHECK_EQ_INT(bi.type, MT_UNMOVABLE);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 512);
	CHECK_EQ_INT(machine_free_highatomic(m, 0), 508);
	for (int o = 2; o <= 8; o++)
		CHECK_EQ_INT(head_pfn(m, o, MT_HIGHATOMIC), 1u << o);
	/* (2): the next one comes from the reserve; freeing pfn 0 goes to the tail. */
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 2, "A", REQ_HIGHATOMIC), 4);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 512);
	uint64_t seq = machine_event_seq(m);
	CHECK_EQ_INT(machine_free_index(m, machine_tag(m, "A"), 0), MS_OK);
	/* buddy_merge_likely(): parent's buddy 8 (order 3) is free: tail. */
	const struct event *fe = machine_event(m, seq);
	CHECK(fe && fe->kind == EV_FREE && fe->cur_order == 2 && fe->mt == MT_HIGHATOMIC && fe->flag == 1);
	uint64_t p[2];
	CHECK_EQ_INT(machine_list_pfns(m, 0, 2, MT_HIGHATOMIC, p, 2), 1);
	CHECK_EQ_INT(p[0], 0);
	CHECK_INV(m);
	machine_destroy(m);

	/* (1): freeing the first allocation merges to order 9 and stops. */
	m = mk_cfg(10, 9, 262144, PROFILE_LINUX_6_12, -1, -1);
	alloc_f(m, MT_UNMOVABLE, 2, "A", REQ_HIGHATOMIC);
	machine_free_index(m, machine_tag(m, "A"), 0);
	CHECK_EQ_INT(head_pfn(m, 9, MT_HIGHATOMIC), 0);
	CHECK_EQ_INT(head_pfn(m, 9, MT_UNMOVABLE), 512);
	CHECK_EQ_INT(machine_free_highatomic(m, 0), 512);
	CHECK_INV(m);
	machine_destroy(m);
}

/* The limit: ALIGN(managed / 100, pageblock); zones under 100 blocks'
 * worth never reserve; order 0 never reserves but may use the reserve
 * as a last resort. */
UNIT_TEST(highatomic_limit_and_last_resort)
{
	/* 512 pages, blocks of 4: limit ALIGN(5, 4) = 8 = two blocks. */
	struct machine *m = mk_cfg(4, 2, 512, PROFILE_LINUX_6_12, -1, -1);
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC), 0);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 4);
	/* The reserve's other order-1 chunk (2) serves the next one. */
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC), 2);
	/* Reserve empty: the normal path, a second block reserved. */
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC), 4);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 8);
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC), 6);
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC), 8);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 8);   /* limit reached */
	struct block_info bi;
	machine_block_info(m, 2, &bi);
	CHECK_EQ_INT(bi.type, MT_UNMOVABLE);
	CHECK_INV(m);
	/* Fill everything else with movable pages; free one page in block 0. */
	while (alloc_f(m, MT_MOVABLE, 0, "M", 0) != UINT64_MAX)
		;
	CHECK_EQ_INT(machine_free_index(m, machine_tag(m, "H"), 0), MS_OK);
	/* A plain request cannot use the reserve; an order-0 atomic one can. */
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 0, "X", 0), UINT64_MAX);
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 0, "X", REQ_HIGHATOMIC), 0);
	CHECK_INV(m);
	machine_destroy(m);

	/* 256 pages: 1% is 2 pages, under a block of 4: no reserve at all. */
	m = mk_cfg(4, 2, 256, PROFILE_LINUX_6_12, -1, -1);
	alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 0);
	machine_destroy(m);
}

/* unreserve_highatomic_pageblock(): keeps the last block unless forced;
 * converts to ac->migratetype; lowest order first. */
UNIT_TEST(highatomic_unreserve)
{
	struct machine *m = mk_cfg(4, 2, 512, PROFILE_LINUX_6_12, -1, -1);
	alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC);   /* block 0 reserved, 2 free (o1) */
	alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC);   /* from the reserve: 2 */
	alloc_f(m, MT_UNMOVABLE, 1, "H", REQ_HIGHATOMIC);   /* 4: block 1 reserved, 6 free */
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 8);
	m->ac.migratetype = MT_MOVABLE;
	CHECK(unreserve_highatomic_pageblock(m, 0, false));
	/* Lowest order first: the HighAtomic o1 head is 6 (block 1). */
	struct block_info bi;
	machine_block_info(m, 1, &bi);
	CHECK_EQ_INT(bi.type, MT_MOVABLE);
	CHECK_EQ_INT(head_pfn(m, 1, MT_MOVABLE), 6);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 4);
	CHECK_INV(m);
	/* One block left: kept without force; block 0 has no free page. */
	CHECK(!unreserve_highatomic_pageblock(m, 0, false));
	CHECK(!unreserve_highatomic_pageblock(m, 0, true));
	machine_free_index(m, machine_tag(m, "H"), 1);     /* pfn 2 back to HighAtomic */
	CHECK(!unreserve_highatomic_pageblock(m, 0, false));
	CHECK(unreserve_highatomic_pageblock(m, 0, true));
	machine_block_info(m, 0, &bi);
	CHECK_EQ_INT(bi.type, MT_MOVABLE);
	CHECK_EQ_INT(machine_reserved_highatomic(m, 0), 0);
	CHECK_INV(m);
	machine_destroy(m);
}

/* Isolation refused for unmovable pages, CMA blocks, already isolated
 * blocks and compound allocations across the edge; the undo. */
UNIT_TEST(isolation_refusals_and_undo)
{
	/* max_order 4, blocks of 4 pages, 64 pages: blocks 0..15. */
	struct machine *m = mk_cfg(4, 2, 64, PROFILE_LINUX_6_12, -1, -1);
	/* Movable pages 0..15 (blocks 0-3), then an unmovable page claims
	 * chunk 16: blocks 4-7 Unmovable, page 16. */
	for (int i = 0; i < 16; i++)
		alloc_f(m, MT_MOVABLE, 0, "M", 0);
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 0, "U", 0), 16);
	/* Blocks 0-3 hold only movable pages: isolated. */
	CHECK_EQ_INT(machine_isolate(m, 0, 3), MS_OK);
	CHECK_INV(m);
	CHECK_EQ_INT(machine_isolate(m, 2, 2), MS_BUSY);   /* already Isolate */
	CHECK_EQ_INT(machine_unisolate(m, 0, 3), MS_OK);
	/* Blocks 2..5: block 4 holds U at 16 -> refused; 2, 3 and 5 set back. */
	uint64_t seq = machine_event_seq(m);
	CHECK_EQ_INT(machine_isolate(m, 2, 5), MS_BUSY);
	CHECK_INV(m);
	for (int b = 2; b <= 5; b++) {
		struct block_info bi;
		machine_block_info(m, (uint64_t)b, &bi);
		CHECK_EQ_INT(bi.type, b == 4 ? MT_UNMOVABLE : MT_MOVABLE);   /* 5 was Unmovable: now Movable */
	}
	/* Events: isolate 2, isolate 5 (end), 3, refused at 4, undo 2, 3, then 5. */
	int kinds[16], nk = 0;
	uint64_t blocks[16];
	for (uint64_t s = seq; s < machine_event_seq(m) && nk < 16; s++) {
		const struct event *ev = machine_event(m, s);
		if (ev->kind == EV_ISOLATE || ev->kind == EV_UNISOLATE || ev->kind == EV_ISOLATE_REFUSED) {
			kinds[nk] = ev->kind;
			blocks[nk++] = ev->block;
		}
	}
	CHECK_EQ_INT(nk, 7);
	CHECK(kinds[6] == EV_UNISOLATE && blocks[6] == 5);
	CHECK(kinds[0] == EV_ISOLATE && blocks[0] == 2);
	CHECK(kinds[1] == EV_ISOLATE && blocks[1] == 5);
	CHECK(kinds[2] == EV_ISOLATE && blocks[2] == 3);
	CHECK(kinds[3] == EV_ISOLATE_REFUSED && blocks[3] == 4);
	CHECK(kinds[4] == EV_UNISOLATE && blocks[4] == 2);
	CHECK(kinds[5] == EV_UNISOLATE && blocks[5] == 3);
	machine_destroy(m);

	/* A movable order-3 allocation at 0 (blocks 0-1): isolating block 1
	 * alone is refused (it crosses the range's start), block 0 alone
	 * too (it crosses the end), blocks 0..1 succeed. */
	m = mk_cfg(4, 2, 64, PROFILE_LINUX_6_12, -1, -1);
	CHECK_EQ_INT(alloc_f(m, MT_MOVABLE, 3, "B", 0), 0);
	CHECK_EQ_INT(machine_isolate(m, 1, 1), MS_BUSY);
	CHECK_EQ_INT(machine_isolate(m, 0, 0), MS_BUSY);
	CHECK_INV(m);
	CHECK_EQ_INT(machine_isolate(m, 0, 1), MS_OK);
	CHECK_INV(m);
	machine_destroy(m);

	/* CMA blocks are refused. */
	m = mk_cfg(4, 2, 64, PROFILE_LINUX_6_12, 2, 3);
	CHECK_EQ_INT(machine_isolate(m, 3, 3), MS_BUSY);
	CHECK_INV(m);
	machine_destroy(m);
}

/* CMA boot: the rest freed first, then CMA blocks one by one, merging
 * only with CMA buddies. */
UNIT_TEST(cma_boot_and_balance)
{
	/* 1 GiB, CMA block 3: Movable o10 [0, 2048, ...], o9 [1024]; CMA o9 [1536]. */
	struct machine *m = mk_cfg(10, 9, 262144, PROFILE_LINUX_6_12, 3, 3);
	CHECK_INV(m);
	CHECK_EQ_INT(head_pfn(m, 10, MT_MOVABLE), 0);
	CHECK_EQ_INT(head_pfn(m, 9, MT_MOVABLE), 1024);
	CHECK_EQ_INT(head_pfn(m, 9, MT_CMA), 1536);
	CHECK_EQ_INT(machine_event_seq(m), 0);
	machine_destroy(m);
	/* CMA blocks 2-3 merge into one CMA order-10 chunk at 1024. */
	m = mk_cfg(10, 9, 262144, PROFILE_LINUX_6_12, 2, 3);
	CHECK_EQ_INT(head_pfn(m, 10, MT_CMA), 1024);
	CHECK_EQ_INT(machine_list_count(m, 0, 10, MT_MOVABLE), 255);
	machine_destroy(m);
	/* 16 blocks of 4 pages, blocks 8-15 CMA (32 of 64 pages): 32 > 64/2
	 * is false, so movable comes from Movable; once a movable page is
	 * taken, CMA (32) > 63/2 = 31: CMA first. Boot freed block 8..11
	 * into CMA o4 32, then 12..15 into o4 48 pushed at the head. */
	m = mk_cfg(4, 2, 64, PROFILE_LINUX_6_12, 8, 15);
	CHECK_EQ_INT(head_pfn(m, 4, MT_CMA), 48);
	CHECK_EQ_INT(alloc_f(m, MT_MOVABLE, 0, "M", 0), 0);
	CHECK_EQ_INT(alloc_f(m, MT_MOVABLE, 0, "M", 0), 48);
	/* Unmovable requests never use CMA. */
	CHECK_EQ_INT(alloc_f(m, MT_UNMOVABLE, 0, "U", 0), 16);
	CHECK_INV(m);
	machine_destroy(m);
	/* Grouping off: gfp_migratetype() is Unmovable, so no ALLOC_CMA. */
	m = mk_cfg(4, 2, 64, PROFILE_NO_GROUPING, 8, 15);
	alloc_f(m, MT_MOVABLE, 0, "M", 0);
	CHECK_EQ_INT(alloc_f(m, MT_MOVABLE, 0, "M", 0), 1);
	machine_destroy(m);
}

/* Random steps including the new ones, every invariant after each. */
static void random_mt_step(struct machine *m, struct step *st, uint64_t r, int max_order, uint64_t nblocks,
			   const struct machine_config *c)
{
	static const char *const tags[] = { "A", "B", "w" };
	memset(st, 0, sizeof(*st));
	switch (r % 8) {
	case 0:
	case 1:
	case 2:
		st->kind = STEP_ALLOC;
		st->u.alloc.type = (int)((r >> 8) % 3);
		st->u.alloc.order = (int)((r >> 12) % (uint64_t)(max_order + 1)) % 4;
		st->u.alloc.count = 1 + (r >> 16) % 30;
		st->u.alloc.zone = -1;
		st->u.alloc.from = -1;
		if ((r >> 22) % 3 == 0)
			st->u.alloc.flags |= REQ_HIGHATOMIC;
		if (c->cma && st->u.alloc.type == MT_MOVABLE && (r >> 24) % 2)
			st->u.alloc.flags |= REQ_CMA;
		snprintf(st->u.alloc.tag, sizeof(st->u.alloc.tag), "%s", tags[(r >> 28) % 3]);
		break;
	case 3: {
		st->kind = STEP_FREE;
		struct step_free *f = &st->u.free;
		snprintf(f->tag, sizeof(f->tag), "%s", tags[(r >> 8) % 3]);
		f->sel = SEL_RANDOM;
		f->p = (double)((r >> 28) % 11) / 10.0;
		break;
	}
	case 4:
		st->kind = STEP_WORKLOAD;
		st->u.workload = (struct step_workload){ .ops = 1 + (r >> 8) % 200, .mix = { 0.2, 0.6, 0.2 },
							  .orders = { 0.7, 0.2, 0.1 }, .free_ratio = 0.5, .tag = "w" };
		break;
	case 5:
	case 6:
	case 7: {
		st->kind = r % 8 == 7 ? STEP_UNISOLATE : STEP_ISOLATE;
		uint64_t a = (r >> 8) % nblocks, len = (r >> 20) % 4;
		uint64_t b = a + len < nblocks ? a + len : nblocks - 1;
		/* Keep the range inside one zone. */
		while (b > a && machine_nzones(m) > 1) {
			struct block_info x, y;
			machine_block_info(m, a, &x);
			machine_block_info(m, b, &y);
			if (x.zone == y.zone)
				break;
			b--;
		}
		st->u.isolate.first = a;
		st->u.isolate.last = b;
		break;
	}
	}
}

UNIT_TEST(randomized_mtypes_invariants)
{
	uint64_t seen[EV_KIND_COUNT] = { 0 }, reserved = 0, cma_used = 0;
	for (int seed = 1; seed <= 80; seed++) {
		struct machine_config c;
		machine_config_default(&c);
		c.seed = (uint64_t)seed;
		struct machine *rngm = machine_create(&c);
		uint64_t r = machine_rng_u64(rngm);
		c.max_order = 2 + (int)(r % 5);
		c.pageblock_order = 1 + (int)((r >> 4) % (uint64_t)c.max_order);
		c.nzones = 1 + (int)((r >> 8) % 2);
		c.profile = (r >> 10) % 3 == 0 ? PROFILE_NO_GROUPING : PROFILE_LINUX_6_12;
		uint64_t start = 0, nb = 0;
		for (int z = 0; z < c.nzones; z++) {
			int id = c.nzones == 2 ? z + 1 : ZONE_NORMAL;
			/* Large enough zones for reserves (1% >= a block) sometimes. */
			uint64_t pages = (1ull << c.max_order) * (1 + (r >> (12 + 4 * z)) % ((r >> 20) % 2 ? 8 : 300));
			c.zones[z] = (struct zone_config){ id, pages, start };
			start += pages;
			nb += pages >> c.pageblock_order;
		}
		if ((r >> 22) % 2) {
			c.cma = true;
			uint64_t zb = c.zones[0].pages >> c.pageblock_order;
			c.cma_first = (r >> 24) % zb;
			c.cma_last = c.cma_first + (r >> 32) % 3;
			if (c.cma_last >= zb)
				c.cma_last = zb - 1;
		}
		struct machine *m = machine_create(&c);
		CHECK(m != NULL);
		if (!m) {
			machine_destroy(rngm);
			continue;
		}
		char msg[256];
		if (!machine_check(m, msg, sizeof(msg)))
			unit_fail(__FILE__, __LINE__, "seed %d boot: %s", seed, msg);
		for (int i = 0; i < 40; i++) {
			struct step st;
			random_mt_step(m, &st, machine_rng_u64(rngm), c.max_order, nb, &c);
			struct step_result res = { 0 };
			uint64_t s0 = machine_event_seq(m);
			step_run(m, &st, &res);
			for (uint64_t s = s0; s < machine_event_seq(m); s++) {
				const struct event *ev = machine_event(m, s);
				if (!ev)
					continue;
				seen[ev->kind]++;
				reserved += ev->kind == EV_RESERVE && ev->flag == RESERVE_DONE;
				cma_used += ev->kind == EV_ALLOC && ev->mt == MT_CMA;
			}
			step_result_clear(&res);
			int kind = st.kind;
			step_clear(&st);
			if (!machine_check(m, msg, sizeof(msg))) {
				unit_fail(__FILE__, __LINE__, "seed %d step %d (%s): %s", seed, i, step_kind_word(kind), msg);
				break;
			}
		}
		machine_destroy(m);
		machine_destroy(rngm);
	}
	/* The runs must have reached every mechanism. */
	CHECK(reserved > 0);
	CHECK(cma_used > 0);
	CHECK(seen[EV_ISOLATE] > 0 && seen[EV_ISOLATE_REFUSED] > 0 && seen[EV_UNISOLATE] > 0);
	CHECK(seen[EV_UNISOLATE_SKIP] > 0 && seen[EV_CLAIM_MOVE] > 0);
	if (getenv("UNIT_VERBOSE"))
		printf("reserved %llu cma %llu isolate %llu refused %llu unisolate %llu\n", (unsigned long long)reserved,
		       (unsigned long long)cma_used, (unsigned long long)seen[EV_ISOLATE],
		       (unsigned long long)seen[EV_ISOLATE_REFUSED], (unsigned long long)seen[EV_UNISOLATE]);
}

/* Freeing into an isolated block: the pages go to the Isolate lists (no
 * merge across the block edge with another type), leave NR_FREE_PAGES,
 * and are never allocated; unisolating merges them back. */
UNIT_TEST(isolation_free_into_isolated_block)
{
	struct machine *m = mk_cfg(4, 2, 64, PROFILE_LINUX_6_12, -1, -1);
	for (int i = 0; i < 8; i++)
		alloc_f(m, MT_MOVABLE, 0, "M", 0);          /* 0..7: blocks 0-1 */
	CHECK_EQ_INT(machine_isolate(m, 1, 1), MS_OK);
	struct machine_stats st;
	machine_stats(m, &st);
	int64_t before = st.v[STAT_PAGES_FREE];
	uint32_t tag = machine_tag(m, "M");
	for (uint64_t i = 4; i < 8; i++)
		CHECK_EQ_INT(machine_free_index(m, tag, i), MS_OK);
	/* 4..7 merge inside the block to an Isolate order-2 chunk; block 0 is
	 * busy, so nothing more. */
	CHECK_EQ_INT(head_pfn(m, 2, MT_ISOLATE), 4);
	machine_stats(m, &st);
	CHECK_EQ_INT(st.v[STAT_PAGES_FREE], before);
	/* A movable request does not get 4: it takes 8 (Movable o3). */
	CHECK_EQ_INT(alloc_f(m, MT_MOVABLE, 0, "X", 0), 8);
	CHECK_INV(m);
	/* Free block 0 too: 0..3 merge to order 2 at 0 and stop (4 is Isolate). */
	for (uint64_t i = 0; i < 4; i++)
		machine_free_index(m, tag, i);
	CHECK_EQ_INT(head_pfn(m, 2, MT_MOVABLE), 0);
	CHECK_INV(m);
	/* Unisolate: 4 heads an order-2 chunk whose buddy 0 is free and
	 * Movable: put back to the tail, merged to order 3 at 0. */
	CHECK_EQ_INT(machine_unisolate(m, 1, 1), MS_OK);
	CHECK_EQ_INT(head_pfn(m, 3, MT_MOVABLE), 0);
	machine_stats(m, &st);
	CHECK_EQ_INT(st.v[STAT_PAGES_FREE], 63);
	CHECK_INV(m);
	machine_destroy(m);
}
