// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-probe: where the facts come from. Low memory from /dev/mem or a
 * dump file (parsed by mbft.c, the kernel's own code), /proc/iomem for the
 * reservation and claim, and memdisk_blk's sysfs files.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "probe.h"

/* Names memdisk_blk uses: module/sysfs.c, module/disk.c. */
#define SYSFS_DISKS	"/sys/block/memdisk*"
#define SYSFS_MODULE	"/sys/module/memdisk_blk"
#define IOMEM_CLAIM	"memdisk"

struct iomem_entry {
	unsigned long long start, end;
	char name[64];
};

typedef void (*iomem_fn)(const struct iomem_entry *e, void *arg);

static u8 lowmem[MBFT_LOWMEM_END];
static const char *root = "";

void probe_set_root(const char *dir)
{
	root = dir;
}

/* The live files, under --root when a test gives one. */
const char *probe_live_path(char *buf, size_t len, const char *path)
{
	snprintf(buf, len, "%s%s", root, path);
	return buf;
}

/* /dev/mem and dump files alike: file offset == physical address. */
static ssize_t read_all(int fd, u8 *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, buf + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : (ssize_t)done;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int load_lowmem(struct probe *p, size_t *len)
{
	int fd = open(p->path, O_RDONLY | O_CLOEXEC), err;
	ssize_t n = -1;

	if (fd >= 0) {
		n = read_all(fd, lowmem, sizeof(lowmem));
		err = errno;	/* for strerror() below, whatever close() does */
		close(fd);
		errno = err;
	}
	if (n < 0) {
		snprintf(p->error, sizeof(p->error), "cannot read %s: %s",
			 p->path, strerror(errno));
		return -1;
	}
	if ((size_t)n < MBFT_BDA_BASEMEM + 2) {
		snprintf(p->error, sizeof(p->error),
			 "%s: %zd bytes, too short to hold the BIOS data area (0x%x bytes)",
			 p->path, n, MBFT_BDA_BASEMEM + 2);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

/* A file or directory missing or unreadable (no module, not root). */
static bool absent(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES || err == EPERM;
}

/*
 * fopen() of a file that may rightly be absent: NULL then. Any other
 * failure (no memory, no descriptors left) would turn into a wrong answer,
 * so the tool stops with its error status.
 */
FILE *probe_open_optional(const char *path)
{
	FILE *f = fopen(path, "re");

	if (!f && !absent(errno)) {
		fprintf(stderr, "memdisk-probe: cannot open %s: %s\n", path,
			strerror(errno));
		exit(EXIT_ERROR);
	}
	return f;
}

/* Call @fn for each /proc/iomem entry; false if it cannot be read. */
static bool iomem_walk(iomem_fn fn, void *arg)
{
	char path[PATH_MAX], line[256];
	struct iomem_entry e;
	FILE *f = probe_open_optional(probe_live_path(path, sizeof(path), "/proc/iomem"));

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		/* Non-root readers see every address as 0: useless. */
		if (sscanf(line, "%llx-%llx : %63[^\n]", &e.start, &e.end, e.name) == 3 &&
		    e.end)
			fn(&e, arg);
	}
	fclose(f);
	return true;
}

/* Like memdiskfind and the module: the last System RAM range below 640 KiB. */
static void note_low_ram(const struct iomem_entry *e, void *arg)
{
	u32 *end = arg;

	if (!strcmp(e->name, "System RAM") && e->start < MBFT_LOWMEM_END)
		*end = e->end < MBFT_LOWMEM_END ? (u32)e->end + 1 : MBFT_LOWMEM_END;
}

/* MEMDISK's E820 hook reserves the image; memdisk_blk claims exactly it. */
static void note_table_facts(const struct iomem_entry *e, void *arg)
{
	struct probe_table *t = arg;
	unsigned long long first = t->mbft.diskbuf;
	unsigned long long last = first + t->mbft.image_size - 1;

	if (!strcasecmp(e->name, "Reserved") && e->start <= first && e->end >= last)
		t->reserved = TRI_YES;
	if (!strcmp(e->name, IOMEM_CLAIM) && e->start == first && e->end == last)
		t->claimed = TRI_YES;
}

bool probe_read_line(const char *dir, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = probe_open_optional(path);
	if (!f)
		return false;
	ok = fgets(buf, (int)len, f);
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* Addresses are "0x..." hex, sizes decimal: base 0 reads both. */
bool probe_read_ull(const char *dir, const char *name, unsigned long long *val)
{
	char buf[32], *end;

	if (!probe_read_line(dir, name, buf, sizeof(buf)))
		return false;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	return !errno && end != buf && !*end;
}

/* memdisk_blk's own attributes: DISK/memdisk/NAME. */
static bool read_attr(const char *disk, const char *name, char *buf, size_t len)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/memdisk", disk);
	return probe_read_line(dir, name, buf, len);
}

static bool read_number(const char *disk, const char *name, unsigned long long *val)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/memdisk", disk);
	return probe_read_ull(dir, name, val);
}

/*
 * memdisk_blk shows physical addresses to root only, as /proc/iomem does,
 * and the rest to everyone: a denied address is *@hidden, not an error.
 */
static bool read_address(const char *disk, const char *name, unsigned long long *val,
			 bool *hidden)
{
	errno = 0;
	if (read_number(disk, name, val))
		return true;
	if (errno != EACCES && errno != EPERM)
		return false;
	*val = 0;
	*hidden = true;
	return true;
}

static const char *disk_name(const char *disk)
{
	const char *slash = strrchr(disk, '/');

	return slash ? slash + 1 : disk;
}

/* Errors but an absent directory stop glob(). */
static int glob_error(const char *path, int err)
{
	(void)path;
	return !absent(err);
}

/* No match means no disk; running out of memory must not mean that. */
static void glob_disks(glob_t *g)
{
	char path[PATH_MAX];
	int err = glob(probe_live_path(path, sizeof(path), SYSFS_DISKS), 0, glob_error, g);

	if (err == GLOB_NOSPACE || err == GLOB_ABORTED) {
		fprintf(stderr, "memdisk-probe: cannot list %s: %s\n", path,
			err == GLOB_NOSPACE ? "out of memory" : strerror(errno));
		exit(EXIT_ERROR);
	}
	if (err)
		g->gl_pathc = 0;
}

static void match_device(struct probe_table *t, const glob_t *g)
{
	unsigned long long addr, size;
	size_t i;

	for (i = 0; i < g->gl_pathc; i++) {
		if (read_number(g->gl_pathv[i], "phys_addr", &addr) &&
		    read_number(g->gl_pathv[i], "image_size", &size) &&
		    addr == t->mbft.diskbuf && size == t->mbft.image_size) {
			snprintf(t->device, sizeof(t->device), "%s", disk_name(g->gl_pathv[i]));
			return;
		}
	}
}

bool probe_module_loaded(void)
{
	char path[PATH_MAX];

	return !access(probe_live_path(path, sizeof(path), SYSFS_MODULE), F_OK);
}

static void live_facts(struct probe *p)
{
	glob_t g;
	size_t i;

	p->module_loaded = probe_module_loaded();
	glob_disks(&g);
	for (i = 0; i < p->count; i++) {
		struct probe_table *t = &p->tables[i];

		/* Without its address an image cannot be found in /proc/iomem. */
		if (!t->mbft.image_size || t->addr_hidden)
			continue;
		t->reserved = TRI_NO;
		t->claimed = TRI_NO;
		if (!iomem_walk(note_table_facts, t)) {
			t->reserved = TRI_UNKNOWN;
			t->claimed = TRI_UNKNOWN;
		}
		if (p->source == SRC_DEVMEM)
			match_device(t, &g);
	}
	globfree(&g);
}

static void init_probe(struct probe *p, enum probe_source source)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->source = source;
	for (i = 0; i < MBFT_MAX_TABLES; i++) {
		p->tables[i].reserved = TRI_UNKNOWN;
		p->tables[i].claimed = TRI_UNKNOWN;
	}
}

int probe_lowmem(struct probe *p, const char *dump)
{
	static char devmem[PATH_MAX];
	struct mbft_table tables[MBFT_MAX_TABLES];
	size_t i, len;

	init_probe(p, dump ? SRC_DUMP : SRC_DEVMEM);
	p->path = dump ? dump : probe_live_path(devmem, sizeof(devmem), "/dev/mem");
	if (load_lowmem(p, &len))
		return -1;
	p->basemem_kib = (u16)(lowmem[MBFT_BDA_BASEMEM] | lowmem[MBFT_BDA_BASEMEM + 1] << 8);
	if (!dump)
		iomem_walk(note_low_ram, &p->low_ram_end);
	p->scan_end = len < MBFT_LOWMEM_END ? (u32)len : MBFT_LOWMEM_END;
	p->window_ok = mbft_scan_window(p->basemem_kib, p->low_ram_end, &p->scan_start) &&
		       p->scan_start < p->scan_end;
	p->count = mbft_find(lowmem, len, p->low_ram_end, tables, MBFT_MAX_TABLES);
	for (i = 0; i < p->count; i++)
		p->tables[i].mbft = tables[i];
	if (!dump)
		live_facts(p);
	return 0;
}

/* The module exposes only the two sector sizes mbft.c accepts. */
static bool sector_shift_of(unsigned long long size, unsigned int *shift)
{
	if (size == 512)
		*shift = 9;
	else if (size == 2048)
		*shift = 11;
	else
		return false;
	return true;
}

struct sysfs_disk {
	unsigned long long addr, size, sector, mbft, loader;
	char source[16], version[16];
	bool hidden;	/* addr and mbft: root-only */
};

/* A disk from the region parameter has no mBFT files: false. */
static bool read_sysfs_disk(const char *disk, struct sysfs_disk *d, char *cmdline, size_t len)
{
	return read_attr(disk, "source", d->source, sizeof(d->source)) &&
	       !strcmp(d->source, "mbft") &&
	       read_address(disk, "phys_addr", &d->addr, &d->hidden) &&
	       read_number(disk, "image_size", &d->size) &&
	       read_number(disk, "sector_size", &d->sector) &&
	       read_address(disk, "mbft_addr", &d->mbft, &d->hidden) &&
	       read_number(disk, "bootloader_id", &d->loader) &&
	       read_attr(disk, "version", d->version, sizeof(d->version)) &&
	       read_attr(disk, "cmdline", cmdline, len);
}

/* One device as a table; false if it is not an mBFT image. */
static bool table_from_sysfs(const char *disk, struct probe_table *t)
{
	struct mbft_table *m = &t->mbft;
	struct sysfs_disk d = { .hidden = false };

	if (!read_sysfs_disk(disk, &d, m->cmdline, sizeof(m->cmdline)) ||
	    !sector_shift_of(d.sector, &m->sector_shift) ||
	    sscanf(d.version, "%hhu.%hhu", &m->version_major, &m->version_minor) != 2)
		return false;
	m->status = MBFT_VALID;
	m->addr = (u32)d.mbft;
	m->diskbuf = (u32)d.addr;
	m->image_size = d.size;
	m->disksize = (u32)(d.size >> m->sector_shift);
	m->raw_sector_shift = (u8)m->sector_shift;
	m->bootloader_id = (u8)d.loader;
	t->addr_hidden = d.hidden;
	snprintf(t->device, sizeof(t->device), "%s", disk_name(disk));
	return true;
}

void probe_sysfs(struct probe *p)
{
	char why[sizeof(p->error)];
	glob_t g;
	size_t i;

	memcpy(why, p->error, sizeof(why));
	init_probe(p, SRC_SYSFS);
	memcpy(p->error, why, sizeof(why));
	p->path = "/sys/block/memdisk*/memdisk";
	p->module_loaded = true;
	glob_disks(&g);
	for (i = 0; i < g.gl_pathc && p->count < MBFT_MAX_TABLES; i++)
		if (table_from_sysfs(g.gl_pathv[i], &p->tables[p->count]))
			p->count++;
	globfree(&g);
	live_facts(p);
}
