// SPDX-License-Identifier: GPL-2.0
/*
 * ISO 9660 + El Torito check: see iso.h. Volume descriptors start at sector
 * 16 ("CD001", type 255 ends the set); the boot record (type 0) names
 * "EL TORITO SPECIFICATION" and the catalog's sector. The catalog is a
 * validation entry (header 1, key 55 AA, 16-bit words summing to 0), the
 * default entry (for the validation entry's platform), then section
 * headers (0x90, or 0x91 for the last) each followed by its entries;
 * extension entries (0x44) are skipped. Firmware (EDK2 ElTorito.c) boots
 * entries marked bootable (0x88) with a non-zero load sector.
 */
#include "iso.h"

#define VD_START 16
#define VD_BOOT 0
#define VD_PRIMARY 1
#define VD_END 255
#define ENTRY 32
#define BOOTABLE 0x88
#define HEADER_MORE 0x90
#define HEADER_LAST 0x91
#define EXTENSION 0x44

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static int same(const uint8_t *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)s[i])
			return 0;
	return 1;
}

/* Walk the volume descriptors: *catalog = the boot record's catalog sector. */
static int read_descriptors(const uint8_t *image, uint64_t size, uint32_t *catalog)
{
	static const char torito[] = "EL TORITO SPECIFICATION";
	int pvd = 0;

	*catalog = 0;
	for (uint64_t s = VD_START; s < VD_START + ISO_MAX_DESCRIPTORS; s++) {
		const uint8_t *vd = image + s * ISO_SECTOR;

		if ((s + 1) * ISO_SECTOR > size || !same(vd + 1, "CD001", 5)) {
			if (s == VD_START)
				return ISO_E_NOT_ISO;
			break;	/* a set without its terminator: use what we read */
		}
		if (vd[0] == VD_END)
			break;
		if (vd[0] == VD_PRIMARY)
			pvd = 1;
		if (vd[0] == VD_BOOT && !*catalog && same(vd + 7, torito, sizeof(torito) - 1))
			*catalog = get32(vd + 0x47);
	}
	if (!pvd)
		return ISO_E_NO_PVD;
	return *catalog ? ISO_OK : ISO_E_NO_BOOT_RECORD;
}

static int validation_ok(const uint8_t *e)
{
	uint16_t sum = 0;

	if (e[0] != 1 || e[30] != 0x55 || e[31] != 0xaa)
		return 0;
	for (int i = 0; i < ENTRY; i += 2)
		sum = (uint16_t)(sum + get16(e + i));
	return sum == 0;
}

static void entry(const uint8_t *e, uint8_t platform, uint64_t size, struct iso_boot *b)
{
	uint32_t lba = get32(e + 8);

	if (e[0] != BOOTABLE || !lba || (uint64_t)lba * ISO_SECTOR >= size)
		return;
	b->entries++;
	if (platform == ISO_PLATFORM_EFI && !b->efi_lba) {
		b->efi_lba = lba;
		b->efi_sectors = get16(e + 6);
	}
}

int iso_check(const uint8_t *image, uint64_t size, struct iso_boot *boot)
{
	uint64_t pos, end;
	uint8_t platform;
	int rc, left = 0, last = 0;

	boot->catalog_lba = boot->efi_lba = 0;
	boot->efi_sectors = 0;
	boot->entries = 0;
	rc = read_descriptors(image, size, &boot->catalog_lba);
	if (rc)
		return rc;
	pos = (uint64_t)boot->catalog_lba * ISO_SECTOR;
	if (pos >= size || size - pos < 2 * ENTRY || !validation_ok(image + pos))
		return ISO_E_CATALOG;
	platform = image[pos + 1];
	entry(image + pos + ENTRY, platform, size, boot);
	end = pos + (uint64_t)ISO_MAX_ENTRIES * ENTRY;
	if (end > size)
		end = size;
	for (pos += 2 * ENTRY; pos + ENTRY <= end && !(last && !left); pos += ENTRY) {
		const uint8_t *e = image + pos;

		if (e[0] == EXTENSION)
			continue;	/* extends the entry before it */
		if (left) {
			entry(e, platform, size, boot);
			left--;
		} else if (e[0] == HEADER_MORE || e[0] == HEADER_LAST) {
			platform = e[1];
			left = get16(e + 2);
			last = e[0] == HEADER_LAST;
		} else {
			break;	/* the end of the catalog */
		}
	}
	return boot->efi_lba ? ISO_OK : ISO_E_NO_EFI;
}

const char *iso_strerror(int error)
{
	switch (error) {
	case ISO_OK: return "no error";
	case ISO_E_NOT_ISO: return "not an ISO 9660 image (no CD001 volume descriptor at sector 16)";
	case ISO_E_NO_PVD: return "not an ISO 9660 image (no primary volume descriptor)";
	case ISO_E_NO_BOOT_RECORD: return "no El Torito EFI boot image (no El Torito boot record: the ISO is not bootable)";
	case ISO_E_CATALOG: return "the El Torito boot catalog is damaged or outside the image";
	case ISO_E_NO_EFI: return "no El Torito EFI boot image (no bootable platform 0xEF entry in the boot catalog)";
	default: return "unknown ISO error";
	}
}
