/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdisk-initrd: the pure half. How an initrd is cut into the pieces the
 * kernel's init/initramfs.c reads (zero padding, newc cpio archives, one
 * compressed stream), and which archive entry names and link targets are
 * taken. No I/O: unit-tested and fuzzed on its own.
 */
#ifndef MEMDISK_INITRD_H
#define MEMDISK_INITRD_H

#include <stdbool.h>
#include <stddef.h>

/* The kernel's own limit for a name, and for a link target. */
#define INITRD_PATH_MAX		4096

/* The fixed part of a newc header: magic and 13 fields of 8 hex digits. */
#define NEWC_HEADER_LEN		110

/* newc_is_header: BUF (LEN bytes) starts with a newc or crc magic. */
bool newc_is_header(const unsigned char *buf, size_t len);

/*
 * newc_archive_end: the length of the newc archive at BUF, up to and with
 * its TRAILER!!! entry and that entry's padding, walking every header as
 * the kernel does. Returns NULL and sets *END, or a reason it is damaged.
 */
const char *newc_archive_end(const unsigned char *buf, size_t len, size_t *end);

/*
 * initrd_compression: the compression whose magic BUF starts with, as the
 * kernel's decompressors know them (gzip, bzip2, lzma, xz, lzo, lz4 legacy,
 * zstd); NULL for anything else.
 */
const char *initrd_compression(const unsigned char *buf, size_t len);

/*
 * initrd_name_problem: why an entry name (NUL-terminated) is refused, or
 * NULL: empty, too long, a control character, or a ".." component. Leading
 * "/" and "./", and repeated "/", are fine: names resolve inside the tree.
 */
const char *initrd_name_problem(const char *name);

/* initrd_target_problem: the same for a symbolic link's target, where ".."
 * is fine (relative links climb; resolution stays inside the tree). */
const char *initrd_target_problem(const char *target);

/*
 * initrd_normalize: NAME (a name without problems) in place as a plain
 * relative path: no leading "/", no "." or empty components. "" is the
 * tree's root.
 */
void initrd_normalize(char *name);

/*
 * initrd_printable: SRC with every control character (and DEL) as '?', in
 * DST of DSTLEN bytes (cut, always terminated): archive text for a terminal.
 */
void initrd_printable(char *dst, size_t dstlen, const char *src);

#endif
