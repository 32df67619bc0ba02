// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for efi/args.c: memdisk.efi's UCS-2 command line as iPXE
 * passes it ("<image name> <args>"): MEMDISK's words, URIs, file names,
 * the ignored-words note, limits, empty and odd input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"

static struct args a;
static uint16_t line[8192];

/* Parse ASCII S as UCS-2 (LEN bytes: -1 for the whole string without its NUL). */
static int parse_n(const char *s, long len)
{
	size_t n = strlen(s);

	for (size_t i = 0; i <= n; i++)
		line[i] = (uint8_t)s[i];
	return args_parse(line, len < 0 ? 2 * n : (size_t)len, &a);
}

static int parse(const char *s)
{
	return parse_n(s, -1);
}

static void assert_ucs2(const uint16_t *w, const char *s)
{
	assert_true(args_ucs2_eq(w, s));
	for (size_t i = 0; s[i]; i++)
		assert_int_equal(w[i], (uint8_t)s[i]);	/* case kept */
}

static void test_file_form(void **state)
{
	(void)state;
	assert_int_equal(parse("memdisk.efi iso raw"), ARGS_OK);
	assert_ucs2(a.self, "memdisk.efi");
	assert_int_equal(a.type, ARGS_TYPE_CD);
	assert_int_equal(a.ramdisk, ARGS_RAMDISK_AUTO);
	assert_int_equal(a.uri[0], 0);
	assert_int_equal(a.nnames, 0);
	assert_int_equal(a.nignored, 1);
	assert_ucs2(a.ignored, "raw");
}

static void test_uri_form(void **state)
{
	(void)state;
	assert_int_equal(parse("memdisk.efi iso http://srv/distro.iso"), ARGS_OK);
	assert_string_equal(a.uri, "http://srv/distro.iso");
	assert_int_equal(parse("m HTTPS://srv:8080/a%20b.iso?x=1&y=2 harddisk"), ARGS_OK);
	assert_string_equal(a.uri, "HTTPS://srv:8080/a%20b.iso?x=1&y=2");
	assert_int_equal(a.type, ARGS_TYPE_DISK);
	assert_int_equal(parse("m tftp://10.0.2.2/x.img"), ARGS_OK);
	assert_string_equal(a.uri, "tftp://10.0.2.2/x.img");
	assert_int_equal(parse("m http://a/1 http://a/2"), ARGS_E_TWO_URIS);
	/* not URIs: no scheme, a digit first, no "//" */
	assert_int_equal(parse("m ://x 1http://x c:foo"), ARGS_OK);
	assert_int_equal(a.uri[0], 0);
	assert_int_equal(a.nnames, 3);
}

static void test_memdisk_words(void **state)
{
	(void)state;
	assert_int_equal(parse("m raw bigraw safeint nopass edd noedd c=80 h=2 s=18 pause floppy"),
			 ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_DISK);
	assert_int_equal(a.pause, 1);
	assert_int_equal(a.nignored, 9);
	assert_ucs2(a.ignored, "raw bigraw safeint nopass edd noedd c=80 h=2 s=18");
	assert_int_equal(a.nnames, 0);
	/* case-insensitive words, the drive number noted */
	assert_int_equal(parse("m ISO"), ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_CD);
	assert_int_equal(parse("m harddisk=1 harddisk"), ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_DISK);
	assert_ucs2(a.ignored, "harddisk=1");
	assert_int_equal(parse("m iso harddisk"), ARGS_E_TYPE);
	assert_int_equal(parse("m iso iso"), ARGS_OK);
	assert_int_equal(parse("m"), ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_AUTO);
}

static void test_ramdisk_and_initrd(void **state)
{
	(void)state;
	assert_int_equal(parse("m ramdisk=own initrd=Distro.ISO"), ARGS_OK);
	assert_int_equal(a.ramdisk, ARGS_RAMDISK_OWN);
	assert_ucs2(a.initrd, "Distro.ISO");
	assert_int_equal(parse("m ramdisk=OWN ramdisk=auto"), ARGS_OK);
	assert_int_equal(a.ramdisk, ARGS_RAMDISK_AUTO);
	assert_int_equal(parse("m ramdisk=yes"), ARGS_E_VALUE);
	assert_int_equal(parse("m initrd="), ARGS_E_VALUE);
	assert_int_equal(parse("m initrd=a initrd=b"), ARGS_E_VALUE);
}

static void test_unknown_words(void **state)
{
	(void)state;
	assert_int_equal(parse("m distro.iso vga=788 quiet"), ARGS_OK);
	assert_int_equal(a.nnames, 3);
	assert_ucs2(a.names[0], "distro.iso");
	assert_ucs2(a.names[2], "quiet");
	assert_int_equal(a.nignored, 0);
	assert_int_equal(parse("m a b c d e"), ARGS_E_NAMES);
}

static void test_empty_and_spaces(void **state)
{
	(void)state;
	assert_int_equal(args_parse(NULL, 0, &a), ARGS_OK);
	assert_int_equal(a.self[0], 0);
	assert_int_equal(parse(""), ARGS_OK);
	assert_int_equal(parse(" \t\r\n "), ARGS_OK);
	assert_int_equal(a.self[0], 0);
	assert_int_equal(parse("\t memdisk.efi \r\n iso\t\t"), ARGS_OK);
	assert_ucs2(a.self, "memdisk.efi");
	assert_int_equal(a.type, ARGS_TYPE_CD);
}

static void test_ucs2_oddities(void **state)
{
	(void)state;
	/* a NUL ends the line, whatever LoadOptionsSize says */
	assert_int_equal(parse_n("m iso", 2 * 6 + 40), ARGS_OK);
	line[2] = 0;
	line[3] = 'x';
	assert_int_equal(args_parse(line, 12, &a), ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_AUTO);
	/* an odd size: the last half character is dropped */
	assert_int_equal(parse_n("m iso", 9), ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_AUTO);
	assert_int_equal(a.nnames, 1);
	assert_ucs2(a.names[0], "is");
	/* a size that cuts a word */
	assert_int_equal(parse_n("m harddisk", 8), ARGS_OK);
	assert_ucs2(a.names[0], "ha");
	/* non-ASCII: fine in a file name, refused in a URI */
	assert_int_equal(parse("m x"), ARGS_OK);
	line[2] = 0x00e9;
	assert_int_equal(args_parse(line, 6, &a), ARGS_OK);
	assert_int_equal(a.names[0][0], 0x00e9);
	assert_int_equal(parse("m http://s/x"), ARGS_OK);
	line[11] = 0x4e2d;
	assert_int_equal(args_parse(line, 24, &a), ARGS_E_URI);
	assert_int_equal(parse("m http://s/\x7f"), ARGS_E_URI);
	/* "iso" with a non-ASCII letter folded is not "iso" */
	assert_int_equal(parse("m iso"), ARGS_OK);
	line[4] = 0x014f;
	assert_int_equal(args_parse(line, 10, &a), ARGS_OK);
	assert_int_equal(a.type, ARGS_TYPE_AUTO);
}

static void test_long(void **state)
{
	static char s[4 * ARGS_MAX_WORD];

	(void)state;
	/* a word of exactly the limit is fine, one more is not */
	memcpy(s, "m http://", 9);
	memset(s + 9, 'a', ARGS_MAX_WORD - 7);
	s[9 + ARGS_MAX_WORD - 7] = 0;
	assert_int_equal(parse(s), ARGS_OK);
	assert_int_equal(strlen(a.uri), ARGS_MAX_WORD);
	strcat(s, "b");
	assert_int_equal(parse(s), ARGS_E_LONG);
	/* the first word is limited too */
	memset(s, 'x', ARGS_MAX_WORD + 1);
	s[ARGS_MAX_WORD + 1] = 0;
	assert_int_equal(parse(s), ARGS_E_LONG);
	/* many ignored words: the note stays bounded and ends in "..." */
	s[0] = 'm';
	s[1] = 0;
	for (int i = 0; i < 200; i++)
		strcat(s, " safeint");
	assert_int_equal(parse(s), ARGS_OK);
	assert_int_equal(a.nignored, 200);
	{
		size_t n = 0;

		while (a.ignored[n])
			n++;
		assert_true(n <= ARGS_NOTE_LEN);
		assert_true(args_ucs2_eq(a.ignored + n - 4, " ..."));
	}
	/* one over-long ignored word */
	memcpy(s, "m c=", 4);
	memset(s + 4, '9', ARGS_NOTE_LEN + 10);
	s[4 + ARGS_NOTE_LEN + 10] = 0;
	assert_int_equal(parse(s), ARGS_OK);
	assert_ucs2(a.ignored, "...");
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = ARGS_E_VALUE; e < 0; e++)
		assert_string_not_equal(args_strerror(e), "unknown command-line error");
	assert_string_equal(args_strerror(-99), "unknown command-line error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_form),
		cmocka_unit_test(test_uri_form),
		cmocka_unit_test(test_memdisk_words),
		cmocka_unit_test(test_ramdisk_and_initrd),
		cmocka_unit_test(test_unknown_words),
		cmocka_unit_test(test_empty_and_spaces),
		cmocka_unit_test(test_ucs2_oddities),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
