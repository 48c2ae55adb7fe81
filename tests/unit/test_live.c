/* Unit tests of the real-machine parts: the engine's initial state
 * (machine_state_apply, checked by machine_check and by hand), the /proc
 * parsers on small texts, and the kernel's fragmentation arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/machine.h"
#include "live/kpage.h"
#include "live/procfs.h"
#include "scenario/scenario.h"
#include "unit.h"

/* 4 blocks of 512 pages, max_order 10: block types M M U R. */
static struct machine *state_machine(struct state_chunk *ch, size_t n, char *msg, bool *ok)
{
	static uint8_t types[4] = { 1, 1, 0, 2 };
	static struct machine_state st;
	memset(&st, 0, sizeof(st));
	strcpy(st.tag, "real");
	st.zones[0].block_types = types;
	st.zones[0].nblocks = 4;
	st.zones[0].free = ch;
	st.zones[0].nfree = n;
	struct machine_config c;
	machine_config_default(&c);
	c.zones[0].pages = 2048;
	struct machine *m = machine_create(&c);
	struct state_error where;
	*ok = machine_state_apply(m, &st, &where, msg, 160);
	return m;
}

UNIT_TEST(state_apply_lists_blocks_and_used_memory)
{
	/* Free: the order-10 chunk over blocks 0-1 (both Movable), pfn 1027
	 * (U), pfn 1536..1539 (R, order 2). Everything else used. */
	struct state_chunk ch[] = { { 1536, 2 }, { 0, 10 }, { 1027, 0 } };
	char msg[160] = "";
	bool ok;
	struct machine *m = state_machine(ch, 3, msg, &ok);
	CHECK(ok);
	char why[256];
	CHECK(machine_check(m, why, sizeof(why)));
	CHECK_EQ_INT(machine_list_count(m, 0, 10, MT_MOVABLE), 1);
	CHECK_EQ_INT(machine_list_count(m, 0, 0, MT_UNMOVABLE), 1);
	CHECK_EQ_INT(machine_list_count(m, 0, 2, MT_RECLAIMABLE), 1);
	CHECK_EQ_INT(machine_nr_free(m, 0, 10), 1);
	struct machine_stats st;
	machine_stats(m, &st);
	CHECK_EQ_INT(st.v[STAT_PAGES_FREE], 1024 + 1 + 4);
	CHECK_EQ_INT(st.v[STAT_BLOCKS_UNMOVABLE], 1);
	CHECK_EQ_INT(st.v[STAT_BLOCKS_MOVABLE], 2);
	CHECK_EQ_INT(st.v[STAT_BLOCKS_RECLAIMABLE], 1);
	CHECK_EQ_INT(st.v[STAT_MIXED_BLOCKS], 0);
	/* Used memory in block 2: pfn 1024-1025 (order 1), 1026 (order 0),
	 * then 1028..1535 as pieces of order 2, 3, ... 8: 1 + 1 + 7 = 9
	 * allocations; block 3: 1536..1539 free, 1540 (order 2), 1544 (3), ...
	 * 1792 (8): 7 pieces. */
	CHECK_EQ_INT(st.v[STAT_ALLOCS_LIVE], 9 + 7);
	struct alloc_info ai;
	CHECK(machine_alloc_at(m, 1024, &ai) && ai.order == 1 && ai.type == MT_UNMOVABLE && ai.index == 0);
	CHECK(machine_alloc_at(m, 1026, &ai) && ai.order == 0);
	CHECK(machine_alloc_at(m, 1300, &ai) && ai.order == 8 && ai.pfn == 1280);
	CHECK(machine_alloc_at(m, 1540, &ai) && ai.order == 2 && ai.type == MT_RECLAIMABLE);
	/* Freeing pfn 1026 merges with 1027 into an order-1 Unmovable chunk
	 * (__free_one_page), and the state behaves like any other. */
	CHECK(machine_free_pfn(m, 1026) == MS_OK);
	CHECK_EQ_INT(machine_list_count(m, 0, 1, MT_UNMOVABLE), 1);
	CHECK_EQ_INT(machine_list_count(m, 0, 0, MT_UNMOVABLE), 0);
	CHECK(machine_check(m, why, sizeof(why)));
	machine_destroy(m);
}

UNIT_TEST(state_apply_refuses_impossible_states)
{
	char msg[160];
	bool ok;
	struct state_chunk buddies[] = { { 4, 2 }, { 0, 2 } };
	struct machine *m = state_machine(buddies, 2, msg, &ok);
	CHECK(!ok);
	CHECK_EQ_STR(msg, "free chunk at pfn 0 (order 2): its buddy at pfn 4 is free too, the kernel would have merged them");
	machine_destroy(m);
	struct state_chunk span[] = { { 1024, 10 } };   /* blocks 2 (U) and 3 (R) */
	m = state_machine(span, 1, msg, &ok);
	CHECK(!ok);
	CHECK_EQ_STR(msg, "free chunk at pfn 1024 (order 10) spans pageblocks of different types");
	machine_destroy(m);
	struct state_chunk overlap[] = { { 8, 3 }, { 12, 0 } };
	m = state_machine(overlap, 2, msg, &ok);
	CHECK(!ok);
	CHECK_EQ_STR(msg, "free chunk at pfn 12 (order 0) overlaps another free chunk");
	machine_destroy(m);
	struct state_chunk mis[] = { { 6, 2 } };
	m = state_machine(mis, 1, msg, &ok);
	CHECK(!ok);
	CHECK_EQ_STR(msg, "free chunk at pfn 6 is not aligned to its order 2");
	machine_destroy(m);
	struct state_chunk out[] = { { 2048, 0 } };
	m = state_machine(out, 1, msg, &ok);
	CHECK(!ok);
	CHECK_EQ_STR(msg, "free chunk at pfn 2048 (order 0) is not inside zone Normal");
	machine_destroy(m);
}

UNIT_TEST(live_fragmentation_arithmetic)
{
	/* linux-6.12-page-allocator.md 11.4: 1024 free order-0 pages and 254
	 * order-10 chunks, k = 9: fragmentation -1000, unusable 3. */
	struct live_zone z;
	memset(&z, 0, sizeof(z));
	z.nr_free[0] = 1024;
	z.nr_free[10] = 254;
	CHECK_EQ_INT(live_extfrag_index(&z, 11, 9), -1000);
	CHECK_EQ_INT(live_unusable_index(&z, 11, 9), 3);
	/* Only order-0 pages: 1000 - (1000 + 100*1000/512) / 100 = 1000 - 11 = 989. */
	memset(&z, 0, sizeof(z));
	z.nr_free[0] = 100;
	CHECK_EQ_INT(live_extfrag_index(&z, 11, 9), 989);
	CHECK_EQ_INT(live_unusable_index(&z, 11, 9), 1000);
	memset(&z, 0, sizeof(z));
	CHECK_EQ_INT(live_extfrag_index(&z, 11, 9), 0);
	CHECK_EQ_INT(live_unusable_index(&z, 11, 9), 1000);
}

UNIT_TEST(live_parsers_small_texts)
{
	struct live_snap *s = calloc(1, sizeof(*s));
	char err[256];
	const char *b = "Node 0, zone      DMA      0      1 \nNode 0, zone   Normal      5      0 \n";
	CHECK(live_parse_buddyinfo(s, b, strlen(b), "bi", err, sizeof(err)));
	CHECK_EQ_INT(s->nzones, 2);
	CHECK_EQ_INT(s->norders, 2);
	CHECK_EQ_INT(s->zones[1].nr_free[0], 5);
	/* No newline at the end: truncated. */
	CHECK(!live_parse_vmstat(s, "compact_stall 3", 15, "vm", err, sizeof(err)));
	CHECK_EQ_STR(err, "vm:1: truncated: the last line has no newline");
	CHECK(live_parse_vmstat(s, "compact_stall 3\n", 16, "vm", err, sizeof(err)));
	CHECK(s->have_vm[VM_COMPACT_STALL] && s->vm[VM_COMPACT_STALL] == 3);
	/* A NUL byte. */
	CHECK(!live_parse_version(s, "Linux\0version\n", 14, "v", err, sizeof(err)));
	CHECK_EQ_STR(err, "v:1: binary data (a NUL byte) in a text file");
	/* debugfs: -1.000 and 0.066. */
	const char *e = "Node 0, zone   Normal -1.000  0.066 \n";
	CHECK(live_parse_extfrag(s, true, e, strlen(e), "ef", err, sizeof(err)));
	CHECK(s->zones[1].have_dbg_extfrag && s->zones[1].dbg_extfrag[0] == -1000 && s->zones[1].dbg_extfrag[1] == 66);
	/* kpageflags classes: BUDDY wins over everything but NOPAGE. */
	CHECK_EQ_INT(kp_class_of(1ull << KPF_BUDDY), KP_FREE);
	CHECK_EQ_INT(kp_class_of((1ull << KPF_NOPAGE) | (1ull << KPF_BUDDY)), KP_HOLE);
	CHECK_EQ_INT(kp_class_of(1ull << KPF_RESERVED), KP_RESERVED);
	CHECK_EQ_INT(kp_class_of(0), KP_NOFLAGS);
	free(s);
}

UNIT_TEST(state_survives_scenario_write)
{
	/* The TUI's save writes the state back: loading that gives the same
	 * machine (types, lists, used memory). */
	static const char text[] =
		"name: s\nmachine: {zones: [{name: DMA32, pages: 2048}, {name: Normal, pages: 1024, start_pfn: 4096}]}\n"
		"state:\n  tag: used\n  zones:\n"
		"    - {name: DMA32, blocks: [[movable, 2], [unmovable, 1], [reclaimable, 1]], free: [[0, 10], [1030, 1], [1536, 0]]}\n"
		"    - {name: Normal, blocks: [[highatomic, 1], [movable, 1]], free: [[4096, 9], [4612, 2]]}\n"
		"steps: []\n";
	struct diag_list d = { 0 };
	struct scenario *a = scenario_load_text("a.yaml", text, sizeof(text) - 1, NULL, &d);
	CHECK(a != NULL);
	if (!a) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.lines[i]);
		diag_list_clear(&d);
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(scenario_write(f, a->name, &a->cfg, a->steps, a->nsteps));
	fclose(f);
	struct scenario *b = scenario_load_text("b.yaml", buf, len, NULL, &d);
	CHECK(b != NULL && b->state != NULL);
	if (b) {
		struct machine *ma = machine_create(&a->cfg), *mb = machine_create(&b->cfg);
		CHECK(ma && mb);
		for (int z = 0; ma && mb && z < 2; z++)
			for (int o = 0; o <= 10; o++)
				for (int t = 0; t < MT_COUNT; t++)
					CHECK_EQ_INT(machine_list_count(ma, z, o, t), machine_list_count(mb, z, o, t));
		for (uint64_t blk = 0; ma && mb && blk < machine_nblocks(ma); blk++) {
			struct block_info x, y;
			machine_block_info(ma, blk, &x);
			machine_block_info(mb, blk, &y);
			CHECK(x.type == y.type && x.free == y.free && x.alloc[0] == y.alloc[0] && x.alloc[1] == y.alloc[1]);
		}
		CHECK(ma && machine_tag_live(ma, machine_tag(ma, "used")) > 0);
		machine_destroy(ma);
		machine_destroy(mb);
	}
	scenario_free(a);
	scenario_free(b);
	diag_list_clear(&d);
	free(buf);
}
