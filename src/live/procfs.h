/* A real machine's page-allocator state as /proc prints it: parsers for
 * /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo, /proc/vmstat,
 * /proc/version and debugfs extfrag/{extfrag_index,unusable_index}, and a
 * reader that takes them from the running kernel or from a directory that
 * `buddyviz capture` wrote. Plain C data: no curses, never prints.
 *
 * Formats: mm/vmstat.c of Linux 6.1 and 6.12 (frag_show_print,
 * pagetypeinfo_showfree_print, pagetypeinfo_showblockcount_print,
 * pagetypeinfo_showmixedcount_print, zoneinfo_show_print, vmstat_show,
 * extfrag_show_print, unusable_show_print). Anything else is refused with
 * "FILE:LINE: message"; truncated or garbled input never crashes.
 */
#ifndef BUDDYVIZ_LIVE_PROCFS_H
#define BUDDYVIZ_LIVE_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIVE_MAX_ZONES 16        /* (node, zone) pairs */
#define LIVE_MAX_ORDERS 11       /* NR_PAGE_ORDERS of x86-64 */
#define LIVE_MAX_TYPES 6         /* Unmovable .. Isolate with CMA */
#define LIVE_MAX_FILE (8u << 20) /* bytes read from one text file */

/* The vmstat counters the live view shows (name as /proc/vmstat spells it). */
#define LIVE_VMSTAT(X)                       \
	X(VM_COMPACT_STALL, "compact_stall")  \
	X(VM_COMPACT_FAIL, "compact_fail")    \
	X(VM_COMPACT_SUCCESS, "compact_success") \
	X(VM_COMPACT_MIGRATE_SCANNED, "compact_migrate_scanned") \
	X(VM_COMPACT_FREE_SCANNED, "compact_free_scanned") \
	X(VM_COMPACT_ISOLATED, "compact_isolated") \
	X(VM_COMPACT_DAEMON_WAKE, "compact_daemon_wake") \
	X(VM_PGMIGRATE_SUCCESS, "pgmigrate_success") \
	X(VM_PGMIGRATE_FAIL, "pgmigrate_fail") \
	X(VM_NR_FREE_PAGES, "nr_free_pages")

enum live_vm {
#define LV_ENUM(e, name) e,
	LIVE_VMSTAT(LV_ENUM)
#undef LV_ENUM
	LIVE_VM_COUNT
};
const char *live_vm_name(int k);

struct live_zone {
	int node;
	char name[16];
	/* /proc/buddyinfo */
	bool have_buddy;
	uint64_t nr_free[LIVE_MAX_ORDERS];
	/* /proc/pagetypeinfo: by type column (live_snap.type_mt maps it) */
	bool have_types, have_blocks, have_mixed;
	uint64_t type_free[LIVE_MAX_TYPES][LIVE_MAX_ORDERS];
	bool type_over[LIVE_MAX_TYPES][LIVE_MAX_ORDERS];   /* printed ">100000" */
	uint64_t blocks[LIVE_MAX_TYPES];
	uint64_t mixed[LIVE_MAX_TYPES];
	/* /proc/zoneinfo */
	bool have_zoneinfo;
	uint64_t pages_free, min, low, high, spanned, present, managed, start_pfn;
	/* debugfs extfrag (x1000, as the kernel computes them) */
	bool have_dbg_extfrag, have_dbg_unusable;
	int dbg_extfrag[LIVE_MAX_ORDERS], dbg_unusable[LIVE_MAX_ORDERS];
};

struct live_snap {
	char version[200];           /* /proc/version's first line, or "" */
	int norders;                 /* columns of buddyinfo/pagetypeinfo; 0 = unknown */
	int pb_order;                /* "Page block order", -1 = unknown */
	int ntypes;
	int type_mt[LIVE_MAX_TYPES]; /* enum migratetype of each column */
	int nzones;
	struct live_zone zones[LIVE_MAX_ZONES];
	bool have_vm[LIVE_VM_COUNT];
	uint64_t vm[LIVE_VM_COUNT];
	/* Per file: read and parsed, or why not ("" = fine). */
	char why_buddyinfo[160], why_pagetypeinfo[160], why_zoneinfo[160], why_vmstat[160];
	char why_debugfs[160];
	bool page_owner;             /* debugfs page_owner exists (it is not read) */
};

/* Parsers. Each reads len bytes of text (not NUL-terminated), fills its
 * part of s (zones are matched by node and name, added in file order) and
 * returns true, or false with "FILE:LINE: message" in err. */
bool live_parse_buddyinfo(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n);
bool live_parse_pagetypeinfo(struct live_snap *s, const char *text, size_t len, const char *file, char *err,
			     size_t n);
bool live_parse_zoneinfo(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n);
bool live_parse_vmstat(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n);
/* debugfs extfrag_index (extfrag = true) or unusable_index. */
bool live_parse_extfrag(struct live_snap *s, bool extfrag, const char *text, size_t len, const char *file,
			char *err, size_t n);
bool live_parse_version(struct live_snap *s, const char *text, size_t len, const char *file, char *err, size_t n);

/* Reads a whole file (at most LIVE_MAX_FILE bytes); NULL with errno set. */
char *live_read_file(const char *path, size_t *len);

/* Where the files come from: dir NULL = the running kernel (/proc and
 * /sys/kernel/debug), else a directory `buddyviz capture` wrote. Fills s;
 * a missing or unreadable optional file is recorded in its why_ field. A
 * file that is there but does not parse is an error: false, err holds
 * "FILE:LINE: message". buddyinfo is required. */
bool live_read(struct live_snap *s, const char *dir, char *err, size_t n);

/* The kernel's arithmetic (mm/vmstat.c fill_contig_page_info,
 * __fragmentation_index, unusable_free_index) over one zone's nr_free. */
int live_extfrag_index(const struct live_zone *z, int norders, int k);
int live_unusable_index(const struct live_zone *z, int norders, int k);
uint64_t live_free_pages(const struct live_zone *z, int norders);

#endif
