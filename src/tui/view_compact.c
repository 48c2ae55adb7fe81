/* Watching compaction (view model, no curses): the scanners' marks on the
 * grid, the compaction panel (its numbers and a ruler of the zone with the
 * migrate scanner rising from the start and the free scanner falling from
 * the end), and what the page-level view marks as isolated source or
 * destination. Everything is read from the engine's compact_control
 * through machine_compact_state() and friends (machine.h).
 *
 * Shown while a compaction runs (a stepped one stops between engine steps)
 * or when the last step that changed memory was a `compact` step: then
 * the positions where the scanners stopped (or met) stay visible. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_int.h"

#define FREEPAGES_MAX 4096

const struct step *compact_last_step(const struct app *a)
{
	size_t pos = app_pos(a);
	if (a->sum.step == 0 || a->sum.step > pos)
		return NULL;
	const struct step *st = session_step(a->s, a->sum.step - 1);
	return st && st->kind == STEP_COMPACT ? st : NULL;
}

bool compact_shown(const struct app *a, struct compact_state *cs)
{
	machine_compact_state(a->m, cs);
	if (cs->zone < 0 || cs->zone >= a->nzones)
		return false;
	return cs->active || compact_last_step(a) != NULL;
}

/* Global block of a pfn of the zone being compacted. */
static uint64_t block_of(const struct app *a, uint64_t pfn)
{
	struct compact_state cs;
	machine_compact_state(a->m, &cs);
	const struct zone_info *zi = &a->zones[cs.zone];
	return zi->first_block + ((pfn - zi->start_pfn) >> a->cfg->pageblock_order);
}

static bool push(struct grid_overlay **buf, size_t *n, size_t *cap, uint64_t block, int mark)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct grid_overlay *b = realloc(*buf, c * sizeof(*b));
		if (!b)
			return false;
		*buf = b;
		*cap = c;
	}
	(*buf)[(*n)++] = (struct grid_overlay){ block, (uint8_t)mark };
	return true;
}

/* A source of the last isolation is off the LRU until it moves, or until
 * a failed migrate_pages() batch puts the rest back (then it has no
 * destination and cc->nr_migratepages is 0). */
static bool still_isolated(const struct compact_state *cs, uint64_t dst, bool moved)
{
	return !moved && (dst != UINT64_MAX || cs->nr_migratepages > 0);
}

size_t compact_overlay(const struct app *a, struct grid_overlay **buf, size_t *cap)
{
	struct compact_state cs;
	size_t n = 0;
	if (!compact_shown(a, &cs))
		return 0;
	const struct zone_info *zi = &a->zones[cs.zone];
	uint64_t zb0 = zi->first_block, zb1 = zi->first_block + zi->nblocks;
	/* The migrate scanner's next pfn and the free scanner's next block
	 * (cc->migrate_pfn, cc->free_pfn), while inside the zone. */
	if (cs.migrate_pfn >= cs.zone_start && cs.migrate_pfn < cs.zone_end)
		push(buf, &n, cap, block_of(a, cs.migrate_pfn), GM_SCAN_MIGRATE);
	if (cs.free_pfn >= cs.zone_start && cs.free_pfn < cs.zone_end)
		push(buf, &n, cap, block_of(a, cs.free_pfn), GM_SCAN_FREE);
	if (cs.active && cs.block != UINT64_MAX && cs.block >= zb0 && cs.block < zb1)
		push(buf, &n, cap, cs.block, GM_SCANNING);
	for (uint64_t b = zb0; b < zb1; b++)
		if (machine_block_skip(a->m, b))
			push(buf, &n, cap, b, GM_SKIP);
	for (size_t i = 0; i < cs.nsources; i++) {
		uint64_t src, dst;
		bool moved;
		if (!machine_compact_pair(a->m, i, &src, &dst, &moved))
			break;
		if (still_isolated(&cs, dst, moved))
			push(buf, &n, cap, block_of(a, src), GM_ISOLATED);
		if (dst != UINT64_MAX)
			push(buf, &n, cap, block_of(a, dst), GM_DEST);
	}
	/* Free pages the free scanner isolated: where sources will land. */
	static uint64_t pfns[FREEPAGES_MAX];
	static int orders[FREEPAGES_MAX];
	size_t nf = machine_compact_freepages(a->m, pfns, orders, FREEPAGES_MAX);
	for (size_t i = 0; i < nf && i < FREEPAGES_MAX; i++)
		push(buf, &n, cap, block_of(a, pfns[i]), GM_DEST);
	return n;
}

int compact_page_mark(const struct app *a, uint64_t pfn, uint64_t *other)
{
	struct compact_state cs;
	uint64_t head;
	int order;
	machine_compact_state(a->m, &cs);
	for (size_t i = 0; i < cs.nsources; i++) {
		uint64_t src, dst;
		bool moved;
		struct alloc_info ai;
		if (!machine_compact_pair(a->m, i, &src, &dst, &moved))
			break;
		/* The allocation's size: where it is now. */
		if (!machine_alloc_at(a->m, moved ? dst : src, &ai))
			continue;
		uint64_t len = 1ull << ai.order;
		if (still_isolated(&cs, dst, moved) && pfn >= src && pfn < src + len) {
			*other = dst;
			return CPM_SOURCE;
		}
		if (dst != UINT64_MAX && pfn >= dst && pfn < dst + len) {
			*other = src;
			return moved ? CPM_MOVED : CPM_DEST;
		}
	}
	if (machine_compact_isolated_at(a->m, pfn, &head, &order)) {
		*other = head;
		return CPM_ISOFREE;
	}
	return CPM_NONE;
}

static const char *stop_words(const struct compact_state *cs)
{
	switch (cs->stop) {
	case CSTOP_NOMEM: return "no free page left for the sources (compaction_alloc failed)";
	case CSTOP_MAX_MIGRATE: return "max_migrate pages moved";
	case CSTOP_ABORTED: return "aborted";
	default: break;
	}
	switch (cs->last_result) {
	case COMPACT_COMPLETE: return "the scanners met (COMPACT_COMPLETE)";
	case COMPACT_PARTIAL_SKIPPED: return "the scanners met after starting mid-zone (COMPACT_PARTIAL_SKIPPED)";
	case COMPACT_SUCCESS: return "a free page of the order is there (COMPACT_SUCCESS)";
	default: return cs->last_result >= 0 ? compact_result_name(cs->last_result) : "done";
	}
}

/* Engine steps of the stepped compaction at the current position, 0 if
 * the last compaction was not stepped. */
static uint64_t engine_steps(const struct app *a)
{
	size_t pos = app_pos(a);
	if (!pos)
		return 0;
	const struct step *st = session_step(a->s, pos - 1);
	return st->kind == STEP_COMPACT ? st->u.compact.substeps : 0;
}

void view_compact_status(const struct app *a, char *buf, size_t n)
{
	struct compact_state cs;
	machine_compact_state(a->m, &cs);
	uint64_t k = engine_steps(a);
	if (cs.active)
		snprintf(buf, n, "compaction, engine step %" PRIu64 " done (C or n: the next, b: back); next: %s", k,
			 cs.phase);
	else
		snprintf(buf, n, "compaction finished after %" PRIu64 " engine steps: %s (b steps back into it)", k,
			 stop_words(&cs));
}

int build_compact_panel(struct view *v, const struct app *a, int row, int end)
{
	struct compact_state cs;
	if (row >= end || !compact_shown(a, &cs))
		return row;
	struct compact_counters cc;
	machine_compact_counters(a->m, &cc);
	struct view_row *r;
	bool counters_row = false;
	bool one = end - row == 1;
	if (one)
		goto ruler;   /* one row: the ruler with both pfns */
	r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	row_printf(r, ROLE_HEAD, "Compaction %s", a->zones[cs.zone].name);
	if (cs.order < 0)
		row_printf(r, ROLE_NORMAL, " full %s", migrate_mode_word(cs.mode));
	else
		row_printf(r, ROLE_NORMAL, " order %d %s", cs.order, migrate_mode_word(cs.mode));
	uint64_t k = engine_steps(a);
	if (k)
		row_printf(r, ROLE_NORMAL, " step %" PRIu64, k);
	row_put(r, ROLE_NORMAL, ":");
	row_printf(r, ROLE_DECISION, " migrate_pfn %" PRIu64, cs.migrate_pfn);
	row_printf(r, ROLE_DECISION, " free_pfn %" PRIu64, cs.free_pfn);
	/* Sources of the batch not moved yet (those with a destination),
	 * free pages isolated and not handed out, pages moved so far. */
	uint64_t waiting = 0, paired = 0;
	for (size_t i = 0; i < cs.nsources; i++) {
		uint64_t src, dst;
		bool moved;
		if (machine_compact_pair(a->m, i, &src, &dst, &moved) && still_isolated(&cs, dst, moved)) {
			waiting++;
			paired += dst != UINT64_MAX;
		}
	}
	row_printf(r, ROLE_NORMAL, " moved %" PRIu64 " sources %" PRIu64, cs.moved_step, waiting);
	if (paired)
		row_printf(r, ROLE_NORMAL, "(%" PRIu64 " paired)", paired);
	row_printf(r, ROLE_NORMAL, " free %" PRIu64, cs.nr_freepages);
	char more[200];
	/* cc->total_*_scanned count as the scanners go; compact_zone() adds
	 * them to /proc/vmstat's compact_*_scanned when it ends. */
	snprintf(more, sizeof(more), "scanned migrate %" PRIu64 " free %" PRIu64 "; compact_migrated %" PRIu64
		 " compact_migrate_scanned %" PRIu64 " compact_free_scanned %" PRIu64, cs.total_migrate_scanned,
		 cs.total_free_scanned, cc.compact_migrated, cc.compact_migrate_scanned, cc.compact_free_scanned);
	counters_row = end - row >= 2;
	if (counters_row) {
		/* A row of its own for the counters and how it ended. */
		r = &v->rows[row++];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_put(r, ROLE_NORMAL, "  ");
		row_put(r, ROLE_NORMAL, more);
	} else if ((int)strlen(more) + 1 <= row_room(r)) {
		row_put(r, ROLE_NORMAL, " ");
		row_put(r, ROLE_NORMAL, more);
	}
	if (row >= end)
		return row;
ruler:
	/* The ruler: the zone's pfns across the width. */
	r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	char fpfn[40] = "";
	if (one) {
		row_printf(r, ROLE_DECISION, "migrate_pfn %" PRIu64 " ", cs.migrate_pfn);
		snprintf(fpfn, sizeof(fpfn), " free_pfn %" PRIu64, cs.free_pfn);
	}
	const char *tail = cs.active || one ? "" : stop_words(&cs);
	row_put(r, ROLE_HEAD, tail[0] ? "ended: " : "scanners ");
	int tw = (int)strlen(tail);
	int w = row_room(r) - 2 - (int)strlen(fpfn);
	if (tw) {
		w = w - tw - 1;
		if (w < 10) {
			row_put(r, ROLE_DECISION, tail);
			return row;
		}
	}
	if (w < 4)
		return row;
	uint64_t span = cs.zone_end > cs.zone_start ? cs.zone_end - cs.zone_start : 1;
	uint64_t mp = cs.migrate_pfn < cs.zone_start ? cs.zone_start : cs.migrate_pfn;
	uint64_t fp = cs.free_pfn < cs.zone_start ? cs.zone_start : cs.free_pfn;
	int xm = (int)((mp - cs.zone_start) * (uint64_t)w / span);
	int xf = (int)((fp - cs.zone_start) * (uint64_t)w / span);
	if (xm >= w)
		xm = w - 1;
	if (xf >= w)
		xf = w - 1;
	/* Not met yet but in the same column: side by side. */
	if (fp > mp && xf <= xm) {
		if (xm + 1 < w)
			xf = xm + 1;
		else
			xm = xf - 1;
	}
	char *bar = malloc((size_t)w * 4 + 8);
	if (!bar)
		return row;
	row_put(r, ROLE_DIM, "|");
	/* Runs of one role: scanned by the migrate scanner, the scanner,
	 * not scanned yet, the free scanner, scanned by the free scanner. */
	for (int x = 0; x < w;) {
		int role, len = 0;
		const char *g;
		if (x == xm) {
			role = ROLE_DECISION, g = r->utf8 ? "\u25b6" : ">";
		} else if (x == xf) {
			role = ROLE_DECISION, g = r->utf8 ? "\u25c0" : "<";
		} else if (x < xm) {
			role = ROLE_EVENT_FN, g = "=";
		} else if (x > xf) {
			role = ROLE_EVENT_FN, g = "-";
		} else {
			role = ROLE_DIM, g = ".";
		}
		size_t gl = strlen(g);
		int x0 = x;
		do {
			memcpy(bar + (size_t)len, g, gl);
			len += (int)gl;
			x++;
		} while (x < w && x != xm && x != xf && x0 != xm && x0 != xf && (x < xm) == (x0 < xm) &&
			 (x > xf) == (x0 > xf));
		row_putn(r, role, bar, (size_t)len, -1);
	}
	free(bar);
	row_put(r, ROLE_DIM, "|");
	if (fpfn[0])
		row_put(r, ROLE_DECISION, fpfn);
	if (tw) {
		row_put(r, ROLE_NORMAL, " ");
		row_put(r, ROLE_DECISION, tail);
	}
	return row;
}
