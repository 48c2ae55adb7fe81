/* The compare screen's actions, key table and loop (compare.h).
 *
 * Both sides share one position: a step key moves it, and each side
 * follows to min(position, its own length), so a shorter scenario stays
 * at its end (its title says so) while the other runs on, and stepping
 * back brings it along again. One key table drives the dispatch and the
 * `?` screen (view_build_help). The loop handles resizes and signals in
 * one place, like tui_loop.c's; no curses here (tuiterm.h, view.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "keys.h"
#include "scenario/scenario.h"
#include "tui.h"
#include "tui_int.h"
#include "tuiterm.h"

struct cmp_tui {
	struct cmp c;
	struct view view;
	int w, h;
	uint64_t next_step_ms;
};

static void say(struct cmp *c, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct cmp *c, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->ui.status, sizeof(c->ui.status), fmt, ap);
	va_end(ap);
	c->ui.status_role = role;
}

/* ---- moving both sides -------------------------------------------------------- */

/* Moves each side to min(pos, its length). False if a side could not get
 * there (host memory). */
static bool sync_sides(struct cmp *c, uint64_t now)
{
	bool ok = true;
	term_set_busy(true);
	for (int i = 0; i < 2; i++) {
		struct app *a = &c->side[i].app;
		size_t want = c->pos < app_total(a) ? c->pos : app_total(a);
		while (ok && app_pos(a) < want)
			ok = app_forward(a, now);
		while (ok && app_pos(a) > want)
			ok = app_back(a, now);
	}
	term_set_busy(false);
	return ok;
}

/* Says which side stays at its end, or a failed expect of the step just run. */
static void report_step(struct cmp *c)
{
	for (int i = 0; i < 2; i++) {
		const struct app *a = &c->side[i].app;
		if (app_pos(a) == c->pos && c->pos) {
			const struct step_result *r = session_last_result(a->s);
			if (r->nexpect_failed) {
				const struct expect_failure *f = &r->expect_failed[0];
				say(c, ROLE_ERROR, "%c step %zu: expect failed: %s: expected %lld, got %lld", 'A' + i,
				    c->pos, stat_name(f->item->key), (long long)f->item->value, (long long)f->got);
				return;
			}
		}
	}
	for (int i = 0; i < 2; i++) {
		const struct app *a = &c->side[i].app;
		if (c->pos > app_total(a)) {
			say(c, ROLE_NOTICE, "%c is at its end (%zu steps) and stays there; %c runs on", 'A' + i,
			    app_total(a), 'B' - i);
			return;
		}
	}
}

static bool step_forward(struct cmp *c)
{
	if (c->pos >= cmp_total(c))
		return false;
	c->pos++;
	if (!sync_sides(c, now_ms())) {
		say(c, ROLE_ERROR, "out of host memory at step %zu", c->pos);
		return false;
	}
	report_step(c);
	return true;
}

static void stop(struct cmp *c)
{
	c->ui.running = c->ui.to_end = false;
}

/* The step just run is a pause on either side. */
static bool at_pause(const struct cmp *c)
{
	for (int i = 0; i < 2; i++) {
		const struct app *a = &c->side[i].app;
		if (c->pos && app_pos(a) == c->pos && session_step(a->s, c->pos - 1)->kind == STEP_PAUSE)
			return true;
	}
	return false;
}

/* ---- actions ------------------------------------------------------------------- */

static int act_next(struct cmp *c)
{
	stop(c);
	if (!step_forward(c) && !c->ui.status[0])
		say(c, ROLE_NOTICE, "at the end: step %zu/%zu (g goes back to the start)", c->pos, cmp_total(c));
	return R_MOVED;
}

static int act_back(struct cmp *c)
{
	stop(c);
	if (c->pos == 0) {
		say(c, ROLE_NOTICE, "at the start: nothing to undo");
		return R_REDRAW;
	}
	c->pos--;
	if (!sync_sides(c, now_ms()))
		say(c, ROLE_ERROR, "out of host memory stepping back");
	else
		report_step(c);
	return R_MOVED;
}

static int act_run(struct cmp *c)
{
	if (c->ui.running) {
		stop(c);
		say(c, ROLE_NOTICE, "paused at step %zu/%zu", c->pos, cmp_total(c));
		return R_REDRAW;
	}
	if (c->pos >= cmp_total(c)) {
		say(c, ROLE_NOTICE, "at the end: g goes back to the start");
		return R_REDRAW;
	}
	c->ui.running = true;
	c->ui.to_end = false;
	return R_REDRAW;
}

static int act_start(struct cmp *c)
{
	stop(c);
	c->pos = 0;
	sync_sides(c, now_ms());
	return R_MOVED;
}

static int act_end(struct cmp *c)
{
	if (c->pos >= cmp_total(c))
		return R_NONE;
	c->ui.running = c->ui.to_end = true;
	return R_REDRAW;
}

static int act_faster(struct cmp *c)
{
	if (c->ui.speed + 1 < view_nspeeds)
		c->ui.speed++;
	return R_REDRAW;
}

static int act_slower(struct cmp *c)
{
	if (c->ui.speed > 0)
		c->ui.speed--;
	return R_REDRAW;
}

/* The order of the indexes: 0 .. the smaller max_order, then back to
 * pageblock_order (-1). */
static int act_order(struct cmp *c)
{
	int maxo = c->side[0].app.cfg->max_order;
	if (c->side[1].app.cfg->max_order < maxo)
		maxo = c->side[1].app.cfg->max_order;
	int k = c->order < 0 ? c->side[0].app.cfg->pageblock_order : c->order;
	c->order = k + 1 > maxo ? 0 : k + 1;
	say(c, ROLE_NOTICE, "fragmentation indexes at order %d", c->order);
	return R_REDRAW;
}

static int act_help(struct cmp *c)
{
	c->ui.help_desc = false;
	c->ui.help_scroll = 0;
	c->ui.screen = c->ui.screen == SCREEN_HELP ? SCREEN_GRID : SCREEN_HELP;
	return R_CLEAR;
}

static int act_close(struct cmp *c)
{
	c->ui.screen = SCREEN_GRID;
	return R_CLEAR;
}

static int help_by(struct cmp *c, int d)
{
	c->ui.help_scroll += d;
	if (c->ui.help_scroll < 0)
		c->ui.help_scroll = 0;
	return R_REDRAW;
}
static int act_help_up(struct cmp *c) { return help_by(c, -1); }
static int act_help_down(struct cmp *c) { return help_by(c, 1); }
static int act_help_pgup(struct cmp *c) { return help_by(c, -10); }
static int act_help_pgdn(struct cmp *c) { return help_by(c, 10); }
static int act_help_home(struct cmp *c) { return help_by(c, -1000000); }
static int act_help_end(struct cmp *c) { return help_by(c, 1000000); }

static int act_redraw(struct cmp *c)
{
	(void)c;
	return R_CLEAR;
}

static int act_quit(struct cmp *c)
{
	if (c->ui.screen == SCREEN_HELP)
		return act_close(c);
	return R_QUIT;
}

static int act_quit_now(struct cmp *c)
{
	(void)c;
	return R_QUIT;
}

/* ---- the key table -------------------------------------------------------------- */

/* struct binding's fn takes a struct tui; this screen's actions take a
 * struct cmp, so the table keeps them beside it, entry for entry. */
typedef int (*cmp_fn)(struct cmp *c);

#define G SC_GRID
#define H SC_HELP
#define K(...) { __VA_ARGS__ }
#define B(keys, screens, section, help, fn, hint) { keys, screens, section, help, NULL, hint }

static const struct binding bindings[] = {
	B(K(' ', 'n'), G, "Stepping (both sides at once)", "run the next step on both sides (a side at its end stays there and says so)", act_next, "next"),
	B(K('b', TK_BACKSPACE, 'u'), G, "Stepping (both sides at once)", "step back on both sides: undo the last step", act_back, "back"),
	B(K('r'), G, "Stepping (both sides at once)", "run / pause: play the steps, stopping just after a pause step of either side", act_run, "run"),
	B(K('g', TK_HOME), G, "Stepping (both sides at once)", "back to the start (the boot state)", act_start, NULL),
	B(K('G', TK_END), G, "Stepping (both sides at once)", "run to the end of the longer side, ignoring pauses", act_end, NULL),
	B(K(']', '>'), G, "Stepping (both sides at once)", "auto-run faster (speed shown in the top line)", act_faster, NULL),
	B(K('[', '<'), G, "Stepping (both sides at once)", "auto-run slower", act_slower, NULL),
	B(K('o'), G, "Comparison panel", "next order for the unusable and extfrag indexes (starts at pageblock_order); the panel puts A's and B's counters side by side, bold where they differ", act_order, "order"),

	B(K(TK_UP, 'k'), H, "Help", "scroll up", act_help_up, NULL),
	B(K(TK_DOWN, 'j'), H, "Help", "scroll down", act_help_down, NULL),
	B(K(TK_PGUP), H, "Help", "one screen up", act_help_pgup, NULL),
	B(K(TK_PGDN, ' '), H, "Help", "one screen down", act_help_pgdn, NULL),
	B(K(TK_HOME, 'g'), H, "Help", "the top", act_help_home, NULL),
	B(K(TK_END, 'G'), H, "Help", "the end", act_help_end, NULL),
	B(K(TK_ESC), H, "Help", "close the help", act_close, "close"),

	B(K('?'), G | H, "Other", "help: every key (this screen) and the colours", act_help, "help"),
	B(K(TK_CTRL('L')), G | H, "Other", "redraw the screen", act_redraw, NULL),
	B(K('q'), G | H, "Other", "close the help; on the split screen quit", act_quit, "quit"),
	B(K('Q'), G | H, "Other", "quit", act_quit_now, NULL),
};
static const cmp_fn actions[] = {
	act_next, act_back, act_run, act_start, act_end, act_faster, act_slower, act_order,
	act_help_up, act_help_down, act_help_pgup, act_help_pgdn, act_help_home, act_help_end, act_close,
	act_help, act_redraw, act_quit, act_quit_now,
};
#undef B
#undef K
#undef G
#undef H

#define NBINDINGS (sizeof(bindings) / sizeof(bindings[0]))
_Static_assert(sizeof(actions) / sizeof(actions[0]) == NBINDINGS, "one action per binding");

const struct binding *compare_bindings(size_t *n)
{
	*n = NBINDINGS;
	return bindings;
}

static int dispatch(struct cmp *c, int key)
{
	unsigned mask = c->ui.screen == SCREEN_HELP ? SC_HELP : SC_GRID;
	for (size_t i = 0; i < NBINDINGS; i++) {
		if (!(bindings[i].screens & mask))
			continue;
		for (int j = 0; j < 3 && bindings[i].keys[j]; j++)
			if (bindings[i].keys[j] == key)
				return actions[i](c);
	}
	return R_NONE;
}

/* ---- auto-run and the loop --------------------------------------------------------- */

static void run_frame(struct cmp_tui *t, uint64_t now)
{
	struct cmp *c = &t->c;
	int speed = view_speeds[c->ui.speed];
	uint64_t budget_end = now + RUN_BUDGET_MS;
	int n = c->ui.to_end || speed == 0 ? -1 : 1;
	for (int i = 0; n < 0 || i < n; i++) {
		if (!step_forward(c)) {
			stop(c);
			if (!c->ui.status[0] || c->ui.status_role != ROLE_ERROR)
				say(c, ROLE_NOTICE, "end of both scenarios: step %zu/%zu", c->pos, cmp_total(c));
			return;
		}
		if (c->ui.status[0] && c->ui.status_role == ROLE_ERROR) {
			stop(c);
			return;
		}
		if (!c->ui.to_end && at_pause(c)) {
			stop(c);
			say(c, ROLE_NOTICE, "paused after step %zu (pause): r runs on", c->pos);
			return;
		}
		if (c->pos >= cmp_total(c)) {
			stop(c);
			say(c, ROLE_NOTICE, "end of both scenarios: step %zu/%zu", c->pos, cmp_total(c));
			return;
		}
		if (now_ms() >= budget_end || term_pending_signal())
			break;
	}
	t->next_step_ms = speed > 0 && !c->ui.to_end ? now + (uint64_t)(1000 / speed) : now + FRAME_MS;
}

static void draw_screen(struct cmp_tui *t, uint64_t now)
{
	struct cmp *c = &t->c;
	if (c->ui.screen == SCREEN_HELP)
		view_build_help(&t->view, &c->side[0].app, &c->ui, t->w, t->h);
	else
		cmp_build(&t->view, c, t->w, t->h, now);
	term_draw(&t->view, true);
}

static void cmp_fini(struct cmp_tui *t)
{
	for (int i = 0; i < 2; i++) {
		view_fini(&t->c.side[i].pane);
		app_fini(&t->c.side[i].app);
	}
	view_fini(&t->view);
}

int compare_run(const struct scenario *const sc[2], const char *const label[2], bool mono, uint64_t step)
{
	static struct cmp_tui tui;
	struct cmp_tui *t = &tui;
	struct cmp *c = &t->c;
	char err[256];
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < 2; i++) {
		if (!app_init(&c->side[i].app, sc[i])) {
			fprintf(stderr, "buddyviz: out of host memory building the machines\n");
			if (i)
				app_fini(&c->side[0].app);
			return 1;
		}
		ui_init(&c->side[i].ui, &c->side[i].app);
		view_init(&c->side[i].pane);
		c->side[i].label = label[i];
	}
	view_init(&t->view);
	ui_init(&c->ui, &c->side[0].app);
	c->order = -1;
	c->ui.bindings = bindings;
	c->ui.nbindings = NBINDINGS;
	c->ui.help_title = "buddyviz compare keys";
	c->pos = step > cmp_total(c) ? cmp_total(c) : (size_t)step;
	sync_sides(c, now_ms());
	if (!term_open(mono, err, sizeof(err))) {
		fprintf(stderr, "buddyviz: %s\n", err);
		cmp_fini(t);
		return TUI_EXIT_NO_TERMINAL;
	}
	c->ui.mono = term_is_mono();
	c->ui.utf8 = term_is_utf8();
	term_size(&t->w, &t->h);

	int rc = 0;
	bool quit = false, dirty = true;
	while (!quit) {
		uint64_t now = now_ms();
		if (c->ui.running && now >= t->next_step_ms) {
			run_frame(t, now);
			dirty = true;
		}
		if (dirty) {
			draw_screen(t, now_ms());
			dirty = false;
		}
		int sig = term_pending_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		int timeout = IDLE_MS;
		if (c->ui.running) {
			int64_t d = (int64_t)t->next_step_ms - (int64_t)now_ms();
			timeout = d < 0 ? 0 : d < IDLE_MS ? (int)d : IDLE_MS;
		}
		struct tui_mouse mouse;
		int key = term_read_key(timeout, &mouse);
		sig = term_pending_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		if (key == TK_TIMEOUT)
			continue;
		dirty = true;
		/* The one place that handles a resize: the next frame is laid
		 * out for the new size (and says when it is too small). */
		if (key == TK_RESIZE) {
			term_size(&t->w, &t->h);
			term_invalidate();
			continue;
		}
		if (t->w < VIEW_MIN_W || t->h < VIEW_MIN_H) {
			if (key == 'q' || key == 'Q')
				quit = true;
			continue;
		}
		c->ui.status[0] = 0;
		int r = dispatch(c, key);
		if (r & R_CLEAR)
			term_invalidate();
		if (r & R_QUIT)
			quit = true;
	}
	term_close();
	cmp_fini(t);
	return rc;
}
