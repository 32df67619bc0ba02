/* SPDX-License-Identifier: GPL-2.0 */
/* Console output and the few memory helpers memdisk.efi needs (no libc). */
#ifndef MEMDISK_UTIL_H
#define MEMDISK_UTIL_H

#include "efi.h"

extern EFI_SYSTEM_TABLE *ST;
extern EFI_BOOT_SERVICES *BS;

/*
 * Print to the console: %s ASCII, %S UCS-2, %u and %x uint64_t, %r an
 * EFI_STATUS (its name, or hex), %% a percent sign; '\n' becomes CR LF.
 */
void say(const char *fmt, ...);

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Case-insensitive (ASCII) UCS-2 compare: 1 when equal. */
int ucs2_eq_nocase(const CHAR16 *a, const CHAR16 *b);
size_t ucs2_len(const CHAR16 *s);

/* Device path helpers. */
size_t dp_size(const EFI_DEVICE_PATH *dp);	/* bytes up to, not including, the end node */
int dp_is_prefix(const EFI_DEVICE_PATH *prefix, const EFI_DEVICE_PATH *full);

#endif /* MEMDISK_UTIL_H */
