// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for tools/grubcfg.c. The input is /boot/grub/grub.cfg
 * and the first files it sources (the bounds of longer chains are
 * unit-tested: a fan-out of 256 files would make each run slow).
 * Broken invariants abort: every reported path is absolute, normalized,
 * without "..", control characters or commas; at most the bounded number
 * of initrds and entries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grubcfg.h"

struct input { const uint8_t *data; size_t size; unsigned int entries, loads; };

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_path(const char *p)
{
	const char *c;

	check(p[0] == '/');
	check(!strstr(p, "//") && !strstr(p, "/./") && !strstr(p, "/../"));
	check(strcmp(p + strlen(p) - (strlen(p) > 2 ? 3 : 0), "/.."));
	for (c = p; *c; c++)
		check((unsigned char)*c >= 0x20 && *c != 0x7f && *c != ',');
}

static char *load(void *ctx, const char *path, size_t *len, const char **why)
{
	struct input *in = ctx;
	char *buf;

	check_path(path);
	*why = "no such file";
	if (++in->loads > 4)
		return NULL;
	buf = malloc(in->size ? in->size : 1);
	if (buf) {
		memcpy(buf, in->data, in->size);
		*len = in->size;
	}
	return buf;
}

static void entry(void *ctx, const char *title, const char *kernel, const char *const *initrds,
		  size_t n)
{
	struct input *in = ctx;
	size_t i;

	check(title != NULL);
	check_path(kernel);
	check(n >= 1 && n <= GRUBCFG_INITRDS_MAX);
	for (i = 0; i < n; i++)
		check_path(initrds[i]);
	in->entries++;
}

static void note(void *ctx, const char *text)
{
	(void)ctx;
	check(text != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size, 0, 0 };
	const struct grubcfg_ops ops = { .load = load, .entry = entry, .note = note, .ctx = &in };
	unsigned int n = grubcfg_read(&ops, "/boot/grub/grub.cfg");

	check(n == in.entries && n <= GRUBCFG_ENTRIES_MAX);
	return 0;
}
