/* Fuzz target: any bytes as a scenario file. Loading must never crash; a
 * valid scenario (kept small) is run with every invariant checked after
 * every step. Built with libFuzzer by `make fuzz`; tests/tools/fuzz_replay.c
 * replays a corpus through the same function in `make test`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/machine.h"
#include "engine/step.h"
#include "report/dump.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = { 0 };
	struct scenario *sc = scenario_load_text("fuzz.yaml", (const char *)data, size, NULL, &diags);
	diag_list_clear(&diags);
	if (!sc)
		return 0;
	uint64_t ops = 0, pages = 0;
	for (size_t i = 0; i < sc->nsteps; i++)
		ops += step_op_count(&sc->steps[i]);
	for (int z = 0; z < sc->cfg.nzones; z++)
		pages += sc->cfg.zones[z].pages;
	if (ops <= 20000 && pages <= (1u << 20)) {
		struct machine *m = machine_create(&sc->cfg);
		if (!m)
			abort();
		char msg[256];
		for (size_t i = 0; i < sc->nsteps; i++) {
			struct step_result r = { 0 };
			step_run(m, &sc->steps[i], &r);
			step_result_clear(&r);
			if (pages <= (1u << 16) && !machine_check(m, msg, sizeof(msg))) {
				fprintf(stderr, "invariant broken after step %zu: %s\n", i + 1, msg);
				abort();
			}
		}
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			for (int k = 0; k < DUMP_KIND_COUNT; k++)
				dump_write(null, m, k);
			fclose(null);
		}
		machine_destroy(m);
	}
	scenario_free(sc);
	return 0;
}
