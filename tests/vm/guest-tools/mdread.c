// SPDX-License-Identifier: GPL-2.0
/*
 * mdread: the block-device reader of `make bench` (static, runs in the
 * guest). Each mode prints one line of numbers on stdout:
 *
 *   mdread seq DEV direct|buffered   1 MiB sequential reads of all of DEV: MB/s
 *   mdread rand DEV JOBS SECONDS     4 KiB O_DIRECT random reads at queue depth
 *                                    1 in each of JOBS processes: total IOPS
 *   mdread load DEV CMD [ARG...]     runs CMD, then opens and reads DEV's first
 *                                    4 KiB (O_DIRECT) until that works:
 *                                    "CMD_MS READY_MS", both from mdread's start
 *
 * busybox has no high-resolution clock, hence the load mode.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SEQ_BLOCK	(1U << 20)
#define RAND_BLOCK	4096U
#define READY_LIMIT_S	5.0

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* O_DIRECT needs a buffer aligned to the logical block size. */
static void *aligned_buffer(size_t size)
{
	void *buf;

	if (posix_memalign(&buf, 4096, size))
		die("posix_memalign");
	return buf;
}

static int open_device(const char *dev, int flags, uint64_t *size)
{
	int fd = open(dev, O_RDONLY | flags);

	if (fd < 0)
		die(dev);
	/* a block device's size, and a plain file's for trying mdread out */
	if (size) {
		off_t end = lseek(fd, 0, SEEK_END);

		if (end < 0 || lseek(fd, 0, SEEK_SET) < 0)
			die("lseek");
		*size = end;
	}
	return fd;
}

static int seq_read(const char *dev, const char *mode)
{
	int flags = strcmp(mode, "direct") == 0 ? O_DIRECT : 0;
	char *buf = aligned_buffer(SEQ_BLOCK);
	uint64_t size, done = 0;
	double start;
	ssize_t got;
	int fd;

	fd = open_device(dev, flags, &size);
	start = now();
	while ((got = read(fd, buf, SEQ_BLOCK)) > 0)
		done += got;
	if (got < 0)
		die("read");
	if (done != size) {
		fprintf(stderr, "%s: read %llu of %llu bytes\n", dev,
			(unsigned long long)done, (unsigned long long)size);
		return 1;
	}
	printf("%.0f\n", done / 1e6 / (now() - start));
	return 0;
}

/* xorshift64: cheap, and each job gets its own sequence. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* One job: random 4 KiB reads for @seconds; returns how many were done. */
static uint64_t rand_job(const char *dev, double seconds, uint64_t seed)
{
	char *buf = aligned_buffer(RAND_BLOCK);
	uint64_t size, blocks, reads = 0, state = seed * 0x9e3779b97f4a7c15ULL + 1;
	double end;
	int fd;

	fd = open_device(dev, O_DIRECT, &size);
	blocks = size / RAND_BLOCK;
	end = now() + seconds;
	do {
		/* check the clock every 256 reads only: it is not free under TCG */
		for (int i = 0; i < 256; i++, reads++) {
			off_t pos = (off_t)(next_random(&state) % blocks) * RAND_BLOCK;

			if (pread(fd, buf, RAND_BLOCK, pos) != RAND_BLOCK)
				die("pread");
		}
	} while (now() < end);
	return reads;
}

/* JOBS processes, each reporting its count through one pipe. */
static int rand_read(const char *dev, int jobs, double seconds)
{
	uint64_t count, total = 0;
	double start = now();
	int fds[2], status, failed = 0;

	if (pipe(fds))
		die("pipe");
	for (int job = 0; job < jobs; job++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			count = rand_job(dev, seconds, job + 1);
			if (write(fds[1], &count, sizeof(count)) != sizeof(count))
				die("write");
			_exit(0);
		}
	}
	close(fds[1]);
	while (read(fds[0], &count, sizeof(count)) == sizeof(count))
		total += count;
	while (wait(&status) > 0)
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	if (failed)
		return 1;
	printf("%.0f\n", total / (now() - start));
	return 0;
}

static int run_command(char **argv)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		die(argv[0]);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int first_read_works(const char *dev, char *buf)
{
	int fd = open(dev, O_RDONLY | O_DIRECT);
	ssize_t got;

	if (fd < 0)
		return 0;
	got = pread(fd, buf, RAND_BLOCK, 0);
	close(fd);
	return got == RAND_BLOCK;
}

static int load_time(const char *dev, char **argv)
{
	char *buf = aligned_buffer(RAND_BLOCK);
	double start = now(), loaded;

	if (run_command(argv)) {
		fprintf(stderr, "%s failed\n", argv[0]);
		return 1;
	}
	loaded = now();
	while (!first_read_works(dev, buf)) {
		if (now() - start > READY_LIMIT_S) {
			fprintf(stderr, "%s: not readable %.0f s after %s\n", dev,
				READY_LIMIT_S, argv[0]);
			return 1;
		}
		usleep(100);
	}
	printf("%.3f %.3f\n", (loaded - start) * 1e3, (now() - start) * 1e3);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: mdread seq DEV direct|buffered\n"
			"       mdread rand DEV JOBS SECONDS\n"
			"       mdread load DEV CMD [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "seq") == 0)
		return seq_read(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "rand") == 0 && atoi(argv[3]) > 0)
		return rand_read(argv[2], atoi(argv[3]), atof(argv[4]));
	if (argc >= 4 && strcmp(argv[1], "load") == 0)
		return load_time(argv[2], argv + 3);
	return usage();
}
