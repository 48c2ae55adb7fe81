/* The buddy inside a block (view model, no curses): the block as spans of
 * buddy chunks in pfn order (free chunks labelled with their order,
 * allocations with tag and type), and the free-list panel: for each order
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

/* Appends one span "[pfn-pfn what]" to the rows from *row, wrapping. */
static bool put_span(struct view *v, int *row, int end, const char *text, int role)
{
	if (*row >= end)
		return false;
	struct view_row *r = &v->rows[*row];
	int need = view_text_width(text, v->utf8) + 1;
	if (row_room(r) < need && r->cols > 2) {
		if (++*row >= end)
			return false;
		r = &v->rows[*row];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_put(r, ROLE_NORMAL, "  ");
	}
	row_put(r, role, text);
	row_put(r, ROLE_NORMAL, " ");
	return true;
}

int build_chunk_map(struct view *v, const struct app *a, uint64_t block, int row, int end)
{
	if (row >= end)
		return row;
	struct block_info bi;
	machine_block_info(a->m, block, &bi);
	uint64_t start = bi.start_pfn, stop = start + a->block_pages, p = start;
	struct view_row *r = &v->rows[row];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	row_put(r, ROLE_HEAD, "Buddy chunks: ");
	int first = row;
	struct touched_set ts;
	touched_collect(a, start, stop, &ts);
	while (p < stop) {
		uint64_t head;
		int order;
		struct alloc_info ai;
		char span[96];
		if (machine_free_chunk_at(a->m, p, &head, &order)) {
			uint64_t e = head + (1ull << order);
			if (head < start || e > stop)
				snprintf(span, sizeof(span), "[inside a free order-%d chunk at pfn %" PRIu64 "]", order, head);
			else if (order == 0)
				snprintf(span, sizeof(span), "[%" PRIu64 " free o0]", head);
			else
				snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " free o%d]", head, e - 1, order);
			if (!put_span(v, &row, end, span, touched(&ts, head, true) ? ROLE_CHANGED : ROLE_DIM))
				break;
			p = e > stop ? stop : e;
		} else if (machine_alloc_at(a->m, p, &ai)) {
			uint64_t e = ai.pfn + (1ull << ai.order);
			const char *tn = machine_tag_name(a->m, ai.tag);
			/* Compaction's part in it: an isolated source, or a
			 * destination (compact_page_mark()). */
			char note[48] = "";
			uint64_t other;
			int cm = compact_page_mark(a, ai.pfn, &other);
			if (cm == CPM_SOURCE && other != UINT64_MAX)
				snprintf(note, sizeof(note), " isolated source -> %" PRIu64, other);
			else if (cm == CPM_SOURCE)
				snprintf(note, sizeof(note), " isolated source");
			else if (cm == CPM_MOVED)
				snprintf(note, sizeof(note), " destination <- %" PRIu64, other);
			if (ai.order == 0)
				snprintf(span, sizeof(span), "[%" PRIu64 " %s#%" PRIu64 " %c%s]", ai.pfn, tn ? tn : "?",
					 ai.index, mtype_letter(ai.type), note);
			else
				snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " %s#%" PRIu64 " %c o%d%s]", ai.pfn, e - 1,
					 tn ? tn : "?", ai.index, mtype_letter(ai.type), ai.order, note);
			int role = note[0] ? ROLE_DECISION : touched(&ts, ai.pfn, false) ? ROLE_CHANGED : ROLE_TYPE(ai.type);
			if (!put_span(v, &row, end, span, role))
				break;
			p = e > stop ? stop : e;
		} else if (compact_page_mark(a, p, &head) != CPM_NONE) {
			/* Off the free lists, held by compaction: a free chunk
			 * the free scanner isolated, or a destination taken
			 * from one before the copy. */
			uint64_t src;
			int o = 0, cm = compact_page_mark(a, p, &src);
			uint64_t h = p;
			if (cm == CPM_ISOFREE) {
				machine_compact_isolated_at(a->m, p, &h, &o);
				if (o == 0)
					snprintf(span, sizeof(span), "[%" PRIu64 " isolated free: destination]", h);
				else
					snprintf(span, sizeof(span), "[%" PRIu64 "-%" PRIu64 " isolated free o%d: destination]",
						 h, (uint64_t)(h + (1ull << o) - 1), o);
			} else {
				snprintf(span, sizeof(span), "[%" PRIu64 " destination <- %" PRIu64 "]", p, src);
			}
			if (!put_span(v, &row, end, span, ROLE_DECISION))
				break;
			uint64_t e = h + (1ull << o);
			p = e > stop ? stop : e > p ? e : p + 1;
		} else {
			p++;
		}
	}
	if (p < stop && row >= end - 1) {
		r = &v->rows[end - 1];
		row_put_right(r, ROLE_DIM, "...", r->width);
	}
	(void)first;
	return row < end ? row + 1 : end;
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
