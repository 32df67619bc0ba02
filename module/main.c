// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk_blk: expose the image SYSLINUX MEMDISK left in RAM as a
 * read-only block device, found through MEMDISK's mBFT at load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cc_platform.h>
#include <linux/efi.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/slab.h>

#include "memdisk.h"

#define MEMDISK_MAX_DISKS	(MBFT_MAX_TABLES + 1)

static bool autoprobe = true;
module_param(autoprobe, bool, 0444);
MODULE_PARM_DESC(autoprobe,
		 "Find MEMDISK images through their mBFT at load (default: 1)");

/* A physical address: root-only, like phys_addr in sysfs. */
static char *region;
module_param(region, charp, 0400);
MODULE_PARM_DESC(region,
		 "Also expose a reserved physical range: ADDR,SIZE as for phram (memparse numbers, K/M/G suffixes); refused under lockdown");

static struct memdisk *memdisks[MEMDISK_MAX_DISKS];
static int memdisk_count;
static int memdisk_major;

static int note_range_end(struct resource *res, void *arg)
{
	u32 *end = arg;

	*end = res->end + 1;
	return 0;
}

/* memdiskfind's lower scan bound: MEMDISK's tables lie above low RAM. */
static u32 low_ram_end(void)
{
	u32 end = 0;

	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
			    0, MBFT_LOWMEM_END - 1, &end, note_range_end);
	return end;
}

/*
 * MEMDISK is a BIOS program: after an EFI boot there is none to find. A
 * confidential guest must not read low memory it has not validated (the
 * kernel itself skips such scans there), so it is not scanned either.
 */
static const char *memdisk_scan_forbidden(void)
{
	if (efi_enabled(EFI_BOOT))
		return "booted by EFI, and MEMDISK is BIOS-only";
	if (cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT))
		return "confidential guest, low memory is not read";
	return NULL;
}

static void memdisk_report_table(const struct mbft_table *table)
{
	if (table->status == MBFT_DUPLICATE)
		pr_info("mBFT at 0x%x ignored: %s\n", table->addr,
			mbft_status_str(table->status));
	else if (table->status != MBFT_VALID)
		pr_err("mBFT at 0x%x rejected: %s\n", table->addr,
		       mbft_status_str(table->status));
}

/*
 * Low memory is always in the kernel's direct mapping on x86 (the kernel
 * reads the BIOS data area the same way), so no /dev/mem is involved and
 * this works under lockdown. Returns the number of tables, valid or not.
 */
static size_t memdisk_find_tables(struct mbft_table *tables)
{
	const char *forbidden = memdisk_scan_forbidden();
	size_t i, count;

	if (forbidden) {
		pr_debug("not looking for MEMDISK: %s\n", forbidden);
		return 0;
	}
	count = mbft_find(phys_to_virt(0), MBFT_LOWMEM_END, low_ram_end(), tables,
			  MBFT_MAX_TABLES);
	/* Most machines have none: quiet unless dynamic debug asks. */
	if (!count)
		pr_debug("no MEMDISK found\n");
	for (i = 0; i < count; i++)
		memdisk_report_table(&tables[i]);
	return count;
}

/*
 * phram's syntax, memparse() numbers (K, M, G... suffixes), so a phram
 * command line carries over. A value written to sysfs may end in a newline.
 */
static int memdisk_parse_region(const char *str, u64 *addr, u64 *size)
{
	char *end;

	*addr = memparse(str, &end);
	if (end == str || *end != ',')
		return -EINVAL;
	str = end + 1;
	*size = memparse(str, &end);
	if (end == str || (*end && strcmp(end, "\n")))
		return -EINVAL;
	return 0;
}

/*
 * The region parameter, checked before any disk exists so that a refused
 * one cannot take the boot medium's device away. An arbitrary physical
 * range is /dev/mem's power: not under lockdown. A region that is an mBFT
 * image is that image (left with size 0); one that overlaps it is refused.
 */
static int memdisk_region_source(struct memdisk_source *src,
				 const struct mbft_table *tables, size_t count)
{
	const struct mbft_table *table;
	const char *problem;

	if (security_locked_down(LOCKDOWN_DEV_MEM)) {
		pr_err("region=%s refused: the kernel is locked down\n", region);
		return -EPERM;
	}
	if (memdisk_parse_region(region, &src->phys_addr, &src->size)) {
		pr_err("region=%s refused: expected ADDR,SIZE\n", region);
		return -EINVAL;
	}
	problem = mbft_region_problem(src->phys_addr, src->size);
	if (problem) {
		pr_err("region=%s refused: %s\n", region, problem);
		return -EINVAL;
	}
	table = mbft_image_overlapping(tables, count, src->phys_addr, src->size);
	if (!table)
		return 0;
	if (!mbft_image_is(table, src->phys_addr, src->size)) {
		pr_err("region=%s refused: overlaps the image of the mBFT at 0x%x\n",
		       region, table->addr);
		return -EINVAL;
	}
	pr_info("region=%s ignored: same image as the mBFT at 0x%x\n", region,
		table->addr);
	src->size = 0;
	return 0;
}

static void memdisk_free_all(void)
{
	while (memdisk_count)
		memdisk_free(memdisks[--memdisk_count]);
}

static int memdisk_create_one(const struct memdisk_source *src)
{
	struct memdisk *md = memdisk_create(src, memdisk_major, memdisk_count);

	if (IS_ERR(md))
		return PTR_ERR(md);
	memdisks[memdisk_count++] = md;
	return 0;
}

/*
 * A refused region= fails a module's load before any disk exists: it can
 * be loaded again without it. Built in there is no second try, so the
 * boot keeps its MEMDISK images (the refusal is logged all the same).
 */
static int memdisk_region_refused(int err)
{
	return IS_MODULE(CONFIG_BLK_DEV_MEMDISK) ? err : 0;
}

/*
 * Claim and map every image; nothing is visible yet. A refused mBFT image
 * is reported and skipped; a refused region as memdisk_region_refused() says.
 */
static int memdisk_create_all(const struct mbft_table *tables, size_t count,
			      const struct memdisk_source *region_src)
{
	size_t i;
	int err;

	for (i = 0; i < count; i++) {
		struct memdisk_source src = {
			.phys_addr = tables[i].diskbuf,
			.size = tables[i].image_size,
			.mbft = &tables[i],
		};

		if (tables[i].status == MBFT_VALID)
			memdisk_create_one(&src);
	}
	if (!region_src->size)
		return 0;
	err = memdisk_region_refused(memdisk_create_one(region_src));
	if (err)
		memdisk_free_all();
	return err;
}

/*
 * From the first add_disk() on, init must not fail: udev may already hold
 * a disk open, and a failed init would free the module under it.
 */
static void memdisk_add_all(void)
{
	int i, added = 0;

	for (i = 0; i < memdisk_count; i++) {
		if (memdisk_add(memdisks[i]))
			memdisk_free(memdisks[i]);
		else
			memdisks[added++] = memdisks[i];
	}
	memdisk_count = added;
}

static int memdisk_create_from_params(void)
{
	struct memdisk_source region_src = {};
	struct mbft_table *tables;
	size_t count = 0;
	int err = 0;

	tables = kcalloc(MBFT_MAX_TABLES, sizeof(*tables), GFP_KERNEL);
	if (!tables)
		return -ENOMEM;
	if (autoprobe)
		count = memdisk_find_tables(tables);
	if (region) {
		err = memdisk_region_source(&region_src, tables, count);
		if (err) {
			region_src.size = 0;
			err = memdisk_region_refused(err);
		}
	}
	if (!err)
		err = memdisk_create_all(tables, count, &region_src);
	kfree(tables);
	return err;
}

static int __init memdisk_init(void)
{
	int err;

	memdisk_major = register_blkdev(0, MEMDISK_NAME);
	if (memdisk_major < 0)
		return memdisk_major;
	err = memdisk_create_from_params();
	if (err) {
		unregister_blkdev(memdisk_major, MEMDISK_NAME);
		return err;
	}
	memdisk_add_all();
	return 0;
}

static void __exit memdisk_exit(void)
{
	while (memdisk_count)
		memdisk_destroy(memdisks[--memdisk_count]);
	unregister_blkdev(memdisk_major, MEMDISK_NAME);
}

module_init(memdisk_init);
module_exit(memdisk_exit);

MODULE_DESCRIPTION("Read-only block device for the image SYSLINUX MEMDISK left in RAM");
MODULE_AUTHOR("memdisk_blk developers");
MODULE_LICENSE("GPL");
