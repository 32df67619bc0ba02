/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader of GRUB configurations (grub.cfg and the files it sources),
 * for memdisk-remaster: which kernel and initrds each menuentry boots.
 * Pure code: files come through a callback, results and notes go out
 * through others. Nothing is executed and no condition is evaluated: the
 * commands of if/for/while blocks and functions are read as if they ran
 * once, in text order. Only what the text spells literally is resolved:
 * a $var or ${var} whose value a plain `set var=literal` gave; anything
 * else is reported, never guessed. Unit-tested and fuzzed on its own.
 */
#ifndef MEMDISK_GRUBCFG_H
#define MEMDISK_GRUBCFG_H

#include <stddef.h>

/* Bounds (memdisk-remaster(1), LIMITS). */
#define GRUBCFG_DEPTH_MAX	16	/* source/configfile nesting */
#define GRUBCFG_FILES_MAX	256	/* files read in all */
#define GRUBCFG_FILE_MAX	(1 << 20) /* bytes in one file */
#define GRUBCFG_LINE_MAX	4096	/* bytes in one line */
#define GRUBCFG_WORD_MAX	4096	/* bytes in one word, expanded */
#define GRUBCFG_WORDS_MAX	256	/* words in one command */
#define GRUBCFG_NEST_MAX	64	/* open blocks in one file */
#define GRUBCFG_VARS_MAX	256	/* variables known at once */
#define GRUBCFG_INITRDS_MAX	16	/* initrds of one entry */
#define GRUBCFG_ENTRIES_MAX	1024	/* entries reported */

struct grubcfg_ops {
	/*
	 * load: the text of the file at PATH (absolute, normalized), in a
	 * buffer the reader frees with free(); NULL when there is none, with
	 * *WHY saying why (static text).
	 */
	char *(*load)(void *ctx, const char *path, size_t *len, const char **why);
	/* entry: a menuentry (TITLE, as given) boots KERNEL with INITRDS. */
	void (*entry)(void *ctx, const char *title, const char *kernel,
		      const char *const *initrds, size_t n_initrds);
	/* note: what could not be read or resolved (TEXT is not printable-safe). */
	void (*note)(void *ctx, const char *text);
	void *ctx;
};

/*
 * grubcfg_read: the configuration at PATH (an absolute path) and what it
 * sources; returns how many entries were reported.
 */
unsigned int grubcfg_read(const struct grubcfg_ops *ops, const char *path);

/*
 * grubcfg_path: the file a GRUB path names (a leading "(device)" dropped,
 * "." and repeated "/" removed) into OUT of OUTLEN bytes; NULL, or why
 * it is refused: relative, a ".." component, a control character, a tab
 * or comma (the separators of memdisk-initrd --grub's output), too long.
 */
const char *grubcfg_path(const char *word, char *out, size_t outlen);

#endif
