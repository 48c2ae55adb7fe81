/* The quiz (src/scenario/quiz.h): the plan of questions from expect and
 * quiz steps, the questions' words, reading answers, the correct answers
 * from the engine, and the quiz step of the loader. */
#include <stdlib.h>
#include <string.h>

#include "engine/machine.h"
#include "engine/mtype.h"
#include "engine/step.h"
#include "scenario/quiz.h"
#include "scenario/scenario.h"
#include "tui/app.h"
#include "unit.h"

/* 16 blocks of 4 pages, max-order chunks of 4 blocks. */
#define TINY "name: t\nmachine: {max_order: 4, pageblock_order: 2, zones: [{name: Normal, pages: 64}]}\n"

static struct scenario *load(const char *text, char *err, size_t n)
{
	struct diag_list d = { 0 };
	struct scenario *sc = scenario_load_text("t.yaml", text, strlen(text), NULL, &d);
	err[0] = 0;
	for (size_t i = 0; i < d.n; i++) {
		size_t o = strlen(err);
		snprintf(err + o, n - o, "%s%s", o ? "\n" : "", d.lines[i]);
	}
	diag_list_clear(&d);
	return sc;
}

UNIT_TEST(quiz_plan_from_expect_and_quiz_steps)
{
	char err[1024];
	struct scenario *sc = load(TINY "steps:\n"
				   "  - expect: {pages_free: 64}\n"            /* 0: the state as it is */
				   "  - say: \"one page\"\n"                   /* 1 */
				   "  - alloc: {type: unmovable, tag: U}\n"    /* 2 */
				   "  - quiz: {answer: [0, 1, 2, 3]}\n"        /* 3 */
				   "  - pause\n"                               /* 4 */
				   "  - expect: {pages_total: 64, blocks_unmovable: 4, pages_free: 63}\n" /* 5 */
				   "  - quiz: {about: blocks_unmovable}\n"     /* 6: asked already */
				   "  - alloc: {type: movable, order: 1}\n"    /* 7 */
				   "  - expect: {pages_total: 64}\n"           /* 8: nothing to ask */
				   "  - free: {tag: U}\n"                      /* 9 */
				   "  - quiz: {about: block_type, block: 0, ask: \"What is block 0 now?\"}\n",
				   err, sizeof(err));
	CHECK_EQ_STR(err, "");
	if (!sc)
		return;
	struct quiz qz;
	CHECK(quiz_build(&qz, sc, false));
	CHECK_EQ_INT(qz.np, 3);
	CHECK_EQ_INT(qz.nq, 5);
	if (qz.np == 3 && qz.nq == 5) {
		CHECK(!qz.p[0].has_target);
		CHECK_EQ_INT(qz.p[0].ask_at, 0);
		CHECK_EQ_INT(qz.p[0].upto, 1);
		CHECK_EQ_INT(qz.p[0].n, 1);
		CHECK(qz.p[1].has_target);
		CHECK_EQ_INT(qz.p[1].ask_at, 2);
		CHECK_EQ_INT(qz.p[1].upto, 7);
		CHECK_EQ_INT(qz.p[1].n, 3);   /* changed_blocks, blocks_unmovable, pages_free */
		CHECK_EQ_INT(qz.q[1].about, QA_CHANGED_BLOCKS);
		CHECK(qz.q[1].from_quiz && qz.q[1].has_stated && qz.q[1].stated.nblocks == 4);
		CHECK_EQ_INT(qz.q[2].about, STAT_BLOCKS_UNMOVABLE);
		CHECK(!qz.q[2].from_quiz && qz.q[2].stated.n == 4);
		CHECK_EQ_INT(qz.q[2].pos.line, 9);
		CHECK_EQ_INT(qz.q[3].about, STAT_PAGES_FREE);
		CHECK_EQ_INT(qz.p[2].ask_at, 9);
		CHECK_EQ_INT(qz.q[4].about, QA_BLOCK_TYPE);
		CHECK_EQ_STR(qz.q[4].ask, "What is block 0 now?");
		CHECK(!qz.q[4].has_stated);
	}
	quiz_free(&qz);
	/* --marked: the quiz steps only. */
	CHECK(quiz_build(&qz, sc, true));
	CHECK_EQ_INT(qz.np, 2);
	CHECK_EQ_INT(qz.nq, 3);
	quiz_free(&qz);
	scenario_free(sc);
}

UNIT_TEST(quiz_question_words)
{
	struct machine_config cfg;
	machine_config_default(&cfg);
	char buf[512];
	struct quiz_question q = { .about = STAT_BLOCKS_UNMOVABLE };
	quiz_question_text(&q, &cfg, true, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "How many pageblocks are Unmovable after this step?");
	quiz_question_text(&q, &cfg, false, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "How many pageblocks are Unmovable now?");
	q.about = STAT_EXTFRAG_INDEX;
	quiz_question_text(&q, &cfg, true, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "What is the fragmentation index at order 9 (fragmentation_index() x1000) after this step?");
	q.about = QA_BLOCK_TYPE;
	q.block = 511;
	quiz_question_text(&q, &cfg, true, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "Which migratetype does pageblock 511 have after this step?");
	q.ask = "Which pageblock turns Unmovable?";
	quiz_question_text(&q, &cfg, true, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "Which pageblock turns Unmovable?");
	/* Every about has words and a name that reads back. */
	for (int a = 0; a < QA_COUNT; a++) {
		struct quiz_question qa = { .about = a };
		quiz_question_text(&qa, &cfg, true, buf, sizeof(buf));
		CHECK(strlen(buf) > 20 && buf[strlen(buf) - 1] == '?');
		CHECK_EQ_INT(quiz_about_from_name(quiz_about_name(a)), a);
	}
	CHECK_EQ_INT(quiz_about_from_name("bogus"), -1);
	/* Cut to the buffer. */
	q.ask = NULL;
	q.about = STAT_MIXED_BLOCKS;
	quiz_question_text(&q, &cfg, true, buf, 10);
	CHECK_EQ_STR(buf, "How many ");
}

static int parse(int about, const char *text, struct quiz_value *v)
{
	struct quiz_question q = { .about = about };
	char err[256];
	return quiz_parse_answer(&q, text, v, err, sizeof(err));
}

UNIT_TEST(quiz_reading_answers)
{
	struct quiz_value v;
	char t[256];
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, " 131072 ", &v), QP_OK);
	CHECK_EQ_INT(v.n, 131072);
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, "", &v), QP_EMPTY);
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, "   ", &v), QP_EMPTY);
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, "abc", &v), QP_BAD);
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, "12abc", &v), QP_BAD);
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, "none", &v), QP_BAD);   /* a count is never none */
	CHECK_EQ_INT(parse(STAT_PAGES_FREE, "99999999999999999999999", &v), QP_BAD);
	CHECK_EQ_INT(parse(STAT_EXTFRAG_INDEX, "-1000", &v), QP_OK);
	CHECK_EQ_INT(v.n, -1000);
	CHECK_EQ_INT(parse(STAT_LARGEST_FREE_ORDER, "None", &v), QP_OK);
	CHECK_EQ_INT(v.n, -1);
	CHECK_EQ_INT(parse(QA_ALLOC_PFN, "261632.", &v), QP_OK);
	CHECK_EQ_INT(v.n, 261632);
	/* Block lists: sets, any separator, ranges. */
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "3, 1 2;1", &v), QP_OK);
	CHECK_EQ_INT(v.nblocks, 3);
	quiz_value_text(QA_CHANGED_BLOCKS, &v, t, sizeof(t));
	CHECK_EQ_STR(t, "1-3");
	struct quiz_value w;
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "blocks 1-3", &w), QP_OK);
	CHECK(quiz_value_equal(QA_CHANGED_BLOCKS, &v, &w));
	quiz_value_clear(&w);
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "1 and 2", &w), QP_OK);
	CHECK(!quiz_value_equal(QA_CHANGED_BLOCKS, &v, &w));
	quiz_value_text(QA_CHANGED_BLOCKS, &w, t, sizeof(t));
	CHECK_EQ_STR(t, "1, 2");
	quiz_value_clear(&w);
	quiz_value_clear(&v);
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "none", &v), QP_OK);
	CHECK_EQ_INT(v.nblocks, 0);
	quiz_value_text(QA_CHANGED_BLOCKS, &v, t, sizeof(t));
	CHECK_EQ_STR(t, "none");
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "3-1", &v), QP_BAD);
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "x", &v), QP_BAD);
	CHECK_EQ_INT(parse(QA_CHANGED_BLOCKS, "-3", &v), QP_BAD);
	/* Migratetypes by name, in any case, or by their first letters. */
	CHECK_EQ_INT(parse(QA_BLOCK_TYPE, "Unmovable", &v), QP_OK);
	CHECK_EQ_INT(v.n, MT_UNMOVABLE);
	CHECK_EQ_INT(parse(QA_BLOCK_TYPE, "m", &v), QP_OK);
	CHECK_EQ_INT(v.n, MT_MOVABLE);
	CHECK_EQ_INT(parse(QA_BLOCK_TYPE, "HighAtomic", &v), QP_OK);
	CHECK_EQ_INT(v.n, MT_HIGHATOMIC);
	quiz_value_text(QA_BLOCK_TYPE, &v, t, sizeof(t));
	CHECK_EQ_STR(t, "HighAtomic");
	CHECK_EQ_INT(parse(QA_BLOCK_TYPE, "moveable", &v), QP_BAD);
	CHECK_EQ_INT(parse(QA_BLOCK_TYPE, "3", &v), QP_BAD);
	/* Decisions. */
	CHECK_EQ_INT(parse(QA_DECISION, "Claim", &v), QP_OK);
	CHECK_EQ_INT(v.n, QD_CLAIM);
	CHECK_EQ_INT(parse(QA_DECISION, "steals", &v), QP_OK);
	CHECK_EQ_INT(v.n, QD_STEAL);
	CHECK_EQ_INT(parse(QA_DECISION, "no", &v), QP_OK);
	CHECK_EQ_INT(v.n, QD_NONE);
	CHECK_EQ_INT(parse(QA_DECISION, "both", &v), QP_BAD);
	/* Score. */
	struct quiz_score s = { .asked = 9, .right = 7, .wrong = 1, .skipped = 1 };
	quiz_score_text(&s, t, sizeof(t));
	CHECK_EQ_STR(t, "7 of 9 right (1 skipped)");
	s.skipped = 0;
	quiz_score_text(&s, t, sizeof(t));
	CHECK_EQ_STR(t, "7 of 9 right");
}

static void probe_hook(void *ctx, const struct machine *m, const struct event *ev)
{
	(void)m;
	quiz_probe_event(ctx, ev);
}

/* The answers the engine gives, on the tiny machine: the first unmovable
 * page claims the whole order-4 chunk at pfn 0 (blocks 0-3, order >=
 * pageblock_order: try_to_steal_block() retypes them all), the page is pfn 0. */
UNIT_TEST(quiz_correct_answers_from_the_engine)
{
	char err[1024];
	struct scenario *sc = load(TINY "steps:\n"
				   "  - alloc: {type: unmovable, tag: U}\n"
				   "  - alloc: {type: movable, order: 1, tag: M}\n"
				   "  - free: {tag: M}\n",
				   err, sizeof(err));
	CHECK_EQ_STR(err, "");
	if (!sc)
		return;
	struct machine *m = machine_create(&sc->cfg);
	struct quiz_probe p;
	struct quiz_value v;
	struct step_result r = { 0 };
	CHECK(quiz_probe_begin(&p, m));
	machine_set_event_hook(m, probe_hook, &p);
	step_run(m, &sc->steps[0], &r);
	step_result_clear(&r);
	struct quiz_question q = { .about = QA_CHANGED_BLOCKS };
	char t[256];
	CHECK(quiz_correct(&p, m, &q, &v));
	quiz_value_text(q.about, &v, t, sizeof(t));
	CHECK_EQ_STR(t, "0-3");
	quiz_value_clear(&v);
	q.about = QA_ALLOC_PFN;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == 0);
	q.about = QA_SPLIT_ORDER;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == 4);
	q.about = QA_DECISION;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == QD_CLAIM);
	q.about = QA_BLOCK_TYPE;
	q.block = 3;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == MT_UNMOVABLE);
	q.block = 4;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == MT_MOVABLE);
	q.about = STAT_BLOCKS_UNMOVABLE;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == 4);
	/* Why: the claim first among the step's events, in order. */
	const struct event *why[QUIZ_KEEP];
	size_t nw = quiz_why(&p, why, 6);
	CHECK(nw >= 1 && nw == p.nevents);
	CHECK(nw >= 1 && why[0]->kind == EV_CLAIM_BLOCKS);
	CHECK(quiz_why(&p, why, 1) == 1 && why[0]->kind == EV_CLAIM_BLOCKS);
	quiz_probe_fini(&p);

	/* A movable order-1 page: no fallback, the Movable order-4 chunk at
	 * pfn 16 is split (the lowest Movable chunk left at the list head). */
	CHECK(quiz_probe_begin(&p, m));
	step_run(m, &sc->steps[1], &r);
	step_result_clear(&r);
	q.about = QA_DECISION;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == QD_NONE);
	q.about = QA_SPLIT_ORDER;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == 4);
	q.about = QA_ALLOC_PFN;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == 16);
	q.about = QA_CHANGED_BLOCKS;
	CHECK(quiz_correct(&p, m, &q, &v) && v.nblocks == 0);
	quiz_value_clear(&v);
	quiz_probe_fini(&p);

	/* A free allocates nothing: split_order and alloc_pfn are none. */
	CHECK(quiz_probe_begin(&p, m));
	step_run(m, &sc->steps[2], &r);
	step_result_clear(&r);
	q.about = QA_ALLOC_PFN;
	CHECK(quiz_correct(&p, m, &q, &v) && v.n == -1);
	quiz_value_text(q.about, &v, t, sizeof(t));
	CHECK_EQ_STR(t, "none");
	quiz_probe_fini(&p);
	machine_set_event_hook(m, NULL, NULL);
	machine_destroy(m);
	scenario_free(sc);
}

UNIT_TEST(quiz_step_loader)
{
	char err[2048];
	/* Every form reads, and writes back to the same step. */
	struct scenario *sc = load(TINY "steps:\n"
				   "  - alloc: {type: unmovable}\n"
				   "  - quiz\n"
				   "  - quiz:\n"
				   "  - quiz: {about: decision, answer: claim}\n"
				   "  - quiz: {about: block_type, block: 15, answer: movable, ask: \"Block 15?\"}\n"
				   "  - quiz: {about: changed_blocks, answer: none}\n"
				   "  - quiz: {about: changed_blocks, answer: 3}\n"
				   "  - quiz: {about: alloc_pfn, answer: none}\n"
				   "  - quiz: {about: largest_free_order, answer: -1}\n",
				   err, sizeof(err));
	CHECK_EQ_STR(err, "");
	if (sc) {
		CHECK_EQ_INT(sc->steps[1].kind, STEP_QUIZ);
		CHECK_EQ_INT(sc->steps[1].u.quiz.about, QA_CHANGED_BLOCKS);
		CHECK(!sc->steps[1].u.quiz.has_answer);
		CHECK_EQ_INT(sc->steps[3].u.quiz.answer, QD_CLAIM);
		CHECK_EQ_INT(sc->steps[4].u.quiz.answer, MT_MOVABLE);
		CHECK_EQ_INT(sc->steps[4].u.quiz.block, 15);
		CHECK(sc->steps[5].u.quiz.has_answer && sc->steps[5].u.quiz.nblocks == 0);
		CHECK_EQ_INT(sc->steps[6].u.quiz.nblocks, 1);
		CHECK_EQ_INT(sc->steps[7].u.quiz.answer, -1);
		char t[256];
		scenario_step_text(&sc->steps[4], t, sizeof(t));
		CHECK_EQ_STR(t, "quiz: {about: block_type, block: 15, ask: \"Block 15?\", answer: movable}");
		scenario_step_text(&sc->steps[6], t, sizeof(t));
		CHECK_EQ_STR(t, "quiz: {about: changed_blocks, answer: [3]}");
		/* A copy owns its own text and blocks. */
		struct step c;
		CHECK(step_copy(&c, &sc->steps[6]));
		CHECK(c.u.quiz.blocks != sc->steps[6].u.quiz.blocks && c.u.quiz.blocks[0] == 3);
		step_clear(&c);
		scenario_free(sc);
	}
	/* Errors, each where it is. */
	sc = load(TINY "steps:\n"
		  "  - repeat: {times: 2, steps: [quiz]}\n"
		  "  - quiz: {about: bogus}\n"
		  "  - quiz: {about: block_type}\n"
		  "  - quiz: {about: block_type, block: 16}\n"
		  "  - quiz: {block: 1}\n"
		  "  - quiz: {about: pages_free, answer: lots}\n"
		  "  - quiz: {about: changed_blocks, answer: [1, 99]}\n"
		  "  - quiz: {about: decision, answer: maybe}\n"
		  "  - quiz: {about: block_type, block: 1, answer: Movable}\n"
		  "  - quiz: {ask: \"\"}\n"
		  "  - quiz: {about: pages_free, answer: none}\n",
		  err, sizeof(err));
	CHECK(sc == NULL);
	scenario_free(sc);
	char *line = err;
	static const char *const want[] = {
		"t.yaml:4:32: quiz: only at the top level of steps",
		"t.yaml:5:19: about: unknown \"bogus\"; allowed: pages_total,",
		"t.yaml:6:5: quiz: about: block_type needs the key \"block\"",
		"t.yaml:7:38: block: 16 is out of range; allowed: 0..15",
		"t.yaml:8:12: quiz: block goes only with about: block_type",
		"t.yaml:9:39: answer: expected an integer",
		"t.yaml:10:47: answer: 99 is out of range; allowed: 0..15",
		"t.yaml:11:37: answer: \"maybe\" is not a decision; allowed: claim, steal, none",
		"t.yaml:12:49: answer: \"Movable\" is not a migratetype",
		"t.yaml:13:17: ask: must not be empty",
		"t.yaml:14:39: answer: expected an integer",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char *nl = line ? strchr(line, '\n') : NULL;
		if (nl)
			*nl = 0;
		if (!line || strncmp(line, want[i], strlen(want[i])))
			unit_fail(__FILE__, __LINE__, "error %zu: want \"%s...\", got \"%s\"", i, want[i], line ? line : "(none)");
		line = nl ? nl + 1 : NULL;
	}
	CHECK(line == NULL);
}

/* A saved session (scenario_write) reads back to the same quiz steps. */
UNIT_TEST(quiz_step_write_reads_back)
{
	char err[1024];
	struct scenario *sc = load(TINY "steps:\n"
				   "  - alloc: {type: unmovable}\n"
				   "  - quiz: {about: block_type, block: 3, answer: highatomic, ask: \"A \\\"quoted\\\" one?\"}\n"
				   "  - quiz: {about: changed_blocks, answer: [5, 1, 3]}\n"
				   "  - quiz: {about: split_order, answer: none}\n"
				   "  - quiz: {about: decision, answer: steal}\n"
				   "  - quiz\n",
				   err, sizeof(err));
	CHECK_EQ_STR(err, "");
	if (!sc)
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CHECK(f && scenario_write(f, sc->name, &sc->cfg, sc->steps, sc->nsteps));
	fclose(f);
	struct diag_list d = { 0 };
	struct scenario *back = scenario_load_text("back.yaml", text, len, NULL, &d);
	CHECK(back != NULL);
	diag_list_clear(&d);
	if (back) {
		CHECK_EQ_INT(back->nsteps, sc->nsteps);
		for (size_t i = 1; i < sc->nsteps && i < back->nsteps; i++) {
			const struct step_quiz *a = &sc->steps[i].u.quiz, *b = &back->steps[i].u.quiz;
			CHECK_EQ_INT(back->steps[i].kind, STEP_QUIZ);
			CHECK(a->about == b->about && a->block == b->block && a->has_answer == b->has_answer &&
			      a->answer == b->answer && a->nblocks == b->nblocks);
			CHECK((!a->ask && !b->ask) || (a->ask && b->ask && !strcmp(a->ask, b->ask)));
			for (size_t k = 0; k < a->nblocks && k < b->nblocks; k++)
				CHECK(a->blocks[k] == b->blocks[k]);
		}
		scenario_free(back);
	}
	free(text);
	scenario_free(sc);
}

/* The TUI's "what the last step did" skips a quiz step as it skips an
 * expect: it still tells of the allocation before it. */
UNIT_TEST(quiz_step_is_quiet_in_the_tui)
{
	char err[512];
	struct scenario *sc = load(TINY "steps:\n  - alloc: {type: unmovable}\n  - quiz\n  - expect: {pages_free: 63}\n",
				   err, sizeof(err));
	CHECK_EQ_STR(err, "");
	if (!sc)
		return;
	struct app a;
	CHECK(app_init(&a, sc));
	CHECK(app_forward(&a, 0) && app_forward(&a, 0) && app_forward(&a, 0));
	CHECK_EQ_INT(app_pos(&a), 3);
	CHECK_EQ_INT(a.sum.step, 1);
	CHECK(a.sum.end > a.sum.begin);
	app_fini(&a);
	scenario_free(sc);
}
