// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk-probe: the three outputs (report, JSON, memdiskfind's phram line)
 * and the one-line reason when nothing was found.
 */
#include <stdio.h>
#include <string.h>

#include "probe.h"

static void print_nfit(const struct probe_nfit *n);
static void json_nfit(const struct probe_nfit *n);

/* Linux boot protocol type_of_loader, high nibble (Documentation/x86/boot.rst). */
static const char *const loader_names[16] = {
	"LILO", "Loadlin", "bootsect-loader", "SYSLINUX", "Etherboot/gPXE/iPXE",
	"ELILO", NULL, "GRUB", "U-Boot", "Xen", "Gujin", "QEMU",
	"uCbootloader", "kexec-tools", "extended ID", "undefined",
};

struct image_kind {
	const char *id;		/* JSON */
	const char *text;	/* report */
};

static const char *loader_name(u8 id)
{
	const char *name = loader_names[id >> 4];

	return name ? name : "unassigned";
}

/*
 * MEMDISK's setup() gives an iso sector_shift 11 and installs a drive
 * parameter table (dpt_ptr, INT 1Eh) only for a floppy; a hard disk, or a
 * floppy with "nodpt" or next to another floppy drive, has dpt_ptr 0.
 */
static struct image_kind image_kind(const struct mbft_table *t)
{
	if (t->sector_shift == 11)
		return (struct image_kind){ "iso", "iso (2048-byte sectors)" };
	if (t->dpt_ptr)
		return (struct image_kind){ "floppy", "floppy (512-byte sectors)" };
	return (struct image_kind){ "disk", "disk (512-byte sectors)" };
}

/* Tables whose fields were read and checksummed, even if then refused. */
static bool fields_known(const struct mbft_table *t)
{
	switch (t->status) {
	case MBFT_VALID:
	case MBFT_EMPTY_IMAGE:
	case MBFT_IMAGE_ABOVE_4G:
	case MBFT_BAD_SECTOR_SHIFT:
	case MBFT_DUPLICATE:
	case MBFT_OVERLAP:
		return true;
	default:
		return false;
	}
}

const struct probe_table *first_valid(const struct probe *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->tables[i].mbft.status == MBFT_VALID)
			return &p->tables[i];
	return NULL;
}

/* memdiskfind's exact line, which phram's "phram=memdisk,ADDR,LEN" takes. */
void print_phram(const struct probe *p)
{
	const struct probe_table *t = first_valid(p);

	if (t)
		printf("%#x,%#llx\n", t->mbft.diskbuf, (unsigned long long)t->mbft.image_size);
}

static bool addrs_hidden(const struct probe *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->tables[i].addr_hidden)
			return true;
	return false;
}

static void print_source(const struct probe *p)
{
	switch (p->source) {
	case SRC_DEVMEM:
		printf("source: %s\n", p->path);
		break;
	case SRC_DUMP:
		printf("source: %s (offline: no /proc/iomem or sysfs checks)\n", p->path);
		return;
	case SRC_SYSFS:
		printf("source: %s\nnote: %s; this is what memdisk_blk found\n",
		       p->path, p->error);
		if (addrs_hidden(p))
			printf("note: addresses hidden: memdisk_blk shows them to root only\n");
		return;
	}
	if (p->low_ram_end)
		printf("low System RAM ends at 0x%x\n", p->low_ram_end);
	else
		printf("low System RAM end: unknown (no /proc/iomem entry)\n");
}

/* Why nothing was scanned: the BDA value, low RAM up to 640 KiB, a short dump. */
static const char *no_window_reason(const struct probe *p, char *buf, size_t len)
{
	u32 start;

	if (!mbft_scan_window(p->basemem_kib, 0, &start))
		snprintf(buf, len, "BIOS data area says %u KiB of base memory, not %u..%u",
			 p->basemem_kib, MBFT_BDA_MIN_KIB, MBFT_LOWMEM_END / 1024 - 1);
	else
		snprintf(buf, len, "the window starts at 0x%x, the data ends at 0x%x",
			 p->low_ram_end > start ? p->low_ram_end : start, p->scan_end);
	return buf;
}

static void print_window(const struct probe *p)
{
	char why[100];

	printf("BIOS free base memory: %u KiB\n", p->basemem_kib);
	if (!p->window_ok)
		printf("scan window: none (%s)\n", no_window_reason(p, why, sizeof(why)));
	else
		printf("scan window: 0x%x-0x%x, %zu mBFT signature%s\n", p->scan_start,
		       p->scan_end, p->count, p->count == 1 ? "" : "s");
}

static const char *tristate_text(enum tristate v, const char *yes, const char *no)
{
	return v == TRI_YES ? yes : v == TRI_NO ? no : "unknown";
}

static void print_device(const struct probe *p, const struct probe_table *t)
{
	if (t->device[0])
		printf("  block device:    /dev/%s\n", t->device);
	else if (p->source == SRC_DUMP)
		printf("  block device:    unknown (offline)\n");
	else
		printf("  block device:    none%s\n",
		       p->module_loaded ? "" : " (memdisk_blk not loaded)");
}

static void print_live(const struct probe *p, const struct probe_table *t)
{
	if (p->source == SRC_DUMP)
		printf("  /proc/iomem:     unknown (offline)\n");
	else if (t->addr_hidden)
		printf("  /proc/iomem:     unknown (address hidden)\n");
	else
		printf("  /proc/iomem:     %s, %s\n",
		       tristate_text(t->reserved, "reserved", "not reserved"),
		       tristate_text(t->claimed, "claimed by memdisk_blk", "not claimed"));
	print_device(p, t);
}

static void print_image(const struct probe_table *t)
{
	const struct mbft_table *m = &t->mbft;

	printf("  image:           ");
	if (t->addr_hidden)
		printf("address hidden (root only)");
	else if (m->image_size)
		printf("0x%08x-0x%08llx", m->diskbuf,
		       (unsigned long long)(m->diskbuf + m->image_size - 1));
	else
		printf("at 0x%08x", m->diskbuf);
	if (m->image_size)
		printf(", %llu bytes (%u sectors)\n", (unsigned long long)m->image_size,
		       m->disksize);
	else
		printf(", empty\n");
}

static void print_table_fields(const struct probe *p, const struct probe_table *t)
{
	const struct mbft_table *m = &t->mbft;

	printf("  MEMDISK version: %u.%02u", m->version_major, m->version_minor);
	if (p->source != SRC_SYSFS)
		printf(" (mBFT revision %u, %u bytes, safe hook at 0x%x)", m->revision,
		       m->length, m->safe_hook);
	printf("\n");
	print_image(t);
	printf("  kind:            %s\n", image_kind(m).text);
	printf("  boot loader ID:  0x%02x (%s)\n", m->bootloader_id,
	       loader_name(m->bootloader_id));
	printf("  command line:    \"%s\"\n", m->cmdline);
}

static void print_table(const struct probe *p, const struct probe_table *t)
{
	const struct mbft_table *m = &t->mbft;

	if (t->addr_hidden)
		printf("\nmBFT at a hidden address: ");
	else
		printf("\nmBFT at 0x%x: ", m->addr);
	printf("%s%s\n", m->status == MBFT_VALID ? "" : "rejected: ", mbft_status_str(m->status));
	if (!fields_known(m))
		return;
	print_table_fields(p, t);
	if (m->image_size)
		print_live(p, t);
}

/* @n: NULL offline (--mem). */
void print_report(const struct probe *p, const struct probe_nfit *n)
{
	size_t i;

	if (p->failed) {
		printf("mBFT: not searched: %s\n", p->error);
	} else {
		print_source(p);
		if (p->source != SRC_SYSFS)
			print_window(p);
		for (i = 0; i < p->count; i++)
			print_table(p, &p->tables[i]);
	}
	if (n)
		print_nfit(n);
}

void print_none_reason(const struct probe *p)
{
	const char *what = "memdisk-probe: no MEMDISK found";
	char why[100];

	if (p->source == SRC_SYSFS)
		fprintf(stderr, "%s (memdisk_blk exposes none; %s)\n", what, p->error);
	else if (!p->window_ok)
		fprintf(stderr, "%s (nothing to scan: %s)\n", what,
			no_window_reason(p, why, sizeof(why)));
	else if (!p->count)
		fprintf(stderr, "%s (no mBFT in 0x%x-0x%x)\n", what, p->scan_start, p->scan_end);
	else
		fprintf(stderr, "%s (%zu mBFT%s in 0x%x-0x%x, none valid; first: %s)\n", what,
			p->count, p->count == 1 ? "" : "s", p->scan_start, p->scan_end,
			mbft_status_str(p->tables[0].mbft.status));
}

/* Strings come from guest memory: escape everything JSON could choke on. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* One "key": value pair after an earlier one, indented @depth levels. */
static void json_key(int depth, const char *key)
{
	printf(",\n%*s\"%s\": ", depth * 2, "", key);
}

static void json_text(int depth, const char *key, const char *s)
{
	json_key(depth, key);
	if (s)
		json_string(s);
	else
		printf("null");
}

/* Unknown numbers (not in sysfs, or root-only there) are null. */
static void json_uint(unsigned long long v, bool known)
{
	if (known)
		printf("%llu", v);
	else
		printf("null");
}

static void json_number(int depth, const char *key, unsigned long long v, bool known)
{
	json_key(depth, key);
	json_uint(v, known);
}

static void json_tristate(int depth, const char *key, enum tristate v)
{
	json_key(depth, key);
	printf("%s", v == TRI_YES ? "true" : v == TRI_NO ? "false" : "null");
}

static void json_table_fields(const struct probe *p, const struct probe_table *t)
{
	const struct mbft_table *m = &t->mbft;
	bool raw = p->source != SRC_SYSFS;
	char version[8];

	json_number(3, "length", m->length, raw);
	json_number(3, "revision", m->revision, raw);
	json_number(3, "safe_hook", m->safe_hook, raw);
	snprintf(version, sizeof(version), "%u.%02u", m->version_major, m->version_minor);
	json_text(3, "version", version);
	json_number(3, "diskbuf", m->diskbuf, !t->addr_hidden);
	json_number(3, "disksize", m->disksize, true);
	json_number(3, "raw_sector_shift", m->raw_sector_shift, raw);
	json_number(3, "sector_shift", m->sector_shift, true);
	json_number(3, "sector_size", 1ull << (m->sector_shift & 31), m->sector_shift < 32);
	json_number(3, "image_size", m->image_size, true);
	json_text(3, "kind", image_kind(m).id);
	json_number(3, "bootloader_id", m->bootloader_id, true);
	json_text(3, "bootloader", loader_name(m->bootloader_id));
	json_number(3, "cmdline_segoff", m->cmdline_segoff, raw);
	json_text(3, "cmdline", m->cmdline);
	json_number(3, "dpt_ptr", m->dpt_ptr, raw);
}

static void json_table(const struct probe *p, const struct probe_table *t)
{
	const struct mbft_table *m = &t->mbft;

	printf("    {\n      \"address\": ");
	json_uint(m->addr, !t->addr_hidden);
	json_text(3, "status", mbft_status_str(m->status));
	json_key(3, "valid");
	printf("%s", m->status == MBFT_VALID ? "true" : "false");
	if (fields_known(m))
		json_table_fields(p, t);
	json_tristate(3, "reserved", t->reserved);
	json_tristate(3, "claimed", t->claimed);
	json_text(3, "device", t->device[0] ? t->device : NULL);
	printf("\n    }");
}

static const char *const source_ids[] = {
	[SRC_DEVMEM] = "devmem",
	[SRC_DUMP] = "dump",
	[SRC_SYSFS] = "sysfs",
};

void print_json(const struct probe *p, const struct probe_nfit *n)
{
	bool scanned = p->source != SRC_SYSFS;
	size_t i;

	printf("{\n  \"source\": \"%s\"", source_ids[p->source]);
	json_text(1, "path", p->path);
	json_key(1, "offline");
	printf("%s", p->source == SRC_DUMP ? "true" : "false");
	json_text(1, "devmem_error", p->source == SRC_SYSFS || p->failed ? p->error : NULL);
	json_number(1, "bios_base_memory_kib", p->basemem_kib, scanned);
	json_number(1, "low_ram_end", p->low_ram_end, p->low_ram_end);
	json_number(1, "scan_start", p->scan_start, scanned && p->window_ok);
	json_number(1, "scan_end", p->scan_end, scanned && p->window_ok);
	json_key(1, "tables");
	printf("[");
	for (i = 0; i < p->count; i++) {
		printf(i ? ",\n" : "\n");
		json_table(p, &p->tables[i]);
	}
	printf("%s]", p->count ? "\n  " : "");
	json_nfit(n);
	printf("\n}\n");
}

/* --- UEFI RAM disks (NFIT) ---------------------------------------------- */

static void print_region(const struct probe_region *r)
{
	printf("  region:          %s (%s, ", r->name, r->devtype[0] ? r->devtype : "?");
	if (r->mappings < 0)
		printf("DIMM mappings unknown");
	else
		printf("%ld DIMM mapping%s", r->mappings, r->mappings == 1 ? "" : "s");
	printf("), %s\n", tristate_text(r->read_only, "read-only", "read-write"));
	printf("  block device:    %s%s\n", r->device[0] ? "/dev/" : "",
	       r->device[0] ? r->device : "none (nd_pmem not loaded?)");
}

static void print_range(const struct probe_nfit *n, size_t i)
{
	const struct probe_range *g = &n->ranges[i];
	const struct nfit_spa *s = &g->spa;

	printf("\nNFIT SPA range %zu: %s, 0x%llx-0x%llx, %llu bytes (range index %u)\n", i,
	       nfit_kind_name(s->kind), (unsigned long long)s->base,
	       (unsigned long long)(s->base + s->length - 1), (unsigned long long)s->length,
	       s->range_index);
	printf("  UEFI RAM disk:   %s\n", nfit_kind_is_ramdisk(s->kind) ? "yes" : "no");
	if (g->region >= 0)
		print_region(&n->regions[g->region]);
	else
		printf("  region:          none (nfit not loaded, or Linux refused the range)\n");
}

/* Without the table: what sysfs says, which does not name the range type. */
static void print_sysfs_region(const struct probe_region *r)
{
	printf("\n%s: %s, ", r->name,
	       probe_region_is_ramdisk(r) ? "UEFI RAM disk (Virtual CD or Disk)" :
	       !strcmp(r->devtype, "nd_pmem") && r->mappings > 0 ? "persistent memory" :
	       "not a UEFI RAM disk");
	if (r->size_known)
		printf("%llu bytes\n", r->size);
	else
		printf("size unknown\n");
	print_region(r);
}

static void print_nfit(const struct probe_nfit *n)
{
	size_t i;

	if (!n->present && !n->region_count)
		return;
	if (n->readable) {
		printf("\nACPI NFIT: %zu SPA range%s\n", n->range_count,
		       n->range_count == 1 ? "" : "s");
		for (i = 0; i < n->range_count; i++)
			print_range(n, i);
		return;
	}
	printf("\nACPI NFIT: %s%s\n", n->present ? "unreadable: " : "none",
	       n->present ? n->error : "");
	printf("note: from /sys/bus/nd only: range types and addresses are not shown there\n");
	for (i = 0; i < n->region_count; i++)
		print_sysfs_region(&n->regions[i]);
}

static void json_region(const struct probe_region *r)
{
	printf("    {\n      \"name\": ");
	json_string(r->name);
	json_text(3, "devtype", r->devtype[0] ? r->devtype : NULL);
	json_number(3, "mappings", (unsigned long long)r->mappings, r->mappings >= 0);
	json_number(3, "base", r->base, r->base_known);
	json_number(3, "size", r->size, r->size_known);
	json_tristate(3, "read_only", r->read_only);
	json_text(3, "device", r->device[0] ? r->device : NULL);
	json_key(3, "ramdisk_by_sysfs");
	printf("%s\n    }", probe_region_is_ramdisk(r) ? "true" : "false");
}

static void json_range(const struct probe_nfit *n, const struct probe_range *g)
{
	const struct nfit_spa *s = &g->spa;

	printf("    {\n      \"range_index\": %u", s->range_index);
	json_text(3, "kind", nfit_kind_name(s->kind));
	json_key(3, "ramdisk");
	printf("%s", nfit_kind_is_ramdisk(s->kind) ? "true" : "false");
	json_number(3, "base", s->base, true);
	json_number(3, "length", s->length, true);
	json_number(3, "flags", s->flags, true);
	json_text(3, "region", g->region >= 0 ? n->regions[g->region].name : NULL);
	printf("\n    }");
}

static void json_nfit(const struct probe_nfit *n)
{
	size_t i;

	json_key(1, "nfit");
	if (!n) {
		printf("null");
		return;
	}
	printf("{\n    \"present\": %s", n->present ? "true" : "false");
	json_key(2, "readable");
	printf("%s", n->readable ? "true" : "false");
	json_text(2, "error", n->error[0] ? n->error : NULL);
	json_key(2, "ranges");
	printf("[");
	for (i = 0; i < n->range_count; i++) {
		printf(i ? ",\n" : "\n");
		json_range(n, &n->ranges[i]);
	}
	printf("%s]", n->range_count ? "\n    " : "");
	json_key(2, "regions");
	printf("[");
	for (i = 0; i < n->region_count; i++) {
		printf(i ? ",\n" : "\n");
		json_region(&n->regions[i]);
	}
	printf("%s]\n  }", n->region_count ? "\n    " : "");
}
