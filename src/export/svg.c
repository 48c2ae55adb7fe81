/* An SVG picture of the grid at one step (export.h): the pageblock cells
 * in the terminal's type colours (tui/palette.h, turned into RGB), their
 * used-share bars, mixed and changed marks, the zone names, the legend,
 * the step and its caption, and the counters. Sized for a slide. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/session.h"
#include "export.h"
#include "model.h"
#include "scenario/scenario.h"
#include "tui/palette.h"

#define SVG_MAX_CELLS 8192     /* per zone; more blocks share a cell */
#define M 24                   /* margin */
#define FONT "DejaVu Sans, Helvetica, Arial, sans-serif"

static void rgb(char *buf, int idx)
{
	snprintf(buf, 8, "#%06" PRIx32, xterm256_rgb(idx));
}

/* Word-wraps s into lines of at most `chars`; calls out for each. */
static int wrap(const char *s, int chars, int maxlines, FILE *f, int x, int y, int lh, const char *attrs)
{
	int n = 0;
	while (*s && n < maxlines) {
		while (*s == ' ' || *s == '\n')
			s++;
		if (!*s)
			break;
		/* Count characters (not bytes) up to the limit. */
		const char *p = s, *cut = NULL;
		int c = 0;
		while (*p && *p != '\n' && c < chars) {
			if (*p == ' ')
				cut = p;
			p++;
			while ((*p & 0xc0) == 0x80)
				p++;
			c++;
		}
		const char *end = !*p || *p == '\n' || !cut ? p : cut;
		bool last = n == maxlines - 1 && *end && end[strspn(end, " \n")];
		char line[1024];
		size_t len = (size_t)(end - s) < sizeof(line) - 8 ? (size_t)(end - s) : sizeof(line) - 8;
		memcpy(line, s, len);
		line[len] = 0;
		if (last)
			strcat(line, " \u2026");
		fprintf(f, "<text x=\"%d\" y=\"%d\" %s>", x, y + n * lh, attrs);
		xml_text(f, line);
		fputs("</text>\n", f);
		n++;
		s = end;
	}
	return n;
}

static void cell(FILE *f, const struct app *a, const struct xzone *z, uint64_t k, int x, int y, int cs)
{
	struct view_cell c;
	uint64_t b = z->first + (k << z->zoom);
	uint64_t n = 1ull << z->zoom;
	view_block_cell(a, b, n, 0, &c);
	char col[8];
	rgb(col, type_colours[c.type].bg256);
	int fillpct = c.flags & CF_USED ? (c.fill8 * 100 + 254) / 255 : 0;
	int in = cs >= 8 ? 2 : cs >= 4 ? 1 : 0;   /* the gap between cells */
	int w = cs - in;
	fprintf(f, "<g class=\"cell\" data-block=\"%" PRIu64 "\" data-type=\"%s\" data-used=\"%d\"", b, mtype_name(c.type),
		fillpct);
	if (c.flags & CF_MIXED)
		fprintf(f, " data-mixed=\"%s\"", c.other < MT_COUNT ? mtype_name(c.other) : "yes");
	if (c.flags & CF_CHANGED)
		fputs(" data-changed=\"1\"", f);
	fprintf(f, "><title>block %" PRIu64, b);
	if (n > 1 && b + n - 1 >= b)
		fprintf(f, "-%" PRIu64, b + n - 1 < z->first + z->nblocks ? b + n - 1 : z->first + z->nblocks - 1);
	fprintf(f, ": %s%s, %d%% used", mtype_name(c.type), n > 1 ? " (most)" : "", fillpct);
	if (c.flags & CF_MIXED)
		fprintf(f, ", mixed (%s pages)", c.other < MT_COUNT ? mtype_name(c.other) : "other types");
	fprintf(f, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, y, w, w, col);
	if (fillpct) {
		int bw = (int)lround((double)w * c.fill8 / 255.0);
		if (bw < 1)
			bw = 1;
		int bh = w * 2 / 5 > 1 ? w * 2 / 5 : 1;
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#000\" fill-opacity=\"0.5\"/>", x,
			y + w - bh, bw, bh);
	}
	if (cs >= 14) {
		char l = mtype_letter(c.type);
		if (!(c.flags & CF_USED))
			l = (char)(l - 'A' + 'a');
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" font-weight=\"bold\">%c</text>", x + w * 0.12,
			y + w * 0.5, w * 0.42, l);
	}
	if ((c.flags & CF_MIXED) && cs >= 6) {
		double r = w * 0.2, cx = x + w - r - 1, cy = y + r + 1;
		char oc[8] = "#ffffff";
		if (c.other < MT_COUNT)
			rgb(oc, type_colours[c.other].bg256);
		fprintf(f,
			"<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" stroke=\"#000\" "
			"stroke-width=\"1\"/>",
			cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy, oc);
	}
	if (c.flags & CF_CHANGED) {
		double sw = w >= 24 ? 3 : w >= 8 ? 2 : 1;
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#000\" "
			   "stroke-width=\"%.0f\"/>",
			x + sw / 2, y + sw / 2, w - sw, w - sw, sw);
	}
	fputs("</g>\n", f);
}

enum { LK_TYPE, LK_BAR, LK_MIXED, LK_CHANGED, LK_FREE };

/* A legend item at (*x, *y): a swatch with its mark, then the text; wraps
 * to a new line past `right`. */
static void legend_item(FILE *f, int *x, int *y, int right, int kind, int type, const char *text)
{
	int tw = (int)(strlen(text) * 10.5) + 52;
	if (*x + tw > right && *x > M) {
		*x = M;
		*y += 34;
	}
	int X = *x, Y = *y;
	char col[8] = "#ffffff", oc[8];
	if (kind == LK_TYPE || kind == LK_BAR)
		rgb(col, type_colours[kind == LK_TYPE ? type : MT_MOVABLE].bg256);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"24\" height=\"24\" fill=\"%s\" stroke=\"#666\"/>", X, Y - 18, col);
	switch (kind) {
	case LK_TYPE:
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%c</text>", X + 5, Y, mtype_letter(type));
		break;
	case LK_BAR:
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"#000\" fill-opacity=\"0.5\"/>", X,
			Y - 4);
		break;
	case LK_MIXED:
		rgb(oc, type_colours[MT_UNMOVABLE].bg256);
		fprintf(f, "<polygon points=\"%d,%d %d,%d %d,%d %d,%d\" fill=\"%s\" stroke=\"#000\"/>", X + 12, Y - 15,
			X + 20, Y - 6, X + 12, Y + 3, X + 4, Y - 6, oc);
		break;
	case LK_CHANGED:
		fprintf(f,
			"<rect x=\"%d\" y=\"%d\" width=\"21\" height=\"21\" fill=\"none\" stroke=\"#000\" stroke-width=\"3\"/>",
			X + 1, Y - 17);
		break;
	case LK_FREE:
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">m</text>", X + 5, Y);
		break;
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\">", X + 32, Y);
	xml_text(f, text);
	fputs("</text>\n", f);
	*x += tw;
}

bool svg_write(FILE *f, const struct app *a, const struct svg_opts *o)
{
	int W = o->width > 0 ? o->width : 1200;
	struct xzone z[ZONE_ID_COUNT];
	int nz = xzones(a, SVG_MAX_CELLS, z);
	int cols[ZONE_ID_COUNT], cs[ZONE_ID_COUNT], rows[ZONE_ID_COUNT];
	for (int i = 0; i < nz; i++) {
		int c = o->cols > 0 ? o->cols : (int)ceil(sqrt((double)z[i].ncells * 2));
		if (c > (int)z[i].ncells)
			c = (int)z[i].ncells;
		if (c < 1)
			c = 1;
		cols[i] = c;
		cs[i] = (W - 2 * M) / c;
		if (cs[i] > 64)
			cs[i] = 64;
		if (cs[i] < 2)
			cs[i] = 2;
		rows[i] = (int)((z[i].ncells + (uint64_t)c - 1) / (uint64_t)c);
	}
	/* The picture: width from the widest zone, height from what is in it. */
	int gridw = 0;
	for (int i = 0; i < nz; i++)
		if (cols[i] * cs[i] > gridw)
			gridw = cols[i] * cs[i];
	if (gridw + 2 * M > W)
		W = gridw + 2 * M;
	const char *cap = xcaption(a);
	int chars = (W - 2 * M) / 11;
	size_t pos = app_pos(a), total = app_total(a);
	char capcol[8];
	rgb(capcol, PALETTE_TEXT256);

	/* The body goes to a buffer first: the height is known at its end. */
	char *body = NULL;
	size_t bodylen = 0;
	FILE *b = open_memstream(&body, &bodylen);
	if (!b)
		return false;
	int y = M + 26;
	fprintf(b, "<text x=\"%d\" y=\"%d\" font-size=\"28\" font-weight=\"bold\">", M, y);
	xml_text(b, a->sc->name);
	fputs("</text>\n", b);
	y += 30;
	char line[512];
	int n = snprintf(line, sizeof(line), "step %zu/%zu", pos, total);
	if (pos > 0) {
		char brief[256];
		app_step_brief(session_step(a->s, pos - 1), brief, sizeof(brief));
		snprintf(line + n, sizeof(line) - (size_t)n, ": %s", brief);
	}
	fprintf(b, "<text class=\"step\" x=\"%d\" y=\"%d\" font-size=\"20\" fill=\"#333\">", M, y);
	xml_text(b, line);
	fputs("</text>\n", b);
	if (cap) {
		char attrs[128];
		snprintf(attrs, sizeof(attrs), "class=\"caption\" font-size=\"20\" font-style=\"italic\" fill=\"%s\"", capcol);
		y += 30;
		int nl = wrap(cap, chars, 6, b, M, y, 26, attrs);
		y += (nl - 1) * 26;
	}
	y += 16;
	for (int i = 0; i < nz; i++) {
		y += 28;
		fprintf(b, "<text class=\"zone\" x=\"%d\" y=\"%d\" font-size=\"20\" font-weight=\"bold\">Zone ", M, y);
		xml_text(b, z[i].name);
		fprintf(b, "<tspan dx=\"10\" font-size=\"16\" font-weight=\"normal\" fill=\"#555\">blocks %" PRIu64 "-%" PRIu64
			   ", %" PRIu64 " block%s per cell</tspan></text>\n",
			z[i].first, z[i].first + z[i].nblocks - 1, (uint64_t)1 << z[i].zoom, z[i].zoom ? "s" : "");
		y += 10;
		fprintf(b, "<g class=\"zone-grid\" data-zone=\"%s\" font-family=\"" FONT "\">\n", z[i].name);
		for (uint64_t k = 0; k < z[i].ncells; k++)
			cell(b, a, &z[i], k, M + (int)(k % (uint64_t)cols[i]) * cs[i], y + (int)(k / (uint64_t)cols[i]) * cs[i],
			     cs[i]);
		fputs("</g>\n", b);
		y += rows[i] * cs[i];
	}
	/* Legend: the profile's types, then the marks. */
	y += 40;
	int x = M;
	fputs("<g class=\"legend\" font-size=\"18\">\n", b);
	for (int i = 0; i < a->ntypes; i++)
		legend_item(b, &x, &y, W - M, LK_TYPE, a->types[i], mtype_name(a->types[i]));
	legend_item(b, &x, &y, W - M, LK_BAR, 0, "used share of the block");
	legend_item(b, &x, &y, W - M, LK_MIXED, 0, "mixed: holds pages of another type (its colour)");
	legend_item(b, &x, &y, W - M, LK_CHANGED, 0, "changed by this step");
	legend_item(b, &x, &y, W - M, LK_FREE, 0, "lowercase: the block is all free");
	fputs("</g>\n", b);
	/* Counters. */
	const int64_t *v = a->cur.st.v;
	y += 36;
	fprintf(b,
		"<text class=\"counters\" x=\"%d\" y=\"%d\" font-size=\"17\" fill=\"#333\">free %" PRId64 " of %" PRId64
		" pages \u00b7 mixed blocks %" PRId64 " \u00b7 fallbacks %" PRId64 " (claims %" PRId64 ", steals %" PRId64
		")</text>\n<text class=\"counters\" x=\"%d\" y=\"%d\" font-size=\"17\" fill=\"#333\">largest free order %"
		PRId64 " \u00b7 unusable index %.3f \u00b7 extfrag index %.3f (order %d)</text>\n",
		M, y, v[STAT_PAGES_FREE], v[STAT_PAGES_TOTAL], v[STAT_MIXED_BLOCKS], v[STAT_FALLBACK_EVENTS],
		v[STAT_CLAIM_EVENTS], v[STAT_STEAL_EVENTS], M, y + 24, v[STAT_LARGEST_FREE_ORDER], v[STAT_UNUSABLE_INDEX] / 1000.0,
		v[STAT_EXTFRAG_INDEX] / 1000.0, a->cfg->pageblock_order);
	y += 24 + M;
	if (fclose(b) != 0) {
		free(body);
		return false;
	}
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"" FONT "\" data-step=\"%zu\" data-steps=\"%zu\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
		W, y, W, y, pos, total);
	fwrite(body, 1, bodylen, f);
	fputs("</svg>\n", f);
	free(body);
	return !ferror(f);
}

int export_svg_cmd(int argc, char **argv)
{
	struct xargs x;
	if (!xargs_parse("svg", argc, argv, XO_STEP | XO_COLS, &x))
		return 2;
	struct app a;
	struct scenario *sc = xload(&x, &a);
	if (!sc)
		return 2;
	size_t total = app_total(&a);
	uint64_t step = x.step == UINT64_MAX ? total : x.step;
	if (step > total) {
		fprintf(stderr, "buddyviz: --step %" PRIu64 " is past the end: %s has %zu steps (0..%zu)\n", step, x.file,
			total, total);
		xunload(sc, &a);
		return 2;
	}
	FILE *f = xopen_out(x.out);
	if (!f) {
		xunload(sc, &a);
		return 2;
	}
	app_goto(&a, (size_t)step, 0);
	struct svg_opts o = { x.cols, x.width };
	bool ok = svg_write(f, &a, &o);
	ok = xclose_out(f, x.out) && ok;
	xunload(sc, &a);
	return ok ? 0 : 2;
}

/* A file name from the scenario's file name: its stem, or "default". */
static void stem_of(const struct app *a, char *buf, size_t n)
{
	const char *p = a->sc->path ? a->sc->path : "";
	const char *s = strrchr(p, '/');
	s = s ? s + 1 : p;
	size_t len = strcspn(s, ".");
	if (!len || s[0] == '(') {
		s = "default";
		len = 7;
	}
	size_t j = 0;
	for (size_t i = 0; i < len && j + 1 < n; i++) {
		char c = s[i];
		buf[j++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_';
	}
	buf[j] = 0;
}

bool svg_save(const struct app *a, const char *dir, char *name, size_t namelen, char *err, size_t errlen)
{
	char stem[64], path[4096];
	stem_of(a, stem, sizeof(stem));
	int fd = -1;
	for (int k = 1; k < 1000 && fd < 0; k++) {
		if (k == 1)
			snprintf(name, namelen, "buddyviz-%s-step%zu.svg", stem, app_pos(a));
		else
			snprintf(name, namelen, "buddyviz-%s-step%zu-%d.svg", stem, app_pos(a), k);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
			return false;
		}
	}
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	struct svg_opts o = { 0, 0 };
	bool ok = svg_write(f, a, &o);
	int e = errno;
	if (fclose(f) != 0 || !ok) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(ok ? errno : e));
		unlink(path);
		return false;
	}
	return true;
}
