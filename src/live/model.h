/* The live view's model: the latest snapshot, the one before (for rates),
 * short histories for the plots, and the kpageflags map. Plain C. */
#ifndef BUDDYVIZ_LIVE_MODEL_H
#define BUDDYVIZ_LIVE_MODEL_H

#include <stdio.h>

#include "live/kpage.h"
#include "live/procfs.h"

#define LIVE_HIST 120

struct live_series {
	double v[LIVE_HIST];
	int n, head;             /* head: where the next value goes */
};

struct live_model {
	const char *dir;         /* NULL: the running kernel */
	bool want_kpage;         /* read kpageflags at each refresh */
	struct live_snap cur, prev;
	bool have_prev;
	double t_cur, t_prev;    /* seconds, for rates */
	struct kp_map km;
	uint64_t samples;
	struct live_series free[LIVE_MAX_ZONES];     /* free pages (buddyinfo) */
	struct live_series frag[LIVE_MAX_ZONES];     /* extfrag index at pageblock order */
	struct live_series unus[LIVE_MAX_ZONES];     /* unusable index at pageblock order */
	struct live_series tfree[LIVE_MAX_ZONES][LIVE_MAX_TYPES];  /* free pages per type */
	struct live_series tblocks[LIVE_MAX_ZONES][LIVE_MAX_TYPES]; /* pageblocks per type */
	struct live_series rate[LIVE_VM_COUNT];      /* counter increase per second */
	double rates[LIVE_VM_COUNT];
	bool have_rate[LIVE_VM_COUNT];
};

void live_model_init(struct live_model *m, const char *dir, bool kpage);
void live_model_free(struct live_model *m);
/* Reads everything again (now: seconds on a monotonic clock). false with
 * "FILE:LINE: message" if a file does not parse; the model keeps the last
 * good state then. */
bool live_model_refresh(struct live_model *m, double now, char *err, size_t n);

void live_series_push(struct live_series *s, double v);
/* The i-th value, oldest first (0 <= i < s->n). */
double live_series_at(const struct live_series *s, int i);
/* The last `width` values as a UTF-8 sparkline (U+2581..U+2588), scaled
 * between the shown values' minimum and maximum; spaces where there is no
 * history yet. Returns out. */
char *live_sparkline(const struct live_series *s, int width, char *out, size_t n);

/* The pageblock order to score fragmentation at (9 if unknown). */
int live_frag_order(const struct live_snap *s);
/* Name of the migratetype column t ("Movable"). */
const char *live_type_name(const struct live_snap *s, int t);

/* Writes the whole model as plain text (buddyviz live --once). */
void live_report(FILE *f, const struct live_model *m);

#endif
