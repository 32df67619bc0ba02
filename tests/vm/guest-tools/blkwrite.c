// SPDX-License-Identifier: GPL-2.0
/*
 * blkwrite: the write paths busybox cannot reach, for the guests.
 *   blkwrite zeroout DEV   BLKZEROOUT of the first 4 KiB
 *   blkwrite discard DEV   BLKDISCARD of the first 4 KiB
 * Exit 0 when the kernel accepted the request, 1 with the error otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uint64_t range[2] = { 0, 4096 };
	unsigned long request;
	int fd, err;

	if (argc != 3) {
		fprintf(stderr, "usage: blkwrite zeroout|discard DEV\n");
		return 2;
	}
	if (!strcmp(argv[1], "zeroout"))
		request = BLKZEROOUT;
	else if (!strcmp(argv[1], "discard"))
		request = BLKDISCARD;
	else
		return 2;
	/* Both ioctls need the device opened for writing. */
	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "open %s for writing: %s\n", argv[2], strerror(errno));
		return 1;
	}
	err = ioctl(fd, request, range);
	if (err)
		fprintf(stderr, "%s %s: %s\n", argv[1], argv[2], strerror(errno));
	close(fd);
	return err ? 1 : 0;
}
