/* Prints the scenario reference generated from the scenario-keys table:
 *   build/tools/scenario-ref > docs/scenario-reference.md
 * (a unit test fails when the committed file is stale). */
#include <stdio.h>

#include "scenario/keys.h"

int main(void)
{
	scenario_reference(stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}
