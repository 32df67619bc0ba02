// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of tools/package.c and tools/unpack.c: headers packages
 * built here with libarchive's writer (a .deb of two ar members, an
 * Arch .pkg.tar.zst, an rpm with its lead and headers made by hand) in
 * each distribution's layout, unpacked into a fresh tree; and hostile
 * ones (traversal, absolute names, links leading out, a device node, a
 * size over the limit, truncated, no package at all), each refused with
 * nothing written beside the tree.
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "package.h"

#define CAP	(4 << 20)

struct file {
	const char *name;
	char type;		/* f, d, l (symlink), c (char device) */
	const char *data;	/* contents or link target */
	int64_t size;		/* of zeros, when no data */
};

#define REL "1.2.3-4-generic"
#define DEB_TREE "usr/src/linux-headers-" REL

static const struct file ubuntu_files[] = {
	{ "./usr/src/", 'd', NULL, 0 },
	{ "./" DEB_TREE "/Makefile", 'f', "all:\n", 0 },
	{ "./" DEB_TREE "/.config", 'f', "CONFIG_X=y\n", 0 },
	{ "./" DEB_TREE "/Module.symvers", 'f', "", 0 },
	{ "./" DEB_TREE "/include/config/kernel.release", 'f', REL "\n", 0 },
	{ "./lib/modules/" REL "/build", 'l', "/" DEB_TREE, 0 },
	{ NULL, 0, NULL, 0 },
};

/* archive_of: FILES as an archive of FORMAT with FILTER, into BUF. */
static size_t archive_of(unsigned char *buf, size_t cap, int format, int filter, const struct file *files)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	static char zeros[65536];
	size_t used = 0;
	int64_t left;

	assert_non_null(a);
	if (format == ARCHIVE_FORMAT_AR)
		assert_int_equal(archive_write_set_format_ar_svr4(a), ARCHIVE_OK);
	else
		assert_int_equal(archive_write_set_format(a, format), ARCHIVE_OK);
	assert_int_equal(archive_write_add_filter(a, filter), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (; files->name; files++) {
		archive_entry_clear(e);
		archive_entry_set_pathname(e, files->name);
		archive_entry_set_perm(e, files->type == 'd' ? 0755 : 0644);
		switch (files->type) {
		case 'd':
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case 'l':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, files->data);
			break;
		case 'c':
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_rdev(e, makedev(1, 3));
			break;
		default:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, files->data ? (int64_t)strlen(files->data) : files->size);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (files->type == 'f' && files->data)
			assert_int_equal(archive_write_data(a, files->data, strlen(files->data)),
					 (la_ssize_t)strlen(files->data));
		for (left = files->type == 'f' && !files->data ? files->size : 0; left > 0;
		     left -= (int64_t)sizeof(zeros))
			assert_true(archive_write_data(a, zeros, sizeof(zeros)) > 0);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(e);
	return used;
}

/* deb_of: a .deb whose data.tar.xz holds FILES. */
static size_t deb_of(unsigned char *buf, size_t cap, const struct file *files)
{
	static const struct file control[] = { { "./control", 'f', "Package: x\n", 0 }, { NULL, 0, NULL, 0 } };
	unsigned char *data = malloc(CAP), *ctl = malloc(65536);
	size_t ndata = archive_of(data, CAP, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ, files);
	size_t nctl = archive_of(ctl, 65536, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ, control);
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	const struct { const char *name; const void *data; size_t len; } members[] = {
		{ "debian-binary", "2.0\n", 4 }, { "control.tar.xz", ctl, nctl }, { "data.tar.xz", data, ndata },
	};
	size_t used = 0, i;

	archive_write_set_format_ar_svr4(a);
	archive_write_add_filter_none(a);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (i = 0; i < 3; i++) {
		archive_entry_clear(e);
		archive_entry_set_pathname(e, members[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (int64_t)members[i].len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, members[i].data, members[i].len), (la_ssize_t)members[i].len);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(e);
	free(data);
	free(ctl);
	return used;
}

/* rpm_of: an rpm (lead, empty signature and main headers) whose gzip'd
 * cpio payload holds FILES. */
static size_t rpm_of(unsigned char *buf, size_t cap, const struct file *files)
{
	static const unsigned char header[16] = { 0x8e, 0xad, 0xe8, 0x01 };
	size_t n = 96;

	memset(buf, 0, 96);
	memcpy(buf, "\xed\xab\xee\xdb\x03\x00", 6);
	memcpy(buf + 10, "kernel-devel", 12);
	buf[79] = 5;	/* signature type: a header */
	memcpy(buf + n, header, 16);
	memcpy(buf + n + 16, header, 16);
	n += 32;
	return n + archive_of(buf + n, cap - n, ARCHIVE_FORMAT_CPIO_SVR4_NOCRC, ARCHIVE_FILTER_GZIP, files);
}

/* --- running the reader ------------------------------------------------------ */

static char dir[64], trees[4096];
static unsigned long dangling;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	char tree[128];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_package.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	assert_int_equal(mkdir(tree, 0700), 0);
	trees[0] = '\0';
	return 0;
}

/* Nothing beside the tree, whatever the package did. */
static int teardown(void **state)
{
	char other[128];

	(void)state;
	snprintf(other, sizeof(other), "%s/evil", dir);
	assert_int_equal(access(other, F_OK), -1);
	assert_int_equal(access("/tmp/test_package-evil", F_OK), -1);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* unpack: the packages (N of them, BUF/LEN pairs) into the tree, with
 * MAX bytes; 0 or -1 from the first step that fails; the build trees in
 * TREES. */
static int unpack(uint64_t max, int n, ...)
{
	struct unpack u = { .name = "test", .max_bytes = max };
	char tree[128];
	FILE *out;
	va_list ap;
	int r = 0, i;

	snprintf(tree, sizeof(tree), "%s/tree", dir);
	assert_int_equal(unpack_root(&u, tree), 0);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const void *buf = va_arg(ap, const void *);
		size_t len = va_arg(ap, size_t);

		if (!r)
			r = package_unpack(&u, buf, len);
	}
	va_end(ap);
	if (!r)
		r = package_links(&u, &dangling);
	if (!r) {
		out = fmemopen(trees, sizeof(trees), "w");
		assert_non_null(out);
		r = package_build_trees(&u, out) < 0 ? -1 : 0;
		fclose(out);
	}
	close(u.root);
	return r;
}

static void expect_link(const char *path, const char *target)
{
	char full[256], got[256];
	ssize_t n;

	snprintf(full, sizeof(full), "%s/tree/%s", dir, path);
	n = readlink(full, got, sizeof(got) - 1);
	assert_true(n > 0);
	got[n] = '\0';
	assert_string_equal(got, target);
}

static unsigned char *pkg, *pkg2;

/* --- good packages ----------------------------------------------------------- */

static void test_deb_ubuntu(void **state)
{
	size_t n = deb_of(pkg, CAP, ubuntu_files);

	(void)state;
	assert_int_equal(unpack(1 << 20, 1, pkg, n), 0);
	assert_string_equal(trees, REL "\t" DEB_TREE "\n");
	assert_int_equal(dangling, 0);
	/* Its absolute link now leads to the same place inside the tree. */
	expect_link("lib/modules/" REL "/build", "../../../" DEB_TREE);
}

/* Ubuntu's two packages: the flavour's tree links into the common one. */
static const struct file split_arch[] = {
	{ "./" DEB_TREE "/Makefile", 'l', "../linux-headers-1.2.3-4/Makefile", 0 },
	{ "./" DEB_TREE "/.config", 'f', "CONFIG_X=y\n", 0 },
	{ "./" DEB_TREE "/Module.symvers", 'f', "", 0 },
	{ "./" DEB_TREE "/include/generated/utsrelease.h", 'f', "#define UTS_RELEASE \"" REL "\"\n", 0 },
	{ NULL, 0, NULL, 0 },
};

static const struct file split_common[] = {
	{ "./usr/src/linux-headers-1.2.3-4/Makefile", 'f', "all:\n", 0 },
	{ NULL, 0, NULL, 0 },
};

static void test_deb_split(void **state)
{
	size_t n = deb_of(pkg, CAP, split_arch), n2 = deb_of(pkg2, CAP, split_common);

	(void)state;
	assert_int_equal(unpack(1 << 20, 2, pkg, n, pkg2, n2), 0);
	assert_string_equal(trees, REL "\t" DEB_TREE "\n");
	assert_int_equal(dangling, 0);
}

/* The flavour's package alone: its Makefile link leads to nothing. */
static void test_deb_half(void **state)
{
	size_t n = deb_of(pkg, CAP, split_arch);

	(void)state;
	assert_int_equal(unpack(1 << 20, 1, pkg, n), 0);
	assert_string_equal(trees, "");
	assert_int_equal(dangling, 1);
}

#define ARCH_REL "6.9.1-arch1-1"
#define ARCH_TREE "usr/lib/modules/" ARCH_REL "/build"

static void test_arch_zst(void **state)
{
	static const struct file files[] = {
		{ ".PKGINFO", 'f', "pkgname = linux-headers\n", 0 },
		{ ARCH_TREE "/Makefile", 'f', "all:\n", 0 },
		{ ARCH_TREE "/Module.symvers", 'f', "", 0 },
		{ ARCH_TREE "/include/config/kernel.release", 'f', ARCH_REL "\n", 0 },
		{ ARCH_TREE "/include/generated/utsrelease.h", 'f', "#define UTS_RELEASE \"" ARCH_REL "\"\n", 0 },
		{ NULL, 0, NULL, 0 },
	};
	size_t n = archive_of(pkg, CAP, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_ZSTD, files);

	(void)state;
	assert_int_equal(unpack(1 << 20, 1, pkg, n), 0);
	assert_string_equal(trees, ARCH_REL "\t" ARCH_TREE "\n");
}

#define FC_REL "6.8.5-301.fc40.x86_64"
#define FC_TREE "usr/src/kernels/" FC_REL

static const struct file fedora_files[] = {
	{ "./" FC_TREE "/Makefile", 'f', "all:\n", 0 },
	{ "./" FC_TREE "/Module.symvers", 'f', "", 0 },
	{ "./" FC_TREE "/.config", 'f', "CONFIG_X=y\n", 0 },
	{ "./" FC_TREE "/include/generated/utsrelease.h", 'f', "#define UTS_RELEASE \"" FC_REL "\"\n", 0 },
	{ "./" FC_TREE "/scripts/basic/fixdep.c", 'f', "int main;\n", 0 },
	{ NULL, 0, NULL, 0 },
};

static void test_rpm_fedora(void **state)
{
	size_t n = rpm_of(pkg, CAP, fedora_files);

	(void)state;
	assert_int_equal(unpack(1 << 20, 1, pkg, n), 0);
	assert_string_equal(trees, FC_REL "\t" FC_TREE "\n");
}

/* --- hostile packages ----------------------------------------------------------- */

static void refused(const struct file *files)
{
	size_t n = archive_of(pkg, CAP, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP, files);

	assert_int_equal(unpack(1 << 20, 1, pkg, n), -1);
}

static void test_traversal(void **state)
{
	static const struct file files[] = { { "usr/../../evil", 'f', "x", 0 }, { NULL, 0, NULL, 0 } };

	(void)state;
	refused(files);
}

static void test_absolute(void **state)
{
	static const struct file files[] = { { "/tmp/test_package-evil", 'f', "x", 0 }, { NULL, 0, NULL, 0 } };

	(void)state;
	refused(files);
}

static void test_device(void **state)
{
	static const struct file files[] = { { "dev/null", 'c', NULL, 0 }, { NULL, 0, NULL, 0 } };

	(void)state;
	refused(files);
}

/* A link out, and a file written through it: the file lands inside. */
static void test_link_out(void **state)
{
	static const struct file files[] = {
		{ "a", 'l', "../../../../..", 0 },
		{ "a/evil", 'f', "x", 0 },
		{ NULL, 0, NULL, 0 },
	};

	(void)state;
	refused(files);
}

/* Each link leads inside; their composition does not. */
static void test_link_chain(void **state)
{
	static const struct file files[] = {
		{ "p/q/b", 'l', "../..", 0 },
		{ "l", 'l', "p/q/b/..", 0 },
		{ NULL, 0, NULL, 0 },
	};

	(void)state;
	refused(files);
}

static void test_link_loop(void **state)
{
	static const struct file files[] = {
		{ "x", 'l', "y", 0 },
		{ "y", 'l', "x", 0 },
		{ NULL, 0, NULL, 0 },
	};

	(void)state;
	refused(files);
}

/* 8 MiB of zeros (a few KiB compressed) over a 1 MiB limit. */
static void test_huge(void **state)
{
	static const struct file files[] = { { "big", 'f', NULL, 8 << 20 }, { NULL, 0, NULL, 0 } };
	size_t n = archive_of(pkg, CAP, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_ZSTD, files);

	(void)state;
	assert_true(n < 65536);
	assert_int_equal(unpack(1 << 20, 1, pkg, n), -1);
}

static void test_truncated(void **state)
{
	size_t n = deb_of(pkg, CAP, ubuntu_files), cut;

	(void)state;
	for (cut = 8; cut < n; cut += n / 7) {
		setup(NULL);
		assert_int_equal(unpack(1 << 20, 1, pkg, cut), -1);
		teardown(NULL);
	}
	setup(NULL);
	n = rpm_of(pkg, CAP, fedora_files);
	assert_int_equal(unpack(1 << 20, 1, pkg, n - 40), -1);
}

static void test_no_package(void **state)
{
	static const struct file files[] = { { "foo.o", 'f', "x", 0 }, { NULL, 0, NULL, 0 } };
	size_t n = archive_of(pkg, CAP, ARCHIVE_FORMAT_AR, ARCHIVE_FILTER_NONE, files);

	(void)state;
	/* A static library: ar, but no data.tar. */
	assert_int_equal(unpack(1 << 20, 1, pkg, n), -1);
	memset(pkg, 'x', 4096);
	assert_int_equal(unpack(1 << 20, 1, pkg, (size_t)4096), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deb_ubuntu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deb_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deb_half, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arch_zst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rpm_fedora, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traversal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_package, setup, teardown),
	};
	int r;

	pkg = malloc(CAP);
	pkg2 = malloc(CAP);
	r = cmocka_run_group_tests(tests, NULL, NULL);
	free(pkg);
	free(pkg2);
	return r;
}
