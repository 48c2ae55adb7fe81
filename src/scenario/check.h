/* Checking values against the scenario-keys table, and collecting errors
 * with their positions. Internal to src/scenario: scenario.c uses it for
 * files and for step_parse_text alike.
 */
#ifndef BUDDYVIZ_CHECK_H
#define BUDDYVIZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/machine.h"
#include "scenario/keys.h"
#include "scenario/scenario.h"
#include "scenario/ytree.h"

/* One error, positioned; sorted into file order before it is shown. */
struct pdiag {
	uint32_t line, col;    /* 0 = no position: sorts first */
	size_t seq;            /* order found, for equal positions */
	char *msg;
};

struct ctx {
	struct pdiag *d;
	size_t nd, capd;
	struct machine_config cfg;  /* the machine the steps are checked against */
	bool max_order_ok;          /* cfg.max_order came out valid */
};

/* A parsed value of a key (sc_walk_map fills one per key of a section). */
struct pval {
	const struct ynode *key, *val;
	bool present;          /* the key is there (the value may be bad) */
	bool ok;               /* the value is valid */
	bool neg;              /* VT_INT: negative */
	uint64_t u;            /* VT_INT magnitude, VT_SIZE bytes, VT_BLOCKS first, VT_FLAGS bits */
	uint64_t u2;           /* VT_BLOCKS last */
	double d;              /* VT_PROB */
	int e;                 /* enumerations: type, zone id, profile, bool */
	double w[NR_ORDERS_LIMIT]; /* VT_MIX (by type), VT_ORDERS (by order) */
};

/* Errors: at a node (NULL: no position), or at a position. */
__attribute__((format(printf, 3, 4)))
void sc_err(struct ctx *c, const struct ynode *n, const char *fmt, ...);
__attribute__((format(printf, 4, 5)))
void sc_err_pos(struct ctx *c, uint32_t line, uint32_t col, const char *fmt, ...);
/* Sorts the errors into file order (stable). */
void sc_sort(struct ctx *c);
/* Sorts, formats "PATH:LINE:COL: message" into out (NULL: drops them) and
 * empties c. */
void sc_flush(struct ctx *c, const char *path, struct diag_list *out);
void sc_diag_push(struct diag_list *dl, char *line);

/* Showing values: "text" (quoted, cut, escaped), "a list", "a mapping",
 * "nothing (null)"; sc_raw: a plain number as written. */
#define SHOWBUF 256
const char *sc_show(const struct ynode *n, char *buf, size_t sz);
const char *sc_raw(const struct ynode *v, char *buf, size_t n);
/* "KEY: expected WHAT, got VALUE" (with a hint for quoted numbers). */
void sc_wrong_type(struct ctx *c, const char *key, const struct ynode *v, const char *expected);

/* Integers: plain decimal, sign and magnitude. */
enum { NUM_OK, NUM_NOT, NUM_OVER };
int sc_scan_int(const struct ynode *n, bool *neg, uint64_t *mag);
bool sc_in_range(bool neg, uint64_t mag, int64_t min, uint64_t max);
/* An integer in [min, max], or reports why not. */
bool sc_get_int(struct ctx *c, const char *key, const struct ynode *v, int64_t min, uint64_t max,
		const char *limit, bool *neg, uint64_t *mag);
bool sc_is_string(const struct ynode *v);   /* a scalar that is not null */

/* Allowed lists for messages. */
void sc_list_mtypes(char *buf, size_t n, bool any, int except);
void sc_list_steps(char *buf, size_t n);

/* Reports a key that cannot be used (not a word, a duplicate, already
 * reported); true if the pair may be looked at. */
bool sc_key_ok(struct ctx *c, const struct ynode *key);
/* Checks the keys of a mapping (map may be NULL: no keys) against a
 * section of the table: unknown, duplicate, not supported, type, range;
 * then required keys missing, reported at `owner`. vals has KEYS_MAX
 * entries, indexed like the section's keys. */
void sc_walk_map(struct ctx *c, const struct section_spec *sec, const struct ynode *map,
		 const struct ynode *owner, struct pval *vals);

/* Extension: a quiz step from its checked keys (quiz_load.c); depth > 0
 * is inside a repeat, where it is refused. */
void sc_build_quiz(struct ctx *c, const struct ynode *key, const struct pval *v, int depth, struct step *out);

#endif
