/* /proc/kpageflags summarised per pageblock (fs/proc/page.c,
 * stable_page_flags): how many pages of each block are free (KPF_BUDDY,
 * which the kernel sets on every page of a free buddy chunk), slab, on an
 * LRU, reserved, other, or not memory at all (KPF_NOPAGE: a hole or an
 * offline section). Plain C; never prints. The block's migratetype is not
 * in kpageflags: only page_owner exports it, so the view says so. */
#ifndef BUDDYVIZ_LIVE_KPAGE_H
#define BUDDYVIZ_LIVE_KPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "live/procfs.h"

/* Bit numbers of include/uapi/linux/kernel-page-flags.h and (RESERVED)
 * include/linux/kernel-page-flags.h. */
#define KPF_LRU 5
#define KPF_SLAB 7
#define KPF_BUDDY 10
#define KPF_NOPAGE 20
#define KPF_OFFLINE 23
#define KPF_PGTABLE 26
#define KPF_RESERVED 32
/* The bits a capture keeps (the rest change too often to compress). */
#define KPF_KEEP ((1ull << KPF_LRU) | (1ull << KPF_SLAB) | (1ull << KPF_BUDDY) | (1ull << KPF_NOPAGE) | \
		  (1ull << KPF_OFFLINE) | (1ull << KPF_PGTABLE) | (1ull << KPF_RESERVED))
/* At most this many pfns are read per zone (256 GiB of 4 KiB pages). */
#define KPF_MAX_PFNS (UINT64_C(1) << 26)

/* KP_OTHER: page tables or offline pages; KP_NOFLAGS: none of the kept
 * flags (kernel-internal pages without flags, or pfns in a hole that still
 * has a memmap: kpageflags does not tell them apart). */
enum kp_class { KP_HOLE, KP_FREE, KP_SLAB, KP_LRU, KP_RESERVED, KP_OTHER, KP_NOFLAGS, KP_CLASSES };
const char *kp_class_name(int c);
int kp_class_of(uint64_t flags);

struct kp_block {
	uint32_t n[KP_CLASSES];
};

struct kp_zone {
	uint64_t first_pfn;     /* pageblock-aligned start */
	uint64_t nblocks;
	struct kp_block *b;
};

struct kp_map {
	bool have;
	char why[200];          /* why there is no map ("" if there is) */
	int pb_order;
	int nzones;             /* = the snapshot's zones */
	struct kp_zone zones[LIVE_MAX_ZONES];
};

/* Reads the map for the snapshot's zones (zoneinfo start_pfn/spanned):
 * from /proc/kpageflags (dir NULL) or DIR/kpageflags.rle. Not readable:
 * have = false and why says so; a garbled .rle file: false with
 * "FILE:LINE: message" in err. */
bool kp_read(struct kp_map *km, const struct live_snap *s, const char *dir, char *err, size_t n);
void kp_free(struct kp_map *km);

/* Writes /proc/kpageflags of the snapshot's zones as kpageflags.rle text:
 * "# buddyviz kpageflags-rle 1 keep 0x..." then lines "PFN COUNT FLAGS"
 * (decimal, decimal, hex) for runs of equal kept flags. false with errno. */
bool kp_capture(FILE *out, const struct live_snap *s);

/* Runs of equal kept flags over the snapshot's zone spans, ascending pfn,
 * from /proc/kpageflags (dir NULL) or DIR/kpageflags.rle: 1 done, 0 not
 * readable (why, 200 bytes, says so), -1 a garbled .rle (err). fn returns
 * false to stop (out of memory). */
typedef bool (*run_fn)(void *ctx, uint64_t pfn, uint64_t count, uint64_t flags);
int kp_walk(const struct live_snap *s, const char *dir, run_fn fn, void *ctx, char *why, char *err, size_t n);

/* Parses .rle text into the map (also the fuzz target's entry). */
bool kp_parse_rle(struct kp_map *km, const struct live_snap *s, const char *text, size_t len, const char *file,
		  char *err, size_t n);

#endif
