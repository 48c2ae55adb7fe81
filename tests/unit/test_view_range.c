/* The page view of a block range (issue 7 item 3): its chunk spans as plain
 * data (a free chunk larger than a block is one span over the blocks it
 * covers), the rows drawn once for such a chunk, and the scrolling when
 * the range's chunks do not fit. */
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "tui/app.h"
#include "tui/view.h"
#include "unit.h"

struct rfx {
	struct scenario *sc;
	struct app a;
	struct ui ui;
	struct view v;
};

static bool rfx_setup(struct rfx *f, const char *yaml, int steps)
{
	memset(f, 0, sizeof(*f));
	struct diag_list d = { 0 };
	f->sc = scenario_load_text("test.yaml", yaml, strlen(yaml), NULL, &d);
	for (size_t i = 0; i < d.n; i++)
		unit_fail(__FILE__, __LINE__, "scenario: %s", d.lines[i]);
	diag_list_clear(&d);
	if (!f->sc || !app_init(&f->a, f->sc))
		return false;
	ui_init(&f->ui, &f->a);
	view_init(&f->v);
	for (int i = 0; i < steps; i++)
		app_forward(&f->a, (uint64_t)i);
	return true;
}

static void rfx_teardown(struct rfx *f)
{
	view_fini(&f->v);
	app_fini(&f->a);
	scenario_free(f->sc);
}

static int count_rows(const struct view *v, const char *needle)
{
	int n = 0;
	for (int i = 0; i < v->nrows; i++)
		for (const char *p = v->rows[i].text; p && (p = strstr(p, needle)); p++)
			n++;
	return n;
}

/* One order-0 page from a fresh 1 GiB zone: expand() leaves the halves of
 * the order-10 chunk at pfn 0 as free chunks of orders 0..9 above it; the
 * next order-10 chunk (pfn 1024) covers blocks 2 and 3. */
static const char one[] = "name: range\n"
			  "steps:\n"
			  "  - alloc: {type: movable, order: 0, tag: A}\n";

UNIT_TEST(view_range_spans_model)
{
	struct rfx f;
	if (!rfx_setup(&f, one, 1))
		return;
	struct chunk_span sp[32];
	size_t n = view_chunk_spans(&f.a, 0, 3, sp, 32);
	CHECK_EQ_INT(n, 12);
	CHECK(sp[0].kind == SPAN_ALLOC && sp[0].pfn == 0 && sp[0].end == 1 && sp[0].index == 0);
	for (int o = 0; o <= 8; o++) {
		CHECK_EQ_INT(sp[1 + o].kind, SPAN_FREE);
		CHECK_EQ_INT(sp[1 + o].order, o);
		CHECK_EQ_INT(sp[1 + o].pfn, 1u << o);
		CHECK_EQ_INT(sp[1 + o].block0, 0);
		CHECK_EQ_INT(sp[1 + o].block1, 0);
	}
	CHECK(sp[10].order == 9 && sp[10].pfn == 512 && sp[10].block0 == 1 && sp[10].block1 == 1);
	CHECK(sp[11].order == 10 && sp[11].pfn == 1024 && sp[11].end == 2048 && sp[11].block0 == 2 &&
	      sp[11].block1 == 3);
	/* A range starting inside a chunk: the chunk, unclipped, once. */
	n = view_chunk_spans(&f.a, 3, 5, sp, 32);
	CHECK_EQ_INT(n, 2);
	CHECK(sp[0].pfn == 1024 && sp[0].block0 == 3 && sp[0].block1 == 3 && sp[1].pfn == 2048 &&
	      sp[1].block0 == 4 && sp[1].block1 == 5);
	/* Counting only. */
	CHECK_EQ_INT(view_chunk_spans(&f.a, 0, 3, NULL, 0), 12);
	rfx_teardown(&f);
}

UNIT_TEST(view_range_detail_rows)
{
	struct rfx f;
	if (!rfx_setup(&f, one, 1))
		return;
	f.ui.screen = SCREEN_DETAIL;
	f.ui.cursor = 1;
	f.ui.range_first = 0;
	f.ui.range_last = 3;
	view_build_detail(&f.v, &f.a, &f.ui, 120, 40, 0);
	CHECK_EQ_INT(count_rows(&f.v, "Buddy chunks of blocks 0-3"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "page view of blocks 0-3"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "[1024-2047 free o10, blocks 2-3]"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "[512-1023 free o9]"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "b0:"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "b1:"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "b2:"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "b3:"), 0);    /* covered by block 2's chunk */
	/* The cursor outside the range: the page view is the cursor's block. */
	f.ui.cursor = 9;
	view_build_detail(&f.v, &f.a, &f.ui, 120, 40, 0);
	CHECK_EQ_INT(count_rows(&f.v, "Buddy chunks of block 9"), 1);
	rfx_teardown(&f);
}

/* 32 blocks with every second page free: far more chunk lines than rows. */
static const char holes[] = "name: holes\n"
			    "machine:\n"
			    "  zones: [{name: Normal, size: 64MiB}]\n"
			    "steps:\n"
			    "  - alloc: {type: movable, order: 0, count: 16384, tag: M}\n"
			    "  - free: {tag: M, every: 2}\n";

UNIT_TEST(view_range_scrolls)
{
	struct rfx f;
	if (!rfx_setup(&f, holes, 2))
		return;
	f.ui.screen = SCREEN_DETAIL;
	f.ui.cursor = 0;
	f.ui.range_first = 0;
	f.ui.range_last = 31;
	view_build_detail(&f.v, &f.a, &f.ui, 100, 40, 0);
	CHECK_EQ_INT(count_rows(&f.v, "Buddy chunks of blocks 0-31 (lines 1-"), 1);
	CHECK_EQ_INT(count_rows(&f.v, "b0:"), 1);
	f.ui.chunk_scroll = 1 << 20;    /* the view clamps it to the last page */
	view_build_detail(&f.v, &f.a, &f.ui, 100, 40, 0);
	CHECK(f.ui.chunk_scroll > 0 && f.ui.chunk_scroll < 1 << 20);
	CHECK_EQ_INT(count_rows(&f.v, "b0:"), 0);
	CHECK_EQ_INT(count_rows(&f.v, "[16382 free o0]"), 1);    /* the range's last chunk */
	rfx_teardown(&f);
}
