/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdisk.efi's command line: pure code, no firmware call, so that the
 * host unit tests (tests/unit/test_args.c) run it as it is.
 */
#ifndef MEMDISK_ARGS_H
#define MEMDISK_ARGS_H

#include <stddef.h>
#include <stdint.h>

#define ARGS_MAX_WORD 1024	/* characters in one word (a URI is one word) */
#define ARGS_MAX_NAMES 4	/* words that may name the image file */
#define ARGS_NOTE_LEN 256	/* characters of the "ignored" note */

enum args_type {
	ARGS_TYPE_AUTO,		/* no type word: an ISO with an EFI boot image is a CD */
	ARGS_TYPE_CD,		/* iso */
	ARGS_TYPE_DISK,		/* harddisk, floppy (any =N) */
};

enum args_ramdisk {
	ARGS_RAMDISK_AUTO,	/* the firmware's EFI_RAM_DISK_PROTOCOL where there is one */
	ARGS_RAMDISK_OWN,	/* ramdisk=own: our own BlockIo even where it exists */
};

enum args_error {
	ARGS_OK = 0,
	ARGS_E_LONG = -1,	/* a word longer than ARGS_MAX_WORD */
	ARGS_E_NAMES = -2,	/* more than ARGS_MAX_NAMES unknown words */
	ARGS_E_URI = -3,	/* a URI with a character that is not printable ASCII */
	ARGS_E_TWO_URIS = -4,	/* two URIs */
	ARGS_E_TYPE = -5,	/* two different type words */
	ARGS_E_VALUE = -6,	/* ramdisk= or initrd= with a bad value */
};

struct args {
	enum args_type type;
	enum args_ramdisk ramdisk;
	int pause;
	char uri[ARGS_MAX_WORD + 1];		/* ASCII, "" when none */
	uint16_t initrd[ARGS_MAX_WORD + 1];	/* initrd=NAME, empty when none */
	uint16_t self[ARGS_MAX_WORD + 1];	/* the first word: our own image name */
	uint16_t names[ARGS_MAX_NAMES][ARGS_MAX_WORD + 1];	/* other words */
	int nnames;
	uint16_t ignored[ARGS_NOTE_LEN + 1];	/* MEMDISK words without meaning under UEFI */
	int nignored;
};

/*
 * Parse LEN bytes of UCS-2 LoadOptions (odd trailing byte ignored; a NUL
 * ends the line). Words are separated by spaces, tabs, CR and LF. The first
 * word is the image's own name (iPXE passes "<image name> <args>"). Returns
 * ARGS_OK or a negative enum args_error; A is always fully initialised.
 */
int args_parse(const uint16_t *opts, size_t len, struct args *a);
const char *args_strerror(int error);

/* 1 when the UCS-2 string S equals ASCII T, ignoring ASCII case. */
int args_ucs2_eq(const uint16_t *s, const char *t);

#endif /* MEMDISK_ARGS_H */
