/* The TUI's model: a session and what the screen remembers about it.
 *
 * Plain C, no curses (tested by tests/unit/test_view.c). After every move
 * (a step forward, back, a jump, a hand-made step) it diffs each pageblock
 * against its last snapshot: changed blocks get the move's number (the screen
 * marks them until the next move), type changes are recorded with
 * the step number (the block detail's history), and the counters of the
 * buddyinfo/pagetypeinfo panel keep their previous values so that what
 * changed can be highlighted. Work per move is O(pageblocks), never O(pages).
 * Times are milliseconds from any monotonic clock, passed in by the caller.
 */
#ifndef BUDDYVIZ_TUI_APP_H
#define BUDDYVIZ_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/event.h"
#include "engine/machine.h"
#include "engine/session.h"

struct scenario;


struct block_snap {
	uint8_t type;
	bool mixed;
	uint32_t free;
	uint32_t alloc[MT_PCPTYPES];
	uint32_t pcp;            /* of alloc[], pages on per-cpu lists */
};

struct type_change {
	uint64_t block;
	uint64_t step;          /* the step (1-based) after which it was seen */
	uint8_t from, to;
};

/* The buddyinfo/pagetypeinfo numbers of every zone. */
struct counters {
	uint64_t list[ZONE_ID_COUNT][NR_ORDERS_LIMIT][MT_COUNT];
	uint64_t nr_free[ZONE_ID_COUNT][NR_ORDERS_LIMIT];
	uint64_t blocks[ZONE_ID_COUNT][MT_COUNT];
	struct machine_stats st;
};

/* What the last step did, for the events panel: the last step run that
 * can change memory (say, pause, expect and quiz steps are skipped over). */
struct step_summary {
	size_t step;                  /* 1-based; 0 = none yet */
	uint64_t begin, end;          /* event sequence numbers [begin, end) */
	uint64_t first_kept;          /* first of them still in the ring */
	uint64_t kinds[EV_KIND_COUNT];/* counted over [first_kept, end) */
	struct step_counts {          /* exact, recorded when the step ran */
		uint64_t allocs, failed, frees, claims, steals;
		bool valid;
	} counts;
};

/* What the plots show, one per position (sample[k] = the state after k
 * steps), rewritten whenever that position is reached again. */
struct sample {
	uint64_t free_pages;
	uint32_t mixed;
	uint64_t claims, steals;
	int16_t unusable[ZONE_ID_COUNT];  /* per zone, at pageblock_order, x1000 */
};

struct app {
	const struct scenario *sc;
	struct session *s;
	struct machine *m;            /* session_machine(s): stable */
	const struct machine_config *cfg;
	int nzones;
	struct zone_info zones[ZONE_ID_COUNT];
	uint64_t nblocks;
	uint32_t block_pages;
	int types[MT_COUNT];          /* the profile's types, enum order */
	int ntypes;

	struct block_snap *snap;      /* per block, as last seen */
	uint64_t *stamp;              /* per block: the move that last changed it, 0 = never */
	uint64_t moves;               /* moves so far: a block is "changed" while stamp == moves */
	uint64_t last_change_ms;      /* time of the newest change */
	bool *handmade;               /* per timeline step: made by hand (: or a quick key) */
	size_t handmade_cap;
	size_t saved_upto;            /* steps [0, saved_upto) are in the last save */
	struct sample *samples;       /* [0..app_pos()] valid */
	size_t nsamples_cap;
	bool live_armed;              /* inside app_*_progress */
	struct block_snap *live_snap; /* during a step drawn while it runs: */
	struct counters live_cur, live_prev; /* what to put back after it */
	uint64_t changed_last;        /* blocks changed by the last move */

	struct type_change *hist;     /* ordered by step */
	size_t nhist, hcap;

	struct counters cur, prev;    /* now, and before the last move */
	struct step_summary sum;
	struct ev_range {             /* per timeline step run */
		uint64_t begin, end;
		struct step_counts counts;
	} *ranges;
	size_t nranges;
	const char *caption;          /* text of the last `say` run, or NULL */
	size_t caption_step;          /* its step (1-based), 0 = none */
};

/* The caption narrates steps still to come: no step that can change
 * memory ran since its `say`, and there are steps left. */
bool app_caption_is_ahead(const struct app *a);

/* Builds the session (with undo) for the scenario. false if out of memory. */
bool app_init(struct app *a, const struct scenario *sc);
void app_fini(struct app *a);

size_t app_pos(const struct app *a);
size_t app_total(const struct app *a);

/* Each returns false when it could not move (end, start, host memory). */
bool app_forward(struct app *a, uint64_t now);
bool app_back(struct app *a, uint64_t now);
/* Forward with a progress callback (step_run_progress()); when it cancels,
 * the state before the step is back, *cancelled is set, false. */
bool app_forward_progress(struct app *a, uint64_t now, const struct step_progress *p, bool *cancelled);
/* Re-reads the blocks and counters for drawing in the middle of a step
 * (no history, no change marks). */
void app_live_refresh(struct app *a);
/* Forward one step at a time (so history sees every step), back directly. */
bool app_goto(struct app *a, size_t k, uint64_t now);

/* Rebuilds the session with another profile (enum profile) and the same
 * timeline, hand-made steps included, and replays it from the boot state
 * to the current position. false if the host is out of memory (the app
 * may then be empty: the caller must not go on with it). */
bool app_switch_profile(struct app *a, int profile, uint64_t now);

/* Parses one step in YAML flow form with step_parse_text() and inserts it
 * at the current position. On a parse error writes it to err and changes
 * nothing. */
bool app_run_text(struct app *a, const char *text, uint64_t now, char *err, size_t errlen);

/* `set pcp on|off` / `set watermarks on|off` (app_mode.c): rebuilds the
 * session with the mode switched and replays every step up to the current
 * position (hand-made steps included). On success writes a short summary
 * to msg; on failure the reason, and nothing changed (unless the host ran
 * out of memory while rebuilding). */
bool app_set_mode(struct app *a, const char *args, uint64_t now, char *msg, size_t n);

/* The same with a progress callback; a cancel writes "cancelled: ..." to err. */
bool app_run_text_progress(struct app *a, const char *text, uint64_t now, const struct step_progress *p, char *err,
			   size_t errlen);

/* Hand-made steps among those run (0..pos-1) that the last save does not
 * hold: quitting then asks first. */
bool app_unsaved(const struct app *a);
/* Records a save of steps 0..pos-1. */
void app_mark_saved(struct app *a);

/* Compaction one engine step at a time (session_compact_*()): is a
 * stepped compaction running at the current position; one more engine
 * step of it (false when none runs). app_back() steps back one engine
 * step inside it; app_forward() and hand-made steps finish it first. */
bool app_compact_stepping(const struct app *a);
bool app_compact_more(struct app *a, uint64_t now);
/* Runs a stepped compaction to its end (the step becomes a whole
 * `compact`); false when none runs. */
bool app_compact_finish(struct app *a, uint64_t now);
/* Starts a stepped compaction (a `compact` step with substeps 1). */
bool app_compact_start(struct app *a, const struct step_compact *c, uint64_t now);

/* Saves steps 0..pos-1 with scenario_write() as a new file in `dir`
 * (buddyviz-session-YYYYmmdd-HHMMSS.yaml, -2, -3, ... if taken). On success
 * writes the file name (without dir) to name. */
bool app_save(const struct app *a, const char *dir, char *name, size_t namelen, char *err, size_t errlen);

/* The pfn of the first live allocation inside the block, if any. */
bool app_first_alloc_in_block(const struct app *a, uint64_t block, uint64_t *pfn);

/* The block's type changes, oldest first: index range into a->hist. */
size_t app_block_history(const struct app *a, uint64_t block, size_t *idx, size_t max);

/* One-line description of a step ("alloc unmovable order 0 x63 tag U"). */
void app_step_brief(const struct step *st, char *buf, size_t n);

/* One zone's fragmentation indexes at order k, x1000, from the counters
 * (debugfs extfrag_index / unusable_index of that zone). */
int zone_extfrag_index(const struct counters *c, int z, int maxo, int k);
int zone_unusable_index(const struct counters *c, int z, int maxo, int k);

/* The zone index holding a block. */
int app_zone_of_block(const struct app *a, uint64_t block);

#endif
