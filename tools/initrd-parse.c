// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-initrd's pure half (initrd.h): where a newc archive ends, which
 * compression a stream has, which names are taken.
 */
#include <stdint.h>
#include <string.h>

#include "initrd.h"

/* Field offsets in a newc header (after the 6-byte magic, 8 hex each). */
#define NEWC_FILESIZE	54
#define NEWC_NAMESIZE	94

static const char trailer[] = "TRAILER!!!";

bool newc_is_header(const unsigned char *buf, size_t len)
{
	return len >= 6 && (!memcmp(buf, "070701", 6) || !memcmp(buf, "070702", 6));
}

/* newc_field: the 8 hex digits at P; false when one is not a hex digit. */
static bool newc_field(const unsigned char *p, uint32_t *value)
{
	uint32_t v = 0;
	int i, d;

	for (i = 0; i < 8; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			d = p[i] - 'A' + 10;
		else
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*value = v;
	return true;
}

static uint64_t align4(uint64_t n)
{
	return (n + 3) & ~(uint64_t)3;
}

/*
 * newc_entry: the entry at BUF + POS; sets *NEXT (where the next header
 * starts) and *IS_TRAILER. Headers are 4-aligned from the archive start,
 * and so are the name's and the data's ends.
 */
static const char *newc_entry(const unsigned char *buf, size_t len, uint64_t pos,
			      uint64_t *next, bool *is_trailer)
{
	const unsigned char *h = buf + pos;
	uint32_t namesize, filesize;
	uint64_t data;

	if (len - pos < NEWC_HEADER_LEN)
		return "it ends inside a header";
	if (!newc_is_header(h, NEWC_HEADER_LEN))
		return "a header without the newc magic (070701 or 070702)";
	if (!newc_field(h + NEWC_NAMESIZE, &namesize) || !newc_field(h + NEWC_FILESIZE, &filesize))
		return "a header field that is not hexadecimal";
	if (namesize < 2 || namesize > INITRD_PATH_MAX)
		return "a name size of 0, 1 or more than 4096 bytes";
	if (len - pos - NEWC_HEADER_LEN < namesize)
		return "it ends inside a name";
	if (h[NEWC_HEADER_LEN + namesize - 1] != '\0')
		return "a name without its terminating NUL";
	data = align4(pos + NEWC_HEADER_LEN + namesize);
	*is_trailer = namesize == sizeof(trailer) &&
		      !memcmp(h + NEWC_HEADER_LEN, trailer, sizeof(trailer));
	if (*is_trailer) {
		*next = data;
		return *next <= len ? NULL : "it ends inside the trailer's padding";
	}
	*next = align4(data + filesize);
	if (data + filesize > len)
		return "it ends inside an entry's data";
	return NULL;
}

const char *newc_archive_end(const unsigned char *buf, size_t len, size_t *end)
{
	uint64_t pos = 0, next;
	bool is_trailer = false;
	const char *why;

	while (!is_trailer) {
		why = newc_entry(buf, len, pos, &next, &is_trailer);
		if (why)
			return why;
		/* The last entry's data padding may run past the end. */
		pos = next < len ? next : len;
	}
	*end = (size_t)pos;
	return NULL;
}

const char *initrd_compression(const unsigned char *buf, size_t len)
{
	static const struct {
		unsigned char magic[2];
		const char *name;
	} methods[] = {
		{ { 0x1f, 0x8b }, "gzip" },
		{ { 0x42, 0x5a }, "bzip2" },
		{ { 0x5d, 0x00 }, "lzma" },
		{ { 0xfd, 0x37 }, "xz" },
		{ { 0x89, 0x4c }, "lzo" },
		{ { 0x02, 0x21 }, "lz4" },
		{ { 0x28, 0xb5 }, "zstd" },
	};
	size_t i;

	if (len < 2)
		return NULL;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!memcmp(buf, methods[i].magic, 2))
			return methods[i].name;
	return NULL;
}

/* text_problem: what every name and target must meet. */
static const char *text_problem(const char *s)
{
	size_t n = strnlen(s, INITRD_PATH_MAX);
	const unsigned char *p;

	if (n == 0)
		return "it is empty";
	if (n == INITRD_PATH_MAX)
		return "it is longer than 4095 bytes";
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "it has a control character";
	return NULL;
}

const char *initrd_name_problem(const char *name)
{
	const char *why = text_problem(name), *c = name, *slash;
	size_t n;

	if (why)
		return why;
	for (;;) {
		slash = strchr(c, '/');
		n = slash ? (size_t)(slash - c) : strlen(c);
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return "it has a \"..\" component";
		if (!slash)
			return NULL;
		c = slash + 1;
	}
}

const char *initrd_target_problem(const char *target)
{
	return text_problem(target);
}

void initrd_normalize(char *name)
{
	const char *c = name, *slash;
	char *out = name;
	size_t n;

	while (*c) {
		slash = strchr(c, '/');
		n = slash ? (size_t)(slash - c) : strlen(c);
		if (n && !(n == 1 && c[0] == '.')) {
			if (out != name)
				*out++ = '/';
			memmove(out, c, n);
			out += n;
		}
		c += n + (slash ? 1 : 0);
	}
	*out = '\0';
}

void initrd_printable(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	if (!dstlen)
		return;
	for (i = 0; i + 1 < dstlen && src[i]; i++)
		dst[i] = ((unsigned char)src[i] < 0x20 || src[i] == 0x7f) ? '?' : src[i];
	dst[i] = '\0';
}
