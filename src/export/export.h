/* Exports of a scenario for slides and course pages: an SVG picture of
 * the grid at a step (svg.c), a self-contained HTML replay (html.c) and
 * asciicast v2 recordings of the terminal interface (cast.c, record.c,
 * cast_live.c).
 *
 * The pictures are built from the terminal interface's plain model
 * (tui/app.h: the session and its per-block snapshots; view_block_cell()
 * for a cell) and its palette (tui/palette.h), never from curses. Only
 * the recorders touch a terminal: record.c drives the real interface
 * through tui_record() into a file, cast_live.c relays a live session
 * through a pseudo-terminal.
 *
 * Each *_cmd() takes the arguments after its command word and returns the
 * process exit status (scenario-format.md §4: 0 ok, 2 bad input).
 */
#ifndef BUDDYVIZ_EXPORT_H
#define BUDDYVIZ_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct app;

int export_svg_cmd(int argc, char **argv);    /* buddyviz svg */
int export_html_cmd(int argc, char **argv);   /* buddyviz html */
int export_record_cmd(int argc, char **argv); /* buddyviz record */

/* SVG of the grid of the app's current step. cols: cells per row (0 =
 * automatic), width: picture width in pixels (0 = 1200). Returns false on
 * a write error. */
struct svg_opts {
	int cols, width;
};
bool svg_write(FILE *f, const struct app *a, const struct svg_opts *o);

/* The TUI's export key: writes the current step's grid as
 * buddyviz-<scenario>-step<N>.svg (-2, -3... if taken) in `dir`; on
 * success the file name to name, else the reason to err. */
bool svg_save(const struct app *a, const char *dir, char *name, size_t namelen, char *err, size_t errlen);

/* `buddyviz --record FILE.cast [ARGS...]`: checks that FILE can be
 * written, then runs the terminal interface in a pseudo-terminal and
 * relays it to this terminal, writing everything it shows (and resizes)
 * as asciicast v2. In the child it returns -1 and the caller goes on to
 * run the interface as usual; in the parent it returns the interface's
 * exit status (2 when FILE cannot be written, 3 without a terminal). */
int cast_live_begin(const char *path, const char *title);

#endif
