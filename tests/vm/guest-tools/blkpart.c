// SPDX-License-Identifier: GPL-2.0
/*
 * blkpart: util-linux addpart/delpart for the guests (busybox has neither).
 *   blkpart add DEV PARTNO START LENGTH   BLKPG_ADD_PARTITION, bytes
 *   blkpart del DEV PARTNO                BLKPG_DEL_PARTITION
 * The kernel, not this tool, decides whether a partition may lie past the
 * end of the disk: that is what the out-of-bounds scenario probes.
 * Exit 0 when the kernel accepted the request, 1 with the error otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/blkpg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int blkpg(const char *dev, int op, struct blkpg_partition *part)
{
	struct blkpg_ioctl_arg arg = {
		.op = op,
		.datalen = sizeof(*part),
		.data = part,
	};
	int fd = open(dev, O_RDONLY);
	int err;

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", dev, strerror(errno));
		return 1;
	}
	err = ioctl(fd, BLKPG, &arg);
	if (err)
		fprintf(stderr, "BLKPG on %s: %s\n", dev, strerror(errno));
	close(fd);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct blkpg_partition part = { 0 };

	if (argc == 6 && !strcmp(argv[1], "add")) {
		part.pno = atoi(argv[3]);
		part.start = strtoll(argv[4], NULL, 0);
		part.length = strtoll(argv[5], NULL, 0);
		return blkpg(argv[2], BLKPG_ADD_PARTITION, &part);
	}
	if (argc == 4 && !strcmp(argv[1], "del")) {
		part.pno = atoi(argv[3]);
		return blkpg(argv[2], BLKPG_DEL_PARTITION, &part);
	}
	fprintf(stderr, "usage: blkpart add DEV PARTNO START LENGTH | del DEV PARTNO\n");
	return 2;
}
