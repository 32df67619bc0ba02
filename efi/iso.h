/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Does an image hold an ISO 9660 volume with an El Torito boot catalog
 * that names an EFI (platform 0xEF) boot image? Pure code over the image
 * bytes, for memdisk.efi (before it registers a Virtual CD) and the host
 * tests (tests/unit/test_iso.c, tests/fuzz/fuzz_iso.c).
 */
#ifndef MEMDISK_ISO_H
#define MEMDISK_ISO_H

#include <stddef.h>
#include <stdint.h>

#define ISO_SECTOR 2048
#define ISO_PLATFORM_EFI 0xef
#define ISO_MAX_DESCRIPTORS 64	/* volume descriptors read before giving up */
#define ISO_MAX_ENTRIES 1024	/* boot catalog entries read before giving up */

enum iso_error {
	ISO_OK = 0,
	ISO_E_NOT_ISO = -1,	/* no "CD001" volume descriptor at sector 16 */
	ISO_E_NO_PVD = -2,	/* descriptors, but no primary volume descriptor */
	ISO_E_NO_BOOT_RECORD = -3,	/* no El Torito boot record */
	ISO_E_CATALOG = -4,	/* the boot catalog is outside the image or damaged */
	ISO_E_NO_EFI = -5,	/* a catalog without a bootable EFI entry */
};

struct iso_boot {
	uint32_t catalog_lba;	/* 2048-byte sectors */
	uint32_t efi_lba;	/* the first bootable EFI image */
	uint16_t efi_sectors;	/* its 512-byte sector count, as the catalog says */
	int entries;		/* bootable entries of any platform */
};

/* ISO_OK with *BOOT filled, or a negative enum iso_error. SIZE may exceed 4 GiB. */
int iso_check(const uint8_t *image, uint64_t size, struct iso_boot *boot);
const char *iso_strerror(int error);

#endif /* MEMDISK_ISO_H */
