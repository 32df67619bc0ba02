// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-initrd TREE INITRD: unpack an initrd of an untrusted ISO into
 * TREE as the kernel's init/initramfs.c would (zero padding, newc
 * archives, then one compressed stream running to the end; later entries
 * replace earlier ones), for memdisk-remaster to read. libarchive reads
 * the archives and decompresses; every path is resolved with openat2's
 * RESOLVE_IN_ROOT, so links are followed the way the initramfs follows
 * them, inside TREE, and nothing can be written outside it. Only regular
 * files, directories and symbolic links are made. Prints the compression
 * of the initrd's last part ("none" when it is a plain archive).
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "initrd.h"

int grub_main(int argc, char **argv); /* grubcfg-cli.c */

/* Defaults of what one initrd may make (memdisk-remaster(1), LIMITS). */
#define DEFAULT_MAX_BYTES	(2ULL << 30)
#define MAX_ENTRIES		1000000UL

struct unpack {
	const char *name;		/* the initrd, as messages name it */
	int root;			/* the tree (O_PATH) */
	uint64_t max_bytes, written;	/* decompressed and unpacked */
	unsigned long entries, skipped;
	const char *compression;	/* of the last part */
	bool quiet;			/* a first try: its failure says nothing */
};

static const char usage[] =
	"Usage: memdisk-initrd [--max-size BYTES] [--name NAME] TREE INITRD\n"
	"Unpack INITRD into the directory TREE as the kernel would, never\n"
	"writing outside TREE; print the compression of its last part.\n"
	"  --max-size BYTES  what decompressing and unpacking may write in all\n"
	"                    (K, M, G suffixes; default 2G)\n"
	"  --name NAME       the initrd's name in messages\n"
	"memdisk-initrd --grub TREE CONFIG...: the kernel and initrds of each\n"
	"menuentry of the GRUB configurations CONFIG (absolute paths in TREE)\n";

/* fail: one message about the initrd, control characters shown as '?'. */
static int __attribute__((format(printf, 2, 3))) fail(const struct unpack *u, const char *fmt, ...)
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

/* tree_open: PATH (relative, normalized) as the initramfs resolves it. */
static int tree_open(const struct unpack *u, const char *path, int flags)
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

	fd = tree_open(u, path, O_PATH | O_DIRECTORY);
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
	return tree_open(u, path, O_PATH | O_DIRECTORY);
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
 * write_blocks: the data libarchive reads next into FD (WHAT in messages),
 * counted against the limit; the last libarchive status, or
 * WRITE_STOPPED once it has said why it stopped.
 */
#define WRITE_STOPPED	(ARCHIVE_FATAL - 1)

static int write_blocks(struct unpack *u, struct archive *a, int fd, const char *what)
{
	const void *block;
	size_t size;
	int64_t offset;
	int r;

	while ((r = archive_read_data_block(a, &block, &size, &offset)) == ARCHIVE_OK) {
		u->written += size;
		if (u->written > u->max_bytes) {
			fail(u, "unpacks to more than %" PRIu64 " bytes (the limit, --max-unpacked)",
			     u->max_bytes);
			return WRITE_STOPPED;
		}
		if (pwrite(fd, block, size, offset) != (ssize_t)size) {
			fail(u, "cannot write %s: %s", what, strerror(errno));
			return WRITE_STOPPED;
		}
	}
	return r;
}

/* copy_data: an entry's data into FD. */
static int copy_data(struct unpack *u, struct archive *a, int fd, const char *path)
{
	int r = write_blocks(u, a, fd, path);

	if (r == WRITE_STOPPED)
		return -1;
	if (r != ARCHIVE_EOF)
		return fail(u, "the data of %s: %s", path, archive_error_string(a));
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
		return fail(u, "cannot replace %s: %s", path, strerror(errno));
	fd = openat(dir, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(u, "cannot create %s: %s", path, strerror(errno));
	r = copy_data(u, a, fd, path);
	if (!r && fchmod(fd, (mode & 0777) | 0600))
		r = fail(u, "cannot set the mode of %s: %s", path, strerror(errno));
	close(fd);
	return r;
}

static int make_symlink(const struct unpack *u, int dir, const char *leaf, const char *path,
			const char *target)
{
	const char *why = initrd_target_problem(target);

	if (why)
		return fail(u, "refusing the link '%s' -> '%s': its target: %s", path, target, why);
	if (clear_leaf(dir, leaf) || symlinkat(target, dir, leaf))
		return fail(u, "cannot make the link %s: %s", path, strerror(errno));
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
		return fail(u, "out of memory");
	initrd_normalize(copy);
	slash = strrchr(copy, '/');
	tleaf = slash ? slash + 1 : copy;
	if (slash)
		*slash = '\0';
	tdir = tree_open(u, slash ? copy : "", O_PATH | O_DIRECTORY);
	if (tdir < 0 || fstatat(tdir, tleaf, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode)) {
		fail(u, "refusing %s: a hard link to '%s', which is no regular file here", path, target);
		goto out;
	}
	if (clear_leaf(dir, leaf) || linkat(tdir, tleaf, dir, leaf, 0) ||
	    (fd = openat(dir, leaf, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		fail(u, "cannot link %s to %s: %s", path, target, strerror(errno));
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
		fail(u, "cannot make the directory of %s%s: %s", path, slash ? "/..." : "",
		     errno == ENOENT || errno == EEXIST || errno == ENOTDIR ?
		     "a file or a link to nowhere is in its way" : strerror(errno));
	if (slash)
		*slash = '/';
	return dir;
}

static int extract_entry(struct unpack *u, struct archive *a, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e), *why, *hardlink;
	mode_t type = archive_entry_filetype(e), mode = archive_entry_perm(e);
	char path[INITRD_PATH_MAX], *leaf;
	int dir, r;

	if (!name)
		return fail(u, "an archive entry without a name");
	why = initrd_name_problem(name);
	if (why)
		return fail(u, "refusing the archive entry '%s': %s", name, why);
	if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) {
		u->skipped++;
		return 0;
	}
	snprintf(path, sizeof(path), "%s", name);
	initrd_normalize(path);
	if (!*path)
		return type == AE_IFDIR ? 0 : fail(u, "refusing '%s': it names the root", name);
	dir = entry_in(u, path, &leaf);
	if (dir < 0)
		return -1;
	hardlink = archive_entry_hardlink(e);
	if (type == AE_IFDIR)
		r = make_dir(dir, leaf, mode) ? fail(u, "cannot make the directory %s: %s", path,
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

/* extract_archive: the newc archive BUF (LEN bytes, its end checked). */
static int extract_archive(struct unpack *u, const unsigned char *buf, size_t len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r = 0, h;

	if (!a)
		return fail(u, "out of memory");
	if (archive_read_support_format_cpio(a) || archive_read_open_memory(a, buf, len)) {
		r = fail(u, "libarchive cannot read it: %s", archive_error_string(a));
		goto out;
	}
	while (!r && (h = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (h != ARCHIVE_OK && h != ARCHIVE_WARN)
			r = fail(u, "a damaged cpio archive: %s", archive_error_string(a));
		else if (++u->entries > MAX_ENTRIES)
			r = fail(u, "more than %lu archive entries", MAX_ENTRIES);
		else
			r = extract_entry(u, a, e);
	}
out:
	archive_read_free(a);
	return r;
}

/* temp_file: an unnamed file in $TMPDIR for a decompressed stream. */
static int temp_file(const struct unpack *u)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/memdisk-initrd.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return fail(u, "cannot make a temporary file in %s: %s", dir ? dir : "/tmp", strerror(errno));
	unlink(path);
	return fd;
}

/*
 * decompress: the stream BUF (LEN bytes) into the unnamed file FD; all
 * of it must be the stream, unless TOLERANT: then an error after the data
 * is left for the archives in it to tell.
 */
static int decompress(struct unpack *u, const unsigned char *buf, size_t len, int fd, bool tolerant)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r = -1, h;

	if (!a)
		return fail(u, "out of memory");
	archive_read_support_format_raw(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzop(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_zstd(a);
	if (archive_read_open_memory(a, buf, len) || archive_read_next_header(a, &e) != ARCHIVE_OK) {
		fail(u, "cannot decompress its %s stream: %s", u->compression, archive_error_string(a));
		goto out;
	}
	if (archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE) {
		fail(u, "libarchive does not know its %s compression", u->compression);
		goto out;
	}
	h = write_blocks(u, a, fd, "its decompressed data");
	if (h == WRITE_STOPPED)
		goto out;
	if (h != ARCHIVE_EOF && !tolerant) {
		fail(u, "cannot decompress its %s stream: %s", u->compression, archive_error_string(a));
		goto out;
	}
	r = 0;
out:
	archive_read_free(a);
	return r;
}

/* decompress_quietly: one try of decompress(), from an empty FD. */
static int decompress_quietly(struct unpack *u, const unsigned char *buf, size_t len, int fd,
			      bool tolerant)
{
	uint64_t written = u->written;
	int r;

	u->quiet = true;
	r = decompress(u, buf, len, fd, tolerant);
	u->quiet = false;
	if (r) {
		u->written = written;
		if (ftruncate(fd, 0))
			return fail(u, "cannot write its decompressed data: %s", strerror(errno));
	}
	return r;
}

/*
 * decompress_padded: the stream BUF, which runs to the initrd's end, into
 * FD. The kernel's decompressors stop at the stream's end; libarchive's
 * cannot tell it from zero padding after it (xz, zstd: a broken next
 * stream; lz4 legacy: a broken block), and a failing read loses its
 * block. So: as it is; else cut where the stream may end in the zeros;
 * else what came out before the error (lz4's blocks come out whole).
 */
static int decompress_padded(struct unpack *u, const unsigned char *buf, size_t len, int fd)
{
	size_t end = len, cut;

	while (end && !buf[end - 1])
		end--;
	if (end == len || !end)
		return decompress(u, buf, len, fd, false);
	if (!decompress_quietly(u, buf, len, fd, false))
		return 0;
	for (cut = end; cut < len && cut <= end + 8; cut++)
		if (!decompress_quietly(u, buf, cut, fd, false))
			return 0;
	return decompress(u, buf, len, fd, true);
}

static int unpack_buffer(struct unpack *u, const unsigned char *buf, size_t len, bool compressed_ok);

/* unpack_stream: the compressed stream BUF, decompressed, then unpacked. */
static int unpack_stream(struct unpack *u, const unsigned char *buf, size_t len)
{
	struct stat st;
	void *data;
	int fd = temp_file(u), r = -1;

	if (fd < 0)
		return -1;
	if (decompress_padded(u, buf, len, fd) || fstat(fd, &st))
		goto out;
	if (!st.st_size) {
		fail(u, "its %s stream holds nothing", u->compression);
		goto out;
	}
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED) {
		fail(u, "cannot map its decompressed data: %s", strerror(errno));
		goto out;
	}
	r = unpack_buffer(u, data, (size_t)st.st_size, false);
	munmap(data, (size_t)st.st_size);
out:
	close(fd);
	return r;
}

/*
 * unpack_buffer: BUF as the kernel reads an initrd: zero bytes skipped,
 * each 4-aligned newc archive unpacked, a compressed stream (where
 * COMPRESSED_OK: not inside another) decompressed to the end.
 */
static int unpack_buffer(struct unpack *u, const unsigned char *buf, size_t len, bool compressed_ok)
{
	const char *why, *method;
	size_t off = 0, end;
	bool found = false;

	while (off < len) {
		if (!buf[off]) {
			off++;
		} else if (newc_is_header(buf + off, len - off) && !(off & 3)) {
			why = newc_archive_end(buf + off, len - off, &end);
			if (why)
				return fail(u, "a damaged cpio archive at byte %zu: %s", off, why);
			if (extract_archive(u, buf + off, end))
				return -1;
			if (compressed_ok)
				u->compression = "none";
			off += end;
			found = true;
		} else if (compressed_ok && (method = initrd_compression(buf + off, len - off))) {
			u->compression = method;
			return unpack_stream(u, buf + off, len - off);
		} else {
			return fail(u, "neither a cpio archive nor compressed data at byte %zu%s", off,
				    compressed_ok ? "" : " of its decompressed stream");
		}
	}
	return found ? 0 : fail(u, "holds no cpio archive");
}

static int unpack_file(struct unpack *u, const char *file)
{
	struct stat st;
	void *data;
	int fd, r;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		r = fail(u, "cannot read %s: %s", file, fd < 0 ? strerror(errno) : "not a regular file");
		goto out;
	}
	if (!st.st_size) {
		r = fail(u, "holds no cpio archive (it is empty)");
		goto out;
	}
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED) {
		r = fail(u, "cannot map %s: %s", file, strerror(errno));
		goto out;
	}
	r = unpack_buffer(u, data, (size_t)st.st_size, true);
	munmap(data, (size_t)st.st_size);
out:
	if (fd >= 0)
		close(fd);
	return r;
}

/* parse_size: BYTES with an optional K, M or G (powers of 1024). */
static bool parse_size(const char *text, uint64_t *bytes)
{
	char *end;
	unsigned long long n;
	int shift = 0;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno || end == text || *text == '-')
		return false;
	switch (*end) {
	case 'G': shift += 10; /* fall through */
	case 'M': shift += 10; /* fall through */
	case 'K': shift += 10; end++; break;
	}
	if (*end || !n || n > UINT64_MAX >> shift)
		return false;
	*bytes = (uint64_t)n << shift;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "max-size", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct unpack u = { .max_bytes = DEFAULT_MAX_BYTES, .compression = "none" };
	int opt, fd;

	if (argc > 1 && !strcmp(argv[1], "--grub"))
		return grub_main(argc - 1, argv + 1);

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (!parse_size(optarg, &u.max_bytes)) {
				fprintf(stderr, "memdisk-initrd: --max-size: not a size: %s\n", optarg);
				return 2;
			}
			break;
		case 'n':
			u.name = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (!u.name)
		u.name = argv[optind + 1];
	u.root = open(argv[optind], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (u.root < 0) {
		fail(&u, "cannot open the tree %s: %s", argv[optind], strerror(errno));
		return 1;
	}
	fd = tree_open(&u, "", O_PATH | O_DIRECTORY);
	if (fd < 0) {
		fail(&u, "cannot be unpacked safely: %s", errno == ENOSYS ?
		     "this kernel has no openat2 (Linux 5.6 or later)" : strerror(errno));
		return 1;
	}
	close(fd);
	if (unpack_file(&u, argv[optind + 1]))
		return 1;
	if (u.skipped)
		fprintf(stderr, "note: %s: left out %lu device nodes, FIFOs or sockets\n", u.name, u.skipped);
	printf("%s\n", u.compression);
	return 0;
}
