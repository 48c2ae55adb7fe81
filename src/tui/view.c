/* The view model (view.h): the grid's layout and cells, and the main
 * screen (header, caption, grid, cursor line, events, counters, status). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "view_int.h"
#include "view_wmark.h"

const int view_speeds[] = { 1, 2, 4, 8, 15, 30, 60, 120, 250, 500, 1000, 0 };
const int view_nspeeds = (int)(sizeof(view_speeds) / sizeof(view_speeds[0]));

/* ---- main screen ------------------------------------------------------------ */

#define NEXT_LABEL "Next: "

static const char *caption_text(const struct app *a, bool *is_desc)
{
	*is_desc = false;
	if (a->caption)
		return a->caption;
	if (app_pos(a) == 0 && a->sc->description) {
		*is_desc = true;
		return a->sc->description;
	}
	return "";
}

static bool type_shown(const struct app *a, int t, int h)
{
	if (t < MT_PCPTYPES || h >= 32)
		return true;
	for (int z = 0; z < a->nzones; z++) {
		if (a->cur.blocks[z][t])
			return true;
		for (int o = 0; o <= a->cfg->max_order; o++)
			if (a->cur.list[z][o][t])
				return true;
	}
	return false;
}

#define EVENTS_MIN 3

void view_main_layout(const struct app *a, const struct ui *ui, int w, int h, struct main_layout *l)
{
	memset(l, 0, sizeof(*l));
	for (int i = 0; i < a->ntypes; i++)
		if (type_shown(a, a->types[i], h))
			l->types_shown[l->ntypes_shown++] = a->types[i];
	l->ntable = 1 + l->ntypes_shown + 2 + view_wmark_lines(a);
	int fixed = 1 /* header */ + 1 /* info */ + l->ntable + 1 /* status */;
	bool is_desc;
	const char *cap = caption_text(a, &is_desc);
	int maxcap = h >= 40 ? 4 : h >= 30 ? 3 : 2;
	if (is_desc && h >= 30 && h / 5 > maxcap)
		maxcap = h / 5;   /* at step 0 the description gets more room */
	int lead = app_caption_is_ahead(a) ? (int)strlen(NEXT_LABEL) : 0;
	l->ncaption = wrap_count(cap, w - lead, w, ui->utf8);
	if (l->ncaption > maxcap)
		l->ncaption = maxcap;
	int nev = h / 5 > EVENTS_MIN ? h / 5 : EVENTS_MIN;
	bool plots = ui->plots > 0 || (ui->plots < 0 && h >= 45);
	l->nplot = plots ? view_plot_rows(a) : 0;
	int avail = h - fixed - l->ncaption - nev - l->nplot;
	if (avail < 2)
		avail = 2;
	/* The legend gets a line when the grid does not need it to stay
	 * as little zoomed out. */
	grid_layout_fit(a, w, avail, ui->level, &l->g);
	bool legend = false;
	if (avail > 2) {
		struct grid_layout g1;
		grid_layout_fit(a, w, avail - 1, ui->level, &g1);
		legend = g1.nlines <= (uint64_t)(avail - 1);
		for (int z = 0; z < g1.nzones && legend; z++)
			if (g1.z[z].zoom != l->g.z[z].zoom || (g1.z[z].cw == 1) != (l->g.z[z].cw == 1))
				legend = false;
		if (legend) {
			l->g = g1;
			avail--;
		}
	}
	l->grid_rows = l->g.nlines < (uint64_t)avail ? (int)l->g.nlines : avail;
	l->caption_top = 1;
	l->grid_top = l->caption_top + l->ncaption;
	l->legend_row = legend ? l->grid_top + l->grid_rows : -1;
	l->info_row = l->grid_top + l->grid_rows + (legend ? 1 : 0);
	l->plot_top = l->info_row + 1;
	l->events_top = l->plot_top + l->nplot;
	l->table_top = h - 1 - l->ntable;
	l->nevents = l->table_top - l->events_top;
	struct compact_state cs;
	if (l->nevents >= EVENTS_MIN + 1 && compact_shown(a, &cs)) {
		l->compact_top = l->events_top;
		l->ncompact = l->nevents >= EVENTS_MIN + 4 ? 3 : l->nevents >= EVENTS_MIN + 2 ? 2 : 1;
		l->events_top += l->ncompact;
		l->nevents -= l->ncompact;
	}
	l->status_row = h - 1;
}

void build_header(struct view_row *r, const struct app *a, const struct ui *ui, const struct main_layout *l)
{
	char right[256], zoom[32], speed[32];
	int gz = l ? grid_zoom_at(&l->g, ui->cursor) : 0;
	if (gz)
		snprintf(zoom, sizeof(zoom), "1:%llu", 1ull << gz);
	else
		snprintf(zoom, sizeof(zoom), "1:1");
	int sp = view_speeds[ui->speed];
	if (sp)
		snprintf(speed, sizeof(speed), "%d/s", sp);
	else
		snprintf(speed, sizeof(speed), "max");
	snprintf(right, sizeof(right), "%sstep %zu/%zu  zoom %s  %s %s  alloc o%d %c", ui->presenter ? "PRESENTER  " : "",
		 app_pos(a), app_total(a), zoom, ui->to_end ? "to end" : ui->running ? "running" : "paused", speed,
		 ui->order, mtype_letter(ui->type));
	int rw = (int)strlen(right);
	row_reset(r, ROW_TEXT, ROLE_TITLE);
	row_putn(r, ROLE_TITLE, a->sc->name ? a->sc->name : "buddyviz", (size_t)-1, r->width - rw - 2);
	row_pad_to(r, ROLE_TITLE, r->width - rw);
	/* The right part stands out while running. */
	row_put(r, ui->running || ui->to_end ? ROLE_RUN : ROLE_TITLE, right);
}

static void build_caption(struct view *v, const struct app *a, const struct main_layout *l)
{
	bool is_desc;
	const char *s = caption_text(a, &is_desc);
	int role = is_desc ? ROLE_DIM : ROLE_CAPTION;
	/* A caption said before the steps it tells of is labelled as the
	 * narration of what comes next (tui.md: caption and screen agree). */
	bool ahead = app_caption_is_ahead(a);
	for (int i = 0; i < l->ncaption; i++) {
		struct view_row *r = &v->rows[l->caption_top + i];
		row_reset(r, ROW_TEXT, role);
		if (i == 0 && ahead)
			row_put(r, ROLE_HEAD, NEXT_LABEL);
		size_t skip, len = wrap_line(s, row_room(r), r->utf8, &skip);
		bool last = i == l->ncaption - 1;
		if (last && s[len + skip]) {
			/* More than fits: end with the key that shows it all. */
			row_putn(r, role, s, len, r->width - 14);
			row_put(r, ROLE_DIM, "... (d: more)");
		} else {
			row_putn(r, role, s, len, -1);
		}
		s += len + skip;
	}
}

static void build_info(struct view_row *r, const struct app *a, const struct ui *ui, const struct main_layout *l)
{
	const struct grid_layout *g = &l->g;
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	uint64_t b = ui->cursor;
	char more[64] = "";
	if (l->g.nlines > (uint64_t)l->grid_rows)
		snprintf(more, sizeof(more), "  rows %" PRIu64 "-%" PRIu64 "/%" PRIu64, ui->scroll + 1,
			 ui->scroll + (uint64_t)l->grid_rows, l->g.nlines);
	int save = r->width;
	r->width -= (int)strlen(more);   /* room for the scroll position */
	int gzoom = grid_zoom_at(g, b);
	if (gzoom == 0) {
		struct block_info bi;
		machine_block_info(a->m, b, &bi);
		row_printf(r, ROLE_HEAD, "block %" PRIu64, b);
		row_printf(r, ROLE_NORMAL, " (pfn %" PRIu64 ") ", bi.start_pfn);
		row_put(r, ROLE_TYPE(bi.type), mtype_name(bi.type));
		row_printf(r, ROLE_NORMAL, ", %u/%u free, used U%u M%u R%u", bi.free, a->block_pages,
			   bi.alloc[MT_UNMOVABLE], bi.alloc[MT_MOVABLE], bi.alloc[MT_RECLAIMABLE]);
		if (bi.mixed)
			row_put(r, ROLE_DECISION, ", mixed");
		uint32_t ch = machine_block_type_changes(a->m, b);
		if (ch)
			row_printf(r, ROLE_NORMAL, ", %u type change%s", ch, ch == 1 ? "" : "s");
	} else {
		int z = app_zone_of_block(a, b);
		uint64_t zend = a->zones[z].first_block + a->zones[z].nblocks;
		uint64_t n = 1ull << gzoom;
		if (b + n > zend)
			n = zend - b;
		uint64_t votes[MT_COUNT] = { 0 }, freep = 0, mixed = 0;
		for (uint64_t i = b; i < b + n; i++) {
			votes[a->snap[i].type]++;
			freep += a->snap[i].free;
			mixed += a->snap[i].mixed;
		}
		row_printf(r, ROLE_HEAD, "blocks %" PRIu64 "-%" PRIu64, b, b + n - 1);
		row_put(r, ROLE_NORMAL, ":");
		for (int t = 0; t < MT_COUNT; t++)
			if (votes[t]) {
				row_printf(r, ROLE_NORMAL, " %" PRIu64 " ", votes[t]);
				row_put(r, ROLE_TYPE(t), mtype_name(t));
			}
		uint64_t pages = n * a->block_pages;
		row_printf(r, ROLE_NORMAL, "; %" PRIu64 "%% used, %" PRIu64 " mixed", (pages - freep) * 100 / pages, mixed);
	}
	r->width = save;
	if (more[0])
		row_put_right(r, ROLE_DIM, more, r->width);
}

static bool important(int kind)
{
	/* Compaction: the decisions (a block skipped or chosen, why it
	 * finished) before the tracepoint summaries and the page moves. */
	return kind != EV_ALLOC && kind != EV_FREE && kind != EV_EXTFRAG && kind != EV_COMPACT_MOVE &&
	       kind != EV_COMPACT_ISOLATE_MIGRATE && kind != EV_COMPACT_ISOLATE_FREE &&
	       kind != EV_COMPACT_FAST_ISOLATE_FREE && kind != EV_COMPACT_MIGRATEPAGES;
}

static int event_role(int kind)
{
	return important(kind) ? ROLE_DECISION : ROLE_NORMAL;
}

/* Puts one event sentence on rows [row, row+max), wrapped, the function
 * name coloured; returns rows used. */
static int put_event(struct view *v, int row, int max, const struct app *a, const struct event *ev)
{
	char buf[1024];
	event_format(a->m, ev, buf, sizeof(buf));
	const char *s = buf;
	int used = 0;
	const char *colon = strstr(buf, ": ");
	size_t fnlen = colon ? (size_t)(colon - buf) : 0;
	while (*s && used < max && row + used < v->nrows) {
		struct view_row *r = &v->rows[row + used];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		int width = r->width;
		if (used) {
			row_put(r, ROLE_NORMAL, "    ");
			width -= 4;
		} else {
			row_put(r, ROLE_DIM, "- ");
			width -= 2;
		}
		size_t skip, len = wrap_line(s, width, r->utf8, &skip);
		bool last = used == max - 1 && s[len + skip];
		if (s == buf && fnlen && fnlen < len) {
			row_putn(r, ROLE_EVENT_FN, s, fnlen, -1);
			s += fnlen;
			len -= fnlen;
		}
		if (last) {
			row_putn(r, event_role(ev->kind), s, len, row_room(r) - 3);
			row_put(r, ROLE_DIM, "...");
		} else {
			row_putn(r, event_role(ev->kind), s, len, -1);
		}
		s += len + skip;
		used++;
	}
	return used;
}

static int event_lines(const struct view *v, const struct app *a, const struct event *ev)
{
	char buf[1024];
	event_format(a->m, ev, buf, sizeof(buf));
	return wrap_count(buf, v->w - 2, v->w - 4, v->utf8);
}

#define EV_PICK_MAX 64

static void build_events(struct view *v, const struct app *a, const struct main_layout *l)
{
	if (l->nevents <= 0)
		return;
	struct view_row *r = &v->rows[l->events_top];
	const struct step_summary *s = &a->sum;
	size_t pos = app_pos(a);
	row_reset(r, ROW_TEXT, ROLE_HEAD);
	if (s->step == 0) {
		row_put(r, ROLE_HEAD, pos ? "no memory step yet" : "boot state");
		row_put(r, ROLE_NORMAL, ": nothing has changed memory; space runs the next step");
		return;
	}
	char brief[256], sum[512];
	app_step_brief(session_step(a->s, s->step - 1), brief, sizeof(brief));
	uint64_t total = s->end - s->begin;
	size_t n = 0;
	sum[0] = 0;
	if (total == 0) {
		snprintf(sum, sizeof(sum), "no events");
	} else if (s->first_kept == s->begin) {
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRIu64 " event%s:", total, total == 1 ? "" : "s");
		bool first = true;
		for (int k = 0; k < EV_KIND_COUNT && n < sizeof(sum); k++)
			if (s->kinds[k]) {
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s %" PRIu64 " %s", first ? "" : ",",
						      s->kinds[k], event_kind_name(k));
				first = false;
			}
	} else if (s->counts.valid) {
		snprintf(sum, sizeof(sum),
			 "%" PRIu64 " events: %" PRIu64 " alloc, %" PRIu64 " free, %" PRIu64 " failed, %" PRIu64
			 " claim, %" PRIu64 " steal",
			 total, s->counts.allocs, s->counts.frees, s->counts.failed, s->counts.claims, s->counts.steals);
	} else {
		snprintf(sum, sizeof(sum), "%" PRIu64 " events (the last %" PRIu64 " kept)", total, s->end - s->first_kept);
	}
	char title[300];
	bool why = s->kinds[EV_CLAIM_BLOCKS] || s->kinds[EV_CLAIM_MOVE] || s->kinds[EV_CLAIM_REFUSED] ||
		   s->kinds[EV_STEAL] || s->kinds[EV_CLAIM_BREAK];
	snprintf(title, sizeof(title), "step %zu: %s%s", s->step, brief, why ? " (e: why)" : "");
	int first_row = l->events_top + 1;
	row_put(r, ROLE_HEAD, title);
	if (view_text_width(title, v->utf8) + 3 + view_text_width(sum, v->utf8) <= v->w || l->nevents < 3) {
		row_put(r, ROLE_DIM, " - ");
		row_put(r, ROLE_NORMAL, sum);
	} else {
		r = &v->rows[first_row++];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_put(r, ROLE_NORMAL, "  ");
		row_put(r, ROLE_NORMAL, sum);
	}
	/* Pick events in order of interest: the decisions (newest first),
	 * then the last event, then the most recent others; each gets the
	 * lines it needs while there are any (the last one picked may be cut). */
	int room = l->events_top + l->nevents - first_row;
	uint64_t pick[EV_PICK_MAX];
	int plines[EV_PICK_MAX];
	int npick = 0, lines = 0;
	for (int pass = 0; pass < 3 && lines < room; pass++) {
		uint64_t stop = pass == 2 && s->end - s->first_kept > 256 ? s->end - 256 : s->first_kept;
		for (uint64_t q = s->end; q > stop && lines < room && npick < EV_PICK_MAX; q--) {
			const struct event *ev = machine_event(a->m, q - 1);
			if (!ev)
				break;
			bool want = pass == 0 ? important(ev->kind) : pass == 1 ? q == s->end : true;
			for (int i = 0; i < npick && want; i++)
				if (pick[i] == q - 1)
					want = false;
			if (!want)
				continue;
			int nl = event_lines(v, a, ev);
			if (nl > room - lines)
				nl = room - lines;
			pick[npick] = q - 1;
			plines[npick++] = nl;
			lines += nl;
			if (pass == 1)
				break;
		}
	}
	/* Shown in sequence order. */
	for (int i = 1; i < npick; i++)
		for (int j = i; j > 0 && pick[j - 1] > pick[j]; j--) {
			uint64_t tq = pick[j];
			pick[j] = pick[j - 1];
			pick[j - 1] = tq;
			int tl = plines[j];
			plines[j] = plines[j - 1];
			plines[j - 1] = tl;
		}
	int row = first_row;
	for (int i = 0; i < npick; i++)
		row += put_event(v, row, plines[i], a, machine_event(a->m, pick[i]));
}

/* A counter right-aligned to `end` in a column of `colw`: "16 -1" when
 * it changed with the last move (the delta dropped when it does not fit). */
static void put_count(struct view_row *r, uint64_t now, uint64_t before, int colw, int end)
{
	char v[32], d[32], both[64];
	if (now == before) {
		fmt_count(now, colw - 1, v, sizeof(v));
		row_put_right(r, ROLE_NORMAL, v, end);
		return;
	}
	long long delta = (long long)(now - before);
	snprintf(d, sizeof(d), "%+lld", delta);
	fmt_count(now, colw - 1, v, sizeof(v));
	snprintf(both, sizeof(both), "%s %s", v, d);
	/* At least two spaces before it, so that neighbours stay apart. */
	if ((int)strlen(both) <= colw - 2)
		row_put_right(r, ROLE_CHANGED, both, end);
	else
		row_put_right(r, ROLE_CHANGED, v, end);
}

static void build_table(struct view *v, const struct app *a, const struct ui *ui, const struct main_layout *l)
{
	int z = app_zone_of_block(a, ui->cursor);
	int maxo = a->cfg->max_order;
	int norders = maxo + 1;
	const int labw = 12, blkw = 8;
	int colw = (v->w - labw - blkw) / norders;
	if (colw > 8)
		colw = 8;
	if (colw < 3)
		colw = 3;
	const struct counters *c = &a->cur, *p = &a->prev;
	char buf[64];
	int row = l->table_top;

	struct view_row *r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_HEAD);
	row_putn(r, ROLE_HEAD, a->zones[z].name, (size_t)-1, labw - 1);
	row_put(r, ROLE_DIM, " ");
	for (int o = 0; o <= maxo; o++) {
		snprintf(buf, sizeof(buf), "%d", o);
		row_put_right(r, ROLE_HEAD, buf, labw + (o + 1) * colw);
	}
	row_put_right(r, ROLE_HEAD, "blocks", labw + norders * colw + blkw);

	for (int i = 0; i < l->ntypes_shown; i++) {
		int t = l->types_shown[i];
		r = &v->rows[row++];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_put(r, ROLE_TYPE(t), mtype_name(t));
		for (int o = 0; o <= maxo; o++)
			put_count(r, c->list[z][o][t], p->list[z][o][t], colw, labw + (o + 1) * colw);
		put_count(r, c->blocks[z][t], p->blocks[z][t], blkw, labw + norders * colw + blkw);
	}

	r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	row_put(r, ROLE_HEAD, "nr_free");
	for (int o = 0; o <= maxo; o++)
		put_count(r, c->nr_free[z][o], p->nr_free[z][o], colw, labw + (o + 1) * colw);
	fmt_count(a->zones[z].nblocks, blkw - 1, buf, sizeof(buf));
	row_put_right(r, ROLE_NORMAL, buf, labw + norders * colw + blkw);

	r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	const int64_t *sv = c->st.v, *pv = p->st.v;
#define CH(k) (sv[k] != pv[k] ? ROLE_CHANGED : ROLE_NORMAL)
	/* The zone's own indexes, as debugfs extfrag/{extfrag,unusable}_index
	 * print them for this zone at pageblock_order. */
	int k = a->cfg->pageblock_order;
	int ext = zone_extfrag_index(c, z, maxo, k), unu = zone_unusable_index(c, z, maxo, k);
	int pext = zone_extfrag_index(p, z, maxo, k), punu = zone_unusable_index(p, z, maxo, k);
	fmt_index(ext, buf, sizeof(buf));
	row_printf(r, ROLE_HEAD, "extfrag(%d) ", k);
	row_put(r, ext != pext ? ROLE_CHANGED : ROLE_NORMAL, buf);
	fmt_index(unu, buf, sizeof(buf));
	row_printf(r, ROLE_HEAD, " unusable(%d) ", k);
	row_put(r, unu != punu ? ROLE_CHANGED : ROLE_NORMAL, buf);
	/* Each while it fits whole, most telling first. */
	static const struct { int key; const char *name; } more[] = {
		{ STAT_MIXED_BLOCKS, "mixed" },  { STAT_CLAIM_EVENTS, "claim" },
		{ STAT_STEAL_EVENTS, "steal" },  { STAT_ALLOCS_FAILED, "failed" },
		{ STAT_FALLBACK_EVENTS, "fallback" },
	};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)sv[more[i].key]);
		if ((int)(strlen(more[i].name) + strlen(num) + 2) > row_room(r))
			break;
		row_printf(r, ROLE_HEAD, " %s ", more[i].name);
		row_put(r, CH(more[i].key), num);
	}
#undef CH
	if (view_wmark_lines(a))
		view_wmark_row(&v->rows[row], a, z, v->w);
}

void build_status(struct view *v, const struct ui *ui, int row, unsigned screen_mask)
{
	struct view_row *r = &v->rows[row];
	row_reset(r, ROW_TEXT, ROLE_STATUS);
	if (ui->cmd_active) {
		row_reset(r, ROW_TEXT, ROLE_CMDLINE);
		row_put(r, ROLE_CMDLINE, ui->cmd_prompt == '/' ? "/" : ":");
		/* Show the end of a long command. */
		const char *s = ui->cmd;
		while (view_text_width(s, v->utf8) > v->w - 2) {
			uint32_t cp;
			s += v->utf8 ? utf8_next(s, strlen(s), &cp) : 1;
		}
		row_put(r, ROLE_CMDLINE, s);
		v->cur_y = row;
		v->cur_x = r->cols;
		return;
	}
	if (ui->status[0]) {
		row_reset(r, ROW_TEXT, ui->status_role);
		row_put(r, ui->status_role, ui->status);
		return;
	}
	/* The hints in table order while they fit, the quit hint kept. */
	int reserve = 0;
	for (size_t i = 0; i < ui->nbindings; i++)
		if (ui->bindings[i].keys[0] == 'q' && ui->bindings[i].hint && (ui->bindings[i].screens & screen_mask))
			reserve = (int)strlen(ui->bindings[i].hint) + 4;
	for (size_t i = 0; i < ui->nbindings; i++) {
		const struct binding *b = &ui->bindings[i];
		if (!b->hint || !(b->screens & screen_mask))
			continue;
		char k[32];
		tui_key_name(b->keys[0], k, sizeof(k));
		int need = (int)strlen(k) + 1 + (int)strlen(b->hint) + 2;
		bool quit = b->keys[0] == 'q';
		if (row_room(r) < need + (quit ? 0 : reserve))
			continue;
		row_put(r, ROLE_KEY, k);
		row_put(r, ROLE_STATUS, " ");
		row_put(r, ROLE_STATUS, b->hint);
		row_put(r, ROLE_STATUS, "  ");
	}
}

void view_build_main(struct view *v, const struct app *a, struct ui *ui, int w, int h, uint64_t now)
{
	view_prepare(v, w, h, ui->utf8);
	if (!view_check_size(v, w, h))
		return;
	struct main_layout *l = &v->lay;
	view_main_layout(a, ui, w, h, l);
	/* The cursor sits on the first block of its cell. */
	int z = app_zone_of_block(a, ui->cursor);
	int zz = l->g.z[z].zoom;
	ui->cursor = a->zones[z].first_block + (((ui->cursor - a->zones[z].first_block) >> zz) << zz);
	follow_cursor(ui, l);
	v->noverlay = compact_overlay(a, &v->own_overlay, &v->own_overlay_cap);
	v->overlay = v->own_overlay;
	build_header(&v->rows[0], a, ui, l);
	build_caption(v, a, l);
	build_grid(v, a, ui, l, now);
	if (l->legend_row >= 0)
		build_legend(&v->rows[l->legend_row], a, l, v->utf8, ui->mono);
	build_info(&v->rows[l->info_row], a, ui, l);
	if (l->nplot)
		build_plots(v, a, l->plot_top, l->plot_top + l->nplot);
	if (l->ncompact)
		build_compact_panel(v, a, l->compact_top, l->compact_top + l->ncompact);
	build_events(v, a, l);
	build_table(v, a, ui, l);
	build_status(v, ui, l->status_row, SC_GRID);
}

/* ---- interface state ----------------------------------------------------- */

void ui_init(struct ui *ui, const struct app *a)
{
	(void)a;
	memset(ui, 0, sizeof(*ui));
	ui->screen = SCREEN_GRID;
	for (int z = 0; z < ZONE_ID_COUNT; z++)
		ui->level[z] = -1;
	ui->plots = -1;
	ui->speed = 3;       /* 8 steps a second */
	ui->type = MT_UNMOVABLE;
	ui->status_role = ROLE_STATUS;
	ui->sel_anchor = UINT64_MAX;
}

