/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI NFIT (NVDIMM Firmware Interface Table) reader and writer, shared by
 * memdisk.efi (is the RAM disk described? publish it if not) and
 * memdisk-probe (report the UEFI RAM disks). Freestanding C: <stdint.h> and
 * <stddef.h> only, no libc call, no allocation; every multi-byte field is
 * read and written byte by byte (little endian), never through a cast.
 */
#ifndef MEMDISK_NFIT_H
#define MEMDISK_NFIT_H

#include <stddef.h>
#include <stdint.h>

/* 36-byte SDT header + 4 reserved bytes, then structures (u16 type, u16 length). */
#define NFIT_HEADER_LEN 40
#define NFIT_SPA_LEN 56
#define NFIT_SPA_COOKIE_LEN 64		/* with the location-cookie flag */
#define NFIT_SPA_FLAG_COOKIE 0x4

enum nfit_kind {			/* the SPA's Address Range Type GUID */
	NFIT_KIND_OTHER,		/* a GUID we do not know */
	NFIT_KIND_VOLATILE, NFIT_KIND_PM, NFIT_KIND_CONTROL, NFIT_KIND_BLOCK_DATA,
	NFIT_KIND_VDISK, NFIT_KIND_VCD, NFIT_KIND_PDISK, NFIT_KIND_PCD,
};

enum nfit_error {
	NFIT_E_SHORT = -1,		/* fewer bytes than an NFIT header */
	NFIT_E_SIGNATURE = -2,		/* not "NFIT" */
	NFIT_E_LENGTH = -3,		/* header length < 40 or past the buffer */
	NFIT_E_CHECKSUM = -4,		/* bytes do not sum to 0 */
	NFIT_E_STRUCT = -5,		/* a structure shorter than 4 or past the end */
	NFIT_E_SPA_LEN = -6,		/* a SPA of a length Linux refuses */
	NFIT_E_SPACE = -7,		/* writer: output buffer too small */
	NFIT_E_KIND = -8,		/* writer: no GUID for this kind */
};

struct nfit_spa {
	uint16_t range_index, flags;
	uint32_t proximity;
	uint8_t type[16];		/* GUID, as stored in the table */
	uint64_t base, length, mapping_attr;
	enum nfit_kind kind;
};

/* 0 when TABLE (LEN bytes) is a well-formed NFIT: signature "NFIT", 40 <= header length <= LEN,
 * 8-bit checksum over the header length is 0, and every structure has length >= 4 and lies inside
 * the table. Otherwise a negative enum nfit_error; nfit_strerror() names it in a short phrase. */
int nfit_validate(const uint8_t *table, size_t len);
const char *nfit_strerror(int error);

/* Iterate over the SPA Range structures (type 0) of a validated table: *pos starts at 0;
 * returns 1 with *spa filled, 0 at the end, or a negative error for a SPA whose length is not
 * 56 (or 64 with the location-cookie flag), as Linux's add_spa() refuses them. */
int nfit_next_spa(const uint8_t *table, size_t len, size_t *pos, struct nfit_spa *spa);

const char *nfit_kind_name(enum nfit_kind kind);  /* "virtual-cd", "virtual-disk", "persistent-memory", ... */
int nfit_kind_is_ramdisk(enum nfit_kind kind);     /* VDISK, VCD, PDISK, PCD */

/* 1 when one SPA of the table covers [base, base + size), 0 when none does, negative on error. */
int nfit_covers(const uint8_t *table, size_t len, uint64_t base, uint64_t size);

/* --- Writer (memdisk.efi) --- */

/* The 16 stored bytes of KIND's GUID into OUT; NFIT_E_KIND for NFIT_KIND_OTHER. */
int nfit_kind_guid(enum nfit_kind kind, uint8_t out[16]);

/* Recompute the 8-bit checksum (byte 9) over the header's length. */
void nfit_fix_checksum(uint8_t *table);

/* Copy the validated NFIT OLD (OLD_LEN bytes: its header length counts) into OUT (CAP bytes),
 * append one 56-byte SPA for [base, base + length) of type KIND (range index 0, flags 0,
 * proximity 0, mapping attribute 0, as EDK2's RamDiskDxe writes it), fix the length and checksum.
 * Returns the new length, or a negative error (OLD invalid, CAP too small, bad kind). OUT and OLD
 * must not overlap. */
int64_t nfit_append_spa(uint8_t *out, size_t cap, const uint8_t *old, size_t old_len,
		     enum nfit_kind kind, uint64_t base, uint64_t length);

/* A fresh NFIT (revision 1, OEM "MEMDSK"/"MEMDISK ", creator "MDBK") holding that one SPA.
 * Returns its length (96) or a negative error. */
int64_t nfit_build(uint8_t *out, size_t cap, enum nfit_kind kind, uint64_t base, uint64_t length);

#endif /* MEMDISK_NFIT_H */
