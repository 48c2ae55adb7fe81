/* Watermark gauge rows and help text (view_wmark.c). */
#ifndef BUDDYVIZ_TUI_VIEW_WMARK_H
#define BUDDYVIZ_TUI_VIEW_WMARK_H

#include <stddef.h>

#include "view.h"

/* Rows the gauge takes in the main screen's table (0 or 1). */
int view_wmark_lines(const struct app *a);
/* The gauge of zone zi: free pages against min/low/high(+boost), pcp. */
void view_wmark_row(struct view_row *r, const struct app *a, int zi, int width);
/* Help lines on what the pcp/watermark model simplifies. */
size_t view_wmark_help_count(void);
const char *view_wmark_help_line(size_t i);

#endif
