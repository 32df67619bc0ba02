// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into an ASan build of memdisk-probe by test-probe-enomem.sh: the
 * FAIL_MALLOC_NTH-th malloc, calloc or realloc after start-up (the C
 * library's own ones included: fopen, stdio buffers) returns NULL with
 * ENOMEM, and FAIL_MALLOC_LOG then gets one line saying so. LD_PRELOAD
 * would put this before the ASan runtime, which refuses that: defined in
 * the executable, these win over the runtime's and call it by the names
 * it exports them under.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

void *__interceptor_malloc(size_t size);
void *__interceptor_calloc(size_t nmemb, size_t size);
void *__interceptor_realloc(void *ptr, size_t size);

static unsigned long nth, calls;

/* Only from here on: what the loader and the runtimes allocate first is not the tool's. */
__attribute__((constructor)) static void arm(void)
{
	const char *s = getenv("FAIL_MALLOC_NTH");

	nth = s ? strtoul(s, NULL, 10) : 0;
}

static int fail_now(void)
{
	const char *log;
	int fd;

	if (!nth || ++calls != nth)
		return 0;
	log = getenv("FAIL_MALLOC_LOG");
	if (log) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0) {
			if (write(fd, "failed\n", 7) != 7)
				_exit(99);
			close(fd);
		}
	}
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return fail_now() ? NULL : __interceptor_malloc(size);
}

void *calloc(size_t nmemb, size_t size)
{
	return fail_now() ? NULL : __interceptor_calloc(nmemb, size);
}

void *realloc(void *ptr, size_t size)
{
	return fail_now() ? NULL : __interceptor_realloc(ptr, size);
}
