/* The terminal: the one module (draw.c) that includes curses; header named apart from <term.h>.
 *
 * Opens and restores the terminal, reads keys (translated to keys.h
 * codes), draws a view (view.h) writing only the rows that changed since
 * the last frame, with one doupdate() per frame. Owns the signal handling:
 * SIGINT, SIGTERM and SIGHUP set a flag the main loop reads (or, while the
 * engine is busy, restore the terminal and exit at once); crash signals
 * restore the terminal and re-raise; atexit() restores too. SIGWINCH is
 * curses' own and arrives as TK_RESIZE.
 */
#ifndef BUDDYVIZ_TUI_TERM_H
#define BUDDYVIZ_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "keys.h"

struct view;

/* Opens the terminal on stdin/stdout. mono: the caller asks for
 * monochrome (--mono); NO_COLOR and colourless terminals force it too.
 * On failure writes a reason to err. */
bool term_open(bool mono, char *err, size_t errlen);
/* Opens a curses screen writing to `out` (e.g. /dev/null) at w x h, for
 * benchmarks; no signal handlers, no input. */
bool term_open_file(FILE *out, FILE *in, const char *termname, int w, int h, bool mono);
/* Restores the terminal (idempotent). */
void term_close(void);

bool term_is_mono(void);
bool term_is_utf8(void);
void term_size(int *w, int *h);

/* Waits up to timeout_ms (-1 = forever) for a key; TK_TIMEOUT if none. */
int term_read_key(int timeout_ms, struct tui_mouse *mouse);

/* Draws the view: only rows that differ from the last frame (all after
 * term_invalidate()); flush = one doupdate() at the end. */
void term_draw(const struct view *v, bool flush);
void term_invalidate(void);
/* Draws every row, changed or not (benchmarks: the full cost of a frame). */
void term_draw_force(const struct view *v, bool flush);

/* 0, or the signal (SIGINT, SIGTERM, SIGHUP) that asked us to stop. */
int term_pending_signal(void);
/* Forgets a pending SIGINT (a Ctrl-C that cancelled a long step). */
void term_clear_signal(void);
/* While busy, a stop signal restores the terminal and exits at once. */
void term_set_busy(bool busy);

#endif
