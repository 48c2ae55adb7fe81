/* Fuzz target: any bytes as one of the /proc files buddyviz live reads.
 * The first byte picks the parser (buddyinfo, pagetypeinfo, zoneinfo,
 * vmstat, version, debugfs extfrag/unusable, kpageflags.rle); the rest is
 * the file. Parsing must never crash or overrun; what parses is then
 * imported (when small) and the scenario it writes must load. Built with
 * libFuzzer by `make fuzz-live`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/import.h"
#include "live/kpage.h"
#include "live/procfs.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_buddy[] = "Node 0, zone   Normal      1      0      0      0      0      0      0      0      0      0      2 \n";
static const char base_zone[] = "Node 0, zone   Normal\n  pages free     2049\n        min      10\n"
				"        spanned  4096\n        present  4096\n  start_pfn:           0\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct live_snap *s = calloc(1, sizeof(*s));
	char err[512];
	const char *t = (const char *)data + 1;
	size_t n = size - 1;
	s->pb_order = -1;
	live_parse_buddyinfo(s, base_buddy, strlen(base_buddy), "b", err, sizeof(err));
	live_parse_zoneinfo(s, base_zone, strlen(base_zone), "z", err, sizeof(err));
	bool ok = false;
	switch (data[0] % 8) {
	case 0: ok = live_parse_buddyinfo(s, t, n, "buddyinfo", err, sizeof(err)); break;
	case 1: ok = live_parse_pagetypeinfo(s, t, n, "pagetypeinfo", err, sizeof(err)); break;
	case 2: ok = live_parse_zoneinfo(s, t, n, "zoneinfo", err, sizeof(err)); break;
	case 3: ok = live_parse_vmstat(s, t, n, "vmstat", err, sizeof(err)); break;
	case 4: ok = live_parse_version(s, t, n, "version", err, sizeof(err)); break;
	case 5: ok = live_parse_extfrag(s, true, t, n, "extfrag_index", err, sizeof(err)); break;
	case 6: ok = live_parse_extfrag(s, false, t, n, "unusable_index", err, sizeof(err)); break;
	default: {
		struct kp_map km;
		if (kp_parse_rle(&km, s, t, n, "kpageflags.rle", err, sizeof(err)))
			kp_free(&km);
		break;
	}
	}
	if (!ok && strlen(err) == 0 && data[0] % 8 < 7)
		abort();   /* a refusal always says why */
	if (ok && data[0] % 8 == 1) {
		uint64_t blocks = 0;
		for (int z = 0; z < s->nzones; z++)
			for (int k = 0; k < s->ntypes; k++)
				blocks += s->zones[z].blocks[k] < 4096 ? s->zones[z].blocks[k] : 4096;
		if (blocks < 4096) {
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			if (f && live_import(f, s, "fuzz", false, err, sizeof(err))) {
				fclose(f);
				struct diag_list d = { 0 };
				struct scenario *sc = scenario_load_text("import.yaml", buf, len, NULL, &d);
				if (!sc)
					abort();   /* import must write a scenario that loads */
				scenario_free(sc);
				diag_list_clear(&d);
			} else if (f) {
				fclose(f);
			}
			free(buf);
		}
	}
	free(s);
	return 0;
}
