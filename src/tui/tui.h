/* The terminal interface (ncurses). The only module that touches curses. */
#ifndef BUDDYVIZ_TUI_H
#define BUDDYVIZ_TUI_H

#include <stdbool.h>
#include <stddef.h>

struct scenario;
struct binding;

/* Runs the interactive grid on a loaded scenario until the user quits.
 * Returns the process exit status (0 on q). */
int tui_run(const struct scenario *sc, bool mono);

/* The key table (keys.h) that drives the dispatch and the help; for tests
 * and docs checks. */
const struct binding *tui_bindings(size_t *n);

#endif
