/* Plots over the steps so far (view model, no curses): one sparkline per
 * row for free pages, mixed blocks, claims, steals and each zone's unusable
 * index, from app->samples[0..pos]. When there are more steps than columns
 * each column shows the largest value of its steps. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "view_int.h"

enum { PLOT_FREE, PLOT_MIXED, PLOT_CLAIMS, PLOT_STEALS, PLOT_ZONE0 };

static int64_t plot_value(const struct sample *s, int which)
{
	switch (which) {
	case PLOT_FREE: return (int64_t)s->free_pages;
	case PLOT_MIXED: return s->mixed;
	case PLOT_CLAIMS: return (int64_t)s->claims;
	case PLOT_STEALS: return (int64_t)s->steals;
	default: return s->unusable[which - PLOT_ZONE0];
	}
}

int view_plot_rows(const struct app *a)
{
	int zones = a->nzones < 3 ? a->nzones : 3;
	return 1 + PLOT_ZONE0 + zones;
}

/* The glyph level (0..8) of v between lo and hi. */
static int level(int64_t v, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return v > 0 ? 4 : 0;
	int64_t l = (v - lo) * 8 / (hi - lo);
	if (v > lo && l == 0)
		l = 1;
	return (int)(l < 0 ? 0 : l > 8 ? 8 : l);
}

int build_plots(struct view *v, const struct app *a, int row, int end)
{
	static const char *const bars_utf8[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char *const bars_ascii[] = { " ", ".", ".", "-", "-", "=", "=", "#", "#" };
	if (row >= end || !a->samples)
		return row;
	size_t n = app_pos(a) + 1;
	struct view_row *r = &v->rows[row++];
	row_reset(r, ROW_TEXT, ROLE_NORMAL);
	row_printf(r, ROLE_HEAD, "Over the steps 0-%zu", n - 1);
	row_put(r, ROLE_DIM, " (p hides; left to right, the largest value of each step)");
	int labw = 22, valw = 9;
	int width = v->w - labw - valw - 1;
	if (width < 8)
		return row;
	int nrows = view_plot_rows(a) - 1;
	for (int which = 0; which < nrows && row < end; which++) {
		char label[64];
		if (which >= PLOT_ZONE0)
			snprintf(label, sizeof(label), "%s unusable(%d)", a->zones[which - PLOT_ZONE0].name,
				 a->cfg->pageblock_order);
		else
			snprintf(label, sizeof(label), "%s",
				 which == PLOT_FREE    ? "free pages"
				 : which == PLOT_MIXED ? "mixed blocks"
				 : which == PLOT_CLAIMS ? "claims (total)"
							: "steals (total)");
		int64_t lo = INT64_MAX, hi = INT64_MIN;
		for (size_t i = 0; i < n; i++) {
			int64_t x = plot_value(&a->samples[i], which);
			lo = x < lo ? x : lo;
			hi = x > hi ? x : hi;
		}
		if (which != PLOT_FREE && lo > 0)
			lo = 0;
		r = &v->rows[row++];
		row_reset(r, ROW_TEXT, ROLE_NORMAL);
		row_putn(r, ROLE_LABEL, label, (size_t)-1, labw - 1);
		row_pad_to(r, ROLE_NORMAL, labw);
		/* Few steps: each gets several columns (at most 6). */
		int rep = n < (size_t)width ? (int)((size_t)width / n) : 1;
		if (rep > 6)
			rep = 6;
		int cols = n < (size_t)width ? (int)n : width;
		char bar[8 * 1024];
		size_t bl = 0;
		for (int c = 0; c < cols; c++) {
			size_t s0 = (size_t)((uint64_t)c * n / (uint64_t)cols), s1 = (size_t)((uint64_t)(c + 1) * n / (uint64_t)cols);
			int64_t m = INT64_MIN;
			for (size_t i = s0; i < s1 || i == s0; i++)
				if (i < n) {
					int64_t x = plot_value(&a->samples[i], which);
					m = x > m ? x : m;
				}
			const char *g = (v->utf8 ? bars_utf8 : bars_ascii)[level(m, lo, hi)];
			size_t gl = strlen(g);
			for (int k = 0; k < rep && bl + gl < sizeof(bar); k++) {
				memcpy(bar + bl, g, gl);
				bl += gl;
			}
		}
		bar[bl] = 0;
		row_put(r, which >= PLOT_ZONE0 ? ROLE_CAPTION : ROLE_EVENT_FN, bar);
		char val[32];
		int64_t now = plot_value(&a->samples[n - 1], which);
		if (which >= PLOT_ZONE0)
			fmt_index((int)now, val, sizeof(val));
		else
			snprintf(val, sizeof(val), "%" PRId64, now);
		row_put_right(r, ROLE_NORMAL, val, v->w);
	}
	return row;
}
