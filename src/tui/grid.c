/* The grid's geometry (per-zone levels, fitting, cursor motion) and the
 * painting of its cells as codes (grid.h). Plain C, no curses. */
#include <string.h>

#include "grid.h"
#include "view_int.h"

static int pow2_floor(uint64_t v)
{
	int p = 1;
	while ((uint64_t)p * 2 <= v && p < (1 << 14))
		p *= 2;
	return p;
}

/* Cell width and gap when `cols` cells share `avail` columns. */
static void cell_size(int avail, int cols, int *cw, int *gap)
{
	int per = avail / cols;
	*gap = per >= 3 ? 1 : 0;
	*cw = per - *gap;
	if (*cw > GRID_CW_MAX)
		*cw = GRID_CW_MAX;
	if (*cw < 1)
		*cw = 1;
}

int grid_levels(uint64_t n, int width, int labelw, struct grid_level *out, int max)
{
	/* One column is kept free after the cells for the cursor's frame. */
	int avail = width - labelw - 1;
	if (avail < 1)
		avail = 1;
	int c0 = pow2_floor((uint64_t)avail);
	if (c0 > 256)
		c0 = 256;
	if (n == 0)
		n = 1;
	int cnt = 0;
	/* Zoomed out: the smallest k whose cells fit one row, down to 1. */
	int kmax = 0;
	while (((n + (1ull << kmax) - 1) >> kmax) > (uint64_t)c0 && kmax < 40)
		kmax++;
	for (int k = kmax; k >= 1 && cnt < max; k--) {
		uint64_t cells = (n + (1ull << k) - 1) >> k;
		int cols = cells < (uint64_t)c0 ? (int)cells : c0;
		int cw, gap;
		cell_size(avail, cols, &cw, &gap);
		if (cols == c0)
			cw = 1, gap = 0;
		out[cnt++] = (struct grid_level){ (uint8_t)k, (uint16_t)cols, (uint8_t)cw, 1, (uint8_t)gap };
	}
	/* One block per cell: fewer columns, wider and taller cells, in
	 * the order of their area; no cell wider than GRID_CW_MAX. */
	int cols = n < (uint64_t)c0 ? (int)n : c0;
	int first0 = cnt;
	for (;;) {
		int cw, gap;
		cell_size(avail, cols, &cw, &gap);
		if (cols == c0 && (uint64_t)c0 < n)
			cw = 1, gap = 0;
		if (cnt > first0 && avail / cols - gap > GRID_CW_MAX)
			break;
		int chmax = cw / 3;
		if (chmax > GRID_CH_MAX)
			chmax = GRID_CH_MAX;
		if (chmax < 1)
			chmax = 1;
		for (int ch = 1; ch <= chmax && cnt < max; ch++)
			out[cnt++] = (struct grid_level){ 0, (uint16_t)cols, (uint8_t)cw, (uint8_t)ch, (uint8_t)gap };
		if (cw >= GRID_CW_MAX || cols == 1 || cnt >= max)
			break;
		cols = cols & (cols - 1) ? pow2_floor((uint64_t)cols) : cols / 2;
	}
	for (int i = first0 + 1; i < cnt; i++)
		for (int j = i; j > first0; j--) {
			struct grid_level *p = &out[j - 1], *q = &out[j];
			int ap = p->cw * p->ch, aq = q->cw * q->ch;
			if (ap < aq || (ap == aq && p->cw <= q->cw))
				break;
			struct grid_level tmp = *p;
			*p = *q;
			*q = tmp;
		}
	return cnt;
}

static void zone_apply(struct grid_zone *z, const struct grid_level *l)
{
	z->zoom = l->zoom;
	z->cols = l->cols;
	z->cw = l->cw;
	z->ch = l->ch;
	z->gap = l->gap;
	z->vgap = l->ch > 1 ? 1 : 0;
	z->rowh = z->ch + z->vgap;
	z->ncells = (z->nblocks + (1ull << z->zoom) - 1) >> z->zoom;
	z->nrows = (z->ncells + (uint64_t)z->cols - 1) / (uint64_t)z->cols;
}

static uint64_t zone_lines(const struct grid_zone *z)
{
	return 1 + z->nrows * (uint64_t)z->rowh - (uint64_t)z->vgap;
}

static void finish(struct grid_layout *g)
{
	uint64_t line = 0;
	for (int i = 0; i < g->nzones; i++) {
		g->z[i].line = line;
		line += zone_lines(&g->z[i]);
	}
	g->nlines = line;
}

static void layout_start(const struct app *a, int width, struct grid_layout *g)
{
	memset(g, 0, sizeof(*g));
	g->width = width;
	g->labelw = digits(a->nblocks ? a->nblocks - 1 : 0) + 1;
	g->nzones = a->nzones;
	for (int i = 0; i < a->nzones; i++) {
		g->z[i].first = a->zones[i].first_block;
		g->z[i].nblocks = a->zones[i].nblocks;
	}
}

void grid_layout_fit(const struct app *a, int width, int rows, const int *level, struct grid_layout *g)
{
	layout_start(a, width, g);
	struct grid_level lv[ZONE_ID_COUNT][GRID_LEVELS_MAX];
	bool fixed[ZONE_ID_COUNT];
	for (int i = 0; i < g->nzones; i++) {
		struct grid_zone *z = &g->z[i];
		z->nlevels = grid_levels(z->nblocks, width, g->labelw, lv[i], GRID_LEVELS_MAX);
		fixed[i] = level && level[i] >= 0;
		z->level = fixed[i] ? level[i] : z->nlevels - 1;
		if (z->level >= z->nlevels)
			z->level = z->nlevels - 1;
		zone_apply(z, &lv[i][z->level]);
	}
	/* Shrink the zone that uses most lines until all fit. */
	for (;;) {
		uint64_t total = 0, most = 0;
		int pick = -1;
		for (int i = 0; i < g->nzones; i++) {
			uint64_t n = zone_lines(&g->z[i]);
			total += n;
			if (!fixed[i] && g->z[i].level > 0 && n >= most) {
				most = n;
				pick = i;
			}
		}
		if (total <= (uint64_t)(rows > 0 ? rows : 0) || pick < 0)
			break;
		struct grid_zone *z = &g->z[pick];
		z->level--;
		zone_apply(z, &lv[pick][z->level]);
	}
	finish(g);
}

void grid_layout_make(const struct app *a, int width, int zoom, struct grid_layout *g)
{
	layout_start(a, width, g);
	for (int i = 0; i < g->nzones; i++) {
		struct grid_level lv[GRID_LEVELS_MAX];
		struct grid_zone *z = &g->z[i];
		z->nlevels = grid_levels(z->nblocks, width, g->labelw, lv, GRID_LEVELS_MAX);
		z->level = 0;
		for (int k = 0; k < z->nlevels; k++)
			if (lv[k].zoom == zoom) {
				z->level = k;
				break;
			}
		zone_apply(z, &lv[z->level]);
	}
	finish(g);
}

int grid_zone_of(const struct grid_layout *g, uint64_t block)
{
	for (int z = g->nzones - 1; z > 0; z--)
		if (block >= g->z[z].first)
			return z;
	return 0;
}

int grid_zoom_at(const struct grid_layout *g, uint64_t block)
{
	return g->nzones ? g->z[grid_zone_of(g, block)].zoom : 0;
}

void grid_locate(const struct grid_layout *g, uint64_t block, uint64_t *line, int *col)
{
	const struct grid_zone *z = &g->z[grid_zone_of(g, block)];
	uint64_t cell = (block - z->first) >> z->zoom;
	*line = z->line + 1 + cell / (uint64_t)z->cols * (uint64_t)z->rowh;
	*col = (int)(cell % (uint64_t)z->cols);
}

bool grid_block_at(const struct grid_layout *g, uint64_t line, int col, uint64_t *block)
{
	for (int i = g->nzones - 1; i >= 0; i--) {
		const struct grid_zone *z = &g->z[i];
		if (line < z->line)
			continue;
		if (line == z->line || col < 0 || col >= z->cols)
			return false;
		uint64_t off = line - z->line - 1;
		if (off % (uint64_t)z->rowh >= (uint64_t)z->ch)
			return false;
		uint64_t cell = off / (uint64_t)z->rowh * (uint64_t)z->cols + (uint64_t)col;
		if (cell >= z->ncells)
			return false;
		*block = z->first + (cell << z->zoom);
		return true;
	}
	return false;
}

bool grid_block_at_x(const struct grid_layout *g, uint64_t line, int x, uint64_t *block)
{
	for (int i = g->nzones - 1; i >= 0; i--) {
		const struct grid_zone *z = &g->z[i];
		if (line < z->line)
			continue;
		int per = z->cw + z->gap;
		if (x < 0 || x % per < z->gap)
			return false;
		return grid_block_at(g, line, x / per, block);
	}
	return false;
}

uint64_t grid_move(const struct grid_layout *g, uint64_t block, int dx, int dy)
{
	int zi = grid_zone_of(g, block);
	const struct grid_zone *z = &g->z[zi];
	uint64_t cell = (block - z->first) >> z->zoom;
	if (dx > 0) {
		uint64_t step = (uint64_t)dx;
		while (step) {
			uint64_t left = g->z[zi].ncells - 1 - cell;
			if (step <= left) {
				cell += step;
				step = 0;
			} else if (zi + 1 < g->nzones) {
				step -= left + 1;
				zi++;
				cell = 0;
			} else {
				cell = g->z[zi].ncells - 1;
				step = 0;
			}
		}
		return g->z[zi].first + (cell << g->z[zi].zoom);
	}
	if (dx < 0) {
		uint64_t step = (uint64_t)-dx;
		while (step) {
			if (step <= cell) {
				cell -= step;
				step = 0;
			} else if (zi > 0) {
				step -= cell + 1;
				zi--;
				cell = g->z[zi].ncells - 1;
			} else {
				cell = 0;
				step = 0;
			}
		}
		return g->z[zi].first + (cell << g->z[zi].zoom);
	}
	/* Rows, across zones; the column is kept where the row has it. */
	int col = (int)(cell % (uint64_t)z->cols);
	uint64_t row = cell / (uint64_t)z->cols;
	int n = dy > 0 ? dy : -dy;
	for (int i = 0; i < n; i++) {
		if (dy > 0) {
			if (row + 1 < g->z[zi].nrows)
				row++;
			else if (zi + 1 < g->nzones)
				zi++, row = 0;
			else
				break;
		} else {
			if (row > 0)
				row--;
			else if (zi > 0)
				zi--, row = g->z[zi].nrows - 1;
			else
				break;
		}
	}
	const struct grid_zone *t = &g->z[zi];
	int c = col < t->cols ? col : t->cols - 1;
	uint64_t nc = row * (uint64_t)t->cols + (uint64_t)c;
	if (nc >= t->ncells)
		nc = t->ncells - 1;
	return t->first + (nc << t->zoom);
}

/* ---- painting ----------------------------------------------------------------- */

static uint8_t content_code(const struct view_cell *c, int cw, int ch, int sub, int j)
{
	if (cw == 1)
		return P_NARROW;
	/* Overlay marks on the last line, from the third column. */
	int mline = ch > 1 ? ch - 1 : 0;
	if (c->marks && sub == mline) {
		int pos = 2;
		for (int m = 0; m < GM_COUNT; m++)
			if (c->marks & (1u << m)) {
				if (j == pos && pos < cw - 1)
					return (uint8_t)(P_MARK0 + m);
				pos++;
			}
	}
	/* Cells too narrow for the row of marks: the first mark in the
	 * last column. */
	if (c->marks && sub == mline && cw < 4 && j == cw - 1 && j > 0) {
		int m = 0;
		while (!(c->marks & (1u << m)))
			m++;
		return (uint8_t)(P_MARK0 + m);
	}
	if (sub == 0) {
		if (j == 0)
			return P_LETTER;
		if (j == cw - 1 && (c->flags & CF_MIXED))
			return P_MIXED;
		if (j == 1 && (c->flags & CF_CHANGED) && (cw >= 3 || !(c->flags & CF_MIXED)))
			return P_CHANGED;
		if (j == 2 && (c->flags & CF_PCP) && cw >= 4)
			return P_PCP;
	}
	int fc = 0;
	if (c->flags & CF_USED) {
		fc = (c->fill8 * cw + 254) / 255;
		/* At least one column past the letter shows it. */
		int least = cw >= 4 ? 2 : 1;
		if (fc < least)
			fc = least;
		if (c->fill8 < 255 && fc >= cw)
			fc = cw - 1;
	}
	return j < fc ? P_USED : P_FREE;
}

int grid_paint_row(const struct view_row *r, uint8_t *code, int16_t *cell, int max)
{
	int x = 0;
	int cw = r->cw ? r->cw : 1, gap = r->gap;
	for (int k = 0; k < r->ncells; k++) {
		const struct view_cell *c = &r->cells[k];
		for (int i = 0; i < gap && x < max; i++, x++) {
			bool here = c->flags & CF_CURSOR, before = k > 0 && (r->cells[k - 1].flags & CF_CURSOR);
			code[x] = here ? P_FRAME_L : before ? P_FRAME_R : P_GAP;
			cell[x] = (int16_t)(here ? k : before ? k - 1 : -1);
		}
		for (int j = 0; j < cw && x < max; j++, x++) {
			code[x] = content_code(c, cw, r->ch ? r->ch : 1, r->sub, j);
			cell[x] = (int16_t)k;
		}
	}
	if (gap && r->ncells && (r->cells[r->ncells - 1].flags & CF_CURSOR) && x < max) {
		code[x] = P_FRAME_R;
		cell[x++] = (int16_t)(r->ncells - 1);
	}
	return x;
}
