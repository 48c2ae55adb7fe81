/* Internal to the view model (view_text.c, view.c, view_detail.c): the
 * helpers that fill rows. A row knows its width and whether the locale
 * shows UTF-8; text is fitted to it by display columns, never by bytes. */
#ifndef BUDDYVIZ_TUI_VIEW_INT_H
#define BUDDYVIZ_TUI_VIEW_INT_H

#include "view.h"

/* One UTF-8 sequence: its length (1 for a bad byte, *cp = U+FFFD). */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);

/* Sizes the rows for w x h and empties them. */
void view_prepare(struct view *v, int w, int h, bool utf8);
/* Smaller than 80x24: the one-line notice; returns false. */
bool view_check_size(struct view *v, int w, int h);
/* Makes r a cell row: the text so far is its label; n cells follow. */
struct view_cell *cells_take(struct view *v, struct view_row *r, int n);

void row_reset(struct view_row *r, int kind, int role);
int row_room(const struct view_row *r);
/* Appends at most maxcols (-1: what fits) columns of s[0..n). */
int row_putn(struct view_row *r, int role, const char *s, size_t n, int maxcols);
int row_put(struct view_row *r, int role, const char *s);
int row_printf(struct view_row *r, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void row_pad_to(struct view_row *r, int role, int col);
/* Right-aligns s to end at column `end`. */
void row_put_right(struct view_row *r, int role, const char *s, int end);

/* Bytes of the first line of s wrapped at width columns (*skip: the
 * space or newline dropped after it); lines of s when wrapped. */
size_t wrap_line(const char *s, int width, bool utf8, size_t *skip);
int wrap_count(const char *s, int first, int rest, bool utf8);

/* v in at most `width` characters: 12345, 123k, 12M, ... */
void fmt_count(uint64_t v, int width, char *buf, size_t n);
void fmt_bytes(uint64_t bytes, char *buf, size_t n);
/* An index x1000 as the kernel prints it: -1.000, 0.123 */
void fmt_index(int x, char *buf, size_t n);
int digits(uint64_t v);

/* Shared by the screens: the top line and the status line. l may be NULL
 * (no zoom shown). */
void build_header(struct view_row *r, const struct app *a, const struct ui *ui, const struct main_layout *l);
void build_status(struct view *v, const struct ui *ui, int row, unsigned screen_mask);

/* The buddy inside a block range (view_chunks.c): chunk spans of the
 * page view's range (scrolled by ui->chunk_scroll) and the zone's free lists
 * on rows [row, end); each returns the next free row. */
int build_chunk_map(struct view *v, const struct app *a, struct ui *ui, int row, int end);
int build_free_lists(struct view *v, const struct app *a, uint64_t block, int row, int end);

/* Watching compaction (view_compact.c). compact_shown: a compaction runs
 * or the last memory step was `compact` (cs filled either way). */
const struct step *compact_last_step(const struct app *a);
bool compact_shown(const struct app *a, struct compact_state *cs);
/* The grid's marks for it into a growing buffer; returns how many. */
size_t compact_overlay(const struct app *a, struct grid_overlay **buf, size_t *cap);
/* Two rows: the numbers and the ruler of the scanners; returns the next row. */
int build_compact_panel(struct view *v, const struct app *a, int row, int end);
/* What compaction makes of a page: an isolated source (other = its
 * destination or UINT64_MAX), a destination (other = its source) before
 * or after the move, or a free page the free scanner isolated (other =
 * the chunk head). */
enum { CPM_NONE, CPM_SOURCE, CPM_DEST, CPM_MOVED, CPM_ISOFREE };
int compact_page_mark(const struct app *a, uint64_t pfn, uint64_t *other);

/* Plots over the steps (view_plot.c): rows they need, and the rows. */
int view_plot_rows(const struct app *a);
int build_plots(struct view *v, const struct app *a, int row, int end);

/* The grid part (view_grid.c). */
void build_grid(struct view *v, const struct app *a, struct ui *ui, const struct main_layout *l, uint64_t now);
void build_legend(struct view_row *r, const struct app *a, const struct main_layout *l, bool utf8, bool mono);
/* Keeps the cursor's cell inside the shown rows (fixes ui->scroll). */
void follow_cursor(struct ui *ui, const struct main_layout *l);

#endif
