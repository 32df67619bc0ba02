/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Found only where the kernel has no <linux/cc_platform.h> (before 5.16):
 * its include directories come first. Then SEV was the only confidential
 * guest (TDX came in 5.19).
 */
#ifndef MEMDISK_BACKPORT_CC_PLATFORM_H
#define MEMDISK_BACKPORT_CC_PLATFORM_H

#include <linux/mem_encrypt.h>

enum cc_attr {
	CC_ATTR_GUEST_MEM_ENCRYPT,
};

static inline bool cc_platform_has(enum cc_attr attr)
{
	return attr == CC_ATTR_GUEST_MEM_ENCRYPT && sev_active();
}

#endif
