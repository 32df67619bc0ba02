// SPDX-License-Identifier: GPL-2.0
/*
 * What only the out-of-tree module carries: its release, for dkms and
 * modinfo (a driver in the kernel has the kernel's). Left out of the
 * in-tree series with compat.h.
 */
#include <linux/module.h>

MODULE_VERSION("0.1.0");
