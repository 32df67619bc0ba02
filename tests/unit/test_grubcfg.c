// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of tools/grubcfg.c: GRUB's quoting, variables set to
 * literals, source and configfile, blocks, and every bound and refusal.
 * Files come from a table in memory; entries and notes are collected.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "grubcfg.h"

struct file { const char *path; const char *text; };

static const struct file *files;
static char got[65536], notes[65536];

static char *load(void *ctx, const char *path, size_t *len, const char **why)
{
	const struct file *f;

	(void)ctx;
	for (f = files; f->path; f++) {
		if (!strcmp(f->path, path)) {
			*len = strlen(f->text);
			return strdup(f->text);
		}
	}
	*why = "no such file";
	return NULL;
}

static void entry(void *ctx, const char *title, const char *kernel, const char *const *initrds,
		  size_t n)
{
	size_t i;

	(void)ctx;
	snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s|%s|", title, kernel);
	for (i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "", initrds[i]);
	snprintf(got + strlen(got), sizeof(got) - strlen(got), "\n");
}

static void note(void *ctx, const char *text)
{
	(void)ctx;
	snprintf(notes + strlen(notes), sizeof(notes) - strlen(notes), "%s\n", text);
}

static const struct grubcfg_ops ops = { .load = load, .entry = entry, .note = note };

/* run: the entries of /boot/grub/grub.cfg among FS. */
static unsigned int run(const struct file *fs)
{
	got[0] = notes[0] = '\0';
	files = fs;
	return grubcfg_read(&ops, "/boot/grub/grub.cfg");
}

static unsigned int run1(const char *text)
{
	const struct file fs[] = { { "/boot/grub/grub.cfg", text }, { NULL, NULL } };

	return run(fs);
}

static void test_debian_live(void **state)
{
	(void)state;
	assert_int_equal(run1("source /boot/grub/config.cfg\n\n# Live boot\n"
			      "menuentry \"Live system (amd64)\" --hotkey=l {\n"
			      "\tlinux\t/live/vmlinuz boot=live components quiet splash findiso=${iso_path}\n"
			      "\tinitrd\t/live/initrd.img\n}\n"), 1);
	assert_string_equal(got, "Live system (amd64)|/live/vmlinuz|/live/initrd.img\n");
	/* The missing config.cfg is said, the unknown argument is not. */
	assert_non_null(strstr(notes, "config.cfg:1: not read: no such file"));
	assert_null(strstr(notes, "iso_path"));
}

/*
 * The GRUB-only BIOS ISOs' menus (memdisk-remaster's pairs when there is
 * no ISOLINUX): Ubuntu 24.04's grub.cfg (memtest by linux16, no initrd:
 * no pair), Fedora's (lorax: /boot/grub2, a function, search by label),
 * Manjaro's kernels.cfg sourced with its microcode initrds first.
 */
static void test_grub_only_isos(void **state)
{
	const struct file ubuntu[] = {
		{ "/boot/grub/grub.cfg", "set timeout=30\n\nloadfont unicode\n\n"
			"menuentry \"Try or Install Ubuntu\" {\n\tset gfxpayload=keep\n"
			"\tlinux\t/casper/vmlinuz  --- quiet splash\n\tinitrd\t/casper/initrd\n}\n"
			"grub_platform\nif [ \"$grub_platform\" = \"efi\" ]; then\n"
			"menuentry 'Boot from next volume' {\n\texit 1\n}\nelse\n"
			"menuentry 'Test memory' {\n\tlinux16 /boot/memtest86+x64.bin\n}\nfi\n" },
		{ NULL, NULL },
	};
	const struct file fedora[] = {
		{ "/boot/grub2/grub.cfg", "set default=\"1\"\n\nfunction load_video {\n  insmod all_video\n}\n\n"
			"set timeout=60\nsearch --no-floppy --set=root -l 'Fedora-WS-Live-40-1-14'\n"
			"menuentry 'Start Fedora-Workstation-Live 40' --class fedora --class gnu-linux --class gnu --class os {\n"
			"\tlinux /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-40-1-14  rd.live.image quiet rhgb\n"
			"\tinitrd /images/pxeboot/initrd.img\n}\n"
			"submenu 'Troubleshooting -->' {\n"
			"\tmenuentry 'Start Fedora-Workstation-Live 40 in basic graphics mode' --class fedora {\n"
			"\t\tlinux /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-40-1-14 nomodeset\n"
			"\t\tinitrd /images/pxeboot/initrd.img\n\t}\n}\n" },
		{ NULL, NULL },
	};
	const struct file manjaro[] = {
		{ "/boot/grub/grub.cfg", "set kopts=\"misobasedir=manjaro misolabel=MANJARO_KDEP_2500\"\n"
			"source /boot/grub/kernels.cfg\n" },
		{ "/boot/grub/kernels.cfg", "menuentry 'Boot with open source drivers' --class=manjaro {\n"
			"\tlinux /boot/vmlinuz-x86_64 $kopts quiet driver=free\n"
			"\tinitrd /boot/intel_ucode.img /boot/amd_ucode.img /boot/initramfs-x86_64.img\n}\n" },
		{ NULL, NULL },
	};

	(void)state;
	assert_int_equal(run(ubuntu), 1);
	assert_string_equal(got, "Try or Install Ubuntu|/casper/vmlinuz|/casper/initrd\n");
	assert_null(strstr(notes, "entries inside if"));
	got[0] = notes[0] = '\0';
	files = fedora;
	assert_int_equal(grubcfg_read(&ops, "/boot/grub2/grub.cfg"), 2);
	assert_string_equal(got, "Start Fedora-Workstation-Live 40|/images/pxeboot/vmlinuz|/images/pxeboot/initrd.img\n"
				 "Start Fedora-Workstation-Live 40 in basic graphics mode|/images/pxeboot/vmlinuz|"
				 "/images/pxeboot/initrd.img\n");
	assert_int_equal(run(manjaro), 1);
	assert_string_equal(got, "Boot with open source drivers|/boot/vmlinuz-x86_64|"
				 "/boot/intel_ucode.img,/boot/amd_ucode.img,/boot/initramfs-x86_64.img\n");
}

static void test_quoting(void **state)
{
	(void)state;
	run1("menuentry 'a b' { linux '/x y/vm'linuz; initrd \"/i\\\"d\" /j\\ k \\\n /l; }\n"
	     "menuentry \"q\" {\nlinux /k\\\n2\ninitrd '/m\n/n'\n}\n"
	     "menuentry x { linux16 /k16 ; initrd16 /i16 }\n"
	     "menuentry y --class c --id i { linuxefi /ke ; initrdefi --nounzip /ie }\n");
	assert_string_equal(got, "a b|/x y/vmlinuz|/i\"d,/j k,/l\n"
				 "x|/k16|/i16\n"
				 "y|/ke|/ie\n");
	/* '/m\n/n' has a control character: entry q is not counted. */
	assert_non_null(strstr(notes, "a control character"));
}

static void test_variables(void **state)
{
	(void)state;
	run1("set d=/casper\nset k=\"$d/vmlinuz\" i=\"${d}/initrd\" j='$d'\n"
	     "menuentry a { linux $k; initrd ${i} $d/x; }\n"
	     "menuentry b { linux $nope/v; initrd /i; }\n"
	     "menuentry b2 { linux /k; initrd $j/i; }\n"
	     "menuentry c { linux ($root)/v; initrd (cd0)//i/./j; }\n"
	     "if true; then set c=/cond; fi\nmenuentry d { linux $c/v; initrd /i; }\n"
	     "unset d\nmenuentry e { linux $d/v; initrd /i; }\n"
	     "menuentry f { linux $prefix/v; initrd /i; }\n"
	     "menuentry g { set q=/in; linux $q/v; initrd /i; }\nmenuentry h { linux $q/v; initrd /i; }\n");
	assert_string_equal(got, "a|/casper/vmlinuz|/casper/initrd,/casper/x\n"
				 "c|/v|/i/j\n"
				 "f|/boot/grub/v|/i\n"
				 "g|/in/v|/i\n");
	assert_non_null(strstr(notes, "$nope: no `set`"));
	assert_non_null(strstr(notes, "initrd '$d/i' refused: not an absolute path"));
	assert_non_null(strstr(notes, "$c: is set only inside an if"));
	assert_non_null(strstr(notes, "$d: was unset"));
	assert_non_null(strstr(notes, "grub.cfg:13: kernel '/v' not resolved: $q"));
}

static void test_source_configfile(void **state)
{
	const struct file fs[] = {
		{ "/boot/grub/grub.cfg", "set a=/A\nset b=/B\nexport b\nsource /boot/grub/s.cfg\n"
					 "submenu s {\n menuentry in { linux $b/k; initrd $a/i; }\n}\n"
					 "menuentry m { configfile /boot/grub/c.cfg }\n" },
		{ "/boot/grub/s.cfg", "menuentry s { linux $a/k; initrd $b/i; }\n" },
		{ "/boot/grub/c.cfg", "menuentry c { linux $b/k; initrd $a/i; }\n" },
		{ NULL, NULL },
	};

	(void)state;
	assert_int_equal(run(fs), 1);
	assert_string_equal(got, "s|/A/k|/B/i\n");
	assert_non_null(strstr(notes, "grub.cfg:6: initrd '/i' not resolved: $a: is not exported"));
	assert_non_null(strstr(notes, "c.cfg:1: initrd '/i' not resolved: $a: is not exported"));
}

static void test_blocks(void **state)
{
	(void)state;
	run1("function f {\n menuentry fn { linux /f; initrd /f; }\n}\n"
	     "for x in 1 2; do menuentry lp { linux /l; initrd /l; }; done\n"
	     "if a; then\nelif b; then menuentry el { linux /e; initrd /e; }\nelse\nfi\n"
	     "menuentry nokernel { initrd /i; }\nmenuentry noinitrd { linux /k; }\n"
	     "linux /outside\n");
	assert_string_equal(got, "fn|/f|/f\nlp|/l|/l\nel|/e|/e\n");
	assert_non_null(strstr(notes, "3 entries inside if/for/while blocks or functions counted"));
	assert_non_null(strstr(notes, "'linux' outside a menuentry"));
}

static void test_syntax_errors(void **state)
{
	static const char *const bad[][2] = {
		{ "}\nmenuentry a { linux /k; initrd /i; }\n", "closes no block" },
		{ "if x; then\n}\n", "closed by the wrong word" },
		{ "menuentry a\n", "without its '{'" },
		{ "menuentry 'a { linux /k; initrd /i; }\n", "single quote is not closed" },
		{ "menuentry a { linux /k; initrd /i;\n", "1 blocks are not closed" },
		{ "{\n", "opens no block" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run1(bad[i][0]), 0);
		assert_non_null(strstr(notes, bad[i][1]));
	}
}

static void test_paths(void **state)
{
	static const char *const refused[][2] = {
		{ "relative", "not an absolute path" },
		{ "/a/../b", "'..'" },
		{ "(hd0/x", "without its ')'" },
		{ "/a,b", "comma" },
		{ "/a\tb", "control" },
		{ "/a\033]2;x", "control" },
	};
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_non_null(strstr(grubcfg_path(refused[i][0], out, sizeof(out)), refused[i][1]));
	assert_null(grubcfg_path("(loop)//a/./b/", out, sizeof(out)));
	assert_string_equal(out, "/a/b");
	assert_null(grubcfg_path("/", out, sizeof(out)));
	assert_string_equal(out, "/");
	assert_non_null(grubcfg_path("/0123456789abcdef", out, sizeof(out)));
	assert_null(grubcfg_path("/..a/.b..", out, sizeof(out)));
}

/* chain: /boot/grub/grub.cfg sourcing c1.cfg ... cN.cfg, cN with an entry. */
static void chain(struct file *fs, char names[][32], char texts[][64], int n, bool loop)
{
	int i;

	for (i = 0; i <= n; i++) {
		snprintf(names[i], 32, i ? "/c%d.cfg" : "/boot/grub/grub.cfg", i);
		if (i < n)
			snprintf(texts[i], 64, "source /c%d.cfg\n", loop ? 0 : i + 1);
		else
			snprintf(texts[i], 64, "menuentry deep { linux /k; initrd /i; }\n");
		fs[i] = (struct file){ names[i], texts[i] };
	}
	fs[n + 1] = (struct file){ NULL, NULL };
	if (loop)
		snprintf(texts[0], 64, "source /boot/grub/grub.cfg\nsource /boot/grub/grub.cfg\n");
}

static void test_bounds(void **state)
{
	static char names[40][32], texts[40][64];
	struct file fs[41];
	char *big, *p;
	size_t i;

	(void)state;
	chain(fs, names, texts, GRUBCFG_DEPTH_MAX, false);
	assert_int_equal(run(fs), 1);
	chain(fs, names, texts, GRUBCFG_DEPTH_MAX + 1, false);
	assert_int_equal(run(fs), 0);
	assert_non_null(strstr(notes, "nested more than 16 deep"));
	/* A file sourcing itself twice: cut at the depth and the file count. */
	chain(fs, names, texts, 0, true);
	run(fs);
	assert_non_null(strstr(notes, "more than 256 files"));

	big = malloc(GRUBCFG_FILE_MAX * 2);
	assert_non_null(big);
	memset(big, 'a', GRUBCFG_LINE_MAX + 1);
	strcpy(big + GRUBCFG_LINE_MAX + 1, "\nmenuentry a { linux /k; initrd /i; }\n");
	assert_int_equal(run1(big), 0);
	assert_non_null(strstr(notes, "grub.cfg:1: not read: it has a line longer than 4096"));
	/* A word over the limit through a quoted string of many lines. */
	p = big;
	p += sprintf(p, "menuentry '");
	for (i = 0; i < GRUBCFG_WORD_MAX / 10 + 1; i++)
		p += sprintf(p, "abcdefghi\n");
	sprintf(p, "' { linux /k; initrd /i; }\n");
	assert_int_equal(run1(big), 0);
	assert_non_null(strstr(notes, "longer than 4096 bytes"));
	p = big;
	p += sprintf(p, "menuentry a { linux /k; initrd");
	for (i = 0; i < GRUBCFG_INITRDS_MAX + 1; i++)
		p += sprintf(p, " /i%zu", i);
	sprintf(p, "; }\n");
	assert_int_equal(run1(big), 0);
	assert_non_null(strstr(notes, "more than 16 initrds"));
	p = big;
	for (i = 0; i < GRUBCFG_NEST_MAX + 1; i++)
		p += sprintf(p, "if x; then\n");
	assert_int_equal(run1(big), 0);
	assert_non_null(strstr(notes, "nested more than 64 deep"));
	p = big;
	for (i = 0; i < GRUBCFG_VARS_MAX + 1; i++)
		p += sprintf(p, "set v%zu=/x\n", i);
	sprintf(p, "menuentry a { linux $v0/k; initrd /i; }\n");
	assert_int_equal(run1(big), 0);
	assert_non_null(strstr(notes, "more than 256 variables"));
	p = big;
	for (i = 0; i < GRUBCFG_ENTRIES_MAX + 1; i++)
		p += sprintf(p, "menuentry a { linux /k; initrd /i; }\n");
	assert_int_equal(run1(big), GRUBCFG_ENTRIES_MAX);
	assert_non_null(strstr(notes, "more than 1024 entries"));
	memset(big, '\n', GRUBCFG_FILE_MAX + 1);
	big[GRUBCFG_FILE_MAX + 1] = '\0';
	assert_int_equal(run1(big), 0);
	assert_non_null(strstr(notes, "larger than 1 MiB"));
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_live),
		cmocka_unit_test(test_grub_only_isos),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_source_configfile),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
