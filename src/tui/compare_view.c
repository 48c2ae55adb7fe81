/* The compare screen as plain data (compare.h): a header, the two panes
 * (each its own view, drawn as an inset of the frame: title, caption,
 * last step, grid), one legend, the comparison panel and the status line.
 *
 * The panes reuse the single view's grid (build_grid, grid_layout_fit),
 * legend (build_legend), caption and counters (struct counters, the
 * zone_*_index functions); nothing here is curses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "scenario/keys.h"
#include "scenario/scenario.h"
#include "view_int.h"

#define ENTRY_W 26          /* a panel entry: label, A, B */
#define LABEL_W 11
#define VALUE_W 6
#define PANE_MIN_GRID 3     /* lines a pane's grid gets at least */

size_t cmp_total(const struct cmp *c)
{
	size_t a = app_total(&c->side[0].app), b = app_total(&c->side[1].app);
	return a > b ? a : b;
}

/* ---- the comparison panel's entries -------------------------------------- */

struct metric {
	char label[32];
	int type;               /* >= 0: the label's first letter is that type's */
	char v[2][24];
	bool differ;
};

/* The zone the indexes are read in: the biggest one. */
static int main_zone(const struct app *a)
{
	int best = 0;
	for (int z = 1; z < a->nzones; z++)
		if (a->zones[z].nblocks > a->zones[best].nblocks)
			best = z;
	return best;
}

static int index_order(const struct cmp *c, int i)
{
	const struct machine_config *cfg = c->side[i].app.cfg;
	int k = c->order < 0 ? cfg->pageblock_order : c->order;
	return k > cfg->max_order ? cfg->max_order : k;
}

static bool type_in_profile(const struct app *a, int t)
{
	for (int i = 0; i < a->ntypes; i++)
		if (a->types[i] == t)
			return true;
	return false;
}

static uint64_t blocks_of(const struct app *a, int t)
{
	uint64_t n = 0;
	for (int z = 0; z < a->nzones; z++)
		n += a->cur.blocks[z][t];
	return n;
}

/* Types shown in the legend and the panel: the first three of either
 * profile, the others while either side has blocks of them. */
static int shown_types(const struct cmp *c, int *out)
{
	int n = 0;
	for (int t = 0; t < MT_COUNT; t++) {
		bool show = false;
		for (int i = 0; i < 2; i++) {
			const struct app *a = &c->side[i].app;
			if (type_in_profile(a, t) && (t < MT_PCPTYPES || blocks_of(a, t)))
				show = true;
		}
		if (show)
			out[n++] = t;
	}
	return n;
}

static void set_num(struct metric *m, int i, int64_t v)
{
	snprintf(m->v[i], sizeof(m->v[i]), "%lld", (long long)v);
}

static int metrics(const struct cmp *c, struct metric *out, int max)
{
	int n = 0, types[MT_COUNT];
	int nt = shown_types(c, types);
	static const struct { int key; const char *label; } stats[] = {
		{ STAT_MIXED_BLOCKS, "mixed blks" },  { STAT_FALLBACK_EVENTS, "fallbacks" },
		{ STAT_CLAIM_EVENTS, "claims" },        { STAT_STEAL_EVENTS, "steals" },
		{ STAT_ALLOCS_FAILED, "failed" }, { STAT_LARGEST_FREE_ORDER, "largest ord" },
	};
	int nall = 1 + nt + (int)(sizeof(stats) / sizeof(stats[0])) + 2;
	if (nall > max)
		return 0;
	struct metric *m = &out[n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->label, sizeof(m->label), "free pages");
	m->type = -1;
	for (int i = 0; i < 2; i++)
		set_num(m, i, c->side[i].app.cur.st.v[STAT_PAGES_FREE]);
	for (int j = 0; j < nt; j++) {
		m = &out[n++];
		memset(m, 0, sizeof(*m));
		snprintf(m->label, sizeof(m->label), "%c blocks", mtype_letter(types[j]));
		m->type = types[j];
		for (int i = 0; i < 2; i++)
			set_num(m, i, (int64_t)blocks_of(&c->side[i].app, types[j]));
	}
	for (size_t s = 0; s < sizeof(stats) / sizeof(stats[0]); s++) {
		m = &out[n++];
		memset(m, 0, sizeof(*m));
		snprintf(m->label, sizeof(m->label), "%s", stats[s].label);
		m->type = -1;
		for (int i = 0; i < 2; i++)
			set_num(m, i, c->side[i].app.cur.st.v[stats[s].key]);
	}
	/* debugfs extfrag/unusable_index of the biggest zone at the order. */
	for (int kind = 0; kind < 2; kind++) {
		m = &out[n++];
		memset(m, 0, sizeof(*m));
		snprintf(m->label, sizeof(m->label), "%s(%d)", kind ? "extfrag" : "unusable", index_order(c, 0));
		m->type = -1;
		for (int i = 0; i < 2; i++) {
			const struct app *a = &c->side[i].app;
			int z = main_zone(a), k = index_order(c, i);
			int x = kind ? zone_extfrag_index(&a->cur, z, a->cfg->max_order, k)
				     : zone_unusable_index(&a->cur, z, a->cfg->max_order, k);
			fmt_index(x, m->v[i], sizeof(m->v[i]));
		}
	}
	for (int j = 0; j < n; j++)
		out[j].differ = strcmp(out[j].v[0], out[j].v[1]) != 0;
	return n;
}

#define METRICS_MAX (1 + MT_COUNT + 6 + 2)

static int per_line(int w)
{
	int k = w / ENTRY_W;
	return k < 1 ? 1 : k;
}

static int panel_rows(const struct cmp *c, int w)
{
	struct metric m[METRICS_MAX];
	int n = metrics(c, m, METRICS_MAX), k = per_line(w);
	return 1 + (n + k - 1) / k;
}

static void build_panel(struct view *v, const struct cmp *c, int top, int nrows)
{
	struct metric m[METRICS_MAX];
	int n = metrics(c, m, METRICS_MAX), k = per_line(v->w);
	struct view_row *r = &v->rows[top];
	row_reset(r, ROW_TEXT, ROLE_HEAD);
	for (int j = 0; j < k && j < n; j++) {
		int x0 = j * ENTRY_W;
		if (j == 0)
			row_put(r, ROLE_DIM, "bold: differ");
		row_put_right(r, ROLE_HEAD, "A", x0 + LABEL_W + VALUE_W);
		row_put_right(r, ROLE_HEAD, "B", x0 + LABEL_W + 2 * VALUE_W + 1);
	}
	for (int i = 0; i < n; i++) {
		int line = 1 + i / k, x0 = (i % k) * ENTRY_W;
		if (line >= nrows)
			break;
		r = &v->rows[top + line];
		if (i % k == 0)
			row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_pad_to(r, ROLE_NORMAL, x0);
		if (m[i].type >= 0) {
			char letter[2] = { m[i].label[0], 0 };
			row_put(r, ROLE_TYPE(m[i].type), letter);
			row_putn(r, ROLE_NORMAL, m[i].label + 1, (size_t)-1, LABEL_W - 1);
		} else {
			row_putn(r, ROLE_NORMAL, m[i].label, (size_t)-1, LABEL_W);
		}
		/* What differs stands out; what is the same steps back. */
		int role = m[i].differ ? ROLE_DECISION : ROLE_DIM;
		row_put_right(r, role, m[i].v[0], x0 + LABEL_W + VALUE_W);
		row_put_right(r, role, m[i].v[1], x0 + LABEL_W + 2 * VALUE_W + 1);
	}
}

/* ---- the panes ------------------------------------------------------------- */

struct pane_plan {
	int ncap, step_row, grid_top, grid_rows;
	struct main_layout l;
};

static const char *caption_of(const struct app *a, bool *dim)
{
	*dim = !a->caption;
	return a->caption ? a->caption : a->sc->name ? a->sc->name : "";
}

static void plan_with(const struct cmp_side *s, int pw, int ph, int ncap, bool step, struct pane_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->ncap = ncap;
	int row = 1 + ncap;
	p->step_row = step ? row++ : -1;
	p->grid_top = row;
	p->grid_rows = ph - row;
	if (p->grid_rows < 1)
		p->grid_rows = 1;
	grid_layout_fit(&s->app, pw, p->grid_rows, s->ui.level, &p->l.g);
	p->l.grid_top = p->grid_top;
	p->l.grid_rows = p->l.g.nlines < (uint64_t)p->grid_rows ? (int)p->l.g.nlines : p->grid_rows;
}

/* How readable a pane's grid is: columns x lines per block, the smallest
 * over its zones; tiny when it does not fit. */
static double grid_score(const struct pane_plan *p)
{
	double best = 1e9;
	const struct grid_layout *g = &p->l.g;
	for (int z = 0; z < g->nzones; z++) {
		double s = (double)(g->z[z].cw * g->z[z].ch) / (double)(1ull << g->z[z].zoom);
		if (s < best)
			best = s;
	}
	if (g->nlines > (uint64_t)p->grid_rows)
		best /= 1e6;
	return best;
}

/* The whole caption (up to 3 lines) and the last step's line, as far as
 * they leave the grid the cell size it has with a one-line caption. */
static void plan_pane(const struct cmp_side *s, int pw, int ph, bool utf8, struct pane_plan *p)
{
	bool dim;
	const char *cap = caption_of(&s->app, &dim);
	int want = wrap_count(cap, pw - (app_caption_is_ahead(&s->app) ? 6 : 0), pw, utf8);
	if (want > 3)
		want = 3;
	if (want < 1)
		want = 1;
	plan_with(s, pw, ph, 1, false, p);
	double base = grid_score(p);
	for (int n = want; n >= 1; n--)
		for (int step = 1; step >= 0; step--) {
			struct pane_plan q;
			plan_with(s, pw, ph, n, step, &q);
			if (q.grid_rows >= PANE_MIN_GRID && grid_score(&q) >= base) {
				*p = q;
				return;
			}
		}
}

struct frame {
	int arrangement;
	int pane_top, npanel, legend_row, panel_top;
	int pw[2], ph[2], px[2], py[2];
};

static void plan_frame(const struct cmp *c, int w, int h, int arrangement, struct frame *f)
{
	memset(f, 0, sizeof(*f));
	f->arrangement = arrangement;
	f->npanel = panel_rows(c, w);
	f->pane_top = 1;
	int avail = h - 1 /* header */ - 1 /* legend */ - f->npanel - 1 /* status */;
	if (arrangement == CMP_SIDE_BY_SIDE) {
		f->pw[0] = (w - 1) / 2;
		f->pw[1] = w - 1 - f->pw[0];
		f->ph[0] = f->ph[1] = avail;
		f->px[1] = f->pw[0] + 1;
		f->py[0] = f->py[1] = f->pane_top;
	} else {
		f->pw[0] = f->pw[1] = w;
		f->ph[0] = avail / 2;
		f->ph[1] = avail - f->ph[0];
		f->py[0] = f->pane_top;
		f->py[1] = f->pane_top + f->ph[0];
	}
	f->legend_row = f->pane_top + avail;
	f->panel_top = f->legend_row + 1;
}

static double frame_score(const struct cmp *c, const struct frame *f)
{
	double best = 1e18;
	for (int i = 0; i < 2; i++) {
		struct pane_plan p;
		plan_pane(&c->side[i], f->pw[i], f->ph[i], c->ui.utf8, &p);
		double s = grid_score(&p);
		if (s < best)
			best = s;
	}
	return best;
}

int cmp_arrangement(const struct cmp *c, int w, int h)
{
	struct frame a, b;
	plan_frame(c, w, h, CMP_SIDE_BY_SIDE, &a);
	plan_frame(c, w, h, CMP_STACKED, &b);
	double sa = frame_score(c, &a), sb = frame_score(c, &b);
	/* On a tie, side by side unless the screen is taller than wide (a
	 * character cell is about twice as tall as it is wide). */
	if (sa == sb)
		return w < 2 * h ? CMP_STACKED : CMP_SIDE_BY_SIDE;
	return sb > sa ? CMP_STACKED : CMP_SIDE_BY_SIDE;
}

/* " A  file  profile  seed N   step k/N": what tells the sides apart
 * (the profile, the seed when they differ) keeps its room; the label
 * loses its folders, then its end, when the pane is narrow. */
static void pane_title(struct view_row *r, const struct cmp *c, int i, const struct grid_layout *g)
{
	const struct cmp_side *s = &c->side[i];
	const struct app *a = &s->app;
	const struct machine_config *o = c->side[1 - i].app.cfg;
	char right[64], extra[96];
	size_t pos = app_pos(a), total = app_total(a);
	bool ended = c->pos > total;
	int zoom = 0;
	for (int z = 0; z < g->nzones; z++)
		if (g->z[z].zoom > zoom)
			zoom = g->z[z].zoom;
	char zs[32] = "";
	if (zoom)   /* the zone line may be cut in a narrow pane: the zoom stays in sight */
		snprintf(zs, sizeof(zs), " zoom 1:%llu", 1ull << zoom);
	snprintf(right, sizeof(right), ended ? "%s at its end %zu/%zu " : "%s %zu/%zu ", zs, pos, total);
	int n = 0;
	extra[0] = 0;
	if (a->cfg->profile != o->profile || r->width >= 60)
		n = snprintf(extra, sizeof(extra), "  %s", profile_word(a->cfg->profile));
	if (a->cfg->seed != o->seed)
		snprintf(extra + n, sizeof(extra) - (size_t)n, "  seed %" PRIu64, a->cfg->seed);
	row_reset(r, ROW_TEXT, ROLE_TITLE);
	row_put(r, ROLE_KEY, i ? " B " : " A ");
	row_put(r, ROLE_TITLE, " ");
	int rw = (int)strlen(right), ew = (int)strlen(extra);
	int room = r->width - r->cols - rw - ew;
	const char *label = s->label;
	const char *slash = strrchr(label, '/');
	if (view_text_width(label, r->utf8) > room && slash && slash[1])
		label = slash + 1;
	row_putn(r, ROLE_TITLE, label, (size_t)-1, room > 4 ? room : 4);
	if (row_room(r) >= ew + rw)
		row_put(r, ROLE_TITLE, extra);
	row_put_right(r, ended ? ROLE_NOTICE : ROLE_TITLE, right, r->width);
}

static void pane_caption(struct view *v, const struct app *a, const struct pane_plan *p)
{
	bool dim;
	const char *s = caption_of(a, &dim);
	int role = dim ? ROLE_DIM : ROLE_CAPTION;
	bool ahead = app_caption_is_ahead(a);
	for (int i = 0; i < p->ncap; i++) {
		struct view_row *r = &v->rows[1 + i];
		row_reset(r, ROW_TEXT, role);
		if (i == 0 && ahead)
			row_put(r, ROLE_HEAD, "Next: ");
		size_t skip, len = wrap_line(s, row_room(r), r->utf8, &skip);
		if (i == p->ncap - 1 && s[len + skip]) {
			row_putn(r, role, s, len, r->width - 4);
			row_put(r, ROLE_DIM, "...");
		} else {
			row_putn(r, role, s, len, -1);
		}
		s += len + skip;
	}
}

/* What the last step that changed memory did: its brief and event counts. */
static void pane_step(struct view_row *r, const struct app *a)
{
	const struct step_summary *s = &a->sum;
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	if (s->step == 0) {
		row_put(r, ROLE_DIM, app_pos(a) ? "no memory step yet" : "boot state");
		return;
	}
	char brief[256];
	app_step_brief(session_step(a->s, s->step - 1), brief, sizeof(brief));
	row_printf(r, ROLE_HEAD, "step %zu: ", s->step);
	row_put(r, ROLE_NORMAL, brief);
	bool first = true;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		if (!s->kinds[k] || k == EV_ALLOC || k == EV_FREE)
			continue;
		char part[64];
		snprintf(part, sizeof(part), "%s%" PRIu64 " %s", first ? " - " : ", ", s->kinds[k], event_kind_name(k));
		if (view_text_width(part, r->utf8) > row_room(r))
			break;
		row_put(r, ROLE_DECISION, part);
		first = false;
	}
}

static void build_pane(struct cmp *c, int i, int pw, int ph, uint64_t now)
{
	struct cmp_side *s = &c->side[i];
	struct view *v = &s->pane;
	struct pane_plan p;
	s->ui.utf8 = c->ui.utf8;
	s->ui.mono = c->ui.mono;
	view_prepare(v, pw, ph, c->ui.utf8);
	plan_pane(s, pw, ph, c->ui.utf8, &p);
	pane_title(&v->rows[0], c, i, &p.l.g);
	pane_caption(v, &s->app, &p);
	if (p.step_row >= 0)
		pane_step(&v->rows[p.step_row], &s->app);
	v->noverlay = compact_overlay(&s->app, &v->own_overlay, &v->own_overlay_cap);
	v->overlay = v->own_overlay;
	s->ui.scroll = 0;
	build_grid(v, &s->app, &s->ui, &p.l, now);
	/* No cursor on this screen. */
	for (size_t k = 0; k < v->ncells; k++)
		v->cells[k].flags &= (uint8_t)~CF_CURSOR;
}

static void build_top(struct view_row *r, const struct cmp *c)
{
	char right[128], speed[16];
	int sp = view_speeds[c->ui.speed];
	if (sp)
		snprintf(speed, sizeof(speed), "%d/s", sp);
	else
		snprintf(speed, sizeof(speed), "max");
	snprintf(right, sizeof(right), "step %zu/%zu  %s %s  indexes at order %d", c->pos, cmp_total(c),
		 c->ui.to_end ? "to end" : c->ui.running ? "running" : "paused", speed, index_order(c, 0));
	row_reset(r, ROW_TEXT, ROLE_TITLE);
	row_putn(r, ROLE_TITLE, "buddyviz compare", (size_t)-1,
		 r->width - (int)strlen(right) - 2);
	row_pad_to(r, ROLE_TITLE, r->width - (int)strlen(right));
	row_put(r, c->ui.running || c->ui.to_end ? ROLE_RUN : ROLE_TITLE, right);
}

void cmp_build(struct view *v, struct cmp *c, int w, int h, uint64_t now)
{
	view_prepare(v, w, h, c->ui.utf8);
	if (!view_check_size(v, w, h))
		return;
	struct frame f;
	c->arrangement = cmp_arrangement(c, w, h);
	plan_frame(c, w, h, c->arrangement, &f);
	build_top(&v->rows[0], c);
	for (int i = 0; i < 2; i++) {
		build_pane(c, i, f.pw[i], f.ph[i], now);
		v->insets[i] = (struct view_inset){ &c->side[i].pane, f.px[i], f.py[i] };
	}
	v->ninsets = 2;
	if (f.arrangement == CMP_SIDE_BY_SIDE)
		for (int y = f.pane_top; y < f.legend_row; y++) {
			struct view_row *r = &v->rows[y];
			row_pad_to(r, ROLE_NORMAL, f.pw[0]);
			row_put(r, ROLE_DIM, c->ui.utf8 ? "\u2502" : "|");
		}
	struct main_layout l;
	memset(&l, 0, sizeof(l));
	l.ntypes_shown = shown_types(c, l.types_shown);
	l.no_cursor = true;
	struct compact_state cs;
	const struct app *la = compact_shown(&c->side[1].app, &cs) ? &c->side[1].app : &c->side[0].app;
	build_legend(&v->rows[f.legend_row], la, &l, c->ui.utf8, c->ui.mono);
	build_panel(v, c, f.panel_top, f.npanel);
	build_status(v, &c->ui, h - 1, SC_GRID);
}
