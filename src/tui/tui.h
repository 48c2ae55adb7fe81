/* The terminal interface (ncurses). The only module that touches curses. */
#ifndef BUDDYVIZ_TUI_H
#define BUDDYVIZ_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scenario;
struct binding;

/* Exit status when there is no terminal to run in (distinct from 1, a
 * failed expect, and 2, bad input). */
#define TUI_EXIT_NO_TERMINAL 3

/* Runs the interactive grid on a loaded scenario until the user quits,
 * starting at step `step` (clamped to the end). Returns the process exit
 * status (0 on q, TUI_EXIT_NO_TERMINAL without a terminal). */
int tui_run(const struct scenario *sc, bool mono, uint64_t step);

/* Plays every step of a scenario through the real interface without a
 * terminal (tui_record.c): curses draws into a file as a `term` terminal of
 * w x h, and each frame's bytes go to out() with a synthetic time in
 * seconds: the first frame at 0, then one step every `delay` seconds (two
 * after a say step, to read it), the last frame held 2 * delay before the
 * interface closes. Returns 0, or 2 when the terminal cannot be set up
 * (the reason on stderr). */
typedef void (*tui_record_fn)(void *ctx, double t, const char *bytes, size_t n);
int tui_record(const struct scenario *sc, const char *term, int w, int h, bool mono, double delay, tui_record_fn out,
	       void *ctx);

/* The key table (keys.h) that drives the dispatch and the help; for tests
 * and docs checks. */
const struct binding *tui_bindings(size_t *n);

#endif
