/* Where kpageflags says the free pages are, in the imported zone's pfns
 * (import_kp.c). Internal to src/live. */
#ifndef BUDDYVIZ_LIVE_IMPORT_KP_H
#define BUDDYVIZ_LIVE_IMPORT_KP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live/procfs.h"

struct kp_layout {
	uint8_t *free;      /* per page of the model zone: KPF_BUDDY */
	uint32_t *score;    /* per model block: used pages not on an LRU */
	uint64_t nblocks;   /* model blocks mapped (the counted ones) */
	char why[200];      /* why there is no layout */
};

/* Maps the pageblocks pagetypeinfo counts in zone zi (nb of them, in pfn
 * order: the first page of each is memory by kpageflags) onto model blocks
 * 0..nb-1 of a zone of model_pages pages. 1: done; 0: not usable (why);
 * -1: a garbled kpageflags.rle (err). */
int import_kp_layout(struct kp_layout *L, const struct live_snap *s, int zi, uint64_t nb, uint64_t model_pages,
		     const char *dir, char *err, size_t n);
void import_kp_free(struct kp_layout *L);

#endif
