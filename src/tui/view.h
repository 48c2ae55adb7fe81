/* The screen as plain data: rows of text segments with roles, and rows of
 * cells (one per pageblock, or per page in the block detail). Built from
 * the model (app.h) and the interface state (struct ui) without curses;
 * draw.c maps roles to colours and attributes and puts it on the terminal.
 *
 * Per-frame work grows with the cells shown (and the blocks behind them at
 * a zoom), never with pages.
 */
#ifndef BUDDYVIZ_TUI_VIEW_H
#define BUDDYVIZ_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "grid.h"
#include "keys.h"

#define VIEW_MIN_W 80
#define VIEW_MIN_H 24

/* Roles: what a piece of the screen is. One theme table (draw.c) gives
 * each a colour pair and a monochrome attribute. The type roles follow
 * enum migratetype. */
#define VIEW_ROLES(X)                                                      \
	X(ROLE_NORMAL)   X(ROLE_TITLE)   X(ROLE_CAPTION) X(ROLE_ZONE)        \
	X(ROLE_LABEL)    X(ROLE_DIM)     X(ROLE_HEAD)    X(ROLE_CHANGED)     \
	X(ROLE_EVENT_FN) X(ROLE_DECISION) X(ROLE_STATUS) X(ROLE_ERROR)      \
	X(ROLE_OK)       X(ROLE_KEY)     X(ROLE_NOTICE)  X(ROLE_RUN)         \
	X(ROLE_CMDLINE)                                                      \
	X(ROLE_T_UNMOVABLE) X(ROLE_T_MOVABLE) X(ROLE_T_RECLAIMABLE)          \
	X(ROLE_T_HIGHATOMIC) X(ROLE_T_CMA) X(ROLE_T_ISOLATE)

enum view_role {
#define ROLE_ENUM(r) r,
	VIEW_ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE_COUNT
};
#define ROLE_TYPE(mt) (ROLE_T_UNMOVABLE + (mt))

enum cell_kind { CELL_NONE, CELL_BLOCK, CELL_PAGE };
enum {
	CF_USED = 1 << 0,      /* some page allocated */
	CF_MIXED = 1 << 1,     /* block: holds another type's pages; page: asked type != block type */
	CF_CHANGED = 1 << 2,   /* changed by the last move that changed memory */
	CF_CURSOR = 1 << 3,
	CF_HEAD = 1 << 4,      /* page: first page of its allocation */
	CF_PCP = 1 << 5,       /* block: holds pages on per-cpu lists; page: on a pcp list */
};
/* Fill levels of a block cell. */
enum { FILL_FREE, FILL_SOME, FILL_HALF, FILL_FULL };

struct view_cell {
	uint8_t kind;          /* enum cell_kind */
	uint8_t type;          /* block: its migratetype (majority when zoomed);
	                          page: the asked type of its allocation */
	uint8_t fill;          /* FILL_* (block cells) */
	uint8_t flags;         /* CF_* */
	uint8_t other;         /* block: the foreign type it holds most of, or 0xff */
	char ch;               /* page: tag initial, 0 for a free page */
	uint8_t fill8;         /* block: allocated share, 0..255 (255 = full) */
	uint8_t marks;         /* overlay marks: 1 << enum grid_mark */
};

struct view_seg {
	uint16_t off, len;     /* bytes of the row text */
	uint8_t role;
};

#define VIEW_SEGS 40
enum row_kind { ROW_TEXT, ROW_CELLS };

struct view_row {
	uint8_t kind;
	uint8_t role;          /* of the text past the last segment */
	char *text;            /* UTF-8, already fitted to the width */
	size_t len, cap;
	int cols;              /* display columns used by text */
	int width;             /* columns of the row (the terminal's) */
	bool utf8;             /* the locale shows UTF-8 */
	int nsegs;
	struct view_seg segs[VIEW_SEGS];
	/* ROW_CELLS: text[0..split) (a digit label), the cells, then the
	 * rest of the text. */
	size_t split;
	int ncells;
	struct view_cell *cells;
	uint8_t cw, ch, gap;   /* cell columns, cell lines, gap columns before each */
	uint8_t sub;           /* which line of the cells this row is (0 = top) */
};

/* Where the main screen's parts are. */
struct main_layout {
	int ncaption, caption_top;
	int grid_top, grid_rows;
	int legend_row;        /* -1: no room for the legend */
	int plot_top, nplot;   /* the plots over the steps (nplot 0: none) */
	int info_row;
	int events_top, nevents;
	int table_top, ntable;
	int compact_top, ncompact;  /* the compaction panel (ncompact 0: none) */
	int status_row;
	int ntypes_shown;
	int types_shown[MT_COUNT];
	bool no_cursor;        /* the legend leaves the cursor out (compare screen) */
	struct grid_layout g;
};

enum screen_id { SCREEN_GRID, SCREEN_DETAIL, SCREEN_HELP, SCREEN_LOG, SCREEN_COUNT };

#define UI_STATUS_MAX 512
#define UI_CMD_MAX 512

/* The interface's own state (what is not the machine). */
struct ui {
	int screen, prev_screen;
	bool mono, utf8;
	uint64_t cursor;       /* block under the grid cursor */
	int level[ZONE_ID_COUNT]; /* per zone: grid level (grid.h), -1 = fitted */
	uint64_t scroll;       /* first virtual grid line shown */
	bool running, to_end;
	bool presenter;        /* PgDn/PgUp/Right/Left step (a remote clicker) */
	int speed;             /* index into view_speeds */
	int order, type;       /* for the quick keys */
	char status[UI_STATUS_MAX];
	int status_role;
	bool cmd_active;
	char cmd[UI_CMD_MAX];
	size_t cmd_len;
	uint32_t page;         /* detail: page offset of the page cursor */
	/* detail: the page view's block range (Enter on a zoomed cell, or a
	 * `v` selection), its first chunk line shown; sel_anchor is where a
	 * `v` selection started (UINT64_MAX: none). */
	uint64_t range_first, range_last, sel_anchor;
	int chunk_scroll;
	int help_scroll;
	bool help_desc;        /* the help screen shows the description instead */
	int plots;             /* plots on the main screen: -1 when tall enough, 0 off, 1 on */
	uint64_t log_sel, log_top; /* event log: selected event (seq), first shown (index) */
	char search[UI_CMD_MAX];   /* last event search */
	char cmd_prompt;       /* ':' a step or goto, '/' an event search */
	const struct binding *bindings;
	size_t nbindings;
	const char *help_title;    /* another screen's help (compare): its title, keys and colours only */
};

/* Auto-run speeds, steps per second; 0 = as fast as the engine goes. */
extern const int view_speeds[];
extern const int view_nspeeds;

struct view {
	int w, h;
	bool utf8;
	bool too_small;
	int nrows;
	struct view_row *rows;
	struct view_cell *cells;
	size_t ncells, cells_cap;
	int cur_y, cur_x;      /* terminal cursor, -1 = hidden */
	struct main_layout lay;/* of the last main-screen build */
	int strip_top, strip_rows, strip_cols, strip_labelw, strip_per; /* detail */
	const struct grid_overlay *overlay; /* marks to draw on the grid's cells */
	size_t noverlay;
	struct grid_overlay *own_overlay;   /* the compaction's marks (view_compact.c) */
	size_t own_overlay_cap;
	/* Insets: other views drawn over this one's rows, view v's row i at
	 * screen row y + i from column x (the panes of the compare screen,
	 * compare_view.c). draw.c draws a row, then the insets over it. */
	struct view_inset {
		const struct view *v;
		int x, y;
	} insets[2];
	int ninsets;
};

/* The page view of a block range as plain data (view_chunks.c): its buddy
 * chunks in pfn order. A chunk larger than a block (free order >
 * pageblock_order) is one span over the blocks it covers. */
enum { SPAN_FREE, SPAN_ALLOC, SPAN_PCP, SPAN_COMPACT };
#define VIEW_RANGE_MAX 64     /* blocks a page view covers at most */
struct chunk_span {
	uint64_t pfn, end;        /* the chunk's pages [pfn, end), unclipped */
	uint64_t block0, block1;  /* first and last block of the range it covers */
	uint64_t index;           /* SPAN_ALLOC: the allocation's tag index */
	uint64_t other;           /* SPAN_COMPACT: the source of a destination */
	uint32_t tag;
	int8_t order;
	uint8_t kind, type;       /* type: asked (alloc), list (pcp) or block (free) */
	uint8_t mark;             /* SPAN_COMPACT: compact_page_mark()'s CPM_ISOFREE or CPM_DEST */
};
/* Spans of blocks first..last (one zone); returns the number of spans, all
 * of them even past cap (out may be NULL to count). */
size_t view_chunk_spans(const struct app *a, uint64_t first, uint64_t last, struct chunk_span *out, size_t cap);
/* The page view's range for the block under the cursor: *first..*last. */
void view_detail_range(const struct app *a, const struct ui *ui, uint64_t *first, uint64_t *last);

void view_init(struct view *v);
void view_fini(struct view *v);

void ui_init(struct ui *ui, const struct app *a);

/* Layout of the main screen at w x h for the current model and zoom. */
void view_main_layout(const struct app *a, const struct ui *ui, int w, int h, struct main_layout *l);

/* Builds each screen. They may fix ui->scroll / ui->zoom (auto) so the
 * cursor stays visible. `now` is in ms, for the change highlights. */
void view_build_main(struct view *v, const struct app *a, struct ui *ui, int w, int h, uint64_t now);
void view_build_detail(struct view *v, const struct app *a, struct ui *ui, int w, int h, uint64_t now);
void view_build_help(struct view *v, const struct app *a, struct ui *ui, int w, int h);
void view_build_log(struct view *v, const struct app *a, struct ui *ui, int w, int h);

/* Event log (view_log.c): does event `seq` match a search ("pfn N",
 * "block N", a number, a kind name or words of its sentence)? */
bool view_log_match(const struct app *a, uint64_t seq, const char *query);
/* The fallback sequence [b, e] the event belongs to (or the last step's
 * last one); e is its alloc or failure. */
bool view_log_fallback(const struct app *a, uint64_t sel, uint64_t *b, uint64_t *e);
/* The why panel's sentences for a fallback sequence; returns how many. */
int view_why_lines(const struct app *a, uint64_t b, uint64_t e, char lines[][200], int max);

/* Cell of a block (zoom 0) or of 2^zoom blocks from `first`; changed =
 * changed by the last move. */
void view_block_cell(const struct app *a, uint64_t first, uint64_t n, uint64_t now, struct view_cell *c);

/* The status line after a stepped compaction's move: what it did and what comes next. */
void view_compact_status(const struct app *a, char *buf, size_t n);

/* Columns a row uses (text and cells). */
int view_row_width(const struct view_row *r);

/* Display width of a UTF-8 string (non-UTF-8 locales: bytes). */
int view_text_width(const char *s, bool utf8);

#endif
