// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for efi/iso.c: synthetic ISO 9660 images with El Torito boot
 * catalogs (BIOS only, EFI as default entry, EFI in a section as xorriso
 * writes it, extension entries, several sections), each rule broken alone,
 * and truncated images.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "iso.h"

#define SECTORS 24
#define CATALOG 19
#define SIZE (SECTORS * ISO_SECTOR)

static uint8_t img[SIZE];

static uint8_t *sector(int n)
{
	return img + n * ISO_SECTOR;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void descriptor(int n, uint8_t type)
{
	uint8_t *vd = sector(n);

	vd[0] = type;
	memcpy(vd + 1, "CD001", 5);
	vd[6] = 1;
}

static void validation(uint8_t *e, uint8_t platform)
{
	uint16_t sum = 0;

	memset(e, 0, 32);
	e[0] = 1;
	e[1] = platform;
	e[30] = 0x55;
	e[31] = 0xaa;
	for (int i = 0; i < 32; i += 2)
		sum = (uint16_t)(sum + (e[i] | e[i + 1] << 8));
	put16(e + 28, (uint16_t)-sum);
}

static void boot_entry(uint8_t *e, uint8_t indicator, uint32_t lba, uint16_t count)
{
	memset(e, 0, 32);
	e[0] = indicator;
	put16(e + 6, count);
	put32(e + 8, lba);
}

static void section(uint8_t *e, uint8_t header, uint8_t platform, uint16_t n)
{
	memset(e, 0, 32);
	e[0] = header;
	e[1] = platform;
	put16(e + 2, n);
}

/* PVD at 16, boot record at 17 (catalog at 19), terminator at 18; a BIOS default
 * entry and an EFI section entry, the way xorriso lays out a hybrid. */
static void make_iso(void)
{
	uint8_t *cat = sector(CATALOG);

	memset(img, 0, sizeof(img));
	descriptor(16, 1);
	descriptor(17, 0);
	memcpy(sector(17) + 7, "EL TORITO SPECIFICATION", 23);
	put32(sector(17) + 0x47, CATALOG);
	descriptor(18, 255);
	validation(cat, 0);
	boot_entry(cat + 32, 0x88, 20, 4);
	section(cat + 64, 0x91, 0xef, 1);
	boot_entry(cat + 96, 0x88, 21, 2880);
}

static void expect(int rc)
{
	struct iso_boot b;

	assert_int_equal(iso_check(img, SIZE, &b), rc);
}

static void test_hybrid_catalog(void **state)
{
	struct iso_boot b;

	(void)state;
	make_iso();
	assert_int_equal(iso_check(img, SIZE, &b), ISO_OK);
	assert_int_equal(b.catalog_lba, CATALOG);
	assert_int_equal(b.efi_lba, 21);
	assert_int_equal(b.efi_sectors, 2880);
	assert_int_equal(b.entries, 2);
}

static void test_efi_default_entry(void **state)
{
	struct iso_boot b;

	(void)state;
	make_iso();
	validation(sector(CATALOG), 0xef);
	memset(sector(CATALOG) + 64, 0, 64);
	assert_int_equal(iso_check(img, SIZE, &b), ISO_OK);
	assert_int_equal(b.efi_lba, 20);
	assert_int_equal(b.entries, 1);
}

static void test_bios_only(void **state)
{
	(void)state;
	make_iso();
	memset(sector(CATALOG) + 64, 0, 64);
	expect(ISO_E_NO_EFI);
	/* an EFI entry that is not bootable, or loads from sector 0, or past the end */
	make_iso();
	sector(CATALOG)[96] = 0;
	expect(ISO_E_NO_EFI);
	make_iso();
	put32(sector(CATALOG) + 96 + 8, 0);
	expect(ISO_E_NO_EFI);
	make_iso();
	put32(sector(CATALOG) + 96 + 8, SECTORS);
	expect(ISO_E_NO_EFI);
}

static void test_sections(void **state)
{
	uint8_t *cat;
	struct iso_boot b;

	(void)state;
	/* a BIOS section (0x90) with an entry and an extension, then the EFI one */
	make_iso();
	cat = sector(CATALOG);
	section(cat + 64, 0x90, 0, 1);
	boot_entry(cat + 96, 0x88, 22, 4);
	boot_entry(cat + 128, 0x44, 0, 0);
	section(cat + 160, 0x91, 0xef, 2);
	boot_entry(cat + 192, 0x00, 21, 4);
	boot_entry(cat + 224, 0x88, 23, 8);
	assert_int_equal(iso_check(img, SIZE, &b), ISO_OK);
	assert_int_equal(b.efi_lba, 23);
	assert_int_equal(b.efi_sectors, 8);
	assert_int_equal(b.entries, 3);
	/* entries after the last section are not read */
	section(cat + 160, 0x91, 0, 0);
	section(cat + 192, 0x91, 0xef, 1);
	boot_entry(cat + 224, 0x88, 23, 8);
	expect(ISO_E_NO_EFI);
	/* a catalog whose entries run to the end of the image */
	make_iso();
	cat = sector(CATALOG);
	section(cat + 64, 0x91, 0, 0xffff);
	expect(ISO_E_NO_EFI);
}

static void test_not_iso(void **state)
{
	struct iso_boot b;

	(void)state;
	memset(img, 0xa5, sizeof(img));
	expect(ISO_E_NOT_ISO);
	make_iso();
	assert_int_equal(iso_check(img, 17 * ISO_SECTOR - 1, &b), ISO_E_NOT_ISO);
	assert_int_equal(iso_check(img, 0, &b), ISO_E_NOT_ISO);
	/* descriptors without a PVD */
	make_iso();
	sector(16)[0] = 2;
	expect(ISO_E_NO_PVD);
}

static void test_boot_record(void **state)
{
	struct iso_boot b;

	(void)state;
	make_iso();
	memcpy(sector(17) + 7, "EL TORITO SPECIFICATIOM", 23);
	expect(ISO_E_NO_BOOT_RECORD);
	/* a boot record after the terminator does not count */
	make_iso();
	sector(17)[0] = 255;
	descriptor(18, 0);
	memcpy(sector(18) + 7, "EL TORITO SPECIFICATION", 23);
	put32(sector(18) + 0x47, CATALOG);
	expect(ISO_E_NO_BOOT_RECORD);
	/* a set without terminator ends at the image's end */
	make_iso();
	memset(sector(18), 0, ISO_SECTOR);
	expect(ISO_OK);
	assert_int_equal(iso_check(img, 18 * ISO_SECTOR, &b), ISO_E_CATALOG);
}

static void test_catalog(void **state)
{
	struct iso_boot b;

	(void)state;
	make_iso();
	sector(CATALOG)[5] ^= 1;	/* checksum */
	expect(ISO_E_CATALOG);
	make_iso();
	sector(CATALOG)[31] = 0;	/* key */
	expect(ISO_E_CATALOG);
	make_iso();
	put32(sector(17) + 0x47, SECTORS);
	expect(ISO_E_CATALOG);
	make_iso();
	put32(sector(17) + 0x47, 0xffffffffu);
	expect(ISO_E_CATALOG);
	/* truncated right after the validation entry */
	make_iso();
	assert_int_equal(iso_check(img, CATALOG * ISO_SECTOR + 63, &b), ISO_E_CATALOG);
	assert_int_equal(iso_check(img, CATALOG * ISO_SECTOR + 64, &b), ISO_E_NO_EFI);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(iso_strerror(ISO_E_NOT_ISO),
			    "not an ISO 9660 image (no CD001 volume descriptor at sector 16)");
	assert_non_null(strstr(iso_strerror(ISO_E_NO_EFI), "no El Torito EFI boot image"));
	assert_non_null(strstr(iso_strerror(ISO_E_NO_BOOT_RECORD), "no El Torito EFI boot image"));
	for (int e = ISO_E_NO_EFI; e < 0; e++)
		assert_string_not_equal(iso_strerror(e), "unknown ISO error");
	assert_string_equal(iso_strerror(7), "unknown ISO error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hybrid_catalog),
		cmocka_unit_test(test_efi_default_entry),
		cmocka_unit_test(test_bios_only),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_not_iso),
		cmocka_unit_test(test_boot_record),
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
