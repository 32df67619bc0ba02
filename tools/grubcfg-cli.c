// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-initrd --grub TREE CONFIG...: the kernel and initrds of each
 * menuentry of the GRUB configurations CONFIG (absolute ISO paths), read
 * from TREE, where memdisk-remaster extracted the ISO's configuration
 * files. One line per entry on stdout, "KERNEL<TAB>INITRD[,INITRD...]
 * <TAB>TITLE"; notes on stderr. Everything printed is printable: paths
 * with a control character, tab or comma are refused by the reader, and
 * titles and notes show control characters as '?'. Files are opened
 * inside TREE only, never through a link.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "grubcfg.h"
#include "initrd.h"

int grub_main(int argc, char **argv);

static char *load(void *ctx, const char *path, size_t *len, const char **why)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int root = *(int *)ctx, fd;
	struct stat st;
	char *buf = NULL;
	ssize_t n;

	while (*path == '/')
		path++;
	fd = (int)syscall(SYS_openat2, root, *path ? path : ".", &how, sizeof(how));
	if (fd < 0) {
		*why = errno == ENOENT ? "not in the ISO (of its files, only *.cfg ones are read)" :
		       "cannot be opened (a link, or no file)";
		return NULL;
	}
	*why = "not a regular file";
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		goto out;
	*why = "cannot be read";
	buf = malloc(GRUBCFG_FILE_MAX + 1);
	if (!buf)
		goto out;
	*len = 0;
	while (*len <= GRUBCFG_FILE_MAX &&
	       (n = read(fd, buf + *len, GRUBCFG_FILE_MAX + 1 - *len)) > 0)
		*len += (size_t)n;
	if (n < 0) {
		free(buf);
		buf = NULL;
	}
out:
	close(fd);
	return buf;
}

static void entry(void *ctx, const char *title, const char *kernel, const char *const *initrds,
		  size_t n)
{
	char shown[256];
	size_t i;

	(void)ctx;
	initrd_printable(shown, sizeof(shown), title);
	printf("%s\t", kernel);
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", initrds[i]);
	printf("\t%s\n", shown);
}

static void note(void *ctx, const char *text)
{
	char shown[1024];

	(void)ctx;
	initrd_printable(shown, sizeof(shown), text);
	fprintf(stderr, "note: %s\n", shown);
}

int grub_main(int argc, char **argv)
{
	int root, i;
	struct grubcfg_ops ops = { .load = load, .entry = entry, .note = note, .ctx = &root };

	if (argc < 3) {
		fputs("Usage: memdisk-initrd --grub TREE CONFIG...\n", stderr);
		return 2;
	}
	root = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		fprintf(stderr, "memdisk-initrd: cannot open the tree %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		if (argv[i][0] != '/') {
			fprintf(stderr, "memdisk-initrd: %s: not an absolute path\n", argv[i]);
			return 2;
		}
		grubcfg_read(&ops, argv[i]);
	}
	return fflush(stdout) ? 1 : 0;
}
