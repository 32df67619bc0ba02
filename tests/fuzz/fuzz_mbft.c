// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for module/mbft.c. Input: BDA free base memory (le16),
 * low RAM end (le32), then a payload that ends at physical 0xa0000, as the
 * MEMDISK area does in a real low-memory dump; a seed is such a window.
 * The payload also goes to mbft_scan() as it is, from an aligned address
 * (libFuzzer's buffer is exactly sized, so ASan sees any over-read), and
 * its first 16 bytes, as an address and a size, to mbft_region_problem().
 * Broken invariants abort.
 */
#include <stdlib.h>
#include <string.h>

#include "mbft.h"

#define HEADER_LEN	6

static u16 le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 le32(const u8 *p)
{
	return le16(p) | (u32)le16(p + 2) << 16;
}

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* What every caller relies on: see mbft.h. */
static void check_tables(const struct mbft_table *t, size_t count)
{
	size_t i;

	check(count <= MBFT_MAX_TABLES);
	for (i = 0; i < count; i++) {
		check(t[i].addr % MBFT_ALIGN == 0);
		check(memchr(t[i].cmdline, '\0', sizeof(t[i].cmdline)));
		if (t[i].status != MBFT_VALID)
			continue;
		check(t[i].sector_shift == 9 || t[i].sector_shift == 11);
		check(t[i].image_size == (u64)t[i].disksize << t[i].sector_shift);
		check(t[i].image_size && t[i].diskbuf + t[i].image_size <= MBFT_4GIB);
	}
}

/* ASan puts redzones around globals too: reads past 0xa0000 are caught. */
static u8 lowmem[MBFT_LOWMEM_END];

static void fuzz_find(const u8 *hdr, const u8 *payload, size_t len)
{
	struct mbft_table tables[MBFT_MAX_TABLES];
	u8 *dst = lowmem + MBFT_LOWMEM_END - len;

	memcpy(lowmem + MBFT_BDA_BASEMEM, hdr, 2);
	memcpy(dst, payload, len);
	check_tables(tables, mbft_find(lowmem, MBFT_LOWMEM_END, le32(hdr + 2), tables,
				       MBFT_MAX_TABLES));
	memset(dst, 0, len);
}

/* The first 16 bytes as a region= address and size (the kernel parses). */
static void fuzz_region(const u8 *payload, size_t len)
{
	u64 addr, size;

	if (len < 2 * sizeof(u64))
		return;
	memcpy(&addr, payload, sizeof(addr));
	memcpy(&size, payload + sizeof(addr), sizeof(size));
	if (!mbft_region_problem(addr, size) && (addr + size < addr || !size))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mbft_table tables[MBFT_MAX_TABLES];
	const u8 *payload = data + HEADER_LEN;
	size_t len = size - HEADER_LEN;
	u32 base;

	if (size < HEADER_LEN || len > MBFT_LOWMEM_END - MBFT_BDA_BASEMEM - 2)
		return 0;
	/* Start aligned, so that a table can end just at the buffer's end. */
	base = (MBFT_LOWMEM_END - (u32)len) & ~(MBFT_ALIGN - 1);
	check_tables(tables, mbft_scan(payload, len, base, tables, MBFT_MAX_TABLES));
	fuzz_find(data, payload, len);
	fuzz_region(payload, len);
	return 0;
}
