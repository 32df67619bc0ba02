/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Safe extraction of untrusted archive entries (initrds, headers
 * packages) into a directory tree: every path is resolved with openat2's
 * RESOLVE_IN_ROOT, so links are followed inside the tree and nothing is
 * written outside it. Only regular files, directories and symbolic links
 * are made; what is written is counted against a limit.
 */
#ifndef MEMDISK_UNPACK_H
#define MEMDISK_UNPACK_H

#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>
#include <stdint.h>

/* How many entries one run may make (memdisk-remaster(1), LIMITS). */
#define UNPACK_MAX_ENTRIES	1000000UL

struct unpack {
	const char *name;		/* the input, as messages name it */
	int root;			/* the tree (O_PATH) */
	uint64_t max_bytes, written;	/* decompressed and unpacked */
	unsigned long entries, skipped;
	const char *compression;	/* of an initrd's last part */
	bool quiet;			/* a first try: its failure says nothing */
	/* A package: absolute names and device nodes, FIFOs, sockets are
	 * refused, not resolved inside the tree or skipped. */
	bool strict;
};

/* unpack_fail: one message about the input, control characters as '?'; -1. */
int __attribute__((format(printf, 2, 3))) unpack_fail(const struct unpack *u, const char *fmt, ...);

/* unpack_root: U's tree is the directory TREE; fails (said) when it cannot
 * be opened or this kernel lacks openat2. */
int unpack_root(struct unpack *u, const char *tree);

/* unpack_open: PATH (relative, normalized) as resolved inside the tree. */
int unpack_open(const struct unpack *u, const char *path, int flags);

/*
 * unpack_blocks: the data libarchive reads next from A into FD (WHAT in
 * messages), counted against the limit; the last libarchive status, or
 * UNPACK_STOPPED once it has said why it stopped.
 */
#define UNPACK_STOPPED	(ARCHIVE_FATAL - 1)
int unpack_blocks(struct unpack *u, struct archive *a, int fd, const char *what);

/* unpack_entry: the entry E of A (its header just read) into the tree. */
int unpack_entry(struct unpack *u, struct archive *a, struct archive_entry *e);

#endif
