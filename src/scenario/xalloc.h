/* Allocation helpers of the scenario layer: like htop's xMalloc, they end
 * the program with a message when the host is out of memory, so that the
 * loader's error paths stay about the scenario, not about malloc. */
#ifndef BUDDYVIZ_XALLOC_H
#define BUDDYVIZ_XALLOC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void xalloc_fail(void)
{
	fputs("buddyviz: out of memory\n", stderr);
	exit(2);
}

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xalloc_fail();
	return p;
}

static inline void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		xalloc_fail();
	return p;
}

/* Returns p grown to hold at least `need` elements of `size` bytes
 * (doubling); *cap is updated. Use as  a = xgrow(a, &cap, n + 1, sizeof *a). */
static inline void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	if (n > (size_t)-1 / size)
		xalloc_fail();
	void *q = realloc(p, n * size);
	if (!q)
		xalloc_fail();
	*cap = n;
	return q;
}

static inline char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static inline char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

#endif
