/* The interface recorded without a terminal (tui.h: tui_record()): the same
 * screens, drawn by draw.c into a temporary file, stepped by a clock of its
 * own. No curses here. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/session.h"
#include "export/export.h"
#include "scenario/scenario.h"
#include "tui.h"
#include "tui_int.h"
#include "tuiterm.h"

struct rec {
	FILE *tmp;
	off_t done;
	tui_record_fn out;
	void *ctx;
};

/* Hands the bytes written since the last call to out() at time t. */
static void take(struct rec *r, double t)
{
	fflush(r->tmp);
	struct stat st;
	if (fstat(fileno(r->tmp), &st) != 0 || st.st_size <= r->done)
		return;
	size_t n = (size_t)(st.st_size - r->done);
	char *buf = malloc(n);
	if (!buf)
		return;
	ssize_t got = pread(fileno(r->tmp), buf, n, r->done);
	if (got > 0) {
		r->out(r->ctx, t, buf, (size_t)got);
		r->done += got;
	}
	free(buf);
}

static void frame(struct tui *t, struct rec *r, double when)
{
	t->scr->draw(t, now_ms());
	term_draw(&t->view, true);
	take(r, when);
}

int tui_record(const struct scenario *sc, const char *term, int w, int h, bool mono, double delay, tui_record_fn out,
	       void *ctx)
{
	static struct tui tui;
	struct tui *t = &tui;
	memset(t, 0, sizeof(*t));
	/* A recording is played on UTF-8 terminals: draw the UTF-8 glyphs
	 * when the host has a UTF-8 locale, whatever this one is. */
	if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "C.utf8"))
		setenv("LC_ALL", setlocale(LC_ALL, NULL), 1);
	struct rec r = { tmpfile(), 0, out, ctx };
	FILE *in = fopen("/dev/null", "r");
	if (!r.tmp || !in) {
		fprintf(stderr, "buddyviz: cannot create a temporary file for the recording\n");
		if (r.tmp)
			fclose(r.tmp);
		if (in)
			fclose(in);
		return 2;
	}
	if (!app_init(&t->app, sc)) {
		fprintf(stderr, "buddyviz: out of host memory building the machine\n");
		fclose(r.tmp);
		fclose(in);
		return 2;
	}
	/* curses sizes the screen (and its scroll region) from these. */
	char num[16];
	snprintf(num, sizeof(num), "%d", h);
	setenv("LINES", num, 1);
	snprintf(num, sizeof(num), "%d", w);
	setenv("COLUMNS", num, 1);
	if (!term_open_file(r.tmp, in, term, w, h, mono)) {
		fprintf(stderr, "buddyviz: no terminal description for '%s' (is ncurses-term installed?)\n", term);
		app_fini(&t->app);
		fclose(r.tmp);
		fclose(in);
		return 2;
	}
	ui_init(&t->ui, &t->app);
	t->ui.mono = term_is_mono();
	t->ui.utf8 = term_is_utf8();
	t->ui.bindings = tui_bindings(&t->ui.nbindings);
	view_init(&t->view);
	t->w = w;
	t->h = h;
	go_screen(t, SCREEN_GRID);
	status(t, ROLE_NOTICE, "recorded with buddyviz record: %zu steps", app_total(&t->app));

	double when = 0;
	frame(t, &r, when);
	while (app_pos(&t->app) < app_total(&t->app)) {
		const struct step *st = session_step(t->app.s, app_pos(&t->app));
		bool say = st && st->kind == STEP_SAY;
		t->ui.status[0] = 0;
		if (!move_forward(t))
			break;
		report_expect(t);
		if (app_pos(&t->app) >= app_total(&t->app) && !t->ui.status[0])
			status(t, ROLE_NOTICE, "end of the scenario: step %zu/%zu", app_pos(&t->app), app_total(&t->app));
		when += delay;
		frame(t, &r, when);
		if (say)
			when += delay;
	}
	when += 2 * delay;
	term_close();
	take(&r, when);
	view_fini(&t->view);
	app_fini(&t->app);
	fclose(r.tmp);
	fclose(in);
	return 0;
}

int act_export_svg(struct tui *t)
{
	char name[256], err[512];
	if (!svg_save(&t->app, ".", name, sizeof(name), err, sizeof(err)))
		status(t, ROLE_ERROR, "%s", err);
	else
		status(t, ROLE_OK, "grid of step %zu written to %s (an SVG picture; buddyviz html makes a whole replay)",
		       app_pos(&t->app), name);
	return R_REDRAW;
}
