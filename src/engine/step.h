/* Scenario steps as plain data, and their execution on a machine.
 *
 * The scenario loader (src/scenario) builds these from YAML; the TUI's
 * command line and quick keys build them through the same parser. The
 * engine runs them (step_run) and the session (session.h) records them for
 * undo. Source positions are carried only so that callers can report.
 */
#ifndef BUDDYVIZ_STEP_H
#define BUDDYVIZ_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "stats.h"

struct src_pos {
	uint32_t line, col;     /* 1-based; 0 = unknown (hand-made step) */
};

/* X(enum, scenario keyword) */
#define STEP_KINDS(X)                 \
	X(STEP_SAY, "say")            \
	X(STEP_PAUSE, "pause")        \
	X(STEP_ALLOC, "alloc")        \
	X(STEP_FREE, "free")          \
	X(STEP_STEAL, "steal")        \
	X(STEP_WORKLOAD, "workload")  \
	X(STEP_REPEAT, "repeat")      \
	X(STEP_EXPECT, "expect")      \
	X(STEP_COMPACT, "compact")    \
	X(STEP_ISOLATE, "isolate")    \
	X(STEP_UNISOLATE, "unisolate")    \
	X(STEP_RECLAIM, "reclaim")    \
	X(STEP_QUIZ, "quiz")

enum step_kind {
#define STEP_ENUM(e, word) e,
	STEP_KINDS(STEP_ENUM)
#undef STEP_ENUM
	STEP_KIND_COUNT
};
const char *step_kind_word(int kind);

enum free_selector {
	SEL_ALL, SEL_EVERY, SEL_FIRST, SEL_LAST, SEL_INDEX, SEL_RANDOM, SEL_PFN
};

struct step_alloc {            /* alloc and steal */
	int type;              /* MT_UNMOVABLE / MT_MOVABLE / MT_RECLAIMABLE */
	int order;
	uint64_t count;
	char tag[TAG_MAX_LEN + 1];
	int zone;              /* enum zone_id, -1 = highest zone */
	int from;              /* steal only: -1 = any */
	uint32_t flags;        /* REQ_HIGHATOMIC, REQ_CMA (alloc only) */
};

struct step_free {
	char tag[TAG_MAX_LEN + 1];   /* empty for SEL_PFN */
	int sel;                     /* enum free_selector */
	uint64_t every, offset;      /* SEL_EVERY */
	uint64_t n;                  /* SEL_FIRST / SEL_LAST */
	uint64_t *indices;           /* SEL_INDEX, owned */
	size_t nindices;
	double p;                    /* SEL_RANDOM */
	uint64_t pfn;                /* SEL_PFN */
};

struct step_workload {
	uint64_t ops;
	double mix[MT_PCPTYPES];         /* weights by type, canonical order */
	double orders[NR_ORDERS_LIMIT];  /* weights by order */
	double free_ratio;
	char tag[TAG_MAX_LEN + 1];
};

struct step_compact {
	int order;                   /* -1 = full, or 1..max_order */
	int mode;                    /* enum migrate_mode, -1 = the default */
	int zone;                    /* enum zone_id, -1 = every zone */
	uint64_t max_migrate;        /* 0 = unbounded */
	/* Not in the scenario format: the TUI's step-by-step compaction.
	 * 0 = run to the end; N = machine_compact_begin() then at most N
	 * machine_compact_step() calls (the compaction may stay running). */
	uint64_t substeps;
};

struct step_isolate {          /* isolate and unisolate */
	uint64_t first, last;        /* global pageblock numbers, one zone */
};

struct step;
struct step_repeat {
	uint64_t times;
	struct step *steps;          /* owned */
	size_t nsteps;
};

struct expect_item {
	int key;                     /* enum stat_key */
	int64_t value;
	struct src_pos pos;          /* of the key, for the report */
};

struct step_expect {
	struct expect_item *items;   /* owned */
	size_t nitems;
};

/* quiz (an extension for `buddyviz quiz`, src/scenario/quiz.h): a question
 * about the step before it. No state change; `run` checks `answer`. */
struct step_quiz {
	char *ask;                   /* owned; NULL = the question's own words */
	int about;                   /* enum quiz_about (quiz.h) */
	uint64_t block;              /* about block_type */
	bool has_answer;
	int64_t answer;              /* a number, a migratetype or enum quiz_decision */
	uint64_t *blocks;            /* about changed_blocks: owned, ascending */
	size_t nblocks;
	struct src_pos answer_pos;   /* of the answer's value, for the report */
};

struct step {
	int kind;                    /* enum step_kind */
	struct src_pos pos;          /* of the step's key */
	union {
		char *say;           /* owned */
		struct step_alloc alloc; /* STEP_ALLOC, STEP_STEAL */
		struct step_free free;
		struct step_workload workload;
		struct step_repeat repeat;
		struct step_expect expect;
		uint64_t reclaim_pages;  /* STEP_RECLAIM */
		struct step_compact compact;
		struct step_isolate isolate; /* STEP_ISOLATE, STEP_UNISOLATE */
		struct step_quiz quiz;
	} u;
};

/* Frees what a step owns (not the step itself). */
void step_clear(struct step *s);
/* Deep copy; false if the host is out of memory. */
bool step_copy(struct step *dst, const struct step *src);
/* Operations the step counts for the 10^9 limit (section 7), saturating. */
uint64_t step_op_count(const struct step *s);

/* What running a step found. */
struct step_result {
	uint64_t allocs_ok, allocs_failed, frees;
	uint64_t isolate_refused;    /* isolate steps refused (-EBUSY) */
	size_t nexpect_failed;
	struct expect_failure {
		const struct expect_item *item;
		int64_t got;
	} *expect_failed;            /* owned; step_result_clear frees */
	size_t expect_cap;
	bool host_oom;               /* host memory ran out: state is undefined */
	/* step_run_progress() only: */
	const struct step_progress *progress;
	uint64_t done, total;        /* operations started, step_op_count() */
	uint64_t tick_at;            /* done at the next callback */
	bool cancelled;              /* the callback stopped the step */
};
void step_result_clear(struct step_result *r);

/* Runs one step (a whole repeat/workload/count) on the machine, then
 * kswapd/kcompactd if the step woke them (the contract runs them at the
 * end of the top-level step). Random choices draw from the machine's
 * generator as rng.md says. */
void step_run(struct machine *m, const struct step *s, struct step_result *r);

/* A long step, run with a callback: fn(ctx, done, total) before every
 * `every`-th operation (an allocation of a count, a workload operation, a
 * step of a repeat; `every` operations after the last call, as it was
 * then); done = operations finished, total = step_op_count().
 * fn returning false stops the step where it is and sets r->cancelled:
 * the machine is then mid-step and the caller must restore it (the
 * session does). fn may change `every` between calls (1 = each operation).
 * Without cancel the result equals step_run()'s: same draws, same events. */
struct step_progress {
	bool (*fn)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
	uint64_t every;
};
void step_run_progress(struct machine *m, const struct step *s, struct step_result *r, const struct step_progress *p);

#endif
