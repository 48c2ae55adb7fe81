/* Issue 7's view model without a terminal: grid levels and fitting, cell
 * paint codes (letter, fill bar, mixed mark on a full cell, changed mark,
 * cursor frame, overlays), the why panel's arithmetic, the event search,
 * the chunk spans and free lists, the plots, per-zone indexes, and the
 * engine's progress/cancel API (a cancelled step leaves no trace; an
 * uncancelled one equals step_run). */
#include <stdlib.h>
#include <string.h>

#include "engine/session.h"
#include "scenario/scenario.h"
#include "tui/app.h"
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

struct fx {
	struct scenario *sc;
	struct app a;
	struct ui ui;
	struct view v;
};

static bool fx_setup(struct fx *f, const char *yaml)
{
	memset(f, 0, sizeof(*f));
	f->sc = load(yaml);
	if (!f->sc || !app_init(&f->a, f->sc))
		return false;
	ui_init(&f->ui, &f->a);
	view_init(&f->v);
	return true;
}

static void fx_teardown(struct fx *f)
{
	view_fini(&f->v);
	app_fini(&f->a);
	scenario_free(f->sc);
}

static int find(const struct view *v, const char *needle)
{
	for (int i = 0; i < v->nrows; i++)
		if (strstr(v->rows[i].text, needle))
			return i;
	return -1;
}

static const char tour64[] =
	"name: small\n"
	"machine:\n"
	"  zones: [{name: Normal, size: 64M}]\n"
	"steps:\n"
	"  - alloc: {type: movable, order: 0, tag: M}\n"
	"  - alloc: {type: unmovable, order: 0, tag: U}\n";

/* The grid fills the window: at 200x55 the 32 blocks of a 64 MiB zone are
 * wide, tall cells in rows of 8 using most of the width. */
UNIT_TEST(teach_grid_fills_a_big_window)
{
	struct fx f;
	if (!fx_setup(&f, tour64))
		return;
	view_build_main(&f.v, &f.a, &f.ui, 200, 55, 0);
	const struct grid_zone *z = &f.v.lay.g.z[0];
	CHECK_EQ_INT(z->zoom, 0);
	CHECK(z->cw >= 20);
	CHECK(z->ch >= 3);
	CHECK_EQ_INT(z->cols, 8);
	CHECK(z->cols * (z->cw + z->gap) >= 180);
	CHECK(f.v.lay.grid_rows >= 20);
	CHECK(f.v.lay.legend_row >= 0);
	/* Every row fits. */
	for (int i = 0; i < f.v.nrows; i++)
		CHECK(view_row_width(&f.v.rows[i]) <= 200);
	fx_teardown(&f);
}

/* Levels run from zoomed out to big cells; fitting shrinks the zone that
 * takes most lines, so a small zone keeps big cells next to a big one. */
UNIT_TEST(teach_levels_and_per_zone_fit)
{
	struct grid_level lv[GRID_LEVELS_MAX];
	int n = grid_levels(8192, 200, 5, lv, GRID_LEVELS_MAX);
	CHECK(n > 3);
	CHECK(lv[0].zoom > 0);
	for (int i = 1; i < n; i++) {
		CHECK(lv[i].zoom <= lv[i - 1].zoom);
		if (lv[i].zoom == 0 && lv[i - 1].zoom == 0)
			CHECK(lv[i].cw * lv[i].ch >= lv[i - 1].cw * lv[i - 1].ch);
		CHECK(lv[i].cw <= GRID_CW_MAX);
	}
	static const char two[] = "name: two\n"
				  "machine:\n"
				  "  zones: [{name: DMA, size: 16M}, {name: Normal, size: 16G}]\n"
				  "steps: []\n";
	struct fx f;
	if (!fx_setup(&f, two))
		return;
	view_build_main(&f.v, &f.a, &f.ui, 120, 40, 0);
	const struct grid_layout *g = &f.v.lay.g;
	CHECK_EQ_INT(g->nzones, 2);
	CHECK(g->z[0].cw > 1);         /* 8 DMA blocks: wide cells */
	CHECK(g->z[1].zoom > 0);       /* 8192 Normal blocks: zoomed out */
	CHECK(g->nlines <= (uint64_t)f.v.lay.grid_rows);
	/* + on the Normal zone: one level bigger, the DMA zone fits around. */
	f.ui.cursor = g->z[1].first;
	f.ui.level[1] = g->z[1].level + 1;
	view_build_main(&f.v, &f.a, &f.ui, 120, 40, 0);
	CHECK_EQ_INT(f.v.lay.g.z[1].level, f.ui.level[1]);
	fx_teardown(&f);
}

static int count_code(const uint8_t *c, int n, int code)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		k += c[i] == code;
	return k;
}

/* Paint codes: letter first, a fill bar from the left, the mixed mark on
 * a full cell, the changed mark, the cursor frame in the gaps, overlays. */
UNIT_TEST(teach_cell_paint_codes)
{
	struct view_cell cells[3];
	memset(cells, 0, sizeof(cells));
	for (int i = 0; i < 3; i++) {
		cells[i].kind = CELL_BLOCK;
		cells[i].type = MT_MOVABLE;
		cells[i].other = 0xff;
	}
	cells[0].flags = CF_USED | CF_MIXED;   /* full and mixed */
	cells[0].fill8 = 255;
	cells[0].other = MT_UNMOVABLE;
	cells[1].flags = CF_USED | CF_CHANGED | CF_CURSOR;
	cells[1].fill8 = 128;
	cells[1].marks = 1u << GM_SCAN_FREE;
	struct view_row r;
	memset(&r, 0, sizeof(r));
	r.kind = ROW_CELLS;
	r.cells = cells;
	r.ncells = 3;
	r.cw = 10;
	r.gap = 1;
	r.ch = 1;
	uint8_t code[64];
	int16_t cell[64];
	int n = grid_paint_row(&r, code, cell, 64);
	CHECK_EQ_INT(n, 3 * 11 + 0);
	/* Cell 0: gap, letter, 8 used, mixed mark last. */
	CHECK_EQ_INT(code[0], P_FRAME_R == code[0] ? P_FRAME_R : P_GAP);
	CHECK_EQ_INT(code[1], P_LETTER);
	CHECK_EQ_INT(code[10], P_MIXED);
	CHECK_EQ_INT(count_code(code + 1, 10, P_USED), 8);
	/* Cell 1: framed, changed mark, half used, the overlay mark. */
	CHECK_EQ_INT(code[11], P_FRAME_L);
	CHECK_EQ_INT(code[12], P_LETTER);
	CHECK_EQ_INT(code[13], P_CHANGED);
	CHECK_EQ_INT(code[22], P_FRAME_R);
	CHECK_EQ_INT(count_code(code + 12, 10, P_MARK0 + GM_SCAN_FREE), 1);
	CHECK(count_code(code + 12, 10, P_USED) >= 2);
	/* Cell 2: free: letter then free columns only. */
	CHECK_EQ_INT(code[23], P_LETTER);
	CHECK_EQ_INT(count_code(code + 23, 10, P_FREE), 9);
	/* One-column cells: one code each, no gaps. */
	r.cw = 1;
	r.gap = 0;
	n = grid_paint_row(&r, code, cell, 64);
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(count_code(code, 3, P_NARROW), 3);
}

/* The why panel of the refused claim and the steal of example (e). */
static const char e1[] =
	"name: e1\n"
	"machine:\n"
	"  zones: [{name: Normal, size: 1G}]\n"
	"steps:\n"
	"  - alloc: {type: movable, order: 0, count: 262144, tag: M}\n"
	"  - free: {tag: M, every: 4}\n"
	"  - alloc: {type: unmovable, order: 0, tag: U}\n";

UNIT_TEST(teach_why_panel_arithmetic_and_search)
{
	struct fx f;
	if (!fx_setup(&f, e1))
		return;
	CHECK(app_goto(&f.a, 3, 1));
	uint64_t b, e;
	CHECK(view_log_fallback(&f.a, f.a.sum.end - 1, &b, &e));
	char lines[16][200];
	int n = view_why_lines(&f.a, b, e, lines, 16);
	CHECK(n >= 6);
	bool row = false, gap = false, refused = false, steal = false, chosen = false;
	for (int i = 0; i < n; i++) {
		row |= strstr(lines[i], "fallbacks[Unmovable] = {Reclaimable, Movable}") != NULL;
		gap |= strstr(lines[i], "orders 10-1: no free chunk") != NULL;
		refused |= strstr(lines[i], "order 0: Movable block 511: 128 free + 0 alike < 256: refused") != NULL;
		steal |= strstr(lines[i], "order 0: Movable chunk: pfn 262140 taken; block 511 stays Movable") != NULL;
		chosen |= strstr(lines[i], "chosen: pfn 262140 from the Movable order-0 list") != NULL;
	}
	CHECK(row && gap && refused && steal && chosen);
	/* Search by kind, pfn, block and words. */
	int hits_kind = 0, hits_pfn = 0, hits_block = 0;
	for (uint64_t q = f.a.sum.first_kept; q < f.a.sum.end; q++) {
		hits_kind += view_log_match(&f.a, q, "claim-refused");
		hits_pfn += view_log_match(&f.a, q, "pfn 262140");
		hits_block += view_log_match(&f.a, q, "block 511");
	}
	CHECK_EQ_INT(hits_kind, 1);
	CHECK(hits_pfn >= 2);
	CHECK(hits_block >= 2);
	CHECK(!view_log_match(&f.a, f.a.sum.first_kept, "no such words"));
	/* The log screen at 80x24 shows the decisive line. */
	f.ui.screen = SCREEN_LOG;
	f.ui.log_sel = e;
	view_build_log(&f.v, &f.a, &f.ui, 80, 24);
	CHECK(find(&f.v, "128 free + 0 alike < 256: refused") >= 0);
	/* The block view: chunk spans and the free list head. */
	f.ui.screen = SCREEN_DETAIL;
	f.ui.cursor = 511;
	view_build_detail(&f.v, &f.a, &f.ui, 100, 40, 0);
	CHECK(find(&f.v, "Buddy chunks: [261632 free o0] [261633 M#261633 M]") >= 0);
	CHECK(find(&f.v, "head 262136* -> ") >= 0);
	fx_teardown(&f);
}

/* Plots and per-zone indexes follow the position, back and forth. */
UNIT_TEST(teach_plots_and_zone_indexes)
{
	struct fx f;
	if (!fx_setup(&f, e1))
		return;
	CHECK(app_goto(&f.a, 3, 1));
	CHECK_EQ_INT(f.a.samples[0].free_pages, 262144);
	CHECK_EQ_INT(f.a.samples[1].free_pages, 0);
	CHECK_EQ_INT(f.a.samples[2].free_pages, 65536);
	CHECK_EQ_INT(f.a.samples[3].steals, 1);
	CHECK_EQ_INT(f.a.samples[3].mixed, 1);
	CHECK_EQ_INT(f.a.samples[2].unusable[0], 1000);
	/* One zone: the zone's indexes equal the machine's. */
	CHECK_EQ_INT(zone_extfrag_index(&f.a.cur, 0, 10, 9), f.a.cur.st.v[STAT_EXTFRAG_INDEX]);
	CHECK_EQ_INT(zone_unusable_index(&f.a.cur, 0, 10, 9), f.a.cur.st.v[STAT_UNUSABLE_INDEX]);
	f.ui.plots = 1;
	view_build_main(&f.v, &f.a, &f.ui, 100, 40, 0);
	int r = find(&f.v, "Over the steps 0-3");
	CHECK(r >= 0);
	CHECK(find(&f.v, "steals (total)") >= 0);
	CHECK(app_back(&f.a, 2));
	view_build_main(&f.v, &f.a, &f.ui, 100, 40, 0);
	CHECK(find(&f.v, "Over the steps 0-2") >= 0);
	fx_teardown(&f);
}

/* Change marks stay until the next move that changes memory. */
UNIT_TEST(teach_change_marks_survive_quiet_steps)
{
	static const char y[] = "name: q\n"
				"machine:\n"
				"  zones: [{name: Normal, size: 64M}]\n"
				"steps:\n"
				"  - alloc: {type: unmovable, order: 0, tag: U}\n"
				"  - say: hello\n"
				"  - pause\n"
				"  - alloc: {type: movable, order: 0, tag: M}\n";
	struct fx f;
	if (!fx_setup(&f, y))
		return;
	CHECK(app_forward(&f.a, 1));
	CHECK(app_forward(&f.a, 2));
	CHECK(app_forward(&f.a, 3));
	struct view_cell c;
	view_block_cell(&f.a, 0, 1, 0, &c);   /* the claim made blocks 0-1 Unmovable */
	CHECK(c.flags & CF_CHANGED);
	CHECK(app_forward(&f.a, 4));
	view_block_cell(&f.a, 0, 1, 0, &c);
	CHECK(!(c.flags & CF_CHANGED));
	fx_teardown(&f);
}

struct cancel_at {
	uint64_t at, calls;
};

static bool cancel_cb(void *ctx, uint64_t done, uint64_t total)
{
	struct cancel_at *c = ctx;
	(void)total;
	c->calls++;
	return done < c->at;
}

/* step_run_progress: uncancelled, the same machine as step_run; cancelled,
 * the session is back where it was, also for an inserted step. */
UNIT_TEST(teach_step_progress_and_cancel)
{
	static const char y[] = "name: p\n"
				"machine:\n"
				"  zones: [{name: Normal, size: 64M}]\n"
				"steps:\n"
				"  - alloc: {type: unmovable, order: 0, count: 7, tag: U}\n"
				"  - workload: {ops: 5000, orders: {0: 0.7, 2: 0.3}, free_ratio: 0.4, tag: w}\n";
	struct scenario *sc = load(y);
	if (!sc)
		return;
	struct session *a = session_create(&sc->cfg, sc->steps, sc->nsteps, true);
	struct session *b = session_create(&sc->cfg, sc->steps, sc->nsteps, true);
	CHECK(a && b);
	if (!a || !b)
		return;
	struct cancel_at never = { UINT64_MAX, 0 };
	struct step_progress p = { cancel_cb, &never, 1 };
	bool cancelled;
	CHECK(session_forward(a));
	CHECK(session_forward_progress(b, &p, &cancelled));
	CHECK(!cancelled);
	CHECK_EQ_INT(never.calls, 7);
	CHECK(session_forward(a));
	p.every = 100;
	CHECK(session_forward_progress(b, &p, &cancelled));
	struct machine_stats sa, sb;
	machine_stats(session_machine(a), &sa);
	machine_stats(session_machine(b), &sb);
	CHECK(memcmp(&sa, &sb, sizeof(sa)) == 0);
	char msg[256];
	CHECK(machine_check(session_machine(b), msg, sizeof(msg)));
	/* Back one, then cancel the workload half way: step 1's state. */
	CHECK(session_back(b));
	struct machine_stats s1;
	machine_stats(session_machine(b), &s1);
	struct cancel_at half = { 2500, 0 };
	p = (struct step_progress){ cancel_cb, &half, 1 };
	CHECK(!session_forward_progress(b, &p, &cancelled));
	CHECK(cancelled);
	CHECK_EQ_INT(session_pos(b), 1);
	struct machine_stats s2;
	machine_stats(session_machine(b), &s2);
	CHECK(memcmp(&s1, &s2, sizeof(s1)) == 0);
	/* An inserted step cancelled leaves the timeline. */
	size_t total = session_total(b);
	struct step st = sc->steps[1];
	half.at = 10;
	CHECK(!session_insert_progress(b, &st, &p, &cancelled));
	CHECK(cancelled);
	CHECK_EQ_INT(session_total(b), total);
	CHECK_EQ_INT(session_pos(b), 1);
	/* And the timeline still runs to the same end. */
	CHECK(session_forward(b));
	machine_stats(session_machine(b), &sb);
	CHECK(memcmp(&sa, &sb, sizeof(sa)) == 0);
	session_destroy(a);
	session_destroy(b);
	scenario_free(sc);
}

/* Quitting asks only while a hand-made step among those run is unsaved. */
UNIT_TEST(teach_unsaved_hand_made_steps)
{
	struct fx f;
	if (!fx_setup(&f, tour64))
		return;
	char err[256];
	CHECK(!app_unsaved(&f.a));
	CHECK(app_forward(&f.a, 1));
	CHECK(app_run_text(&f.a, "alloc: {type: movable, order: 2, tag: h}", 2, err, sizeof(err)));
	CHECK(app_unsaved(&f.a));
	CHECK(app_back(&f.a, 3));          /* the hand-made step is not run any more */
	CHECK(!app_unsaved(&f.a));
	CHECK(app_forward(&f.a, 4));
	CHECK(app_unsaved(&f.a));
	app_mark_saved(&f.a);
	CHECK(!app_unsaved(&f.a));
	CHECK(app_forward(&f.a, 5));       /* a scenario step after the save */
	CHECK(!app_unsaved(&f.a));
	CHECK(app_run_text(&f.a, "free: {tag: h}", 6, err, sizeof(err)));
	CHECK(app_unsaved(&f.a));
	fx_teardown(&f);
}
