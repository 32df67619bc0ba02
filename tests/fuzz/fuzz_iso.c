// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for efi/iso.c. Input: the first sectors of an image
 * (the seeds are synthetic ISO 9660 + El Torito images as xorriso lays
 * them out, with BIOS and EFI entries). libFuzzer's buffer is exactly
 * sized, so ASan sees any over-read; broken invariants abort.
 */
#include <stdlib.h>

#include "iso.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iso_boot b;
	int rc = iso_check(data, size, &b);

	check(rc <= 0 && rc >= ISO_E_NO_EFI);
	check(iso_strerror(rc) != NULL);
	if (rc == ISO_OK) {
		check(b.efi_lba != 0 && (uint64_t)b.efi_lba * ISO_SECTOR < size);
		check((uint64_t)b.catalog_lba * ISO_SECTOR < size);
		check(b.entries >= 1);
	}
	if (rc == ISO_E_NO_EFI || rc == ISO_E_CATALOG)
		check(b.catalog_lba != 0);
	return 0;
}
