/* The quiz in the terminal (quiz_view.h). The main screen is built as the
 * TUI builds it (view_build_main); the quiz then writes its own caption
 * (the question, or the verdict), the panel under the grid (the step to
 * come, or the events that explain it) and the status line (the answer
 * being typed). The questions, answers and score are src/scenario/quiz.h.
 * No curses here: tuiterm.h draws. */
#include "tui/quiz_view.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "scenario/quiz.h"
#include "scenario/scenario.h"
#include "tui.h"
#include "tui_int.h"
#include "tuiterm.h"
#include "view_int.h"

enum { PH_ASK, PH_REVEAL, PH_END };
enum { ANS_NONE, ANS_GIVEN, ANS_SKIPPED };

struct qv {
	struct app app;
	struct ui ui;
	struct view view;
	int w, h;
	const struct scenario *sc;
	struct quiz qz;
	size_t pi, k;              /* the point and its question */
	int phase;
	char input[128];
	size_t ilen;
	char note[256];            /* a bad answer's hint */
	struct quiz_value *given, *right;
	int *state;
	size_t *num;               /* the number each question was asked as */
	struct quiz_probe probe;
	bool probing;
	struct quiz_score score;
	size_t asked;
	bool quitting;             /* q: the verdicts of this step, then the end */
	int bad;                   /* the scenario contradicts itself */
	char problems[4][300];     /* its first problems, said after the terminal closes */
	int nproblems;
	char cap[1800];            /* text (1024) and two values (200 each) fit */
};

static void qv_hook(void *ctx, const struct machine *m, const struct event *ev)
{
	(void)m;
	struct qv *q = ctx;
	if (q->probing)
		quiz_probe_event(&q->probe, ev);
}

static void problem(struct qv *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct qv *q, const char *fmt, ...)
{
	q->bad = 1;
	if (q->nproblems == 4)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(q->problems[q->nproblems++], sizeof(q->problems[0]), fmt, ap);
	va_end(ap);
}

/* One step forward; an expect the step breaks is the scenario's problem. */
static bool forward(struct qv *q)
{
	term_set_busy(true);
	bool ok = app_forward(&q->app, now_ms());
	term_set_busy(false);
	const struct step_result *r = session_last_result(q->app.s);
	for (size_t i = 0; ok && r && i < r->nexpect_failed; i++) {
		const struct expect_failure *f = &r->expect_failed[i];
		problem(q, "%s:%u:%u: expect failed: %s: expected %lld, got %lld", q->sc->path, f->item->pos.line,
			f->item->pos.col, stat_name(f->item->key), (long long)f->item->value, (long long)f->got);
	}
	return ok;
}

static const struct quiz_point *point(const struct qv *q) { return &q->qz.p[q->pi]; }

static void start_point(struct qv *q)
{
	while (app_pos(&q->app) < point(q)->ask_at)
		if (!forward(q))
			break;
	q->phase = PH_ASK;
	q->k = 0;
	q->ilen = 0;
	q->input[0] = q->note[0] = 0;
}

/* Runs the step asked about (and the expect/quiz steps after it), then
 * scores the point's answers. */
static void run_point(struct qv *q)
{
	const struct quiz_point *p = point(q);
	quiz_probe_fini(&q->probe);
	bool probe = quiz_probe_begin(&q->probe, q->app.m);
	machine_set_event_hook(q->app.m, qv_hook, q);
	q->probing = probe;
	while (app_pos(&q->app) < p->upto)
		if (!forward(q))
			break;
	q->probing = false;
	machine_set_event_hook(q->app.m, NULL, NULL);
	for (size_t i = p->first; i < p->first + p->n; i++) {
		const struct quiz_question *qq = &q->qz.q[i];
		if (!probe || !quiz_correct(&q->probe, q->app.m, qq, &q->right[i]))
			continue;
		if (qq->from_quiz && qq->has_stated && !quiz_value_equal(qq->about, &qq->stated, &q->right[i])) {
			char a[200], b[200];
			quiz_value_text(qq->about, &qq->stated, a, sizeof(a));
			quiz_value_text(qq->about, &q->right[i], b, sizeof(b));
			problem(q, "%s:%u:%u: quiz answer wrong: %s: expected %s, got %s", q->sc->path, qq->pos.line,
				qq->pos.col, quiz_about_name(qq->about), a, b);
		}
		if (q->state[i] == ANS_NONE)
			continue;
		q->score.asked++;
		if (q->state[i] == ANS_SKIPPED)
			q->score.skipped++;
		else if (quiz_value_equal(qq->about, &q->given[i], &q->right[i]))
			q->score.right++;
		else
			q->score.wrong++;
	}
	q->phase = PH_REVEAL;
	q->k = 0;
	while (q->k < p->n && q->state[p->first + q->k] == ANS_NONE)
		q->k++;
	if (q->k == p->n)
		q->phase = PH_END;
}

static void next_reveal(struct qv *q)
{
	const struct quiz_point *p = point(q);
	do
		q->k++;
	while (q->k < p->n && q->state[p->first + q->k] == ANS_NONE);
	if (q->k < p->n)
		return;
	if (q->quitting || ++q->pi >= q->qz.np) {
		q->phase = PH_END;
		return;
	}
	start_point(q);
}

/* q: the score so far (the answers of this point are still revealed). */
static void quit(struct qv *q)
{
	q->quitting = true;
	if (q->phase == PH_ASK && q->k > 0)
		run_point(q);
	else
		q->phase = PH_END;
}

static void answer(struct qv *q, int st)
{
	size_t i = point(q)->first + q->k;
	q->state[i] = st;
	q->num[i] = ++q->asked;
	q->ilen = 0;
	q->input[0] = q->note[0] = 0;
	if (++q->k == point(q)->n)
		run_point(q);
}

/* ---- the screen ------------------------------------------------------------------ */

static void panel_line(struct qv *q, int row, int role, const char *s)
{
	struct view_row *r = &q->view.rows[row];
	row_reset(r, ROW_TEXT, role);
	row_putn(r, role, s, (size_t)-1, -1);
}

/* Text wrapped over rows [*row, end); continuation lines indented. */
static void panel_wrap(struct qv *q, int *row, int end, int role, const char *s)
{
	bool first = true;
	while (*s && *row < end) {
		struct view_row *r = &q->view.rows[(*row)++];
		row_reset(r, ROW_TEXT, role);
		if (!first)
			row_put(r, role, "    ");
		size_t skip, len = wrap_line(s, row_room(r), r->utf8, &skip);
		if (!len && !skip)
			break;
		row_putn(r, role, s, len, -1);
		s += len + skip;
		first = false;
	}
}

static void draw(struct qv *q, uint64_t now)
{
	struct app *a = &q->app;
	const struct quiz_point *p = q->pi < q->qz.np ? point(q) : NULL;
	char text[1024], step[512], sc[128];
	const struct quiz_question *qq = p && q->k < p->n ? &q->qz.q[p->first + q->k] : NULL;
	size_t qi = p ? p->first + q->k : 0;

	/* The caption says the question, the verdict or the score. */
	quiz_score_text(&q->score, sc, sizeof(sc));
	if (q->phase == PH_END) {
		snprintf(q->cap, sizeof(q->cap), "Quiz over. Score: %s. Any key quits.", sc);
	} else {
		quiz_question_text(qq, &q->sc->cfg, p->has_target, text, sizeof(text));
		if (q->phase == PH_ASK) {
			snprintf(q->cap, sizeof(q->cap), "Question %zu of %zu: %s", q->asked + 1, q->qz.nq, text);
		} else {
			char gt[200], rt[200];
			quiz_value_text(qq->about, &q->right[qi], rt, sizeof(rt));
			quiz_value_text(qq->about, &q->given[qi], gt, sizeof(gt));
			if (q->state[qi] == ANS_SKIPPED)
				snprintf(q->cap, sizeof(q->cap), "%zu. Skipped; the answer is %s. (%s)", q->num[qi], rt, text);
			else if (quiz_value_equal(qq->about, &q->given[qi], &q->right[qi]))
				snprintf(q->cap, sizeof(q->cap), "%zu. Right: %s. (%s)", q->num[qi], rt, text);
			else
				snprintf(q->cap, sizeof(q->cap), "%zu. Wrong: you said %s; the answer is %s. (%s)", q->num[qi],
					 gt, rt, text);
		}
	}
	a->caption = q->cap;
	a->caption_step = 0;
	view_build_main(&q->view, a, &q->ui, q->w, q->h, now);
	if (q->view.too_small)
		return;
	const struct main_layout *l = &q->view.lay;
	int row = l->events_top, end = l->table_top;
	if (l->ncompact)
		row = l->compact_top;
	if (q->phase == PH_ASK && p) {
		if (p->has_target) {
			scenario_step_text(&q->sc->steps[p->ask_at], step, sizeof(step));
			snprintf(text, sizeof(text), "Next: step %zu of %zu: %s", p->ask_at + 1, app_total(a), step);
		} else {
			snprintf(text, sizeof(text), "About the state after step %zu of %zu", app_pos(a), app_total(a));
		}
		panel_wrap(q, &row, end, ROLE_HEAD, text);
		snprintf(text, sizeof(text), "Answer with %s.", quiz_answer_hint(qq->about));
		panel_wrap(q, &row, end, ROLE_NORMAL, text);
		panel_wrap(q, &row, end, ROLE_DIM, "Arrows move the cursor: the line above the panel names its block.");
		for (; row < end; row++)
			panel_line(q, row, ROLE_NORMAL, "");
	} else if (q->phase == PH_REVEAL && p && p->has_target) {
		snprintf(text, sizeof(text), "Why (step %zu): the events that decided it, as the log shows them", p->ask_at + 1);
		panel_line(q, row++, ROLE_HEAD, text);
		/* The captions the scenario says of the step. */
		for (size_t i = q->pi ? q->qz.p[q->pi - 1].upto : 0; i < p->upto && row < end; i++)
			if (q->sc->steps[i].kind == STEP_SAY && (i > p->ask_at || quiz_say_held(q->sc, i, p->ask_at)))
				panel_wrap(q, &row, end, ROLE_CAPTION, q->sc->steps[i].u.say);
		const struct event *why[QUIZ_KEEP];
		size_t nw = quiz_why(&q->probe, why, QUIZ_KEEP);
		for (size_t i = 0; i < nw && row < end; i++) {
			event_format(a->m, why[i], text, sizeof(text));
			panel_wrap(q, &row, end, ROLE_NORMAL, text);
		}
		for (; row < end; row++)
			panel_line(q, row, ROLE_NORMAL, "");
	}
	/* The status line: the answer being typed, or what the keys do. */
	struct view_row *r = &q->view.rows[l->status_row];
	if (q->phase == PH_ASK) {
		row_reset(r, ROW_TEXT, ROLE_CMDLINE);
		row_printf(r, ROLE_CMDLINE, "answer %zu/%zu> %s", q->asked + 1, q->qz.nq, q->input);
		q->view.cur_y = l->status_row;
		q->view.cur_x = r->cols;
		row_put(r, q->note[0] ? ROLE_ERROR : ROLE_DIM, q->note[0] ? "  " : "   Enter answers, Esc skips, q quits");
		if (q->note[0])
			row_put(r, ROLE_ERROR, q->note);
	} else {
		row_reset(r, ROW_TEXT, ROLE_STATUS);
		row_printf(r, ROLE_STATUS, "score %s   ", sc);
		row_put(r, ROLE_KEY, q->phase == PH_END ? "any key" : "space");
		row_put(r, ROLE_STATUS, q->phase == PH_END ? " quits" : " next  ");
		if (q->phase != PH_END) {
			row_put(r, ROLE_KEY, "q");
			row_put(r, ROLE_STATUS, " quit with the score");
		}
	}
}

/* ---- keys ------------------------------------------------------------------------- */

/* Returns true to end the loop. */
static bool key(struct qv *q, int k)
{
	if (q->phase == PH_END)
		return true;
	if (k == TK_LEFT || k == TK_RIGHT || k == TK_UP || k == TK_DOWN) {
		int dx = k == TK_LEFT ? -1 : k == TK_RIGHT ? 1 : 0, dy = k == TK_UP ? -1 : k == TK_DOWN ? 1 : 0;
		q->ui.cursor = grid_move(&q->view.lay.g, q->ui.cursor, dx, dy);
		return false;
	}
	if (k == 'q' || k == 'Q') {
		quit(q);
		return false;
	}
	if (q->phase == PH_REVEAL) {
		if (k == ' ' || k == TK_ENTER || k == 'n')
			next_reveal(q);
		return false;
	}
	/* PH_ASK: the input line. */
	if (k == TK_ESC) {
		answer(q, ANS_SKIPPED);
	} else if (k == TK_ENTER) {
		size_t i = point(q)->first + q->k;
		quiz_value_clear(&q->given[i]);
		int pr = quiz_parse_answer(&q->qz.q[i], q->input, &q->given[i], q->note, sizeof(q->note));
		if (pr != QP_BAD)
			answer(q, pr == QP_EMPTY ? ANS_SKIPPED : ANS_GIVEN);
	} else if (k == TK_BACKSPACE) {
		while (q->ilen > 0 && ((unsigned char)q->input[--q->ilen] & 0xC0) == 0x80)
			;
		q->input[q->ilen] = 0;
	} else if (k >= 32 && k < 127 && q->ilen + 1 < sizeof(q->input)) {
		q->input[q->ilen++] = (char)k;
		q->input[q->ilen] = 0;
		q->note[0] = 0;
	}
	return false;
}

int tui_quiz_run(const struct scenario *sc, bool mono, bool marked_only)
{
	static struct qv qv;
	struct qv *q = &qv;
	char err[256];
	memset(q, 0, sizeof(*q));
	q->sc = sc;
	if (!quiz_build(&q->qz, sc, marked_only)) {
		fprintf(stderr, "buddyviz: out of host memory\n");
		return 2;
	}
	if (!q->qz.nq) {
		fprintf(stderr, "%s: no questions: the scenario has no %s step to ask from\n", sc->path,
			marked_only ? "quiz" : "expect or quiz");
		quiz_free(&q->qz);
		return 2;
	}
	q->given = calloc(q->qz.nq, sizeof(*q->given));
	q->right = calloc(q->qz.nq, sizeof(*q->right));
	q->state = calloc(q->qz.nq, sizeof(*q->state));
	q->num = calloc(q->qz.nq, sizeof(*q->num));
	if (!q->given || !q->right || !q->state || !q->num || !app_init(&q->app, sc)) {
		fprintf(stderr, "buddyviz: out of host memory building the machine\n");
		free(q->given);
		free(q->right);
		free(q->state);
		free(q->num);
		quiz_free(&q->qz);
		return 2;
	}
	int rc = 0;
	if (!term_open(mono, err, sizeof(err))) {
		fprintf(stderr, "buddyviz: %s (buddyviz quiz --plain asks on lines)\n", err);
		rc = TUI_EXIT_NO_TERMINAL;
		goto out;
	}
	ui_init(&q->ui, &q->app);
	q->ui.mono = term_is_mono();
	q->ui.utf8 = term_is_utf8();
	q->ui.bindings = tui_bindings(&q->ui.nbindings);
	view_init(&q->view);
	term_size(&q->w, &q->h);
	start_point(q);
	for (;;) {
		draw(q, now_ms());
		term_draw(&q->view, true);
		struct tui_mouse mouse;
		int k = term_read_key(IDLE_MS, &mouse);
		int sig = term_pending_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		if (k == TK_TIMEOUT)
			continue;
		if (k == TK_RESIZE) {
			term_size(&q->w, &q->h);
			term_invalidate();
			continue;
		}
		if (q->w < VIEW_MIN_W || q->h < VIEW_MIN_H) {
			if (k == 'q')
				break;
			continue;
		}
		if (k == TK_CTRL('L'))
			term_invalidate();
		if (key(q, k))
			break;
	}
	term_close();
	view_fini(&q->view);
	if (rc == 0) {
		char s[128];
		quiz_score_text(&q->score, s, sizeof(s));
		printf("Score: %s.\n", s);
		rc = q->bad;
	}
out:
	for (int i = 0; i < q->nproblems; i++)
		fprintf(stderr, "%s\n", q->problems[i]);
	quiz_probe_fini(&q->probe);
	for (size_t i = 0; i < q->qz.nq; i++) {
		quiz_value_clear(&q->given[i]);
		quiz_value_clear(&q->right[i]);
	}
	free(q->given);
	free(q->right);
	free(q->state);
	free(q->num);
	app_fini(&q->app);
	quiz_free(&q->qz);
	return rc;
}
