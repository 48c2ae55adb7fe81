/* A minimal unit-test harness: UNIT_TEST(name) registers a test at load
 * time; CHECK* record failures with file:line and go on. */
#ifndef BUDDYVIZ_UNIT_H
#define BUDDYVIZ_UNIT_H

#include <stdio.h>
#include <string.h>

typedef void (*unit_fn)(void);
void unit_register(const char *name, unit_fn fn);
void unit_fail(const char *file, int line, const char *fmt, ...);
/* A whole file, NUL-terminated (free() it), or NULL if it cannot be read.
 * Paths are relative to the repository root, where the tests run. */
char *unit_read_file(const char *path);

#define UNIT_TEST(name)                                                  \
	static void name(void);                                          \
	__attribute__((constructor)) static void register_##name(void)   \
	{                                                                \
		unit_register(#name, name);                              \
	}                                                                \
	static void name(void)

#define CHECK(cond)                                                      \
	do {                                                             \
		if (!(cond))                                             \
			unit_fail(__FILE__, __LINE__, "%s", #cond);      \
	} while (0)

#define CHECK_EQ_INT(a, b)                                               \
	do {                                                             \
		long long a_ = (long long)(a), b_ = (long long)(b);      \
		if (a_ != b_)                                            \
			unit_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)

#define CHECK_EQ_STR(a, b)                                               \
	do {                                                             \
		const char *a_ = (a), *b_ = (b);                         \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                   \
			unit_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, \
				  a_ ? a_ : "(null)", b_ ? b_ : "(null)");               \
	} while (0)

#endif
