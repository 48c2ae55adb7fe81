/* Frame benchmark of the terminal interface (issue 4, item 9).
 *
 * A 64 GiB zone (32768 pageblocks behind the screen) fragmented by a
 * workload, drawn by the real view model and drawing module into a curses
 * screen whose output goes to /dev/null. Prints:
 *
 *   frame_build_draw_ms: X     view model + drawing every row (no output), 80x24
 *   frame_build_draw_ms_200x60: X   the same on a 200x60 terminal
 *   step_screen_update_ms: X   after a one-allocation step: per-block diff,
 *                              view model, drawing and output (doupdate)
 *   step_total_ms: X           the same including the engine's step
 *
 * Budgets: frame_build_draw_ms < 2, step_screen_update_ms < 5. Exit 1 if a
 * budget is missed (BENCH_NO_FAIL=1: report only).
 *
 * usage: frame_bench [FRAMES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario/scenario.h"
#include "tui/app.h"
#include "tui/tuiterm.h"
#include "tui/view.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t now_ms(void)
{
	return (uint64_t)(now_s() * 1000.0);
}

static void parse(const char *text, const struct machine_config *cfg, struct step *out)
{
	char err[256];
	if (!step_parse_text(text, cfg, out, err, sizeof(err))) {
		fprintf(stderr, "frame_bench: %s: %s\n", text, err);
		exit(2);
	}
}

static double bench_frames(struct app *a, struct ui *ui, struct view *v, int w, int h, int frames)
{
	/* Warm up once (allocations of the view), then time. */
	view_build_main(v, a, ui, w, h, now_ms());
	term_draw_force(v, false);
	double t0 = now_s();
	for (int i = 0; i < frames; i++) {
		ui->cursor = (ui->cursor + 4096) % a->nblocks;
		view_build_main(v, a, ui, w, h, now_ms());
		term_draw_force(v, false);
	}
	return (now_s() - t0) * 1000.0 / frames;
}

int main(int argc, char **argv)
{
	int frames = argc > 1 ? atoi(argv[1]) : 200;
	if (frames < 1)
		frames = 1;
	struct scenario sc;
	memset(&sc, 0, sizeof(sc));
	sc.name = (char *)"frame bench: 64 GiB";
	sc.path = (char *)"(bench)";
	machine_config_default(&sc.cfg);
	sc.cfg.zones[0].pages = 64ull << 18;   /* 64 GiB: 32768 pageblocks */
	static const char *const texts[] = {
		"say: a fragmented 64 GiB zone",
		"alloc: {type: movable, order: 0, count: 200000, tag: M}",
		"alloc: {type: unmovable, order: 0, count: 20000, tag: U}",
		("workload: {ops: 200000, mix: {unmovable: 0.2, movable: 0.6, reclaimable: 0.2}, "
		 "orders: {0: 0.7, 3: 0.3}, free_ratio: 0.4, tag: w}"),
		"free: {tag: M, every: 3}",
		"alloc: {type: unmovable, order: 0, tag: x}",
	};
	size_t n = sizeof(texts) / sizeof(texts[0]);
	struct step steps[8];
	for (size_t i = 0; i < n; i++)
		parse(texts[i], &sc.cfg, &steps[i]);
	sc.steps = steps;
	sc.nsteps = n;

	struct app a;
	if (!app_init(&a, &sc)) {
		fprintf(stderr, "frame_bench: cannot build the machine\n");
		return 2;
	}
	double t0 = now_s();
	app_goto(&a, n - 1, now_ms());
	double setup = now_s() - t0;

	FILE *devnull = fopen("/dev/null", "w");
	FILE *in = fopen("/dev/null", "r");
	if (!devnull || !in || !term_open_file(devnull, in, "xterm-256color", 80, 24, false)) {
		fprintf(stderr, "frame_bench: cannot open a curses screen on /dev/null (terminfo xterm-256color?)\n");
		return 2;
	}
	struct ui ui;
	ui_init(&ui, &a);
	ui.utf8 = term_is_utf8();
	struct view v;
	view_init(&v);

	double f80 = bench_frames(&a, &ui, &v, 80, 24, frames);
	term_close();
	if (!term_open_file(devnull, in, "xterm-256color", 200, 60, false))
		return 2;
	double f200 = bench_frames(&a, &ui, &v, 200, 60, frames);
	term_close();

	/* A typical step: one allocation, then the screen update with output. */
	if (!term_open_file(devnull, in, "xterm-256color", 80, 24, false))
		return 2;
	view_build_main(&v, &a, &ui, 80, 24, now_ms());
	term_draw(&v, true);
	int reps = frames < 50 ? frames : 50;
	double update = 0, total = 0;
	for (int i = 0; i < reps; i++) {
		app_back(&a, now_ms());   /* undo the last step (not timed) */
		double s1 = now_s();
		app_forward(&a, now_ms());
		double s2 = now_s();
		view_build_main(&v, &a, &ui, 80, 24, now_ms());
		term_draw(&v, true);
		double s3 = now_s();
		total += s3 - s1;
		update += s3 - s2;
	}
	term_close();

	/* The per-block diff and counters alone: a forward over a quiet step
	 * (the first step is a say) costs nothing else. */
	double diff_ms = 0;
	for (int i = 0; i < reps; i++) {
		app_goto(&a, 0, now_ms());
		double q0 = now_s();
		app_forward(&a, now_ms());
		diff_ms += (now_s() - q0) * 1000.0;
	}
	diff_ms /= reps;

	double upd = update * 1000.0 / reps + diff_ms;
	double tot = total * 1000.0 / reps;
	printf("blocks: %llu\n", (unsigned long long)a.nblocks);
	printf("setup_s: %.2f\n", setup);
	printf("frame_build_draw_ms: %.3f\n", f80);
	printf("frame_build_draw_ms_200x60: %.3f\n", f200);
	printf("block_diff_ms: %.3f\n", diff_ms);
	printf("step_screen_update_ms: %.3f\n", upd);
	printf("step_total_ms: %.3f\n", tot);

	view_fini(&v);
	app_fini(&a);
	for (size_t i = 0; i < n; i++)
		step_clear(&steps[i]);
	fclose(devnull);
	fclose(in);
	const char *nf = getenv("BENCH_NO_FAIL");
	bool ok = f80 < 2.0 && upd < 5.0;
	if (!ok)
		fprintf(stderr, "frame_bench: over budget (frame < 2 ms, step update < 5 ms)\n");
	return ok || (nf && *nf) ? 0 : 1;
}
