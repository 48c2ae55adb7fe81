/* The quiz on lines of text (quiz_line.h): scriptable and testable,
 * `printf '2\n3\n' | buddyviz quiz FILE`. */
#include "report/quiz_line.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/mtype.h"
#include "engine/step.h"
#include "scenario/quiz.h"
#include "scenario/scenario.h"

/* ---- running steps with a probe ------------------------------------------------ */

struct runner {
	struct machine *m;
	struct quiz_probe probe;
	bool probing;
	event_hook_fn chain;
	void *chain_ctx;
	const struct scenario *sc;
	FILE *err;
	int bad;                   /* the scenario contradicted itself */
};

static void runner_hook(void *ctx, const struct machine *m, const struct event *ev)
{
	struct runner *r = ctx;
	if (r->probing)
		quiz_probe_event(&r->probe, ev);
	if (r->chain)
		r->chain(r->chain_ctx, m, ev);
}

/* Runs step i; an expect that fails is the scenario's problem, said on err. */
static bool run_step(struct runner *r, size_t i)
{
	struct step_result res = { 0 };
	step_run(r->m, &r->sc->steps[i], &res);
	for (size_t k = 0; k < res.nexpect_failed && r->err; k++) {
		const struct expect_failure *f = &res.expect_failed[k];
		fprintf(r->err, "%s:%u:%u: expect failed: %s: expected %lld, got %lld\n", r->sc->path, f->item->pos.line,
			f->item->pos.col, stat_name(f->item->key), (long long)f->item->value, (long long)f->got);
		r->bad = 1;
	}
	bool oom = res.host_oom;
	step_result_clear(&res);
	if (oom && r->err)
		fprintf(r->err, "%s: the host ran out of memory at step %zu\n", r->sc->path, i + 1);
	return !oom;
}

/* A stated answer (an expect value, a quiz answer) the simulation contradicts. */
static void stated_check(struct runner *r, const struct quiz_question *q, const struct quiz_value *right)
{
	if (!q->has_stated || !q->from_quiz || quiz_value_equal(q->about, &q->stated, right))
		return;    /* expect keys: run_step reported them */
	char a[256], b[256];
	quiz_value_text(q->about, &q->stated, a, sizeof(a));
	quiz_value_text(q->about, right, b, sizeof(b));
	if (r->err)
		fprintf(r->err, "%s:%u:%u: quiz answer wrong: %s: expected %s, got %s\n", r->sc->path, q->pos.line,
			q->pos.col, quiz_about_name(q->about), a, b);
	r->bad = 1;
}

/* ---- the line quiz --------------------------------------------------------------- */

/* Reads one line without its newline; false at the end of input. */
static bool read_line(FILE *in, char *buf, size_t n)
{
	if (!fgets(buf, (int)n, in))
		return false;
	size_t len = strlen(buf);
	if (len && buf[len - 1] != '\n' && !feof(in)) {
		int ch;    /* too long: the rest of the line is dropped */
		while ((ch = fgetc(in)) != EOF && ch != '\n')
			;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = 0;
	return true;
}

static bool is_quit(const char *s)
{
	while (*s == ' ')
		s++;
	return !strcmp(s, "q") || !strcmp(s, "quit") || !strcmp(s, "q ") || !strcmp(s, "Q");
}

static void state_line(FILE *out, const struct machine *m)
{
	struct machine_stats st;
	machine_stats(m, &st);
	fprintf(out, "Now: %" PRId64 " pages free, pageblocks Unmovable %" PRId64 " Movable %" PRId64
		" Reclaimable %" PRId64, st.v[STAT_PAGES_FREE], st.v[STAT_BLOCKS_UNMOVABLE], st.v[STAT_BLOCKS_MOVABLE],
		st.v[STAT_BLOCKS_RECLAIMABLE]);
	if (st.v[STAT_BLOCKS_HIGHATOMIC])
		fprintf(out, " HighAtomic %" PRId64, st.v[STAT_BLOCKS_HIGHATOMIC]);
	if (st.v[STAT_BLOCKS_CMA])
		fprintf(out, " CMA %" PRId64, st.v[STAT_BLOCKS_CMA]);
	if (st.v[STAT_BLOCKS_ISOLATE])
		fprintf(out, " Isolate %" PRId64, st.v[STAT_BLOCKS_ISOLATE]);
	fprintf(out, ", %" PRId64 " mixed, largest free order %" PRId64 ".\n", st.v[STAT_MIXED_BLOCKS],
		st.v[STAT_LARGEST_FREE_ORDER]);
}

enum { ANS_NONE, ANS_GIVEN, ANS_SKIPPED };

int quiz_line_run(const struct scenario *sc, bool marked_only, FILE *in, FILE *out, FILE *err)
{
	struct quiz qz;
	if (!quiz_build(&qz, sc, marked_only)) {
		fprintf(err, "buddyviz: out of host memory\n");
		return 2;
	}
	if (!qz.nq) {
		fprintf(err, "%s: no questions: the scenario has no %s step to ask from\n", sc->path,
			marked_only ? "quiz" : "expect or quiz");
		quiz_free(&qz);
		return 2;
	}
	struct runner r = { .sc = sc, .err = err };
	r.m = machine_create(&sc->cfg);
	struct quiz_value *given = calloc(qz.nq, sizeof(*given));
	int *state = calloc(qz.nq, sizeof(*state));
	size_t *num = calloc(qz.nq, sizeof(*num));   /* the number it was asked as */
	if (!r.m || !given || !state || !num) {
		fprintf(err, "%s: cannot build the machine: out of memory\n", sc->path);
		machine_destroy(r.m);
		free(given);
		free(state);
		free(num);
		quiz_free(&qz);
		return 2;
	}
	machine_set_event_hook(r.m, runner_hook, &r);
	bool echo = !isatty(fileno(in));

	fprintf(out, "Quiz: %s\n%zu question%s. Answer each with %s; an empty line skips, q quits.\n", sc->name, qz.nq,
		qz.nq == 1 ? "" : "s", "a number, block numbers (3 or 3,7 or none), a migratetype or claim/steal");
	struct quiz_score score = { 0 };
	size_t pos = 0, asked = 0;
	bool stop = false, eof = false, ok = true;
	char line[1024], text[1024], brief[512];
	for (size_t pi = 0; pi < qz.np && !stop && ok; pi++) {
		const struct quiz_point *p = &qz.p[pi];
		/* The steps before it; captions that tell of the step asked about wait for the reveal. */
		for (; pos < p->ask_at && ok; pos++) {
			const struct step *st = &sc->steps[pos];
			if (st->kind == STEP_SAY && !(p->has_target && quiz_say_held(sc, pos, p->ask_at)))
				fprintf(out, "\n[%zu] %s\n", pos + 1, st->u.say);
			ok = run_step(&r, pos);
		}
		if (!ok)
			break;
		fputc('\n', out);
		if (p->has_target) {
			scenario_step_text(&sc->steps[p->ask_at], brief, sizeof(brief));
			fprintf(out, "== Step %zu of %zu: %s\n", p->ask_at + 1, sc->nsteps, brief);
		} else {
			fprintf(out, "== At step %zu of %zu\n", p->ask_at, sc->nsteps);
		}
		state_line(out, r.m);
		size_t answered = 0;
		for (size_t k = 0; k < p->n && !stop; k++) {
			const struct quiz_question *q = &qz.q[p->first + k];
			quiz_question_text(q, &sc->cfg, p->has_target, text, sizeof(text));
			fprintf(out, "Question %zu of %zu: %s\n", asked + 1, qz.nq, text);
			for (;;) {
				fputs("> ", out);
				fflush(out);
				if (!read_line(in, line, sizeof(line))) {
					fputc('\n', out);
					stop = eof = true;
					break;
				}
				if (echo)
					fprintf(out, "%s\n", line);
				if (is_quit(line)) {
					stop = true;
					break;
				}
				char why[256];
				int pr = quiz_parse_answer(q, line, &given[p->first + k], why, sizeof(why));
				if (pr == QP_BAD) {
					fprintf(out, "  (%s)\n", why);
					continue;
				}
				state[p->first + k] = pr == QP_EMPTY ? ANS_SKIPPED : ANS_GIVEN;
				answered++;
				num[p->first + k] = ++asked;
				break;
			}
		}
		if (!answered)
			break;
		/* The step, then what it did. */
		quiz_probe_fini(&r.probe);
		if (!quiz_probe_begin(&r.probe, r.m)) {
			ok = false;
			break;
		}
		r.probing = true;
		for (; pos < p->upto && ok; pos++)
			ok = run_step(&r, pos);
		r.probing = false;
		if (!ok)
			break;
		for (size_t k = 0; k < p->n; k++) {
			size_t qi = p->first + k;
			const struct quiz_question *q = &qz.q[qi];
			struct quiz_value right;
			if (!quiz_correct(&r.probe, r.m, q, &right)) {
				ok = false;
				break;
			}
			stated_check(&r, q, &right);
			char rt[512], gt[512];
			quiz_value_text(q->about, &right, rt, sizeof(rt));
			if (state[qi] == ANS_GIVEN) {
				score.asked++;
				quiz_value_text(q->about, &given[qi], gt, sizeof(gt));
				if (quiz_value_equal(q->about, &given[qi], &right)) {
					score.right++;
					fprintf(out, "  %zu. Right: %s.\n", num[qi], rt);
				} else {
					score.wrong++;
					fprintf(out, "  %zu. Wrong: you said %s; the answer is %s.\n", num[qi], gt, rt);
				}
			} else if (state[qi] == ANS_SKIPPED) {
				score.asked++;
				score.skipped++;
				fprintf(out, "  %zu. Skipped; the answer is %s.\n", num[qi], rt);
			}
			quiz_value_clear(&right);
		}
		/* Why: the captions held back and the step's deciding events. */
		if (p->has_target) {
			fprintf(out, "Why (step %zu):\n", p->ask_at + 1);
			for (size_t i = pi ? qz.p[pi - 1].upto : 0; i < p->upto; i++)
				if (sc->steps[i].kind == STEP_SAY && (i > p->ask_at || quiz_say_held(sc, i, p->ask_at)))
					fprintf(out, "  \"%s\"\n", sc->steps[i].u.say);
			const struct event *why[QUIZ_KEEP];
			size_t nw = quiz_why(&r.probe, why, 6);
			for (size_t i = 0; i < nw; i++) {
				event_format(r.m, why[i], text, sizeof(text));
				fprintf(out, "  - %s\n", text);
			}
			if (r.probe.nevents > nw)
				fprintf(out, "  (%zu of %llu events; buddyviz run FILE --until %zu --trace lists them all)\n",
					nw, (unsigned long long)r.probe.nevents, p->ask_at + 1);
			else if (!r.probe.nevents)
				fprintf(out, "  (the step made no engine event)\n");
		}
	}
	char st[128];
	quiz_score_text(&score, st, sizeof(st));
	fprintf(out, "\nScore: %s.%s\n", st,
		asked < qz.nq ? (eof ? " (the input ended before the last question)" : " (stopped before the last question)")
			      : "");
	if (!ok)
		r.bad = 2;
	for (size_t i = 0; i < qz.nq; i++)
		quiz_value_clear(&given[i]);
	free(given);
	free(state);
	free(num);
	quiz_probe_fini(&r.probe);
	machine_destroy(r.m);
	quiz_free(&qz);
	return r.bad;
}

/* ---- run's check of stated quiz answers ------------------------------------------ */

struct quiz_check {
	struct runner r;
	struct quiz qz;
	size_t next;               /* the next point to check */
};

struct quiz_check *quiz_check_new(const struct scenario *sc, struct machine *m, event_hook_fn chain, void *chain_ctx)
{
	struct quiz_check *qc = calloc(1, sizeof(*qc));
	if (!qc)
		return NULL;
	bool any = false;
	if (quiz_build(&qc->qz, sc, true))
		for (size_t i = 0; i < qc->qz.nq; i++)
			any |= qc->qz.q[i].has_stated;
	if (!any) {
		quiz_free(&qc->qz);
		free(qc);
		return NULL;
	}
	qc->r = (struct runner){ .m = m, .chain = chain, .chain_ctx = chain_ctx, .sc = sc };
	machine_set_event_hook(m, runner_hook, &qc->r);
	return qc;
}

void quiz_check_before(struct quiz_check *qc, size_t i)
{
	if (!qc || qc->next >= qc->qz.np || qc->qz.p[qc->next].ask_at != i)
		return;
	quiz_probe_fini(&qc->r.probe);
	qc->r.probing = quiz_probe_begin(&qc->r.probe, qc->r.m);
}

int quiz_check_after(struct quiz_check *qc, size_t i, FILE *err)
{
	if (!qc || qc->next >= qc->qz.np || qc->qz.p[qc->next].upto != i + 1)
		return 0;
	const struct quiz_point *p = &qc->qz.p[qc->next++];
	qc->r.probing = false;
	if (!qc->r.probe.before)
		return 0;     /* out of host memory: nothing checked */
	qc->r.err = err;
	qc->r.bad = 0;
	for (size_t k = 0; k < p->n; k++) {
		struct quiz_value right;
		if (quiz_correct(&qc->r.probe, qc->r.m, &qc->qz.q[p->first + k], &right))
			stated_check(&qc->r, &qc->qz.q[p->first + k], &right);
		quiz_value_clear(&right);
	}
	return qc->r.bad;
}

void quiz_check_free(struct quiz_check *qc)
{
	if (!qc)
		return;
	machine_set_event_hook(qc->r.m, qc->r.chain, qc->r.chain_ctx);
	quiz_probe_fini(&qc->r.probe);
	quiz_free(&qc->qz);
	free(qc);
}
