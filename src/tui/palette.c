/* The migratetypes' colours (palette.h). */
#include "palette.h"

/* So the type reads from the back of a room whether the block is free or
 * used, and the same on dark and light terminals. 256 colours: the
 * Okabe-Ito palette (colour-blind safe: vermillion, sky blue, yellow,
 * reddish purple, bluish green, grey; no red/green pair). 8 colours: red,
 * blue, yellow, magenta, cyan, white, with the text colour that reads on
 * each. The type's letter is on every cell wide enough, so colour is
 * never the only cue. */
const struct type_colour type_colours[MT_COUNT] = {
	[MT_UNMOVABLE] = { 166, 16, ANSI_RED, ANSI_WHITE },     /* vermillion D55E00 */
	[MT_MOVABLE] = { 74, 16, ANSI_BLUE, ANSI_WHITE },       /* sky blue 56B4E9 */
	[MT_RECLAIMABLE] = { 221, 16, ANSI_YELLOW, ANSI_BLACK },/* yellow F0E442 */
	[MT_HIGHATOMIC] = { 175, 16, ANSI_MAGENTA, ANSI_WHITE },/* reddish purple CC79A7 */
	[MT_CMA] = { 36, 16, ANSI_CYAN, ANSI_BLACK },           /* bluish green 009E73 */
	[MT_ISOLATE] = { 248, 16, ANSI_WHITE, ANSI_BLACK },     /* grey */
};

const struct type_colour mark_colour = { 231, 16, ANSI_WHITE, ANSI_BLACK };

uint32_t xterm256_rgb(int idx)
{
	static const uint32_t sys[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	if (idx < 0 || idx > 255)
		return 0;
	if (idx < 16)
		return sys[idx];
	if (idx >= 232) {
		uint32_t g = 8 + 10 * (uint32_t)(idx - 232);
		return g << 16 | g << 8 | g;
	}
	static const uint32_t level[6] = { 0, 95, 135, 175, 215, 255 };
	int i = idx - 16;
	return level[i / 36] << 16 | level[i / 6 % 6] << 8 | level[i % 6];
}
