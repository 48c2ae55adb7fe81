/* kpageflags for import (import_kp.h). KPF_BUDDY marks every page of a
 * free buddy chunk (fs/proc/page.c: PageBuddy on the head, and
 * is_free_buddy_page() for the rest), so the free pages are measured; a
 * pageblock is memory when any of its pages has a flag (holes and offline
 * sections read as KPF_NOPAGE or, on some kernels, as no flags at all). */
#include "live/import_kp.h"

#include <stdlib.h>
#include <string.h>

#include "live/kpage.h"

enum { K_NONE, K_FREE, K_LRU, K_USED };

struct span {
	uint64_t start, end;
	uint8_t *cls;
};

static bool span_cb(void *ctx, uint64_t pfn, uint64_t count, uint64_t flags)
{
	struct span *sp = ctx;
	uint64_t a = pfn > sp->start ? pfn : sp->start, e = pfn + count < sp->end ? pfn + count : sp->end;
	if (a >= e)
		return true;
	int c = kp_class_of(flags);
	uint8_t k = c == KP_HOLE || (c == KP_NOFLAGS && flags == 0) ? K_NONE : c == KP_FREE ? K_FREE
		    : c == KP_LRU ? K_LRU : K_USED;
	memset(sp->cls + (a - sp->start), k, e - a);
	return true;
}

/* Is any page of [a, e) flagged? */
static bool any_mem(const struct span *sp, uint64_t a, uint64_t e)
{
	if (a < sp->start)
		a = sp->start;
	if (e > sp->end)
		e = sp->end;
	for (uint64_t p = a; p < e; p++)
		if (sp->cls[p - sp->start] != K_NONE)
			return true;
	return false;
}

/* Counts the blocks pagetypeinfo would count, memory judged per aligned
 * unit of 2^gran pages; with L, fills its pages and scores. */
static uint64_t count_blocks(const struct span *sp, int pbo, int gran, struct kp_layout *L, uint64_t nb)
{
	uint64_t pb = 1ull << pbo, unit = 1ull << gran, mapped = 0;
	for (uint64_t pfn = sp->start; pfn < sp->end; pfn += pb) {
		uint64_t u0 = pfn & ~(unit - 1);
		if (!any_mem(sp, u0, u0 + unit))
			continue;
		if (L && mapped < nb) {
			uint64_t b0 = pfn & ~(pb - 1);
			uint64_t a = b0 > sp->start ? b0 : sp->start, e = b0 + pb < sp->end ? b0 + pb : sp->end;
			for (uint64_t p = a; p < e; p++) {
				uint8_t k = sp->cls[p - sp->start];
				if (k == K_FREE)
					L->free[mapped * pb + (p - b0)] = 1;
				else if (k == K_USED)
					L->score[mapped]++;
			}
		}
		mapped++;
	}
	return mapped;
}

void import_kp_free(struct kp_layout *L)
{
	free(L->free);
	free(L->score);
	L->free = NULL;
	L->score = NULL;
}

int import_kp_layout(struct kp_layout *L, const struct live_snap *s, int zi, uint64_t nb, uint64_t model_pages,
		     const char *dir, char *err, size_t n)
{
	const struct live_zone *z = &s->zones[zi];
	memset(L, 0, sizeof(*L));
	if (!z->have_zoneinfo || !z->spanned) {
		snprintf(L->why, sizeof(L->why), "no span for zone %s (zoneinfo)", z->name);
		return 0;
	}
	int pbo = s->pb_order;
	struct span sp;
	sp.start = z->start_pfn;
	sp.end = z->start_pfn + (z->spanned < KPF_MAX_PFNS ? z->spanned : KPF_MAX_PFNS);
	sp.cls = calloc(sp.end - sp.start, 1);
	L->free = calloc(model_pages ? model_pages : 1, 1);
	L->score = calloc(nb ? nb : 1, sizeof(*L->score));
	if (!sp.cls || !L->free || !L->score) {
		free(sp.cls);
		import_kp_free(L);
		snprintf(L->why, sizeof(L->why), "out of memory");
		return 0;
	}
	int r = kp_walk(s, dir, span_cb, &sp, L->why, err, n);
	if (r <= 0) {
		free(sp.cls);
		import_kp_free(L);
		return r;
	}
	/* pagetypeinfo_showblockcount_print() walks pfn = start_pfn, +pb, ...
	 * and counts the blocks whose page is online (pfn_to_online_page: a
	 * whole memory section, 128 MiB on x86-64) and in the zone. A section
	 * is taken as online when any of its pages has a flag; if that does
	 * not give pagetypeinfo's count, each block on its own. */
	uint64_t seen = 0;
	int gran = 0;
	static const int grans[2] = { 15, -1 };   /* SECTION_SIZE_BITS 27 - PAGE_SHIFT; a block */
	for (int g = 0; g < 2; g++) {
		seen = count_blocks(&sp, pbo, grans[g] < 0 ? pbo : grans[g], NULL, nb);
		gran = grans[g] < 0 ? pbo : grans[g];
		if (seen == nb)
			break;
	}
	if (seen == nb)
		count_blocks(&sp, pbo, gran, L, nb);
	free(sp.cls);
	if (seen != nb) {
		snprintf(L->why, sizeof(L->why),
			 "kpageflags shows memory in %llu pageblocks of zone %s, pagetypeinfo counts %llu",
			 (unsigned long long)seen, z->name, (unsigned long long)nb);
		import_kp_free(L);
		return 0;
	}
	L->nblocks = nb;
	return 1;
}
