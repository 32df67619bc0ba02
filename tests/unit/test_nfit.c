// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for efi/nfit.c: tables as EDK2's RamDiskDxe writes them, each
 * validation rule broken alone, SPA iteration, coverage (also above 4 GiB
 * and at the top of the address space) and the writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "nfit.h"

#define GIB (1ull << 30)

static uint8_t buf[1024], out[1024];

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

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A one-SPA Virtual CD table, the shape RamDiskDxe publishes. */
static size_t vcd_table(uint64_t base, uint64_t len)
{
	int64_t n = nfit_build(buf, sizeof(buf), NFIT_KIND_VCD, base, len);

	assert_int_equal(n, NFIT_HEADER_LEN + NFIT_SPA_LEN);
	return (size_t)n;
}

/* Append a raw structure of TYPE and LEN (zero body) and fix the header. */
static size_t add_struct(size_t tlen, uint16_t type, uint16_t len)
{
	memset(buf + tlen, 0, len);
	put16(buf + tlen, type);
	put16(buf + tlen + 2, len);
	tlen += len;
	put32(buf + 4, (uint32_t)tlen);
	nfit_fix_checksum(buf);
	return tlen;
}

static void test_build_reads_back(void **state)
{
	struct nfit_spa spa;
	size_t pos = 0, n = vcd_table(0x3c52d000, 0x1c5d000);
	uint8_t vcd[16];

	(void)state;
	assert_int_equal(nfit_validate(buf, n), 0);
	assert_memory_equal(buf, "NFIT", 4);
	assert_int_equal(get32(buf + 4), n);
	assert_int_equal(buf[8], 1);
	assert_memory_equal(buf + 10, "MEMDSK", 6);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 1);
	assert_int_equal(spa.kind, NFIT_KIND_VCD);
	assert_int_equal(spa.base, 0x3c52d000);
	assert_int_equal(spa.length, 0x1c5d000);
	assert_int_equal(spa.range_index, 0);
	assert_int_equal(spa.flags, 0);
	assert_int_equal(spa.proximity, 0);
	assert_int_equal(spa.mapping_attr, 0);
	/* 3D5ABD30-4175-87CE-6D64-D2ADE523C4BB as stored (mixed endian) */
	memcpy(vcd, "\x30\xbd\x5a\x3d\x75\x41\xce\x87\x6d\x64\xd2\xad\xe5\x23\xc4\xbb", 16);
	assert_memory_equal(spa.type, vcd, 16);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 0);
}

static void test_validate_rules(void **state)
{
	size_t n = vcd_table(GIB, GIB);

	(void)state;
	assert_int_equal(nfit_validate(buf, NFIT_HEADER_LEN - 1), NFIT_E_SHORT);
	assert_int_equal(nfit_validate(buf, n - 1), NFIT_E_LENGTH);
	buf[0] = 'X';
	assert_int_equal(nfit_validate(buf, n), NFIT_E_SIGNATURE);
	buf[0] = 'N';
	buf[20] ^= 1;
	assert_int_equal(nfit_validate(buf, n), NFIT_E_CHECKSUM);
	buf[20] ^= 1;
	put32(buf + 4, 39);
	assert_int_equal(nfit_validate(buf, n), NFIT_E_LENGTH);
	/* a structure of length 2, and one running past the end */
	n = vcd_table(GIB, GIB);
	put16(buf + 42, 2);
	nfit_fix_checksum(buf);
	assert_int_equal(nfit_validate(buf, n), NFIT_E_STRUCT);
	put16(buf + 42, NFIT_SPA_LEN + 1);
	nfit_fix_checksum(buf);
	assert_int_equal(nfit_validate(buf, n), NFIT_E_STRUCT);
	/* 3 trailing bytes cannot hold a structure header */
	n = vcd_table(GIB, GIB);
	put32(buf + 4, (uint32_t)n + 3);
	memset(buf + n, 0, 3);
	nfit_fix_checksum(buf);
	assert_int_equal(nfit_validate(buf, n + 3), NFIT_E_STRUCT);
	/* a bare header is a valid, empty NFIT */
	n = vcd_table(GIB, GIB);
	put32(buf + 4, NFIT_HEADER_LEN);
	nfit_fix_checksum(buf);
	assert_int_equal(nfit_validate(buf, NFIT_HEADER_LEN), 0);
	assert_int_equal(nfit_covers(buf, NFIT_HEADER_LEN, GIB, 1), 0);
}

static void test_spa_lengths(void **state)
{
	struct nfit_spa spa;
	size_t pos = 0, n = vcd_table(GIB, GIB);

	(void)state;
	/* a 64-byte SPA without the cookie flag: Linux refuses it, so do we */
	n = add_struct(n, 0, 64);
	assert_int_equal(nfit_validate(buf, n), 0);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 1);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), NFIT_E_SPA_LEN);
	assert_int_equal(nfit_covers(buf, n, 3 * GIB, 1), NFIT_E_SPA_LEN);
	/* with the flag it is fine */
	put16(buf + n - 64 + 6, NFIT_SPA_FLAG_COOKIE);
	nfit_fix_checksum(buf);
	pos = 0;
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 1);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 1);
	assert_int_equal(spa.kind, NFIT_KIND_OTHER);
	assert_int_equal(spa.flags, NFIT_SPA_FLAG_COOKIE);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 0);
	/* a short SPA */
	n = vcd_table(GIB, GIB);
	n = add_struct(n, 0, 40);
	pos = 0;
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), 1);
	assert_int_equal(nfit_next_spa(buf, n, &pos, &spa), NFIT_E_SPA_LEN);
}

static void test_other_structures_skipped(void **state)
{
	struct nfit_spa spa;
	size_t pos = 0, n;

	(void)state;
	n = vcd_table(GIB, GIB);
	/* memdev (type 1, 48) and control region (type 4, 80) before a second SPA */
	n = add_struct(n, 1, 48);
	n = add_struct(n, 4, 80);
	{
		int64_t m = nfit_append_spa(out, sizeof(out), buf, n, NFIT_KIND_PDISK, 8 * GIB, GIB);

		assert_int_equal(m, (int64_t)n + NFIT_SPA_LEN);
		n = (size_t)m;
	}
	assert_int_equal(nfit_validate(out, n), 0);
	assert_int_equal(nfit_next_spa(out, n, &pos, &spa), 1);
	assert_int_equal(spa.kind, NFIT_KIND_VCD);
	assert_int_equal(nfit_next_spa(out, n, &pos, &spa), 1);
	assert_int_equal(spa.kind, NFIT_KIND_PDISK);
	assert_int_equal(spa.base, 8 * GIB);
	assert_int_equal(nfit_next_spa(out, n, &pos, &spa), 0);
}

static void test_covers(void **state)
{
	size_t n = vcd_table(6 * GIB, 5 * GIB);	/* [6, 11) GiB: above 4 GiB */

	(void)state;
	assert_int_equal(nfit_covers(buf, n, 6 * GIB, 5 * GIB), 1);
	assert_int_equal(nfit_covers(buf, n, 7 * GIB, GIB), 1);
	assert_int_equal(nfit_covers(buf, n, 10 * GIB, GIB), 1);
	assert_int_equal(nfit_covers(buf, n, 6 * GIB - 4096, GIB), 0);
	assert_int_equal(nfit_covers(buf, n, 10 * GIB, GIB + 1), 0);
	assert_int_equal(nfit_covers(buf, n, 11 * GIB, 1), 0);
	assert_int_equal(nfit_covers(buf, n, 0, 1), 0);
	/* 32-bit truncation would make 6 GiB look like 2 GiB */
	assert_int_equal(nfit_covers(buf, n, 2 * GIB, GIB), 0);
	/* no overflow at the top of the address space */
	n = vcd_table(UINT64_MAX - 4095, 4096);
	assert_int_equal(nfit_covers(buf, n, UINT64_MAX - 4095, 4096), 1);
	assert_int_equal(nfit_covers(buf, n, UINT64_MAX - 4095, 4097), 0);
	assert_int_equal(nfit_covers(buf, n, UINT64_MAX, UINT64_MAX), 0);
	buf[0] = 'X';
	assert_int_equal(nfit_covers(buf, n, UINT64_MAX - 4095, 1), NFIT_E_SIGNATURE);
}

static void test_writer_errors(void **state)
{
	size_t n = vcd_table(GIB, GIB);
	uint8_t g[16];

	(void)state;
	assert_int_equal(nfit_append_spa(out, n + NFIT_SPA_LEN - 1, buf, n, NFIT_KIND_VCD, 0, 1),
			 NFIT_E_SPACE);
	assert_int_equal(nfit_append_spa(out, 10, buf, n, NFIT_KIND_VCD, 0, 1), NFIT_E_SPACE);
	assert_int_equal(nfit_append_spa(out, sizeof(out), buf, n, NFIT_KIND_OTHER, 0, 1),
			 NFIT_E_KIND);
	assert_int_equal(nfit_build(out, 95, NFIT_KIND_VCD, 0, 1), NFIT_E_SPACE);
	assert_int_equal(nfit_build(out, sizeof(out), NFIT_KIND_OTHER, 0, 1), NFIT_E_KIND);
	assert_int_equal(nfit_build(out, sizeof(out), (enum nfit_kind)99, 0, 1), NFIT_E_KIND);
	assert_int_equal(nfit_kind_guid(NFIT_KIND_OTHER, g), NFIT_E_KIND);
	buf[9] ^= 1;
	assert_int_equal(nfit_append_spa(out, sizeof(out), buf, n, NFIT_KIND_VCD, 0, 1),
			 NFIT_E_CHECKSUM);
}

static void test_names(void **state)
{
	static const enum nfit_kind kinds[] = {
		NFIT_KIND_VOLATILE, NFIT_KIND_PM, NFIT_KIND_CONTROL, NFIT_KIND_BLOCK_DATA,
		NFIT_KIND_VDISK, NFIT_KIND_VCD, NFIT_KIND_PDISK, NFIT_KIND_PCD,
	};

	(void)state;
	assert_string_equal(nfit_kind_name(NFIT_KIND_VCD), "virtual-cd");
	assert_string_equal(nfit_kind_name(NFIT_KIND_VDISK), "virtual-disk");
	assert_string_equal(nfit_kind_name(NFIT_KIND_PM), "persistent-memory");
	assert_string_equal(nfit_kind_name(NFIT_KIND_OTHER), "other");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct nfit_spa spa;
		size_t pos = 0;
		int64_t n = nfit_build(buf, sizeof(buf), kinds[i], 0, 1);

		assert_int_equal(n, 96);
		assert_int_equal(nfit_next_spa(buf, (size_t)n, &pos, &spa), 1);
		assert_int_equal(spa.kind, kinds[i]);
		assert_int_equal(nfit_kind_is_ramdisk(kinds[i]), i >= 4);
		assert_string_not_equal(nfit_kind_name(kinds[i]), "other");
	}
	for (int e = NFIT_E_KIND; e < 0; e++)
		assert_string_not_equal(nfit_strerror(e), "unknown NFIT error");
	assert_string_equal(nfit_strerror(-100), "unknown NFIT error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_reads_back),
		cmocka_unit_test(test_validate_rules),
		cmocka_unit_test(test_spa_lengths),
		cmocka_unit_test(test_other_structures_skipped),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
