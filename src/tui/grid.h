/* The grid's geometry and the painting of its cells, as plain data.
 *
 * Each zone has its own scale, a "level" in a list that runs from many
 * blocks per one-column cell (zoomed out) through one block per column to
 * wide, tall cells (several columns and rows, with a gap column between
 * cells), so that a 16 MiB zone is readable next to a 16 GiB one and a
 * small zone fills the space the panels leave. `+`/`-` walk that list.
 *
 * Virtual lines run over all zones: each zone has its label line, then its
 * cell rows (a cell row is `ch` lines, plus one blank line between rows
 * when cells are taller than one line).
 *
 * grid_paint_row() turns one screen line of cells into per-column paint
 * codes (letter, used, free, mixed mark, changed mark, cursor frame,
 * overlay marks); draw.c maps codes to glyphs and colours. Unit tests read
 * both without a terminal.
 */
#ifndef BUDDYVIZ_TUI_GRID_H
#define BUDDYVIZ_TUI_GRID_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/machine.h"

#define GRID_CW_MAX 24         /* widest cell (columns) */
#define GRID_CH_MAX 6          /* tallest cell (lines) */
#define GRID_LEVELS_MAX 128

struct grid_level {
	uint8_t zoom;          /* a cell = 2^zoom blocks */
	uint16_t cols;         /* cells per row */
	uint8_t cw, ch, gap;   /* cell columns, lines, gap columns before each */
};

struct grid_zone {
	uint64_t first, nblocks, ncells, nrows;
	uint64_t line;         /* virtual line of the zone's label */
	int level, nlevels;    /* index into its level list, list length */
	int zoom, cols, cw, ch, gap, vgap;
	int rowh;              /* lines per cell row: ch + vgap */
};

struct grid_layout {
	int width;             /* columns of the grid area */
	int labelw;            /* digits + one space */
	int nzones;
	struct grid_zone z[ZONE_ID_COUNT];
	uint64_t nlines;
};

struct app;

/* The levels of a zone of n blocks in `width` columns (label included),
 * smallest cells first; returns how many (at least 1). */
int grid_levels(uint64_t n, int width, int labelw, struct grid_level *out, int max);

/* Lays out every zone. level[z] >= 0 fixes a zone's level (clamped);
 * -1 lets it be fitted: the largest cells with which all zones fit in
 * `rows` lines, shrinking first the zone that uses most lines. */
void grid_layout_fit(const struct app *a, int width, int rows, const int *level, struct grid_layout *g);
/* All zones at one level relative to their first zoom-0 level (tests). */
void grid_layout_make(const struct app *a, int width, int zoom, struct grid_layout *g);

int grid_zone_of(const struct grid_layout *g, uint64_t block);
/* Cell position of a block: virtual line of its cell row's first line, and
 * the cell's column index. */
void grid_locate(const struct grid_layout *g, uint64_t block, uint64_t *line, int *col);
/* The block of a cell (its first block) at a virtual line and a cell
 * column; false on a label line, a gap line or past a zone. */
bool grid_block_at(const struct grid_layout *g, uint64_t line, int col, uint64_t *block);
/* The same from a screen column x (0 = first column after the label). */
bool grid_block_at_x(const struct grid_layout *g, uint64_t line, int x, uint64_t *block);
/* Moves the cursor by cells (dx) or cell rows (dy), staying on cells. */
uint64_t grid_move(const struct grid_layout *g, uint64_t block, int dx, int dy);
/* Blocks per cell of the zone holding `block`. */
int grid_zoom_at(const struct grid_layout *g, uint64_t block);

/* Overlay marks: what later features draw on cells over the fill
 * (compaction's scanners, isolated pages, migration destinations).
 *   X(enum, ASCII glyph, UTF-8 glyph, legend word) */
#define GRID_MARKS(X)                                              \
	X(GM_SCAN_MIGRATE, ">", "\u25b6", "migrate scanner")     \
	X(GM_SCAN_FREE, "<", "\u25c0", "free scanner")           \
	X(GM_ISOLATED, "~", "\u223c", "isolated source")         \
	X(GM_DEST, "^", "\u25b2", "migration target")           \
	X(GM_SCANNING, "@", "\u25c9", "block just scanned")     \
	X(GM_SKIP, "/", "\u2298", "skip bit set")

enum grid_mark {
#define GM_ENUM(e, a, u, w) e,
	GRID_MARKS(GM_ENUM)
#undef GM_ENUM
	GM_COUNT
};

struct grid_overlay {
	uint64_t block;
	uint8_t mark;          /* enum grid_mark */
};

/* Paint codes of one screen column of a cell line. */
enum paint_code {
	P_BLANK,               /* past the cells */
	P_GAP,                 /* between cells */
	P_FRAME_L, P_FRAME_R,  /* the cursor's frame, in the gaps */
	P_NARROW,              /* a one-column cell: everything in one glyph */
	P_LETTER,              /* the type's letter (first column, first line) */
	P_USED, P_FREE,        /* the fill bar: allocated share from the left */
	P_MIXED,               /* mixed mark (top right), survives a full cell */
	P_CHANGED,             /* changed by the last step */
	P_PCP,                 /* '%': the block has pages on per-cpu lists */
	P_MARK0,               /* + enum grid_mark */
};

struct view_row;
/* Paint codes of a cell row, one per column after the label: code[x] and
 * cell[x] (index into r->cells, -1 for none). Returns the columns used. */
int grid_paint_row(const struct view_row *r, uint8_t *code, int16_t *cell, int max);

#endif
