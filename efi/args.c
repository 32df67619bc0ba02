// SPDX-License-Identifier: GPL-2.0
/* memdisk.efi's command line parser: see args.h. */
#include "args.h"

/* MEMDISK words that describe BIOS emulation: accepted, meaningless here. */
static const char *const bios_words[] = {
	"raw", "bigraw", "int", "safeint", "edd", "noedd", "nopass", "nopassany",
	"high", "noint", "mbr",
};

/* MEMDISK key=value words of the same kind (the key, with its '='). */
static const char *const bios_keys[] = { "c=", "h=", "s=", "stack=" };

static uint16_t lower(uint16_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint16_t)(c + 32) : c;
}

int args_ucs2_eq(const uint16_t *s, const char *t)
{
	while (*s && *t && lower(*s) == lower((uint8_t)*t))
		s++, t++;
	return !*s && !*t;
}

/* 1 when S starts with ASCII prefix P (ignoring case). */
static int has_prefix(const uint16_t *s, const char *p)
{
	while (*p && lower(*s) == lower((uint8_t)*p))
		s++, p++;
	return !*p;
}

static int is_space(uint16_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t ucs2_len(const uint16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void ucs2_copy(uint16_t *dst, const uint16_t *src)
{
	while ((*dst++ = *src++))
		;
}

/* A URI: an ASCII letter, then letters, digits, + - ., then "://". */
static int is_uri(const uint16_t *w)
{
	size_t i = 0;

	if (!((w[0] | 32) >= 'a' && (w[0] | 32) <= 'z'))
		return 0;
	while (((w[i] | 32) >= 'a' && (w[i] | 32) <= 'z') || (w[i] >= '0' && w[i] <= '9') ||
	       w[i] == '+' || w[i] == '-' || w[i] == '.')
		i++;
	return w[i] == ':' && w[i + 1] == '/' && w[i + 2] == '/';
}

/* Append W to the note of ignored words; a note that would overflow ends in " ...". */
static void note_ignored(struct args *a, const uint16_t *w)
{
	static const uint16_t more[] = { ' ', '.', '.', '.', 0 };
	size_t n = ucs2_len(a->ignored), wl = ucs2_len(w);

	if (a->nignored++ && n + 1 + wl + 4 > ARGS_NOTE_LEN) {
		if (n < 4 || !args_ucs2_eq(a->ignored + n - 4, " ..."))
			ucs2_copy(a->ignored + n, more);
		return;
	}
	if (!n && wl + 4 > ARGS_NOTE_LEN) {
		ucs2_copy(a->ignored, more + 1);
		return;
	}
	if (n)
		a->ignored[n++] = ' ';
	ucs2_copy(a->ignored + n, w);
}

static int set_type(struct args *a, enum args_type t)
{
	if (a->type != ARGS_TYPE_AUTO && a->type != t)
		return ARGS_E_TYPE;
	a->type = t;
	return ARGS_OK;
}

static int take_uri(struct args *a, const uint16_t *w)
{
	size_t i;

	if (a->uri[0])
		return ARGS_E_TWO_URIS;
	for (i = 0; w[i]; i++) {
		if (w[i] <= ' ' || w[i] > '~')
			return ARGS_E_URI;
		a->uri[i] = (char)w[i];
	}
	a->uri[i] = 0;
	return ARGS_OK;
}

static int is_bios_word(const uint16_t *w)
{
	for (size_t i = 0; i < sizeof(bios_words) / sizeof(bios_words[0]); i++)
		if (args_ucs2_eq(w, bios_words[i]))
			return 1;
	for (size_t i = 0; i < sizeof(bios_keys) / sizeof(bios_keys[0]); i++)
		if (has_prefix(w, bios_keys[i]))
			return 1;
	return 0;
}

/* One word after the first: classify it into A. */
static int word(struct args *a, const uint16_t *w)
{
	if (args_ucs2_eq(w, "iso"))
		return set_type(a, ARGS_TYPE_CD);
	if (args_ucs2_eq(w, "harddisk") || args_ucs2_eq(w, "floppy"))
		return set_type(a, ARGS_TYPE_DISK);
	if (has_prefix(w, "harddisk=") || has_prefix(w, "floppy=")) {
		note_ignored(a, w);	/* the drive number has no meaning here */
		return set_type(a, ARGS_TYPE_DISK);
	}
	if (args_ucs2_eq(w, "pause")) {
		a->pause = 1;
		return ARGS_OK;
	}
	if (has_prefix(w, "ramdisk=")) {
		if (args_ucs2_eq(w + 8, "own"))
			a->ramdisk = ARGS_RAMDISK_OWN;
		else if (args_ucs2_eq(w + 8, "auto"))
			a->ramdisk = ARGS_RAMDISK_AUTO;
		else
			return ARGS_E_VALUE;
		return ARGS_OK;
	}
	if (has_prefix(w, "initrd=")) {
		if (!w[7] || a->initrd[0])
			return ARGS_E_VALUE;
		ucs2_copy(a->initrd, w + 7);
		return ARGS_OK;
	}
	if (is_bios_word(w)) {
		note_ignored(a, w);
		return ARGS_OK;
	}
	if (is_uri(w))
		return take_uri(a, w);
	if (a->nnames == ARGS_MAX_NAMES)
		return ARGS_E_NAMES;
	ucs2_copy(a->names[a->nnames++], w);
	return ARGS_OK;
}

static void clear(struct args *a)
{
	uint8_t *p = (uint8_t *)a;

	for (size_t i = 0; i < sizeof(*a); i++)
		p[i] = 0;
}

int args_parse(const uint16_t *opts, size_t len, struct args *a)
{
	uint16_t w[ARGS_MAX_WORD + 1];
	size_t n = len / 2, i = 0;
	int first = 1;

	clear(a);
	while (i < n && opts[i]) {
		size_t wl = 0;
		int rc;

		while (i < n && is_space(opts[i]))
			i++;
		if (i == n || !opts[i])
			break;
		while (i < n && opts[i] && !is_space(opts[i])) {
			if (wl == ARGS_MAX_WORD)
				return ARGS_E_LONG;
			w[wl++] = opts[i++];
		}
		w[wl] = 0;
		if (first) {
			ucs2_copy(a->self, w);
			first = 0;
			continue;
		}
		rc = word(a, w);
		if (rc)
			return rc;
	}
	return ARGS_OK;
}

const char *args_strerror(int error)
{
	switch (error) {
	case ARGS_OK: return "no error";
	case ARGS_E_LONG: return "a word of the command line is too long";
	case ARGS_E_NAMES: return "too many unknown words on the command line";
	case ARGS_E_URI: return "the URI holds a character that is not printable ASCII";
	case ARGS_E_TWO_URIS: return "more than one URI on the command line";
	case ARGS_E_TYPE: return "two different image types (iso vs harddisk/floppy)";
	case ARGS_E_VALUE: return "bad value: use ramdisk=own|auto, initrd=NAME (once)";
	default: return "unknown command-line error";
	}
}
