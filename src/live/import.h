/* buddyviz import (import.c): a scenario with a `state:` section that
 * starts like the snapshot's machine. */
#ifndef BUDDYVIZ_LIVE_IMPORT_H
#define BUDDYVIZ_LIVE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "live/procfs.h"

/* Writes the scenario to f; source names where the files came from (for
 * the header). false with a sentence in err when the snapshot cannot be
 * simulated (no pagetypeinfo, CMA blocks, several nodes, ...). */
bool live_import(FILE *f, const struct live_snap *s, const char *source, char *err, size_t n);

#endif
