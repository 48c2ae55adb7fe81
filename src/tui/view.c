/* The view model (view.h): the screen as rows of text and cells. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "scenario/scenario.h"
#include "view.h"

const int view_speeds[] = { 1, 2, 4, 8, 15, 30, 60, 120, 250, 500, 1000, 0 };
const int view_nspeeds = (int)(sizeof(view_speeds) / sizeof(view_speeds[0]));

/* ---- keys ---------------------------------------------------------------- */

void tui_key_name(int key, char *buf, size_t n)
{
	static const struct { int key; const char *name; } names[] = {
		{ ' ', "space" }, { TK_UP, "Up" }, { TK_DOWN, "Down" }, { TK_LEFT, "Left" },
		{ TK_RIGHT, "Right" }, { TK_PGUP, "PgUp" }, { TK_PGDN, "PgDn" }, { TK_HOME, "Home" },
		{ TK_END, "End" }, { TK_ENTER, "Enter" }, { TK_BACKSPACE, "Backspace" }, { TK_ESC, "Esc" },
		{ TK_DELETE, "Delete" }, { TK_MOUSE, "click" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, n, "%s", names[i].name);
			return;
		}
	if (key > 0 && key < 32)
		snprintf(buf, n, "Ctrl-%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "key-%d", key);
}

/* ---- text ---------------------------------------------------------------- */

/* Decodes one UTF-8 sequence; returns its length (1 for a bad byte, with
 * *cp = 0xFFFD). */
static size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
	if (len == 0 || len > n || u[0] > 0xF4) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t c = u[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Columns of one code point as shown: control characters become a space,
 * zero-width characters are dropped (0). */
static int cp_width(uint32_t cp, bool utf8)
{
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp < 0x80)
		return 1;
	if (!utf8)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1; /* a locale that does not know it: assume narrow */
	return w;
}

int view_text_width(const char *s, bool utf8)
{
	int w = 0;
	size_t n = strlen(s);
	while (n) {
		uint32_t cp;
		size_t k = utf8 ? utf8_next(s, n, &cp) : 1;
		if (!utf8)
			cp = (unsigned char)*s;
		w += cp_width(cp, utf8);
		s += k;
		n -= k;
	}
	return w;
}

/* ---- rows ---------------------------------------------------------------- */

static bool g_utf8;   /* of the view being built */
static int g_width;

static void row_reset(struct view_row *r, int kind, int role)
{
	r->kind = (uint8_t)kind;
	r->role = (uint8_t)role;
	r->len = 0;
	r->cols = 0;
	r->nsegs = 0;
	r->ncells = 0;
	r->cells = NULL;
	r->split = 0;
	if (r->cap)
		r->text[0] = 0;
}

static void seg_add(struct view_row *r, int role, size_t off, size_t len)
{
	if (!len)
		return;
	if (r->nsegs && r->segs[r->nsegs - 1].role == role && !(r->kind == ROW_CELLS && off == r->split) &&
	    r->segs[r->nsegs - 1].off + r->segs[r->nsegs - 1].len == off) {
		r->segs[r->nsegs - 1].len += (uint16_t)len;
		return;
	}
	if (r->nsegs == VIEW_SEGS) {
		/* Out of segments: extend the last one. */
		r->segs[r->nsegs - 1].len = (uint16_t)(off + len - r->segs[r->nsegs - 1].off);
		return;
	}
	r->segs[r->nsegs++] = (struct view_seg){ (uint16_t)off, (uint16_t)len, (uint8_t)role };
}

/* Columns left on the row (cells count too). */
static int row_room(const struct view_row *r)
{
	return g_width - r->cols - r->ncells;
}

/* Appends at most maxcols columns of s[0..n); returns the columns used.
 * Control characters show as spaces; in a non-UTF-8 locale, bytes above
 * 0x7f show as '?'. Never splits a character. */
static int row_putn(struct view_row *r, int role, const char *s, size_t n, int maxcols)
{
	int room = row_room(r);
	if (maxcols < 0 || maxcols > room)
		maxcols = room;
	size_t off = r->len;
	int used = 0;
	while (n && *s) {
		uint32_t cp;
		size_t k;
		if (g_utf8) {
			k = utf8_next(s, n, &cp);
		} else {
			k = 1;
			cp = (unsigned char)*s;
		}
		int w = cp_width(cp, g_utf8);
		if (used + w > maxcols || r->len + k + 1 > r->cap)
			break;
		if (cp < 0x20 || cp == 0x7F) {
			r->text[r->len++] = ' ';
		} else if (cp >= 0x80 && !g_utf8) {
			r->text[r->len++] = '?';
		} else if (cp == 0xFFFD && k == 1) {
			r->text[r->len++] = '?';
		} else if (w > 0) {
			memcpy(r->text + r->len, s, k);
			r->len += k;
		}
		used += w;
		s += k;
		n -= k;
	}
	r->text[r->len] = 0;
	r->cols += used;
	seg_add(r, role, off, r->len - off);
	return used;
}

static int row_put(struct view_row *r, int role, const char *s)
{
	return row_putn(r, role, s, strlen(s), -1);
}

static int row_printf(struct view_row *r, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int row_printf(struct view_row *r, int role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return row_put(r, role, buf);
}

static void row_pad_to(struct view_row *r, int role, int col)
{
	while (r->cols + r->ncells < col && row_room(r) > 0)
		row_put(r, role, " ");
}

/* Right-aligns s so that it ends at column `end`. */
static void row_put_right(struct view_row *r, int role, const char *s, int end)
{
	int w = view_text_width(s, g_utf8);
	row_pad_to(r, ROLE_NORMAL, end - w);
	row_put(r, role, s);
}

/* Start of the next line when wrapping s at `width` columns: returns the
 * bytes of this line (*skip: spaces to drop after it). */
static size_t wrap_line(const char *s, int width, size_t *skip)
{
	size_t n = strlen(s), i = 0, last_space = 0;
	int cols = 0;
	bool have_space = false;
	*skip = 0;
	while (i < n) {
		if (s[i] == '\n') {
			*skip = 1;
			return i;
		}
		uint32_t cp;
		size_t k = g_utf8 ? utf8_next(s + i, n - i, &cp) : 1;
		if (!g_utf8)
			cp = (unsigned char)s[i];
		int w = cp_width(cp, g_utf8);
		if (cols + w > width) {
			if (have_space && last_space > 0) {
				*skip = 1;
				return last_space;
			}
			return i ? i : k;
		}
		if (s[i] == ' ') {
			last_space = i;
			have_space = true;
		}
		cols += w;
		i += k;
	}
	return n;
}

/* Number of lines s takes wrapped at width (first line `first` columns
 * wide, the others `rest`). */
static int wrap_count(const char *s, int first, int rest)
{
	int lines = 0;
	int width = first;
	while (*s) {
		size_t skip, len = wrap_line(s, width, &skip);
		s += len + skip;
		lines++;
		width = rest;
	}
	return lines ? lines : 1;
}

/* ---- the view ---------------------------------------------------------- */

void view_init(struct view *v)
{
	memset(v, 0, sizeof(*v));
}

void view_fini(struct view *v)
{
	for (int i = 0; i < v->nrows; i++)
		free(v->rows[i].text);
	free(v->rows);
	free(v->cells);
	memset(v, 0, sizeof(*v));
}

/* Sizes the rows for w x h and empties them. */
static void view_prepare(struct view *v, int w, int h, bool utf8)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	size_t cap = (size_t)w * 4 + 64;
	if (h != v->nrows || w != v->w) {
		for (int i = 0; i < v->nrows; i++)
			free(v->rows[i].text);
		free(v->rows);
		v->rows = calloc((size_t)h, sizeof(*v->rows));
		v->nrows = v->rows ? h : 0;
		for (int i = 0; i < v->nrows; i++) {
			v->rows[i].text = malloc(cap);
			v->rows[i].cap = v->rows[i].text ? cap : 0;
		}
	}
	size_t need = (size_t)w * (size_t)h;
	if (need > v->cells_cap) {
		free(v->cells);
		v->cells = malloc(need * sizeof(*v->cells));
		v->cells_cap = v->cells ? need : 0;
	}
	v->ncells = 0;
	v->w = w;
	v->h = h;
	v->too_small = false;
	v->cur_y = v->cur_x = -1;
	for (int i = 0; i < v->nrows; i++)
		row_reset(&v->rows[i], ROW_TEXT, ROLE_NORMAL);
	g_utf8 = utf8;
	g_width = w;
}

static struct view_cell *cells_take(struct view *v, struct view_row *r, int n)
{
	if (n < 0 || v->ncells + (size_t)n > v->cells_cap)
		n = (int)(v->cells_cap - v->ncells);
	if (n > row_room(r))
		n = row_room(r);
	if (n < 0)
		n = 0;
	r->kind = ROW_CELLS;
	r->split = r->len;
	r->cells = v->cells + v->ncells;
	r->ncells = n;
	v->ncells += (size_t)n;
	memset(r->cells, 0, (size_t)n * sizeof(*r->cells));
	return r->cells;
}

static bool check_size(struct view *v, int w, int h)
{
	if (w >= VIEW_MIN_W && h >= VIEW_MIN_H)
		return true;
	v->too_small = true;
	row_put(&v->rows[0], ROLE_NOTICE, "terminal too small (need 80x24)");
	return false;
}

/* ---- numbers ------------------------------------------------------------- */

/* v in at most `width` characters: 12345, 123k, 12M, ... */
static void fmt_count(uint64_t v, int width, char *buf, size_t n)
{
	snprintf(buf, n, "%" PRIu64, v);
	if ((int)strlen(buf) <= width)
		return;
	static const char sfx[] = "kMGTPE";
	double x = (double)v;
	for (int i = 0; sfx[i]; i++) {
		x /= 1000.0;
		snprintf(buf, n, "%.0f%c", x, sfx[i]);
		if ((int)strlen(buf) <= width)
			return;
	}
}

static void fmt_bytes(uint64_t bytes, char *buf, size_t n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;
	while (u < 4 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, n, "%" PRIu64 " %s", bytes, units[u]);
}

/* index x1000 as the kernel prints it: -1.000, 0.123 */
static void fmt_index(int x, char *buf, size_t n)
{
	snprintf(buf, n, "%s%d.%03d", x < 0 ? "-" : "", abs(x) / 1000, abs(x) % 1000);
}

static int digits(uint64_t v)
{
	int d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* ---- grid layout ----------------------------------------------------------- */

void grid_layout_make(const struct app *a, int width, int zoom, struct grid_layout *g)
{
	memset(g, 0, sizeof(*g));
	g->zoom = zoom;
	g->labelw = digits(a->nblocks ? a->nblocks - 1 : 0) + 1;
	int avail = width - g->labelw;
	int cols = 1;
	while (cols * 2 <= avail && cols * 2 <= 256)
		cols *= 2;
	g->cols = cols;
	g->nzones = a->nzones;
	uint64_t line = 0;
	for (int z = 0; z < a->nzones; z++) {
		g->zfirst[z] = a->zones[z].first_block;
		g->znblocks[z] = a->zones[z].nblocks;
		g->zcells[z] = (g->znblocks[z] + (1ull << zoom) - 1) >> zoom;
		g->zline[z] = line;
		line += 1 + (g->zcells[z] + (uint64_t)cols - 1) / (uint64_t)cols;
	}
	g->nlines = line;
}

static int max_zoom(const struct app *a)
{
	int z = 0;
	while ((1ull << z) < a->nblocks && z < 40)
		z++;
	return z;
}

int view_auto_zoom(const struct app *a, int width, int rows)
{
	struct grid_layout g;
	int zmax = max_zoom(a);
	for (int z = 0; z <= zmax; z++) {
		grid_layout_make(a, width, z, &g);
		if (g.nlines <= (uint64_t)rows)
			return z;
	}
	return zmax;
}

static int zone_of(const struct grid_layout *g, uint64_t block)
{
	for (int z = g->nzones - 1; z > 0; z--)
		if (block >= g->zfirst[z])
			return z;
	return 0;
}

void grid_locate(const struct grid_layout *g, uint64_t block, uint64_t *line, int *col)
{
	int z = zone_of(g, block);
	uint64_t cell = (block - g->zfirst[z]) >> g->zoom;
	*line = g->zline[z] + 1 + cell / (uint64_t)g->cols;
	*col = (int)(cell % (uint64_t)g->cols);
}

bool grid_block_at(const struct grid_layout *g, uint64_t line, int col, uint64_t *block)
{
	if (col < 0 || col >= g->cols)
		return false;
	for (int z = g->nzones - 1; z >= 0; z--) {
		if (line < g->zline[z])
			continue;
		if (line == g->zline[z])
			return false;
		uint64_t cell = (line - g->zline[z] - 1) * (uint64_t)g->cols + (uint64_t)col;
		if (cell >= g->zcells[z])
			return false;
		*block = g->zfirst[z] + (cell << g->zoom);
		return true;
	}
	return false;
}

uint64_t grid_move(const struct grid_layout *g, uint64_t block, int dx, int dy)
{
	uint64_t line;
	int col;
	grid_locate(g, block, &line, &col);
	uint64_t b;
	if (dx) {
		/* Along the cells, across rows and zones. */
		int z = zone_of(g, block);
		uint64_t cell = (block - g->zfirst[z]) >> g->zoom;
		if (dx > 0) {
			uint64_t step = (uint64_t)dx;
			while (step && z < g->nzones) {
				uint64_t left = g->zcells[z] - 1 - cell;
				if (step <= left) {
					cell += step;
					step = 0;
				} else if (z + 1 < g->nzones) {
					step -= left + 1;
					z++;
					cell = 0;
				} else {
					cell = g->zcells[z] - 1;
					step = 0;
				}
			}
		} else {
			uint64_t step = (uint64_t)-dx;
			while (step) {
				if (step <= cell) {
					cell -= step;
					step = 0;
				} else if (z > 0) {
					step -= cell + 1;
					z--;
					cell = g->zcells[z] - 1;
				} else {
					cell = 0;
					step = 0;
				}
			}
		}
		return g->zfirst[z] + (cell << g->zoom);
	}
	int n = dy > 0 ? dy : -dy;
	for (int i = 0; i < n; i++) {
		uint64_t l = line;
		bool found = false;
		for (;;) {
			if (dy > 0 ? l + 1 >= g->nlines : l == 0)
				break;
			l = dy > 0 ? l + 1 : l - 1;
			int c = col;
			bool label = false;
			for (int z = 0; z < g->nzones; z++)
				if (g->zline[z] == l)
					label = true;
			if (label)
				continue;
			while (c > 0 && !grid_block_at(g, l, c, &b))
				c--;
			if (grid_block_at(g, l, c, &b)) {
				line = l;
				block = b;
				found = true;
			}
			break;
		}
		if (!found)
			break;
	}
	return block;
}

/* ---- cells ------------------------------------------------------------------ */

void view_block_cell(const struct app *a, uint64_t first, uint64_t n, uint64_t now, struct view_cell *c)
{
	uint64_t votes[MT_COUNT] = { 0 }, foreign[MT_COUNT] = { 0 };
	uint64_t used = 0, total = 0;
	bool mixed = false, changed = false;
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
		for (int t = 0; t < MT_PCPTYPES; t++)
			if (t != s->type)
				foreign[t] += s->alloc[t];
		uint64_t st = a->stamp[b];
		if (st && now >= st && now - st < APP_HIGHLIGHT_MS)
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
	if (used)
		c->flags |= CF_USED;
	if (mixed || ntypes > 1)
		c->flags |= CF_MIXED;
	if (changed)
		c->flags |= CF_CHANGED;
}

/* ---- main screen ------------------------------------------------------------ */

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
	l->ntable = 1 + l->ntypes_shown + 2;
	int fixed = 1 /* header */ + 1 /* info */ + l->ntable + 1 /* status */;
	bool is_desc;
	const char *cap = caption_text(a, &is_desc);
	int maxcap = h >= 40 ? 4 : h >= 30 ? 3 : 2;
	bool save = g_utf8;
	g_utf8 = ui->utf8;
	l->ncaption = wrap_count(cap, w, w);
	g_utf8 = save;
	if (l->ncaption > maxcap)
		l->ncaption = maxcap;
	int avail = h - fixed - l->ncaption - EVENTS_MIN;
	if (avail < 2)
		avail = 2;
	int zoom = ui->zoom_auto ? view_auto_zoom(a, w, avail) : ui->zoom;
	grid_layout_make(a, w, zoom, &l->g);
	l->grid_rows = l->g.nlines < (uint64_t)avail ? (int)l->g.nlines : avail;
	l->caption_top = 1;
	l->grid_top = l->caption_top + l->ncaption;
	l->info_row = l->grid_top + l->grid_rows;
	l->events_top = l->info_row + 1;
	l->table_top = h - 1 - l->ntable;
	l->nevents = l->table_top - l->events_top;
	l->status_row = h - 1;
}

static void build_header(struct view_row *r, const struct app *a, const struct ui *ui, const struct main_layout *l)
{
	char right[256], zoom[32], speed[32];
	if (l && l->g.zoom)
		snprintf(zoom, sizeof(zoom), "1:%llu", 1ull << l->g.zoom);
	else
		snprintf(zoom, sizeof(zoom), "1:1");
	int sp = view_speeds[ui->speed];
	if (sp)
		snprintf(speed, sizeof(speed), "%d/s", sp);
	else
		snprintf(speed, sizeof(speed), "max");
	snprintf(right, sizeof(right), "step %zu/%zu  zoom %s  %s %s  alloc o%d %c", app_pos(a), app_total(a), zoom,
		 ui->to_end ? "to end" : ui->running ? "running" : "paused", speed, ui->order, mtype_letter(ui->type));
	int rw = (int)strlen(right);
	row_reset(r, ROW_TEXT, ROLE_TITLE);
	row_putn(r, ROLE_TITLE, a->sc->name ? a->sc->name : "buddyviz", (size_t)-1, g_width - rw - 2);
	row_pad_to(r, ROLE_TITLE, g_width - rw);
	/* The right part stands out while running. */
	row_put(r, ui->running || ui->to_end ? ROLE_RUN : ROLE_TITLE, right);
}

static void build_caption(struct view *v, const struct app *a, const struct main_layout *l)
{
	bool is_desc;
	const char *s = caption_text(a, &is_desc);
	int role = is_desc ? ROLE_DIM : ROLE_CAPTION;
	for (int i = 0; i < l->ncaption; i++) {
		struct view_row *r = &v->rows[l->caption_top + i];
		row_reset(r, ROW_TEXT, role);
		size_t skip, len = wrap_line(s, g_width, &skip);
		bool last = i == l->ncaption - 1;
		if (last && s[len + skip]) {
			/* More than fits: end with an ellipsis. */
			row_putn(r, role, s, len, g_width - 3);
			row_put(r, role, "...");
		} else {
			row_putn(r, role, s, len, -1);
		}
		s += len + skip;
	}
}

static void zone_label(struct view_row *r, const struct app *a, const struct grid_layout *g, int z)
{
	const struct zone_info *zi = &a->zones[z];
	char size[32];
	fmt_bytes(zi->pages * 4096ull, size, sizeof(size));
	row_reset(r, ROW_TEXT, ROLE_ZONE);
	row_printf(r, ROLE_ZONE, "%s zone: %s, blocks %" PRIu64 "-%" PRIu64 ", pfn %" PRIu64 "-%" PRIu64, zi->name,
		   size, zi->first_block, zi->first_block + zi->nblocks - 1, zi->start_pfn,
		   zi->start_pfn + zi->pages - 1);
	if (g->zoom)
		row_printf(r, ROLE_ZONE, ", 1 cell = %llu blocks", 1ull << g->zoom);
	else
		row_put(r, ROLE_ZONE, ", 1 cell = 1 block");
}

static void build_grid(struct view *v, const struct app *a, struct ui *ui, const struct main_layout *l, uint64_t now)
{
	const struct grid_layout *g = &l->g;
	uint64_t cur_line;
	int cur_col;
	grid_locate(g, ui->cursor, &cur_line, &cur_col);
	for (int i = 0; i < l->grid_rows; i++) {
		struct view_row *r = &v->rows[l->grid_top + i];
		uint64_t line = ui->scroll + (uint64_t)i;
		if (line >= g->nlines) {
			row_reset(r, ROW_TEXT, ROLE_NORMAL);
			continue;
		}
		int z;
		for (z = g->nzones - 1; z > 0 && line < g->zline[z]; z--)
			;
		if (line == g->zline[z]) {
			zone_label(r, a, g, z);
			continue;
		}
		uint64_t first_cell = (line - g->zline[z] - 1) * (uint64_t)g->cols;
		uint64_t ncell = g->zcells[z] - first_cell;
		if (ncell > (uint64_t)g->cols)
			ncell = (uint64_t)g->cols;
		uint64_t first_block = g->zfirst[z] + (first_cell << g->zoom);
		char label[32];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		snprintf(label, sizeof(label), "%*" PRIu64 " ", g->labelw - 1, first_block);
		row_put(r, ROLE_LABEL, label);
		struct view_cell *c = cells_take(v, r, (int)ncell);
		uint64_t per = 1ull << g->zoom;
		uint64_t zend = g->zfirst[z] + g->znblocks[z];
		for (int k = 0; k < r->ncells; k++) {
			uint64_t b = first_block + ((uint64_t)k << g->zoom);
			uint64_t n = b + per > zend ? zend - b : per;
			view_block_cell(a, b, n, now, &c[k]);
			if (line == cur_line && k == cur_col && ui->screen == SCREEN_GRID) {
				c[k].flags |= CF_CURSOR;
				v->cur_y = l->grid_top + i;
				v->cur_x = g->labelw + k;
			}
		}
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
	int save = g_width;
	g_width -= (int)strlen(more);
	if (g->zoom == 0) {
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
		uint64_t n = 1ull << g->zoom;
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
	g_width = save;
	if (more[0])
		row_put_right(r, ROLE_DIM, more, g_width);
}

static bool important(int kind)
{
	return kind != EV_ALLOC && kind != EV_FREE && kind != EV_EXTFRAG;
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
		int width = g_width;
		if (used) {
			row_put(r, ROLE_NORMAL, "    ");
			width -= 4;
		} else {
			row_put(r, ROLE_DIM, "- ");
			width -= 2;
		}
		size_t skip, len = wrap_line(s, width, &skip);
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

static int event_lines(const struct app *a, const struct event *ev)
{
	char buf[1024];
	event_format(a->m, ev, buf, sizeof(buf));
	return wrap_count(buf, g_width - 2, g_width - 4);
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
	snprintf(title, sizeof(title), "step %zu: %s", s->step, brief);
	int first_row = l->events_top + 1;
	row_put(r, ROLE_HEAD, title);
	if (view_text_width(title, g_utf8) + 3 + view_text_width(sum, g_utf8) <= g_width || l->nevents < 3) {
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
			int nl = event_lines(a, ev);
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

static void build_table(struct view *v, const struct app *a, const struct ui *ui, const struct main_layout *l)
{
	int z = app_zone_of_block(a, ui->cursor);
	int maxo = a->cfg->max_order;
	int norders = maxo + 1;
	const int labw = 12, blkw = 8;
	int colw = (g_width - labw - blkw) / norders;
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
		for (int o = 0; o <= maxo; o++) {
			fmt_count(c->list[z][o][t], colw - 1, buf, sizeof(buf));
			row_put_right(r, c->list[z][o][t] != p->list[z][o][t] ? ROLE_CHANGED : ROLE_NORMAL, buf,
				      labw + (o + 1) * colw);
		}
		fmt_count(c->blocks[z][t], blkw - 1, buf, sizeof(buf));
		row_put_right(r, c->blocks[z][t] != p->blocks[z][t] ? ROLE_CHANGED : ROLE_NORMAL, buf,
			      labw + norders * colw + blkw);
	}

	r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	row_put(r, ROLE_HEAD, "nr_free");
	for (int o = 0; o <= maxo; o++) {
		fmt_count(c->nr_free[z][o], colw - 1, buf, sizeof(buf));
		row_put_right(r, c->nr_free[z][o] != p->nr_free[z][o] ? ROLE_CHANGED : ROLE_NORMAL, buf,
			      labw + (o + 1) * colw);
	}
	fmt_count(a->zones[z].nblocks, blkw - 1, buf, sizeof(buf));
	row_put_right(r, ROLE_NORMAL, buf, labw + norders * colw + blkw);

	r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	const int64_t *sv = c->st.v, *pv = p->st.v;
#define CH(k) (sv[k] != pv[k] ? ROLE_CHANGED : ROLE_NORMAL)
	fmt_index((int)sv[STAT_EXTFRAG_INDEX], buf, sizeof(buf));
	row_printf(r, ROLE_HEAD, "extfrag(%d) ", a->cfg->pageblock_order);
	row_put(r, CH(STAT_EXTFRAG_INDEX), buf);
	fmt_index((int)sv[STAT_UNUSABLE_INDEX], buf, sizeof(buf));
	row_printf(r, ROLE_HEAD, " unusable(%d) ", a->cfg->pageblock_order);
	row_put(r, CH(STAT_UNUSABLE_INDEX), buf);
	static const struct { int key; const char *name; } more[] = {
		{ STAT_MIXED_BLOCKS, "mixed" }, { STAT_FALLBACK_EVENTS, "fallback" },
		{ STAT_CLAIM_EVENTS, "claim" }, { STAT_STEAL_EVENTS, "steal" },
		{ STAT_ALLOCS_FAILED, "failed" },
	};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		row_printf(r, ROLE_HEAD, " %s ", more[i].name);
		row_printf(r, CH(more[i].key), "%lld", (long long)sv[more[i].key]);
	}
#undef CH
}

static void build_status(struct view *v, const struct ui *ui, int row, unsigned screen_mask)
{
	struct view_row *r = &v->rows[row];
	row_reset(r, ROW_TEXT, ROLE_STATUS);
	if (ui->cmd_active) {
		row_reset(r, ROW_TEXT, ROLE_CMDLINE);
		row_put(r, ROLE_CMDLINE, ":");
		/* Show the end of a long command. */
		const char *s = ui->cmd;
		while (view_text_width(s, g_utf8) > g_width - 2) {
			uint32_t cp;
			s += g_utf8 ? utf8_next(s, strlen(s), &cp) : 1;
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
	for (size_t i = 0; i < ui->nbindings; i++) {
		const struct binding *b = &ui->bindings[i];
		if (!b->hint || !(b->screens & screen_mask))
			continue;
		char k[32];
		tui_key_name(b->keys[0], k, sizeof(k));
		int need = (int)strlen(k) + 1 + (int)strlen(b->hint) + 2;
		if (row_room(r) < need)
			break;
		row_put(r, ROLE_KEY, k);
		row_put(r, ROLE_STATUS, " ");
		row_put(r, ROLE_STATUS, b->hint);
		row_put(r, ROLE_STATUS, "  ");
	}
}

/* Keeps the cursor's line inside the shown rows. */
static void follow_cursor(struct ui *ui, const struct main_layout *l)
{
	uint64_t line;
	int col;
	grid_locate(&l->g, ui->cursor, &line, &col);
	uint64_t rows = (uint64_t)l->grid_rows;
	if (l->g.nlines <= rows) {
		ui->scroll = 0;
		return;
	}
	/* Show the zone label with the first row. */
	uint64_t top = line;
	if (line > 0) {
		for (int i = 0; i < l->g.nzones; i++)
			if (l->g.zline[i] + 1 == line)
				top = line - 1;
	}
	if (top < ui->scroll)
		ui->scroll = top;
	if (line >= ui->scroll + rows)
		ui->scroll = line - rows + 1;
	if (ui->scroll + rows > l->g.nlines)
		ui->scroll = l->g.nlines - rows;
}

void view_build_main(struct view *v, const struct app *a, struct ui *ui, int w, int h, uint64_t now)
{
	view_prepare(v, w, h, ui->utf8);
	if (!check_size(v, w, h))
		return;
	struct main_layout *l = &v->lay;
	view_main_layout(a, ui, w, h, l);
	ui->zoom = l->g.zoom;
	/* The cursor sits on the first block of its cell. */
	int z = app_zone_of_block(a, ui->cursor);
	ui->cursor = a->zones[z].first_block + (((ui->cursor - a->zones[z].first_block) >> l->g.zoom) << l->g.zoom);
	follow_cursor(ui, l);
	build_header(&v->rows[0], a, ui, l);
	build_caption(v, a, l);
	build_grid(v, a, ui, l, now);
	build_info(&v->rows[l->info_row], a, ui, l);
	build_events(v, a, l);
	build_table(v, a, ui, l);
	build_status(v, ui, l->status_row, SC_GRID);
}

/* ---- block detail -------------------------------------------------------- */

struct page_info {
	bool used, head, foreign;
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
		int order;
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
		} else if (machine_alloc_at(a->m, p, &ai)) {
			uint64_t e = ai.pfn + (1ull << ai.order);
			if (e > end)
				e = end;
			const char *tn = machine_tag_name(a->m, ai.tag);
			char ch = tn && tn[0] ? tn[0] : '?';
			for (uint64_t q = p; q < e; q++)
				pg[q - start] = (struct page_info){ true, q == ai.pfn, ai.type != bi.type, (uint8_t)ai.type,
								    ch };
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
	if (!check_size(v, w, h))
		return;
	uint64_t block = ui->cursor;
	struct block_info bi;
	machine_block_info(a->m, block, &bi);
	uint32_t np = a->block_pages;
	if (ui->page >= np)
		ui->page = np - 1;

	build_header(&v->rows[0], a, ui, NULL);
	struct view_row *r = &v->rows[1];
	row_printf(r, ROLE_HEAD, "Block %" PRIu64, block);
	row_printf(r, ROLE_NORMAL, " (%s) pfn %" PRIu64 "-%" PRIu64 " ", a->zones[bi.zone].name, bi.start_pfn,
		   bi.start_pfn + np - 1);
	row_put(r, ROLE_TYPE(bi.type), mtype_name(bi.type));
	row_printf(r, ROLE_NORMAL, ": %u/%u free, used U%u M%u R%u", bi.free, np, bi.alloc[MT_UNMOVABLE],
		   bi.alloc[MT_MOVABLE], bi.alloc[MT_RECLAIMABLE]);
	if (bi.mixed)
		row_put(r, ROLE_DECISION, ", mixed");
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
	uint64_t st = a->stamp[block];
	bool changed = st && now >= st && now - st < APP_HIGHLIGHT_MS;
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
			c[k].type = pi->used ? pi->type : bi.type;
			c[k].ch = pi->used ? (pi->head || per > 1 ? pi->ch : '-') : 0;
			c[k].flags = (uint8_t)((pi->used ? CF_USED : 0) | (pi->head ? CF_HEAD : 0) |
					       (pi->used && pi->foreign ? CF_MIXED : 0) | (changed ? CF_CHANGED : 0));
			c[k].other = 0xff;
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
	/* Text after the cell continues the row. */
	r->kind = ROW_CELLS;
}

void view_build_help(struct view *v, const struct app *a, struct ui *ui, int w, int h)
{
	view_prepare(v, w, h, ui->utf8);
	if (!check_size(v, w, h))
		return;
	(void)a;
	struct help_ctx hc = { v, 0, ui->help_scroll, h - 1 };
	struct view_row *r = &v->rows[0];
	row_put(r, ROLE_TITLE, "buddyviz keys");
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
		if (!(r = help_row(&hc)))
			continue;
		row_put(r, ROLE_NORMAL, "  ");
		for (int j = 0; j < 3 && b->keys[j]; j++) {
			char k[32];
			tui_key_name(b->keys[j], k, sizeof(k));
			if (j)
				row_put(r, ROLE_DIM, ", ");
			row_put(r, ROLE_KEY, k);
		}
		row_pad_to(r, ROLE_NORMAL, kw);
		const char *txt = b->help;
		for (;;) {
			size_t skip, len = wrap_line(txt, w - kw, &skip);
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
	static const char *const colour_names[MT_COUNT] = { "red", "green", "yellow", "magenta", "cyan", "grey" };
	for (int t = 0; t < MT_COUNT; t++) {
		if (!(r = help_row(&hc)))
			continue;
		row_put(r, ROLE_NORMAL, "  ");
		legend_cell(v, r, (struct view_cell){ CELL_BLOCK, (uint8_t)t, FILL_HALF, CF_USED, 0xff, 0 });
		row_put(r, ROLE_NORMAL, " ");
		row_put(r, ROLE_TYPE(t), mtype_name(t));
		row_printf(r, ROLE_NORMAL, " (%s); mono: %c in use, %c all free", colour_names[t], mtype_letter(t),
			   mtype_letter(t) - 'A' + 'a');
	}
	static const struct { uint8_t fill, flags; const char *text; } marks[] = {
		{ FILL_FREE, 0, "every page free (mono: lowercase, dim)" },
		{ FILL_SOME, CF_USED, "some pages in use (mono: normal)" },
		{ FILL_HALF, CF_USED, "half or more in use (mono: bold)" },
		{ FILL_FULL, CF_USED, "every page in use (mono: bold)" },
		{ FILL_HALF, CF_USED | CF_MIXED, "mixed: holds pages of another type (underline; colour: background of that type)" },
		{ FILL_HALF, CF_USED | CF_CHANGED, "changed by the last step, for a moment (reverse)" },
		{ FILL_HALF, CF_USED | CF_CURSOR, "the cursor (bold reverse)" },
	};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		if (!(r = help_row(&hc)))
			continue;
		row_put(r, ROLE_NORMAL, "  ");
		legend_cell(v, r,
			    (struct view_cell){ CELL_BLOCK, MT_MOVABLE, marks[i].fill, marks[i].flags,
						(uint8_t)((marks[i].flags & CF_MIXED) ? MT_UNMOVABLE : 0xff), 0 });
		row_put(r, ROLE_NORMAL, " ");
		row_put(r, ROLE_NORMAL, marks[i].text);
	}
	help_row(&hc);
	if ((r = help_row(&hc)))
		row_put(r, ROLE_HEAD, "Zoom: a cell = 2^k blocks: majority type, uppercase if any page is in use");
	int maxscroll = hc.line - (h - 2) > 0 ? hc.line - (h - 2) : 0;
	if (ui->help_scroll > maxscroll) {
		ui->help_scroll = maxscroll;
		view_build_help(v, a, ui, w, h);
		return;
	}
	build_status(v, ui, h - 1, SC_HELP);
}

/* ---- interface state ----------------------------------------------------- */

void ui_init(struct ui *ui, const struct app *a)
{
	(void)a;
	memset(ui, 0, sizeof(*ui));
	ui->screen = SCREEN_GRID;
	ui->zoom_auto = true;
	ui->speed = 3;       /* 8 steps a second */
	ui->type = MT_UNMOVABLE;
	ui->status_role = ROLE_STATUS;
}
