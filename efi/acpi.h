/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Make sure the booted OS finds the RAM disk: an NFIT SPA range must cover
 * it (Linux's nfit driver turns it into /dev/pmemN), and an ACPI0012 device
 * must exist for nfit to bind. EDK2's RamDiskDxe publishes both itself;
 * we add only what is missing, and remove exactly what we added.
 */
#ifndef MEMDISK_ACPI_H
#define MEMDISK_ACPI_H

#include "efi.h"
#include "nfit.h"

struct acpi_state {
	EFI_ACPI_TABLE_PROTOCOL *table;
	UINTN nfit_key, ssdt_key;	/* ours, when the *_installed flags say so */
	int nfit_installed, ssdt_installed;
	uint8_t *old_nfit;		/* the firmware's NFIT we replaced, to restore */
	UINTN old_nfit_len;
};

/* Check, and publish what is missing. EFI_SUCCESS also when the firmware did it all. */
EFI_STATUS acpi_publish(struct acpi_state *s, enum nfit_kind kind, uint64_t base, uint64_t size);

/* Remove our tables; put back the NFIT we replaced. */
void acpi_unpublish(struct acpi_state *s);

#endif /* MEMDISK_ACPI_H */
