// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-initrd --package's reader (package.h): a headers package of any
 * distribution unpacked with libarchive, its links checked, its build
 * trees found.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "initrd.h"
#include "package.h"

/* What an archive's compression may be, for a package or a .deb member. */
static void support_filters(struct archive *a)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
}

/* unpack_all: the entries of A, the first (E) already read. */
static int unpack_all(struct unpack *u, struct archive *a, struct archive_entry *e)
{
	int h = ARCHIVE_OK;

	do {
		if (unpack_entry(u, a, e))
			return -1;
		h = archive_read_next_header(a, &e);
	} while (h == ARCHIVE_OK || h == ARCHIVE_WARN);
	if (h != ARCHIVE_EOF)
		return unpack_fail(u, "a damaged archive: %s", archive_error_string(a));
	return 0;
}

/* A .deb member read as an archive of its own. */
struct member {
	struct archive *deb;
	char block[65536];
};

static la_ssize_t member_read(struct archive *a, void *data, const void **block)
{
	struct member *m = data;
	la_ssize_t n = archive_read_data(m->deb, m->block, sizeof(m->block));

	if (n < 0)
		archive_set_error(a, EIO, "%s", archive_error_string(m->deb));
	*block = m->block;
	return n;
}

/* unpack_member: the .deb DEB's current member, a (compressed) tar. */
static int unpack_member(struct unpack *u, struct archive *deb, const char *name)
{
	struct archive *a = archive_read_new();
	struct member *m = malloc(sizeof(*m));
	struct archive_entry *e;
	int r = -1, h;

	if (!a || !m) {
		unpack_fail(u, "out of memory");
		goto out;
	}
	m->deb = deb;
	archive_read_support_format_tar(a);
	support_filters(a);
	if (archive_read_open(a, m, NULL, member_read, NULL)) {
		unpack_fail(u, "its %s: %s", name, archive_error_string(a));
		goto out;
	}
	h = archive_read_next_header(a, &e);
	if (h == ARCHIVE_OK || h == ARCHIVE_WARN)
		r = unpack_all(u, a, e);
	else
		unpack_fail(u, "its %s: %s", name, h == ARCHIVE_EOF ? "no files in it" :
			    archive_error_string(a));
out:
	archive_read_free(a);
	free(m);
	return r;
}

/* unpack_deb: the one data.tar.* member of the .deb A (E: its first). */
static int unpack_deb(struct unpack *u, struct archive *a, struct archive_entry *e)
{
	const char *name;
	bool data = false;
	int h = ARCHIVE_OK;

	do {
		name = archive_entry_pathname(e);
		if (name && !strncmp(name, "data.tar", 8)) {
			if (data)
				return unpack_fail(u, "a .deb with two data.tar members");
			data = true;
			if (unpack_member(u, a, name))
				return -1;
		} else if (archive_read_data_skip(a) != ARCHIVE_OK) {
			return unpack_fail(u, "a damaged .deb: %s", archive_error_string(a));
		}
		h = archive_read_next_header(a, &e);
	} while (h == ARCHIVE_OK || h == ARCHIVE_WARN);
	if (h != ARCHIVE_EOF)
		return unpack_fail(u, "a damaged .deb: %s", archive_error_string(a));
	return data ? 0 : unpack_fail(u, "an ar archive without a data.tar member: no .deb");
}

int package_unpack(struct unpack *u, const void *buf, size_t len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r = -1, h;

	if (!a)
		return unpack_fail(u, "out of memory");
	u->strict = true;
	archive_read_support_format_ar(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_cpio(a);
	support_filters(a);
	archive_read_support_filter_rpm(a);
	if (archive_read_open_memory(a, buf, len)) {
		unpack_fail(u, "no .deb, tar or rpm package: %s", archive_error_string(a));
		goto out;
	}
	h = archive_read_next_header(a, &e);
	if (h != ARCHIVE_OK && h != ARCHIVE_WARN)
		unpack_fail(u, "no .deb, tar or rpm package: %s", h == ARCHIVE_EOF ?
			    "no files in it" : archive_error_string(a));
	else if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_AR)
		r = unpack_deb(u, a, e);
	else
		r = unpack_all(u, a, e);
out:
	archive_read_free(a);
	return r;
}

/* --- the tree, once unpacked ------------------------------------------------ */

/* visit: called with each entry of the tree: its directory, its path
 * (relative to the tree) and its type (DT_*). */
typedef int (*visit_fn)(struct unpack *u, int dir, const char *path, const char *leaf,
			unsigned char type, void *ctx);

/* walk: the entries under PATH (open as DIR, which walk closes), depth
 * first, without following links. */
static int walk(struct unpack *u, int dir, char *path, visit_fn visit, void *ctx)
{
	size_t len = strlen(path);
	DIR *d = fdopendir(dir);
	struct dirent *de;
	struct stat st;
	int sub, r = 0;

	if (!d) {
		close(dir);
		return unpack_fail(u, "cannot read the directory %s: %s", *path ? path : ".", strerror(errno));
	}
	while (!r && (errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (len + 1 + strlen(de->d_name) >= INITRD_PATH_MAX) {
			r = unpack_fail(u, "a path longer than %d bytes in %s", INITRD_PATH_MAX - 1, path);
			break;
		}
		snprintf(path + len, INITRD_PATH_MAX - len, "%s%s", len ? "/" : "", de->d_name);
		if (de->d_type == DT_UNKNOWN && !fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			de->d_type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
		r = visit(u, dirfd(d), path, de->d_name, de->d_type, ctx);
		if (!r && de->d_type == DT_DIR) {
			sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			r = sub < 0 ? unpack_fail(u, "cannot open the directory %s: %s", path, strerror(errno)) :
			    walk(u, sub, path, visit, ctx);
		}
		path[len] = '\0';
	}
	if (!r && errno)
		r = unpack_fail(u, "cannot read the directory %s: %s", *path ? path : ".", strerror(errno));
	closedir(d);
	return r;
}

static int walk_tree(struct unpack *u, visit_fn visit, void *ctx)
{
	char path[INITRD_PATH_MAX] = "";
	int dir = openat(u->root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return unpack_fail(u, "cannot open the tree: %s", strerror(errno));
	return walk(u, dir, path, visit, ctx);
}

/* beneath: PATH resolved inside the tree, every link followed, never
 * leaving it (RESOLVE_BENEATH: no absolute link, no ".." above it). */
static int beneath(const struct unpack *u, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};

	return (int)syscall(SYS_openat2, u->root, *path ? path : ".", &how, sizeof(how));
}

/* relative_link: an absolute link LEAF at PATH, made the relative link to
 * the same place in the tree. */
static int relative_link(struct unpack *u, int dir, const char *path, const char *leaf,
			 unsigned char type, void *ctx)
{
	char target[INITRD_PATH_MAX], rel[INITRD_PATH_MAX] = "";
	const char *p, *t;
	size_t n = 0;
	ssize_t len;

	(void)ctx;
	if (type != DT_LNK)
		return 0;
	len = readlinkat(dir, leaf, target, sizeof(target) - 1);
	if (len < 0)
		return unpack_fail(u, "cannot read the link %s: %s", path, strerror(errno));
	target[len] = '\0';
	if (target[0] != '/')
		return 0;
	for (p = strchr(path, '/'); p; p = strchr(p + 1, '/'))
		n += (size_t)snprintf(rel + n, sizeof(rel) - n, "../");
	for (t = target; *t == '/'; t++)
		;
	if (n + strlen(t) + 2 > sizeof(rel))
		return unpack_fail(u, "refusing the link %s: its target is too long", path);
	snprintf(rel + n, sizeof(rel) - n, "%s", *t || n ? t : ".");
	if (unlinkat(dir, leaf, 0) || symlinkat(rel, dir, leaf))
		return unpack_fail(u, "cannot make the link %s relative: %s", path, strerror(errno));
	return 0;
}

/* inside_link: a link resolving outside the tree is refused, one to nothing removed. */
static int inside_link(struct unpack *u, int dir, const char *path, const char *leaf,
		       unsigned char type, void *ctx)
{
	char target[INITRD_PATH_MAX];
	ssize_t len;
	int fd;

	if (type != DT_LNK)
		return 0;
	fd = beneath(u, path, O_PATH);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == ENOENT || errno == ENOTDIR) {
		++*(unsigned long *)ctx;
		return unlinkat(dir, leaf, 0) ?
		       unpack_fail(u, "cannot remove the link %s: %s", path, strerror(errno)) : 0;
	}
	len = readlinkat(dir, leaf, target, sizeof(target) - 1);
	target[len < 0 ? 0 : len] = '\0';
	return unpack_fail(u, "refusing the link %s -> '%s': %s", path, target,
			   errno == EXDEV ? "it leads outside the package" :
			   errno == ELOOP ? "too many links, or a loop" : strerror(errno));
}

int package_links(struct unpack *u, unsigned long *dangling)
{
	*dangling = 0;
	if (walk_tree(u, relative_link, NULL))
		return -1;
	return walk_tree(u, inside_link, dangling);
}

/* regular: DIR/NAME is (a link inside the tree to) a regular file. */
static bool regular(const struct unpack *u, const char *dir, const char *name)
{
	char path[INITRD_PATH_MAX];
	struct stat st;
	bool ok;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s%s%s", dir, *dir ? "/" : "", name) >= sizeof(path))
		return false;
	fd = beneath(u, path, O_RDONLY);
	if (fd < 0)
		return false;
	ok = !fstat(fd, &st) && S_ISREG(st.st_mode);
	close(fd);
	return ok;
}

/* first_line: DIR/NAME's first line (at most LEN - 1 bytes) in BUF. */
static bool first_line(const struct unpack *u, const char *dir, const char *name, char *buf, size_t len)
{
	char path[INITRD_PATH_MAX];
	ssize_t n;
	int fd;

	if (!regular(u, dir, name))
		return false;
	snprintf(path, sizeof(path), "%s%s%s", dir, *dir ? "/" : "", name);
	fd = beneath(u, path, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

/* release_of: the release the build tree DIR builds for, into BUF. */
static void release_of(const struct unpack *u, const char *dir, char *buf, size_t len)
{
	static const char define[] = "#define UTS_RELEASE \"";
	char line[256];
	char *end;

	if (first_line(u, dir, "include/generated/utsrelease.h", line, sizeof(line)) &&
	    !strncmp(line, define, sizeof(define) - 1) && (end = strchr(line + sizeof(define) - 1, '"'))) {
		*end = '\0';
		initrd_printable(buf, len, line + sizeof(define) - 1);
	} else if (first_line(u, dir, "include/config/kernel.release", line, sizeof(line)) && *line) {
		initrd_printable(buf, len, line);
	} else {
		snprintf(buf, len, "?");
	}
}

struct trees {
	FILE *out;
	int found;
};

static int report_tree(struct unpack *u, const char *path, struct trees *t)
{
	char release[256], shown[INITRD_PATH_MAX];

	if (!regular(u, path, "Makefile") || !regular(u, path, "Module.symvers") ||
	    (!regular(u, path, ".config") && !regular(u, path, "include/config/kernel.release")))
		return 0;
	release_of(u, path, release, sizeof(release));
	initrd_printable(shown, sizeof(shown), *path ? path : ".");
	fprintf(t->out, "%s\t%s\n", release, shown);
	t->found++;
	return 0;
}

static int build_tree(struct unpack *u, int dir, const char *path, const char *leaf,
		      unsigned char type, void *ctx)
{
	(void)dir;
	(void)leaf;
	return type == DT_DIR ? report_tree(u, path, ctx) : 0;
}

int package_build_trees(struct unpack *u, FILE *out)
{
	struct trees t = { .out = out };

	report_tree(u, "", &t);
	if (walk_tree(u, build_tree, &t))
		return -1;
	return t.found;
}
