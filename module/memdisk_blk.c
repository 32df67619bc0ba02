// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk_blk: expose the image SYSLINUX MEMDISK left in RAM as a
 * read-only block device, found through MEMDISK's mBFT at load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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

static char *region;
module_param(region, charp, 0444);
MODULE_PARM_DESC(region,
		 "Also expose a reserved physical range: ADDR,SIZE (hex or decimal, K/M/G suffixes); refused under lockdown");

static struct memdisk *memdisks[MEMDISK_MAX_DISKS];
static int memdisk_count;
static int memdisk_major;

static int memdisk_add(const struct memdisk_source *src)
{
	struct memdisk *md = memdisk_create(src, memdisk_major, memdisk_count);

	if (IS_ERR(md))
		return PTR_ERR(md);
	memdisks[memdisk_count++] = md;
	return 0;
}

static void memdisk_remove_all(void)
{
	while (memdisk_count)
		memdisk_destroy(memdisks[--memdisk_count]);
}

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

static void memdisk_add_table(const struct mbft_table *table)
{
	struct memdisk_source src = {
		.phys_addr = table->diskbuf,
		.size = table->image_size,
		.mbft = table,
	};

	if (table->status == MBFT_VALID)
		memdisk_add(&src);
	else if (table->status == MBFT_DUPLICATE)
		pr_info("mBFT at 0x%x ignored: %s\n", table->addr,
			mbft_status_str(table->status));
	else
		pr_err("mBFT at 0x%x rejected: %s\n", table->addr,
		       mbft_status_str(table->status));
}

/*
 * Low memory is always in the kernel's direct mapping on x86 (the kernel
 * reads the BIOS data area the same way), so no /dev/mem is involved and
 * this works under lockdown. A refused image is reported, never fatal.
 */
static int memdisk_probe_mbft(void)
{
	const u8 *lowmem = phys_to_virt(0);
	struct mbft_table *tables;
	size_t i, count;

	tables = kcalloc(MBFT_MAX_TABLES, sizeof(*tables), GFP_KERNEL);
	if (!tables)
		return -ENOMEM;
	count = mbft_find(lowmem, MBFT_LOWMEM_END, low_ram_end(), tables,
			  MBFT_MAX_TABLES);
	if (!count)
		pr_info("no MEMDISK found\n");
	for (i = 0; i < count; i++)
		memdisk_add_table(&tables[i]);
	kfree(tables);
	return 0;
}

/* An arbitrary physical range is /dev/mem's power: not under lockdown. */
static int memdisk_probe_region(void)
{
	struct memdisk_source src = {};
	const char *problem;

	if (security_locked_down(LOCKDOWN_DEV_MEM)) {
		pr_err("region=%s refused: the kernel is locked down\n", region);
		return -EPERM;
	}
	if (!mbft_parse_region(region, &src.phys_addr, &src.size)) {
		pr_err("region=%s refused: expected ADDR,SIZE\n", region);
		return -EINVAL;
	}
	problem = mbft_region_problem(src.phys_addr, src.size);
	if (problem) {
		pr_err("region=%s refused: %s\n", region, problem);
		return -EINVAL;
	}
	return memdisk_add(&src);
}

static int __init memdisk_init(void)
{
	int err = 0;

	memdisk_major = register_blkdev(0, MEMDISK_NAME);
	if (memdisk_major < 0)
		return memdisk_major;
	if (autoprobe)
		err = memdisk_probe_mbft();
	if (!err && region)
		err = memdisk_probe_region();
	if (err) {
		memdisk_remove_all();
		unregister_blkdev(memdisk_major, MEMDISK_NAME);
	}
	return err;
}

static void __exit memdisk_exit(void)
{
	memdisk_remove_all();
	unregister_blkdev(memdisk_major, MEMDISK_NAME);
}

module_init(memdisk_init);
module_exit(memdisk_exit);

MODULE_DESCRIPTION("Read-only block device for the image SYSLINUX MEMDISK left in RAM");
MODULE_AUTHOR("memdisk_blk developers");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
