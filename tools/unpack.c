// SPDX-License-Identifier: GPL-2.0
/*
 * Safe extraction of archive entries into a tree (unpack.h): shared by
 * memdisk-initrd's initrd and headers package readers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "initrd.h"
#include "unpack.h"

int unpack_fail(const struct unpack *u, const char *fmt, ...)
{
	char text[8192], shown[8192];
	va_list ap;

	if (u->quiet)
		return -1;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	initrd_printable(shown, sizeof(shown), text);
	fprintf(stderr, "%s: %s\n", u->name, shown);
	return -1;
}

int unpack_open(const struct unpack *u, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};

	return (int)syscall(SYS_openat2, u->root, *path ? path : ".", &how, sizeof(how));
}

/*
 * tree_dir: the directory PATH names (normalized; made, with its parents,
 * when missing), as an O_PATH descriptor; -1 with errno.
 */
static int tree_dir(const struct unpack *u, char *path)
{
	char *slash, *leaf = path;
	int fd, parent, made;

	fd = unpack_open(u, path, O_PATH | O_DIRECTORY);
	if (fd >= 0 || errno != ENOENT || !*path)
		return fd;
	slash = strrchr(path, '/');
	if (slash) {
		*slash = '\0';
		leaf = slash + 1;
	}
	parent = tree_dir(u, slash ? path : "");
	if (slash)
		*slash = '/';
	if (parent < 0)
		return -1;
	made = mkdirat(parent, leaf, 0700);
	close(parent);
	if (made && errno != EEXIST)
		return -1;
	return unpack_open(u, path, O_PATH | O_DIRECTORY);
}

/* clear_leaf: room for a new LEAF in DIR (an empty directory goes too). */
static int clear_leaf(int dir, const char *leaf)
{
	struct stat st;

	if (fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -1;
	return unlinkat(dir, leaf, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
}

/*
 * unpack_blocks: the data libarchive reads next into FD (WHAT in messages),
 * counted against the limit; the last libarchive status, or
 * UNPACK_STOPPED once it has said why it stopped.
 */
#define UNPACK_STOPPED	(ARCHIVE_FATAL - 1)

int unpack_blocks(struct unpack *u, struct archive *a, int fd, const char *what)
{
	const void *block;
	size_t size;
	int64_t offset;
	int r;

	while ((r = archive_read_data_block(a, &block, &size, &offset)) == ARCHIVE_OK) {
		u->written += size;
		if (u->written > u->max_bytes) {
			unpack_fail(u, "unpacks to more than %" PRIu64 " bytes (the limit, --max-unpacked)",
			     u->max_bytes);
			return UNPACK_STOPPED;
		}
		if (pwrite(fd, block, size, offset) != (ssize_t)size) {
			unpack_fail(u, "cannot write %s: %s", what, strerror(errno));
			return UNPACK_STOPPED;
		}
	}
	return r;
}

/* copy_data: an entry's data into FD. */
static int copy_data(struct unpack *u, struct archive *a, int fd, const char *path)
{
	int r = unpack_blocks(u, a, fd, path);

	if (r == UNPACK_STOPPED)
		return -1;
	if (r != ARCHIVE_EOF)
		return unpack_fail(u, "the data of %s: %s", path, archive_error_string(a));
	return 0;
}

static int make_dir(int dir, const char *leaf, mode_t mode)
{
	struct stat st;
	int fd, r;

	if (mkdirat(dir, leaf, 0700)) {
		if (errno != EEXIST || fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW))
			return -1;
		if (!S_ISDIR(st.st_mode) && (unlinkat(dir, leaf, 0) || mkdirat(dir, leaf, 0700)))
			return -1;
	}
	fd = openat(dir, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* Kept readable and writable for us, or the tree could not go. */
	r = fchmod(fd, (mode & 0777) | 0700);
	close(fd);
	return r;
}

static int make_file(struct unpack *u, struct archive *a, int dir, const char *leaf,
		     const char *path, mode_t mode)
{
	int fd, r;

	if (clear_leaf(dir, leaf))
		return unpack_fail(u, "cannot replace %s: %s", path, strerror(errno));
	fd = openat(dir, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return unpack_fail(u, "cannot create %s: %s", path, strerror(errno));
	r = copy_data(u, a, fd, path);
	if (!r && fchmod(fd, (mode & 0777) | 0600))
		r = unpack_fail(u, "cannot set the mode of %s: %s", path, strerror(errno));
	close(fd);
	return r;
}

static int make_symlink(const struct unpack *u, int dir, const char *leaf, const char *path,
			const char *target)
{
	const char *why = initrd_target_problem(target);

	if (why)
		return unpack_fail(u, "refusing the link '%s' -> '%s': its target: %s", path, target, why);
	if (clear_leaf(dir, leaf) || symlinkat(target, dir, leaf))
		return unpack_fail(u, "cannot make the link %s: %s", path, strerror(errno));
	return 0;
}

/*
 * make_hardlink: PATH as another name of the earlier regular file TARGET
 * (the data comes with the last name, as newc stores it).
 */
static int make_hardlink(struct unpack *u, struct archive *a, int dir, const char *leaf,
			 const char *path, const char *target)
{
	char *copy = strdup(target), *tleaf, *slash;
	struct stat st;
	int tdir = -1, fd = -1, r = -1;

	if (!copy)
		return unpack_fail(u, "out of memory");
	initrd_normalize(copy);
	slash = strrchr(copy, '/');
	tleaf = slash ? slash + 1 : copy;
	if (slash)
		*slash = '\0';
	tdir = unpack_open(u, slash ? copy : "", O_PATH | O_DIRECTORY);
	if (tdir < 0 || fstatat(tdir, tleaf, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode)) {
		unpack_fail(u, "refusing %s: a hard link to '%s', which is no regular file here", path, target);
		goto out;
	}
	if (clear_leaf(dir, leaf) || linkat(tdir, tleaf, dir, leaf, 0) ||
	    (fd = openat(dir, leaf, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		unpack_fail(u, "cannot link %s to %s: %s", path, target, strerror(errno));
		goto out;
	}
	r = copy_data(u, a, fd, path);
out:
	if (fd >= 0)
		close(fd);
	if (tdir >= 0)
		close(tdir);
	free(copy);
	return r;
}

/* entry_in: where ENTRY goes: its directory (made) and its last name. */
static int entry_in(struct unpack *u, char *path, char **leaf)
{
	char *slash = strrchr(path, '/');
	int dir;

	*leaf = slash ? slash + 1 : path;
	if (slash)
		*slash = '\0';
	dir = tree_dir(u, slash ? path : "");
	if (dir < 0)
		unpack_fail(u, "cannot make the directory of %s%s: %s", path, slash ? "/..." : "",
		     errno == ENOENT || errno == EEXIST || errno == ENOTDIR ?
		     "a file or a link to nowhere is in its way" : strerror(errno));
	if (slash)
		*slash = '/';
	return dir;
}

int unpack_entry(struct unpack *u, struct archive *a, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e), *why, *hardlink;
	mode_t type = archive_entry_filetype(e), mode = archive_entry_perm(e);
	char path[INITRD_PATH_MAX], *leaf;
	int dir, r;

	if (++u->entries > UNPACK_MAX_ENTRIES)
		return unpack_fail(u, "more than %lu archive entries", UNPACK_MAX_ENTRIES);
	if (!name)
		return unpack_fail(u, "an archive entry without a name");
	why = initrd_name_problem(name);
	if (!why && u->strict && name[0] == '/')
		why = "it is an absolute path";
	if (why)
		return unpack_fail(u, "refusing the archive entry '%s': %s", name, why);
	if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) {
		if (u->strict)
			return unpack_fail(u, "refusing '%s': a device node, FIFO or socket", name);
		u->skipped++;
		return 0;
	}
	snprintf(path, sizeof(path), "%s", name);
	initrd_normalize(path);
	if (!*path)
		return type == AE_IFDIR ? 0 : unpack_fail(u, "refusing '%s': it names the root", name);
	dir = entry_in(u, path, &leaf);
	if (dir < 0)
		return -1;
	hardlink = archive_entry_hardlink(e);
	if (type == AE_IFDIR)
		r = make_dir(dir, leaf, mode) ? unpack_fail(u, "cannot make the directory %s: %s", path,
						      strerror(errno)) : 0;
	else if (type == AE_IFLNK)
		r = make_symlink(u, dir, leaf, path, archive_entry_symlink(e) ?: "");
	else if (hardlink)
		r = make_hardlink(u, a, dir, leaf, path, hardlink);
	else
		r = make_file(u, a, dir, leaf, path, mode);
	close(dir);
	return r;
}


int unpack_root(struct unpack *u, const char *tree)
{
	int fd;

	u->root = open(tree, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (u->root < 0)
		return unpack_fail(u, "cannot open the tree %s: %s", tree, strerror(errno));
	fd = unpack_open(u, "", O_PATH | O_DIRECTORY);
	if (fd < 0)
		return unpack_fail(u, "cannot be unpacked safely: %s", errno == ENOSYS ?
				   "this kernel has no openat2 (Linux 5.6 or later)" : strerror(errno));
	close(fd);
	return 0;
}
