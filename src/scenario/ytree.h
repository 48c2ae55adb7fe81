/* A YAML document as a small tree with 1-based positions, built from
 * libyaml's event API so that every node keeps its own LINE:COL, duplicate
 * keys are found (libyaml does not look) and aliases can be refused where
 * they stand. Internal to src/scenario.
 */
#ifndef BUDDYVIZ_YTREE_H
#define BUDDYVIZ_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	uint8_t type;          /* enum ynode_type */
	bool quoted;           /* scalar: quoted, block (| >) or !!str: a string, never a number */
	bool has_nul;          /* scalar: holds a NUL byte (from an escape) */
	bool bad;              /* already reported (alias, tag): validators stay quiet */
	bool dup;              /* mapping key: an earlier key of the mapping has the same text */
	uint32_t line, col;    /* 1-based position of the node */
	const struct ynode *first;   /* dup key: the earlier key */
	char *value;           /* scalar text, NUL-terminated */
	size_t len;
	struct ynode **kids;   /* seq: items; map: key, value, key, value, ... */
	size_t nkids, cap;
};

/* A mapping's pairs. */
static inline size_t ynode_npairs(const struct ynode *n) { return n->nkids / 2; }
static inline const struct ynode *ynode_key(const struct ynode *n, size_t i) { return n->kids[2 * i]; }
static inline const struct ynode *ynode_val(const struct ynode *n, size_t i) { return n->kids[2 * i + 1]; }

/* A plain scalar meaning null: empty, "~", "null" (YAML core schema). */
bool ynode_is_null(const struct ynode *n);

struct yerror {
	uint32_t line, col;    /* 1-based; 0 = no position */
	char *msg;
};

struct yparse {
	struct ynode *root;    /* NULL when nothing usable was read */
	struct yerror *errs;   /* in the order found */
	size_t nerrs, cap;
	bool empty;            /* no document at all (only blanks or comments) */
};

/* Limits that keep hostile input cheap. */
#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_NODES 2000000

/* Parses len bytes as exactly one YAML document. Every problem (syntax,
 * empty input, a second document, aliases, tags, limits) goes to out->errs;
 * out->root is kept when the tree is complete enough to validate. Never
 * prints. */
void ytree_parse(const char *text, size_t len, struct yparse *out);
void yparse_clear(struct yparse *p);

#endif
