/* The quiz (`buddyviz quiz`): questions made from a scenario's `expect`
 * steps and its `quiz` steps (an extension, docs/scenario-reference.md),
 * their correct answers as the engine computes them, and the checking of
 * a student's answer.
 *
 * Pure: no curses, no printing, no reading. The front ends are
 * src/report/quiz_line.c (lines on stdin/stdout) and src/tui/quiz_view.c
 * (the grid with a prompt line). Both walk the same plan:
 *
 *   for each point p (in step order):
 *     run the steps before p->ask_at;
 *     ask p's questions (quiz_question_text, quiz_parse_answer);
 *     quiz_probe_begin; run steps ask_at .. p->upto - 1 (the hook feeds
 *     quiz_probe_event); quiz_probe_end;
 *     reveal: quiz_correct, quiz_value_equal, quiz_why (the events).
 */
#ifndef BUDDYVIZ_QUIZ_H
#define BUDDYVIZ_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/event.h"
#include "engine/machine.h"
#include "engine/stats.h"
#include "engine/step.h"

struct scenario;

/* What a question asks about (a quiz step's `about`): one of the stats
 * keys (0 .. STAT_COUNT-1, the same numbers as enum stat_key) or: */
enum quiz_about {
	QA_CHANGED_BLOCKS = STAT_COUNT, /* pageblocks whose migratetype the step changes: a set */
	QA_BLOCK_TYPE,                  /* the migratetype of `block` after the step */
	QA_SPLIT_ORDER,                 /* order of the free chunk the step's first allocation was cut from */
	QA_DECISION,                    /* the step's first fallback: claim, steal (or none) */
	QA_ALLOC_PFN,                   /* the pfn the step's first allocation got */
	QA_COUNT
};

/* How an answer is written and compared. */
enum quiz_kind {
	QK_NUMBER,     /* an integer, compared exactly ("none" = -1 where the question allows it) */
	QK_BLOCKS,     /* block numbers: 3, "3 5", "3,5", "3-5", or none; compared as sets */
	QK_MTYPE,      /* a migratetype by name (unmovable, Movable, m, ...) */
	QK_DECISION,   /* claim, steal or none */
};
enum quiz_decision { QD_NONE, QD_CLAIM, QD_STEAL };

const char *quiz_about_name(int about);        /* "blocks_unmovable", "changed_blocks", ... */
int quiz_about_from_name(const char *name);    /* -1 if unknown */
int quiz_about_kind(int about);                /* enum quiz_kind */
/* The `about` words, comma-separated, for messages. */
void quiz_about_list(char *buf, size_t n);
/* How to answer, for prompts and re-asks ("a whole number", ...). */
const char *quiz_answer_hint(int about);

/* An answer or a correct value. blocks is owned (quiz_value_clear). */
struct quiz_value {
	int64_t n;                 /* QK_NUMBER, QK_MTYPE (enum migratetype), QK_DECISION */
	uint64_t *blocks;          /* QK_BLOCKS: ascending, no duplicates */
	size_t nblocks;
};
void quiz_value_clear(struct quiz_value *v);
bool quiz_value_equal(int about, const struct quiz_value *a, const struct quiz_value *b);
/* "3", "none", "511", "510, 511", "Unmovable", "claim". */
void quiz_value_text(int about, const struct quiz_value *v, char *buf, size_t n);

struct quiz_question {
	int about;                 /* enum quiz_about */
	uint64_t block;            /* QA_BLOCK_TYPE */
	const char *ask;           /* the author's words (the scenario owns them), or NULL */
	bool from_quiz;            /* a quiz step asked it (else a key of an expect step) */
	bool has_stated;           /* the scenario states the answer (expect value, quiz answer) */
	struct quiz_value stated;  /* owned */
	struct src_pos pos;        /* of the stated answer in the file */
};

/* Questions asked together, about one step. */
struct quiz_point {
	size_t ask_at;     /* steps [0, ask_at) have run when the questions are asked */
	bool has_target;   /* step ask_at is the step asked about; false: the state as it is */
	size_t upto;       /* steps [0, upto) have run at the reveal (past the expect/quiz steps) */
	size_t first, n;   /* its questions */
};

struct quiz {
	struct quiz_question *q;
	size_t nq;
	struct quiz_point *p;
	size_t np;
};

/* The questions of a scenario's top-level steps. Each `expect` and `quiz`
 * step asks about the nearest step before it that can change memory (not
 * say, pause, expect or quiz); steps asking about the same step form one
 * point; with no such step before it, about the state as it is. Every
 * expect key but pages_total is a question, unless marked_only; a question
 * asked twice in a point is asked once. false if out of host memory. */
bool quiz_build(struct quiz *qz, const struct scenario *sc, bool marked_only);
void quiz_free(struct quiz *qz);

/* The question in words (the author's `ask`, else made from `about`):
 * after_step: about the step to come, else about the state as it is. */
void quiz_question_text(const struct quiz_question *q, const struct machine_config *cfg, bool after_step,
			char *buf, size_t n);

/* Reads a student's answer. QP_EMPTY: a blank line (skip); QP_BAD: err
 * says what is wrong and how to answer. */
enum quiz_parse { QP_OK, QP_EMPTY, QP_BAD };
int quiz_parse_answer(const struct quiz_question *q, const char *text, struct quiz_value *out, char *err, size_t n);

/* What a step did, for the answers and the explanation. */
#define QUIZ_KEEP 8
struct quiz_probe {
	uint64_t nblocks;
	uint8_t *before;           /* block types before the step */
	uint64_t nevents;          /* events seen */
	bool have_alloc;
	uint64_t alloc_pfn;
	int split_order;
	int decision;              /* enum quiz_decision */
	struct event first[QUIZ_KEEP], key[QUIZ_KEEP];
	uint64_t first_seq[QUIZ_KEEP], key_seq[QUIZ_KEEP];
	size_t nfirst, nkey;
};
/* Before the step; false if out of host memory. */
bool quiz_probe_begin(struct quiz_probe *p, const struct machine *m);
/* Each event of the step, in order (an event hook). */
void quiz_probe_event(struct quiz_probe *p, const struct event *ev);
void quiz_probe_fini(struct quiz_probe *p);
/* The correct answer after the step; false if out of host memory. */
bool quiz_correct(const struct quiz_probe *p, const struct machine *m, const struct quiz_question *q,
		  struct quiz_value *out);
/* The events that explain the step, in order: all of them when there are
 * at most `max` (<= QUIZ_KEEP), else the deciding ones (claim, steal,
 * retype, failure, reserve, isolation, compaction's end, ...) then the
 * first ones. Returns how many were written. */
size_t quiz_why(const struct quiz_probe *p, const struct event **out, size_t max);

/* Step i is a `say` that tells of step ask_at (no step that changes
 * memory lies between them): the front ends keep it for the reveal, since
 * captions often give the answer away. */
bool quiz_say_held(const struct scenario *sc, size_t i, size_t ask_at);

/* The score so far. */
struct quiz_score {
	unsigned asked, right, wrong, skipped;
};
/* "7 of 9 right (1 skipped)". */
void quiz_score_text(const struct quiz_score *s, char *buf, size_t n);

#endif
