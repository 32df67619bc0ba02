/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdisk-initrd --package: a kernel headers package as a distribution
 * ships it (.deb, .pkg.tar.*, .rpm), unpacked with libarchive into a tree
 * (unpack.h: nothing written outside it), its links kept inside it, and
 * the kernel build trees in it found.
 */
#ifndef MEMDISK_PACKAGE_H
#define MEMDISK_PACKAGE_H

#include <stddef.h>
#include <stdio.h>

#include "unpack.h"

/*
 * package_unpack: the package BUF (LEN bytes) into U's tree: a .deb's
 * data.tar.* member (an ar archive), a tar archive (compressed or not:
 * Arch's .pkg.tar.zst), or an rpm's cpio payload. Sets U->strict.
 */
int package_unpack(struct unpack *u, const void *buf, size_t len);

/*
 * package_links: once every package is unpacked, each link of the tree
 * made to resolve inside it when used from the host: an absolute target
 * (the distribution's /usr/src/...) becomes the relative one to the same
 * place in the tree; a link that still leads outside it (or loops) is
 * refused; one to nothing is removed (counted in *DANGLING).
 */
int package_links(struct unpack *u, unsigned long *dangling);

/*
 * package_build_trees: each directory of the tree that is a kernel build
 * tree (Makefile, Module.symvers, and .config or
 * include/config/kernel.release), as "RELEASE<TAB>PATH" lines on OUT
 * (PATH relative to the tree, "." for itself); the release from
 * include/generated/utsrelease.h, else include/config/kernel.release
 * ("?" when neither says). Returns how many, or -1.
 */
int package_build_trees(struct unpack *u, FILE *out);

#endif
