// SPDX-License-Identifier: GPL-2.0
/*
 * MEMDISK Boot Firmware Table (mBFT): discovery and validation.
 * Compiled into both memdisk_blk.ko and memdisk-probe; no kernel or libc
 * services beyond memcmp/memset.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <string.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#include "mbft.h"

/* Offsets into the table (memdisk/mstructs.h, struct mBFT and struct mdi). */
#define MBFT_OFF_LENGTH		4
#define MBFT_OFF_REVISION	8
#define MBFT_OFF_SAFE_HOOK	36
#define MDI_OFF_BYTES		(MBFT_MDI_OFFSET + 0)
#define MDI_OFF_VERSION_MINOR	(MBFT_MDI_OFFSET + 2)
#define MDI_OFF_VERSION_MAJOR	(MBFT_MDI_OFFSET + 3)
#define MDI_OFF_DISKBUF		(MBFT_MDI_OFFSET + 4)
#define MDI_OFF_DISKSIZE	(MBFT_MDI_OFFSET + 8)
#define MDI_OFF_CMDLINE		(MBFT_MDI_OFFSET + 12)
#define MDI_OFF_BOOTLOADER_ID	(MBFT_MDI_OFFSET + 26)
#define MDI_OFF_SECTOR_SHIFT	(MBFT_MDI_OFFSET + 27)
#define MDI_OFF_DPT_PTR		(MBFT_MDI_OFFSET + 28)

static const char *const mbft_status_names[] = {
	[MBFT_VALID] = "valid",
	[MBFT_BAD_SIGNATURE] = "bad signature",
	[MBFT_BAD_LENGTH] = "table length out of bounds",
	[MBFT_TRUNCATED] = "table runs past the end of low memory",
	[MBFT_BAD_MDI_LENGTH] = "table length does not match the MDI size",
	[MBFT_BAD_CHECKSUM] = "bad checksum",
	[MBFT_EMPTY_IMAGE] = "image size is zero",
	[MBFT_IMAGE_ABOVE_4G] = "image runs past 4 GiB",
	[MBFT_BAD_SECTOR_SHIFT] = "unsupported sector size",
	[MBFT_DUPLICATE] = "same image as an earlier table",
	[MBFT_OVERLAP] = "image overlaps an earlier table's image",
};

const char *mbft_status_str(enum mbft_status status)
{
	if ((unsigned int)status >= ARRAY_SIZE(mbft_status_names))
		return "unknown";
	return mbft_status_names[status];
}

static u16 get_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

u32 mbft_segoff_to_phys(u32 segoff)
{
	return (segoff >> 16) * 16 + (segoff & 0xffff);
}

bool mbft_scan_window(u16 basemem_kib, u32 low_ram_end, u32 *start)
{
	u32 base = (u32)basemem_kib * 1024;

	if (basemem_kib < MBFT_BDA_MIN_KIB || base >= MBFT_LOWMEM_END)
		return false;
	*start = base > low_ram_end ? base : low_ram_end;
	return *start < MBFT_LOWMEM_END;
}

static u8 byte_sum(const u8 *p, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/*
 * The last MDI fields came with later MEMDISK versions and the minimum
 * table length does not cover them: what lies past @length is not part
 * of the table (and may be past the buffer), so it reads as zero.
 */
static u8 mdi_byte(const u8 *t, u32 length, unsigned int off)
{
	return off < length ? t[off] : 0;
}

static void mbft_read_fields(const u8 *t, struct mbft_table *table)
{
	u32 length = table->length;

	table->revision = t[MBFT_OFF_REVISION];
	table->safe_hook = get_le32(t + MBFT_OFF_SAFE_HOOK);
	table->version_minor = t[MDI_OFF_VERSION_MINOR];
	table->version_major = t[MDI_OFF_VERSION_MAJOR];
	table->diskbuf = get_le32(t + MDI_OFF_DISKBUF);
	table->disksize = get_le32(t + MDI_OFF_DISKSIZE);
	table->cmdline_segoff = get_le32(t + MDI_OFF_CMDLINE);
	table->bootloader_id = mdi_byte(t, length, MDI_OFF_BOOTLOADER_ID);
	table->raw_sector_shift = mdi_byte(t, length, MDI_OFF_SECTOR_SHIFT);
	table->dpt_ptr = mdi_byte(t, length, MDI_OFF_DPT_PTR) |
			 mdi_byte(t, length, MDI_OFF_DPT_PTR + 1) << 8;
	table->sector_shift = table->raw_sector_shift ? table->raw_sector_shift : 9;
}

static enum mbft_status mbft_check_image(const struct mbft_table *table)
{
	if (table->sector_shift != 9 && table->sector_shift != 11)
		return MBFT_BAD_SECTOR_SHIFT;
	if (!table->disksize)
		return MBFT_EMPTY_IMAGE;
	if ((u64)table->diskbuf + table->image_size > MBFT_4GIB)
		return MBFT_IMAGE_ABOVE_4G;
	return MBFT_VALID;
}

enum mbft_status mbft_parse(const u8 *buf, size_t len, u32 base, size_t offset,
			    struct mbft_table *table)
{
	const u8 *t;
	size_t avail;

	memset(table, 0, sizeof(*table));
	table->addr = base + (u32)offset;
	if (offset > len || len - offset < MBFT_OFF_LENGTH + 4)
		return table->status = MBFT_TRUNCATED;
	t = buf + offset;
	avail = len - offset;
	if (memcmp(t, MBFT_SIGNATURE, 4))
		return table->status = MBFT_BAD_SIGNATURE;
	table->length = get_le32(t + MBFT_OFF_LENGTH);
	if (table->length < MBFT_MIN_LENGTH || table->length > MBFT_MAX_LENGTH)
		return table->status = MBFT_BAD_LENGTH;
	if (table->length > avail)
		return table->status = MBFT_TRUNCATED;
	mbft_read_fields(t, table);
	if (table->length != (u32)get_le16(t + MDI_OFF_BYTES) + MBFT_MDI_OFFSET)
		return table->status = MBFT_BAD_MDI_LENGTH;
	if (byte_sum(t, table->length))
		return table->status = MBFT_BAD_CHECKSUM;
	if (table->sector_shift < 32)
		table->image_size = (u64)table->disksize << table->sector_shift;
	return table->status = mbft_check_image(table);
}

bool mbft_image_is(const struct mbft_table *table, u64 addr, u64 size)
{
	return table->diskbuf == addr && table->image_size == size;
}

const struct mbft_table *mbft_image_overlapping(const struct mbft_table *tables,
						size_t count, u64 addr, u64 size)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (tables[i].status == MBFT_VALID &&
		    addr < tables[i].diskbuf + tables[i].image_size &&
		    tables[i].diskbuf < addr + size)
			return &tables[i];
	}
	return NULL;
}

/* Two MEMDISK instances can never share memory: keep the first only. */
static void mbft_mark_repeats(struct mbft_table *tables, size_t count)
{
	struct mbft_table *last = &tables[count - 1];
	const struct mbft_table *earlier;

	if (last->status != MBFT_VALID)
		return;
	earlier = mbft_image_overlapping(tables, count - 1, last->diskbuf,
					 last->image_size);
	if (earlier)
		last->status = mbft_image_is(earlier, last->diskbuf, last->image_size) ?
			       MBFT_DUPLICATE : MBFT_OVERLAP;
}

size_t mbft_scan(const u8 *buf, size_t len, u32 base,
		 struct mbft_table *tables, size_t max)
{
	size_t offset = (MBFT_ALIGN - base % MBFT_ALIGN) % MBFT_ALIGN;
	size_t count = 0;

	for (; count < max && offset + 4 <= len; offset += MBFT_ALIGN) {
		if (memcmp(buf + offset, MBFT_SIGNATURE, 4))
			continue;
		mbft_parse(buf, len, base, offset, &tables[count++]);
		mbft_mark_repeats(tables, count);
	}
	return count;
}

static char printable(u8 c)
{
	return c >= 0x20 && c < 0x7f ? (char)c : '?';
}

bool mbft_copy_string(const u8 *buf, size_t len, u32 base, u32 phys,
		      char *dst, size_t dst_len)
{
	size_t i, offset = phys - base;

	if (!dst_len)
		return false;
	dst[0] = '\0';
	if (phys < base || offset >= len)
		return false;
	for (i = 0; i + 1 < dst_len && offset + i < len && buf[offset + i]; i++)
		dst[i] = printable(buf[offset + i]);
	dst[i] = '\0';
	return true;
}

size_t mbft_find(const u8 *lowmem, size_t len, u32 low_ram_end,
		 struct mbft_table *tables, size_t max)
{
	size_t i, count, end = len < MBFT_LOWMEM_END ? len : MBFT_LOWMEM_END;
	u32 start;

	if (len < MBFT_BDA_BASEMEM + 2 ||
	    !mbft_scan_window(get_le16(lowmem + MBFT_BDA_BASEMEM), low_ram_end, &start) ||
	    start >= end)
		return 0;
	count = mbft_scan(lowmem + start, end - start, start, tables, max);
	/* Only MEMDISK's own area: below it is low RAM the kernel uses. */
	for (i = 0; i < count; i++)
		mbft_copy_string(lowmem + start, end - start, start,
				 mbft_segoff_to_phys(tables[i].cmdline_segoff),
				 tables[i].cmdline, sizeof(tables[i].cmdline));
	return count;
}

const char *mbft_region_problem(u64 addr, u64 size)
{
	if (!size)
		return "size is zero";
	if (size & (MBFT_SECTOR_SIZE - 1))
		return "size is not a multiple of 512 bytes";
	if (addr + size < addr)
		return "range wraps around the address space";
	if (addr < MBFT_REGION_MIN_ADDR)
		return "range starts below 1 MiB";
	return NULL;
}
