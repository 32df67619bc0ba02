// SPDX-License-Identifier: GPL-2.0
/* Console output and memory helpers: see util.h. */
#include <stdarg.h>

#include "util.h"

EFI_SYSTEM_TABLE *ST;
EFI_BOOT_SERVICES *BS;

#define OUT_LEN 160

struct out {
	CHAR16 buf[OUT_LEN + 2];
	size_t n;
};

static void flush(struct out *o)
{
	o->buf[o->n] = 0;
	if (o->n)
		ST->ConOut->OutputString(ST->ConOut, o->buf);
	o->n = 0;
}

static void put(struct out *o, CHAR16 c)
{
	if (o->n >= OUT_LEN - 1)
		flush(o);
	if (c == '\n')
		o->buf[o->n++] = '\r';
	o->buf[o->n++] = c;
}

static void put_num(struct out *o, uint64_t v, unsigned base)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, (CHAR16)d[--n]);
}

static const char *status_name(EFI_STATUS s)
{
	static const char *const names[] = {
		"success", "load error", "invalid parameter", "unsupported", "bad buffer size",
		"buffer too small", "not ready", "device error", "write protected",
		"out of resources", "volume corrupted", "volume full", "no media",
		"media changed", "not found", "access denied", "no response", "no mapping",
		"timeout", "not started", "already started", "aborted", "ICMP error",
		"TFTP error", "protocol error", "incompatible version", "security violation", "CRC error", "end of media",
		NULL, NULL, "end of file",
	};
	UINTN i = s & ~EFI_ERRBIT;

	if ((s == 0 || EFI_ERROR(s)) && i < sizeof(names) / sizeof(names[0]))
		return names[i];
	return NULL;
}

void say(const char *fmt, ...)
{
	struct out o = { .n = 0 };
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		const char *s;
		const CHAR16 *w;
		EFI_STATUS st;

		if (*fmt != '%' || !fmt[1]) {
			put(&o, (uint8_t)*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				put(&o, (uint8_t)*s);
			break;
		case 'S':
			for (w = va_arg(ap, const CHAR16 *); *w; w++)
				put(&o, *w);
			break;
		case 'u':
			put_num(&o, va_arg(ap, uint64_t), 10);
			break;
		case 'x':
			put_num(&o, va_arg(ap, uint64_t), 16);
			break;
		case 'r':
			st = va_arg(ap, EFI_STATUS);
			s = status_name(st);
			if (s) {
				for (; *s; s++)
					put(&o, (uint8_t)*s);
			} else {
				put(&o, '0');
				put(&o, 'x');
				put_num(&o, st, 16);
			}
			break;
		default:
			put(&o, (uint8_t)*fmt);
		}
	}
	va_end(ap);
	flush(&o);
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	/* 8 bytes at a time: the copy of a multi-GiB image is the hot loop. */
	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

static CHAR16 lower(CHAR16 c)
{
	return (c >= 'A' && c <= 'Z') ? (CHAR16)(c + 32) : c;
}

int ucs2_eq_nocase(const CHAR16 *a, const CHAR16 *b)
{
	while (*a && lower(*a) == lower(*b))
		a++, b++;
	return !*a && !*b;
}

size_t ucs2_len(const CHAR16 *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static size_t node_len(const EFI_DEVICE_PATH *n)
{
	return (size_t)(n->Length[0] | n->Length[1] << 8);
}

size_t dp_size(const EFI_DEVICE_PATH *dp)
{
	const uint8_t *p = (const uint8_t *)dp;
	size_t size = 0;

	for (;;) {
		const EFI_DEVICE_PATH *n = (const EFI_DEVICE_PATH *)(const void *)(p + size);

		if (n->Type == DP_TYPE_END || node_len(n) < sizeof(*n))
			return size;
		size += node_len(n);
	}
}

int dp_is_prefix(const EFI_DEVICE_PATH *prefix, const EFI_DEVICE_PATH *full)
{
	size_t n = dp_size(prefix);

	return n <= dp_size(full) && memcmp(prefix, full, n) == 0;
}
