// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for module/mbft.c: real MEMDISK low-memory dumps (see
 * tests/data/README.md), each validation rule broken alone, scanning,
 * the BDA window, command-line copies and the region parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mbft.h"

#ifndef DUMP_DIR
#define DUMP_DIR "."
#endif

#define LOWMEM		MBFT_LOWMEM_END
#define WIN_BASE	0x9f000u	/* synthetic tables live in [WIN_BASE, LOWMEM) */
#define WIN_LEN		(LOWMEM - WIN_BASE)
#define TABLE_LEN	70		/* what MEMDISK 6.04 writes */
#define MAX		MBFT_MAX_TABLES
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void put32(u8 *p, u32 v)
{
	put16(p, (u16)v);
	put16(p + 2, (u16)(v >> 16));
}

static u32 get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void fix_checksum(u8 *t, u32 len)
{
	u8 sum = 0;
	u32 i;

	t[9] = 0;
	for (i = 0; i < len; i++)
		sum += t[i];
	t[9] = (u8)-sum;
}

/* A MEMDISK 6.04-style table of @len bytes (MDI bytes = len - 40). */
static void make_table_len(u8 *t, u32 len, u32 diskbuf, u32 disksize, u8 shift)
{
	memset(t, 0, len);
	memcpy(t, "mBFT", 4);
	put32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "MEMDSKSyslinux", 14);
	put16(t + 40, (u16)(len - 40));
	t[42] = 4;
	t[43] = 6;
	put32(t + 44, diskbuf);
	put32(t + 48, disksize);
	put32(t + 52, 0x9f0007e0);	/* command line at 0x9f7e0 */
	if (len > 66)
		t[66] = 0xb0;
	if (len > 67)
		t[67] = shift;
	fix_checksum(t, len);
}

static void make_table(u8 *t, u32 diskbuf, u32 disksize, u8 shift)
{
	make_table_len(t, TABLE_LEN, diskbuf, disksize, shift);
}

/* Exactly-sized heap buffers, so ASan sees any read past the end. */
static u8 *zalloc(size_t len)
{
	u8 *buf = calloc(1, len);

	assert_non_null(buf);
	return buf;
}

/* A whole low memory with BDA = 636 KiB, i.e. the window [0x9f000, 0xa0000). */
static u8 *make_lowmem(void)
{
	u8 *mem = zalloc(LOWMEM);

	put16(mem + MBFT_BDA_BASEMEM, WIN_BASE / 1024);
	return mem;
}

static enum mbft_status parse_one(u8 *t, size_t len)
{
	struct mbft_table table;

	return mbft_parse(t, len, WIN_BASE, 0, &table);
}

/* ---- the real dumps ---- */

struct dump {
	u8 *mem;
	size_t len;
	struct mbft_table tables[MAX];
	size_t count;
};

static void load_dump(struct dump *d, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/memdisk-%s.lowmem", DUMP_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run make check)", path);
	d->mem = zalloc(LOWMEM);
	d->len = fread(d->mem, 1, LOWMEM, f);
	fclose(f);
	assert_int_equal(d->len, LOWMEM);
	d->count = mbft_find(d->mem, d->len, 0, d->tables, MAX);
}

struct expect {
	u32 addr, diskbuf, disksize;
	u8 raw_shift;
	u64 image_size;
	u8 loader;
	u16 dpt_ptr;
	const char *cmdline;
};

/* memdiskfind's output formula, from the raw bytes (utils/memdiskfind.c). */
static u64 memdiskfind_size(const u8 *t)
{
	unsigned int shift = t[67] ? t[67] : 9;

	return (u64)get32(t + 48) << shift;
}

/* MEMDISK's INT 13h safe hook must name this table: an independent check. */
static void check_safe_hook(const struct dump *d, const struct mbft_table *t)
{
	const u8 *hook = d->mem + t->safe_hook;

	assert_memory_equal(hook + 3, "$INT13SFMEMDISK ", 16);
	assert_int_equal(get32(hook + 27), t->addr);
}

static void check_table(const struct dump *d, const struct mbft_table *t,
			const struct expect *e)
{
	assert_int_equal(t->status, MBFT_VALID);
	assert_int_equal(t->addr, e->addr);
	assert_int_equal(t->length, TABLE_LEN);
	assert_int_equal(t->revision, 1);
	assert_int_equal(t->version_major, 6);
	assert_int_equal(t->version_minor, 4);
	assert_int_equal(t->diskbuf, e->diskbuf);
	assert_int_equal(t->disksize, e->disksize);
	assert_int_equal(t->raw_sector_shift, e->raw_shift);
	assert_int_equal(t->image_size, e->image_size);
	assert_int_equal(t->image_size, memdiskfind_size(d->mem + t->addr));
	assert_int_equal(t->bootloader_id, e->loader);
	assert_int_equal(t->dpt_ptr, e->dpt_ptr);
	assert_string_equal(t->cmdline, e->cmdline);
	check_safe_hook(d, t);
}

static void test_dump_iso(void **state)
{
	static const struct expect e = {
		0x9f660, 0xfec6000, 563, 11, 1153024, 0xb0, 0, "iso raw"
	};
	struct dump d;

	(void)state;
	load_dump(&d, "iso");
	assert_int_equal(d.count, 1);
	check_table(&d, &d.tables[0], &e);
	assert_int_equal(d.tables[0].sector_shift, 11);
	/* The IVT's INT 13h vector is MEMDISK's hook, 9f00:000a. */
	assert_int_equal(mbft_segoff_to_phys(get32(d.mem + 0x13 * 4)), d.tables[0].safe_hook);
	free(d.mem);
}

static void test_dump_floppy(void **state)
{
	static const struct expect e = {
		0x9f8c0, 0xfe78000, 2880, 9, 1474560, 0xb0, 0x524, "floppy raw"
	};
	struct dump d;

	(void)state;
	load_dump(&d, "floppy");
	assert_int_equal(d.count, 1);
	check_table(&d, &d.tables[0], &e);
	free(d.mem);
}

static void test_dump_harddisk(void **state)
{
	static const struct expect e = {
		0x9f600, 0xf7e0000, 16384, 9, 8 << 20, 0xb0, 0, "harddisk raw"
	};
	struct dump d;

	(void)state;
	load_dump(&d, "harddisk");
	assert_int_equal(d.count, 1);
	check_table(&d, &d.tables[0], &e);
	free(d.mem);
}

/* ISOLINUX (loader 0x30) in a MEMDISK ISO started a second MEMDISK. */
static void test_dump_chain(void **state)
{
	static const struct expect inner = {
		0x9e8c0, 0xfc85000, 2880, 9, 1474560, 0x30, 0,
		"BOOT_IMAGE=/memdisk floppy raw initrd=/floppy.img"
	};
	static const struct expect outer = {
		0x9f660, 0xfded000, 997, 11, 2041856, 0xb0, 0, "iso raw"
	};
	struct dump d;

	(void)state;
	load_dump(&d, "chain");
	assert_int_equal(d.count, 2);
	check_table(&d, &d.tables[0], &inner);
	check_table(&d, &d.tables[1], &outer);
	/* INT 13h goes to the inner hook, which chains to the outer one. */
	assert_int_equal(mbft_segoff_to_phys(get32(d.mem + 0x13 * 4)), d.tables[0].safe_hook);
	assert_int_equal(mbft_segoff_to_phys(get32(d.mem + d.tables[0].safe_hook + 19)),
			 d.tables[1].safe_hook);
	free(d.mem);
}

/* Only the BDA and low RAM end decide the window: move them over the table. */
static void test_dump_window_bounds(void **state)
{
	struct mbft_table t[MAX];
	struct dump d;

	(void)state;
	load_dump(&d, "iso");
	assert_int_equal(mbft_find(d.mem, d.len, 0x9f000, t, MAX), 1);
	assert_int_equal(mbft_find(d.mem, d.len, 0x9f660, t, MAX), 1);
	assert_int_equal(mbft_find(d.mem, d.len, 0x9f670, t, MAX), 0);
	put16(d.mem + MBFT_BDA_BASEMEM, 638);	/* 0x9f800: above the table */
	assert_int_equal(mbft_find(d.mem, d.len, 0, t, MAX), 0);
	put16(d.mem + MBFT_BDA_BASEMEM, 64);
	assert_int_equal(mbft_find(d.mem, d.len, 0, t, MAX), 1);
	free(d.mem);
}

static void test_dump_bad_bda(void **state)
{
	static const u16 bad[] = { 0, 1, 63, 640, 641, 0xffff };
	struct mbft_table t[MAX];
	struct dump d;
	size_t i;

	(void)state;
	load_dump(&d, "iso");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		put16(d.mem + MBFT_BDA_BASEMEM, bad[i]);
		assert_int_equal(mbft_find(d.mem, d.len, 0, t, MAX), 0);
		assert_int_equal(mbft_find(d.mem, d.len, 0x9f000, t, MAX), 0);
	}
	free(d.mem);
}

/* A dump cut short: the table at its very end, then one byte less. */
static void test_dump_truncated(void **state)
{
	struct mbft_table t[MAX];
	struct dump d;
	u8 *cut;

	(void)state;
	load_dump(&d, "iso");
	cut = zalloc(0x9f660 + TABLE_LEN);
	memcpy(cut, d.mem, 0x9f660 + TABLE_LEN);
	assert_int_equal(mbft_find(cut, 0x9f660 + TABLE_LEN, 0, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_VALID);
	/* The command line (0x9f7e0) lies past the end: empty, not an error. */
	assert_string_equal(t[0].cmdline, "");
	assert_int_equal(mbft_find(cut, 0x9f660 + TABLE_LEN - 1, 0, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_TRUNCATED);
	assert_int_equal(mbft_find(cut, MBFT_BDA_BASEMEM + 1, 0, t, MAX), 0);
	free(cut);
	free(d.mem);
}

/* ---- validation rules, one at a time ---- */

static void test_valid_synthetic(void **state)
{
	u8 *t = zalloc(TABLE_LEN);
	struct mbft_table table;

	(void)state;
	make_table(t, 0x10000000, 100, 0);
	assert_int_equal(mbft_parse(t, TABLE_LEN, WIN_BASE, 0, &table), MBFT_VALID);
	assert_int_equal(table.addr, WIN_BASE);
	assert_int_equal(table.sector_shift, 9);
	assert_int_equal(table.image_size, 100 * 512);
	free(t);
}

static void test_bad_signature(void **state)
{
	u8 *t = zalloc(TABLE_LEN);

	(void)state;
	make_table(t, 0x10000000, 100, 0);
	t[3] = 't';
	fix_checksum(t, TABLE_LEN);
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_BAD_SIGNATURE);
	free(t);
}

static void test_length_bounds(void **state)
{
	u8 *t = zalloc(MBFT_MAX_LENGTH + 1);

	(void)state;
	make_table_len(t, MBFT_MIN_LENGTH - 1, 0x10000000, 1, 0);
	assert_int_equal(parse_one(t, MBFT_MAX_LENGTH + 1), MBFT_BAD_LENGTH);
	make_table_len(t, MBFT_MIN_LENGTH, 0x10000000, 1, 0);
	assert_int_equal(parse_one(t, MBFT_MAX_LENGTH + 1), MBFT_VALID);
	make_table_len(t, MBFT_MAX_LENGTH, 0x10000000, 1, 0);
	assert_int_equal(parse_one(t, MBFT_MAX_LENGTH + 1), MBFT_VALID);
	make_table_len(t, MBFT_MAX_LENGTH + 1, 0x10000000, 1, 0);
	assert_int_equal(parse_one(t, MBFT_MAX_LENGTH + 1), MBFT_BAD_LENGTH);
	put32(t + 4, 0xffffffff);
	assert_int_equal(parse_one(t, MBFT_MAX_LENGTH + 1), MBFT_BAD_LENGTH);
	free(t);
}

/*
 * A 66-byte table (MDI without boot loader ID, sector shift and DPT) at
 * the very end of memory: the missing fields read as 0, nothing past it.
 */
static void test_min_length_at_end(void **state)
{
	u8 *t = zalloc(MBFT_MIN_LENGTH);
	struct mbft_table table;

	(void)state;
	make_table_len(t, MBFT_MIN_LENGTH, 0x10000000, 8, 0);
	assert_int_equal(mbft_parse(t, MBFT_MIN_LENGTH, WIN_BASE, 0, &table), MBFT_VALID);
	assert_int_equal(table.bootloader_id, 0);
	assert_int_equal(table.raw_sector_shift, 0);
	assert_int_equal(table.dpt_ptr, 0);
	assert_int_equal(table.image_size, 8 * 512);
	free(t);
}

static void test_truncated(void **state)
{
	u8 *t = zalloc(TABLE_LEN);
	struct mbft_table table;

	(void)state;
	make_table(t, 0x10000000, 100, 0);
	assert_int_equal(parse_one(t, TABLE_LEN - 1), MBFT_TRUNCATED);
	assert_int_equal(parse_one(t, 7), MBFT_TRUNCATED);
	assert_int_equal(parse_one(t, 4), MBFT_TRUNCATED);
	assert_int_equal(mbft_parse(t, TABLE_LEN, WIN_BASE, TABLE_LEN + 1, &table),
			 MBFT_TRUNCATED);
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_VALID);
	free(t);
}

static void test_mdi_length_mismatch(void **state)
{
	u8 *t = zalloc(TABLE_LEN);

	(void)state;
	make_table(t, 0x10000000, 100, 0);
	put16(t + 40, TABLE_LEN - 40 - 1);
	fix_checksum(t, TABLE_LEN);
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_BAD_MDI_LENGTH);
	put16(t + 40, TABLE_LEN - 40 + 1);
	fix_checksum(t, TABLE_LEN);
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_BAD_MDI_LENGTH);
	free(t);
}

static void test_bad_checksum(void **state)
{
	u8 *t = zalloc(TABLE_LEN);

	(void)state;
	make_table(t, 0x10000000, 100, 0);
	t[TABLE_LEN - 1] ^= 0x01;
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_BAD_CHECKSUM);
	t[TABLE_LEN - 1] ^= 0x01;
	t[9]++;
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_BAD_CHECKSUM);
	free(t);
}

static void test_empty_image(void **state)
{
	u8 *t = zalloc(TABLE_LEN);

	(void)state;
	make_table(t, 0x10000000, 0, 0);
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_EMPTY_IMAGE);
	free(t);
}

static void test_above_4g(void **state)
{
	u8 *t = zalloc(TABLE_LEN);
	struct mbft_table table;

	(void)state;
	make_table(t, 0xfffff000, 8, 0);	/* ends exactly at 4 GiB */
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_VALID);
	make_table(t, 0xfffff000, 9, 0);
	assert_int_equal(parse_one(t, TABLE_LEN), MBFT_IMAGE_ABOVE_4G);
	make_table(t, 0x10000000, 0xffffffff, 11);	/* 8 TiB */
	assert_int_equal(mbft_parse(t, TABLE_LEN, WIN_BASE, 0, &table), MBFT_IMAGE_ABOVE_4G);
	assert_int_equal(table.image_size, 0xffffffffull << 11);
	free(t);
}

static void test_sector_shift(void **state)
{
	static const struct {
		u8 raw;
		enum mbft_status status;
		unsigned int shift;
	} cases[] = {
		{ 0, MBFT_VALID, 9 }, { 9, MBFT_VALID, 9 }, { 11, MBFT_VALID, 11 },
		{ 7, MBFT_BAD_SECTOR_SHIFT, 7 }, { 10, MBFT_BAD_SECTOR_SHIFT, 10 },
		{ 12, MBFT_BAD_SECTOR_SHIFT, 12 }, { 30, MBFT_BAD_SECTOR_SHIFT, 30 },
		{ 64, MBFT_BAD_SECTOR_SHIFT, 64 }, { 255, MBFT_BAD_SECTOR_SHIFT, 255 },
	};
	u8 *t = zalloc(TABLE_LEN);
	struct mbft_table table;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_table(t, 0x10000000, 4, cases[i].raw);
		assert_int_equal(mbft_parse(t, TABLE_LEN, WIN_BASE, 0, &table), cases[i].status);
		assert_int_equal(table.raw_sector_shift, cases[i].raw);
		assert_int_equal(table.sector_shift, cases[i].shift);
		if (cases[i].status == MBFT_VALID)
			assert_int_equal(table.image_size, 4ull << cases[i].shift);
	}
	free(t);
}

/* ---- scanning ---- */

static void test_table_at_buffer_end(void **state)
{
	u8 *buf = zalloc(WIN_LEN);
	struct mbft_table t[MAX];

	(void)state;
	make_table(buf + WIN_LEN - 80, 0x10000000, 100, 0);	/* 80: 16-aligned */
	assert_int_equal(mbft_scan(buf, WIN_LEN - 10, WIN_BASE, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_VALID);
	assert_int_equal(t[0].addr, LOWMEM - 80);
	assert_int_equal(mbft_scan(buf, WIN_LEN - 11, WIN_BASE, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_TRUNCATED);
	/* Only the signature left in the buffer. */
	assert_int_equal(mbft_scan(buf, WIN_LEN - 76, WIN_BASE, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_TRUNCATED);
	assert_int_equal(mbft_scan(buf, WIN_LEN - 77, WIN_BASE, t, MAX), 0);
	free(buf);
}

static void test_alignment(void **state)
{
	u8 *buf = zalloc(256);
	struct mbft_table t[MAX];

	(void)state;
	make_table(buf + 8, 0x10000000, 100, 0);
	assert_int_equal(mbft_scan(buf, 256, WIN_BASE, t, MAX), 0);
	/* Physically aligned although not at a 16-byte buffer offset. */
	assert_int_equal(mbft_scan(buf, 256, WIN_BASE + 8, t, MAX), 1);
	assert_int_equal(t[0].addr, WIN_BASE + 16);
	assert_int_equal(t[0].status, MBFT_VALID);
	free(buf);
}

static void test_several_tables(void **state)
{
	u8 *buf = zalloc(WIN_LEN);
	struct mbft_table t[MAX];
	size_t i;

	(void)state;
	for (i = 0; i < MAX + 2; i++)
		make_table(buf + i * 128, 0x10000000 + (u32)i * 0x100000, 100, 0);
	assert_int_equal(mbft_scan(buf, WIN_LEN, WIN_BASE, t, 3), 3);
	assert_int_equal(mbft_scan(buf, WIN_LEN, WIN_BASE, t, MAX), MAX);
	for (i = 0; i < MAX; i++) {
		assert_int_equal(t[i].status, MBFT_VALID);
		assert_int_equal(t[i].addr, WIN_BASE + i * 128);
		assert_int_equal(t[i].diskbuf, 0x10000000 + i * 0x100000);
	}
	assert_int_equal(mbft_scan(buf, WIN_LEN, WIN_BASE, t, 0), 0);
	free(buf);
}

static void scan_pair(u32 buf1, u32 size1, u32 buf2, u32 size2, enum mbft_status second)
{
	u8 *buf = zalloc(256);
	struct mbft_table t[MAX];

	make_table(buf, buf1, size1, 0);
	make_table(buf + 128, buf2, size2, 0);
	assert_int_equal(mbft_scan(buf, 256, WIN_BASE, t, MAX), 2);
	assert_int_equal(t[0].status, MBFT_VALID);
	assert_int_equal(t[1].status, second);
	free(buf);
}

static void test_duplicate_and_overlap(void **state)
{
	(void)state;
	scan_pair(0x10000000, 8, 0x10000000, 8, MBFT_DUPLICATE);
	scan_pair(0x10000000, 8, 0x10000000, 9, MBFT_OVERLAP);
	scan_pair(0x10000000, 8, 0x10000e00, 8, MBFT_OVERLAP);	/* last sector shared */
	scan_pair(0x10000000, 8, 0x0ffffe00, 2, MBFT_OVERLAP);	/* first sector shared */
	scan_pair(0x10000000, 8, 0x0fffff00, 100, MBFT_OVERLAP);	/* encloses */
	scan_pair(0x10000000, 8, 0x10001000, 8, MBFT_VALID);	/* adjacent */
	scan_pair(0x10000000, 8, 0x0ffff000, 8, MBFT_VALID);
}

/* An invalid table claims nothing: a later valid one with its image stays. */
static void test_invalid_does_not_shadow(void **state)
{
	u8 *buf = zalloc(256);
	struct mbft_table t[MAX];

	(void)state;
	make_table(buf, 0x10000000, 8, 0);
	buf[20] ^= 0xff;				/* breaks the checksum */
	make_table(buf + 128, 0x10000000, 8, 0);
	assert_int_equal(mbft_scan(buf, 256, WIN_BASE, t, MAX), 2);
	assert_int_equal(t[0].status, MBFT_BAD_CHECKSUM);
	assert_int_equal(t[1].status, MBFT_VALID);
	free(buf);
}

static u32 rng_state = 0x12345678;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Whatever mbft_scan calls valid must obey every rule. */
static void check_invariants(const struct mbft_table *t, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		assert_int_equal(t[i].addr % MBFT_ALIGN, 0);
		if (i)
			assert_true(t[i].addr > t[i - 1].addr);
		if (t[i].status != MBFT_VALID)
			continue;
		assert_true(t[i].sector_shift == 9 || t[i].sector_shift == 11);
		assert_true(t[i].image_size > 0);
		assert_true(t[i].diskbuf + t[i].image_size <= MBFT_4GIB);
	}
}

static void test_garbage(void **state)
{
	u8 *buf = zalloc(WIN_LEN);
	struct mbft_table t[MAX];
	size_t round, i, count;

	(void)state;
	for (round = 0; round < 200; round++) {
		for (i = 0; i < WIN_LEN; i++)
			buf[i] = (u8)rng();
		/* Plant signatures, some over plausible lengths. */
		for (i = 0; i < 6; i++) {
			u8 *p = buf + (rng() % (WIN_LEN / 16)) * 16;

			memcpy(p, "mBFT", 4);
			if (rng() & 1)
				put32(p + 4, 66 + rng() % 64);
		}
		count = mbft_scan(buf, WIN_LEN, WIN_BASE, t, MAX);
		assert_true(count >= 1 && count <= MAX);
		check_invariants(t, count);
	}
	free(buf);
}

static void test_no_signature(void **state)
{
	u8 *buf = zalloc(WIN_LEN);
	struct mbft_table t[MAX];

	(void)state;
	memset(buf, 0xff, WIN_LEN);
	assert_int_equal(mbft_scan(buf, WIN_LEN, WIN_BASE, t, MAX), 0);
	assert_int_equal(mbft_scan(buf, 3, WIN_BASE, t, MAX), 0);
	assert_int_equal(mbft_scan(buf, 0, WIN_BASE, t, MAX), 0);
	free(buf);
}

/* ---- the scan window ---- */

static void test_scan_window(void **state)
{
	u32 start = 0;

	(void)state;
	assert_true(mbft_scan_window(636, 0, &start));
	assert_int_equal(start, 0x9f000);
	assert_true(mbft_scan_window(64, 0, &start));
	assert_int_equal(start, 0x10000);
	assert_true(mbft_scan_window(639, 0, &start));
	assert_int_equal(start, 0x9fc00);
	assert_true(mbft_scan_window(636, 0x9f800, &start));
	assert_int_equal(start, 0x9f800);
	assert_true(mbft_scan_window(636, 0x1000, &start));
	assert_int_equal(start, 0x9f000);
	assert_false(mbft_scan_window(63, 0, &start));
	assert_false(mbft_scan_window(0, 0x9f000, &start));
	assert_false(mbft_scan_window(640, 0, &start));
	assert_false(mbft_scan_window(0xffff, 0, &start));
	assert_false(mbft_scan_window(636, MBFT_LOWMEM_END, &start));
}

static void test_find_synthetic(void **state)
{
	u8 *mem = make_lowmem();
	struct mbft_table t[MAX];

	(void)state;
	make_table(mem + 0x9f660, 0x10000000, 100, 11);
	memcpy(mem + 0x9f7e0, "iso raw", 8);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_string_equal(t[0].cmdline, "iso raw");
	/* Below the window: ignored. */
	make_table(mem + 0x9e000, 0x20000000, 100, 0);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_int_equal(mbft_find(mem, MBFT_BDA_BASEMEM + 1, 0, t, MAX), 0);
	assert_int_equal(mbft_find(mem, WIN_BASE, 0, t, MAX), 0);
	free(mem);
}

/* ---- command lines ---- */

static void test_segoff(void **state)
{
	(void)state;
	assert_int_equal(mbft_segoff_to_phys(0x9f0007e0), 0x9f7e0);
	assert_int_equal(mbft_segoff_to_phys(0), 0);
	assert_int_equal(mbft_segoff_to_phys(0xffffffff), 0x10ffef);
}

static void test_copy_string(void **state)
{
	static const u8 src[] = { 'a', 'b', 0x01, 0x7f, 0xff, 'c', 'd', 0 };
	u8 *buf = zalloc(sizeof(src));
	char dst[8];

	(void)state;
	memcpy(buf, src, sizeof(src));
	assert_true(mbft_copy_string(buf, sizeof(src), 0x1000, 0x1000, dst, sizeof(dst)));
	assert_string_equal(dst, "ab???cd");
	assert_true(mbft_copy_string(buf, sizeof(src), 0x1000, 0x1000, dst, 3));
	assert_string_equal(dst, "ab");
	assert_true(mbft_copy_string(buf, sizeof(src), 0x1000, 0x1005, dst, sizeof(dst)));
	assert_string_equal(dst, "cd");
	/* No NUL before the end of the buffer: stop there. */
	assert_true(mbft_copy_string(buf, 4, 0x1000, 0x1000, dst, sizeof(dst)));
	assert_string_equal(dst, "ab??");
	free(buf);
}

static void test_copy_string_outside(void **state)
{
	u8 *buf = zalloc(16);
	char dst[8];

	(void)state;
	memset(buf, 'x', 16);
	strcpy(dst, "old");
	assert_false(mbft_copy_string(buf, 16, 0x1000, 0xfff, dst, sizeof(dst)));
	assert_string_equal(dst, "");
	strcpy(dst, "old");
	assert_false(mbft_copy_string(buf, 16, 0x1000, 0x1010, dst, sizeof(dst)));
	assert_string_equal(dst, "");
	assert_false(mbft_copy_string(buf, 16, 0x1000, 0xffffffff, dst, sizeof(dst)));
	assert_false(mbft_copy_string(buf, 16, 0x1000, 0x1000, dst, 0));
	assert_true(mbft_copy_string(buf, 16, 0x1000, 0x100f, dst, 1));
	assert_string_equal(dst, "");
	free(buf);
}

static void test_find_cmdline(void **state)
{
	u8 *mem = make_lowmem();
	struct mbft_table t[MAX];
	size_t i;

	(void)state;
	make_table(mem + 0x9f660, 0x10000000, 100, 0);
	/* A 300-byte command line is cut to MBFT_CMDLINE_MAX - 1. */
	memset(mem + 0x9f7e0, 'a', 300);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_int_equal(strlen(t[0].cmdline), MBFT_CMDLINE_MAX - 1);
	/* One running to the end of low memory stops there. */
	put32(mem + 0x9f660 + 52, 0x9fff0000);		/* 9fff:0000 = 0x9fff0 */
	fix_checksum(mem + 0x9f660, TABLE_LEN);
	memset(mem + 0x9fff0, 'b', 16);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_string_equal(t[0].cmdline, "bbbbbbbbbbbbbbbb");
	/* Pointing past the buffer (ffff:ffff = 0x10ffef): empty, still valid. */
	put32(mem + 0x9f660 + 52, 0xffffffff);
	fix_checksum(mem + 0x9f660, TABLE_LEN);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_VALID);
	assert_string_equal(t[0].cmdline, "");
	for (i = 0; i < sizeof(t[0].cmdline); i++)
		assert_int_equal(t[0].cmdline[i], 0);
	free(mem);
}

/*
 * Below the scan window lies low RAM the kernel uses: a forged table must
 * not get it copied into the world-readable cmdline attribute.
 */
static void test_find_cmdline_outside_window(void **state)
{
	u8 *mem = make_lowmem();
	struct mbft_table t[MAX];

	(void)state;
	make_table(mem + 0x9f660, 0x10000000, 100, 0);
	memcpy(mem + 0x8000, "kernel secret", 14);
	put32(mem + 0x9f660 + 52, 0x08000000);		/* 0800:0000 = 0x8000 */
	fix_checksum(mem + 0x9f660, TABLE_LEN);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_int_equal(t[0].status, MBFT_VALID);
	assert_string_equal(t[0].cmdline, "");
	/* The window's first byte is inside. */
	memcpy(mem + WIN_BASE, "iso", 4);
	put32(mem + 0x9f660 + 52, (WIN_BASE >> 4) << 16);
	fix_checksum(mem + 0x9f660, TABLE_LEN);
	assert_int_equal(mbft_find(mem, LOWMEM, 0, t, MAX), 1);
	assert_string_equal(t[0].cmdline, "iso");
	/* Low RAM ending inside the window moves its start up. */
	assert_int_equal(mbft_find(mem, LOWMEM, WIN_BASE + 16, t, MAX), 1);
	assert_string_equal(t[0].cmdline, "");
	free(mem);
}

/* ---- the region parameter ---- */

static void test_region_problem(void **state)
{
	(void)state;
	assert_null(mbft_region_problem(0x10000000, 0x100000));
	assert_non_null(mbft_region_problem(0x10000000, 0));
	assert_non_null(mbft_region_problem(0x10000000, 1000));
	assert_non_null(mbft_region_problem(0xfffff000, ~0ull & ~511ull));
	assert_non_null(mbft_region_problem(0x9f000, 4096));
}

static void test_status_strings(void **state)
{
	enum mbft_status s, o;

	(void)state;
	for (s = MBFT_VALID; s <= MBFT_OVERLAP; s++) {
		assert_string_not_equal(mbft_status_str(s), "unknown");
		for (o = MBFT_VALID; o < s; o++)
			assert_string_not_equal(mbft_status_str(s), mbft_status_str(o));
	}
	assert_string_equal(mbft_status_str(MBFT_OVERLAP + 1), "unknown");
	assert_string_equal(mbft_status_str((enum mbft_status)-1), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_iso),
		cmocka_unit_test(test_dump_floppy),
		cmocka_unit_test(test_dump_harddisk),
		cmocka_unit_test(test_dump_chain),
		cmocka_unit_test(test_dump_window_bounds),
		cmocka_unit_test(test_dump_bad_bda),
		cmocka_unit_test(test_dump_truncated),
		cmocka_unit_test(test_valid_synthetic),
		cmocka_unit_test(test_bad_signature),
		cmocka_unit_test(test_length_bounds),
		cmocka_unit_test(test_min_length_at_end),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_mdi_length_mismatch),
		cmocka_unit_test(test_bad_checksum),
		cmocka_unit_test(test_empty_image),
		cmocka_unit_test(test_above_4g),
		cmocka_unit_test(test_sector_shift),
		cmocka_unit_test(test_table_at_buffer_end),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_several_tables),
		cmocka_unit_test(test_duplicate_and_overlap),
		cmocka_unit_test(test_invalid_does_not_shadow),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_no_signature),
		cmocka_unit_test(test_scan_window),
		cmocka_unit_test(test_find_synthetic),
		cmocka_unit_test(test_segoff),
		cmocka_unit_test(test_copy_string),
		cmocka_unit_test(test_copy_string_outside),
		cmocka_unit_test(test_find_cmdline),
		cmocka_unit_test(test_find_cmdline_outside_window),
		cmocka_unit_test(test_region_problem),
		cmocka_unit_test(test_status_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
