/* buddyviz import (import.c): a scenario with a `state:` section that
 * starts like the snapshot's machine. */
#ifndef BUDDYVIZ_LIVE_IMPORT_H
#define BUDDYVIZ_LIVE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "live/procfs.h"

/* Writes the scenario to f; dir: where the files came from (NULL: this
 * machine). use_kp: place blocks and chunks by kpageflags (DIR's
 * kpageflags.rle, or /proc/kpageflags) where it is readable. false with a
 * sentence in err when the snapshot cannot be simulated (no pagetypeinfo,
 * CMA blocks, several nodes, ...) or kpageflags.rle is garbled. */
bool live_import(FILE *f, const struct live_snap *s, const char *dir, bool use_kp, char *err, size_t n);

#endif
