/* Runs every registered unit test; the last line is "unit: N passed, N failed". */
#include <stdarg.h>
#include <stdlib.h>

#include "unit.h"

#define MAX_TESTS 1024

struct unit_entry {
	const char *name;
	unit_fn fn;
};
static struct unit_entry tests[MAX_TESTS];
static int ntests, current_failed;
static const char *current_name;

void unit_register(const char *name, unit_fn fn)
{
	if (ntests < MAX_TESTS)
		tests[ntests++] = (struct unit_entry){ name, fn };
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "FAIL %s: %s:%d: ", current_name, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	current_failed++;
}

char *unit_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, r;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + len, 1, 4096, f);
		len += r;
	} while (r > 0);
	fclose(f);
	buf[len] = 0;
	return buf;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		current_name = tests[i].name;
		current_failed = 0;
		tests[i].fn();
		if (current_failed)
			failed++;
		else
			passed++;
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
