// SPDX-License-Identifier: GPL-2.0
/*
 * debug-failnth: load a module with its N-th fault-injectable allocation
 * failed, as syzkaller does (CONFIG_FAULT_INJECTION's per-task fail-nth).
 *   debug-failnth N MODULE.ko [PARAMS]
 * N is written to this task's fail-nth right before finit_module(), so
 * the count starts in the load itself; 0 loads with nothing failed. Prints
 * "injected=yes|no result=0|ERRNO-NAME unused=M" (M: what was left of N,
 * so a large N tells how many allocations a load makes) and exits 0 when
 * the module loaded, 1 when the load failed, 2 on a usage or setup
 * error.
 * Everything is opened first: opening a file allocates too.
 */
#define _GNU_SOURCE /* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[32];
	int ko, nth, err = 0;
	ssize_t n;
	size_t len;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: debug-failnth N MODULE.ko [PARAMS]\n");
		return 2;
	}
	ko = open(argv[2], O_RDONLY | O_CLOEXEC);
	nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (ko < 0 || nth < 0) {
		perror("debug-failnth: open");
		return 2;
	}
	len = strlen(argv[1]);
	if (pwrite(nth, argv[1], len, 0) != (ssize_t)len) {
		perror("debug-failnth: fail-nth");
		return 2;
	}
	if (syscall(SYS_finit_module, ko, argc > 3 ? argv[3] : "", 0))
		err = errno;
	/* What is left of the count: 0 once the N-th allocation failed. */
	n = pread(nth, buf, sizeof(buf) - 1, 0);
	if (n <= 0 || pwrite(nth, "0", 1, 0) != 1) {
		perror("debug-failnth: fail-nth");
		return 2;
	}
	buf[n] = '\0';
	printf("injected=%s result=%s unused=%d\n", atoi(argv[1]) && !atoi(buf) ? "yes" : "no",
	       err ? strerrorname_np(err) : "0", atoi(buf));
	return err ? 1 : 0;
}
