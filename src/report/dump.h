/* The `--dump` texts (scenario-format.md section 6): buddyinfo and
 * pagetypeinfo byte for byte as Linux 6.12's /proc files, and the
 * blocks, allocs and stats tables. Reads the engine; writes to a FILE. */
#ifndef BUDDYVIZ_DUMP_H
#define BUDDYVIZ_DUMP_H

#include <stdio.h>

#include "engine/machine.h"

/* X(enum, name) */
#define DUMP_KINDS(X)                      \
	X(DUMP_BUDDYINFO, "buddyinfo")     \
	X(DUMP_PAGETYPEINFO, "pagetypeinfo") \
	X(DUMP_BLOCKS, "blocks")           \
	X(DUMP_ALLOCS, "allocs")           \
	X(DUMP_STATS, "stats")

enum dump_kind {
#define DUMP_ENUM(e, name) e,
	DUMP_KINDS(DUMP_ENUM)
#undef DUMP_ENUM
	DUMP_KIND_COUNT
};

int dump_from_name(const char *name);   /* -1 if unknown */
const char *dump_name(int kind);
void dump_write(FILE *f, const struct machine *m, int kind);

#endif
