/* live --once: the model as plain text (model.h). */
#include "live/model.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's "%d.%03d" of an index x1000 (-1000 prints -1.000). */
static const char *idx_text(int v, char *buf, size_t n)
{
	snprintf(buf, n, "%s%d.%03d", v < 0 ? "-" : "", abs(v) / 1000, abs(v) % 1000);
	return buf;
}

/* One character per pageblock: what most of its pages are. */
char live_block_letter(const struct kp_block *b, uint32_t pb_pages);
char live_block_letter(const struct kp_block *b, uint32_t pb_pages)
{
	if (b->n[KP_HOLE] == pb_pages)
		return ' ';
	if (b->n[KP_FREE] == pb_pages)
		return '#';
	int best = KP_FREE;
	for (int c = KP_FREE; c < KP_CLASSES; c++)
		if (b->n[c] > b->n[best])
			best = c;
	static const char letters[KP_CLASSES] = { ' ', 'f', 'S', 'L', 'R', 'o', '.' };
	return letters[best];
}

static void zone_report(FILE *f, const struct live_model *m, int i)
{
	const struct live_snap *s = &m->cur;
	const struct live_zone *z = &s->zones[i];
	char a[32], b[32];
	int k = live_frag_order(s);
	fprintf(f, "\nNode %d, zone %s\n", z->node, z->name);
	if (z->have_zoneinfo)
		fprintf(f, "  start_pfn %" PRIu64 "  spanned %" PRIu64 "  present %" PRIu64 "  managed %" PRIu64 "\n",
			z->start_pfn, z->spanned, z->present, z->managed);
	uint64_t fp = live_free_pages(z, s->norders);
	fprintf(f, "  free pages (buddyinfo): %" PRIu64, fp);
	if (z->have_zoneinfo) {
		const char *where = z->pages_free < z->min ? "below min" : z->pages_free < z->low ? "below low"
				    : z->pages_free < z->high ? "below high" : "above high";
		fprintf(f, "  NR_FREE_PAGES (zoneinfo): %" PRIu64 "  min %" PRIu64 "  low %" PRIu64 "  high %" PRIu64
			   "  (%s)", z->pages_free, z->min, z->low, z->high, where);
	}
	fputc('\n', f);
	fprintf(f, "  %-12s", "order");
	for (int o = 0; o < s->norders; o++)
		fprintf(f, " %7d", o);
	fputc('\n', f);
	if (z->have_types)
		for (int t = 0; t < s->ntypes; t++) {
			fprintf(f, "  %-12s", live_type_name(s, t));
			for (int o = 0; o < s->norders; o++)
				fprintf(f, " %s%*" PRIu64, z->type_over[t][o] ? ">" : "", z->type_over[t][o] ? 6 : 7,
					z->type_free[t][o]);
			fputc('\n', f);
		}
	fprintf(f, "  %-12s", "all types");
	for (int o = 0; o < s->norders; o++)
		fprintf(f, " %7" PRIu64, z->nr_free[o]);
	fputc('\n', f);
	if (z->have_blocks) {
		fprintf(f, "  blocks:");
		for (int t = 0; t < s->ntypes; t++)
			fprintf(f, " %s %" PRIu64, live_type_name(s, t), z->blocks[t]);
		fputc('\n', f);
	}
	if (z->have_mixed) {
		fprintf(f, "  mixed blocks (page_owner):");
		for (int t = 0; t < s->ntypes; t++)
			fprintf(f, " %s %" PRIu64, live_type_name(s, t), z->mixed[t]);
		fputc('\n', f);
	}
	fprintf(f, "  fragmentation at order %d, computed from buddyinfo: extfrag_index %s  unusable_index %s\n", k,
		idx_text(live_extfrag_index(z, s->norders, k), a, sizeof(a)),
		idx_text(live_unusable_index(z, s->norders, k), b, sizeof(b)));
	fprintf(f, "  %-12s", "extfrag");
	for (int o = 0; o < s->norders; o++)
		fprintf(f, " %7s", idx_text(live_extfrag_index(z, s->norders, o), a, sizeof(a)));
	fputc('\n', f);
	fprintf(f, "  %-12s", "unusable");
	for (int o = 0; o < s->norders; o++)
		fprintf(f, " %7s", idx_text(live_unusable_index(z, s->norders, o), a, sizeof(a)));
	fputc('\n', f);
	if (z->have_dbg_extfrag) {
		fprintf(f, "  %-12s", "debugfs ext");
		for (int o = 0; o < s->norders; o++)
			fprintf(f, " %7s", idx_text(z->dbg_extfrag[o], a, sizeof(a)));
		fputc('\n', f);
	}
	if (z->have_dbg_unusable) {
		fprintf(f, "  %-12s", "debugfs unu");
		for (int o = 0; o < s->norders; o++)
			fprintf(f, " %7s", idx_text(z->dbg_unusable[o], a, sizeof(a)));
		fputc('\n', f);
	}
	if (m->km.have && i < m->km.nzones && m->km.zones[i].b) {
		const struct kp_zone *kz = &m->km.zones[i];
		uint32_t pb = 1u << m->km.pb_order;
		uint64_t tot[KP_CLASSES] = { 0 };
		for (uint64_t x = 0; x < kz->nblocks; x++)
			for (int c = 0; c < KP_CLASSES; c++)
				tot[c] += kz->b[x].n[c];
		fprintf(f, "  kpageflags pages:");
		for (int c = 0; c < KP_CLASSES; c++)
			fprintf(f, " %s %" PRIu64, kp_class_name(c), tot[c]);
		fprintf(f, "\n  pageblocks from pfn %" PRIu64 " (64 a line; # all free, f/S/L/R/o/. mostly free/slab/lru/"
			   "reserved/pgtable-or-offline/no flags, blank no memory; migratetype not exported by kpageflags%s):\n",
			kz->first_pfn, m->cur.page_owner ? "; page_owner is on, but buddyviz does not read it" : "");
		for (uint64_t x = 0; x < kz->nblocks; x++) {
			if (x % 64 == 0)
				fputs("  |", f);
			fputc(live_block_letter(&kz->b[x], pb), f);
			if (x % 64 == 63 || x + 1 == kz->nblocks)
				fputs("|\n", f);
		}
	}
}

void live_report(FILE *f, const struct live_model *m)
{
	const struct live_snap *s = &m->cur;
	fprintf(f, "buddyviz live: %s\n", m->dir ? m->dir : "this machine (/proc)");
	fprintf(f, "%s\n", s->version[0] ? s->version : "kernel version: not known (no version file)");
	if (s->pb_order >= 0)
		fprintf(f, "pageblock order %d (%u pages)\n", s->pb_order, 1u << s->pb_order);
	const char *const why[] = { s->why_pagetypeinfo, s->why_zoneinfo, s->why_vmstat, s->why_debugfs };
	const char *const what[] = { "pagetypeinfo", "zoneinfo", "vmstat", "debugfs extfrag" };
	for (int i = 0; i < 4; i++)
		if (why[i][0])
			fprintf(f, "not read: %s (%s)\n", what[i], why[i]);
	if (m->want_kpage && !m->km.have)
		fprintf(f, "not read: kpageflags (%s)\n", m->km.why[0] ? m->km.why : "no zoneinfo");
	for (int i = 0; i < s->nzones; i++)
		zone_report(f, m, i);
	fprintf(f, "\nvmstat counters (rate per second since the previous refresh):\n");
	for (int v = 0; v < LIVE_VM_COUNT; v++) {
		if (!s->have_vm[v])
			fprintf(f, "  %-24s not in this kernel's vmstat\n", live_vm_name(v));
		else if (m->have_rate[v])
			fprintf(f, "  %-24s %12" PRIu64 "  %.1f/s\n", live_vm_name(v), s->vm[v], m->rates[v]);
		else
			fprintf(f, "  %-24s %12" PRIu64 "\n", live_vm_name(v), s->vm[v]);
	}
}
