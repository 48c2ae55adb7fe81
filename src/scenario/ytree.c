/* YAML events -> a tree of nodes with positions (see ytree.h). */
#include "scenario/ytree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "scenario/xalloc.h"

#define STR_TAG "tag:yaml.org,2002:str"
#define CORE_PREFIX "tag:yaml.org,2002:"

bool ynode_is_null(const struct ynode *n)
{
	if (n->type != YN_SCALAR || n->quoted)
		return false;
	/* The YAML core schema's nulls: ~, null, Null, NULL, or nothing. */
	return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	       strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

static void add_error(struct yparse *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	p->errs = xgrow(p->errs, &p->cap, p->nerrs + 1, sizeof *p->errs);
	p->errs[p->nerrs++] = (struct yerror){ line, col, xstrdup(buf) };
}

static void node_free(struct ynode *n)
{
	/* Depth is bounded by YTREE_MAX_DEPTH, so recursion is safe. */
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

void yparse_clear(struct yparse *p)
{
	node_free(p->root);
	for (size_t i = 0; i < p->nerrs; i++)
		free(p->errs[i].msg);
	free(p->errs);
	memset(p, 0, sizeof *p);
}

static struct ynode *node_new(int type, yaml_mark_t mark)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->type = (uint8_t)type;
	n->line = (uint32_t)mark.line + 1;
	n->col = (uint32_t)mark.column + 1;
	return n;
}

static void node_add(struct ynode *parent, struct ynode *kid)
{
	parent->kids = xgrow(parent->kids, &parent->cap, parent->nkids + 1, sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

/* A tag as the user wrote it: "!!int" rather than the expanded form. */
static void show_tag(const char *tag, char *buf, size_t n)
{
	size_t pl = strlen(CORE_PREFIX);
	if (strncmp(tag, CORE_PREFIX, pl) == 0)
		snprintf(buf, n, "!!%.60s", tag + pl);
	else
		snprintf(buf, n, "%.60s", tag);
}

static int cmp_key(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a;
	const struct ynode *y = *(const struct ynode *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->value, y->value, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* Same text: file order, so the first one stays the original. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : (x->col > y->col);
}

/* Marks every scalar key that repeats an earlier one of the mapping. */
static void mark_duplicates(struct ynode *map)
{
	size_t np = ynode_npairs(map), nk = 0;
	if (np < 2)
		return;
	struct ynode **keys = xmalloc(np * sizeof *keys);
	for (size_t i = 0; i < np; i++)
		if (map->kids[2 * i]->type == YN_SCALAR)
			keys[nk++] = map->kids[2 * i];
	qsort(keys, nk, sizeof *keys, cmp_key);
	for (size_t i = 1; i < nk; i++) {
		const struct ynode *a = keys[i - 1], *b = keys[i];
		if (a->len == b->len && memcmp(a->value, b->value, a->len) == 0) {
			keys[i]->dup = true;
			keys[i]->first = a->dup ? a->first : a;
		}
	}
	free(keys);
}

static uint32_t line_of(const char *text, size_t off, uint32_t *col)
{
	uint32_t line = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*col = c;
	return line;
}

static void syntax_error(struct yparse *p, const yaml_parser_t *ps, const char *text, size_t len)
{
	uint32_t line, col;
	const char *problem = ps->problem ? ps->problem : "unknown error";
	if (ps->error == YAML_MEMORY_ERROR)
		xalloc_fail();
	if (ps->error == YAML_READER_ERROR) {
		size_t off = ps->problem_offset < len ? ps->problem_offset : len;
		line = line_of(text, off, &col);
		if (ps->problem_value != -1)
			add_error(p, line, col, "not a valid YAML character stream: %s (byte 0x%02X)",
				  problem, (unsigned)ps->problem_value & 0xFFu);
		else
			add_error(p, line, col, "not a valid YAML character stream: %s", problem);
		return;
	}
	line = (uint32_t)ps->problem_mark.line + 1;
	col = (uint32_t)ps->problem_mark.column + 1;
	if (ps->context)
		add_error(p, line, col, "YAML syntax error: %s (%s at %zu:%zu)", problem, ps->context,
			  ps->context_mark.line + 1, ps->context_mark.column + 1);
	else
		add_error(p, line, col, "YAML syntax error: %s", problem);
}

void ytree_parse(const char *text, size_t len, struct yparse *out)
{
	yaml_parser_t ps;
	yaml_event_t ev;
	struct ynode *stack[YTREE_MAX_DEPTH];
	size_t depth = 0, nodes = 0;
	int docs = 0;
	bool fatal = false, done = false;

	memset(out, 0, sizeof *out);
	if (!yaml_parser_initialize(&ps))
		xalloc_fail();
	yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);

	while (!done) {
		if (!yaml_parser_parse(&ps, &ev)) {
			syntax_error(out, &ps, text, len);
			fatal = true;
			break;
		}
		struct ynode *n = NULL;
		const char *tag = NULL;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (docs > 0) {
				add_error(out, (uint32_t)ev.start_mark.line + 1, (uint32_t)ev.start_mark.column + 1,
					  "a second YAML document; a scenario file holds exactly one");
				done = true;
			}
			break;
		case YAML_DOCUMENT_END_EVENT:
			docs++;
			break;
		case YAML_STREAM_END_EVENT:
			if (docs == 0) {
				out->empty = true;
				add_error(out, 1, 1, "empty file: no YAML document; a scenario is a mapping with name and steps");
			}
			done = true;
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(YN_SCALAR, ev.start_mark);
			n->value = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->has_nul = strlen(n->value) != n->len;
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			tag = (const char *)ev.data.scalar.tag;
			if (tag && (strcmp(tag, STR_TAG) == 0 || strcmp(tag, "!") == 0)) {
				n->quoted = true;
				tag = NULL;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = node_new(YN_SEQ, ev.start_mark);
			tag = (const char *)ev.data.sequence_start.tag;
			break;
		case YAML_MAPPING_START_EVENT:
			n = node_new(YN_MAP, ev.start_mark);
			tag = (const char *)ev.data.mapping_start.tag;
			break;
		case YAML_ALIAS_EVENT:
			n = node_new(YN_SCALAR, ev.start_mark);
			n->value = xstrdup("");
			n->bad = true;
			add_error(out, n->line, n->col, "alias *%.60s: aliases are not supported; write the value out",
				  (const char *)ev.data.alias.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0) {
				depth--;
				if (stack[depth]->type == YN_MAP)
					mark_duplicates(stack[depth]);
			}
			break;
		default:
			break;
		}
		if (n) {
			if (tag) {
				char shown[80];
				show_tag(tag, shown, sizeof shown);
				add_error(out, n->line, n->col, "YAML tag %s is not supported", shown);
				n->bad = true;
			}
			if (++nodes > YTREE_MAX_NODES) {
				add_error(out, n->line, n->col, "more than %d YAML nodes; the file is too big", YTREE_MAX_NODES);
				node_free(n);
				fatal = true;
				done = true;
			} else if (depth > 0) {
				node_add(stack[depth - 1], n);
			} else if (!out->root) {
				out->root = n;
			} else {
				node_free(n);   /* cannot happen: one document, one root */
			}
			if (!fatal && (n->type == YN_SEQ || n->type == YN_MAP)) {
				if (depth == YTREE_MAX_DEPTH) {
					add_error(out, n->line, n->col, "YAML nested more than %d levels deep", YTREE_MAX_DEPTH);
					fatal = true;
					done = true;
				} else {
					stack[depth++] = n;
				}
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&ps);
	if (fatal) {
		node_free(out->root);
		out->root = NULL;
	}
}
