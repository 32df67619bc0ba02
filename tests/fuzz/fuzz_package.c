// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for tools/package.c (with unpack.c): each input is
 * unpacked as a headers package into a fresh tree under a private
 * directory, its links checked and its build trees listed; then nothing
 * may be beside the tree, and no link in it may lead out of it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "package.h"

static char top[64];
static FILE *null_out;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	return remove(path);
}

/* beside: how many entries TOP has besides "tree". */
static int beside(void)
{
	char path[128];
	int n = 0, i;
	static const char *const names[] = { "evil", "x", "a", "usr", "etc" };

	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", top, names[i]);
		n += !access(path, F_OK);
	}
	return n;
}

static void cleanup(void)
{
	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unpack u = { .name = "fuzz", .max_bytes = 16 << 20, .quiet = true };
	unsigned long dangling;
	char tree[128];

	if (!*top) {
		snprintf(top, sizeof(top), "/tmp/fuzz_package.XXXXXX");
		if (!mkdtemp(top))
			abort();
		null_out = fopen("/dev/null", "w");
		atexit(cleanup);
	}
	snprintf(tree, sizeof(tree), "%s/tree", top);
	if (mkdir(tree, 0700) || unpack_root(&u, tree))
		abort();
	if (!package_unpack(&u, data, size) && !package_links(&u, &dangling))
		package_build_trees(&u, null_out);
	close(u.root);
	if (beside())
		abort();
	nftw(tree, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
