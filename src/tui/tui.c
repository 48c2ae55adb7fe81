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
#include "tui_int.h"

#define CMD_HISTORY 32
#define FRAME_MS 33          /* auto-run draws at most ~30 frames a second */
#define IDLE_MS 100          /* longest wait for a key (signals are polled) */
#define RUN_BUDGET_MS 25     /* engine time per frame at "max" speed */

/* ---- actions: stepping --------------------------------------------------- */

/* One engine step of the stepped compaction (view_compact.c says what it did). */
static int compact_more(struct tui *t)
{
	term_set_busy(true);
	app_compact_more(&t->app, now_ms());
	term_set_busy(false);
	char line[200];
	view_compact_status(&t->app, line, sizeof(line));
	status(t, ROLE_NOTICE, "%s", line);
	return R_MOVED;
}

static int act_next(struct tui *t)
{
	stop_running(t);
	if (app_compact_stepping(&t->app))
		return compact_more(t);
	if (!move_forward(t)) {
		if (!t->cancelled)
			status(t, ROLE_NOTICE, "at the end: step %zu/%zu", app_pos(&t->app), app_total(&t->app));
		return R_REDRAW;
	}
	report_expect(t);
	return R_MOVED;
}

/* .: the next step one operation at a time, at the auto-run speed. */
static int act_step_into(struct tui *t)
{
	stop_running(t);
	if (!move_forward_slow(t)) {
		if (!t->cancelled)
			status(t, ROLE_NOTICE, "at the end: step %zu/%zu", app_pos(&t->app), app_total(&t->app));
		return R_CLEAR;
	}
	report_expect(t);
	return R_MOVED | R_CLEAR;
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
	if (app_pos(&t->app) >= app_total(&t->app) && !app_compact_stepping(&t->app)) {
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
	if (app_pos(&t->app) >= app_total(&t->app) && !app_compact_stepping(&t->app))
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
	t->ui.cmd_prompt = ':';
	t->ui.cmd[0] = 0;
	t->ui.cmd_len = 0;
	t->hist_at = t->nhist;
	return R_REDRAW;
}

static int act_save(struct tui *t)
{
	char name[256], err[512];
	stop_running(t);
	/* A scenario has no half-done compaction: it ends first (S saves
	 * the whole compaction, and the file replays to what is shown). */
	bool finished = app_compact_finish(&t->app, now_ms());
	if (!app_save(&t->app, ".", name, sizeof(name), err, sizeof(err)))
		status(t, ROLE_ERROR, "%s", err);
	else {
		app_mark_saved(&t->app);
		status(t, ROLE_OK, "%ssaved %s (%zu steps; buddyviz run %s replays it)",
		       finished ? "compaction run to its end, " : "", name, app_pos(&t->app), name);
	}
	return finished ? R_MOVED : R_REDRAW;
}

/* Mobility grouping on/off (page_group_by_mobility_disabled): the same
 * steps replayed from the boot state with the other profile. */
static int act_profile(struct tui *t)
{
	stop_running(t);
	int p = t->app.cfg->profile == PROFILE_NO_GROUPING ? PROFILE_LINUX_6_12 : PROFILE_NO_GROUPING;
	term_set_busy(true);
	bool ok = app_switch_profile(&t->app, p, now_ms());
	term_set_busy(false);
	if (!ok) {
		status(t, ROLE_ERROR, "out of host memory switching the profile");
		return R_QUIT;
	}
	status(t, ROLE_OK, "profile %s (mobility grouping %s): replayed from the boot state to step %zu",
	       p == PROFILE_NO_GROUPING ? "no-grouping" : "linux-6.12",
	       machine_grouping_disabled(t->app.m) ? "off" : "on", app_pos(&t->app));
	return R_MOVED | R_CLEAR;
}

static const struct grid_layout *layout(struct tui *t)
{
	view_main_layout(&t->app, &t->ui, t->w, t->h, &t->view.lay);
	return &t->view.lay.g;
}

static int act_close(struct tui *t);

/* q closes the help or a detail view first; with hand-made steps not
 * saved it asks (the main loop reads the answer). Q quits at once. */
static int act_quit(struct tui *t)
{
	if (t->ui.screen != SCREEN_GRID)
		return act_close(t);
	if (app_unsaved(&t->app)) {
		stop_running(t);
		t->confirm_quit = true;
		status(t, ROLE_NOTICE, "quit without saving? (y/n)");
		return R_REDRAW;
	}
	return R_QUIT;
}

static int act_quit_now(struct tui *t)
{
	(void)t;
	return R_QUIT;
}

/* m marks the current step (again: unmarks); ' goes to the next mark. */
static int act_mark(struct tui *t)
{
	size_t pos = app_pos(&t->app);
	for (int i = 0; i < t->nmarks; i++)
		if (t->marks[i] == pos) {
			memmove(&t->marks[i], &t->marks[i + 1], (size_t)(t->nmarks - i - 1) * sizeof(t->marks[0]));
			t->nmarks--;
			status(t, ROLE_NOTICE, "mark at step %zu removed", pos);
			return R_REDRAW;
		}
	if (t->nmarks == (int)(sizeof(t->marks) / sizeof(t->marks[0]))) {
		status(t, ROLE_ERROR, "32 marks already: m on a marked step removes it");
		return R_REDRAW;
	}
	int i = t->nmarks++;
	while (i > 0 && t->marks[i - 1] > pos) {
		t->marks[i] = t->marks[i - 1];
		i--;
	}
	t->marks[i] = pos;
	status(t, ROLE_OK, "marked step %zu (' comes back to it)", pos);
	return R_REDRAW;
}

static int act_goto_mark(struct tui *t)
{
	if (!t->nmarks) {
		status(t, ROLE_NOTICE, "no marks yet: m marks the current step");
		return R_REDRAW;
	}
	size_t pos = app_pos(&t->app), to = t->marks[0];
	for (int i = 0; i < t->nmarks; i++)
		if (t->marks[i] > pos) {
			to = t->marks[i];
			break;
		}
	stop_running(t);
	term_set_busy(true);
	app_goto(&t->app, to, now_ms());
	term_set_busy(false);
	status(t, ROLE_NOTICE, "at mark: step %zu", app_pos(&t->app));
	return R_MOVED;
}

/* Presenter mode: a remote clicker's PgDn/Right step forward, PgUp/Left back. */
static int act_presenter(struct tui *t)
{
	t->ui.presenter = !t->ui.presenter;
	status(t, ROLE_NOTICE, t->ui.presenter ? "presenter mode: PgDn/Right/space next, PgUp/Left back (F5 ends it)"
					    : "presenter mode off: arrows and PgUp/PgDn move the cursor again");
	return R_REDRAW;
}

/* p: the plots over the steps on or off (on by default when tall enough). */
static int act_plots(struct tui *t)
{
	bool shown = t->ui.plots > 0 || (t->ui.plots < 0 && t->h >= 45);
	t->ui.plots = shown ? 0 : 1;
	return R_CLEAR;
}

/* Tab: the cursor to the next block changed by the last move. */
static int act_next_changed(struct tui *t)
{
	const struct app *a = &t->app;
	if (!a->moves) {
		status(t, ROLE_NOTICE, "nothing changed yet");
		return R_REDRAW;
	}
	const struct grid_layout *g = layout(t);
	uint64_t from = grid_move(g, t->ui.cursor, 1, 0);
	for (uint64_t i = 0; i < a->nblocks; i++) {
		uint64_t b = (from + i) % a->nblocks;
		if (a->stamp[b] == a->moves) {
			t->ui.cursor = b;
			return R_REDRAW;
		}
	}
	status(t, ROLE_NOTICE, "no block changed with the last step");
	return R_REDRAW;
}

static int act_redraw(struct tui *t)
{
	(void)t;
	return R_CLEAR;
}

/* ---- actions: screens ------------------------------------------------------ */

static const struct screen screens[SCREEN_COUNT];

int go_screen(struct tui *t, int id)
{
	t->ui.screen = id;
	t->scr = &screens[id];
	t->scr->init(t);
	return R_CLEAR;
}

/* The help returns to the screen it was opened from. */
static int act_help(struct tui *t)
{
	bool was_desc = t->ui.help_desc;
	t->ui.help_desc = false;
	if (t->ui.screen == SCREEN_HELP && !was_desc)
		return go_screen(t, t->ui.prev_screen);
	if (t->ui.screen != SCREEN_HELP)
		t->ui.prev_screen = t->ui.screen;
	return go_screen(t, SCREEN_HELP);
}

/* d: the scenario's whole description, reflowed, and the caption. */
static int act_describe(struct tui *t)
{
	if (t->ui.screen == SCREEN_HELP && t->ui.help_desc) {
		t->ui.help_desc = false;
		return go_screen(t, t->ui.prev_screen);
	}
	if (t->ui.screen != SCREEN_HELP)
		t->ui.prev_screen = t->ui.screen;
	t->ui.help_desc = true;
	return go_screen(t, SCREEN_HELP);
}

/* Enter: the page view of every block the cursor's cell covers or, after
 * `v`, of the blocks from the selection's start to the cell (one zone, at
 * most VIEW_RANGE_MAX blocks). */
static int act_detail(struct tui *t)
{
	const struct grid_layout *g = layout(t);
	uint64_t c = t->ui.cursor;
	int zi = grid_zone_of(g, c);
	const struct grid_zone *z = &g->z[zi];
	uint64_t f = z->first + ((c - z->first) >> z->zoom << z->zoom), l = f + (1ull << z->zoom) - 1;
	if (l >= z->first + z->nblocks)
		l = z->first + z->nblocks - 1;
	uint64_t s = t->ui.sel_anchor;
	t->ui.sel_anchor = UINT64_MAX;
	if (s != UINT64_MAX && grid_zone_of(g, s) != zi)
		status(t, ROLE_NOTICE, "a range stays in one zone: block %llu is in another", (unsigned long long)s);
	else if (s != UINT64_MAX) {
		f = s < f ? s : f;
		l = s > l ? s : l;
	}
	if (l - f >= VIEW_RANGE_MAX) {
		l = f + VIEW_RANGE_MAX - 1;
		status(t, ROLE_NOTICE, "the page view covers %d blocks at most: blocks %llu-%llu", VIEW_RANGE_MAX,
		       (unsigned long long)f, (unsigned long long)l);
	}
	t->ui.range_first = f;
	t->ui.range_last = l;
	t->ui.chunk_scroll = 0;
	if (c < f || c > l)
		t->ui.cursor = f;
	return go_screen(t, SCREEN_DETAIL);
}

/* v: a block range for the page view starts (or is dropped). */
static int act_select(struct tui *t)
{
	if (t->ui.sel_anchor != UINT64_MAX) {
		t->ui.sel_anchor = UINT64_MAX;
		status(t, ROLE_NOTICE, "range selection dropped");
		return R_REDRAW;
	}
	t->ui.sel_anchor = t->ui.cursor;
	status(t, ROLE_NOTICE, "range from block %llu: move to its other end, Enter opens its page view (v drops it)",
	       (unsigned long long)t->ui.cursor);
	return R_REDRAW;
}

static int chunk_scroll_by(struct tui *t, int d)
{
	t->ui.chunk_scroll += d;   /* the view clamps it */
	if (t->ui.chunk_scroll < 0)
		t->ui.chunk_scroll = 0;
	return R_REDRAW;
}
static int act_chunks_up(struct tui *t) { return chunk_scroll_by(t, -1); }
static int act_chunks_down(struct tui *t) { return chunk_scroll_by(t, 1); }

static int act_close(struct tui *t)
{
	return go_screen(t, t->ui.screen == SCREEN_HELP || t->ui.screen == SCREEN_LOG ? t->ui.prev_screen : SCREEN_GRID);
}

/* ---- actions: the grid ----------------------------------------------------- */


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

static int act_alloc(struct tui *t) { return quick_alloc(t, t->ui.type, false); }
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

/* A full compaction of the cursor's zone, as the `:` line would run it. */
static int act_compact(struct tui *t)
{
	char text[96];
	struct block_info bi;
	struct zone_info zi;
	machine_block_info(t->app.m, t->ui.cursor, &bi);
	machine_zone_info(t->app.m, bi.zone, &zi);
	snprintf(text, sizeof(text), "compact: {order: -1, zone: %s}", zi.name);
	return run_text(t, text);
}

/* C: the same compaction one engine step at a time (C or n again: the
 * next step, b: one step back). */
static int act_compact_step(struct tui *t)
{
	stop_running(t);
	if (app_compact_stepping(&t->app))
		return compact_more(t);
	struct block_info bi;
	machine_block_info(t->app.m, t->ui.cursor, &bi);
	struct zone_info zi;
	machine_zone_info(t->app.m, bi.zone, &zi);
	struct step_compact c = { .order = -1, .mode = -1, .zone = zi.id, .max_migrate = 0 };
	term_set_busy(true);
	bool ok = app_compact_start(&t->app, &c, now_ms());
	term_set_busy(false);
	if (!ok) {
		status(t, ROLE_ERROR, "out of host memory");
		return R_REDRAW;
	}
	char line[200];
	view_compact_status(&t->app, line, sizeof(line));
	status(t, ROLE_NOTICE, "%s", line);
	return R_MOVED;
}

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
static int act_help_home(struct tui *t)
{
	t->ui.help_scroll = 0;
	return R_REDRAW;
}
static int act_help_end(struct tui *t)
{
	t->ui.help_scroll = 1 << 20;   /* the view clamps it */
	return R_REDRAW;
}
static int act_help_pgdn(struct tui *t)
{
	t->ui.help_scroll += t->h - 3;
	return R_REDRAW;
}

/* ---- actions: the event log -------------------------------------------------- */

static int act_log(struct tui *t)
{
	stop_running(t);
	t->ui.prev_screen = t->ui.screen;
	return go_screen(t, SCREEN_LOG);
}

static int log_by(struct tui *t, int64_t d)
{
	const struct step_summary *s = &t->app.sum;
	if (s->end == s->first_kept)
		return R_NONE;
	int64_t q = (int64_t)t->ui.log_sel + d;
	if (q < (int64_t)s->first_kept)
		q = (int64_t)s->first_kept;
	if (q >= (int64_t)s->end)
		q = (int64_t)s->end - 1;
	t->ui.log_sel = (uint64_t)q;
	return R_REDRAW;
}
static int log_page(struct tui *t) { return t->h > 12 ? t->h / 2 : 4; }
static int act_log_up(struct tui *t) { return log_by(t, -1); }
static int act_log_down(struct tui *t) { return log_by(t, 1); }
static int act_log_pgup(struct tui *t) { return log_by(t, -log_page(t)); }
static int act_log_pgdn(struct tui *t) { return log_by(t, log_page(t)); }
static int act_log_home(struct tui *t) { return log_by(t, INT32_MIN); }
static int act_log_end(struct tui *t) { return log_by(t, INT32_MAX); }

/* Enter: the grid, the cursor on the block the event names. */
static int act_log_jump(struct tui *t)
{
	const struct event *ev = machine_event(t->app.m, t->ui.log_sel);
	if (!ev)
		return R_NONE;
	uint64_t block = ev->block;
	/* Kinds whose block field is not a block (or unset). */
	bool has = ev->kind != EV_ALLOC_FAIL && ev->kind != EV_NOFRAG_RETRY && ev->kind != EV_CLAIM_BREAK &&
		   ev->kind != EV_FREE_NOTHING && ev->kind != EV_COMPACT_BEGIN && ev->kind != EV_COMPACT_END;
	if (!has || block >= t->app.nblocks) {
		status(t, ROLE_NOTICE, "this event names no block");
		return R_REDRAW;
	}
	t->ui.cursor = block;
	go_screen(t, SCREEN_GRID);
	status(t, ROLE_NOTICE, "block %llu, named by event %llu", (unsigned long long)block,
	       (unsigned long long)(t->ui.log_sel - t->app.sum.begin + 1));
	return R_CLEAR;
}

static int act_log_search(struct tui *t)
{
	t->ui.cmd_active = true;
	t->ui.cmd_prompt = '/';
	t->ui.cmd[0] = 0;
	t->ui.cmd_len = 0;
	return R_REDRAW;
}

int log_search(struct tui *t, const char *q, int dir)
{
	const struct step_summary *s = &t->app.sum;
	if (!q[0]) {
		status(t, ROLE_NOTICE, "search: pfn N, block N, a number, a kind (claim, steal, ...) or words");
		return R_REDRAW;
	}
	snprintf(t->ui.search, sizeof(t->ui.search), "%s", q);
	uint64_t n = s->end - s->first_kept;
	for (uint64_t i = 1; i <= n; i++) {
		uint64_t idx = (t->ui.log_sel - s->first_kept + (dir > 0 ? i : n - i)) % n;
		if (view_log_match(&t->app, s->first_kept + idx, q)) {
			t->ui.log_sel = s->first_kept + idx;
			status(t, ROLE_NOTICE, "/%s: event %llu", q, (unsigned long long)(t->ui.log_sel - s->begin + 1));
			return R_REDRAW;
		}
	}
	status(t, ROLE_ERROR, "/%s: no event of this step matches", q);
	return R_REDRAW;
}
static int act_log_next(struct tui *t) { return log_search(t, t->ui.search, 1); }
static int act_log_prev(struct tui *t) { return log_search(t, t->ui.search, -1); }

/* ---- the key table ---------------------------------------------------------- */

#define G SC_GRID
#define D SC_DETAIL
#define H SC_HELP
#define L SC_LOG
#define GD (SC_GRID | SC_DETAIL)
#define K(...) { __VA_ARGS__ }

static const struct binding bindings[] = {
	{ K(' ', 'n'), GD, "Stepping", "run the next scenario step (a whole repeat or workload; a long one shows its progress, Esc or Ctrl-C cancels it); in a compaction started with C, its next engine step", act_next, "next" },
	{ K('b', TK_BACKSPACE, 'u'), GD, "Stepping", "step back: undo the last step, whatever produced it (in a compaction started with C: one engine step)", act_back, "back" },
	{ K('.'), G, "Stepping", "step into the next step: a count, repeat or workload one operation at a time at the auto-run speed ([ ] change it, space finishes, Esc cancels)", act_step_into, NULL },
	{ K('m'), GD, "Stepping", "mark the current step (again: unmark)", act_mark, NULL },
	{ K('\''), GD, "Stepping", "go to the next marked step", act_goto_mark, NULL },
	{ K(TK_F5), GD, "Stepping", "presenter mode: PgDn, Right and space step forward, PgUp and Left back (a remote clicker; F5 is its start key)",
	  act_presenter, NULL },
	{ K('r'), GD, "Stepping", "run / pause: play the steps, stopping just after each pause step (or a failed expect)", act_run, "run" },
	{ K('g'), GD, "Stepping", "back to the start (the boot state)", act_start, NULL },
	{ K('G'), GD, "Stepping", "run to the end, ignoring pauses (a failed expect or any stepping key stops it)", act_end, NULL },
	{ K(']', '>'), GD, "Stepping", "auto-run faster (speed shown in the top line)", act_faster, NULL },
	{ K('[', '<'), GD, "Stepping", "auto-run slower", act_slower, NULL },
	{ K(':'), GD, "Stepping", "command line: a scenario step in YAML flow form, or goto N; Enter runs it, Esc cancels",
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
	{ K('p'), G, "Grid", "plots over the steps (free pages, mixed blocks, claims, steals, unusable index per zone) on or off",
	  act_plots, NULL },
	{ K('\t'), G, "Grid", "move the cursor to the next block changed by the last step", act_next_changed, NULL },
	{ K('e', 'w'), GD, "Grid", "event log of the last step, with the why panel of its fallback (search with /)", act_log,
	  "events" },
	{ K('v'), G, "Grid", "start a block range at the cursor (again: drop it); Enter on another block opens the page view of the range", act_select, NULL },
	{ K(TK_ENTER, TK_MOUSE), G, "Grid", "open the page view of the blocks under the cursor's cell, or of the range started with v (click: move the cursor)", act_detail,
	  "block" },

	{ K('a'), GD, "Acting on memory", "allocate the chosen type (t) at the chosen order (alloc: {..., tag: u/m/r})",
	  act_alloc, NULL },
	{ K('s'), GD, "Acting on memory", "steal: run the fallback path for the chosen type (steal: {..., tag: s})",
	  act_steal, NULL },
	{ K('t'), GD, "Acting on memory", "next type for a and s: unmovable, movable, reclaimable", act_type, NULL },
	{ K('0', '1', '2'), GD, "Acting on memory", "choose the order 0..9 (any digit key)", act_order, NULL },
	{ K('o'), GD, "Acting on memory", "next order (up to max_order)", act_order_next, NULL },
	{ K('f'), GD, "Acting on memory", "free the allocation under the cursor (free: {pfn: N})", act_free, NULL },
	{ K('F'), GD, "Acting on memory", "free every allocation of its tag (free: {tag: T})", act_free_tag, NULL },
	{ K('c'), GD, "Acting on memory", "compact the cursor's zone (compact: {order: -1, zone: Z})",
	  act_compact, NULL },
	{ K('C'), GD, "Acting on memory",
	  "compact the cursor's zone one engine step at a time: each C (or n, space) scans one pageblock or migrates one batch; b steps back inside it; the event panel says why",
	  act_compact_step, NULL },
	{ K('i'), GD, "Acting on memory", "isolate the block under the cursor (isolate: {blocks: [B, B]})",
	  act_isolate, NULL },
	{ K('I'), GD, "Acting on memory", "unisolate the block under the cursor (unisolate: {blocks: [B, B]})",
	  act_unisolate, NULL },
	{ K('P'), GD, "Acting on memory",
	  "profile: switch mobility grouping off/on (no-grouping <-> linux-6.12) and replay the same steps from boot",
	  act_profile, NULL },

	{ K(TK_LEFT, 'h'), D, "Block detail", "previous page", act_page_left, NULL },
	{ K(TK_RIGHT, 'l'), D, "Block detail", "next page", act_page_right, NULL },
	{ K(TK_UP, 'k'), D, "Block detail", "page one row up", act_page_up, NULL },
	{ K(TK_DOWN, 'j'), D, "Block detail", "page one row down", act_page_down, NULL },
	{ K('{'), D, "Block detail", "scroll the buddy chunks of the range up", act_chunks_up, NULL },
	{ K('}'), D, "Block detail", "scroll the buddy chunks of the range down", act_chunks_down, NULL },
	{ K(TK_PGUP, ','), D, "Block detail", "previous block", act_block_prev, NULL },
	{ K(TK_PGDN, '.'), D, "Block detail", "next block", act_block_next, NULL },
	{ K(TK_ESC, TK_ENTER), D, "Block detail", "back to the grid", act_close, "grid" },

	{ K(TK_UP, 'k'), L, "Event log", "previous event", act_log_up, NULL },
	{ K(TK_DOWN, 'j'), L, "Event log", "next event", act_log_down, NULL },
	{ K(TK_PGUP), L, "Event log", "half a screen up", act_log_pgup, NULL },
	{ K(TK_PGDN, ' '), L, "Event log", "half a screen down", act_log_pgdn, NULL },
	{ K(TK_HOME, 'g'), L, "Event log", "first event", act_log_home, NULL },
	{ K(TK_END, 'G'), L, "Event log", "last event", act_log_end, NULL },
	{ K(TK_ENTER), L, "Event log", "the grid, the cursor on the block the event names", act_log_jump, "to block" },
	{ K('/'), L, "Event log", "search: pfn N, block N, a number, a kind (claim, steal, ...) or words", act_log_search,
	  "search" },
	{ K('n'), L, "Event log", "next match", act_log_next, NULL },
	{ K('N'), L, "Event log", "previous match", act_log_prev, NULL },
	{ K(TK_ESC), L, "Event log", "close the log", act_close, "close" },

	{ K(TK_UP, 'k'), H, "Help", "scroll up", act_help_up, NULL },
	{ K(TK_DOWN, 'j'), H, "Help", "scroll down", act_help_down, NULL },
	{ K(TK_PGUP), H, "Help", "one screen up", act_help_pgup, NULL },
	{ K(TK_PGDN, ' '), H, "Help", "one screen down", act_help_pgdn, NULL },
	{ K(TK_HOME, 'g'), H, "Help", "the top", act_help_home, NULL },
	{ K(TK_END, 'G'), H, "Help", "the end", act_help_end, NULL },
	{ K(TK_ESC), H, "Help", "close the help", act_close, "close" },

	{ K('?'), SC_ALL, "Other", "help: every key (this screen) and the colours", act_help, "help" },
	{ K('d'), SC_ALL, "Other", "the scenario's whole description, reflowed, and the whole caption", act_describe, NULL },
	{ K('S'), SC_ALL, "Other", "save the session as a scenario file in the current directory", act_save, "save" },
	{ K('x'), GD, "Other", "export the grid at this step as an SVG picture in the current directory (buddyviz svg)", act_export_svg, NULL },
	{ K(TK_CTRL('L')), SC_ALL, "Other", "redraw the screen", act_redraw, NULL },
	{ K('q'), SC_ALL, "Other", "close the help or the block view; on the grid quit (asks when hand-made steps are not saved)",
	  act_quit, "quit" },
	{ K('Q'), SC_ALL, "Other", "quit without asking", act_quit_now, NULL },
};
#undef G
#undef D
#undef H
#undef L
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
	if (t->ui.presenter && (key == TK_PGDN || key == TK_RIGHT))
		return act_next(t);
	if (t->ui.presenter && (key == TK_PGUP || key == TK_LEFT))
		return act_back(t);
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

static void log_init(struct tui *t)
{
	t->ui.log_sel = t->app.sum.end ? t->app.sum.end - 1 : 0;
	/* Start on the step's last fallback decision when it has one. */
	uint64_t b, e;
	if (view_log_fallback(&t->app, t->ui.log_sel, &b, &e))
		t->ui.log_sel = e;
	t->ui.log_top = 0;
}

static void log_draw(struct tui *t, uint64_t now)
{
	(void)now;
	view_build_log(&t->view, &t->app, &t->ui, t->w, t->h);
}

static int log_key(struct tui *t, int key)
{
	if (key == TK_MOUSE)
		return t->mouse.button == 4 ? act_log_up(t) : t->mouse.button == 5 ? act_log_down(t) : R_NONE;
	return dispatch(t, key, t->scr->mask);
}

static const struct screen screens[SCREEN_COUNT] = {
	[SCREEN_GRID] = { SC_GRID, grid_init, grid_draw, grid_key },
	[SCREEN_DETAIL] = { SC_DETAIL, detail_init, detail_draw, detail_key },
	[SCREEN_HELP] = { SC_HELP, help_init, help_draw, help_key },
	[SCREEN_LOG] = { SC_LOG, log_init, log_draw, log_key },
};

