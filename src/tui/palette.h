/* The migratetypes' colours: the one palette that the terminal (draw.c)
 * and the exporters (src/export: SVG, HTML) share. No curses here: the
 * 8-colour entries are ANSI colour numbers, which curses' COLOR_* equal.
 * The exporters turn the xterm-256 numbers into RGB with xterm256_rgb(),
 * so a slide shows the colours the terminal shows. */
#ifndef BUDDYVIZ_TUI_PALETTE_H
#define BUDDYVIZ_TUI_PALETTE_H

#include <stdint.h>

#include "engine/mtype.h"

enum { ANSI_BLACK, ANSI_RED, ANSI_GREEN, ANSI_YELLOW, ANSI_BLUE, ANSI_MAGENTA, ANSI_CYAN, ANSI_WHITE };

struct type_colour {
	short bg256, fg256, bg8, fg8;
};

/* A block's cell is painted in its type's colour as background, with
 * dark marks on it (see palette.c for the choice of colours). */
extern const struct type_colour type_colours[MT_COUNT];
/* Marks that must stand out on any type colour: dark on white. */
extern const struct type_colour mark_colour;
/* Text in colour with 256 colours (captions, kernel function names). */
#define PALETTE_TEXT256 32

/* 0xRRGGBB of an xterm-256 colour number (xterm's own table: 16 system
 * colours, the 6x6x6 cube, the 24 greys). */
uint32_t xterm256_rgb(int idx);

#endif
