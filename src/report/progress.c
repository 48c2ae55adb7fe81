/* `buddyviz run`'s progress line and signal handling (progress.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define SHOW_AFTER 1.0      /* seconds of run before the line appears */
#define REDRAW_EVERY 0.2    /* seconds between redraws */
#define TICK_MIN 0.005      /* callback interval bounds: `every` doubles */
#define TICK_MAX 0.04       /* below the first, halves above the second */
#define EVERY_MAX (1u << 24)

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
#define NCAUGHT (sizeof(caught) / sizeof(caught[0]))
static struct sigaction old_act[NCAUGHT];
static volatile sig_atomic_t got_sig;
static volatile sig_atomic_t drawn_cols;   /* what a handler must blank */

static const char spaces[] = "                                                                ";

/* write(2) in full, retrying after signals; errors are ignored (a closed
 * terminal must not stop the run). Async-signal-safe. */
static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* \r, n blanks, \r: the line is gone and the cursor at column 0. */
static void blank(size_t n)
{
	put("\r", 1);
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(spaces, k);
		n -= k;
	}
	put("\r", 1);
}

static void on_signal(int sig)
{
	if (got_sig) {
		/* The second one: the run did not reach a stopping point. */
		static const char msg[] = "buddyviz: interrupted again; stopped at once\n";
		blank((size_t)drawn_cols);
		put(msg, sizeof(msg) - 1);
		_exit(128 + sig);
	}
	got_sig = sig;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

const char *run_progress_count(uint64_t v, char *buf, size_t n)
{
	char digits[32], out[48];
	int nd = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
	size_t o = 0;
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = 0;
	snprintf(buf, n, "%s", out);
	return buf;
}

/* "41 s", "3 min 05 s", "2 h 13 min". */
static void fmt_duration(double s, char *buf, size_t n)
{
	unsigned long long t = s < 0 ? 0 : s > 1e9 ? 1000000000ull : (unsigned long long)(s + 0.5);
	if (t < 60)
		snprintf(buf, n, "%llu s", t);
	else if (t < 3600)
		snprintf(buf, n, "%llu min %02llu s", t / 60, t % 60);
	else
		snprintf(buf, n, "%llu h %02llu min", t / 3600, t / 60 % 60);
}

/* "24.1 M" operations per second. */
static void fmt_rate(double r, char *buf, size_t n)
{
	if (r >= 1e6)
		snprintf(buf, n, "%.1fM", r / 1e6);
	else if (r >= 1e3)
		snprintf(buf, n, "%.1fk", r / 1e3);
	else
		snprintf(buf, n, "%.0f", r);
}

static size_t term_cols(void)
{
	struct winsize ws;
	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* The step's operations, brief for the line ("workload 1,234/10,000 ops")
 * or in words for the message ("workload: 1,234 of 10,000 operations
 * done"); a compaction's engine steps have no total known ahead. */
static void fmt_ops(const struct run_progress *rp, bool brief, char *buf, size_t n)
{
	const char *kind = step_kind_word(rp->steps[rp->cur].kind);
	char d[32], t[32];
	run_progress_count(rp->done, d, sizeof(d));
	run_progress_count(rp->total, t, sizeof(t));
	if (rp->total == 0)
		snprintf(buf, n, brief ? "%s %s engine steps" : "%s: %s engine steps done", kind, d);
	else
		snprintf(buf, n, brief ? "%s %s/%s ops" : "%s: %s of %s operations done", kind, d, t);
}

/* Only the terminal's foreground job draws (as git's progress does): a
 * run sent to the background with & or Ctrl-Z then bg must not write over
 * the shell's prompt. */
static bool in_foreground(void)
{
	pid_t fg = tcgetpgrp(2);
	return fg == -1 || fg == getpgrp();
}

static void draw(struct run_progress *rp, double t)
{
	if (!in_foreground()) {
		rp->last_draw = t;
		return;
	}
	char ops[128], rate[32], left[32], line[256];
	fmt_ops(rp, true, ops, sizeof(ops));
	double el = t - rp->t0;
	double step_el = t - rp->step_t0;
	/* The step's own pace; the whole run's for the time left. */
	fmt_rate(step_el > 0 ? (double)rp->done / step_el : 0, rate, sizeof(rate));
	uint64_t finished = sat_add(rp->ops_before, rp->done);
	uint64_t remaining = sat_add(rp->total > rp->done ? rp->total - rp->done : 0, rp->ops_after[rp->cur]);
	size_t cols = term_cols();
	size_t n = 0;
	/* The longest form that fits (never wrap: \r only returns within a
	 * row); the percentage goes first, then the pace, then it is cut. */
	for (int form = 0; form < 3; form++) {
		int len;
		if (rp->total > 0 && finished > 0 && el > 0) {
			char pct[16] = "";
			bool pace = form < 2 && rp->done > 0;   /* no pace before the first */
			if (form == 0)
				snprintf(pct, sizeof(pct), " (%.0f%%)", 100.0 * (double)rp->done / (double)rp->total);
			fmt_duration((double)remaining / ((double)finished / el), left, sizeof(left));
			len = snprintf(line, sizeof(line), "step %zu/%zu, %s%s%s%s%s, %s left", rp->cur + 1, rp->nsteps,
				       ops, pct, pace ? ", " : "", pace ? rate : "", pace ? " ops/s" : "", left);
		} else {
			fmt_duration(step_el, left, sizeof(left));
			len = snprintf(line, sizeof(line), "step %zu/%zu, %s, %s", rp->cur + 1, rp->nsteps, ops, left);
		}
		n = len < 0 ? 0 : (size_t)len >= sizeof(line) ? sizeof(line) - 1 : (size_t)len;
		if (n <= cols - 1)
			break;
	}
	if (n > cols - 1)
		n = cols - 1;
	if (rp->drawn > n)
		blank(rp->drawn);  /* the longer line before would show through */
	else
		put("\r", 1);
	put(line, n);
	rp->drawn = n;
	drawn_cols = (sig_atomic_t)n;
	rp->last_draw = t;
}

/* The step_progress callback: false stops the step (a signal came). Adapts
 * `every` so that it runs every few milliseconds whatever the pace. */
static bool tick(void *ctx, uint64_t done, uint64_t total)
{
	struct run_progress *rp = ctx;
	if (got_sig)
		return false;
	rp->done = done;
	rp->total = total;
	double t = now();
	double dt = t - rp->last_tick;
	rp->last_tick = t;
	if (dt < TICK_MIN && rp->sp.every < EVERY_MAX)
		rp->sp.every *= 2;
	else if (dt > TICK_MAX && rp->sp.every > 1)
		rp->sp.every /= 2;
	if (rp->draw && t - rp->t0 >= SHOW_AFTER && t - rp->last_draw >= REDRAW_EVERY)
		draw(rp, t);
	return true;
}

bool run_progress_begin(struct run_progress *rp, const struct step *steps, size_t nsteps, bool draw_ok)
{
	memset(rp, 0, sizeof(*rp));
	rp->steps = steps;
	rp->nsteps = nsteps;
	rp->ops_after = calloc(nsteps ? nsteps : 1, sizeof(*rp->ops_after));
	if (!rp->ops_after)
		return false;
	for (size_t i = nsteps; i-- > 1;)
		rp->ops_after[i - 1] = sat_add(rp->ops_after[i], step_op_count(&steps[i]));
	rp->draw = draw_ok && isatty(2);
	rp->t0 = rp->last_tick = rp->step_t0 = now();
	rp->last_draw = 0;
	rp->sp = (struct step_progress){ tick, rp, 1024 };
	got_sig = 0;
	drawn_cols = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	/* A signal ignored when we started (nohup, a background job of a
	 * shell without job control) stays ignored, as in any tool. */
	for (size_t i = 0; i < NCAUGHT; i++)
		if (sigaction(caught[i], NULL, &old_act[i]) == 0 && old_act[i].sa_handler != SIG_IGN)
			sigaction(caught[i], &sa, NULL);
	return true;
}

bool run_progress_step(struct run_progress *rp, struct machine *m, size_t i, struct step_result *r)
{
	rp->cur = i;
	rp->done = 0;
	rp->total = step_op_count(&rp->steps[i]);
	rp->step_t0 = now();
	if (got_sig)
		return false;
	step_run_progress(m, &rp->steps[i], r, &rp->sp);
	if (r->cancelled) {
		rp->stopped_in_step = true;
		return false;
	}
	rp->steps_done = i + 1;
	rp->ops_before = sat_add(rp->ops_before, r->done);
	rp->done = r->done;
	/* Steps without operations inside (say, expect) tick here. */
	double t = now();
	if (rp->draw && t - rp->t0 >= SHOW_AFTER && t - rp->last_draw >= REDRAW_EVERY)
		draw(rp, t);
	return !got_sig;
}

void run_progress_clear(struct run_progress *rp)
{
	if (rp->drawn && in_foreground())
		blank(rp->drawn);
	rp->drawn = 0;
	drawn_cols = 0;
	rp->last_draw = 0;    /* redraw at the next tick */
}

int run_progress_end(struct run_progress *rp)
{
	run_progress_clear(rp);
	for (size_t i = 0; i < NCAUGHT; i++)
		if (old_act[i].sa_handler != SIG_IGN)
			sigaction(caught[i], &old_act[i], NULL);
	free(rp->ops_after);
	rp->ops_after = NULL;
	return got_sig;
}

void run_progress_where(const struct run_progress *rp, char *buf, size_t n)
{
	if (!rp->stopped_in_step) {
		snprintf(buf, n, "interrupted after step %zu of %zu", rp->steps_done, rp->nsteps);
		return;
	}
	char ops[128];
	fmt_ops(rp, false, ops, sizeof(ops));
	snprintf(buf, n, "interrupted at step %zu of %zu (%s)", rp->cur + 1, rp->nsteps, ops);
}
