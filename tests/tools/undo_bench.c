/* Undo benchmark (`make bench`, bench/run.sh): every scenario the bench
 * times, as an undoable session (the TUI's), with a history shaped to read
 * old checkpoints: the scenario's steps S, a small allocation, S again, a
 * free. Then every step is undone, from the last to the boot state, each
 * timed: the second one restores a checkpoint older than the one the
 * machine is in sync with (its first read: a full copy, not only what
 * changed). Prints per scenario the slowest step back (target: at most
 * 250 ms, issue 11) and the checkpoint memory at its peak.
 *
 * Arguments: scenario names to run only those. UNDO_VERBOSE=1 prints
 * every step back. The 10^8-operation churn (4 to 10 s a run) is undone
 * only with BENCH_LONG=1, and with S once (its checkpoints are as small as
 * the 2*10^6 churn's: a few thousand live allocations). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/session.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct scen {
	const char *name;
	uint64_t mib;               /* zone size */
	bool pcp, watermarks;
	const struct step *steps;   /* S */
	size_t nsteps;
	bool once;                  /* S, alloc, free: S only once */
};

static double worst_all;

static void bench(const struct scen *sc)
{
	struct machine_config c;
	machine_config_default(&c);
	c.zones[0].pages = sc->mib << 8;
	c.pcp = sc->pcp;
	c.watermarks = sc->watermarks;
	size_t n = (sc->once ? 1 : 2) * sc->nsteps + 2;
	struct step *steps = calloc(n, sizeof(*steps));
	if (!steps)
		return;
	size_t k = 0;
	for (size_t i = 0; i < sc->nsteps; i++)
		steps[k++] = sc->steps[i];
	steps[k].kind = STEP_ALLOC;
	steps[k++].u.alloc = (struct step_alloc){ .type = MT_UNMOVABLE, .order = 0, .count = 1000, .tag = "U",
						   .zone = -1, .from = -1 };
	for (size_t i = 0; i < sc->nsteps && !sc->once; i++)
		steps[k++] = sc->steps[i];
	steps[k].kind = STEP_FREE;
	steps[k++].u.free = (struct step_free){ .tag = "U", .sel = SEL_ALL };
	struct session *s = session_create(&c, steps, n, true);
	free(steps);
	if (!s) {
		printf("undo %s: cannot create the session\n", sc->name);
		return;
	}
	double t0 = now();
	size_t peak = 0, peak_n = 0;
	while (session_forward(s)) {
		if (session_checkpoint_bytes(s) > peak) {
			peak = session_checkpoint_bytes(s);
			peak_n = session_checkpoint_count(s);
		}
	}
	double fwd = now() - t0, worst = 0;
	size_t worst_to = 0;
	while (session_pos(s) > 0) {
		double t = now();
		session_back(s);
		double d = now() - t;
		if (getenv("UNDO_VERBOSE"))
			printf("  %s: back to %zu: %.1f ms\n", sc->name, session_pos(s), d * 1e3);
		if (d > worst) {
			worst = d;
			worst_to = session_pos(s);
		}
	}
	if (worst > worst_all)
		worst_all = worst;
	printf("undo %s: %zu steps, forward %.2f s, slowest step back %.1f ms (to step %zu of %zu; target <= 250 ms), "
	       "checkpoints %.1f MiB (%zu) at most\n",
	       sc->name, n, fwd, worst * 1e3, worst_to, n, (double)peak / (1 << 20), peak_n);
	session_destroy(s);
}

static struct step workload(uint64_t ops, const double *orders)
{
	struct step w = { .kind = STEP_WORKLOAD };
	w.u.workload = (struct step_workload){ .ops = ops, .mix = { 0.1, 0.8, 0.1 }, .free_ratio = 0.5 };
	memcpy(w.u.workload.orders, orders, sizeof(w.u.workload.orders));
	return w;
}

static struct step alloc_movable(uint64_t count, const char *tag)
{
	struct step a = { .kind = STEP_ALLOC };
	a.u.alloc = (struct step_alloc){ .type = MT_MOVABLE, .order = 0, .count = count, .zone = -1, .from = -1 };
	snprintf(a.u.alloc.tag, sizeof(a.u.alloc.tag), "%s", tag);
	return a;
}

int main(int argc, char **argv)
{
	double o0[NR_ORDERS_LIMIT] = { 1.0 };
	double mixed[NR_ORDERS_LIMIT] = { 0.7, 0.1, 0.1, 0.05, 0, 0, 0, 0, 0, 0.05 };
	struct step churn = workload(2000000, o0), mix = workload(2000000, mixed), churn1m = workload(1000000, o0);
	struct step churn1e8 = workload(100000000, o0);
	/* filled-64GiB in two halves: the second S fills the zone. */
	struct step fill = alloc_movable(8388608, "F");
	/* compact-4GiB: fill, free every second page, full compaction. */
	struct step compact[3] = { alloc_movable(1048576, "M") };
	compact[1].kind = STEP_FREE;
	compact[1].u.free = (struct step_free){ .tag = "M", .sel = SEL_EVERY, .every = 2 };
	compact[2].kind = STEP_COMPACT;
	compact[2].u.compact = (struct step_compact){ .order = -1, .mode = -1, .zone = -1 };
	const struct scen all[] = {
		{ "churn-4GiB", 4096, false, false, &churn, 1, false },
		{ "churn-pcp-4GiB", 4096, true, false, &churn, 1, false },
		{ "churn-watermarks-4GiB", 4096, false, true, &churn, 1, false },
		{ "mixed-orders-16GiB", 16384, false, false, &mix, 1, false },
		{ "churn-64GiB", 65536, false, false, &churn1m, 1, false },
		{ "filled-64GiB", 65536, false, false, &fill, 1, false },
		{ "compact-4GiB", 4096, false, false, compact, 3, false },
		{ "churn-4TiB", 4194304, false, false, &churn1m, 1, false },
		{ "churn-1e8-4GiB", 4096, false, false, &churn1e8, 1, true },
	};
	const char *longrun = getenv("BENCH_LONG");
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		bool picked = argc < 2;
		for (int a = 1; a < argc; a++)
			picked = picked || strcmp(argv[a], all[i].name) == 0;
		if (!picked)
			continue;
		if (all[i].steps == &churn1e8 && !(longrun && strcmp(longrun, "1") == 0)) {
			printf("undo %s: skipped (BENCH_LONG=1 runs it)\n", all[i].name);
			continue;
		}
		bench(&all[i]);
		fflush(stdout);
	}
	printf("undo slowest step back of all: %.1f ms\n", worst_all * 1e3);
	return 0;
}
