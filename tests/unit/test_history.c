/* Long histories through scenario steps (issue 11): the free selectors
 * (first / last / every / index / all) on a tag whose live allocations are
 * a few hundred among hundreds of thousands ever made, checked against a
 * plain reference of the live indices; undo over a long history with
 * checkpoints thinned by a small budget, every state reached by stepping
 * back equal (dumps included) to the one recorded going forward; and the
 * boot copy of a big machine (session.c) that a step back to the boot
 * state restores. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/session.h"
#include "engine/step.h"
#include "report/dump.h"
#include "unit.h"

/* The live indices of a tag, ascending (machine_tag_kth_live). */
static uint64_t *live_of(const struct machine *m, uint32_t tag, uint64_t *n)
{
	*n = machine_tag_live(m, tag);
	uint64_t *v = malloc((*n ? *n : 1) * sizeof(*v));
	for (uint64_t k = 0; v && k < *n; k++)
		v[k] = machine_tag_kth_live(m, tag, k);
	return v;
}

static bool same_set(const uint64_t *a, uint64_t na, const uint64_t *b, uint64_t nb)
{
	if (na != nb)
		return false;
	for (uint64_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static struct step free_step(int sel)
{
	struct step s = { .kind = STEP_FREE };
	s.u.free.sel = sel;
	snprintf(s.u.free.tag, sizeof(s.u.free.tag), "w");
	return s;
}

/* Runs one free step and checks that exactly `want` (ascending) stays. */
static void free_and_check(struct machine *m, uint32_t tag, const struct step *st, const uint64_t *want,
			   uint64_t nwant, const char *what)
{
	struct step_result r = { 0 };
	step_run(m, st, &r);
	uint64_t n;
	uint64_t *got = live_of(m, tag, &n);
	if (!same_set(got, n, want, nwant))
		unit_fail(__FILE__, __LINE__, "%s: %llu live after, %llu expected", what, (unsigned long long)n,
			  (unsigned long long)nwant);
	/* Every survivor still has its allocation where it was. */
	for (uint64_t i = 0; i < n; i++) {
		struct alloc_info ai;
		if (!machine_alloc_info(m, tag, got[i], &ai) || !ai.live) {
			unit_fail(__FILE__, __LINE__, "%s: index %llu not live", what, (unsigned long long)got[i]);
			break;
		}
	}
	step_result_clear(&r);
	free(got);
}

UNIT_TEST(history_selectors_on_a_long_history)
{
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1u << 16;
	struct machine *m = machine_create(&cfg);
	/* 400,000 workload operations: about 200,000 allocations made, a few
	 * hundred live, spread over the whole index range. */
	struct step w = { .kind = STEP_WORKLOAD };
	w.u.workload = (struct step_workload){ .ops = 400000, .mix = { 0.2, 0.6, 0.2 }, .orders = { 0.9, 0.1 },
					       .free_ratio = 0.5, .tag = "w" };
	struct step_result r = { 0 };
	step_run(m, &w, &r);
	step_result_clear(&r);
	/* Then grow the live set so every selector has plenty to choose. */
	w.u.workload.ops = 20000;
	w.u.workload.free_ratio = 0.2;
	step_run(m, &w, &r);
	step_result_clear(&r);
	uint32_t tag = machine_tag(m, "w");
	uint64_t n, made = machine_tag_next_index(m, tag);
	uint64_t *live = live_of(m, tag, &n);
	CHECK(made > 150000);
	CHECK(n > 5000 && n < made / 10);
	uint64_t *want = malloc(n * sizeof(*want));

	/* first: 7 -> the 7 lowest indices go. */
	struct step st = free_step(SEL_FIRST);
	st.u.free.n = 7;
	memcpy(want, live + 7, (n - 7) * sizeof(*want));
	free_and_check(m, tag, &st, want, n - 7, "first: 7");
	free(live);
	live = live_of(m, tag, &n);

	/* last: 9 -> the 9 highest go. */
	st = free_step(SEL_LAST);
	st.u.free.n = 9;
	free_and_check(m, tag, &st, live, n - 9, "last: 9");
	free(live);
	live = live_of(m, tag, &n);

	/* every: 3, offset: 1 -> index mod 3 == 1 go (by index, not rank). */
	st = free_step(SEL_EVERY);
	st.u.free.every = 3;
	st.u.free.offset = 1;
	uint64_t nw = 0;
	for (uint64_t i = 0; i < n; i++)
		if (live[i] % 3 != 1)
			want[nw++] = live[i];
	CHECK(nw < n && nw > n / 2);
	free_and_check(m, tag, &st, want, nw, "every: 3, offset: 1");
	free(live);
	live = live_of(m, tag, &n);

	/* index: some live ones (unsorted, one twice), indices freed long
	 * ago, one never made: exactly the live ones named go. */
	uint64_t idx[8] = { live[n - 1], live[0], live[n / 2], live[n / 2], 0, 1, made + 5, live[n / 3] };
	/* 0 and 1 went at the first free (first: 7 or long before). */
	st = free_step(SEL_INDEX);
	st.u.free.indices = idx;
	st.u.free.nindices = 8;
	nw = 0;
	for (uint64_t i = 0; i < n; i++)
		if (i != 0 && i != n - 1 && i != n / 2 && i != n / 3)
			want[nw++] = live[i];
	free_and_check(m, tag, &st, want, nw, "index: [...]");
	free(live);
	live = live_of(m, tag, &n);

	/* first / last larger than the live set: all go; then nothing. */
	st = free_step(SEL_LAST);
	st.u.free.n = n + 100;
	free_and_check(m, tag, &st, NULL, 0, "last: more than live");
	uint64_t seq = machine_event_seq(m);
	st = free_step(SEL_ALL);
	free_and_check(m, tag, &st, NULL, 0, "all on an empty tag");
	CHECK(machine_event_seq(m) == seq + 1);   /* one "selects nothing" event */
	CHECK_EQ_INT(machine_tag_next_index(m, tag), made);
	char msg[200];
	CHECK(machine_check(m, msg, sizeof msg));
	free(live);
	free(want);
	machine_destroy(m);
}

/* The buddyinfo, allocs and stats dumps of a machine, as one string. */
static char *fingerprint(const struct machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	dump_write(f, m, DUMP_BUDDYINFO);
	dump_write(f, m, DUMP_ALLOCS);
	dump_write(f, m, DUMP_STATS);
	fclose(f);
	return buf;
}

UNIT_TEST(history_undo_over_a_long_history)
{
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1u << 15;
	/* 120 steps: workloads on two tags, selectors, counts, compaction. */
	enum { N = 120 };
	struct step *steps = calloc(N, sizeof(*steps));
	for (int i = 0; i < N; i++) {
		struct step *s = &steps[i];
		switch (i % 6) {
		case 0:
		case 3:
			s->kind = STEP_WORKLOAD;
			s->u.workload = (struct step_workload){ .ops = 3000, .mix = { 0.3, 0.5, 0.2 },
								.orders = { 0.8, 0.1, 0.1 }, .free_ratio = 0.45 };
			snprintf(s->u.workload.tag, sizeof(s->u.workload.tag), "%s", i % 12 < 6 ? "a" : "b");
			break;
		case 1:
			*s = free_step(SEL_EVERY);
			snprintf(s->u.free.tag, sizeof(s->u.free.tag), "a");
			s->u.free.every = 4;
			s->u.free.offset = (uint64_t)(i % 4);
			break;
		case 2:
			s->kind = STEP_ALLOC;
			s->u.alloc = (struct step_alloc){ .type = MT_UNMOVABLE, .order = i % 3, .count = 50, .tag = "c",
							  .zone = -1, .from = -1 };
			break;
		case 4:
			*s = free_step(i % 12 < 6 ? SEL_FIRST : SEL_LAST);
			snprintf(s->u.free.tag, sizeof(s->u.free.tag), "c");
			s->u.free.n = 30;
			break;
		default:
			if (i % 30 == 5) {
				s->kind = STEP_COMPACT;
				s->u.compact = (struct step_compact){ .order = -1, .mode = -1, .zone = -1 };
			} else {
				*s = free_step(SEL_RANDOM);
				snprintf(s->u.free.tag, sizeof(s->u.free.tag), "b");
				s->u.free.p = 0.3;
			}
			break;
		}
	}
	struct session *s = session_create(&cfg, steps, N, true);
	free(steps);
	/* A checkpoint every few steps, and a budget of about six of them:
	 * older ones get thinned out, so far steps back replay more. */
	session_set_checkpoint_interval(s, 4000);
	char **at = calloc(N + 1, sizeof(*at));
	at[0] = fingerprint(session_machine(s));
	for (int i = 1; i <= N; i++) {
		CHECK(session_forward(s));
		if (i == 10)
			session_set_checkpoint_budget(s, session_checkpoint_bytes(s) * 6);
		at[i] = fingerprint(session_machine(s));
	}
	CHECK(session_checkpoint_count(s) >= 2);
	CHECK(session_checkpoint_count(s) <= 8);
	int bad = 0;
	for (int i = N - 1; i >= 0; i--) {
		CHECK(session_back(s));
		char *now = fingerprint(session_machine(s));
		if (!now || strcmp(now, at[i]) != 0)
			bad++;
		free(now);
	}
	CHECK_EQ_INT(bad, 0);
	/* Jumps in both directions land on the same states. */
	size_t jumps[] = { N, 7, 93, 92, 40, 119, 1, 64 };
	for (size_t j = 0; j < sizeof(jumps) / sizeof(jumps[0]); j++) {
		CHECK(session_goto(s, jumps[j]));
		char *now = fingerprint(session_machine(s));
		if (!now || strcmp(now, at[jumps[j]]) != 0)
			unit_fail(__FILE__, __LINE__, "goto %zu: state differs", jumps[j]);
		free(now);
	}
	for (int i = 0; i <= N; i++)
		free(at[i]);
	free(at);
	session_destroy(s);
}

UNIT_TEST(history_big_machine_boot_copy)
{
	/* 1 TiB: the session keeps a copy of the boot state; going back to
	 * step 0 restores it and equals a fresh boot. */
	struct machine_config cfg;
	machine_config_default(&cfg);
	cfg.zones[0].pages = 1ull << 28;
	struct step st[2];
	memset(st, 0, sizeof(st));
	st[0].kind = STEP_ALLOC;
	st[0].u.alloc = (struct step_alloc){ .type = MT_UNMOVABLE, .order = 3, .count = 3000, .tag = "U",
					      .zone = -1, .from = -1 };
	st[1] = st[0];
	st[1].u.alloc.type = MT_RECLAIMABLE;
	struct session *s = session_create(&cfg, st, 2, true);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_INT(session_checkpoint_count(s), 1);
	char *boot = fingerprint(session_machine(s));
	CHECK(session_forward(s));
	CHECK(session_forward(s));
	char *two = fingerprint(session_machine(s));
	CHECK(session_goto(s, 0));
	char *back = fingerprint(session_machine(s));
	CHECK(boot && back && strcmp(boot, back) == 0);
	CHECK(session_goto(s, 2));
	char *again = fingerprint(session_machine(s));
	CHECK(two && again && strcmp(two, again) == 0);
	free(boot);
	free(back);
	free(two);
	free(again);
	session_destroy(s);
	/* Without undo: no copy. */
	s = session_create(&cfg, st, 2, false);
	CHECK_EQ_INT(session_checkpoint_count(s), 0);
	session_destroy(s);
}
