/* The terminal interface: screens, the key table, the main loop.
 *
 * Every key is bound in one table (bindings[]) that drives both the
 * dispatch and the `?` screen. Each screen (grid, block detail, help) has
 * init/draw/key; keys return reaction flags (keys.h) that tell the loop
 * what to do. Hand-made steps (`:` and the quick keys) are text in YAML
 * flow form that goes through step_parse_text() like any scenario step.
 * No curses here: the terminal is tuiterm.h, the screen content view.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "app.h"
#include "keys.h"
#include "scenario/scenario.h"
#include "tui.h"
#include "tuiterm.h"
#include "view.h"

#define CMD_HISTORY 32
#define FRAME_MS 33          /* auto-run draws at most ~30 frames a second */
#define IDLE_MS 100          /* longest wait for a key (signals are polled) */
#define RUN_BUDGET_MS 25     /* engine time per frame at "max" speed */

struct screen {
	unsigned mask;          /* SC_*: which bindings apply */
	void (*init)(struct tui *t);
	void (*draw)(struct tui *t, uint64_t now);
	int (*key)(struct tui *t, int key);
};

struct tui {
	struct app app;
	struct ui ui;
	struct view view;
	int w, h;
	const struct screen *scr;
	char hist[CMD_HISTORY][UI_CMD_MAX];
	int nhist, hist_at;
	uint64_t next_step_ms;
	uint64_t run_t0, run_steps;  /* speeds above one step a frame: steps since run_t0 */
	struct tui_mouse mouse;
	int key;                 /* the key being handled */
	uint64_t now;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void status(struct tui *t, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void status(struct tui *t, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->ui.status, sizeof(t->ui.status), fmt, ap);
	va_end(ap);
	t->ui.status_role = role;
}

/* ---- moving the session (the engine may take a while: busy) ---------------- */

static bool move_forward(struct tui *t)
{
	term_set_busy(true);
	bool ok = app_forward(&t->app, now_ms());
	term_set_busy(false);
	return ok;
}

static int stop_running(struct tui *t)
{
	bool was = t->ui.running;
	t->ui.running = t->ui.to_end = false;
	return was ? R_REDRAW : R_NONE;
}

/* A failed expect of the step just run, in the status line as `run`
 * reports it on stderr. True if there was one. */
static bool report_expect(struct tui *t)
{
	const struct step_result *r = session_last_result(t->app.s);
	if (!r->nexpect_failed)
		return false;
	const struct expect_failure *f = &r->expect_failed[0];
	char more[32] = "";
	if (r->nexpect_failed > 1)
		snprintf(more, sizeof(more), " (+%zu more)", r->nexpect_failed - 1);
	status(t, ROLE_ERROR, "step %zu: expect failed: %s: expected %lld, got %lld%s", app_pos(&t->app),
	       stat_name(f->item->key), (long long)f->item->value, (long long)f->got, more);
	return true;
}

/* Runs a hand-made step given as text; errors go to the status line. */
static int run_text(struct tui *t, const char *text)
{
	char err[512];
	stop_running(t);
	term_set_busy(true);
	bool ok = app_run_text(&t->app, text, now_ms(), err, sizeof(err));
	term_set_busy(false);
	if (!ok) {
		status(t, ROLE_ERROR, "error: %s; nothing changed (%s)", err, text);
		return R_REDRAW;
	}
	if (!report_expect(t))
		status(t, ROLE_OK, "ran step %zu: %s", app_pos(&t->app), text);
	return R_MOVED;
}

/* ---- actions: stepping --------------------------------------------------- */

static int act_next(struct tui *t)
{
	stop_running(t);
	if (!move_forward(t)) {
		status(t, ROLE_NOTICE, "at the end: step %zu/%zu", app_pos(&t->app), app_total(&t->app));
		return R_REDRAW;
	}
	report_expect(t);
	return R_MOVED;
}

static int act_back(struct tui *t)
{
	stop_running(t);
	term_set_busy(true);
	bool ok = app_back(&t->app, now_ms());
	term_set_busy(false);
	if (!ok) {
		status(t, ROLE_NOTICE, "at the start: nothing to undo");
		return R_REDRAW;
	}
	return R_MOVED;
}

static int act_run(struct tui *t)
{
	if (t->ui.running) {
		stop_running(t);
		status(t, ROLE_NOTICE, "paused at step %zu/%zu", app_pos(&t->app), app_total(&t->app));
		return R_REDRAW;
	}
	if (app_pos(&t->app) >= app_total(&t->app)) {
		status(t, ROLE_NOTICE, "at the end: g goes back to the start");
		return R_REDRAW;
	}
	t->ui.running = true;
	t->ui.to_end = false;
	t->next_step_ms = t->run_t0 = now_ms();
	t->run_steps = 0;
	return R_REDRAW;
}

static int act_start(struct tui *t)
{
	stop_running(t);
	term_set_busy(true);
	app_goto(&t->app, 0, now_ms());
	term_set_busy(false);
	return R_MOVED;
}

static int act_end(struct tui *t)
{
	if (app_pos(&t->app) >= app_total(&t->app))
		return R_NONE;
	t->ui.running = t->ui.to_end = true;
	t->next_step_ms = t->run_t0 = now_ms();
	t->run_steps = 0;
	return R_REDRAW;
}

static int act_faster(struct tui *t)
{
	if (t->ui.speed + 1 < view_nspeeds)
		t->ui.speed++;
	t->run_t0 = now_ms();
	t->run_steps = 0;
	return R_REDRAW;
}

static int act_slower(struct tui *t)
{
	if (t->ui.speed > 0)
		t->ui.speed--;
	t->run_t0 = now_ms();
	t->run_steps = 0;
	return R_REDRAW;
}

static int act_cmdline(struct tui *t)
{
	stop_running(t);
	t->ui.cmd_active = true;
	t->ui.cmd[0] = 0;
	t->ui.cmd_len = 0;
	t->hist_at = t->nhist;
	return R_REDRAW;
}

static int act_save(struct tui *t)
{
	char name[256], err[512];
	stop_running(t);
	if (!app_save(&t->app, ".", name, sizeof(name), err, sizeof(err)))
		status(t, ROLE_ERROR, "%s", err);
	else
		status(t, ROLE_OK, "saved %s (%zu steps; buddyviz run %s replays it)", name, app_pos(&t->app), name);
	return R_REDRAW;
}

static int act_quit(struct tui *t)
{
	(void)t;
	return R_QUIT;
}

static int act_redraw(struct tui *t)
{
	(void)t;
	return R_CLEAR;
}

/* ---- actions: screens ------------------------------------------------------ */

static const struct screen screens[SCREEN_COUNT];

static int go_screen(struct tui *t, int id)
{
	t->ui.screen = id;
	t->scr = &screens[id];
	t->scr->init(t);
	return R_CLEAR;
}

/* The help returns to the screen it was opened from. */
static int act_help(struct tui *t)
{
	if (t->ui.screen == SCREEN_HELP)
		return go_screen(t, t->ui.prev_screen);
	t->ui.prev_screen = t->ui.screen;
	return go_screen(t, SCREEN_HELP);
}

static int act_detail(struct tui *t)
{
	return go_screen(t, SCREEN_DETAIL);
}

static int act_close(struct tui *t)
{
	return go_screen(t, t->ui.screen == SCREEN_HELP ? t->ui.prev_screen : SCREEN_GRID);
}

/* ---- actions: the grid ----------------------------------------------------- */

static const struct grid_layout *layout(struct tui *t)
{
	view_main_layout(&t->app, &t->ui, t->w, t->h, &t->view.lay);
	return &t->view.lay.g;
}

static int cursor_by(struct tui *t, int dx, int dy)
{
	t->ui.cursor = grid_move(layout(t), t->ui.cursor, dx, dy);
	return R_REDRAW;
}

static int act_left(struct tui *t) { return cursor_by(t, -1, 0); }
static int act_right(struct tui *t) { return cursor_by(t, 1, 0); }
static int act_up(struct tui *t) { return cursor_by(t, 0, -1); }
static int act_down(struct tui *t) { return cursor_by(t, 0, 1); }
static int act_pgup(struct tui *t)
{
	int n = t->view.lay.grid_rows > 2 ? t->view.lay.grid_rows - 1 : 1;
	return cursor_by(t, 0, -n);
}
static int act_pgdn(struct tui *t)
{
	int n = t->view.lay.grid_rows > 2 ? t->view.lay.grid_rows - 1 : 1;
	return cursor_by(t, 0, n);
}
static int act_home(struct tui *t)
{
	t->ui.cursor = 0;
	return R_REDRAW;
}
static int act_end_cell(struct tui *t)
{
	t->ui.cursor = t->app.nblocks - 1;
	return R_REDRAW;
}

/* + and -: the next bigger / smaller cells (or fewer / more blocks per
 * cell) for the zone under the cursor; the other zones fit around it. */
static int zoom_by(struct tui *t, int d)
{
	const struct grid_layout *g = layout(t);
	int z = grid_zone_of(g, t->ui.cursor);
	int lv = g->z[z].level + d;
	if (lv < 0 || lv >= g->z[z].nlevels) {
		status(t, ROLE_NOTICE, d > 0 ? "the biggest cells already" : "the smallest cells already");
		return R_REDRAW;
	}
	t->ui.level[z] = lv;
	return R_CLEAR;
}

static int act_zoom_in(struct tui *t) { return zoom_by(t, 1); }
static int act_zoom_out(struct tui *t) { return zoom_by(t, -1); }

static int act_zoom_auto(struct tui *t)
{
	for (int z = 0; z < ZONE_ID_COUNT; z++)
		t->ui.level[z] = -1;
	return R_CLEAR;
}

/* ---- actions: acting on memory (quick keys build step text) ------------- */

static int quick_alloc(struct tui *t, int type, bool steal)
{
	char text[160];
	t->ui.type = type;
	static const char tags[] = "umr";
	if (steal)
		snprintf(text, sizeof(text), "steal: {type: %s, order: %d, tag: \"s\"}", mtype_word(type), t->ui.order);
	else
		snprintf(text, sizeof(text), "alloc: {type: %s, order: %d, tag: \"%c\"}", mtype_word(type), t->ui.order,
			 tags[type]);
	return run_text(t, text);
}

static int act_alloc_u(struct tui *t) { return quick_alloc(t, MT_UNMOVABLE, false); }
static int act_alloc_m(struct tui *t) { return quick_alloc(t, MT_MOVABLE, false); }
static int act_alloc_r(struct tui *t) { return quick_alloc(t, MT_RECLAIMABLE, false); }
static int act_steal(struct tui *t) { return quick_alloc(t, t->ui.type, true); }

static int act_type(struct tui *t)
{
	t->ui.type = (t->ui.type + 1) % MT_PCPTYPES;
	return R_REDRAW;
}

static int act_order(struct tui *t)
{
	int o = t->key - '0';
	if (o > t->app.cfg->max_order) {
		status(t, ROLE_ERROR, "order %d is above max_order %d", o, t->app.cfg->max_order);
		return R_REDRAW;
	}
	t->ui.order = o;
	return R_REDRAW;
}

static int act_order_next(struct tui *t)
{
	t->ui.order = (t->ui.order + 1) % (t->app.cfg->max_order + 1);
	return R_REDRAW;
}

/* The pfn the free keys act on: the page cursor in the detail, else the
 * first allocation of the block under the grid cursor. */
static bool target_pfn(struct tui *t, uint64_t *pfn)
{
	struct block_info bi;
	machine_block_info(t->app.m, t->ui.cursor, &bi);
	if (t->ui.screen == SCREEN_DETAIL) {
		struct alloc_info ai;
		*pfn = bi.start_pfn + t->ui.page;
		if (machine_alloc_at(t->app.m, *pfn, &ai))
			return true;
		status(t, ROLE_NOTICE, "page %llu is free: nothing to free", (unsigned long long)*pfn);
		return false;
	}
	if (app_first_alloc_in_block(&t->app, t->ui.cursor, pfn))
		return true;
	status(t, ROLE_NOTICE, "block %llu holds no allocation", (unsigned long long)t->ui.cursor);
	return false;
}

static int act_free(struct tui *t)
{
	uint64_t pfn;
	char text[96];
	if (!target_pfn(t, &pfn))
		return R_REDRAW;
	snprintf(text, sizeof(text), "free: {pfn: %llu}", (unsigned long long)pfn);
	return run_text(t, text);
}

static int act_free_tag(struct tui *t)
{
	uint64_t pfn;
	struct alloc_info ai;
	char text[96];
	if (!target_pfn(t, &pfn) || !machine_alloc_at(t->app.m, pfn, &ai))
		return R_REDRAW;
	snprintf(text, sizeof(text), "free: {tag: \"%s\"}", machine_tag_name(t->app.m, ai.tag));
	return run_text(t, text);
}

static int act_compact(struct tui *t) { return run_text(t, "compact: {order: -1}"); }

static int isolate(struct tui *t, const char *word)
{
	char text[96];
	snprintf(text, sizeof(text), "%s: {blocks: [%llu, %llu]}", word, (unsigned long long)t->ui.cursor,
		 (unsigned long long)t->ui.cursor);
	return run_text(t, text);
}
static int act_isolate(struct tui *t) { return isolate(t, "isolate"); }
static int act_unisolate(struct tui *t) { return isolate(t, "unisolate"); }

/* ---- actions: block detail and help ------------------------------------ */

static int page_by(struct tui *t, int d)
{
	int64_t p = (int64_t)t->ui.page + d;
	int64_t np = t->app.block_pages;
	if (p < 0)
		p = 0;
	if (p >= np)
		p = np - 1;
	t->ui.page = (uint32_t)p;
	return R_REDRAW;
}
static int strip_step(struct tui *t) { return t->view.strip_per > 0 ? t->view.strip_per : 1; }
static int act_page_left(struct tui *t) { return page_by(t, -strip_step(t)); }
static int act_page_right(struct tui *t) { return page_by(t, strip_step(t)); }
static int act_page_up(struct tui *t) { return page_by(t, -strip_step(t) * (t->view.strip_cols ? t->view.strip_cols : 64)); }
static int act_page_down(struct tui *t) { return page_by(t, strip_step(t) * (t->view.strip_cols ? t->view.strip_cols : 64)); }

static int other_block(struct tui *t, int d)
{
	int64_t b = (int64_t)t->ui.cursor + d;
	if (b >= 0 && (uint64_t)b < t->app.nblocks)
		t->ui.cursor = (uint64_t)b;
	return R_REDRAW;
}
static int act_block_prev(struct tui *t) { return other_block(t, -1); }
static int act_block_next(struct tui *t) { return other_block(t, 1); }

static int act_help_up(struct tui *t)
{
	if (t->ui.help_scroll > 0)
		t->ui.help_scroll--;
	return R_REDRAW;
}
static int act_help_down(struct tui *t)
{
	t->ui.help_scroll++;
	return R_REDRAW;
}
static int act_help_pgup(struct tui *t)
{
	t->ui.help_scroll -= t->h - 3;
	if (t->ui.help_scroll < 0)
		t->ui.help_scroll = 0;
	return R_REDRAW;
}
static int act_help_pgdn(struct tui *t)
{
	t->ui.help_scroll += t->h - 3;
	return R_REDRAW;
}

/* ---- the key table ---------------------------------------------------------- */

#define G SC_GRID
#define D SC_DETAIL
#define H SC_HELP
#define GD (SC_GRID | SC_DETAIL)
#define K(...) { __VA_ARGS__ }

static const struct binding bindings[] = {
	{ K(' ', 'n'), GD, "Stepping", "run the next scenario step (a whole repeat or workload)", act_next, "next" },
	{ K('b', TK_BACKSPACE), GD, "Stepping", "step back: undo the last step, whatever produced it", act_back, "back" },
	{ K('r'), GD, "Stepping", "run / pause: play the steps, stopping just after each pause step (or a failed expect)", act_run, "run" },
	{ K('g'), GD, "Stepping", "back to the start (the boot state)", act_start, NULL },
	{ K('G'), GD, "Stepping", "run to the end, ignoring pauses (a failed expect or any stepping key stops it)", act_end, NULL },
	{ K(']', '>'), GD, "Stepping", "auto-run faster (speed shown in the top line)", act_faster, NULL },
	{ K('[', '<'), GD, "Stepping", "auto-run slower", act_slower, NULL },
	{ K(':'), GD, "Stepping", "command line: type a scenario step in YAML flow form, Enter runs it, Esc cancels",
	  act_cmdline, "step" },

	{ K(TK_LEFT, 'h'), G, "Grid", "move the cursor one cell left", act_left, NULL },
	{ K(TK_RIGHT, 'l'), G, "Grid", "move the cursor one cell right", act_right, NULL },
	{ K(TK_UP, 'k'), G, "Grid", "move the cursor one row up", act_up, NULL },
	{ K(TK_DOWN, 'j'), G, "Grid", "move the cursor one row down", act_down, NULL },
	{ K(TK_PGUP), G, "Grid", "one screen of rows up", act_pgup, NULL },
	{ K(TK_PGDN), G, "Grid", "one screen of rows down", act_pgdn, NULL },
	{ K(TK_HOME), G, "Grid", "first block", act_home, NULL },
	{ K(TK_END), G, "Grid", "last block", act_end_cell, NULL },
	{ K('+'), G, "Grid", "bigger cells for the cursor's zone: fewer blocks per cell, then wider and taller cells", act_zoom_in, NULL },
	{ K('-'), G, "Grid", "smaller cells for the cursor's zone, then more blocks per cell", act_zoom_out, NULL },
	{ K('='), G, "Grid", "automatic cell sizes: the biggest with which every zone fits", act_zoom_auto, NULL },
	{ K(TK_ENTER, TK_MOUSE), G, "Grid", "open the block under the cursor (click: move the cursor)", act_detail,
	  "block" },

	{ K('u'), GD, "Acting on memory", "allocate unmovable at the chosen order (alloc: {type: unmovable, tag: u})",
	  act_alloc_u, NULL },
	{ K('m'), GD, "Acting on memory", "allocate movable at the chosen order (tag m)", act_alloc_m, NULL },
	{ K('e'), GD, "Acting on memory", "allocate reclaimable at the chosen order (tag r)", act_alloc_r, NULL },
	{ K('s'), GD, "Acting on memory", "steal: run the fallback path for the last type used (steal: {..., tag: s})",
	  act_steal, NULL },
	{ K('t'), GD, "Acting on memory", "next type for s: unmovable, movable, reclaimable", act_type, NULL },
	{ K('0', '1', '2'), GD, "Acting on memory", "choose the order 0..9 (any digit key)", act_order, NULL },
	{ K('o'), GD, "Acting on memory", "next order (up to max_order)", act_order_next, NULL },
	{ K('f'), GD, "Acting on memory", "free the allocation under the cursor (free: {pfn: N})", act_free, NULL },
	{ K('F'), GD, "Acting on memory", "free every allocation of its tag (free: {tag: T})", act_free_tag, NULL },
	{ K('c'), GD, "Acting on memory", "compact the zones (compact: {order: -1}) when the engine has it",
	  act_compact, NULL },
	{ K('i'), GD, "Acting on memory", "isolate the block under the cursor, when the engine has it", act_isolate,
	  NULL },
	{ K('I'), GD, "Acting on memory", "unisolate the block under the cursor, when the engine has it",
	  act_unisolate, NULL },

	{ K(TK_LEFT, 'h'), D, "Block detail", "previous page", act_page_left, NULL },
	{ K(TK_RIGHT, 'l'), D, "Block detail", "next page", act_page_right, NULL },
	{ K(TK_UP, 'k'), D, "Block detail", "page one row up", act_page_up, NULL },
	{ K(TK_DOWN, 'j'), D, "Block detail", "page one row down", act_page_down, NULL },
	{ K(TK_PGUP, ','), D, "Block detail", "previous block", act_block_prev, NULL },
	{ K(TK_PGDN, '.'), D, "Block detail", "next block", act_block_next, NULL },
	{ K(TK_ESC, TK_ENTER), D, "Block detail", "back to the grid", act_close, "grid" },

	{ K(TK_UP, 'k'), H, "Help", "scroll up", act_help_up, NULL },
	{ K(TK_DOWN, 'j'), H, "Help", "scroll down", act_help_down, NULL },
	{ K(TK_PGUP), H, "Help", "one screen up", act_help_pgup, NULL },
	{ K(TK_PGDN, ' '), H, "Help", "one screen down", act_help_pgdn, NULL },
	{ K(TK_ESC), H, "Help", "close the help", act_close, "close" },

	{ K('?'), SC_ALL, "Other", "help: every key (this screen) and the colours", act_help, "help" },
	{ K('S'), SC_ALL, "Other", "save the session as a scenario file in the current directory", act_save, "save" },
	{ K(TK_CTRL('L')), SC_ALL, "Other", "redraw the screen", act_redraw, NULL },
	{ K('q'), SC_ALL, "Other", "quit", act_quit, "quit" },
};
#undef G
#undef D
#undef H
#undef GD
#undef K

static const size_t nbindings = sizeof(bindings) / sizeof(bindings[0]);

const struct binding *tui_bindings(size_t *n)
{
	*n = nbindings;
	return bindings;
}

/* Digits all choose an order; the table lists three as examples. */
static bool key_matches(const struct binding *b, int key)
{
	if (b->fn == act_order)
		return key >= '0' && key <= '9';
	for (int i = 0; i < 3 && b->keys[i]; i++)
		if (b->keys[i] == key)
			return true;
	return false;
}

static int dispatch(struct tui *t, int key, unsigned mask)
{
	for (size_t i = 0; i < nbindings; i++)
		if ((bindings[i].screens & mask) && key_matches(&bindings[i], key)) {
			t->key = key;
			return bindings[i].fn(t);
		}
	return R_NONE;
}

/* ---- screens ---------------------------------------------------------------- */

static void grid_init(struct tui *t) { (void)t; }

static void grid_draw(struct tui *t, uint64_t now)
{
	view_build_main(&t->view, &t->app, &t->ui, t->w, t->h, now);
}

/* A click on a cell moves the cursor there; a click on the cursor opens it. */
static int grid_click(struct tui *t)
{
	const struct main_layout *l = &t->view.lay;
	int y = t->mouse.y, x = t->mouse.x;
	if (t->mouse.button == 4)
		return act_up(t);
	if (t->mouse.button == 5)
		return act_down(t);
	if (y < l->grid_top || y >= l->grid_top + l->grid_rows || x < l->g.labelw)
		return R_NONE;
	uint64_t b;
	if (!grid_block_at_x(&l->g, t->ui.scroll + (uint64_t)(y - l->grid_top), x - l->g.labelw, &b))
		return R_NONE;
	if (b == t->ui.cursor)
		return act_detail(t);
	t->ui.cursor = b;
	return R_REDRAW;
}

static int grid_key(struct tui *t, int key)
{
	if (key == TK_MOUSE)
		return grid_click(t);
	return dispatch(t, key, t->scr->mask);
}

static void detail_init(struct tui *t)
{
	uint64_t pfn;
	struct block_info bi;
	machine_block_info(t->app.m, t->ui.cursor, &bi);
	t->ui.page = app_first_alloc_in_block(&t->app, t->ui.cursor, &pfn) ? (uint32_t)(pfn - bi.start_pfn) : 0;
}

static void detail_draw(struct tui *t, uint64_t now)
{
	view_build_detail(&t->view, &t->app, &t->ui, t->w, t->h, now);
}

static int detail_key(struct tui *t, int key)
{
	if (key == TK_MOUSE) {
		const struct view *v = &t->view;
		int y = t->mouse.y - v->strip_top, x = t->mouse.x - v->strip_labelw;
		if (t->mouse.button == 1 && y >= 0 && y < v->strip_rows && x >= 0 && x < v->strip_cols) {
			uint32_t p = (uint32_t)((y * v->strip_cols + x) * v->strip_per);
			if (p < t->app.block_pages)
				t->ui.page = p;
			return R_REDRAW;
		}
		return R_NONE;
	}
	return dispatch(t, key, t->scr->mask);
}

static void help_init(struct tui *t) { t->ui.help_scroll = 0; }

static void help_draw(struct tui *t, uint64_t now)
{
	(void)now;
	view_build_help(&t->view, &t->app, &t->ui, t->w, t->h);
}

static int help_key(struct tui *t, int key)
{
	if (key == TK_MOUSE)
		return t->mouse.button == 4 ? act_help_up(t) : t->mouse.button == 5 ? act_help_down(t) : R_NONE;
	return dispatch(t, key, t->scr->mask);
}

static const struct screen screens[SCREEN_COUNT] = {
	[SCREEN_GRID] = { SC_GRID, grid_init, grid_draw, grid_key },
	[SCREEN_DETAIL] = { SC_DETAIL, detail_init, detail_draw, detail_key },
	[SCREEN_HELP] = { SC_HELP, help_init, help_draw, help_key },
};

/* ---- the command line -------------------------------------------------------- */

static void cmd_set(struct tui *t, const char *s)
{
	snprintf(t->ui.cmd, sizeof(t->ui.cmd), "%s", s);
	t->ui.cmd_len = strlen(t->ui.cmd);
}

static int cmd_key(struct tui *t, int key)
{
	struct ui *ui = &t->ui;
	switch (key) {
	case TK_ESC:
		ui->cmd_active = false;
		return R_REDRAW;
	case TK_ENTER: {
		ui->cmd_active = false;
		if (!ui->cmd_len)
			return R_REDRAW;
		if (t->nhist == CMD_HISTORY) {
			memmove(t->hist[0], t->hist[1], sizeof(t->hist[0]) * (CMD_HISTORY - 1));
			t->nhist--;
		}
		snprintf(t->hist[t->nhist++], UI_CMD_MAX, "%s", ui->cmd);
		return run_text(t, ui->cmd);
	}
	case TK_BACKSPACE:
		/* Remove one whole UTF-8 character. */
		while (ui->cmd_len > 0) {
			unsigned char c = (unsigned char)ui->cmd[--ui->cmd_len];
			if ((c & 0xC0) != 0x80)
				break;
		}
		ui->cmd[ui->cmd_len] = 0;
		return R_REDRAW;
	case TK_CTRL('U'):
		cmd_set(t, "");
		return R_REDRAW;
	case TK_UP:
		if (t->hist_at > 0)
			cmd_set(t, t->hist[--t->hist_at]);
		return R_REDRAW;
	case TK_DOWN:
		if (t->hist_at < t->nhist - 1)
			cmd_set(t, t->hist[++t->hist_at]);
		else {
			t->hist_at = t->nhist;
			cmd_set(t, "");
		}
		return R_REDRAW;
	default:
		break;
	}
	if (key < 32 || key >= TK_BASE)
		return R_NONE;
	char buf[8];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = wcrtomb(buf, (wchar_t)key, &st);
	if (n == (size_t)-1) {
		buf[0] = '?';
		n = 1;
	}
	if (ui->cmd_len + n + 1 < sizeof(ui->cmd)) {
		memcpy(ui->cmd + ui->cmd_len, buf, n);
		ui->cmd_len += n;
		ui->cmd[ui->cmd_len] = 0;
	}
	return R_REDRAW;
}

/* ---- auto-run ----------------------------------------------------------------- */

/* Runs this frame's steps; stops at the end and just after a pause step
 * (unless running to the end). */
static void run_frame(struct tui *t, uint64_t now)
{
	int speed = view_speeds[t->ui.speed];
	uint64_t budget_end = now + RUN_BUDGET_MS;
	int n;
	if (t->ui.to_end || speed == 0)
		n = -1;
	else if (speed <= 1000 / FRAME_MS)
		n = 1;
	else {
		/* Several steps a frame: as many as are due since the run (or
		 * the speed) started, so the rate is the one shown whatever the
		 * frames' timing; more than a second behind starts afresh. */
		uint64_t due = (uint64_t)speed * (now - t->run_t0) / 1000 + 1;
		if (due > t->run_steps + (uint64_t)speed) {
			t->run_t0 = now;
			t->run_steps = 0;
			due = 1;
		}
		n = due > t->run_steps ? (int)(due - t->run_steps) : 0;
	}
	for (int i = 0; n < 0 || i < n; i++) {
		t->run_steps++;
		if (!move_forward(t)) {
			stop_running(t);
			status(t, ROLE_NOTICE, "end of the scenario: step %zu/%zu", app_pos(&t->app), app_total(&t->app));
			return;
		}
		size_t pos = app_pos(&t->app);
		if (report_expect(t)) {   /* the user should see this state */
			stop_running(t);
			return;
		}
		if (!t->ui.to_end && session_step(t->app.s, pos - 1)->kind == STEP_PAUSE) {
			stop_running(t);
			status(t, ROLE_NOTICE, "paused after step %zu (pause): r runs on", pos);
			return;
		}
		if (pos >= app_total(&t->app)) {
			stop_running(t);
			status(t, ROLE_NOTICE, "end of the scenario: step %zu/%zu", pos, app_total(&t->app));
			return;
		}
		if (now_ms() >= budget_end || term_pending_signal())
			break;
	}
	if (speed > 0 && !t->ui.to_end && speed <= 1000 / FRAME_MS)
		t->next_step_ms += (uint64_t)(1000 / speed);
	else
		t->next_step_ms = now + FRAME_MS;
	if (t->next_step_ms < now)
		t->next_step_ms = now;
}

/* ---- the loop ------------------------------------------------------------------ */

int tui_run(const struct scenario *sc, bool mono)
{
	static struct tui tui;
	struct tui *t = &tui;
	char err[256];
	memset(t, 0, sizeof(*t));
	if (!app_init(&t->app, sc)) {
		fprintf(stderr, "buddyviz: out of host memory building the machine\n");
		return 1;
	}
	if (!term_open(mono, err, sizeof(err))) {
		fprintf(stderr, "buddyviz: %s\n", err);
		app_fini(&t->app);
		return 1;
	}
	ui_init(&t->ui, &t->app);
	t->ui.mono = term_is_mono();
	t->ui.utf8 = term_is_utf8();
	t->ui.bindings = bindings;
	t->ui.nbindings = nbindings;
	view_init(&t->view);
	term_size(&t->w, &t->h);
	go_screen(t, SCREEN_GRID);

	int rc = 0;
	bool quit = false, dirty = true;
	while (!quit) {
		uint64_t now = now_ms();
		if (t->ui.running && now >= t->next_step_ms) {
			run_frame(t, now);
			dirty = true;
		}
		now = now_ms();
		/* Change marks stay until the next move: no fading to redraw. */
		bool fading = false;
		if (dirty) {
			t->scr->draw(t, now);
			term_draw(&t->view, true);
			dirty = false;
		}

		int sig = term_pending_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		int timeout = IDLE_MS;
		if (t->ui.running) {
			int64_t d = (int64_t)t->next_step_ms - (int64_t)now_ms();
			timeout = d < 0 ? 0 : d < IDLE_MS ? (int)d : IDLE_MS;
		} else if (fading) {
			timeout = FRAME_MS * 3;
		}
		int key = term_read_key(timeout, &t->mouse);
		sig = term_pending_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		if (key == TK_TIMEOUT)
			continue;
		dirty = true;   /* any key: at least the status line changes */
		if (key == TK_RESIZE) {
			term_size(&t->w, &t->h);
			term_invalidate();
			continue;
		}
		/* Under the "too small" notice nothing is visible to act on:
		 * only quitting works until the terminal grows again. */
		if (t->w < VIEW_MIN_W || t->h < VIEW_MIN_H) {
			if (key == 'q')
				quit = true;
			continue;
		}
		int r;
		if (t->ui.cmd_active) {
			r = cmd_key(t, key);
		} else {
			t->ui.status[0] = 0;
			r = t->scr->key(t, key);
		}
		if (r & R_CLEAR)
			term_invalidate();
		if (r & R_QUIT)
			quit = true;
	}
	term_close();
	view_fini(&t->view);
	app_fini(&t->app);
	return rc;
}
