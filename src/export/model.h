/* What the exporters share (internal to src/export): loading a scenario
 * from their arguments, opening the output, the grid's cells per zone,
 * JSON and XML text. */
#ifndef BUDDYVIZ_EXPORT_MODEL_H
#define BUDDYVIZ_EXPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tui/app.h"
#include "tui/view.h"

/* Options every export command reads. */
struct xargs {
	const char *file;      /* scenario FILE or NAME */
	const char *out;       /* -o FILE; NULL or "-" = stdout */
	const char *profile;   /* --profile */
	uint64_t step;         /* --step N (UINT64_MAX: not given) */
	int cols, width;       /* svg: --cols, --width */
	int w, h;              /* record: --size WxH */
	double delay;          /* record: --delay SECONDS */
	bool mono;             /* record: --mono */
};
/* Which options a command takes (a mask). */
enum { XO_STEP = 1, XO_COLS = 2, XO_SIZE = 4, XO_DELAY = 8, XO_MONO = 16 };

/* Parses argv (after the command word); on an error prints
 * "buddyviz: MESSAGE" and a usage line and returns false. */
bool xargs_parse(const char *cmd, int argc, char **argv, unsigned opts, struct xargs *x);

/* Loads x->file (a FILE or an installed NAME) and builds the app at step
 * 0; prints errors and returns NULL on bad input. */
struct scenario *xload(const struct xargs *x, struct app *a);
void xunload(struct scenario *sc, struct app *a);

/* Opens the output (stdout for NULL or "-"); prints why and returns NULL. */
FILE *xopen_out(const char *path);
/* Closes it; false (after printing why, and removing the file) on a
 * write error. */
bool xclose_out(FILE *f, const char *path);

/* A zone's cells: each covers 2^zoom blocks, at most max_cells of them. */
struct xzone {
	const char *name;
	uint64_t first, nblocks, ncells;
	int zoom;
};
int xzones(const struct app *a, uint64_t max_cells, struct xzone *z);

/* The caption to show at the current step (the last `say`, else the
 * scenario's description at step 0), or NULL. */
const char *xcaption(const struct app *a);

/* JSON string (with the quotes) and XML text, escaped; invalid UTF-8
 * bytes become U+FFFD. */
void json_str(FILE *f, const char *s, size_t n);
void xml_text(FILE *f, const char *s);

#endif
