/* Watching compaction: the scanner marks of the view model on a machine
 * small enough to trace by hand, the stepped compaction of the session
 * (one engine step forward and back, undo from the middle, the same end
 * state as a whole `compact`), and the save of a stepped compaction.
 *
 * The machine: max_order 4, pageblock_order 2, one zone of 64 pages = 16
 * blocks of 4 pages. 32 movable order-0 pages fill pfns 0-31 (blocks
 * 0-7), every second one is freed (the even pfns), so blocks 0-7 hold
 * pfns 1, 3, 5, ... and blocks 8-15 are wholly free.
 *
 * Hand trace of compact_zone() (order -1, sync: whole zone, skip hints
 * ignored), engine step by engine step:
 *  1. compact_zone() begins: cc->migrate_pfn = 0 (block 0), cc->free_pfn =
 *     pageblock_start_pfn(64 - 1) = 60 (block 15).
 *  2. isolate_migratepages(): block 0 is a suitable source; pfns 0-3 are
 *     scanned and 3 and 1 are isolated (cc->migratepages: 3 at the head,
 *     then 1, as the list is built from pfn 0 up with list_add); migrate_pfn
 *     becomes 4 (block 1).
 *  3. compaction_alloc() runs isolate_freepages(): blocks 15..8 are wholly
 *     free (a free order-2+ chunk: not a suitable target), block 7 gives
 *     pfn 28 (stride 32 after the empty blocks), block 6 gives pfn 24 and
 *     there are 2 free pages for 2 sources: the scan stops at pfn 25, so
 *     cc->free_pfn = 25 (block 6). Destinations: pfns 28 and 24 (blocks
 *     7 and 6).
 *  4. migrate_pages(): both move; the sources are freed (block 0 empty).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "tui/app.h"
#include "tui/view.h"
#include "tui/view_int.h"
#include "unit.h"

static const char tiny_compact[] =
	"name: tiny compaction\n"
	"machine:\n"
	"  max_order: 4\n"
	"  pageblock_order: 2\n"
	"  zones: [{name: Normal, pages: 64}]\n"
	"steps:\n"
	"  - alloc: {type: movable, order: 0, count: 32, tag: M}\n"
	"  - free: {tag: M, every: 2}\n";

struct cfix {
	struct scenario *sc;
	struct app a;
	struct ui ui;
	struct view v;
};

static bool cf_setup(struct cfix *f)
{
	memset(f, 0, sizeof(*f));
	struct diag_list d = { 0 };
	f->sc = scenario_load_text("t.yaml", tiny_compact, strlen(tiny_compact), NULL, &d);
	diag_list_clear(&d);
	if (!f->sc || !app_init(&f->a, f->sc)) {
		CHECK(!"setup");
		return false;
	}
	ui_init(&f->ui, &f->a);
	view_init(&f->v);
	app_goto(&f->a, 2, 1);
	return true;
}

static void cf_teardown(struct cfix *f)
{
	view_fini(&f->v);
	app_fini(&f->a);
	scenario_free(f->sc);
}

static bool start(struct cfix *f)
{
	struct step_compact c = { .order = -1, .mode = -1, .zone = f->a.zones[0].id, .max_migrate = 0 };
	return app_compact_start(&f->a, &c, 1);
}

/* The marks on block b's cell, read from the built screen. */
static unsigned cell_marks(struct cfix *f, uint64_t b)
{
	view_build_main(&f->v, &f->a, &f->ui, 100, 40, 1);
	const struct main_layout *l = &f->v.lay;
	uint64_t line;
	int col;
	grid_locate(&l->g, b, &line, &col);
	int row = l->grid_top + (int)(line - f->ui.scroll);
	const struct view_row *r = &f->v.rows[row];
	if (r->kind != ROW_CELLS || col >= r->ncells) {
		CHECK(!"block cell not on screen");
		return 0;
	}
	return r->cells[col].marks;
}

static int row_with(struct cfix *f, const char *needle)
{
	for (int i = 0; i < f->v.nrows; i++)
		if (strstr(f->v.rows[i].text, needle))
			return i;
	return -1;
}

/* The compaction panel's first row, or -1 (after a view_build_main). */
static int find_panel(struct cfix *f)
{
	view_build_main(&f->v, &f->a, &f->ui, 100, 40, 1);
	for (int i = 0; i < f->v.nrows; i++)
		if (strncmp(f->v.rows[i].text, "Compaction Normal", 17) == 0)
			return i;
	return -1;
}

static uint64_t blocks_with(struct cfix *f, int mark)
{
	uint64_t set = 0;
	for (uint64_t b = 0; b < 16; b++)
		if (cell_marks(f, b) & (1u << mark))
			set |= 1ull << b;
	return set;
}

UNIT_TEST(compact_view_scanner_marks_by_hand)
{
	struct cfix f;
	if (!cf_setup(&f))
		return;
	/* Nothing is drawn before a compaction. */
	CHECK_EQ_INT(blocks_with(&f, GM_SCAN_MIGRATE), 0);
	CHECK(start(&f));
	CHECK(app_compact_stepping(&f.a));
	/* 1: the scanners at both ends of the zone. */
	CHECK_EQ_INT(blocks_with(&f, GM_SCAN_MIGRATE), 1ull << 0);
	CHECK_EQ_INT(blocks_with(&f, GM_SCAN_FREE), 1ull << 15);
	CHECK(find_panel(&f) >= 0);
	/* 2: block 0's pages 1 and 3 isolated, the migrate scanner at block 1. */
	CHECK(app_compact_more(&f.a, 2));
	CHECK_EQ_INT(blocks_with(&f, GM_SCAN_MIGRATE), 1ull << 1);
	CHECK_EQ_INT(blocks_with(&f, GM_ISOLATED), 1ull << 0);
	CHECK_EQ_INT(blocks_with(&f, GM_DEST), 0);
	uint64_t other;
	CHECK_EQ_INT(compact_page_mark(&f.a, 1, &other), CPM_SOURCE);
	CHECK_EQ_INT(compact_page_mark(&f.a, 3, &other), CPM_SOURCE);
	CHECK_EQ_INT(compact_page_mark(&f.a, 2, &other), CPM_NONE);
	/* 3: the free scanner fell to block 6 (free_pfn 25); destinations in
	 * blocks 7 and 6; the sources still isolated. */
	CHECK(app_compact_more(&f.a, 3));
	struct compact_state cs;
	machine_compact_state(f.a.m, &cs);
	CHECK_EQ_INT(cs.free_pfn, 25);
	CHECK_EQ_INT(cs.migrate_pfn, 4);
	CHECK_EQ_INT(blocks_with(&f, GM_SCAN_FREE), 1ull << 6);
	CHECK_EQ_INT(blocks_with(&f, GM_DEST), (1ull << 7) | (1ull << 6));
	CHECK_EQ_INT(blocks_with(&f, GM_ISOLATED), 1ull << 0);
	int k28 = compact_page_mark(&f.a, 28, &other);
	CHECK(k28 == CPM_DEST || k28 == CPM_ISOFREE);
	/* The block view names them: pfn 3 (the list head) goes to 28, pfn 1
	 * to 24 (compaction_alloc() hands out the free pages in the order
	 * the free scanner isolated them). */
	f.ui.cursor = 0;
	view_build_detail(&f.v, &f.a, &f.ui, 100, 40, 1);
	CHECK(row_with(&f, "[1 M#1 M isolated source -> 24]") >= 0);
	CHECK(row_with(&f, "[3 M#3 M isolated source -> 28]") >= 0);
	f.ui.cursor = 7;
	view_build_detail(&f.v, &f.a, &f.ui, 100, 40, 1);
	CHECK(row_with(&f, "[28 destination <- 3]") >= 0);
	/* 4: both moved: block 0 is free, the pages sit at 28 and 24. */
	CHECK(app_compact_more(&f.a, 4));
	CHECK_EQ_INT(blocks_with(&f, GM_ISOLATED), 0);
	CHECK_EQ_INT(blocks_with(&f, GM_DEST), (1ull << 7) | (1ull << 6));
	CHECK_EQ_INT(compact_page_mark(&f.a, 28, &other), CPM_MOVED);
	CHECK_EQ_INT(compact_page_mark(&f.a, 24, &other), CPM_MOVED);
	struct alloc_info ai;
	CHECK(machine_alloc_at(f.a.m, 28, &ai));
	CHECK(!machine_alloc_at(f.a.m, 3, &ai));
	cf_teardown(&f);
}

static uint64_t fingerprint(const struct machine *m)
{
	uint64_t h = 1469598103934665603ull;
	for (uint64_t b = 0; b < machine_nblocks(m); b++) {
		struct block_info bi;
		machine_block_info(m, b, &bi);
		h = (h ^ (bi.free + 7u * bi.type + 131u * bi.alloc[MT_MOVABLE])) * 1099511628211ull;
	}
	struct compact_state cs;
	machine_compact_state(m, &cs);
	h = (h ^ cs.migrate_pfn) * 1099511628211ull;
	h = (h ^ cs.free_pfn) * 1099511628211ull;
	h = (h ^ cs.nr_freepages) * 1099511628211ull;
	h = (h ^ (uint64_t)cs.active) * 1099511628211ull;
	return h;
}

UNIT_TEST(compact_view_undo_from_the_middle)
{
	struct cfix f;
	if (!cf_setup(&f))
		return;
	session_set_checkpoint_interval(f.a.s, 1);   /* checkpoints everywhere */
	uint64_t before = fingerprint(f.a.m);
	CHECK(start(&f));
	uint64_t fp[64];
	fp[1] = fingerprint(f.a.m);
	int n = 1;
	while (app_compact_stepping(&f.a) && n < 63) {
		CHECK(app_compact_more(&f.a, 1));
		fp[++n] = fingerprint(f.a.m);
	}
	CHECK(!app_compact_stepping(&f.a));
	CHECK(n > 6);
	/* Back through every engine step, each state as it was. */
	for (int k = n - 1; k >= 1; k--) {
		CHECK(app_back(&f.a, 1));
		CHECK_EQ_INT(fingerprint(f.a.m), fp[k]);
		CHECK_EQ_INT(app_pos(&f.a), 3);
	}
	/* One more: before the compaction. */
	CHECK(app_back(&f.a, 1));
	CHECK_EQ_INT(app_pos(&f.a), 2);
	CHECK_EQ_INT(fingerprint(f.a.m), before);
	/* Forward again: the step replays with 1 engine step, then more. */
	CHECK(app_forward(&f.a, 1));
	CHECK_EQ_INT(fingerprint(f.a.m), fp[1]);
	CHECK(app_compact_stepping(&f.a));
	CHECK(app_compact_more(&f.a, 1));
	CHECK_EQ_INT(fingerprint(f.a.m), fp[2]);
	/* A hand-made step finishes it first: the same end as a whole run. */
	char err[128];
	CHECK(app_run_text(&f.a, "alloc: {type: unmovable, order: 0, tag: U}", 1, err, sizeof(err)));
	CHECK(!app_compact_stepping(&f.a));
	CHECK(app_back(&f.a, 1));
	CHECK_EQ_INT(fingerprint(f.a.m), fp[n]);
	cf_teardown(&f);
}

UNIT_TEST(compact_view_stepped_equals_whole)
{
	struct cfix f, g;
	if (!cf_setup(&f))
		return;
	if (!cf_setup(&g)) {
		cf_teardown(&f);
		return;
	}
	char err[128];
	CHECK(app_run_text(&g.a, "compact: {order: -1, zone: Normal}", 1, err, sizeof(err)));
	CHECK(start(&f));
	CHECK(app_compact_more(&f.a, 1));
	CHECK(app_compact_finish(&f.a, 1));
	CHECK_EQ_INT(fingerprint(f.a.m), fingerprint(g.a.m));
	struct compact_counters x, y;
	machine_compact_counters(f.a.m, &x);
	machine_compact_counters(g.a.m, &y);
	CHECK_EQ_INT(x.compact_migrated, y.compact_migrated);
	CHECK_EQ_INT(x.compact_migrate_scanned, y.compact_migrate_scanned);
	CHECK_EQ_INT(x.compact_free_scanned, y.compact_free_scanned);
	/* The panel says how it ended. */
	view_build_main(&f.v, &f.a, &f.ui, 100, 40, 1);
	CHECK(find_panel(&f) >= 0);
	bool ended = false;
	for (int i = 0; i < f.v.nrows; i++)
		if (strstr(f.v.rows[i].text, "the scanners met"))
			ended = true;
	CHECK(ended);
	cf_teardown(&g);
	cf_teardown(&f);
}

UNIT_TEST(compact_view_narrow_cells_show_the_first_mark)
{
	struct view_cell c[2];
	memset(c, 0, sizeof(c));
	c[0].kind = c[1].kind = CELL_BLOCK;
	c[0].marks = (uint8_t)((1u << GM_SCAN_FREE) | (1u << GM_SKIP));
	struct view_row r;
	memset(&r, 0, sizeof(r));
	r.kind = ROW_CELLS;
	r.cells = c;
	r.ncells = 2;
	r.cw = 2;
	r.ch = 1;
	uint8_t code[8];
	int16_t cell[8];
	int n = grid_paint_row(&r, code, cell, 8);
	CHECK_EQ_INT(n, 4);
	CHECK_EQ_INT(code[0], P_LETTER);
	CHECK_EQ_INT(code[1], P_MARK0 + GM_SCAN_FREE);
	CHECK_EQ_INT(code[2], P_LETTER);
	CHECK(code[3] == P_FREE);
	/* Wide cells: the marks in a row from the third column. */
	r.cw = 8;
	r.ncells = 1;
	uint8_t wide[8];
	n = grid_paint_row(&r, wide, cell, 8);
	CHECK_EQ_INT(wide[2], P_MARK0 + GM_SCAN_FREE);
	CHECK_EQ_INT(wide[3], P_MARK0 + GM_SKIP);
}

UNIT_TEST(compact_view_save_finishes_the_compaction)
{
	struct cfix f;
	if (!cf_setup(&f))
		return;
	char dir[] = "/tmp/buddyviz-cview-XXXXXX", name[256], err[256];
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		cf_teardown(&f);
		return;
	}
	CHECK(start(&f));
	CHECK(app_compact_more(&f.a, 1));
	/* What S does: finish, then save; the file replays to this state. */
	CHECK(app_compact_finish(&f.a, 1));
	CHECK(app_save(&f.a, dir, name, sizeof(name), err, sizeof(err)));
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load(path, NULL, &d);
	diag_list_clear(&d);
	CHECK(sc != NULL);
	if (sc) {
		CHECK_EQ_INT(sc->nsteps, 3);
		CHECK_EQ_INT(sc->steps[2].kind, STEP_COMPACT);
		CHECK_EQ_INT(sc->steps[2].u.compact.substeps, 0);
		struct machine *m = machine_create(&sc->cfg);
		struct step_result res = { 0 };
		for (size_t i = 0; i < sc->nsteps; i++) {
			step_run(m, &sc->steps[i], &res);
			step_result_clear(&res);
		}
		CHECK_EQ_INT(fingerprint(m), fingerprint(f.a.m));
		machine_destroy(m);
		scenario_free(sc);
	}
	unlink(path);
	rmdir(dir);
	cf_teardown(&f);
}
