/* The scenario library: installed scenarios found by name (library.h). */
#include "scenario/library.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario/scenario.h"

#ifndef BUDDYVIZ_DATADIR
#define BUDDYVIZ_DATADIR "/usr/local/share/buddyviz/scenarios"
#endif

/* `scenarios/` beside the running binary, or "" if unknown. */
static void beside_binary(char *buf, size_t n)
{
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	buf[0] = 0;
	if (len <= 0)
		return;
	exe[len] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = 0;
	snprintf(buf, n, "%s/scenarios", exe);
}

const char *library_search_path(char *buf, size_t n)
{
	const char *env = getenv("BUDDYVIZ_PATH");
	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return buf;
	}
	char here[4200];
	beside_binary(here, sizeof(here));
	if (here[0] && strcmp(here, BUDDYVIZ_DATADIR) != 0)
		snprintf(buf, n, "%s:%s", BUDDYVIZ_DATADIR, here);
	else
		snprintf(buf, n, "%s", BUDDYVIZ_DATADIR);
	return buf;
}

static char *dup_range(const char *s, size_t len)
{
	char *d = malloc(len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = 0;
	}
	return d;
}

static bool has_yaml_suffix(const char *s)
{
	size_t len = strlen(s);
	return len > 5 && strcmp(s + len - 5, ".yaml") == 0;
}

static int by_stem(const void *a, const void *b)
{
	return strcmp(((const struct library_entry *)a)->stem, ((const struct library_entry *)b)->stem);
}

static bool known_stem(const struct library *lib, const char *stem)
{
	for (size_t i = 0; i < lib->n; i++)
		if (strcmp(lib->e[i].stem, stem) == 0)
			return true;
	return false;
}

/* Adds the *.yaml files of one folder; stems already found are skipped. */
static bool scan_dir(struct library *lib, size_t *cap, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return true;
	struct dirent *de;
	bool ok = true;
	while (ok && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !has_yaml_suffix(de->d_name))
			continue;
		size_t stem_len = strlen(de->d_name) - 5;
		char *stem = dup_range(de->d_name, stem_len);
		if (!stem) {
			ok = false;
			break;
		}
		if (known_stem(lib, stem)) {
			free(stem);
			continue;
		}
		if (lib->n == *cap) {
			size_t nc = *cap ? *cap * 2 : 32;
			struct library_entry *ne = realloc(lib->e, nc * sizeof(*ne));
			if (!ne) {
				free(stem);
				ok = false;
				break;
			}
			lib->e = ne;
			*cap = nc;
		}
		size_t plen = strlen(dir) + 1 + strlen(de->d_name) + 1;
		char *path = malloc(plen);
		if (!path) {
			free(stem);
			ok = false;
			break;
		}
		snprintf(path, plen, "%s/%s", dir, de->d_name);
		lib->e[lib->n++] = (struct library_entry){ .stem = stem, .path = path, .title = NULL, .chapter = NULL };
	}
	closedir(d);
	return ok;
}

bool library_scan(struct library *lib, bool load_titles)
{
	char pathbuf[8192];
	const char *sp = library_search_path(pathbuf, sizeof(pathbuf));
	size_t cap = 0;
	lib->e = NULL;
	lib->n = 0;
	for (const char *p = sp; *p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len > 0) {
			char *dir = dup_range(p, len);
			bool ok = dir && scan_dir(lib, &cap, dir);
			free(dir);
			if (!ok)
				return false;
		}
		p += len + (colon != NULL);
	}
	if (lib->n > 1)
		qsort(lib->e, lib->n, sizeof(*lib->e), by_stem);
	if (load_titles) {
		for (size_t i = 0; i < lib->n; i++) {
			struct diag_list diags = { 0 };
			struct scenario *sc = scenario_load(lib->e[i].path, NULL, &diags);
			diag_list_clear(&diags);
			if (sc) {
				lib->e[i].title = strdup(sc->name);
				lib->e[i].chapter = sc->chapter ? strdup(sc->chapter) : NULL;
				scenario_free(sc);
			}
		}
	}
	return true;
}

void library_free(struct library *lib)
{
	for (size_t i = 0; i < lib->n; i++) {
		free(lib->e[i].stem);
		free(lib->e[i].path);
		free(lib->e[i].title);
		free(lib->e[i].chapter);
	}
	free(lib->e);
	lib->e = NULL;
	lib->n = 0;
}

bool library_is_name(const char *arg)
{
	struct stat st;
	if (!*arg || strchr(arg, '/') || has_yaml_suffix(arg))
		return false;
	return stat(arg, &st) != 0;
}

/* After a '-' inside the stem, at a word start: "full-compaction" in
 * "05c-full-compaction". */
static bool word_match(const char *stem, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = strchr(stem, '-'); p; p = strchr(p + 1, '-'))
		if (strncmp(p + 1, name, nl) == 0)
			return true;
	return false;
}

/* Way 0: the exact stem; 1: a prefix of it; 2: a word of it. */
static bool matches(int way, const char *stem, const char *name)
{
	if (way == 0)
		return strcmp(stem, name) == 0;
	if (way == 1)
		return strncmp(stem, name, strlen(name)) == 0;
	return word_match(stem, name);
}

char *library_resolve(const char *name, char *msg, size_t msglen)
{
	struct library lib;
	if (!library_scan(&lib, false)) {
		snprintf(msg, msglen, "out of memory while reading the scenario library");
		return NULL;
	}
	char *found = NULL;
	/* Three ways to match, tried in order; the first that matches
	 * anything decides (exact beats prefix beats word). */
	for (int way = 0; way < 3 && !found; way++) {
		size_t hits = 0, first = 0;
		for (size_t i = 0; i < lib.n; i++)
			if (matches(way, lib.e[i].stem, name) && hits++ == 0)
				first = i;
		if (hits == 1) {
			found = strdup(lib.e[first].path);
		} else if (hits > 1) {
			size_t used = (size_t)snprintf(msg, msglen, "scenario name '%s' is ambiguous:", name);
			for (size_t i = 0, shown = 0; i < lib.n && used < msglen; i++)
				if (matches(way, lib.e[i].stem, name))
					used += (size_t)snprintf(msg + used, msglen - used, "%s %s", shown++ ? "," : "",
								 lib.e[i].stem);
			library_free(&lib);
			return NULL;
		}
	}
	if (!found) {
		char pathbuf[8192];
		snprintf(msg, msglen, "no scenario file or installed scenario named '%s' (searched %s); try buddyviz --list",
			 name, library_search_path(pathbuf, sizeof(pathbuf)));
	}
	library_free(&lib);
	return found;
}
