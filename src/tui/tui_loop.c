/* The terminal interface's main loop: the command line, auto-run, the
 * frame loop with signals and resizes (tui_int.h). No curses here. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "scenario/scenario.h"
#include "tui.h"
#include "tui_int.h"
#include "tuiterm.h"

uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void status(struct tui *t, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->ui.status, sizeof(t->ui.status), fmt, ap);
	va_end(ap);
	t->ui.status_role = role;
}

/* ---- moving the session (the engine may take a while: busy) ---------------- */

/* ---- long steps: progress, keys, cancel ------------------------------------- */

static void busy_draw(struct tui *t, uint64_t done, uint64_t total)
{
	const struct app *a = &t->app;
	char ev[1024] = "";
	uint64_t seq = machine_event_seq(a->m);
	const struct event *e = seq ? machine_event(a->m, seq - 1) : NULL;
	if (e)
		event_format(a->m, e, ev, sizeof(ev));
	app_live_refresh(&t->app);
	if (t->slow && !total)
		status(t, ROLE_RUN, "step %zu: %llu engine steps done (Esc cancels, space finishes)%s%s", app_pos(a) + 1,
		       (unsigned long long)done, done ? ": " : "", done ? ev : "");
	else if (t->slow)
		status(t, ROLE_RUN, "step %zu: %llu of %llu done (Esc cancels, space finishes)%s%s", app_pos(a) + 1,
		       (unsigned long long)done, (unsigned long long)total, done ? ": " : "", done ? ev : "");
	else if (!total)    /* a compaction: its length is not known ahead */
		status(t, ROLE_RUN, "step %zu running: %llu engine steps, %.1f s - Esc or Ctrl-C cancels", app_pos(a) + 1,
		       (unsigned long long)done, (double)(now_ms() - t->busy_t0) / 1000.0);
	else
		status(t, ROLE_RUN, "step %zu running: %llu of %llu operations (%llu%%), %.1f s - Esc or Ctrl-C cancels",
		       app_pos(a) + 1, (unsigned long long)done, (unsigned long long)total,
		       (unsigned long long)(total ? done * 100 / total : 0), (double)(now_ms() - t->busy_t0) / 1000.0);
	t->scr->draw(t, now_ms());
	term_draw(&t->view, true);
}

/* Keys while a step runs: true to go on. */
static bool busy_key(struct tui *t, int key)
{
	switch (key) {
	case TK_ESC:
	case 'q':
	case TK_CTRL('C'):
		return false;
	case TK_RESIZE:
		term_size(&t->w, &t->h);
		term_invalidate();
		return true;
	case ' ':
	case '.':
	case 'n':
		/* Finish the rest at full speed. */
		t->slow = false;
		t->prog.every = 256;
		return true;
	case ']':
	case '>':
		if (t->ui.speed + 1 < view_nspeeds)
			t->ui.speed++;
		return true;
	case '[':
	case '<':
		if (t->ui.speed > 0)
			t->ui.speed--;
		return true;
	default:
		return true;
	}
}

static bool on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct tui *t = ctx;
	int sig = term_pending_signal();
	if (sig) {
		/* Ctrl-C cancels the step, never the session; SIGTERM and
		 * SIGHUP cancel it too, then the loop ends the program. */
		if (sig == SIGINT)
			term_clear_signal();
		return false;
	}
	uint64_t now = now_ms();
	if (t->slow) {
		int sp = view_speeds[t->ui.speed];
		uint64_t gap = sp ? 1000u / (unsigned)sp : 0;
		if (!t->busy_next_op)
			t->busy_next_op = now + gap;   /* the state before the first one shows too */
		busy_draw(t, done, total);
		for (;;) {
			now = now_ms();
			if (now >= t->busy_next_op || !t->slow)
				break;
			int key = term_read_key((int)(t->busy_next_op - now), &t->mouse);
			if (term_pending_signal())
				return on_progress(ctx, done, total);
			if (key != TK_TIMEOUT && !busy_key(t, key))
				return false;
		}
		t->busy_next_op = now_ms() + gap;
		return true;
	}
	if (now - t->busy_t0 < BUSY_SHOW_MS)
		return true;
	if (now >= t->busy_poll) {
		t->busy_poll = now + 20;
		int key = term_read_key(0, &t->mouse);
		if (key != TK_TIMEOUT && !busy_key(t, key))
			return false;
	}
	if (now >= t->busy_draw) {
		t->busy_draw = now + 100;
		busy_draw(t, done, total);
	}
	return true;
}

static bool forward(struct tui *t, bool slow)
{
	/* Inside a compaction started with C, auto-run plays its engine steps. */
	if (!slow && app_compact_stepping(&t->app))
		return app_compact_more(&t->app, now_ms());
	t->slow = slow;
	t->cancelled = false;
	t->prog = (struct step_progress){ on_progress, t, slow ? 1 : 256 };
	t->busy_t0 = now_ms();
	t->busy_draw = t->busy_t0 + BUSY_SHOW_MS;
	t->busy_poll = 0;
	t->busy_next_op = 0;
	char saved[UI_STATUS_MAX];
	snprintf(saved, sizeof(saved), "%s", t->ui.status);
	int role = t->ui.status_role;
	bool ok = app_forward_progress(&t->app, now_ms(), &t->prog, &t->cancelled);
	t->slow = false;
	snprintf(t->ui.status, sizeof(t->ui.status), "%s", saved);
	t->ui.status_role = role;
	if (t->cancelled) {
		stop_running(t);
		status(t, ROLE_NOTICE, "step %zu cancelled: back to the state before it (step %zu/%zu)", app_pos(&t->app) + 1,
		       app_pos(&t->app), app_total(&t->app));
		term_invalidate();
	}
	return ok;
}

bool move_forward(struct tui *t) { return forward(t, false); }
bool move_forward_slow(struct tui *t) { return forward(t, true); }

int stop_running(struct tui *t)
{
	bool was = t->ui.running;
	t->ui.running = t->ui.to_end = false;
	return was ? R_REDRAW : R_NONE;
}

/* A failed expect of the step just run, in the status line as `run`
 * reports it on stderr. True if there was one. */
bool report_expect(struct tui *t)
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
int run_text(struct tui *t, const char *text)
{
	char err[512];
	stop_running(t);
	/* ":set pcp on", ":set watermarks off": replay with the other mode. */
	if (!strncmp(text, "set ", 4) || !strcmp(text, "set")) {
		bool ok = app_set_mode(&t->app, text + (text[3] ? 4 : 3), now_ms(), err, sizeof(err));
		if (!ok) {
			status(t, ROLE_ERROR, "error: %s", err);
			return R_REDRAW;
		}
		status(t, ROLE_OK, "%s; replayed to step %zu", err, app_pos(&t->app));
		term_invalidate();
		return R_MOVED;
	}
	t->prog = (struct step_progress){ on_progress, t, 256 };
	t->slow = false;
	t->busy_t0 = now_ms();
	t->busy_draw = t->busy_t0 + BUSY_SHOW_MS;
	t->busy_poll = 0;
	bool ok = app_run_text_progress(&t->app, text, now_ms(), &t->prog, err, sizeof(err));
	if (!ok && strncmp(err, "cancelled", 9) == 0) {
		status(t, ROLE_NOTICE, "%s cancelled: nothing changed", text);
		term_invalidate();
		return R_REDRAW;
	}
	if (!ok) {
		/* The parser says LINE:COL: of a one-line text: name the column. */
		unsigned line, col;
		int used = 0;
		if (sscanf(err, "%u:%u: %n", &line, &col, &used) == 2 && used > 0)
			status(t, ROLE_ERROR, "column %u: %s; nothing changed (%s)", col, err + used, text);
		else if ((used = 0, sscanf(err, "%u: %n", &col, &used)) == 1 && used > 0)
			status(t, ROLE_ERROR, "column %u: %s; nothing changed (%s)", col, err + used, text);
		else
			status(t, ROLE_ERROR, "error: %s; nothing changed (%s)", err, text);
		return R_REDRAW;
	}
	if (!report_expect(t))
		status(t, ROLE_OK, "ran step %zu: %s", app_pos(&t->app), text);
	return R_MOVED;
}

/* ---- the command line -------------------------------------------------------- */

static void cmd_set(struct tui *t, const char *s)
{
	snprintf(t->ui.cmd, sizeof(t->ui.cmd), "%s", s);
	t->ui.cmd_len = strlen(t->ui.cmd);
}

/* `goto N` (or just N): a command of the command line, not a step. */
static bool is_goto(const char *c)
{
	while (*c == ' ')
		c++;
	if (strncmp(c, "goto", 4) == 0 && (c[4] == ' ' || c[4] == 0))
		return true;
	if (*c < '0' || *c > '9')
		return false;
	while (*c >= '0' && *c <= '9')
		c++;
	while (*c == ' ')
		c++;
	return *c == 0;
}

static int cmd_goto(struct tui *t, const char *c)
{
	while (*c == ' ')
		c++;
	if (strncmp(c, "goto", 4) == 0)
		c += 4;
	char *end;
	unsigned long long k = strtoull(c, &end, 10);
	while (*end == ' ')
		end++;
	if (end == c || *end) {
		status(t, ROLE_ERROR, "goto takes a step number 0..%zu", app_total(&t->app));
		return R_REDRAW;
	}
	if (k > app_total(&t->app))
		k = app_total(&t->app);
	stop_running(t);
	term_set_busy(true);
	app_goto(&t->app, (size_t)k, now_ms());
	term_set_busy(false);
	report_expect(t);
	return R_MOVED;
}

int cmd_key(struct tui *t, int key)
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
		if (ui->cmd_prompt == '/') {
			t->nhist--;   /* searches stay out of the step history */
			return log_search(t, ui->cmd, 1);
		}
		if (is_goto(ui->cmd))
			return cmd_goto(t, ui->cmd);
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
			if (t->cancelled)
				return;
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
		if (pos >= app_total(&t->app) && !app_compact_stepping(&t->app)) {
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

int tui_run(const struct scenario *sc, bool mono, uint64_t step)
{
	static struct tui tui;
	struct tui *t = &tui;
	char err[256];
	memset(t, 0, sizeof(*t));
	if (!app_init(&t->app, sc)) {
		fprintf(stderr, "buddyviz: out of host memory building the machine\n");
		return 1;
	}
	if (step)
		app_goto(&t->app, step > app_total(&t->app) ? app_total(&t->app) : (size_t)step, now_ms());
	if (!term_open(mono, err, sizeof(err))) {
		fprintf(stderr, "buddyviz: %s\n", err);
		app_fini(&t->app);
		return TUI_EXIT_NO_TERMINAL;
	}
	ui_init(&t->ui, &t->app);
	t->ui.mono = term_is_mono();
	t->ui.utf8 = term_is_utf8();
	t->ui.bindings = tui_bindings(&t->ui.nbindings);
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
		/* Change marks stay until the next move: nothing fades, a frame
		 * is drawn only when something changed. */
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
		if (t->confirm_quit) {
			t->confirm_quit = false;
			if (key == 'y' || key == 'Y') {
				quit = true;
				continue;
			}
			status(t, ROLE_NOTICE, "not quitting (S saves the session, Q quits without asking)");
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
