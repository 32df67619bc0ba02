// SPDX-License-Identifier: GPL-2.0
/*
 * verify: a self-checking sector pattern, so any reader can check any
 * block without a reference copy. Sector n (of 512 bytes) of the pattern
 * holds the 64-bit little-endian word PATTERN_MAGIC << 32 | n, 64 times.
 *   verify make FILE SECTORS
 *       write the pattern's first SECTORS sectors to FILE (host side)
 *   verify read DEV START COUNT FIRST SECONDS direct|buffered SEED
 *       for SECONDS, read random runs of DEV's sectors START..START+COUNT-1,
 *       which must hold pattern sectors FIRST..FIRST+COUNT-1
 * `read` prints "reads=R sectors=S mismatches=M errors=E" and exits 0 only
 * when it read something and M and E are 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SECTOR		512
#define WORDS		(SECTOR / 8)
#define MAX_RUN		64		/* sectors per read: up to 32 KiB */
#define PATTERN_MAGIC	0x4d444b50ull	/* "MDKP" */

static void fill_sector(uint8_t *p, uint64_t n)
{
	uint64_t word = PATTERN_MAGIC << 32 | n;
	int i, b;

	for (i = 0; i < WORDS; i++)
		for (b = 0; b < 8; b++)
			p[i * 8 + b] = (uint8_t)(word >> (8 * b));
}

static int make_pattern(const char *path, uint64_t sectors)
{
	uint8_t sector[SECTOR];
	FILE *f = fopen(path, "wb");
	uint64_t n;

	if (!f) {
		perror(path);
		return 1;
	}
	for (n = 0; n < sectors; n++) {
		fill_sector(sector, n);
		if (fwrite(sector, SECTOR, 1, f) != 1)
			break;
	}
	if (fclose(f) || n != sectors) {
		perror(path);
		return 1;
	}
	return 0;
}

struct reader {
	int fd;
	uint64_t start, count, first;
	uint64_t reads, sectors, mismatches, errors;
	uint8_t *buf;
};

/* The first mismatch is described; later ones are only counted. */
static void check_run(struct reader *r, uint64_t sector, unsigned int len)
{
	uint8_t want[SECTOR];
	unsigned int i;

	for (i = 0; i < len; i++) {
		fill_sector(want, r->first + sector - r->start + i);
		if (!memcmp(r->buf + (size_t)i * SECTOR, want, SECTOR))
			continue;
		if (!r->mismatches)
			fprintf(stderr, "verify: sector %" PRIu64 " is wrong\n", sector + i);
		r->mismatches++;
	}
}

static void read_run(struct reader *r)
{
	unsigned int len = 1 + (unsigned int)(random() % MAX_RUN);
	uint64_t sector = r->start + (uint64_t)random() % r->count;
	ssize_t got;

	if (sector + len > r->start + r->count)
		len = (unsigned int)(r->start + r->count - sector);
	got = pread(r->fd, r->buf, (size_t)len * SECTOR, (off_t)(sector * SECTOR));
	if (got != (ssize_t)len * SECTOR) {
		if (!r->errors)
			fprintf(stderr, "verify: read of sector %" PRIu64 ": %s\n", sector,
				got < 0 ? strerror(errno) : "short read");
		r->errors++;
		return;
	}
	check_run(r, sector, len);
	r->reads++;
	r->sectors += len;
}

static int read_pattern(char **argv)
{
	struct reader r = { 0 };
	int direct = !strcmp(argv[5], "direct");
	time_t end = time(NULL) + atol(argv[4]);

	r.start = strtoull(argv[1], NULL, 0);
	r.count = strtoull(argv[2], NULL, 0);
	r.first = strtoull(argv[3], NULL, 0);
	srandom((unsigned int)atol(argv[6]));
	r.fd = open(argv[0], O_RDONLY | (direct ? O_DIRECT : 0));
	if (r.fd < 0 || !r.count || posix_memalign((void **)&r.buf, 4096, MAX_RUN * SECTOR)) {
		fprintf(stderr, "verify: %s: %s\n", argv[0], r.count ? strerror(errno) : "no sectors");
		return 1;
	}
	while (time(NULL) < end)
		read_run(&r);
	printf("reads=%" PRIu64 " sectors=%" PRIu64 " mismatches=%" PRIu64 " errors=%" PRIu64 "\n",
	       r.reads, r.sectors, r.mismatches, r.errors);
	return !r.reads || r.mismatches || r.errors;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "make"))
		return make_pattern(argv[2], strtoull(argv[3], NULL, 0));
	if (argc == 9 && !strcmp(argv[1], "read"))
		return read_pattern(argv + 2);
	fprintf(stderr, "usage: verify make FILE SECTORS\n"
		"       verify read DEV START COUNT FIRST SECONDS direct|buffered SEED\n");
	return 2;
}
