/* The live screen (live_view.c, curses): draws a live_model and refreshes
 * it every `interval` seconds until q. Returns the exit status. */
#ifndef BUDDYVIZ_LIVE_VIEW_H
#define BUDDYVIZ_LIVE_VIEW_H

#include <stdbool.h>

#include "live/model.h"

int live_view_run(struct live_model *m, double interval, bool mono);

#endif
