/* Unit tests of the exporters' pieces: the palette's xterm-256 colours
 * (the values xterm documents, not read from the code), the asciicast
 * writer's JSON (a UTF-8 character split across two writes stays whole,
 * control characters escaped, times never go back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/cast.h"
#include "tui/palette.h"
#include "unit.h"

UNIT_TEST(palette_xterm256_rgb)
{
	/* xterm's 256-colour table: system colours, the 6x6x6 cube, greys. */
	CHECK(xterm256_rgb(0) == 0x000000);
	CHECK(xterm256_rgb(15) == 0xffffff);
	CHECK(xterm256_rgb(16) == 0x000000);
	CHECK(xterm256_rgb(166) == 0xd75f00);   /* vermillion: Unmovable */
	CHECK(xterm256_rgb(74) == 0x5fafd7);    /* sky blue: Movable */
	CHECK(xterm256_rgb(221) == 0xffd75f);   /* yellow: Reclaimable */
	CHECK(xterm256_rgb(231) == 0xffffff);
	CHECK(xterm256_rgb(232) == 0x080808);
	CHECK(xterm256_rgb(248) == 0xa8a8a8);
	CHECK(xterm256_rgb(255) == 0xeeeeee);
	/* The theme's type colours are pairwise distinct. */
	for (int a = 0; a < MT_COUNT; a++)
		for (int b = a + 1; b < MT_COUNT; b++)
			CHECK(xterm256_rgb(type_colours[a].bg256) != xterm256_rgb(type_colours[b].bg256));
}

UNIT_TEST(cast_writer_json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f != NULL);
	if (!f)
		return;
	struct cast c;
	CHECK(cast_begin(&c, f, 80, 24, "t\"q", "xterm"));
	/* U+2592 (e2 96 92) split after its first byte. */
	cast_output(&c, 0.5, "a\x1b[1m\xe2", 6);
	cast_output(&c, 0.25, "\x96\x92z", 3);   /* earlier time: kept at 0.5 */
	cast_output(&c, 1.0, "\xff", 1);          /* invalid: U+FFFD */
	cast_resize(&c, 2.0, 100, 30);
	CHECK(cast_end(&c));
	fclose(f);
	const char *want = "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": ";
	CHECK(strncmp(buf, want, strlen(want)) == 0);
	CHECK(strstr(buf, "\"title\": \"t\\\"q\", \"env\": {\"TERM\": \"xterm\"") != NULL);
	CHECK(strstr(buf, "\n[0.500000, \"o\", \"a\\u001b[1m\"]\n[0.500000, \"o\", \"\xe2\x96\x92z\"]\n"
			  "[1.000000, \"o\", \"\\ufffd\"]\n[2.000000, \"r\", \"100x30\"]\n") != NULL);
	free(buf);
}
