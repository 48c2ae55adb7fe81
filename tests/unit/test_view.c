/* View-model tests: the TUI's screen as data, without a terminal.
 * Layout at 80x24, cells against the engine, change highlights, history,
 * zoom, cursor motion, the too-small notice, the help from the key table,
 * the command path (errors change nothing) and the save round trip. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/scenario.h"
#include "tui/app.h"
#include "tui/tui.h"
#include "tui/view.h"
#include "unit.h"

static struct scenario *load(const char *yaml)
{
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load_text("test.yaml", yaml, strlen(yaml), NULL, &d);
	for (size_t i = 0; i < d.n; i++)
		unit_fail(__FILE__, __LINE__, "scenario: %s", d.lines[i]);
	diag_list_clear(&d);
	return sc;
}

static const char one_gib[] =
	"name: view test\n"
	"steps:\n"
	"  - say: first caption\n"
	"  - alloc: {type: unmovable, order: 0, tag: U}\n"
	"  - pause\n"
	"  - alloc: {type: reclaimable, order: 3, count: 4, tag: R}\n";

/* A tiny machine: 64 pages, 16 blocks of 4 pages. */
static const char tiny[] =
	"name: tiny\n"
	"machine:\n"
	"  max_order: 4\n"
	"  pageblock_order: 2\n"
	"  zones: [{name: Normal, pages: 64}]\n"
	"steps:\n"
	"  - alloc: {type: movable, order: 0, count: 6, tag: M}\n"
	"  - alloc: {type: unmovable, order: 0, tag: U}\n"
	"  - free: {tag: M, every: 2}\n";

struct fixture {
	struct scenario *sc;
	struct app a;
	struct ui ui;
	struct view v;
};

static bool setup(struct fixture *f, const char *yaml)
{
	memset(f, 0, sizeof(*f));
	f->sc = load(yaml);
	if (!f->sc || !app_init(&f->a, f->sc))
		return false;
	ui_init(&f->ui, &f->a);
	view_init(&f->v);
	return true;
}

static void teardown(struct fixture *f)
{
	view_fini(&f->v);
	app_fini(&f->a);
	scenario_free(f->sc);
}

static int find_row(const struct view *v, const char *needle)
{
	for (int i = 0; i < v->nrows; i++)
		if (strstr(v->rows[i].text, needle))
			return i;
	return -1;
}

static bool has_role(const struct view_row *r, int role)
{
	for (int i = 0; i < r->nsegs; i++)
		if (r->segs[i].role == role)
			return true;
	return false;
}

UNIT_TEST(view_layout_80x24_fits_1gib_at_one_block_per_cell)
{
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 1000);
	const struct main_layout *l = &f.v.lay;
	CHECK(!f.v.too_small);
	CHECK_EQ_INT(l->g.z[0].zoom, 0);
	CHECK_EQ_INT(l->g.z[0].cols, 64);
	CHECK_EQ_INT(l->g.z[0].cw, 1);
	CHECK_EQ_INT(l->g.labelw, 4);
	CHECK_EQ_INT(l->grid_rows, 9);       /* zone label + 8 rows */
	CHECK(l->status_row == 23);
	CHECK(l->nevents >= 3);
	/* The zone label on its own line, then 8 rows of 64 cells. */
	CHECK(strstr(f.v.rows[l->grid_top].text, "Normal zone") != NULL);
	CHECK_EQ_INT(f.v.rows[l->grid_top].kind, ROW_TEXT);
	uint64_t blocks = 0;
	for (int i = 1; i < 9; i++) {
		const struct view_row *r = &f.v.rows[l->grid_top + i];
		CHECK_EQ_INT(r->kind, ROW_CELLS);
		CHECK_EQ_INT(r->ncells, 64);
		/* Row labels are digits (and spaces) only. */
		for (size_t k = 0; k < r->split; k++)
			CHECK(r->text[k] == ' ' || (r->text[k] >= '0' && r->text[k] <= '9'));
		CHECK_EQ_INT(atoi(r->text), (i - 1) * 64);
		for (int k = 0; k < r->ncells; k++) {
			CHECK_EQ_INT(r->cells[k].kind, CELL_BLOCK);
			CHECK_EQ_INT(r->cells[k].type, MT_MOVABLE);
			CHECK_EQ_INT(r->cells[k].fill, FILL_FREE);
		}
		blocks += (uint64_t)r->ncells;
	}
	CHECK_EQ_INT(blocks, 512);
	/* Cursor on block 0; the terminal's own cursor is hidden. */
	CHECK(f.v.rows[l->grid_top + 1].cells[0].flags & CF_CURSOR);
	CHECK_EQ_INT(f.v.cur_y, -1);
	/* Every row fits the width. */
	for (int i = 0; i < f.v.nrows; i++)
		CHECK(view_row_width(&f.v.rows[i]) <= 80);
	/* Header: name and step k/N. */
	CHECK(strstr(f.v.rows[0].text, "view test") != NULL);
	CHECK(strstr(f.v.rows[0].text, "step 0/4") != NULL);
	teardown(&f);
}

UNIT_TEST(view_cells_follow_the_engine_and_highlight_changes)
{
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	CHECK(app_forward(&f.a, 5000));   /* say */
	CHECK(app_forward(&f.a, 5000));   /* alloc unmovable: claims blocks 0-1 */
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 5100);
	const struct main_layout *l = &f.v.lay;
	const struct view_row *r = &f.v.rows[l->grid_top + 1];
	CHECK_EQ_INT(r->cells[0].type, MT_UNMOVABLE);
	CHECK(r->cells[0].flags & CF_USED);
	CHECK(r->cells[0].flags & CF_CHANGED);
	CHECK_EQ_INT(r->cells[0].fill, FILL_SOME);
	CHECK_EQ_INT(r->cells[1].type, MT_UNMOVABLE);
	CHECK(!(r->cells[1].flags & CF_USED));
	CHECK(!(r->cells[2].flags & CF_CHANGED));
	/* Every cell agrees with machine_block_info. */
	for (int i = 1; i < 9; i++) {
		const struct view_row *rr = &f.v.rows[l->grid_top + i];
		for (int k = 0; k < rr->ncells; k++) {
			struct block_info bi;
			machine_block_info(f.a.m, (uint64_t)((i - 1) * 64 + k), &bi);
			CHECK_EQ_INT(rr->cells[k].type, bi.type);
			CHECK_EQ_INT(!!(rr->cells[k].flags & CF_USED), bi.free < f.a.block_pages);
		}
	}
	/* The mark stays, whatever the time, until the next move that
	 * changes memory. */
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 5000 + 60000);
	CHECK(f.v.rows[l->grid_top + 1].cells[0].flags & CF_CHANGED);
	/* The caption is the last say; the table shows what changed. */
	CHECK(find_row(&f.v, "first caption") >= 0);
	int t = -1;
	for (int i = f.v.lay.table_top; i < f.v.nrows; i++)
		if (strncmp(f.v.rows[i].text, "Unmovable", 9) == 0)
			t = i;
	CHECK(t >= 0);
	if (t >= 0)
		CHECK(has_role(&f.v.rows[t], ROLE_CHANGED));
	/* The events name the kernel functions. */
	CHECK(find_row(&f.v, "try_to_steal_block") >= 0);
	teardown(&f);
}

UNIT_TEST(view_history_of_type_changes_follows_undo)
{
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	app_goto(&f.a, 2, 10);
	size_t idx[8];
	CHECK_EQ_INT(app_block_history(&f.a, 0, idx, 8), 1);
	CHECK_EQ_INT(f.a.hist[idx[0]].step, 2);
	CHECK_EQ_INT(f.a.hist[idx[0]].from, MT_MOVABLE);
	CHECK_EQ_INT(f.a.hist[idx[0]].to, MT_UNMOVABLE);
	CHECK(app_back(&f.a, 20));
	CHECK_EQ_INT(app_block_history(&f.a, 0, idx, 8), 0);
	CHECK(app_forward(&f.a, 30));
	CHECK_EQ_INT(app_block_history(&f.a, 0, idx, 8), 1);
	/* The detail view shows it. */
	f.ui.screen = SCREEN_DETAIL;
	view_build_detail(&f.v, &f.a, &f.ui, 80, 24, 40);
	CHECK(find_row(&f.v, "step 2: Movable -> Unmovable") >= 0);
	CHECK(find_row(&f.v, "U#0") >= 0);
	teardown(&f);
}

UNIT_TEST(view_back_and_forward_give_identical_views)
{
	struct fixture f;
	if (!setup(&f, tiny))
		return;
	app_goto(&f.a, 2, 10);
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 100000);
	struct view w;
	view_init(&w);
	CHECK(app_forward(&f.a, 200000));
	CHECK(app_back(&f.a, 200000));
	view_build_main(&w, &f.a, &f.ui, 80, 24, 300000);
	for (int i = f.v.lay.grid_top; i < f.v.lay.grid_top + f.v.lay.grid_rows; i++) {
		CHECK_EQ_STR(f.v.rows[i].text, w.rows[i].text);
		CHECK_EQ_INT(f.v.rows[i].ncells, w.rows[i].ncells);
		/* The same cells; the change marks now show what the undo changed. */
		if (f.v.rows[i].ncells == w.rows[i].ncells && w.rows[i].ncells > 0)
			for (int k = 0; k < w.rows[i].ncells; k++) {
				struct view_cell x = f.v.rows[i].cells[k], y = w.rows[i].cells[k];
				x.flags &= (uint8_t)~CF_CHANGED;
				y.flags &= (uint8_t)~CF_CHANGED;
				CHECK(memcmp(&x, &y, sizeof(x)) == 0);
			}
	}
	view_fini(&w);
	teardown(&f);
}

UNIT_TEST(view_too_small_shows_one_line_notice)
{
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	view_build_main(&f.v, &f.a, &f.ui, 79, 24, 0);
	CHECK(f.v.too_small);
	CHECK_EQ_STR(f.v.rows[0].text, "terminal too small (need 80x24)");
	for (int i = 1; i < f.v.nrows; i++)
		CHECK_EQ_INT(f.v.rows[i].len, 0);
	view_build_main(&f.v, &f.a, &f.ui, 80, 23, 0);
	CHECK(f.v.too_small);
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 0);
	CHECK(!f.v.too_small);
	teardown(&f);
}

UNIT_TEST(view_zoom_for_a_64gib_zone)
{
	static const char big[] =
		"name: big\n"
		"machine:\n"
		"  zones: [{name: Normal, size: 64G}]\n"
		"steps:\n"
		"  - alloc: {type: unmovable, order: 0, tag: U}\n";
	struct fixture f;
	if (!setup(&f, big))
		return;
	CHECK_EQ_INT(f.a.nblocks, 32768);
	app_forward(&f.a, 1);
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 2);
	const struct main_layout *l = &f.v.lay;
	int gz = l->g.z[0].zoom;
	CHECK(gz > 0);
	CHECK(l->g.nlines <= (uint64_t)l->grid_rows);
	/* Every block is behind exactly one cell. */
	uint64_t cells = 0;
	for (int i = 0; i < l->grid_rows; i++)
		if (f.v.rows[l->grid_top + i].kind == ROW_CELLS)
			cells += (uint64_t)f.v.rows[l->grid_top + i].ncells;
	CHECK_EQ_INT(cells << gz, 32768);
	/* The zoom is on screen. */
	char z[32];
	snprintf(z, sizeof(z), "zoom 1:%llu", 1ull << gz);
	CHECK(strstr(f.v.rows[0].text, z) != NULL);
	/* The first cell holds blocks 0-1 (Unmovable) among Movable ones:
	 * majority Movable, mixed, uppercase (some page in use). */
	const struct view_cell *c = &f.v.rows[l->grid_top + 1].cells[0];
	CHECK_EQ_INT(c->type, MT_MOVABLE);
	CHECK(c->flags & CF_MIXED);
	CHECK(c->flags & CF_USED);
	/* Zoomed in by hand: scrolling keeps the cursor visible. */
	f.ui.level[0] = 0;
	while (f.ui.level[0] < f.v.lay.g.z[0].nlevels) {
		view_build_main(&f.v, &f.a, &f.ui, 80, 24, 3);
		if (f.v.lay.g.z[0].zoom == 0)
			break;
		f.ui.level[0]++;
	}
	f.ui.cursor = 32767;
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 3);
	CHECK_EQ_INT(f.v.lay.g.z[0].zoom, 0);
	bool seen = false;
	for (int i = f.v.lay.grid_top; i < f.v.lay.grid_top + f.v.lay.grid_rows; i++)
		for (int k = 0; k < f.v.rows[i].ncells; k++)
			if (f.v.rows[i].cells[k].flags & CF_CURSOR)
				seen = true;
	CHECK(seen);
	CHECK(find_row(&f.v, "rows ") >= 0);
	teardown(&f);
}

/* The block detail's top line shows the grid's zoom, not 1:1. */
UNIT_TEST(view_detail_header_shows_the_grid_zoom)
{
	static const char big[] =
		"name: big\n"
		"machine:\n"
		"  zones: [{name: Normal, size: 64G}]\n"
		"steps:\n"
		"  - alloc: {type: unmovable, order: 0, tag: U}\n";
	struct fixture f;
	if (!setup(&f, big))
		return;
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 1);
	int zoom = f.v.lay.g.z[0].zoom;
	CHECK(zoom > 0);
	char z[32];
	snprintf(z, sizeof(z), "zoom 1:%llu ", 1ull << zoom);
	f.ui.screen = SCREEN_DETAIL;
	view_build_detail(&f.v, &f.a, &f.ui, 80, 24, 1);
	CHECK(strstr(f.v.rows[0].text, z) != NULL);
	teardown(&f);
}

UNIT_TEST(view_grid_cursor_motion)
{
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	struct grid_layout g;
	grid_layout_make(&f.a, 80, 0, &g);
	CHECK_EQ_INT(grid_move(&g, 0, -1, 0), 0);
	CHECK_EQ_INT(grid_move(&g, 63, 1, 0), 64);
	CHECK_EQ_INT(grid_move(&g, 5, 0, 1), 69);
	CHECK_EQ_INT(grid_move(&g, 5, 0, -1), 5);
	CHECK_EQ_INT(grid_move(&g, 509, 0, 1), 509);
	CHECK_EQ_INT(grid_move(&g, 511, 1, 0), 511);
	uint64_t b = UINT64_MAX;
	CHECK(!grid_block_at(&g, 0, 0, &b));    /* the zone label */
	CHECK(grid_block_at(&g, 2, 3, &b));
	CHECK_EQ_INT(b, 67);
	teardown(&f);
}

UNIT_TEST(view_mono_letters_rule_in_cells)
{
	/* The cell data carries what mono mode prints: the type (letter) and
	 * whether any page is in use (case), for the tiny machine. */
	struct fixture f;
	if (!setup(&f, tiny))
		return;
	app_goto(&f.a, 3, 1);
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 1);
	const struct main_layout *l = &f.v.lay;
	/* The 16 blocks in wide cells, several rows; each cell's first line
	 * in block order. */
	int n = 0;
	for (int i = l->grid_top; i < l->grid_top + l->grid_rows; i++) {
		const struct view_row *r = &f.v.rows[i];
		if (r->kind != ROW_CELLS || r->sub != 0)
			continue;
		CHECK(r->cw > 1);
		for (int k = 0; k < r->ncells; k++, n++) {
			struct block_info bi;
			machine_block_info(f.a.m, (uint64_t)n, &bi);
			CHECK_EQ_INT(r->cells[k].type, bi.type);
			CHECK_EQ_INT(!!(r->cells[k].flags & CF_USED), bi.free < 4);
			CHECK_EQ_INT(!!(r->cells[k].flags & CF_MIXED), bi.mixed);
		}
	}
	CHECK_EQ_INT(n, 16);
	teardown(&f);
}

static int dummy_action(struct tui *t)
{
	(void)t;
	return 0;
}

UNIT_TEST(view_help_lists_every_binding)
{
	static const struct binding b[] = {
		{ { ' ', 'n' }, SC_GRID, "Stepping", "run the next step", dummy_action, "next" },
		{ { TK_BACKSPACE, 'b' }, SC_GRID, "Stepping", "step back", dummy_action, "back" },
		{ { 'q' }, SC_ALL, "Other", "quit the program", dummy_action, "quit" },
	};
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	f.ui.bindings = b;
	f.ui.nbindings = 3;
	view_build_help(&f.v, &f.a, &f.ui, 80, 40);
	CHECK(find_row(&f.v, "space, n") >= 0);
	CHECK(find_row(&f.v, "run the next step") >= 0);
	CHECK(find_row(&f.v, "Backspace, b") >= 0);
	CHECK(find_row(&f.v, "quit the program") >= 0);
	CHECK(find_row(&f.v, "Unmovable (vermillion)") >= 0);
	CHECK(find_row(&f.v, "Isolate") >= 0);
	/* The status line hints come from the same table. */
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 0);
	CHECK(strstr(f.v.rows[23].text, "space next") != NULL);
	CHECK(strstr(f.v.rows[23].text, "q quit") != NULL);
	teardown(&f);
}

UNIT_TEST(view_command_errors_change_nothing)
{
	struct fixture f;
	if (!setup(&f, one_gib))
		return;
	char err[256] = "";
	size_t total = app_total(&f.a);
	CHECK(!app_run_text(&f.a, "alloc: {type: sideways}", 1, err, sizeof(err)));
	CHECK(strstr(err, "type") != NULL);
	CHECK_EQ_INT(app_pos(&f.a), 0);
	CHECK_EQ_INT(app_total(&f.a), total);
	CHECK(app_run_text(&f.a, "alloc: {type: movable, order: 2, tag: \"m\"}", 1, err, sizeof(err)));
	CHECK_EQ_INT(app_pos(&f.a), 1);
	CHECK_EQ_INT(app_total(&f.a), total + 1);
	uint64_t pfn;
	CHECK(app_first_alloc_in_block(&f.a, 0, &pfn));
	char text[64];
	snprintf(text, sizeof(text), "free: {pfn: %llu}", (unsigned long long)pfn);
	CHECK(app_run_text(&f.a, text, 2, err, sizeof(err)));
	CHECK(!app_first_alloc_in_block(&f.a, 0, &pfn));
	/* Back undoes a hand-made step like any other. */
	CHECK(app_back(&f.a, 3));
	CHECK(app_first_alloc_in_block(&f.a, 0, &pfn));
	teardown(&f);
}

UNIT_TEST(view_save_round_trip)
{
	struct fixture f;
	if (!setup(&f, tiny))
		return;
	char err[256], name[256], dir[] = "/tmp/buddyviz-view-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		teardown(&f);
		return;
	}
	app_goto(&f.a, 2, 1);
	CHECK(app_run_text(&f.a, "steal: {type: reclaimable, order: 0, tag: \"s\"}", 1, err, sizeof(err)));
	CHECK(app_save(&f.a, dir, name, sizeof(name), err, sizeof(err)));
	CHECK(strncmp(name, "buddyviz-session-", 17) == 0);
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load(path, NULL, &d);
	CHECK(sc != NULL);
	diag_list_clear(&d);
	if (sc) {
		CHECK_EQ_INT(sc->nsteps, 3);
		struct machine *m = machine_create(&sc->cfg);
		struct step_result res = { 0 };
		for (size_t i = 0; i < sc->nsteps; i++) {
			step_run(m, &sc->steps[i], &res);
			step_result_clear(&res);
		}
		for (uint64_t b = 0; b < f.a.nblocks; b++) {
			struct block_info x, y;
			machine_block_info(m, b, &x);
			machine_block_info(f.a.m, b, &y);
			CHECK_EQ_INT(x.type, y.type);
			CHECK_EQ_INT(x.free, y.free);
		}
		machine_destroy(m);
		scenario_free(sc);
	}
	unlink(path);
	rmdir(dir);
	teardown(&f);
}

UNIT_TEST(view_text_width_counts_columns)
{
	CHECK_EQ_INT(view_text_width("abc", true), 3);
	CHECK_EQ_INT(view_text_width("abc", false), 3);
	/* Two bytes, one column in UTF-8; two '?' otherwise. */
	CHECK_EQ_INT(view_text_width("\xc3\xa9", true), 1);
	CHECK_EQ_INT(view_text_width("\xc3\xa9", false), 2);
}

/* C1 control characters (U+0080-U+009F: NEL, DCS, CSI, ...) in scenario
 * text never reach the terminal raw: they show as spaces, like C0 ones. */
UNIT_TEST(view_c1_controls_show_as_spaces)
{
	static const char yaml[] =
		"name: \"a\\u0085b\\u009bc\"\n"
		"machine:\n"
		"  zones: [{name: Normal, pages: 2048}]\n"
		"steps:\n"
		"  - say: \"x\\u0090y\"\n";
	struct fixture f;
	if (!setup(&f, yaml))
		return;
	f.ui.utf8 = true;
	app_forward(&f.a, 1);
	view_build_main(&f.v, &f.a, &f.ui, 80, 24, 1);
	CHECK(strstr(f.v.rows[0].text, "a b c") != NULL);
	CHECK(find_row(&f.v, "x y") >= 0);
	for (int i = 0; i < f.v.nrows; i++)
		for (const unsigned char *p = (const unsigned char *)f.v.rows[i].text; *p; p++)
			if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
				unit_fail(__FILE__, __LINE__, "row %d holds a raw C1 control", i);
	teardown(&f);
}

UNIT_TEST(view_key_names_for_help)
{
	char b[32];
	tui_key_name(' ', b, sizeof(b));
	CHECK_EQ_STR(b, "space");
	tui_key_name(TK_BACKSPACE, b, sizeof(b));
	CHECK_EQ_STR(b, "Backspace");
	tui_key_name(TK_CTRL('L'), b, sizeof(b));
	CHECK_EQ_STR(b, "Ctrl-L");
	tui_key_name('G', b, sizeof(b));
	CHECK_EQ_STR(b, "G");
}

UNIT_TEST(view_user_guide_lists_every_key)
{
	/* docs/user-guide.md names every key of the table as `key`. */
	char *doc = unit_read_file("docs/user-guide.md");
	CHECK(doc != NULL);
	if (!doc)
		return;
	size_t nb;
	const struct binding *b = tui_bindings(&nb);
	CHECK(nb > 20);
	for (size_t i = 0; i < nb; i++)
		for (int k = 0; k < 3 && b[i].keys[k]; k++) {
			char name[32], quoted[40];
			tui_key_name(b[i].keys[k], name, sizeof(name));
			snprintf(quoted, sizeof(quoted), "`%s`", name);
			if (!strstr(doc, quoted))
				unit_fail(__FILE__, __LINE__, "docs/user-guide.md does not name the key %s (%s)", quoted,
					  b[i].help);
		}
	free(doc);
}
