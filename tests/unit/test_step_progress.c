/* Progress points of the long steps that are not counts (issue 7 item 8):
 * compact, free, isolate, unisolate and reclaim run with a progress
 * callback give the dumps and events of the plain run, and a cancel in the
 * middle brings the session back to the exact state before the step. */
#include <stdio.h>
#include <stdlib.h>

#include "engine/machine.h"
#include "engine/session.h"
#include "engine/step.h"
#include "report/dump.h"
#include "unit.h"

/* Every dump of the machine plus the event count, as one string. */
static char *dumps(struct machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (int k = 0; k < DUMP_KIND_COUNT; k++)
		dump_write(f, m, k);
	fprintf(f, "events %llu\n", (unsigned long long)machine_event_seq(m));
	fclose(f);
	return buf;
}

struct cancel_at {
	uint64_t at, calls, max_done;
};

static bool cb(void *ctx, uint64_t done, uint64_t total)
{
	struct cancel_at *c = ctx;
	(void)total;
	c->calls++;
	if (done > c->max_done)
		c->max_done = done;
	return !c->at || done < c->at;
}

/* Setup: 8192 movable order-0 pages (and 640 reclaimable ones), every
 * second movable one freed; then the step under test. */
static void setup(struct step *st, const struct step *last)
{
	memset(st, 0, 4 * sizeof(*st));
	st[0].kind = STEP_ALLOC;
	st[0].u.alloc = (struct step_alloc){ .type = MT_MOVABLE, .order = 0, .count = 8192 - 640, .tag = "M",
					     .zone = -1, .from = -1 };
	st[1].kind = STEP_ALLOC;
	st[1].u.alloc = (struct step_alloc){ .type = MT_RECLAIMABLE, .order = 0, .count = 640, .tag = "R",
					     .zone = -1, .from = -1 };
	st[2].kind = STEP_FREE;
	st[2].u.free = (struct step_free){ .tag = "M", .sel = SEL_EVERY, .every = 2 };
	st[3] = *last;
}

static struct session *make(struct step *st)
{
	struct machine_config c;
	machine_config_default(&c);
	c.nzones = 1;
	c.zones[0].pages = 16384;
	struct session *s = session_create(&c, st, 4, true);
	session_set_checkpoint_interval(s, 1);
	for (int i = 0; i < 3; i++)
		session_forward(s);
	return s;
}

static void check_step(const struct step *last, uint64_t cancel_at)
{
	struct step st[4];
	setup(st, last);
	struct session *plain = make(st), *prog = make(st), *cut = make(st);
	char *before = dumps(session_machine(cut));
	CHECK(session_forward(plain));
	struct cancel_at c0 = { 0, 0, 0 }, c1 = { cancel_at, 0, 0 };
	struct step_progress p0 = { cb, &c0, 1 }, p1 = { cb, &c1, 1 };
	bool cancelled = true;
	CHECK(session_forward_progress(prog, &p0, &cancelled));
	CHECK(!cancelled);
	CHECK(c0.calls > cancel_at);    /* the step really has progress points */
	char *a = dumps(session_machine(plain)), *b = dumps(session_machine(prog));
	CHECK(a && b && strcmp(a, b) == 0);
	CHECK(!session_forward_progress(cut, &p1, &cancelled));
	CHECK(cancelled);
	CHECK_EQ_INT(c1.max_done, cancel_at);
	CHECK_EQ_INT(session_pos(cut), 3);
	char msg[256];
	CHECK(machine_check(session_machine(cut), msg, sizeof(msg)));
	char *after = dumps(session_machine(cut));
	CHECK(before && after && strcmp(before, after) == 0);
	/* And the step runs whole after the cancel. */
	CHECK(session_forward(cut));
	char *again = dumps(session_machine(cut));
	CHECK(again && a && strcmp(again, a) == 0);
	free(a);
	free(b);
	free(before);
	free(after);
	free(again);
	session_destroy(plain);
	session_destroy(prog);
	session_destroy(cut);
}

UNIT_TEST(progress_compact_equals_plain_and_cancels)
{
	struct step s = { .kind = STEP_COMPACT };
	s.u.compact = (struct step_compact){ .order = -1, .mode = -1, .zone = -1 };
	check_step(&s, 40);
}

UNIT_TEST(progress_free_cancels)
{
	struct step s = { .kind = STEP_FREE };
	s.u.free = (struct step_free){ .tag = "M", .sel = SEL_ALL };
	check_step(&s, 1000);
}

UNIT_TEST(progress_isolate_unisolate_cancel)
{
	struct step s = { .kind = STEP_ISOLATE };
	s.u.isolate = (struct step_isolate){ .first = 20, .last = 31 };
	check_step(&s, 7);
	s.kind = STEP_UNISOLATE;
	s.u.isolate = (struct step_isolate){ .first = 0, .last = 31 };
	check_step(&s, 9);
}

UNIT_TEST(progress_reclaim_cancels)
{
	struct step s = { .kind = STEP_RECLAIM, .u.reclaim_pages = 500 };
	check_step(&s, 3);
	s.u.reclaim_pages = 1000;   /* more than the queue holds */
	check_step(&s, 5);
}
