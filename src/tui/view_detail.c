/* The view model of the block detail and the help screens (view.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "view_int.h"
#include "view_wmark.h"

/* ---- block detail -------------------------------------------------------- */

struct page_info {
	bool used, head, foreign, pcp;
	uint8_t type;
	char ch;
};

/* Walks the block chunk by chunk (O(chunks), then O(pages) to spread). */
static void block_pages(const struct app *a, uint64_t block, struct page_info *pg, uint64_t *chunks, int *outer_order,
			uint64_t *outer_head)
{
	struct block_info bi;
	machine_block_info(a->m, block, &bi);
	uint64_t start = bi.start_pfn, end = start + a->block_pages, p = start;
	*outer_order = -1;
	while (p < end) {
		uint64_t head;
		int order, pmt;
		struct alloc_info ai;
		if (machine_free_chunk_at(a->m, p, &head, &order)) {
			uint64_t e = head + (1ull << order);
			if (e > end)
				e = end;
			if (head < start || order > a->cfg->pageblock_order) {
				*outer_order = order;
				*outer_head = head;
			} else {
				chunks[order]++;
			}
			for (uint64_t q = p; q < e; q++)
				pg[q - start] = (struct page_info){ 0 };
			p = e;
		} else if (machine_pcp_at(a->m, p, &head, &order, &pmt)) {
			/* On a per-cpu list: allocated for the buddy allocator. */
			uint64_t e = head + (1ull << order);
			if (e > end)
				e = end;
			for (uint64_t q = p; q < e; q++)
				pg[q - start] = (struct page_info){ true, q == head, pmt != bi.type, true, (uint8_t)pmt, '%' };
			p = e;
		} else if (machine_alloc_at(a->m, p, &ai)) {
			uint64_t e = ai.pfn + (1ull << ai.order);
			if (e > end)
				e = end;
			const char *tn = machine_tag_name(a->m, ai.tag);
			char ch = tn && tn[0] ? tn[0] : '?';
			for (uint64_t q = p; q < e; q++)
				pg[q - start] = (struct page_info){ true, q == ai.pfn, ai.type != bi.type, false,
								    (uint8_t)ai.type, ch };
			p = e;
		} else {
			pg[p - start] = (struct page_info){ 0 };
			p++;
		}
	}
}

#define HIST_SHOW 64

void view_build_detail(struct view *v, const struct app *a, struct ui *ui, int w, int h, uint64_t now)
{
	view_prepare(v, w, h, ui->utf8);
	if (!view_check_size(v, w, h))
		return;
	uint64_t block = ui->cursor;
	struct block_info bi;
	machine_block_info(a->m, block, &bi);
	uint32_t np = a->block_pages;
	if (ui->page >= np)
		ui->page = np - 1;

	/* The top line shows the grid's zoom, as the grid would have it at w x h. */
	struct main_layout ml;
	view_main_layout(a, ui, w, h, &ml);
	build_header(&v->rows[0], a, ui, &ml);
	struct view_row *r = &v->rows[1];
	row_printf(r, ROLE_HEAD, "Block %" PRIu64, block);
	row_printf(r, ROLE_NORMAL, " (%s) pfn %" PRIu64 "-%" PRIu64 " ", a->zones[bi.zone].name, bi.start_pfn,
		   bi.start_pfn + np - 1);
	row_put(r, ROLE_TYPE(bi.type), mtype_name(bi.type));
	row_printf(r, ROLE_NORMAL, ": %u/%u free, used U%u M%u R%u", bi.free, np, bi.alloc[MT_UNMOVABLE],
		   bi.alloc[MT_MOVABLE], bi.alloc[MT_RECLAIMABLE]);
	if (bi.pcp)
		row_printf(r, ROLE_DECISION, ", %u on pcp lists (%%)", bi.pcp);
	if (bi.mixed)
		row_put(r, ROLE_DECISION, ", mixed");
	uint64_t r0, r1;
	view_detail_range(a, ui, &r0, &r1);
	if (r0 != r1)
		row_printf(r, ROLE_HEAD, "; page view of blocks %" PRIu64 "-%" PRIu64, r0, r1);
	r = &v->rows[2];
	row_put(r, ROLE_DIM, ". free, letter = tag, - = rest of it; colour = asked type; underlined = foreign");

	/* The strip: as many pages per cell as needed to fit. */
	int labelw = digits(bi.start_pfn + np) + 1;
	int cols = 1;
	while (cols * 2 <= w - labelw && cols * 2 <= 64)
		cols *= 2;
	int fixed = 3 + 1 /* page info */ + 1 /* chunks */ + 3 /* history */ + 1 /* status */;
	int avail = h - fixed;
	int per = 1;
	while (((np / (uint32_t)per) + (uint32_t)cols - 1) / (uint32_t)cols > (uint32_t)avail && per < (int)np)
		per *= 2;
	int ncell = (int)(np / (uint32_t)per);
	int srows = (ncell + cols - 1) / cols;
	v->strip_top = 3;
	v->strip_rows = srows;
	v->strip_cols = cols;
	v->strip_labelw = labelw;
	v->strip_per = per;

	struct page_info *pg = calloc(np, sizeof(*pg));
	uint64_t chunks[NR_ORDERS_LIMIT] = { 0 }, outer_head = 0;
	int outer_order = -1;
	if (pg)
		block_pages(a, block, pg, chunks, &outer_order, &outer_head);
	bool changed = a->moves && a->stamp[block] == a->moves;
	int row = 3;
	for (int i = 0; i < srows && pg; i++) {
		r = &v->rows[row + i];
		char label[32];
		uint64_t first = bi.start_pfn + (uint64_t)i * (uint64_t)cols * (uint64_t)per;
		snprintf(label, sizeof(label), "%*" PRIu64 " ", labelw - 1, first);
		row_put(r, ROLE_LABEL, label);
		int n = ncell - i * cols < cols ? ncell - i * cols : cols;
		struct view_cell *c = cells_take(v, r, n);
		for (int k = 0; k < r->ncells; k++) {
			uint32_t p0 = (uint32_t)((i * cols + k) * per);
			const struct page_info *pi = &pg[p0];
			/* A combined cell shows its first used page. */
			for (int j = 0; j < per && !pi->used; j++)
				if (pg[p0 + (uint32_t)j].used)
					pi = &pg[p0 + (uint32_t)j];
			c[k].kind = CELL_PAGE;
			c[k].type = (uint8_t)(pi->used ? pi->type : bi.type);
			c[k].ch = pi->used ? (pi->head || per > 1 ? pi->ch : '-') : 0;
			c[k].flags = (uint8_t)((pi->used ? CF_USED : 0) | (pi->head ? CF_HEAD : 0) |
					       (pi->used && pi->foreign ? CF_MIXED : 0) | (changed ? CF_CHANGED : 0) |
					       (pi->pcp ? CF_PCP : 0));
			c[k].other = 0xff;
			/* Compaction's sources and destinations (first page of the cell). */
			uint64_t other;
			int cm = compact_page_mark(a, bi.start_pfn + p0, &other);
			if (cm == CPM_SOURCE)
				c[k].marks = 1u << GM_ISOLATED;
			else if (cm != CPM_NONE)
				c[k].marks = 1u << GM_DEST;
			if (ui->page >= p0 && ui->page < p0 + (uint32_t)per) {
				c[k].flags |= CF_CURSOR;
				v->cur_y = row + i;
				v->cur_x = labelw + k;
			}
		}
	}
	row += srows;

	/* The page under the cursor. */
	r = &v->rows[row++];
	uint64_t pfn = bi.start_pfn + ui->page;
	struct alloc_info ai;
	uint64_t head;
	int order;
	row_printf(r, ROLE_HEAD, "pfn %" PRIu64 ": ", pfn);
	if (machine_alloc_at(a->m, pfn, &ai)) {
		row_printf(r, ROLE_NORMAL, "%s#%" PRIu64 ", order %d at pfn %" PRIu64 ", asked as ",
			   machine_tag_name(a->m, ai.tag), ai.index, ai.order, ai.pfn);
		row_put(r, ROLE_TYPE(ai.type), mtype_word(ai.type));
		row_put(r, ROLE_DIM, "  (f frees it)");
	} else if (machine_free_chunk_at(a->m, pfn, &head, &order)) {
		row_printf(r, ROLE_NORMAL, "free, in the order-%d chunk at pfn %" PRIu64, order, head);
	} else {
		row_put(r, ROLE_NORMAL, "free");
	}

	r = &v->rows[row++];
	row_put(r, ROLE_HEAD, "free chunks by order:");
	for (int o = 0; o <= a->cfg->max_order; o++)
		if (chunks[o] || o <= a->cfg->pageblock_order)
			row_printf(r, chunks[o] ? ROLE_NORMAL : ROLE_DIM, " %d:%" PRIu64, o, chunks[o]);
	if (outer_order >= 0)
		row_printf(r, ROLE_NORMAL, "; inside a free order-%d chunk at pfn %" PRIu64, outer_order, outer_head);

	/* The chunks of the block, then the zone's free lists; the type
	 * history keeps the last two rows. */
	int hist_rows = 2;
	uint64_t rf, rl;
	view_detail_range(a, ui, &rf, &rl);
	int want = rf == rl ? 4 : 5 + (h - 1 - hist_rows - row) / 2;   /* a range gets half of what is left */
	int map_end = row + want < h - 1 - hist_rows - 2 ? row + want : h - 1 - hist_rows - 2;
	row = build_chunk_map(v, a, ui, row, map_end > row ? map_end : row);
	row = build_free_lists(v, a, block, row, h - 1 - hist_rows);
	if (row < h - 1 - hist_rows)
		row = h - 1 - hist_rows;
	r = &v->rows[row++];
	uint32_t nch = machine_block_type_changes(a->m, block);
	size_t idx[HIST_SHOW];
	size_t nh = app_block_history(a, block, idx, HIST_SHOW);
	row_printf(r, ROLE_HEAD, "type changes: %u", nch);
	row_printf(r, ROLE_DIM, " (engine count); seen by this session: %zu", nh);
	int hist_end = h - 1;
	r = row < hist_end ? &v->rows[row++] : NULL;
	if (r && nh == 0)
		row_put(r, ROLE_DIM, "  none seen since the session started");
	for (size_t i = 0; i < nh && i < HIST_SHOW && r; i++) {
		const struct type_change *tc = &a->hist[idx[i]];
		char item[128];
		snprintf(item, sizeof(item), "step %" PRIu64 ": %s -> %s", tc->step, mtype_name(tc->from),
			 mtype_name(tc->to));
		int need = (int)strlen(item) + 3;
		if (row_room(r) < need) {
			r = row < hist_end ? &v->rows[row++] : NULL;
			if (!r)
				break;
		}
		row_put(r, ROLE_NORMAL, "  ");
		row_printf(r, ROLE_NORMAL, "step %" PRIu64 ": ", tc->step);
		row_put(r, ROLE_TYPE(tc->from), mtype_name(tc->from));
		row_put(r, ROLE_NORMAL, " -> ");
		row_put(r, ROLE_TYPE(tc->to), mtype_name(tc->to));
	}
	free(pg);
	build_status(v, ui, h - 1, SC_DETAIL);
}

/* ---- help ------------------------------------------------------------------- */

/* One line of the help; lines above ui->help_scroll are skipped. */
struct help_ctx {
	struct view *v;
	int line, top, bottom;   /* virtual line, first shown, rows available */
};

static struct view_row *help_row(struct help_ctx *h)
{
	int r = h->line++ - h->top + 1;
	if (r < 1 || r >= h->bottom)
		return NULL;
	return &h->v->rows[r];
}

static void legend_cell(struct view *v, struct view_row *r, struct view_cell proto)
{
	struct view_cell *c = cells_take(v, r, 1);
	if (r->ncells)
		*c = proto;
	r->cw = 6;
	r->gap = 1;
	/* Text after the cell continues the row. */
	r->kind = ROW_CELLS;
}

/* Paragraphs of s (blank lines apart) with the single newlines inside
 * them made spaces, wrapped to the width. */
static void put_reflowed(struct help_ctx *hc, const char *s, int w, int role)
{
	size_t n = strlen(s);
	char *t = malloc(n + 1);
	if (!t)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			size_t j = i;
			while (j + 1 < n && (s[j + 1] == ' ' || s[j + 1] == '\t') && s[j + 1] != '\n')
				j++;
			if (j + 1 < n && s[j + 1] == '\n') {
				t[k++] = '\n';
				while (i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == ' '))
					i++;
			} else if (k && t[k - 1] != ' ') {
				t[k++] = ' ';
			}
			continue;
		}
		t[k++] = s[i];
	}
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\n'))
		k--;
	t[k] = 0;
	const char *p = t;
	struct view_row *r;
	while (*p) {
		size_t skip, len = wrap_line(p, w - 2, hc->v->utf8, &skip);
		if ((r = help_row(hc))) {
			row_put(r, ROLE_NORMAL, "  ");
			row_putn(r, role, p, len, -1);
		}
		if (p[len] == '\n')
			help_row(hc);   /* a blank line between paragraphs */
		p += len + skip;
	}
	free(t);
}

static void build_description(struct view *v, const struct app *a, struct ui *ui, int w, int h)
{
	struct help_ctx hc = { v, 0, ui->help_scroll, h - 1 };
	struct view_row *r = &v->rows[0];
	row_put(r, ROLE_TITLE, "About this scenario");
	row_put(r, ROLE_DIM, " - d or Esc closes, arrows scroll");
	row_pad_to(r, ROLE_TITLE, w);
	if ((r = help_row(&hc)))
		row_put(r, ROLE_HEAD, a->sc->name ? a->sc->name : "(no name)");
	help_row(&hc);
	put_reflowed(&hc, a->sc->description ? a->sc->description : "(no description)", w, ROLE_NORMAL);
	if (a->caption) {
		help_row(&hc);
		if ((r = help_row(&hc)))
			row_printf(r, ROLE_HEAD, "Caption (the say of step %zu)%s", a->caption_step,
				   app_caption_is_ahead(a) ? ", about the steps to come" : "");
		put_reflowed(&hc, a->caption, w, ROLE_CAPTION);
	}
	int maxscroll = hc.line - (h - 2) > 0 ? hc.line - (h - 2) : 0;
	if (ui->help_scroll > maxscroll) {
		ui->help_scroll = maxscroll;
		view_prepare(v, w, h, ui->utf8);
		build_description(v, a, ui, w, h);
		return;
	}
	build_status(v, ui, h - 1, SC_HELP);
}

void view_build_help(struct view *v, const struct app *a, struct ui *ui, int w, int h)
{
	view_prepare(v, w, h, ui->utf8);
	if (!view_check_size(v, w, h))
		return;
	if (ui->help_desc) {
		build_description(v, a, ui, w, h);
		return;
	}
	struct help_ctx hc = { v, 0, ui->help_scroll, h - 1 };
	struct view_row *r = &v->rows[0];
	row_put(r, ROLE_TITLE, ui->help_title ? ui->help_title : "buddyviz keys");
	row_put(r, ROLE_DIM, " - generated from the key table; ? or Esc closes, arrows scroll");
	row_pad_to(r, ROLE_TITLE, w);

	/* Key column width. */
	int kw = 0;
	for (size_t i = 0; i < ui->nbindings; i++) {
		char k[32];
		int width = 0;
		for (int j = 0; j < 3 && ui->bindings[i].keys[j]; j++) {
			tui_key_name(ui->bindings[i].keys[j], k, sizeof(k));
			width += (int)strlen(k) + (j ? 2 : 0);
		}
		if (width > kw)
			kw = width;
	}
	kw += 4;
	/* What the pcp/watermark model simplifies (spec 7.4), first. */
	for (size_t i = 0; !ui->help_title && i < view_wmark_help_count(); i++)
		if ((r = help_row(&hc)))
			row_put(r, i ? ROLE_NORMAL : ROLE_HEAD, view_wmark_help_line(i));
	if (!ui->help_title)
		help_row(&hc);
	const char *section = NULL;
	for (size_t i = 0; i < ui->nbindings; i++) {
		const struct binding *b = &ui->bindings[i];
		if (!section || strcmp(section, b->section) != 0) {
			section = b->section;
			if (i)
				help_row(&hc);
			if ((r = help_row(&hc)))
				row_put(r, ROLE_HEAD, section);
		}
		/* Off screen, a binding's wrapped lines still count (End). */
		if ((r = help_row(&hc))) {
			row_put(r, ROLE_NORMAL, "  ");
			for (int j = 0; j < 3 && b->keys[j]; j++) {
				char k[32];
				tui_key_name(b->keys[j], k, sizeof(k));
				if (j)
					row_put(r, ROLE_DIM, ", ");
				row_put(r, ROLE_KEY, k);
			}
			row_pad_to(r, ROLE_NORMAL, kw);
		}
		const char *txt = b->help;
		for (;;) {
			size_t skip, len = wrap_line(txt, w - kw, v->utf8, &skip);
			if (r)
				row_putn(r, ROLE_NORMAL, txt, len, -1);
			txt += len + skip;
			if (!*txt)
				break;
			if ((r = help_row(&hc)))
				row_pad_to(r, ROLE_NORMAL, kw);
		}
	}
	help_row(&hc);
	if ((r = help_row(&hc)))
		row_put(r, ROLE_HEAD, "Colours: a cell is a pageblock, coloured by its migratetype");
	static const char *const colour_names[MT_COUNT] = { "vermillion", "sky blue", "yellow", "reddish purple",
							   "bluish green", "grey" };
	for (int t = 0; t < MT_COUNT; t++) {
		if (!(r = help_row(&hc)))
			continue;
		row_put(r, ROLE_NORMAL, "  ");
		legend_cell(v, r, (struct view_cell){ .kind = CELL_BLOCK, .type = (uint8_t)t, .fill = FILL_HALF,
						       .flags = CF_USED, .other = 0xff, .fill8 = 128 });
		row_put(r, ROLE_NORMAL, "  ");
		row_put(r, ROLE_TYPE(t), mtype_name(t));
		row_printf(r, ROLE_NORMAL, " (%s); letter %c: some page in use, %c: the whole block free", colour_names[t],
			   mtype_letter(t), mtype_letter(t) - 'A' + 'a');
	}
	static const struct { uint8_t fill, flags, fill8; const char *text; } marks[] = {
		{ FILL_FREE, 0, 0, "every page free: the type's colour, empty (mono: lowercase letter, dots)" },
		{ FILL_SOME, CF_USED, 64, "a quarter in use: the bar from the left is the allocated share" },
		{ FILL_FULL, CF_USED, 255, "every page in use (mono: reverse video bar)" },
		{ FILL_HALF, CF_USED | CF_MIXED, 128,
		  "mixed: another type's pages inside (top-right mark in that type's colour; narrow cells: underline)" },
		{ FILL_HALF, CF_USED | CF_CHANGED, 128,
		  "changed by the last step, until the next one (narrow cells: reverse); Tab jumps to the next" },
		{ FILL_HALF, CF_USED | CF_CURSOR, 128, "the cursor: a frame around the cell (narrow cells: letter on white)" },
	};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		if (!(r = help_row(&hc)))
			continue;
		row_put(r, ROLE_NORMAL, "  ");
		legend_cell(v, r,
			    (struct view_cell){ .kind = CELL_BLOCK, .type = MT_MOVABLE, .fill = marks[i].fill,
						.flags = marks[i].flags, .fill8 = marks[i].fill8,
						.other = (uint8_t)((marks[i].flags & CF_MIXED) ? MT_UNMOVABLE : 0xff) });
		row_put(r, ROLE_NORMAL, "  ");
		row_put(r, ROLE_NORMAL, marks[i].text);
	}
	/* Compaction's marks (grid.h GRID_MARKS, view_compact.c). */
	static const char *const cmarks[GM_COUNT] = {
		[GM_SCAN_MIGRATE] = "migrate scanner: its next block (cc->migrate_pfn), rising from the zone start",
		[GM_SCAN_FREE] = "free scanner: its next block (cc->free_pfn), falling from the zone end",
		[GM_ISOLATED] = "pages isolated as migration sources, not moved yet",
		[GM_DEST] = "migration targets: free pages the free scanner isolated, or where sources landed",
		[GM_SCANNING] = "the block the last engine step of compaction worked on",
		[GM_SKIP] = "PB_migrate_skip set: the scanners pass it by unless skip hints are ignored",
	};
	help_row(&hc);
	if ((r = help_row(&hc)))
		row_put(r, ROLE_HEAD, "Compaction marks (c, C; mono and ASCII: > < ~ ^ @ /; narrow cells: the first one)");
	for (int m = 0; m < GM_COUNT; m++) {
		if (!(r = help_row(&hc)))
			continue;
		row_put(r, ROLE_NORMAL, "  ");
		legend_cell(v, r, (struct view_cell){ .kind = CELL_BLOCK, .type = MT_MOVABLE, .fill = FILL_HALF,
						       .flags = CF_USED, .fill8 = 128, .other = 0xff,
						       .marks = (uint8_t)(1u << m) });
		row_put(r, ROLE_NORMAL, "  ");
		row_put(r, ROLE_NORMAL, cmarks[m]);
	}
	help_row(&hc);
	if ((r = help_row(&hc)))
		row_put(r, ROLE_HEAD, "Cell sizes: + and - walk from 2^k blocks per one-column cell to wide cells; each zone has its own");
	int maxscroll = hc.line - (h - 2) > 0 ? hc.line - (h - 2) : 0;
	if (ui->help_scroll > maxscroll) {
		ui->help_scroll = maxscroll;
		view_build_help(v, a, ui, w, h);
		return;
	}
	build_status(v, ui, h - 1, SC_HELP);
}

