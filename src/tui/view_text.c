/* The view model's text rows (view_int.h): UTF-8 aware fitting and
 * wrapping, segments with roles, cell rows, number formats, key names. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "view_int.h"

/* ---- keys ---------------------------------------------------------------- */

void tui_key_name(int key, char *buf, size_t n)
{
	static const struct { int key; const char *name; } names[] = {
		{ ' ', "space" }, { TK_UP, "Up" }, { TK_DOWN, "Down" }, { TK_LEFT, "Left" },
		{ TK_RIGHT, "Right" }, { TK_PGUP, "PgUp" }, { TK_PGDN, "PgDn" }, { TK_HOME, "Home" },
		{ TK_END, "End" }, { TK_ENTER, "Enter" }, { TK_BACKSPACE, "Backspace" }, { TK_ESC, "Esc" },
		{ TK_DELETE, "Delete" }, { TK_MOUSE, "click" }, { '\t', "Tab" }, { TK_F5, "F5" },
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
size_t utf8_next(const char *s, size_t n, uint32_t *cp)
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

void row_reset(struct view_row *r, int kind, int role)
{
	r->kind = (uint8_t)kind;
	r->role = (uint8_t)role;
	r->len = 0;
	r->cols = 0;
	r->nsegs = 0;
	r->ncells = 0;
	r->cells = NULL;
	r->split = 0;
	r->cw = 1;
	r->ch = 1;
	r->gap = 0;
	r->sub = 0;
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
int row_room(const struct view_row *r)
{
	return r->width - view_row_width(r);
}

/* Appends at most maxcols columns of s[0..n); returns the columns used.
 * Control characters show as spaces; in a non-UTF-8 locale, bytes above
 * 0x7f show as '?'. Never splits a character. */
int row_putn(struct view_row *r, int role, const char *s, size_t n, int maxcols)
{
	int room = row_room(r);
	if (maxcols < 0 || maxcols > room)
		maxcols = room;
	size_t off = r->len;
	int used = 0;
	while (n && *s) {
		uint32_t cp;
		size_t k;
		if (r->utf8) {
			k = utf8_next(s, n, &cp);
		} else {
			k = 1;
			cp = (unsigned char)*s;
		}
		int w = cp_width(cp, r->utf8);
		if (used + w > maxcols || r->len + k + 1 > r->cap)
			break;
		if (cp < 0x20 || cp == 0x7F || (r->utf8 && cp >= 0x80 && cp < 0xA0)) {
			/* C0 and C1 controls (NEL, DCS, CSI, ...) never reach the terminal. */
			r->text[r->len++] = ' ';
		} else if (cp >= 0x80 && !r->utf8) {
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

int row_put(struct view_row *r, int role, const char *s)
{
	return row_putn(r, role, s, strlen(s), -1);
}

int row_printf(struct view_row *r, int role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return row_put(r, role, buf);
}

void row_pad_to(struct view_row *r, int role, int col)
{
	while (r->cols + r->ncells < col && row_room(r) > 0)
		row_put(r, role, " ");
}

/* Right-aligns s so that it ends at column `end`. */
void row_put_right(struct view_row *r, int role, const char *s, int end)
{
	int w = view_text_width(s, r->utf8);
	row_pad_to(r, ROLE_NORMAL, end - w);
	row_put(r, role, s);
}

/* Start of the next line when wrapping s at `width` columns: returns the
 * bytes of this line (*skip: spaces to drop after it). */
size_t wrap_line(const char *s, int width, bool utf8, size_t *skip)
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
		size_t k = utf8 ? utf8_next(s + i, n - i, &cp) : 1;
		if (!utf8)
			cp = (unsigned char)s[i];
		int w = cp_width(cp, utf8);
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
int wrap_count(const char *s, int first, int rest, bool utf8)
{
	int lines = 0;
	int width = first;
	while (*s) {
		size_t skip, len = wrap_line(s, width, utf8, &skip);
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
	free(v->own_overlay);
	memset(v, 0, sizeof(*v));
}

/* Sizes the rows for w x h and empties them. */
void view_prepare(struct view *v, int w, int h, bool utf8)
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
	v->ninsets = 0;
	v->cur_y = v->cur_x = -1;
	v->utf8 = utf8;
	for (int i = 0; i < v->nrows; i++) {
		v->rows[i].width = w;
		v->rows[i].utf8 = utf8;
		row_reset(&v->rows[i], ROW_TEXT, ROLE_NORMAL);
	}
}

struct view_cell *cells_take(struct view *v, struct view_row *r, int n)
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

bool view_check_size(struct view *v, int w, int h)
{
	if (w >= VIEW_MIN_W && h >= VIEW_MIN_H)
		return true;
	v->too_small = true;
	/* Whole words on as many lines as the width needs, with the size
	 * there is, so that even 20x8 says what to do. */
	char msg[96];
	snprintf(msg, sizeof(msg), "terminal too small (need 80x24)");
	if (w >= (int)strlen(msg)) {
		row_put(&v->rows[0], ROLE_NOTICE, msg);
		return false;
	}
	snprintf(msg, sizeof(msg), "terminal too small (need 80x24, have %dx%d)", w, h);
	const char *s = msg;
	for (int i = 0; i < v->nrows && *s; i++) {
		size_t skip, len = wrap_line(s, w, v->utf8, &skip);
		row_putn(&v->rows[i], ROLE_NOTICE, s, len, -1);
		s += len + skip;
	}
	return false;
}

/* ---- numbers ------------------------------------------------------------- */

/* v in at most `width` characters: 12345, 123k, 12M, ... */
void fmt_count(uint64_t v, int width, char *buf, size_t n)
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

void fmt_bytes(uint64_t bytes, char *buf, size_t n)
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
void fmt_index(int x, char *buf, size_t n)
{
	snprintf(buf, n, "%s%d.%03d", x < 0 ? "-" : "", abs(x) / 1000, abs(x) % 1000);
}

int digits(uint64_t v)
{
	int d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}


int view_row_width(const struct view_row *r)
{
	int w = r->cols;
	if (r->kind != ROW_CELLS || !r->ncells)
		return w;
	int cw = r->cw ? r->cw : 1;
	w += r->ncells * (cw + r->gap);
	if (r->gap && (r->cells[r->ncells - 1].flags & CF_CURSOR))
		w++;
	return w;
}
