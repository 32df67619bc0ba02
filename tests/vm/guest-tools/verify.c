// SPDX-License-Identifier: GPL-2.0
/*
 * verify: a self-checking sector pattern, so any reader can check any
 * block without a reference copy. Sector n (of 512 bytes) of the pattern
 * holds the 64-bit little-endian word PATTERN_MAGIC << 32 | n, 64 times.
 *   verify make FILE SECTORS
 *       write the pattern's first SECTORS sectors to FILE (host side)
 *   verify read DEV START COUNT FIRST SECONDS direct|buffered SEED [THREADS]
 *       for SECONDS, read random runs of DEV's sectors START..START+COUNT-1,
 *       which must hold pattern sectors FIRST..FIRST+COUNT-1; with THREADS,
 *       that many readers in one process: the scheduler switches between
 *       them without a CR3 write, which on QEMU (TCG) flushes every TLB
 *       entry, even global ones, as a CPU with PGE would not
 * `read` prints "reads=R sectors=S mismatches=M errors=E" (all threads'
 * sums) and exits 0 only when it read something and M and E are 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
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
	unsigned int seed;
	time_t end;
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
	unsigned int len = 1 + (unsigned int)(rand_r(&r->seed) % MAX_RUN);
	uint64_t sector = r->start + (uint64_t)rand_r(&r->seed) % r->count;
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

static void *read_until_end(void *arg)
{
	struct reader *r = arg;

	while (time(NULL) < r->end)
		read_run(r);
	return NULL;
}

#define MAX_THREADS	16

static int read_pattern(char **argv, int threads)
{
	struct reader r[MAX_THREADS] = { 0 }, sum = { 0 };
	pthread_t tid[MAX_THREADS];
	int direct = !strcmp(argv[5], "direct");
	int i;

	for (i = 0; i < threads; i++) {
		r[i].start = strtoull(argv[1], NULL, 0);
		r[i].count = strtoull(argv[2], NULL, 0);
		r[i].first = strtoull(argv[3], NULL, 0);
		r[i].end = time(NULL) + atol(argv[4]);
		r[i].seed = (unsigned int)atol(argv[6]) * MAX_THREADS + (unsigned int)i;
		r[i].fd = open(argv[0], O_RDONLY | (direct ? O_DIRECT : 0));
		if (r[i].fd < 0 || !r[i].count ||
		    posix_memalign((void **)&r[i].buf, 4096, MAX_RUN * SECTOR)) {
			fprintf(stderr, "verify: %s: %s\n", argv[0],
				r[i].count ? strerror(errno) : "no sectors");
			return 1;
		}
	}
	for (i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, read_until_end, &r[i])) {
			fprintf(stderr, "verify: cannot start thread %d\n", i);
			return 1;
		}
	for (i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		sum.reads += r[i].reads;
		sum.sectors += r[i].sectors;
		sum.mismatches += r[i].mismatches;
		sum.errors += r[i].errors;
	}
	printf("reads=%" PRIu64 " sectors=%" PRIu64 " mismatches=%" PRIu64 " errors=%" PRIu64 "\n",
	       sum.reads, sum.sectors, sum.mismatches, sum.errors);
	return !sum.reads || sum.mismatches || sum.errors;
}

int main(int argc, char **argv)
{
	int threads = argc == 10 ? atoi(argv[9]) : 1;

	if (argc == 4 && !strcmp(argv[1], "make"))
		return make_pattern(argv[2], strtoull(argv[3], NULL, 0));
	if ((argc == 9 || argc == 10) && !strcmp(argv[1], "read") &&
	    threads > 0 && threads <= MAX_THREADS)
		return read_pattern(argv + 2, threads);
	fprintf(stderr, "usage: verify make FILE SECTORS\n"
		"       verify read DEV START COUNT FIRST SECONDS direct|buffered SEED [THREADS]\n");
	return 2;
}
