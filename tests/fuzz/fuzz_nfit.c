// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for efi/nfit.c. Input: a table as ACPI would hand it
 * over (the seeds are NFITs as EDK2's RamDiskDxe and memdisk.efi write
 * them). A valid table is walked; each SPA must be covered by the table,
 * and the writer's copy with one more SPA must validate and cover it.
 * libFuzzer's buffer is exactly sized, so ASan sees any over-read; broken
 * invariants abort.
 */
#include <stdlib.h>

#include "nfit.h"

static uint8_t out[1 << 16];

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nfit_spa spa;
	size_t pos = 0, last = 0;
	int64_t n;
	int rc;

	if (nfit_validate(data, size) != 0)
		return 0;
	while ((rc = nfit_next_spa(data, size, &pos, &spa)) == 1) {
		check(pos > last && pos <= size);
		last = pos;
		check(nfit_covers(data, size, spa.base, spa.length) == 1);
		check(nfit_kind_name(spa.kind) != NULL);
	}
	check(rc == 0 || rc == NFIT_E_SPA_LEN);
	n = nfit_append_spa(out, sizeof(out), data, size, NFIT_KIND_VCD, 1ull << 33, 4096);
	if (n == NFIT_E_SPACE)
		return 0;
	check(n > 0 && nfit_validate(out, (size_t)n) == 0);
	if (rc == 0)
		check(nfit_covers(out, (size_t)n, 1ull << 33, 4096) == 1);
	return 0;
}
