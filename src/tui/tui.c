/* Placeholder until the terminal interface lands (issue 4). */
#include <stdio.h>

#include "tui.h"

int tui_run(const struct scenario *sc, bool mono)
{
	(void)sc;
	(void)mono;
	fprintf(stderr, "buddyviz: the terminal interface comes in a later version; use 'buddyviz run FILE'\n");
	return 0;
}
