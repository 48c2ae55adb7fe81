/* Replays files through the fuzz target (gcc builds, `make test`): each
 * argument is one input. Exit 0 when none crashed. */
#include <stdio.h>
#include <stdlib.h>

#include "../fuzz/fuzz_scenario.c"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f)
			continue;
		static unsigned char buf[1 << 20];
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("fuzz_replay: %d inputs ok\n", argc - 1);
	return 0;
}
