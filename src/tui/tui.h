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

/* The key table (keys.h) that drives the dispatch and the help; for tests
 * and docs checks. */
const struct binding *tui_bindings(size_t *n);

#endif
