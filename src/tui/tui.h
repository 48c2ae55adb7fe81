/* The terminal interface (ncurses). The only module that touches curses. */
#ifndef BUDDYVIZ_TUI_H
#define BUDDYVIZ_TUI_H

#include <stdbool.h>

struct scenario;

/* Runs the interactive grid on a loaded scenario until the user quits.
 * Returns the process exit status (0 on q). */
int tui_run(const struct scenario *sc, bool mono);

#endif
