/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdisk-probe: what one run found, shared by the readers (probe-source.c)
 * and the printers (probe-print.c).
 */
#ifndef MEMDISK_PROBE_H
#define MEMDISK_PROBE_H

#include <stdio.h>

#include "mbft.h"
#include "nfit.h"

enum exit_status {
	EXIT_FOUND,		/* a valid MEMDISK */
	EXIT_NONE,
	EXIT_ERROR,
	EXIT_NEEDS_ROOT,	/* --phram: found, but its address is root-only */
};

#define PROBE_DEVNAME_MAX	32

/* A yes/no fact that an offline run (or an unreadable file) cannot tell. */
enum tristate {
	TRI_UNKNOWN = -1,
	TRI_NO,
	TRI_YES,
};

struct probe_table {
	struct mbft_table mbft;
	enum tristate reserved;		/* a "Reserved" iomem entry covers it */
	enum tristate claimed;		/* memdisk_blk's "memdisk" iomem entry */
	char device[PROBE_DEVNAME_MAX];	/* "memdisk0", "" if none */
	bool addr_hidden;		/* sysfs shows its addresses to root only */
};

enum probe_source {
	SRC_DEVMEM,	/* /dev/mem, live checks on */
	SRC_DUMP,	/* --mem FILE: offline */
	SRC_SYSFS,	/* /dev/mem unreadable: memdisk_blk's sysfs */
};

struct probe {
	enum probe_source source;
	const char *path;		/* what was read */
	char error[200];		/* why reading failed (for SRC_SYSFS:
					 * why /dev/mem was not used)
					 */
	bool failed;			/* nothing read: error says why */
	bool module_loaded;		/* memdisk_blk is in /sys/module */
	u16 basemem_kib;		/* BDA word 0x413 */
	u32 low_ram_end;		/* 0 if unknown */
	bool window_ok;			/* false: BDA value implausible */
	u32 scan_start;			/* window is [scan_start, scan_end) */
	u32 scan_end;
	size_t count;
	struct probe_table tables[MBFT_MAX_TABLES];
};

#define PROBE_NFIT_MAX	16

/* An nvdimm region nfit made (/sys/bus/nd/devices/regionN). */
struct probe_region {
	char name[PROBE_DEVNAME_MAX];	/* "region0" */
	char devtype[16];		/* nd_volatile, nd_pmem */
	long mappings;			/* DIMMs behind it, -1 unknown */
	unsigned long long base, size;
	bool base_known, size_known;	/* base: "resource", root-only */
	enum tristate read_only;
	char device[PROBE_DEVNAME_MAX];	/* "pmem0", "" if none */
};

/* One SPA range of the NFIT, and the region over it (-1: none found). */
struct probe_range {
	struct nfit_spa spa;
	int region;
};

/* UEFI RAM disks: the first NFIT's SPA ranges, and nfit's regions. */
struct probe_nfit {
	bool present;			/* the table file exists */
	bool readable;			/* read and parsed: ranges[] is valid */
	char error[200];		/* why not */
	size_t range_count, region_count;
	struct probe_range ranges[PROBE_NFIT_MAX];
	struct probe_region regions[PROBE_NFIT_MAX];
};

/*
 * probe-source.c. probe_lowmem() reads @dump, or /dev/mem when NULL;
 * returns -1 with p->error set if it cannot. probe_sysfs() keeps p->error.
 */
int probe_lowmem(struct probe *p, const char *dump);
void probe_sysfs(struct probe *p);
bool probe_module_loaded(void);
void probe_set_root(const char *root);
const char *probe_live_path(char *buf, size_t len, const char *path);
FILE *probe_open_optional(const char *path);
/* The first line of DIR/NAME into BUF, without its newline; false when
 * absent or unreadable. */
bool probe_read_line(const char *dir, const char *name, char *buf, size_t len);
/* DIR/NAME as one number (0x... hex or decimal); false when it is not one. */
bool probe_read_ull(const char *dir, const char *name, unsigned long long *val);

/* probe-nfit.c */
void probe_nfit(struct probe_nfit *n);
bool probe_region_is_ramdisk(const struct probe_region *r);
size_t probe_nfit_ramdisks(const struct probe_nfit *n);

/* probe-print.c */
void print_report(const struct probe *p, const struct probe_nfit *n);
void print_json(const struct probe *p, const struct probe_nfit *n);
void print_phram(const struct probe *p);
const struct probe_table *first_valid(const struct probe *p);
void print_none_reason(const struct probe *p);

#endif /* MEMDISK_PROBE_H */
