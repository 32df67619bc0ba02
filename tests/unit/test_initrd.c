// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for tools/initrd-parse.c: where a newc archive ends (one
 * 512-byte block, no padding, every kind of damage), the compression
 * magics, which names and link targets memdisk-initrd takes, and what it
 * prints of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "initrd.h"

/* newc_put: one newc entry at BUF + POS; returns the next position. */
static size_t newc_put(unsigned char *buf, size_t pos, const char *name, const char *data)
{
	size_t ns = strlen(name) + 1, ds = strlen(data);

	sprintf((char *)buf + pos, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		1, 0100644, 0, 0, 1, 0, ds, 0, 0, 0, 0, ns, 0);
	memcpy(buf + pos + NEWC_HEADER_LEN, name, ns);
	pos = (pos + NEWC_HEADER_LEN + ns + 3) & ~(size_t)3;
	memcpy(buf + pos, data, ds);
	return (pos + ds + 3) & ~(size_t)3;
}

static size_t archive(unsigned char *buf, const char *name, const char *data)
{
	size_t pos = newc_put(buf, 0, name, data);

	return newc_put(buf, pos, "TRAILER!!!", "");
}

static void test_end_one_block(void **state)
{
	unsigned char buf[512] = { 0 };
	size_t len = archive(buf, "kernel/x86/microcode/a.bin", "UCODE"), end = 0;

	(void)state;
	assert_null(newc_archive_end(buf, sizeof(buf), &end));
	assert_int_equal(end, len);
	assert_true(len < 512);
}

static void test_end_exact(void **state)
{
	unsigned char buf[1024] = { 0 };
	size_t len = archive(buf, "init", "#!/bin/sh\n"), end = 0;

	(void)state;
	assert_null(newc_archive_end(buf, len, &end));
	assert_int_equal(end, len);
}

static void test_end_first_of_two(void **state)
{
	unsigned char buf[2048] = { 0 };
	size_t first = archive(buf, "a", "1"), end = 0;

	(void)state;
	archive(buf + first, "b", "2");
	assert_null(newc_archive_end(buf, sizeof(buf), &end));
	assert_int_equal(end, first);
}

static void test_end_crc_magic(void **state)
{
	unsigned char buf[512] = { 0 };
	size_t len = archive(buf, "a", "1"), end = 0;

	(void)state;
	buf[5] = '2';
	assert_null(newc_archive_end(buf, sizeof(buf), &end));
	assert_int_equal(end, len);
}

/* Every prefix of a good archive is damaged, and says so. */
static void test_end_truncated(void **state)
{
	unsigned char buf[512] = { 0 };
	size_t len = archive(buf, "some/file", "data bytes"), cut, end;

	(void)state;
	for (cut = 0; cut < len; cut++)
		assert_non_null(newc_archive_end(buf, cut, &end));
}

static void test_end_damaged(void **state)
{
	unsigned char buf[512];
	size_t end;

	(void)state;
	memset(buf, 0, sizeof(buf));
	archive(buf, "a", "1");
	buf[0] = '1';
	assert_string_equal(newc_archive_end(buf, sizeof(buf), &end),
			    "a header without the newc magic (070701 or 070702)");
	archive(buf, "a", "1");
	buf[60] = 'g';
	assert_string_equal(newc_archive_end(buf, sizeof(buf), &end),
			    "a header field that is not hexadecimal");
	archive(buf, "a", "1");
	memcpy(buf + 94, "00000000", 8);
	assert_string_equal(newc_archive_end(buf, sizeof(buf), &end),
			    "a name size of 0, 1 or more than 4096 bytes");
	archive(buf, "a", "1");
	memcpy(buf + 94, "00001001", 8);
	assert_string_equal(newc_archive_end(buf, sizeof(buf), &end),
			    "a name size of 0, 1 or more than 4096 bytes");
	archive(buf, "ab", "1");
	buf[NEWC_HEADER_LEN + 2] = 'c';
	assert_string_equal(newc_archive_end(buf, sizeof(buf), &end),
			    "a name without its terminating NUL");
	archive(buf, "a", "1");
	memcpy(buf + 54, "FFFFFFFF", 8);
	assert_string_equal(newc_archive_end(buf, sizeof(buf), &end),
			    "it ends inside an entry's data");
}

static void test_compression(void **state)
{
	static const struct {
		unsigned char magic[2];
		const char *name;
	} known[] = {
		{ { 0x1f, 0x8b }, "gzip" }, { { 0x42, 0x5a }, "bzip2" }, { { 0x5d, 0x00 }, "lzma" },
		{ { 0xfd, 0x37 }, "xz" }, { { 0x89, 0x4c }, "lzo" }, { { 0x02, 0x21 }, "lz4" },
		{ { 0x28, 0xb5 }, "zstd" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_string_equal(initrd_compression(known[i].magic, 2), known[i].name);
	assert_null(initrd_compression((const unsigned char *)"07", 2));
	assert_null(initrd_compression((const unsigned char *)"\x1f", 1));
	assert_null(initrd_compression((const unsigned char *)"PK", 2));
}

static void test_names(void **state)
{
	char long_name[INITRD_PATH_MAX + 1];

	(void)state;
	assert_null(initrd_name_problem("init"));
	assert_null(initrd_name_problem("./usr/lib/modules"));
	assert_null(initrd_name_problem("/abs//x/./y"));
	assert_null(initrd_name_problem("..a/b.."));
	assert_null(initrd_name_problem("."));
	assert_string_equal(initrd_name_problem(""), "it is empty");
	assert_string_equal(initrd_name_problem(".."), "it has a \"..\" component");
	assert_string_equal(initrd_name_problem("a/../b"), "it has a \"..\" component");
	assert_string_equal(initrd_name_problem("a/.."), "it has a \"..\" component");
	assert_string_equal(initrd_name_problem("d/l\nd/x"), "it has a control character");
	assert_string_equal(initrd_name_problem("a\x7f"), "it has a control character");
	assert_string_equal(initrd_name_problem("a\x1b[2J"), "it has a control character");
	memset(long_name, 'a', INITRD_PATH_MAX);
	long_name[INITRD_PATH_MAX] = '\0';
	assert_string_equal(initrd_name_problem(long_name), "it is longer than 4095 bytes");
	long_name[INITRD_PATH_MAX - 1] = '\0';
	assert_null(initrd_name_problem(long_name));
}

static void test_targets(void **state)
{
	(void)state;
	assert_null(initrd_target_problem("usr/lib"));
	assert_null(initrd_target_problem("../../lib/x"));
	assert_null(initrd_target_problem("/etc"));
	assert_string_equal(initrd_target_problem(""), "it is empty");
	assert_string_equal(initrd_target_problem("a\tb"), "it has a control character");
}

static void normalized(const char *in, const char *want)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", in);
	initrd_normalize(buf);
	assert_string_equal(buf, want);
}

static void test_normalize(void **state)
{
	(void)state;
	normalized("init", "init");
	normalized("./usr//lib/./modules/", "usr/lib/modules");
	normalized("/abs", "abs");
	normalized(".", "");
	normalized("/", "");
	normalized("./", "");
	normalized(".a/./b.", ".a/b.");
}

static void test_printable(void **state)
{
	char out[8];

	(void)state;
	initrd_printable(out, sizeof(out), "a\nb\x1b[c");
	assert_string_equal(out, "a?b?[c");
	initrd_printable(out, 4, "abcdef");
	assert_string_equal(out, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end_one_block),
		cmocka_unit_test(test_end_exact),
		cmocka_unit_test(test_end_first_of_two),
		cmocka_unit_test(test_end_crc_magic),
		cmocka_unit_test(test_end_truncated),
		cmocka_unit_test(test_end_damaged),
		cmocka_unit_test(test_compression),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
