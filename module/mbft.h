/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MEMDISK Boot Firmware Table (mBFT): discovery and validation.
 *
 * Pure code over byte buffers: the same file is compiled into the kernel
 * module and into the memdisk-probe tool, so the userspace unit tests and
 * the fuzzer exercise exactly what the kernel runs.
 */
#ifndef MEMDISK_MBFT_H
#define MEMDISK_MBFT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define MBFT_SIGNATURE		"mBFT"
#define MBFT_ALIGN		16		/* MEMDISK places it paragraph-aligned */
#define MBFT_MDI_OFFSET		40		/* ACPI header (36) + safe hook pointer (4) */
#define MBFT_MIN_LENGTH		(MBFT_MDI_OFFSET + 26)
#define MBFT_MAX_LENGTH		4096		/* MEMDISK 6.04 writes 70 bytes */
#define MBFT_LOWMEM_END		0xa0000u	/* tables live below 640 KiB */
#define MBFT_BDA_BASEMEM	0x413		/* BDA word: free base memory in KiB */
#define MBFT_BDA_MIN_KIB	64		/* memdiskfind's sanity bounds */
#define MBFT_MAX_TABLES		8
#define MBFT_CMDLINE_MAX	256
#define MBFT_4GIB		0x100000000ull
#define MBFT_REGION_MIN_ADDR	0x100000u
#define MBFT_SECTOR_SIZE	512u

enum mbft_status {
	MBFT_VALID,
	MBFT_BAD_SIGNATURE,
	MBFT_BAD_LENGTH,	/* below the minimum or above the maximum */
	MBFT_TRUNCATED,		/* runs past the end of the scanned memory */
	MBFT_BAD_MDI_LENGTH,	/* length != mdi.bytes + 40 */
	MBFT_BAD_CHECKSUM,
	MBFT_EMPTY_IMAGE,
	MBFT_IMAGE_ABOVE_4G,	/* diskbuf + size overflows 32 bits */
	MBFT_BAD_SECTOR_SHIFT,
	MBFT_DUPLICATE,		/* same image as an earlier table */
	MBFT_OVERLAP,		/* image overlaps an earlier table's image */
};

struct mbft_table {
	enum mbft_status status;
	u32 addr;		/* physical address of the table */
	u32 length;
	u8 revision;
	u32 safe_hook;		/* physical address of the INT 13h safe hook */
	u8 version_major;
	u8 version_minor;
	u32 diskbuf;		/* physical address of the image */
	u32 disksize;		/* in sectors of 1 << sector_shift bytes */
	u8 raw_sector_shift;	/* as stored; 0 means 512-byte sectors */
	unsigned int sector_shift;
	u64 image_size;		/* bytes */
	u32 cmdline_segoff;	/* real-mode segment:offset of the command line */
	u8 bootloader_id;
	u16 dpt_ptr;
	char cmdline[MBFT_CMDLINE_MAX];	/* NUL-terminated, "" if unreadable */
};

const char *mbft_status_str(enum mbft_status status);

u32 mbft_segoff_to_phys(u32 segoff);

/*
 * Compute the scan window [*start, MBFT_LOWMEM_END) from the BIOS data
 * area's free base memory and the end of the low System RAM range (0 when
 * unknown). Returns false when the BDA value is implausible.
 */
bool mbft_scan_window(u16 basemem_kib, u32 low_ram_end, u32 *start);

/* Parse and validate the table at @buf[@offset]; @base is @buf's address. */
enum mbft_status mbft_parse(const u8 *buf, size_t len, u32 base, size_t offset,
			    struct mbft_table *table);

/*
 * Scan @buf (physical address @base) in 16-byte steps for the signature
 * and parse every candidate, marking repeated or overlapping images.
 * Returns the number of tables stored (at most @max).
 */
size_t mbft_scan(const u8 *buf, size_t len, u32 base,
		 struct mbft_table *tables, size_t max);

/*
 * Copy the NUL-terminated string at physical @phys out of @buf (physical
 * address @base) into @dst, bounded by both buffers. Returns false (and
 * leaves @dst empty) when @phys is outside @buf.
 */
bool mbft_copy_string(const u8 *buf, size_t len, u32 base, u32 phys,
		      char *dst, size_t dst_len);

/*
 * Whole discovery over low memory: @lowmem holds physical memory from
 * address 0 (at least up to the BDA, normally up to 640 KiB). Reads the
 * BDA, scans the window and copies each table's command line from inside
 * that window only (below it is low RAM the kernel uses).
 * Returns the number of tables stored, valid or not.
 */
size_t mbft_find(const u8 *lowmem, size_t len, u32 low_ram_end,
		 struct mbft_table *tables, size_t max);

/*
 * The first valid table of @tables whose image overlaps [@addr, @addr +
 * @size), or NULL; mbft_image_is() tells whether it is that very range.
 */
const struct mbft_table *mbft_image_overlapping(const struct mbft_table *tables,
						size_t count, u64 addr, u64 size);
bool mbft_image_is(const struct mbft_table *table, u64 addr, u64 size);

/*
 * Why a manually given range cannot be a disk, or NULL. Low memory is the
 * BIOS's and real mode's; MEMDISK itself always loads images above 1 MiB.
 */
const char *mbft_region_problem(u64 addr, u64 size);

#endif /* MEMDISK_MBFT_H */
