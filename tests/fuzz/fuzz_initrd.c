// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for tools/initrd-parse.c. The input is walked as a
 * newc archive (libFuzzer's buffer is exactly sized, so ASan sees any
 * over-read), checked for a compression magic, and, cut at its first NUL,
 * taken as an entry name and a link target, then normalized and made
 * printable. Broken invariants abort.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "initrd.h"

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* What memdisk-initrd relies on of a taken name, once normalized. */
static void check_name(const uint8_t *data, size_t size)
{
	char name[INITRD_PATH_MAX + 1], shown[64];
	size_t n = size < INITRD_PATH_MAX ? size : INITRD_PATH_MAX, i;

	memcpy(name, data, n);
	name[n] = '\0';
	initrd_printable(shown, sizeof(shown), name);
	for (i = 0; shown[i]; i++)
		check((unsigned char)shown[i] >= 0x20 && shown[i] != 0x7f);
	if (initrd_target_problem(name))
		check(initrd_name_problem(name) != NULL);
	if (initrd_name_problem(name))
		return;
	initrd_normalize(name);
	check(name[0] != '/' && !strstr(name, "//") && !strstr(name, "/./") &&
	      strcmp(name, ".") && strncmp(name, "./", 2));
	n = strlen(name);
	check(!n || (name[n - 1] != '/' && (n < 2 || strcmp(name + n - 2, "/."))));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t end = 0;

	if (!newc_archive_end(data, size, &end))
		check(end >= NEWC_HEADER_LEN && end <= size && !(end & 3) && newc_is_header(data, size));
	initrd_compression(data, size);
	check_name(data, size);
	return 0;
}
