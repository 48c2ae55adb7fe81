/* `buddyviz html`: one self-contained page that replays a scenario step by
 * step in a browser (export.h). Nothing is fetched: the CSS, the script
 * (html_page.c) and the data are inline. The data is one JSON object: the
 * cells at the boot state, then per step the cells that changed (as
 * [cell, code, ...] pairs), the cells marked as changed, the step's
 * description, caption, events (the TUI log's sentences, at most
 * HTML_EVENTS a step; none for say, pause and expect, whose page shows the
 * events of the step before, as the TUI does) and counters. A cell code packs the type (bits
 * 0-2), the foreign type it holds most of (bits 3-5, 7 = none), mixed
 * (bit 6) and the used share in percent (bits 7-13). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine/event.h"
#include "engine/session.h"
#include "engine/step.h"
#include "export.h"
#include "model.h"
#include "scenario/scenario.h"
#include "tui/palette.h"

#define HTML_MAX_CELLS 16384    /* all zones together; more blocks share a cell */
#define HTML_EVENTS 100         /* the last events of a step kept in the page */
#define HTML_BIG (32L << 20)    /* a page this big gets a warning */

extern const char html_page_head[], html_page_tail[];

static unsigned cell_code(const struct app *a, const struct xzone *z, uint64_t k, bool *changed)
{
	struct view_cell c;
	view_block_cell(a, z->first + (k << z->zoom), 1ull << z->zoom, 0, &c);
	unsigned pct = c.flags & CF_USED ? (c.fill8 * 100u + 254) / 255 : 0;
	unsigned other = c.other < MT_COUNT ? c.other : 7;
	*changed = (c.flags & CF_CHANGED) != 0;
	return c.type | other << 3 | ((c.flags & CF_MIXED) ? 1u << 6 : 0) | pct << 7;
}

/* Per zone: free chunks per order and blocks per type, as the panel shows them. */
static void counters(FILE *f, const struct app *a)
{
	const int64_t *v = a->cur.st.v;
	fputs(",\"k\":[", f);
	for (int i = 0; i < STAT_COUNT; i++)
		fprintf(f, "%s%" PRId64, i ? "," : "", v[i]);
	fputs("],\"z\":[", f);
	for (int z = 0; z < a->nzones; z++) {
		fprintf(f, "%s{\"f\":[", z ? "," : "");
		for (int o = 0; o <= a->cfg->max_order; o++)
			fprintf(f, "%s%" PRIu64, o ? "," : "", a->cur.nr_free[z][o]);
		fputs("],\"t\":[", f);
		for (int i = 0; i < a->ntypes; i++) {
			int t = a->types[i];
			fprintf(f, "%s[", i ? "," : "");
			for (int o = 0; o <= a->cfg->max_order; o++)
				fprintf(f, "%s%" PRIu64, o ? "," : "", a->cur.list[z][o][t]);
			fprintf(f, ",%" PRIu64 "]", a->cur.blocks[z][t]);
		}
		fputs("]}", f);
	}
	fputc(']', f);
}

static void expects(FILE *f, const struct app *a);

/* The step just run: its events (the last HTML_EVENTS of them) and failed expects. */
static void events(FILE *f, const struct app *a)
{
	uint64_t b, e;
	session_last_events(a->s, &b, &e);
	fprintf(f, ",\"en\":%" PRIu64 ",\"e\":[", e - b);
	uint64_t from = e - b > HTML_EVENTS ? e - HTML_EVENTS : b;
	bool first = true;
	for (uint64_t q = from; q < e; q++) {
		const struct event *ev = machine_event(a->m, q);
		if (!ev)
			continue;
		char buf[1024];
		event_format(a->m, ev, buf, sizeof(buf));
		if (!first)
			fputc(',', f);
		json_str(f, buf, strlen(buf));
		first = false;
	}
	fputc(']', f);
	expects(f, a);
}

/* The step's failed expects, as `run` words them. */
static void expects(FILE *f, const struct app *a)
{
	const struct step_result *r = session_last_result(a->s);
	if (r->nexpect_failed) {
		fputs(",\"x\":[", f);
		for (size_t i = 0; i < r->nexpect_failed; i++) {
			char buf[256];
			const struct expect_failure *x = &r->expect_failed[i];
			snprintf(buf, sizeof(buf), "expect failed: %s: expected %lld, got %lld", stat_name(x->item->key),
				 (long long)x->item->value, (long long)x->got);
			if (i)
				fputc(',', f);
			json_str(f, buf, strlen(buf));
		}
		fputc(']', f);
	}
}

/* One frame: the cells that differ from `shown` (updated), the changed marks. */
static void frame(FILE *f, const struct app *a, const struct xzone *z, int nz, unsigned *shown, bool full,
		  uint64_t *nchanged)
{
	fputs(full ? "\"s\":[" : "\"d\":[", f);
	bool first = true;
	size_t idx = 0;
	char *chg = NULL;
	size_t chglen = 0;
	FILE *cf = open_memstream(&chg, &chglen);
	*nchanged = 0;
	for (int i = 0; i < nz; i++)
		for (uint64_t k = 0; k < z[i].ncells; k++, idx++) {
			bool ch;
			unsigned code = cell_code(a, &z[i], k, &ch);
			if (full)
				fprintf(f, "%s%u", first ? "" : ",", code);
			else if (code != shown[idx])
				fprintf(f, "%s%zu,%u", first ? "" : ",", idx, code);
			if (full || code != shown[idx])
				first = false;
			shown[idx] = code;
			if (ch && cf) {
				fprintf(cf, "%s%zu", *nchanged ? "," : "", idx);
				++*nchanged;
			}
		}
	fputc(']', f);
	if (cf) {
		fclose(cf);
		fprintf(f, ",\"c\":[%s]", chg ? chg : "");
		free(chg);
	}
}

static void write_data(FILE *f, struct app *a, const struct xzone *z, int nz, unsigned *shown)
{
	const struct scenario *sc = a->sc;
	fputs("{\"name\":", f);
	json_str(f, sc->name, strlen(sc->name));
	fputs(",\"description\":", f);
	json_str(f, sc->description ? sc->description : "", sc->description ? strlen(sc->description) : 0);
	fprintf(f, ",\"nsteps\":%zu,\"maxo\":%d,\"pbo\":%d,\"block_pages\":%u,\"types\":[", app_total(a),
		a->cfg->max_order, a->cfg->pageblock_order, a->block_pages);
	for (int i = 0; i < a->ntypes; i++)
		fprintf(f, "%s%d", i ? "," : "", a->types[i]);
	fputs("],\"mt\":[", f);
	for (int t = 0; t < MT_COUNT; t++)
		fprintf(f, "%s{\"name\":\"%s\",\"letter\":\"%c\",\"rgb\":\"#%06" PRIx32 "\"}", t ? "," : "", mtype_name(t),
			mtype_letter(t), xterm256_rgb(type_colours[t].bg256));
	fprintf(f, "],\"caption_rgb\":\"#%06" PRIx32 "\",\"stats\":[", xterm256_rgb(PALETTE_TEXT256));
	for (int i = 0; i < STAT_COUNT; i++)
		fprintf(f, "%s\"%s\"", i ? "," : "", stat_name(i));
	fputs("],\"zones\":[", f);
	for (int i = 0; i < nz; i++) {
		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		json_str(f, z[i].name, strlen(z[i].name));
		fprintf(f, ",\"first\":%" PRIu64 ",\"nblocks\":%" PRIu64 ",\"ncells\":%" PRIu64 ",\"zoom\":%d}", z[i].first,
			z[i].nblocks, z[i].ncells, z[i].zoom);
	}
	fputs("],\"frames\":[\n{", f);
	uint64_t nch;
	frame(f, a, z, nz, shown, true, &nch);
	fputs(",\"b\":\"boot state\",\"cap\":", f);
	const char *cap = xcaption(a);
	json_str(f, cap ? cap : "", cap ? strlen(cap) : 0);
	counters(f, a);
	fputs(",\"en\":0,\"e\":[]}", f);
	const char *last_cap = cap;
	while (app_pos(a) < app_total(a)) {
		if (!app_forward(a, 0))
			break;
		fputs(",\n{", f);
		frame(f, a, z, nz, shown, false, &nch);
		char brief[256];
		app_step_brief(session_step(a->s, app_pos(a) - 1), brief, sizeof(brief));
		fputs(",\"b\":", f);
		json_str(f, brief, strlen(brief));
		cap = xcaption(a);
		if (cap != last_cap) {   /* the caption only when it changes */
			fputs(",\"cap\":", f);
			json_str(f, cap ? cap : "", cap ? strlen(cap) : 0);
			last_cap = cap;
		}
		if (app_caption_is_ahead(a))
			fputs(",\"ahead\":1", f);
		counters(f, a);
		/* say, pause and expect change nothing: the page shows the
		 * events of the last step that ran before them, as the TUI does. */
		int kind = session_step(a->s, app_pos(a) - 1)->kind;
		if (kind != STEP_SAY && kind != STEP_PAUSE && kind != STEP_EXPECT)
			events(f, a);
		else if (session_last_result(a->s)->nexpect_failed)
			expects(f, a);
		fputc('}', f);
	}
	fputs("]}", f);
}

int export_html_cmd(int argc, char **argv)
{
	struct xargs x;
	if (!xargs_parse("html", argc, argv, 0, &x))
		return 2;
	struct app a;
	struct scenario *sc = xload(&x, &a);
	if (!sc)
		return 2;
	struct xzone z[ZONE_ID_COUNT];
	int nz = xzones(&a, HTML_MAX_CELLS / (a.nzones ? a.nzones : 1), z);
	uint64_t ncells = 0;
	for (int i = 0; i < nz; i++) {
		ncells += z[i].ncells;
		if (z[i].zoom)
			fprintf(stderr, "buddyviz: html: zone %s has %" PRIu64 " blocks: the page shows %" PRIu64
					" blocks per cell\n",
				z[i].name, z[i].nblocks, (uint64_t)1 << z[i].zoom);
	}
	unsigned *shown = calloc(ncells ? ncells : 1, sizeof(*shown));
	FILE *f = shown ? xopen_out(x.out) : NULL;
	if (!f) {
		if (!shown)
			fprintf(stderr, "buddyviz: out of host memory\n");
		free(shown);
		xunload(sc, &a);
		return 2;
	}
	fputs(html_page_head, f);
	fputs("<title>", f);
	xml_text(f, sc->name);
	fputs(" - buddyviz replay</title>\n", f);
	fputs("<script id=\"data\" type=\"application/json\">", f);
	write_data(f, &a, z, nz, shown);
	fputs("</script>\n", f);
	fputs(html_page_tail, f);
	long size = f != stdout ? ftell(f) : -1;
	if (size > HTML_BIG)
		fprintf(stderr, "buddyviz: html: the page is %ld MiB; a browser may take a while to open it\n",
			size >> 20);
	free(shown);
	bool ok = xclose_out(f, x.out);
	xunload(sc, &a);
	return ok ? 0 : 2;
}
