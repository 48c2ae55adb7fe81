/* The scenario library: installed scenarios found by name.
 *
 * Search path: $BUDDYVIZ_PATH (colon-separated folders) when set, else the
 * folder `make install` fills (BUDDYVIZ_DATADIR, baked in at build time)
 * and then `scenarios/` beside the running binary (a source checkout).
 * Never touches the terminal.
 */
#ifndef BUDDYVIZ_LIBRARY_H
#define BUDDYVIZ_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>

struct library_entry {
	char *stem;     /* file name without ".yaml": the scenario's NAME */
	char *path;     /* full path of the file */
	char *title;    /* the scenario's `name:`, or NULL if it does not load */
	char *chapter;  /* the scenario's `chapter:`, or NULL (none, or not loaded) */
};

struct library {
	struct library_entry *e;   /* sorted by stem; a stem found twice keeps the first folder's */
	size_t n;
};

/* Reads every *.yaml of the search path. load_titles: also load each file
 * (validating it) to fill `title` and `chapter`. False only if the host is
 * out of memory. */
bool library_scan(struct library *lib, bool load_titles);
void library_free(struct library *lib);

/* True when arg looks like a NAME rather than a path: no '/', no ".yaml"
 * ending, and no file of that name in the current directory. */
bool library_is_name(const char *arg);

/* Resolves NAME: an exact stem, else the one stem it is a prefix of, else
 * the one stem that has it after a "-" (e.g. "full-compaction" finds
 * "05c-full-compaction"). Returns a malloc'd path, or NULL with a message
 * for the user in msg ("no scenario named ...; try buddyviz --list" or
 * "... is ambiguous: a, b"). */
char *library_resolve(const char *name, char *msg, size_t msglen);

/* The folders searched, colon-separated, for messages and --list. */
const char *library_search_path(char *buf, size_t n);

#endif
