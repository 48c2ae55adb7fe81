/* The event log screen (view.h): every event of the last memory step, one
 * per line, a selection whose full sentence is shown wrapped below, and the
 * "why" panel of the fallback the selection belongs to: the fallbacks[] row,
 * the order-by-order search of __rmqueue_claim() / __rmqueue_steal(), the
 * claim arithmetic and the chunk chosen. Plain data, no curses. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_int.h"

/* fallbacks[] of mm/page_alloc.c (the engine's alloc.c holds the same). */
static const int fallback_row[MT_PCPTYPES][2] = {
	[MT_UNMOVABLE] = { MT_RECLAIMABLE, MT_MOVABLE },
	[MT_MOVABLE] = { MT_RECLAIMABLE, MT_UNMOVABLE },
	[MT_RECLAIMABLE] = { MT_UNMOVABLE, MT_MOVABLE },
};

static bool fallback_kind(int k)
{
	return k == EV_CLAIM_BLOCKS || k == EV_CLAIM_MOVE || k == EV_CLAIM_REFUSED || k == EV_CLAIM_BREAK ||
	       k == EV_STEAL || k == EV_EXTFRAG || k == EV_NOFRAG_RETRY;
}

static const struct event *ev_at(const struct app *a, uint64_t q)
{
	if (q < a->sum.first_kept || q >= a->sum.end)
		return NULL;
	return machine_event(a->m, q);
}

/* The fallback sequence [*b, *e] (e = its EV_ALLOC / EV_ALLOC_FAIL) that
 * event q belongs to; false if none. */
static bool sequence_of(const struct app *a, uint64_t q, uint64_t *b, uint64_t *e)
{
	const struct event *ev;
	uint64_t end = q;
	while ((ev = ev_at(a, end)) && fallback_kind(ev->kind))
		end++;
	ev = ev_at(a, end);
	if (!ev || (ev->kind != EV_ALLOC && ev->kind != EV_ALLOC_FAIL))
		return false;
	uint64_t begin = end;
	while (begin > a->sum.first_kept && (ev = ev_at(a, begin - 1)) && fallback_kind(ev->kind))
		begin--;
	if (begin == end)
		return false;
	*b = begin;
	*e = end;
	return true;
}

bool view_log_fallback(const struct app *a, uint64_t sel, uint64_t *b, uint64_t *e)
{
	if (sequence_of(a, sel, b, e))
		return true;
	/* Else the step's last fallback. */
	for (uint64_t q = a->sum.end; q > a->sum.first_kept; q--) {
		const struct event *ev = ev_at(a, q - 1);
		if (ev && fallback_kind(ev->kind) && sequence_of(a, q - 1, b, e))
			return true;
	}
	return false;
}

static void order_gap(char *buf, size_t n, int from, int to)
{
	if (from == to)
		snprintf(buf, n, "order %d: no free chunk of a fallback type", from);
	else
		snprintf(buf, n, "orders %d-%d: no free chunk of a fallback type", from, to);
}

/* The panel's lines for the sequence [b, e]: written to lines[], returns
 * how many. Each line is one sentence of the rule's arithmetic. */
int view_why_lines(const struct app *a, uint64_t b, uint64_t e, char lines[][200], int max)
{
	int n = 0, maxo = a->cfg->max_order, pbo = a->cfg->pageblock_order;
	const struct event *last = ev_at(a, e);
	const struct event *first = ev_at(a, b);
	if (!last || !first || max < 4)
		return 0;
	int T = first->mt;
	if (T < 0 || T >= MT_PCPTYPES)
		T = MT_UNMOVABLE;
	snprintf(lines[n++], 200, "fallbacks[%s] = {%s, %s}; __rmqueue_smallest() found no %s chunk of order >= %d",
		 mtype_name(T), mtype_name(fallback_row[T][0]), mtype_name(fallback_row[T][1]), mtype_name(T),
		 first->order);
	int phase = 0;     /* 1 = claim search, 2 = steal search */
	int next = maxo;   /* next order the search would look at */
	for (uint64_t q = b; q < e && n < max - 1; q++) {
		const struct event *ev = ev_at(a, q);
		if (!ev)
			break;
		char gap[120] = "";
		bool claim = ev->kind >= EV_CLAIM_BLOCKS && ev->kind <= EV_CLAIM_BREAK;
		if (claim && phase != 1) {
			snprintf(lines[n++], 200, "__rmqueue_claim(), largest order first (find_suitable_fallback()):");
			phase = 1;
			next = maxo;
		} else if (ev->kind == EV_STEAL && phase != 2) {
			snprintf(lines[n++], 200, "__rmqueue_steal(), smallest order first:");
			phase = 2;
			next = ev->order;
		}
		if (n >= max - 1)
			break;
		if (phase == 1 && claim && next > ev->cur_order)
			order_gap(gap, sizeof(gap), next, ev->cur_order + 1);
		if (phase == 2 && ev->kind == EV_STEAL && ev->cur_order > next)
			order_gap(gap, sizeof(gap), next, ev->cur_order - 1);
		if (gap[0]) {
			snprintf(lines[n++], 200, "  %s", gap);
			if (n >= max - 1)
				break;
		}
		const char *F = mtype_name(ev->fallback_mt), *Tn = mtype_name(ev->mt);
		switch (ev->kind) {
		case EV_CLAIM_BLOCKS:
			snprintf(lines[n++], 200,
				 "  order %d: %s chunk at pfn %" PRIu64 ", order >= pageblock_order %d: claimed whole, "
				 "%u block%s now %s",
				 ev->cur_order, F, ev->pfn2, pbo, ev->a, ev->a == 1 ? "" : "s", Tn);
			break;
		case EV_CLAIM_MOVE:
			snprintf(lines[n++], 200,
				 "  order %d: %s block %" PRIu64 ": %u free + %u alike >= %u: claimed, %u free pages moved",
				 ev->cur_order, F, ev->block, ev->a, ev->b, 1u << (pbo - 1), ev->c);
			break;
		case EV_CLAIM_REFUSED:
			snprintf(lines[n++], 200, "  order %d: %s block %" PRIu64 ": %u free + %u alike < %u: refused",
				 ev->cur_order, F, ev->block, ev->a, ev->b, ev->c);
			break;
		case EV_CLAIM_BREAK:
			snprintf(lines[n++], 200,
				 "  order %d: %s chunk, below pageblock_order/2 = %d for a %s request: stop claiming",
				 ev->cur_order, F, pbo / 2, Tn);
			break;
		case EV_STEAL:
			snprintf(lines[n++], 200,
				 "  order %d: %s chunk: pfn %" PRIu64 " taken; block %" PRIu64 " stays %s", ev->cur_order, F,
				 ev->pfn, ev->block, F);
			break;
		case EV_NOFRAG_RETRY:
			snprintf(lines[n++], 200,
				 "ALLOC_NOFRAGMENT: no zone could serve it without fragmenting; retry without it");
			phase = 0;
			break;
		default:
			break;
		}
		if (phase == 1 && claim)
			next = ev->cur_order - 1;
		if (phase == 2 && ev->kind == EV_STEAL)
			next = ev->cur_order + 1;
	}
	if (n < max) {
		if (last->kind == EV_ALLOC)
			snprintf(lines[n++], 200, "chosen: pfn %" PRIu64 " from the %s order-%d list, %s", last->pfn,
				 mtype_name(last->mt), last->cur_order,
				 last->flag == VIA_CLAIM_BLOCK ? "split by try_to_steal_block()'s expand()"
				 : last->flag == VIA_STEAL     ? "handed out by __rmqueue_steal()"
							       : "by __rmqueue_smallest() after the claim");
		else
			snprintf(lines[n++], 200, "nothing chosen: the request failed");
	}
	return n;
}

/* Case-insensitive substring. */
static bool contains(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, nl) == 0)
			return true;
	return false;
}

bool view_log_match(const struct app *a, uint64_t q, const char *query)
{
	const struct event *ev = ev_at(a, q);
	if (!ev || !query[0])
		return false;
	/* "pfn N", "block N" or a bare number: the event's fields. */
	const char *num = query;
	int field = 0;  /* 0 any, 1 pfn, 2 block */
	if (strncasecmp(query, "pfn ", 4) == 0)
		num = query + 4, field = 1;
	else if (strncasecmp(query, "block ", 6) == 0)
		num = query + 6, field = 2;
	char *end;
	unsigned long long v = strtoull(num, &end, 10);
	if (end != num && !*end) {
		bool pfn = ev->pfn == v || (ev->pfn2 == v && ev->kind != EV_ALLOC);
		bool blk = ev->block == v && ev->kind != EV_ALLOC_FAIL && ev->kind != EV_NOFRAG_RETRY &&
			   ev->kind != EV_COMPACT_BEGIN && ev->kind != EV_COMPACT_END;
		if ((field != 2 && pfn) || (field != 1 && blk))
			return true;
		if (field)
			return false;
	}
	if (strcasecmp(event_kind_name(ev->kind), query) == 0)
		return true;
	char buf[1024];
	event_format(a->m, ev, buf, sizeof(buf));
	return contains(buf, query);
}

void view_build_log(struct view *v, const struct app *a, struct ui *ui, int w, int h)
{
	view_prepare(v, w, h, ui->utf8);
	if (!view_check_size(v, w, h))
		return;
	const struct step_summary *s = &a->sum;
	build_header(&v->rows[0], a, ui, NULL);
	struct view_row *r = &v->rows[1];
	row_reset(r, ROW_TEXT, ROLE_HEAD);
	if (s->step == 0 || s->end == s->first_kept) {
		row_put(r, ROLE_HEAD, "No events: no step has changed memory yet");
		build_status(v, ui, h - 1, SC_LOG);
		return;
	}
	char brief[256];
	app_step_brief(session_step(a->s, s->step - 1), brief, sizeof(brief));
	row_printf(r, ROLE_HEAD, "Events of step %zu: %s", s->step, brief);
	row_printf(r, ROLE_DIM, " - %" PRIu64 " events", s->end - s->begin);
	if (s->first_kept > s->begin)
		row_printf(r, ROLE_DIM, " (the last %" PRIu64 " kept)", s->end - s->first_kept);
	if (ui->log_sel < s->first_kept || ui->log_sel >= s->end)
		ui->log_sel = s->end - 1;

	/* The why panel. */
	int row = 2;
	uint64_t fb, fe;
	if (view_log_fallback(a, ui->log_sel, &fb, &fe)) {
		char lines[16][200];
		int max = h >= 40 ? 16 : h >= 30 ? 12 : 9;
		int n = view_why_lines(a, fb, fe, lines, max);
		r = &v->rows[row++];
		row_put(r, ROLE_HEAD, "Why: the fallback of ");
		const struct event *le = machine_event(a->m, fe);
		char what[128];
		snprintf(what, sizeof(what), "%s#%" PRIu64 " (event %" PRIu64 ")",
			 le ? machine_tag_name(a->m, le->tag) ? machine_tag_name(a->m, le->tag) : "-" : "-",
			 le ? le->index : 0, fe - s->begin + 1);
		row_put(r, ROLE_HEAD, what);
		for (int i = 0; i < n && row < h - 8; i++) {
			bool refused = strstr(lines[i], "refused") || strstr(lines[i], "stop claiming");
			int role = i == n - 1 || strstr(lines[i], "claimed") ? ROLE_DECISION
				   : refused				 ? ROLE_ERROR
									 : ROLE_NORMAL;
			/* Each sentence wrapped, continued four columns in. */
			const char *p = lines[i];
			for (int k = 0; *p && row < h - 8; k++) {
				r = &v->rows[row++];
				row_reset(r, ROW_TEXT, ROLE_NORMAL);
				if (k)
					row_put(r, ROLE_NORMAL, "    ");
				size_t skip, len = wrap_line(p, row_room(r), v->utf8, &skip);
				row_putn(r, role, p, len, -1);
				p += len + skip;
			}
		}
		row++;
	}
	/* The selected event's whole sentence at the bottom. */
	char buf[1024];
	const struct event *sel = machine_event(a->m, ui->log_sel);
	if (sel)
		event_format(a->m, sel, buf, sizeof(buf));
	else
		buf[0] = 0;
	int full = wrap_count(buf, w - 2, w - 2, v->utf8);
	if (full > 5)
		full = 5;
	int list_top = row, list_end = h - 2 - full;
	if (list_end - list_top < 3)
		list_end = list_top + 3;
	int nlist = list_end - list_top;
	/* Scroll so the selection is visible. */
	uint64_t idx = ui->log_sel - s->first_kept, nkept = s->end - s->first_kept;
	if (idx < ui->log_top)
		ui->log_top = idx;
	if (idx >= ui->log_top + (uint64_t)nlist)
		ui->log_top = idx - (uint64_t)nlist + 1;
	if (ui->log_top + (uint64_t)nlist > nkept)
		ui->log_top = nkept > (uint64_t)nlist ? nkept - (uint64_t)nlist : 0;
	for (int i = 0; i < nlist && list_top + i < h - 1; i++) {
		uint64_t q = s->first_kept + ui->log_top + (uint64_t)i;
		if (q >= s->end)
			break;
		const struct event *ev = machine_event(a->m, q);
		if (!ev)
			continue;
		r = &v->rows[list_top + i];
		char line[1024];
		event_format(a->m, ev, line, sizeof(line));
		bool is_sel = q == ui->log_sel;
		row_reset(r, ROW_TEXT, is_sel ? ROLE_TITLE : ROLE_NORMAL);
		row_printf(r, is_sel ? ROLE_TITLE : ROLE_DIM, "%6" PRIu64 " ", q - s->begin + 1);
		int room = row_room(r);
		if (view_text_width(line, v->utf8) > room) {
			row_putn(r, is_sel ? ROLE_TITLE : ROLE_NORMAL, line, (size_t)-1, room - 3);
			row_put(r, is_sel ? ROLE_TITLE : ROLE_DIM, "...");
		} else {
			row_put(r, is_sel ? ROLE_TITLE : ROLE_NORMAL, line);
		}
	}
	const char *p = buf;
	for (int i = 0; i < full && *p; i++) {
		r = &v->rows[h - 1 - full + i];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_put(r, ROLE_NORMAL, i ? "  " : "> ");
		size_t skip, len = wrap_line(p, w - 2, v->utf8, &skip);
		bool cut = i == full - 1 && p[len + skip];
		row_putn(r, ROLE_DECISION, p, len, cut ? w - 5 : -1);
		if (cut)
			row_put(r, ROLE_DIM, "...");
		p += len + skip;
	}
	build_status(v, ui, h - 1, SC_LOG);
}
