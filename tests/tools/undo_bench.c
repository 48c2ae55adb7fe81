/* Undo benchmark: the bench scenarios' big steps followed by small ones,
 * then every step undone; prints the slowest step back per scenario. The
 * contract asks for at most 250 ms. */
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

static void bench(const char *name, uint64_t gib, const struct step *big)
{
	struct machine_config c;
	machine_config_default(&c);
	c.zones[0].pages = gib << 18;
	struct step steps[4];
	memset(steps, 0, sizeof(steps));
	steps[0] = *big;
	steps[1].kind = STEP_ALLOC;
	steps[1].u.alloc = (struct step_alloc){ .type = MT_UNMOVABLE, .order = 0, .count = 1000, .tag = "U",
						 .zone = -1, .from = -1 };
	steps[2] = steps[0];
	steps[3].kind = STEP_FREE;
	steps[3].u.free = (struct step_free){ .tag = "U", .sel = SEL_ALL };
	struct session *s = session_create(&c, steps, 4, true);
	if (!s) {
		printf("%s: cannot create session\n", name);
		return;
	}
	double t0 = now();
	while (session_forward(s))
		;
	double fwd = now() - t0, worst = 0;
	for (int i = 0; i < 4; i++) {
		double t = now();
		session_back(s);
		double d = now() - t;
		if (getenv("UNDO_VERBOSE"))
			printf("  back to %zu: %.1f ms\n", session_pos(s), d * 1e3);
		if (d > worst)
			worst = d;
	}
	printf("undo %s: forward %.3f s, slowest step back %.1f ms (target <= 250 ms), checkpoints %.0f MiB\n", name,
	       fwd, worst * 1e3, (double)session_checkpoint_bytes(s) / (1 << 20));
	session_destroy(s);
}

/* Fill a 4 GiB zone with movable pages, free every second one, compact it
 * fully; then step back over the compaction (issue 8: under 250 ms). */
static void bench_compact(void)
{
	struct machine_config c;
	machine_config_default(&c);
	c.zones[0].pages = 4ull << 18;
	struct step steps[3];
	memset(steps, 0, sizeof(steps));
	steps[0].kind = STEP_ALLOC;
	steps[0].u.alloc = (struct step_alloc){ .type = MT_MOVABLE, .order = 0, .count = 4ull << 18, .tag = "M",
						 .zone = -1, .from = -1 };
	steps[1].kind = STEP_FREE;
	steps[1].u.free = (struct step_free){ .tag = "M", .sel = SEL_EVERY, .every = 2 };
	steps[2].kind = STEP_COMPACT;
	steps[2].u.compact = (struct step_compact){ .order = -1, .mode = -1, .zone = -1 };
	struct session *s = session_create(&c, steps, 3, true);
	if (!s) {
		printf("compact-4GiB: cannot create session\n");
		return;
	}
	double t0 = now();
	while (session_forward(s))
		;
	double fwd = now() - t0;
	double t = now();
	session_back(s);
	double back = now() - t;
	printf("undo compact-4GiB: forward %.3f s, step back over the compaction %.1f ms (target <= 250 ms)\n", fwd,
	       back * 1e3);
	session_destroy(s);
}

int main(void)
{
	bench_compact();
	struct step w = { .kind = STEP_WORKLOAD };
	w.u.workload = (struct step_workload){ .ops = 2000000, .mix = { 0.1, 0.8, 0.1 }, .orders = { 1.0 },
					       .free_ratio = 0.5, .tag = "w" };
	bench("churn-4GiB", 4, &w);
	struct step mixed = w;
	double orders[NR_ORDERS_LIMIT] = { 0.7, 0.1, 0.1, 0.05, 0, 0, 0, 0, 0, 0.05 };
	memcpy(mixed.u.workload.orders, orders, sizeof(orders));
	bench("mixed-16GiB", 16, &mixed);
	struct step w64 = w;
	w64.u.workload.ops = 1000000;
	bench("churn-64GiB", 64, &w64);
	struct step fill = { .kind = STEP_ALLOC };
	fill.u.alloc = (struct step_alloc){ .type = MT_MOVABLE, .order = 0, .count = 16777216 / 2, .tag = "F",
					    .zone = -1, .from = -1 };
	bench("fill-64GiB", 64, &fill);
	return 0;
}
