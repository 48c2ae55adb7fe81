/* The buddy inside a block (view model, no curses): the block as spans of
 * buddy chunks in pfn order (free chunks labelled with their order,
 * allocations with tag and type) over a range of blocks, and the free-list panel: for each order
 * and type of the zone, the chunks from the list head to its tail. Chunks
 * the last step touched (allocated from, freed into) are marked. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_int.h"

/* The chunk heads inside [b0, b1) the last step's events name: allocations
 * handed out there and frees that ended as a chunk there (the last 4096
 * events at most). */
struct touched_set {
	uint64_t alloc[64], freed[64];
	int na, nf;
};

static void touched_collect(const struct app *a, uint64_t b0, uint64_t b1, struct touched_set *t)
{
	const struct step_summary *s = &a->sum;
	t->na = t->nf = 0;
	uint64_t from = s->end - s->first_kept > 4096 ? s->end - 4096 : s->first_kept;
	for (uint64_t q = from; q < s->end; q++) {
		const struct event *ev = machine_event(a->m, q);
		if (!ev)
			continue;
		if (ev->kind == EV_ALLOC && ev->pfn >= b0 && ev->pfn < b1 && t->na < 64)
			t->alloc[t->na++] = ev->pfn;
		if (ev->kind == EV_FREE && ev->pfn2 >= b0 && ev->pfn2 < b1 && t->nf < 64)
			t->freed[t->nf++] = ev->pfn2;
	}
}

static bool touched(const struct touched_set *t, uint64_t head, bool is_free)
{
	const uint64_t *v = is_free ? t->freed : t->alloc;
	int n = is_free ? t->nf : t->na;
	for (int i = 0; i < n; i++)
		if (v[i] == head)
			return true;
	return false;
}

void view_detail_range(const struct app *a, const struct ui *ui, uint64_t *first, uint64_t *last)
{
	*first = *last = ui->cursor;
	if (ui->range_first > ui->range_last || ui->cursor < ui->range_first || ui->cursor > ui->range_last ||
	    ui->range_last >= a->nblocks || ui->range_last - ui->range_first >= VIEW_RANGE_MAX ||
	    app_zone_of_block(a, ui->range_first) != app_zone_of_block(a, ui->range_last))
		return;
	*first = ui->range_first;
	*last = ui->range_last;
}

size_t view_chunk_spans(const struct app *a, uint64_t first, uint64_t last, struct chunk_span *out, size_t cap)
{
	struct block_info bi;
	machine_block_info(a->m, first, &bi);
	uint64_t start = bi.start_pfn, stop = start + (last - first + 1) * a->block_pages, p = start;
	size_t n = 0;
	while (p < stop) {
		struct chunk_span sp = { 0 };
		uint64_t head;
		int order, pmt;
		struct alloc_info ai;
		if (machine_free_chunk_at(a->m, p, &head, &order)) {
			sp = (struct chunk_span){ .pfn = head, .end = head + (1ull << order), .order = (int8_t)order,
						  .kind = SPAN_FREE };
			machine_block_info(a->m, first + (p - start) / a->block_pages, &bi);
			sp.type = (uint8_t)bi.type;
		} else if (machine_pcp_at(a->m, p, &head, &order, &pmt)) {
			sp = (struct chunk_span){ .pfn = head, .end = head + (1ull << order), .order = (int8_t)order,
						  .kind = SPAN_PCP, .type = (uint8_t)pmt };
		} else if (machine_alloc_at(a->m, p, &ai)) {
			sp = (struct chunk_span){ .pfn = ai.pfn, .end = ai.pfn + (1ull << ai.order), .order = (int8_t)ai.order,
						  .kind = SPAN_ALLOC, .type = (uint8_t)ai.type, .tag = ai.tag,
						  .index = ai.index };
		} else if (compact_page_mark(a, p, &head) != CPM_NONE) {
			/* Off the free lists, held by compaction: a free chunk
			 * the free scanner isolated, or a destination taken
			 * from one before the copy (other = its source). */
			uint64_t src, h = p;
			int o = 0, cm = compact_page_mark(a, p, &src);
			if (cm == CPM_ISOFREE)
				machine_compact_isolated_at(a->m, p, &h, &o);
			sp = (struct chunk_span){ .pfn = h, .end = h + (1ull << o), .order = (int8_t)o, .kind = SPAN_COMPACT,
						  .mark = (uint8_t)cm, .other = src };
			if (sp.end <= p)
				sp.end = p + 1;
		} else {
			p++;
			continue;
		}
		uint64_t from = sp.pfn > start ? sp.pfn : start, to = sp.end < stop ? sp.end : stop;
		sp.block0 = first + (from - start) / a->block_pages;
		sp.block1 = first + (to - 1 - start) / a->block_pages;
		if (out && n < cap)
			out[n] = sp;
		n++;
		p = to;
	}
	return n;
}

/* Lines of the chunk map, laid out once and drawn from ui->chunk_scroll:
 * only the lines in [scroll, scroll + shown) reach the view's rows. */
struct map_out {
	struct view *v;
	int row0, shown, scroll;
	int line, col, width;
};

static void map_put(struct map_out *o, const char *text, int role, bool newline)
{
	int need = (int)strlen(text) + 1;
	if (newline || (o->col > 4 && o->col + need > o->width)) {
		o->line++;
		o->col = 0;
		if (!newline)
			map_put(o, "    ", ROLE_NORMAL, false);
	}
	int r = o->line - o->scroll;
	if (r >= 0 && r < o->shown) {
		struct view_row *vr = &o->v->rows[o->row0 + r];
		if (o->col == 0)
			row_reset(vr, ROW_TEXT, ROLE_NORMAL);
		row_put(vr, role, text);
		row_put(vr, ROLE_NORMAL, " ");
	}
	o->col += need;
}

int build_chunk_map(struct view *v, const struct app *a, struct ui *ui, int row, int end)
{
	if (row >= end)
		return row;
	uint64_t first, last;
	view_detail_range(a, ui, &first, &last);
	size_t n = view_chunk_spans(a, first, last, NULL, 0);
	struct chunk_span *sp = calloc(n ? n : 1, sizeof(*sp));
	if (!sp)
		return row;
	view_chunk_spans(a, first, last, sp, n);
	struct block_info bi;
	machine_block_info(a->m, first, &bi);
	struct touched_set ts;
	touched_collect(a, bi.start_pfn, bi.start_pfn + (last - first + 1) * a->block_pages, &ts);
	struct view_row *h = &v->rows[row];
	row_reset(h, ROW_TEXT, ROLE_NORMAL);
	struct map_out o = { v, row + 1, end - row - 1, ui->chunk_scroll, -1, 0, v->w };
	/* Lay out twice: to count the lines (nothing drawn), then to draw. */
	for (int pass = 0; pass < 2; pass++) {
		o.line = -1;
		o.col = 0;
		o.shown = pass ? end - row - 1 : 0;
		uint64_t next_block = first;
		for (size_t i = 0; i < n; i++) {
			const struct chunk_span *c = &sp[i];
			char span[128], label[32], blocks[64] = "";
			if (c->block0 >= next_block) {
				snprintf(label, sizeof(label), "b%" PRIu64 ":", c->block0);
				map_put(&o, label, ROLE_LABEL, true);
				next_block = c->block0 + 1;
			}
			if (c->block1 > c->block0) {
				snprintf(blocks, sizeof(blocks), ", blocks %" PRIu64 "-%" PRIu64, c->block0, c->block1);
				next_block = c->block1 + 1;
			}
			bool is_free = c->kind == SPAN_FREE, decision = false;
			if (is_free && c->order == 0)
				snprintf(span, sizeof(span), "[%" PRIu64 " free o0%s]", c->pfn, blocks);
			else if (is_free)
				snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " free o%d%s]", c->pfn, c->end - 1, c->order,
					 blocks);
			else if (c->kind == SPAN_PCP)
				snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " pcp %c o%d]", c->pfn, c->end - 1,
					 mtype_letter(c->type), c->order);
			else if (c->kind == SPAN_COMPACT && c->mark == CPM_ISOFREE && c->order == 0)
				snprintf(span, sizeof(span), "[%" PRIu64 " isolated free: destination]", c->pfn);
			else if (c->kind == SPAN_COMPACT && c->mark == CPM_ISOFREE)
				snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " isolated free o%d: destination]", c->pfn,
					 c->end - 1, c->order);
			else if (c->kind == SPAN_COMPACT)
				snprintf(span, sizeof(span), "[%" PRIu64 " destination <- %" PRIu64 "]", c->pfn, c->other);
			else {
				const char *tn = machine_tag_name(a->m, c->tag);
				/* Compaction's part in it: an isolated source, or a
				 * destination (compact_page_mark()). */
				char note[48] = "";
				uint64_t other;
				int cm = compact_page_mark(a, c->pfn, &other);
				if (cm == CPM_SOURCE && other != UINT64_MAX)
					snprintf(note, sizeof(note), " isolated source -> %" PRIu64, other);
				else if (cm == CPM_SOURCE)
					snprintf(note, sizeof(note), " isolated source");
				else if (cm == CPM_MOVED)
					snprintf(note, sizeof(note), " destination <- %" PRIu64, other);
				if (c->order == 0)
					snprintf(span, sizeof(span), "[%" PRIu64 " %s#%" PRIu64 " %c%s]", c->pfn, tn ? tn : "?",
						 c->index, mtype_letter(c->type), note);
				else
					snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " %s#%" PRIu64 " %c o%d%s%s]", c->pfn,
						 c->end - 1, tn ? tn : "?", c->index, mtype_letter(c->type), c->order, note,
						 blocks);
				decision = note[0] != 0;
			}
			int role = c->kind == SPAN_COMPACT || decision			? ROLE_DECISION
				   : touched(&ts, c->pfn, is_free) && c->kind != SPAN_PCP ? ROLE_CHANGED
				   : is_free						? ROLE_DIM
										: ROLE_TYPE(c->type);
			map_put(&o, span, role, false);
		}
		int total = o.line + 1;
		if (pass == 0) {
			int maxs = total > end - row - 1 ? total - (end - row - 1) : 0;
			if (ui->chunk_scroll > maxs)
				ui->chunk_scroll = maxs;
			if (ui->chunk_scroll < 0)
				ui->chunk_scroll = 0;
			o.scroll = ui->chunk_scroll;
			if (first == last)
				row_printf(h, ROLE_HEAD, "Buddy chunks of block %" PRIu64, first);
			else
				row_printf(h, ROLE_HEAD, "Buddy chunks of blocks %" PRIu64 "-%" PRIu64, first, last);
			if (maxs > 0)
				row_printf(h, ROLE_DIM, " (lines %d-%d of %d, { } scroll)", o.scroll + 1,
					   o.scroll + (end - row - 1), total);
		}
	}
	free(sp);
	int used = o.line + 1 - o.scroll;
	if (used > end - row - 1)
		used = end - row - 1;
	return row + 1 + (used > 0 ? used : 0);
}

int build_free_lists(struct view *v, const struct app *a, uint64_t block, int row, int end)
{
	if (row >= end)
		return row;
	struct block_info bi;
	machine_block_info(a->m, block, &bi);
	int z = bi.zone;
	uint64_t b0 = bi.start_pfn, b1 = b0 + a->block_pages;
	/* The zone's indexes per order, as debugfs extfrag/extfrag_index and
	 * extfrag/unusable_index print them ("Node 0, zone Normal" rows). */
	static const char *const names[2] = { "extfrag_index ", "unusable_index" };
	for (int which = 0; which < 2 && row < end - 1; which++) {
		struct view_row *ri = &v->rows[row++];
		row_reset(ri, ROW_TEXT, ROLE_NORMAL);
		row_printf(ri, ROLE_HEAD, "%s", names[which]);
		row_printf(ri, ROLE_DIM, " %s:", a->zones[z].name);
		for (int k = 0; k <= a->cfg->max_order; k++) {
			char buf[16];
			int x = which ? zone_unusable_index(&a->cur, z, a->cfg->max_order, k)
				      : zone_extfrag_index(&a->cur, z, a->cfg->max_order, k);
			fmt_index(x, buf, sizeof(buf));
			if (row_room(ri) < (int)strlen(buf) + 1)
				break;
			row_put(ri, k == a->cfg->pageblock_order ? ROLE_DECISION : ROLE_NORMAL, " ");
			row_put(ri, k == a->cfg->pageblock_order ? ROLE_DECISION : ROLE_NORMAL, buf);
		}
	}
	if (row >= end)
		return row;
	struct view_row *r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	row_printf(r, ROLE_HEAD, "Free lists of %s, head -> tail", a->zones[z].name);
	row_put(r, ROLE_DIM, " (allocations take the head; pfns in this block are marked *)");
	size_t cap = 0;
	uint64_t *buf = NULL;
	/* The lists holding chunks of this block first. */
	for (int pass = 0; pass < 2; pass++)
	for (int o = a->cfg->max_order; o >= 0 && row < end; o--)
		for (int i = 0; i < a->ntypes && row < end; i++) {
			int t = a->types[i];
			uint64_t n = machine_list_count(a->m, z, o, t);
			if (!n)
				continue;
			if (n > cap) {
				free(buf);
				cap = n;
				buf = malloc(cap * sizeof(*buf));
				if (!buf) {
					cap = 0;
					return row;
				}
			}
			size_t got = machine_list_pfns(a->m, z, o, t, buf, cap);
			bool here = false;
			for (size_t k = 0; k < got && !here; k++)
				here = buf[k] >= b0 && buf[k] < b1;
			if (here != (pass == 0))
				continue;
			r = &v->rows[row++];
			row_reset(r, ROW_TEXT, ROLE_NORMAL);
			row_printf(r, ROLE_NORMAL, "o%-2d ", o);
			char name[32];
			snprintf(name, sizeof(name), "%-11s", mtype_name(t));
			row_put(r, ROLE_TYPE(t), name);
			row_printf(r, ROLE_DIM, " %6" PRIu64 ": ", n);
			row_put(r, ROLE_HEAD, "head ");
			/* From the head while it fits with room kept for the tail. */
			size_t k = 0;
			for (; k < got; k++) {
				char item[40];
				bool in = buf[k] >= b0 && buf[k] < b1;
				snprintf(item, sizeof(item), "%" PRIu64 "%s", buf[k], in ? "*" : "");
				bool last = k + 1 == got;
				if (!last && row_room(r) < (int)strlen(item) + 4 + 30)
					break;
				if (last && row_room(r) < (int)strlen(item) + 5)
					break;
				row_put(r, in ? ROLE_DECISION : ROLE_NORMAL, item);
				row_put(r, last ? ROLE_HEAD : ROLE_DIM, last ? " tail" : " -> ");
			}
			if (k < got) {
				char item[40];
				bool in = buf[got - 1] >= b0 && buf[got - 1] < b1;
				row_printf(r, ROLE_DIM, "(%zu more) -> ", got - k - 1);
				snprintf(item, sizeof(item), "%" PRIu64 "%s", buf[got - 1], in ? "*" : "");
				row_put(r, in ? ROLE_DECISION : ROLE_NORMAL, item);
				row_put(r, ROLE_HEAD, " tail");
			}
		}
	free(buf);
	return row;
}
