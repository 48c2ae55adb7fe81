/* An asciicast v2 writer (https://docs.asciinema.org/manual/asciicast/v2/):
 * a header line of JSON, then one JSON array per event, [time, "o", data]
 * for output and [time, "r", "COLSxROWS"] for a resize. Output bytes are
 * written as JSON strings of whole UTF-8 characters: a character split
 * across two writes is held back until its end arrives; invalid bytes
 * become U+FFFD. Times never go backwards. */
#ifndef BUDDYVIZ_EXPORT_CAST_H
#define BUDDYVIZ_EXPORT_CAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cast {
	FILE *f;
	double last;                /* time of the last event */
	unsigned char carry[4];     /* the start of a split UTF-8 character */
	size_t ncarry;
};

/* timestamp: seconds since the epoch (SOURCE_DATE_EPOCH when set, else now). */
bool cast_begin(struct cast *c, FILE *f, int w, int h, const char *title, const char *term);
void cast_output(struct cast *c, double t, const char *data, size_t n);
void cast_resize(struct cast *c, double t, int w, int h);
/* Flushes what is held back; false on a write error. */
bool cast_end(struct cast *c);

#endif
