/* The grid part of the main screen's view model: block cells, zone labels,
 * cell rows (one per line of a cell), the legend, and keeping the cursor in
 * view. Geometry and paint codes are grid.c's. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "view_int.h"

void view_block_cell(const struct app *a, uint64_t first, uint64_t n, uint64_t now, struct view_cell *c)
{
	(void)now;
	uint64_t votes[MT_COUNT] = { 0 }, foreign[MT_COUNT] = { 0 };
	uint64_t used = 0, total = 0;
	bool mixed = false, changed = false, pcp = false;
	uint64_t end = first + n;
	if (end > a->nblocks)
		end = a->nblocks;
	for (uint64_t b = first; b < end; b++) {
		const struct block_snap *s = &a->snap[b];
		votes[s->type]++;
		total += a->block_pages;
		used += a->block_pages - s->free;
		if (s->mixed)
			mixed = true;
		if (s->pcp)
			pcp = true;
		for (int t = 0; t < MT_PCPTYPES; t++)
			if (t != s->type)
				foreign[t] += s->alloc[t];
		if (a->moves && a->stamp[b] == a->moves)
			changed = true;
	}
	int type = 0, ntypes = 0;
	for (int t = 0; t < MT_COUNT; t++) {
		if (votes[t])
			ntypes++;
		if (votes[t] > votes[type])
			type = t;
	}
	int other = 0xff;
	uint64_t best = 0;
	for (int t = 0; t < MT_COUNT; t++)
		if (t != type && foreign[t] > best) {
			best = foreign[t];
			other = t;
		}
	if (other == 0xff && ntypes > 1) {
		for (int t = 0; t < MT_COUNT; t++)
			if (t != type && votes[t] > best) {
				best = votes[t];
				other = t;
			}
	}
	memset(c, 0, sizeof(*c));
	c->kind = CELL_BLOCK;
	c->type = (uint8_t)type;
	c->other = (uint8_t)other;
	c->fill = used == 0 ? FILL_FREE : used >= total ? FILL_FULL : used * 2 >= total ? FILL_HALF : FILL_SOME;
	if (total) {
		uint64_t f = (used * 255 + total - 1) / total;
		if (used && f == 0)
			f = 1;
		if (used < total && f >= 255)
			f = 254;
		c->fill8 = (uint8_t)f;
	}
	if (used)
		c->flags |= CF_USED;
	if (mixed || ntypes > 1)
		c->flags |= CF_MIXED;
	if (changed)
		c->flags |= CF_CHANGED;
	if (pcp)
		c->flags |= CF_PCP;
}

static void zone_label(struct view_row *r, const struct app *a, const struct grid_zone *gz, int z)
{
	const struct zone_info *zi = &a->zones[z];
	char size[32];
	fmt_bytes(zi->pages * 4096ull, size, sizeof(size));
	row_reset(r, ROW_TEXT, ROLE_ZONE);
	row_printf(r, ROLE_ZONE, "%s zone: %s, blocks %" PRIu64 "-%" PRIu64 ", pfn %" PRIu64 "-%" PRIu64, zi->name,
		   size, zi->first_block, zi->first_block + zi->nblocks - 1, zi->start_pfn,
		   zi->start_pfn + zi->pages - 1);
	if (gz->zoom)
		row_printf(r, ROLE_ZONE, ", 1 cell = %llu blocks", 1ull << gz->zoom);
	else
		row_put(r, ROLE_ZONE, ", 1 cell = 1 block");
	if (gz->cw > 1)
		row_printf(r, ROLE_ZONE, " (%dx%d)", gz->cw, gz->ch);
}

static void apply_overlay(const struct view *v, uint64_t b, uint64_t n, struct view_cell *c)
{
	for (size_t i = 0; i < v->noverlay; i++)
		if (v->overlay[i].block >= b && v->overlay[i].block < b + n && v->overlay[i].mark < GM_COUNT)
			c->marks |= (uint8_t)(1u << v->overlay[i].mark);
}

void build_grid(struct view *v, const struct app *a, struct ui *ui, const struct main_layout *l, uint64_t now)
{
	const struct grid_layout *g = &l->g;
	uint64_t cur_line;
	int cur_col;
	grid_locate(g, ui->cursor, &cur_line, &cur_col);
	for (int i = 0; i < l->grid_rows; i++) {
		struct view_row *r = &v->rows[l->grid_top + i];
		uint64_t line = ui->scroll + (uint64_t)i;
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		if (line >= g->nlines)
			continue;
		int z;
		for (z = g->nzones - 1; z > 0 && line < g->z[z].line; z--)
			;
		const struct grid_zone *gz = &g->z[z];
		if (line == gz->line) {
			zone_label(r, a, gz, z);
			continue;
		}
		uint64_t off = line - gz->line - 1;
		uint64_t crow = off / (uint64_t)gz->rowh;
		int sub = (int)(off % (uint64_t)gz->rowh);
		if (sub >= gz->ch)
			continue;   /* the blank line between cell rows */
		uint64_t first_cell = crow * (uint64_t)gz->cols;
		uint64_t ncell = gz->ncells - first_cell;
		if (ncell > (uint64_t)gz->cols)
			ncell = (uint64_t)gz->cols;
		uint64_t first_block = gz->first + (first_cell << gz->zoom);
		char label[32];
		if (sub == 0)
			snprintf(label, sizeof(label), "%*" PRIu64 " ", g->labelw - 1, first_block);
		else
			snprintf(label, sizeof(label), "%*s", g->labelw, "");
		row_put(r, ROLE_LABEL, label);
		int per = gz->cw + gz->gap;
		int fit = per ? (row_room(r) - (gz->gap ? 1 : 0)) / per : 0;
		if ((int)ncell > fit)
			ncell = (uint64_t)(fit > 0 ? fit : 0);
		struct view_cell *c = cells_take(v, r, (int)ncell);
		r->cw = (uint8_t)gz->cw;
		r->ch = (uint8_t)gz->ch;
		r->gap = (uint8_t)gz->gap;
		r->sub = (uint8_t)sub;
		uint64_t blocks = 1ull << gz->zoom;
		uint64_t zend = gz->first + gz->nblocks;
		for (int k = 0; k < r->ncells; k++) {
			uint64_t b = first_block + ((uint64_t)k << gz->zoom);
			uint64_t n = b + blocks > zend ? zend - b : blocks;
			view_block_cell(a, b, n, now, &c[k]);
			apply_overlay(v, b, n, &c[k]);
			if (line - (uint64_t)sub == cur_line && k == cur_col && ui->screen == SCREEN_GRID)
				c[k].flags |= CF_CURSOR;
		}
	}
}

/* One line: the type colours with their letters, then the marks. */
void build_legend(struct view_row *r, const struct app *a, const struct main_layout *l, bool utf8, bool mono)
{
	row_reset(r, ROW_TEXT, ROLE_DIM);
	row_put(r, ROLE_DIM, "Key:");
	for (int i = 0; i < l->ntypes_shown; i++) {
		int t = l->types_shown[i];
		char chip[40];
		snprintf(chip, sizeof(chip), " %c %s ", mtype_letter(t), mtype_name(t));
		row_put(r, ROLE_DIM, " ");
		row_put(r, ROLE_TYPE(t), chip);
	}
	static const char *const words[][3] = {
		{ "\u2592 used share", "# used share", "reverse: used share" },
		{ "\u25c6 mixed", "* mixed", "* mixed" },
		{ "\u25cf changed", "+ changed", "+ changed" },
		{ "\u2590\u258c cursor", "[] cursor", "[] cursor" },
		{ "lowercase: all free", "lowercase: all free", "lowercase: all free" },
	};
	/* While a compaction is shown its marks keep their room. */
	struct compact_state cs;
	const char *cw = "";
	if (compact_shown(a, &cs))
		cw = mono || !utf8 ? " > < scanners ~ source ^ target @ scanned / skip"
				   : " \u25b6\u25c0 scanners \u223c source \u25b2 target \u25c9 scanned \u2298 skip";
	int keep = view_text_width(cw, utf8);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *wd = words[i][mono ? 2 : utf8 ? 0 : 1];
		if (l->no_cursor && strstr(wd, "cursor"))
			continue;
		if (view_text_width(wd, utf8) + 2 + keep > row_room(r))
			break;
		row_put(r, ROLE_DIM, " ");
		row_put(r, ROLE_DIM, wd);
		row_put(r, ROLE_DIM, " ");
	}
	if (cw[0] && view_text_width(cw, utf8) <= row_room(r))
		row_put(r, ROLE_DIM, cw);
}

void follow_cursor(struct ui *ui, const struct main_layout *l)
{
	uint64_t line;
	int col;
	grid_locate(&l->g, ui->cursor, &line, &col);
	const struct grid_zone *z = &l->g.z[grid_zone_of(&l->g, ui->cursor)];
	uint64_t rows = (uint64_t)l->grid_rows;
	if (l->g.nlines <= rows) {
		ui->scroll = 0;
		return;
	}
	uint64_t last = line + (uint64_t)z->ch - 1;
	/* Show the zone label with the first row. */
	uint64_t top = line == z->line + 1 ? z->line : line;
	if (top < ui->scroll)
		ui->scroll = top;
	if (last >= ui->scroll + rows)
		ui->scroll = last - rows + 1;
	if (ui->scroll + rows > l->g.nlines)
		ui->scroll = l->g.nlines - rows;
}
