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
#include "package.h"
#include "unpack.h"

int grub_main(int argc, char **argv); /* grubcfg-cli.c */

/* The default of what one initrd may make (memdisk-remaster(1), LIMITS). */
#define DEFAULT_MAX_BYTES	(2ULL << 30)

static const char usage[] =
	"Usage: memdisk-initrd [--max-size BYTES] [--name NAME] TREE INITRD\n"
	"Unpack INITRD into the directory TREE as the kernel would, never\n"
	"writing outside TREE; print the compression of its last part.\n"
	"  --max-size BYTES  what decompressing and unpacking may write in all\n"
	"                    (K, M, G suffixes; default 2G)\n"
	"  --name NAME       the initrd's name in messages\n"
	"memdisk-initrd --package [--max-size BYTES] TREE PACKAGE...: unpack the\n"
	"kernel headers PACKAGEs (.deb, .pkg.tar.*, .rpm) into TREE, its links\n"
	"kept inside it; print \"RELEASE<TAB>PATH\" for each kernel build tree\n"
	"memdisk-initrd --grub TREE CONFIG...: the kernel and initrds of each\n"
	"menuentry of the GRUB configurations CONFIG (absolute paths in TREE)\n";

/* extract_archive: the newc archive BUF (LEN bytes, its end checked). */
static int extract_archive(struct unpack *u, const unsigned char *buf, size_t len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r = 0, h;

	if (!a)
		return unpack_fail(u, "out of memory");
	if (archive_read_support_format_cpio(a) || archive_read_open_memory(a, buf, len)) {
		r = unpack_fail(u, "libarchive cannot read it: %s", archive_error_string(a));
		goto out;
	}
	while (!r && (h = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (h != ARCHIVE_OK && h != ARCHIVE_WARN)
			r = unpack_fail(u, "a damaged cpio archive: %s", archive_error_string(a));
		else
			r = unpack_entry(u, a, e);
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
		return unpack_fail(u, "cannot make a temporary file in %s: %s", dir ? dir : "/tmp", strerror(errno));
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
		return unpack_fail(u, "out of memory");
	archive_read_support_format_raw(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzop(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_zstd(a);
	if (archive_read_open_memory(a, buf, len) || archive_read_next_header(a, &e) != ARCHIVE_OK) {
		unpack_fail(u, "cannot decompress its %s stream: %s", u->compression, archive_error_string(a));
		goto out;
	}
	if (archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE) {
		unpack_fail(u, "libarchive does not know its %s compression", u->compression);
		goto out;
	}
	h = unpack_blocks(u, a, fd, "its decompressed data");
	if (h == UNPACK_STOPPED)
		goto out;
	if (h != ARCHIVE_EOF && !tolerant) {
		unpack_fail(u, "cannot decompress its %s stream: %s", u->compression, archive_error_string(a));
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
			return unpack_fail(u, "cannot write its decompressed data: %s", strerror(errno));
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
		unpack_fail(u, "its %s stream holds nothing", u->compression);
		goto out;
	}
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED) {
		unpack_fail(u, "cannot map its decompressed data: %s", strerror(errno));
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
				return unpack_fail(u, "a damaged cpio archive at byte %zu: %s", off, why);
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
			return unpack_fail(u, "neither a cpio archive nor compressed data at byte %zu%s", off,
				    compressed_ok ? "" : " of its decompressed stream");
		}
	}
	return found ? 0 : unpack_fail(u, "holds no cpio archive");
}

/* map_file: FILE's bytes (not empty), mapped; unmapped with munmap. */
static int map_file(const struct unpack *u, const char *file, void **data, size_t *len)
{
	struct stat st;
	int fd, r = -1;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		unpack_fail(u, "cannot read %s: %s", file, fd < 0 ? strerror(errno) : "not a regular file");
		goto out;
	}
	if (!st.st_size) {
		unpack_fail(u, "it is empty");
		goto out;
	}
	*len = (size_t)st.st_size;
	*data = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (*data == MAP_FAILED)
		unpack_fail(u, "cannot map %s: %s", file, strerror(errno));
	else
		r = 0;
out:
	if (fd >= 0)
		close(fd);
	return r;
}

static int unpack_file(struct unpack *u, const char *file)
{
	void *data;
	size_t len;
	int r;

	if (map_file(u, file, &data, &len))
		return -1;
	r = unpack_buffer(u, data, len, true);
	munmap(data, len);
	return r;
}

/*
 * unpack_packages: each headers package FILES[0..N) into U's tree, its
 * links made safe; the build trees in it printed.
 */
static int unpack_packages(struct unpack *u, char **files, int n)
{
	unsigned long dangling;
	void *data;
	size_t len;
	int i, r;

	for (i = 0; i < n; i++) {
		u->name = files[i];
		if (map_file(u, files[i], &data, &len))
			return -1;
		r = package_unpack(u, data, len);
		munmap(data, len);
		if (r)
			return -1;
	}
	u->name = n == 1 ? files[0] : "the packages";
	if (package_links(u, &dangling))
		return -1;
	if (dangling)
		fprintf(stderr, "note: %s: left out %lu links to nothing in them (a second package of the"
			" same headers missing?)\n", u->name, dangling);
	return package_build_trees(u, stdout) < 0 ? -1 : 0;
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
		{ "package", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct unpack u = { .max_bytes = DEFAULT_MAX_BYTES, .compression = "none" };
	bool package = false;
	int opt;

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
		case 'p':
			package = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (package && argc - optind >= 2) {
		u.name = argv[optind + 1];
		return unpack_root(&u, argv[optind]) ||
		       unpack_packages(&u, argv + optind + 1, argc - optind - 1) ? 1 : 0;
	}
	if (package || argc - optind != 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (!u.name)
		u.name = argv[optind + 1];
	if (unpack_root(&u, argv[optind]) || unpack_file(&u, argv[optind + 1]))
		return 1;
	if (u.skipped)
		fprintf(stderr, "note: %s: left out %lu device nodes, FIFOs or sockets\n", u.name, u.skipped);
	printf("%s\n", u.compression);
	return 0;
}
