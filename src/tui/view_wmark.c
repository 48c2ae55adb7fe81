/* The watermark gauge of the main screen and the help lines about what the
 * pcp/watermark model simplifies (linux-6.12-page-allocator.md 7.4, 8.3).
 * Plain view model: rows of text with roles, no curses. */
#include <stdio.h>
#include <string.h>

#include "view_int.h"
#include "view_wmark.h"

int view_wmark_lines(const struct app *a)
{
	return a->cfg->watermarks || a->cfg->pcp ? 1 : 0;
}

/* A bar of `cols` columns from 0 to `top` pages: '=' up to the free pages,
 * the marks as m, l, h (and b for high + boost) where they fall. */
static void gauge(char *bar, int cols, uint64_t top, uint64_t free, const struct zone_wmark_info *w)
{
	for (int i = 0; i < cols; i++) {
		uint64_t at = top * (uint64_t)(i + 1) / (uint64_t)cols;
		bar[i] = free >= at ? '=' : ' ';
	}
	struct { uint64_t v; char c; } marks[] = {
		{ w->min, 'm' }, { w->low, 'l' }, { w->high, 'h' }, { w->high + w->boost, 'b' },
	};
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		if (k == 3 && !w->boost)
			continue;
		uint64_t pos = top ? marks[k].v * (uint64_t)cols / top : 0;
		if (pos >= (uint64_t)cols)
			pos = (uint64_t)cols - 1;
		bar[pos] = marks[k].c;
	}
	bar[cols] = 0;
}

void view_wmark_row(struct view_row *r, const struct app *a, int zi, int width)
{
	struct zone_wmark_info w;
	machine_zone_wmark(a->m, zi, &w);
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	uint64_t markb = w.high + w.boost;
	int role = !a->cfg->watermarks ? ROLE_DIM
		   : w.nr_free_pages <= w.min ? ROLE_ERROR
		   : w.nr_free_pages <= w.low ? ROLE_NOTICE
		   : w.nr_free_pages <= markb ? ROLE_CHANGED : ROLE_OK;
	row_printf(r, ROLE_HEAD, "%s marks ", a->zones[zi].name);
	/* The bar spans 0 .. 2 x (high + boost) so that the marks stay apart. */
	char tail[160];
	int n = snprintf(tail, sizeof(tail), " free %llu min %llu low %llu high %llu",
			 (unsigned long long)w.nr_free_pages, (unsigned long long)w.min, (unsigned long long)w.low,
			 (unsigned long long)w.high);
	if (w.boost)
		n += snprintf(tail + n, sizeof(tail) - (size_t)n, " boost %llu", (unsigned long long)w.boost);
	if (a->cfg->pcp)
		n += snprintf(tail + n, sizeof(tail) - (size_t)n, " pcp %llu (batch %d high %d)",
			      (unsigned long long)w.pcp_pages, w.batch, w.high_min);
	if (!a->cfg->watermarks)
		snprintf(tail + n, sizeof(tail) - (size_t)n, " (not checked)");
	int cols = row_room(r) - (int)strlen(tail) - 2;
	if (cols > 40)
		cols = 40;
	if (cols >= 8) {
		char bar[48];
		gauge(bar, cols, markb ? 2 * markb : 1, w.nr_free_pages, &w);
		row_put(r, ROLE_DIM, "[");
		row_put(r, role, bar);
		row_put(r, ROLE_DIM, "]");
	}
	row_put(r, role, tail);
	(void)width;
}

static const char *const help_lines[] = {
	"Watermarks and per-cpu lists (machine: watermarks / pcp; :set watermarks on|off, :set pcp on|off replay the steps)",
	"  The gauge row: free pages of the zone against its marks: m = min, l = low, h = high, b = high + boost.",
	"  Cells with pages on per-cpu lists show '%' (block view: pcp pages in the block's count line).",
	"  What the model simplifies: one CPU; pcp high stays at high_min (no decay_pcp_high(), no raise on use);",
	"  PCPF_FREE_HIGH_BATCH is clear (no CPU cache size); no LRU or slab batching before the free path;",
	"  drains happen only after isolate, inside compaction (order > 0), after kcompactd, and before the slow",
	"  path's last retry. kswapd runs at the end of the step that woke it and reclaims (oldest reclaimable",
	"  first, in batches of 32) until each zone is above high + boost; then kcompactd for an order > 0 wake-up.",
	"  Direct reclaim frees at least max(32, 2^order) pages the same way. Where the kernel would call the OOM",
	"  killer the request fails. No node reclaim, no cpusets, no NUMA, no time: watermark_boost decays only",
	"  when kswapd runs.",
};

size_t view_wmark_help_count(void)
{
	return sizeof(help_lines) / sizeof(help_lines[0]);
}

const char *view_wmark_help_line(size_t i)
{
	return i < view_wmark_help_count() ? help_lines[i] : "";
}
