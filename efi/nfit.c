// SPDX-License-Identifier: GPL-2.0
/* ACPI NFIT reader and writer: see nfit.h. */
#include "nfit.h"

#define SPA_TYPE 0

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static void copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

static void zero(uint8_t *dst, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = 0;
}

/* The GUIDs of ACPI 6.x §5.2.25.2 and UEFI 2.6's RAM disk types, in text form's field order. */
static const struct {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
} kind_guids[] = {
	[NFIT_KIND_VOLATILE] = { 0x7305944f, 0xfdda, 0x44e3,
		{ 0xb1, 0x6c, 0x3f, 0x22, 0xd2, 0x52, 0xe5, 0xd0 } },
	[NFIT_KIND_PM] = { 0x66f0d379, 0xb4f3, 0x4074,
		{ 0xac, 0x43, 0x0d, 0x33, 0x18, 0xb7, 0x8c, 0xdb } },
	[NFIT_KIND_CONTROL] = { 0x92f701f6, 0x13b4, 0x405d,
		{ 0x91, 0x0b, 0x29, 0x93, 0x67, 0xe8, 0x23, 0x4c } },
	[NFIT_KIND_BLOCK_DATA] = { 0x91af0530, 0x5d86, 0x470e,
		{ 0xa6, 0xb0, 0x0a, 0x2d, 0xb9, 0x40, 0x82, 0x49 } },
	[NFIT_KIND_VDISK] = { 0x77ab535a, 0x45fc, 0x624b,
		{ 0x55, 0x60, 0xf7, 0xb2, 0x81, 0xd1, 0xf9, 0x6e } },
	[NFIT_KIND_VCD] = { 0x3d5abd30, 0x4175, 0x87ce,
		{ 0x6d, 0x64, 0xd2, 0xad, 0xe5, 0x23, 0xc4, 0xbb } },
	[NFIT_KIND_PDISK] = { 0x5cea02c9, 0x4d07, 0x69d3,
		{ 0x26, 0x9f, 0x44, 0x96, 0xfb, 0xe0, 0x96, 0xf9 } },
	[NFIT_KIND_PCD] = { 0x08018188, 0x42cd, 0xbb48,
		{ 0x10, 0x0f, 0x53, 0x87, 0xd5, 0x3d, 0xed, 0x3d } },
};

#define NKINDS ((int)(sizeof(kind_guids) / sizeof(kind_guids[0])))

int nfit_kind_guid(enum nfit_kind kind, uint8_t out[16])
{
	if (kind <= NFIT_KIND_OTHER || (int)kind >= NKINDS)
		return NFIT_E_KIND;
	put(out, kind_guids[kind].d1, 4);
	put(out + 4, kind_guids[kind].d2, 2);
	put(out + 6, kind_guids[kind].d3, 2);
	copy(out + 8, kind_guids[kind].d4, 8);
	return 0;
}

static enum nfit_kind guid_kind(const uint8_t *guid)
{
	uint8_t g[16];

	for (int k = NFIT_KIND_OTHER + 1; k < NKINDS; k++) {
		int same = 1;

		nfit_kind_guid((enum nfit_kind)k, g);
		for (int i = 0; i < 16; i++)
			same &= g[i] == guid[i];
		if (same)
			return (enum nfit_kind)k;
	}
	return NFIT_KIND_OTHER;
}

const char *nfit_kind_name(enum nfit_kind kind)
{
	switch (kind) {
	case NFIT_KIND_VOLATILE: return "volatile-memory";
	case NFIT_KIND_PM: return "persistent-memory";
	case NFIT_KIND_CONTROL: return "control-region";
	case NFIT_KIND_BLOCK_DATA: return "block-data-window";
	case NFIT_KIND_VDISK: return "virtual-disk";
	case NFIT_KIND_VCD: return "virtual-cd";
	case NFIT_KIND_PDISK: return "persistent-virtual-disk";
	case NFIT_KIND_PCD: return "persistent-virtual-cd";
	default: return "other";
	}
}

int nfit_kind_is_ramdisk(enum nfit_kind kind)
{
	return kind == NFIT_KIND_VDISK || kind == NFIT_KIND_VCD ||
	       kind == NFIT_KIND_PDISK || kind == NFIT_KIND_PCD;
}

const char *nfit_strerror(int error)
{
	switch (error) {
	case 0: return "no error";
	case NFIT_E_SHORT: return "shorter than an NFIT header";
	case NFIT_E_SIGNATURE: return "signature is not NFIT";
	case NFIT_E_LENGTH: return "header length out of range";
	case NFIT_E_CHECKSUM: return "bad checksum";
	case NFIT_E_STRUCT: return "structure length out of range";
	case NFIT_E_SPA_LEN: return "SPA range structure of a bad length";
	case NFIT_E_SPACE: return "output buffer too small";
	case NFIT_E_KIND: return "no GUID for this range type";
	default: return "unknown NFIT error";
	}
}

int nfit_validate(const uint8_t *table, size_t len)
{
	uint32_t tlen;
	uint8_t sum = 0;

	if (len < NFIT_HEADER_LEN)
		return NFIT_E_SHORT;
	if (table[0] != 'N' || table[1] != 'F' || table[2] != 'I' || table[3] != 'T')
		return NFIT_E_SIGNATURE;
	tlen = get32(table + 4);
	if (tlen < NFIT_HEADER_LEN || tlen > len)
		return NFIT_E_LENGTH;
	for (uint32_t i = 0; i < tlen; i++)
		sum = (uint8_t)(sum + table[i]);
	if (sum)
		return NFIT_E_CHECKSUM;
	for (size_t pos = NFIT_HEADER_LEN; pos < tlen;) {
		uint16_t slen;

		if (tlen - pos < 4)
			return NFIT_E_STRUCT;
		slen = get16(table + pos + 2);
		if (slen < 4 || slen > tlen - pos)
			return NFIT_E_STRUCT;
		pos += slen;
	}
	return 0;
}

int nfit_next_spa(const uint8_t *table, size_t len, size_t *pos, struct nfit_spa *spa)
{
	size_t tlen = get32(table + 4);

	if (tlen > len)
		tlen = len;
	if (*pos < NFIT_HEADER_LEN)
		*pos = NFIT_HEADER_LEN;
	while (*pos + 4 <= tlen) {
		const uint8_t *s = table + *pos;
		uint16_t slen = get16(s + 2);
		uint16_t flags;

		if (slen < 4 || slen > tlen - *pos)
			return NFIT_E_STRUCT;
		*pos += slen;
		if (get16(s) != SPA_TYPE)
			continue;
		if (slen < NFIT_SPA_LEN)
			return NFIT_E_SPA_LEN;
		flags = get16(s + 6);
		if (slen != ((flags & NFIT_SPA_FLAG_COOKIE) ? NFIT_SPA_COOKIE_LEN : NFIT_SPA_LEN))
			return NFIT_E_SPA_LEN;
		spa->range_index = get16(s + 4);
		spa->flags = flags;
		spa->proximity = get32(s + 12);
		copy(spa->type, s + 16, 16);
		spa->base = get64(s + 32);
		spa->length = get64(s + 40);
		spa->mapping_attr = get64(s + 48);
		spa->kind = guid_kind(spa->type);
		return 1;
	}
	return 0;
}

int nfit_covers(const uint8_t *table, size_t len, uint64_t base, uint64_t size)
{
	struct nfit_spa spa;
	size_t pos = 0;
	int rc = nfit_validate(table, len);

	while (rc == 0 && (rc = nfit_next_spa(table, len, &pos, &spa)) == 1) {
		if (base >= spa.base && base - spa.base <= spa.length &&
		    size <= spa.length - (base - spa.base))
			return 1;
		rc = 0;
	}
	return rc;
}

void nfit_fix_checksum(uint8_t *table)
{
	uint32_t tlen = get32(table + 4);
	uint8_t sum = 0;

	table[9] = 0;
	for (uint32_t i = 0; i < tlen; i++)
		sum = (uint8_t)(sum + table[i]);
	table[9] = (uint8_t)-sum;
}

static int put_spa(uint8_t *s, enum nfit_kind kind, uint64_t base, uint64_t length)
{
	zero(s, NFIT_SPA_LEN);
	put(s, SPA_TYPE, 2);
	put(s + 2, NFIT_SPA_LEN, 2);
	put(s + 32, base, 8);
	put(s + 40, length, 8);
	return nfit_kind_guid(kind, s + 16);
}

int64_t nfit_append_spa(uint8_t *out, size_t cap, const uint8_t *old, size_t old_len,
			enum nfit_kind kind, uint64_t base, uint64_t length)
{
	int rc = nfit_validate(old, old_len);
	uint32_t tlen;

	if (rc)
		return rc;
	tlen = get32(old + 4);
	if (cap < NFIT_SPA_LEN || tlen > cap - NFIT_SPA_LEN || tlen > UINT32_MAX - NFIT_SPA_LEN)
		return NFIT_E_SPACE;
	rc = put_spa(out + tlen, kind, base, length);
	if (rc)
		return rc;
	copy(out, old, tlen);
	put(out + 4, tlen + NFIT_SPA_LEN, 4);
	nfit_fix_checksum(out);
	return tlen + NFIT_SPA_LEN;
}

int64_t nfit_build(uint8_t *out, size_t cap, enum nfit_kind kind, uint64_t base, uint64_t length)
{
	static const uint8_t id[] = "NFIT\0\0\0\0\1\0MEMDSKMEMDISK \1\0\0\0MDBK\1\0\0\0";
	const size_t total = NFIT_HEADER_LEN + NFIT_SPA_LEN;
	int rc;

	if (cap < total)
		return NFIT_E_SPACE;
	rc = put_spa(out + NFIT_HEADER_LEN, kind, base, length);
	if (rc)
		return rc;
	zero(out, NFIT_HEADER_LEN);
	copy(out, id, sizeof(id) - 1);
	put(out + 4, total, 4);
	nfit_fix_checksum(out);
	return (int64_t)total;
}
