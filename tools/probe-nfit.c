// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-probe: UEFI RAM disks. The firmware (RamDiskDxe, memdisk.efi)
 * lists them in the ACPI NFIT as SPA ranges; Linux's nfit makes each an
 * nvdimm region (/sys/bus/nd/devices/regionN) and nd_pmem a /dev/pmemN.
 * The table (root-only) is parsed by efi/nfit.c, memdisk.efi's own parser;
 * without it the regions in sysfs are all there is, and they do not name
 * the range type (drivers/acpi/nfit/core.c keeps it to itself).
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define NFIT_TABLE	"/sys/firmware/acpi/tables/NFIT"
#define ND_REGIONS	"/sys/bus/nd/devices/region*"
#define NFIT_MAX_LEN	(1u << 20)

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* No match is nothing there; out of memory must not look like that. */
static bool glob_some(const char *pattern, glob_t *g)
{
	int err = glob(pattern, 0, NULL, g);

	if (err == GLOB_NOSPACE) {
		fprintf(stderr, "memdisk-probe: cannot list %s: out of memory\n", pattern);
		exit(EXIT_ERROR);
	}
	return !err && g->gl_pathc;
}

/* The block device nd_pmem made over REGION: namespaceX.Y/block/NAME. */
static void region_device(const char *region, char *out, size_t len)
{
	char pattern[PATH_MAX];
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s/namespace*/block/*", region);
	if (glob_some(pattern, &g))
		snprintf(out, len, "%s", base_name(g.gl_pathv[0]));
	globfree(&g);
}

/* One region nfit made (it has nfit/range_index), or false. */
static bool read_region(const char *dir, struct probe_region *r)
{
	unsigned long long v;
	char buf[8];

	memset(r, 0, sizeof(*r));
	if (!probe_read_line(dir, "nfit/range_index", buf, sizeof(buf)))
		return false;
	snprintf(r->name, sizeof(r->name), "%s", base_name(dir));
	probe_read_line(dir, "devtype", r->devtype, sizeof(r->devtype));
	r->mappings = probe_read_ull(dir, "mappings", &v) ? (long)v : -1;
	r->size_known = probe_read_ull(dir, "size", &r->size);
	r->base_known = probe_read_ull(dir, "resource", &r->base);	/* root-only */
	r->read_only = probe_read_ull(dir, "read_only", &v) ? (v ? TRI_YES : TRI_NO) : TRI_UNKNOWN;
	region_device(dir, r->device, sizeof(r->device));
	return true;
}

static void read_regions(struct probe_nfit *n)
{
	char pattern[PATH_MAX];
	glob_t g;
	size_t i;

	if (!glob_some(probe_live_path(pattern, sizeof(pattern), ND_REGIONS), &g)) {
		globfree(&g);
		return;
	}
	for (i = 0; i < g.gl_pathc && n->region_count < PROBE_NFIT_MAX; i++)
		if (read_region(g.gl_pathv[i], &n->regions[n->region_count]))
			n->region_count++;
	globfree(&g);
}

/* The region over SPA: same base and size (the base is root-only). */
static int region_of(const struct probe_nfit *n, const struct nfit_spa *spa)
{
	size_t i;

	for (i = 0; i < n->region_count; i++) {
		const struct probe_region *r = &n->regions[i];

		if (r->base_known && r->base == spa->base && r->size_known &&
		    r->size == spa->length)
			return (int)i;
	}
	return -1;
}

static uint8_t table[NFIT_MAX_LEN];

static size_t load_table(struct probe_nfit *n, const char *path)
{
	FILE *f = probe_open_optional(path);
	size_t len;

	if (!f) {
		n->present = errno != ENOENT;
		snprintf(n->error, sizeof(n->error), "%s: %s", path, strerror(errno));
		return 0;
	}
	n->present = true;
	len = fread(table, 1, sizeof(table), f);
	if (ferror(f))
		snprintf(n->error, sizeof(n->error), "%s: %s", path, strerror(errno));
	fclose(f);
	return n->error[0] ? 0 : len;
}

static void read_spas(struct probe_nfit *n, size_t len)
{
	size_t pos = 0;
	int rc = nfit_validate(table, len);
	struct nfit_spa spa;

	while (!rc && n->range_count < PROBE_NFIT_MAX &&
	       (rc = nfit_next_spa(table, len, &pos, &spa)) == 1) {
		n->ranges[n->range_count].spa = spa;
		n->ranges[n->range_count].region = region_of(n, &spa);
		n->range_count++;
		rc = 0;
	}
	if (rc < 0)
		snprintf(n->error, sizeof(n->error), "%s: %s", NFIT_TABLE, nfit_strerror(rc));
	else
		n->readable = true;
}

/* Linux reads the first NFIT only (acpi_get_table(ACPI_SIG_NFIT, 0)). */
void probe_nfit(struct probe_nfit *n)
{
	char path[PATH_MAX];
	size_t len;

	memset(n, 0, sizeof(*n));
	read_regions(n);
	len = load_table(n, probe_live_path(path, sizeof(path), NFIT_TABLE));
	if (len)
		read_spas(n, len);
}

/* Without the table: a Virtual CD/Disk is an nd_volatile region without mappings. */
bool probe_region_is_ramdisk(const struct probe_region *r)
{
	return !strcmp(r->devtype, "nd_volatile") && r->mappings == 0;
}

size_t probe_nfit_ramdisks(const struct probe_nfit *n)
{
	size_t i, count = 0;

	if (n->readable) {
		for (i = 0; i < n->range_count; i++)
			count += nfit_kind_is_ramdisk(n->ranges[i].spa.kind) != 0;
		return count;
	}
	for (i = 0; i < n->region_count; i++)
		count += probe_region_is_ramdisk(&n->regions[i]);
	return count;
}
