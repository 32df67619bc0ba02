// SPDX-License-Identifier: GPL-2.0
/*
 * One MEMDISK image: range checks, claim, mapping and the read-only
 * bio-based block device on top of it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/io-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <asm/e820/api.h>
#include <asm/iomap.h>
#include <asm/memtype.h>

#include "memdisk.h"

/* Not %pa: a refused range may lie past what phys_addr_t holds. */
static __printf(2, 3) void memdisk_refuse(const struct memdisk_source *src,
					  const char *fmt, ...)
{
	u64 end = src->phys_addr + src->size - 1;
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (src->mbft)
		pr_err("image 0x%llx-0x%llx (mBFT at 0x%x) refused: %pV\n",
		       src->phys_addr, end, src->mbft->addr, &vaf);
	else
		pr_err("region 0x%llx-0x%llx refused: %pV\n",
		       src->phys_addr, end, &vaf);
	va_end(args);
}

/*
 * E820's reserved ranges above 1 MiB enter /proc/iomem only in the PCI
 * resource survey: with pci=off or without PCI nothing lies over them
 * there, so ask the E820 table itself. The kernel exports only "some byte
 * of the range has this type", exact for one byte: test both ends of each
 * page of the range.
 */
static bool memdisk_e820_reserved(u64 start, u64 size)
{
	u64 pos, next, end = start + size;

	if (region_intersects(start, size, IORESOURCE_MEM, IORES_DESC_NONE) !=
	    REGION_DISJOINT)
		return false;
	for (pos = start; pos < end; pos = next) {
		next = min_t(u64, (pos | (PAGE_SIZE - 1)) + 1, end);
		if (!e820__mapped_any(pos, pos + 1, E820_TYPE_RESERVED) ||
		    !e820__mapped_any(next - 1, next, E820_TYPE_RESERVED))
			return false;
	}
	return true;
}

/*
 * MEMDISK reserves its image in the E820 map; anything the kernel may use
 * as RAM, or that the firmware did not reserve (MMIO, holes), is refused
 * before it is mapped.
 */
static const char *memdisk_range_problem(const struct memdisk_source *src)
{
	/* A 32-bit kernel without PAE cannot address past 4 GiB. */
	if (src->phys_addr + src->size - 1 > PHYS_ADDR_MAX)
		return "beyond the physical addresses this kernel can use";
	/* The resource checks take a size_t: 32 bits on a 32-bit kernel. */
	if (src->size != (size_t)src->size)
		return "too large for this kernel";
	if (region_intersects(src->phys_addr, src->size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return "overlaps System RAM";
	if (region_intersects(src->phys_addr, src->size, IORESOURCE_MEM,
			      IORES_DESC_RESERVED) != REGION_INTERSECTS &&
	    !memdisk_e820_reserved(src->phys_addr, src->size))
		return "not reserved in the firmware memory map";
	return NULL;
}

/*
 * A 32-bit kernel's vmalloc area is about 128 MiB, too small to map a
 * whole image at once (phram's `vmalloc=` problem). There each source page
 * is mapped in turn through a per-CPU kmap slot, which neither locks nor
 * allocates, with or without HIGHMEM; elsewhere the image is mapped once.
 */
static bool memdisk_maps_per_page(void)
{
	return IS_ENABLED(CONFIG_X86_32);
}

/* As the kernel's debugfs pat_memtype_list names them */
static const char *const memdisk_cache_mode_names[] = {
	[_PAGE_CACHE_MODE_WB] = "write-back",
	[_PAGE_CACHE_MODE_WC] = "write-combining",
	[_PAGE_CACHE_MODE_UC_MINUS] = "uncached-minus",
	[_PAGE_CACHE_MODE_UC] = "uncached",
	[_PAGE_CACHE_MODE_WT] = "write-through",
	[_PAGE_CACHE_MODE_WP] = "write-protected",
	[_PAGE_CACHE_MODE_NUM] = "with an unknown cache mode",
};

static const enum page_cache_mode memdisk_cache_modes[] = {
	_PAGE_CACHE_MODE_WB, _PAGE_CACHE_MODE_UC_MINUS, _PAGE_CACHE_MODE_UC,
	_PAGE_CACHE_MODE_WT, _PAGE_CACHE_MODE_WC, _PAGE_CACHE_MODE_WP,
};

/*
 * The cache mode the kernel gave a write-back mapping. PAT and the MTRRs
 * turn write-back into uncached where the range is not RAM (flash, TPM and
 * other MMIO under a reserved range), where another driver (phram)
 * already maps it uncached, or where there are no MTRRs to say it is RAM.
 */
static enum page_cache_mode memdisk_cache_mode(void *addr)
{
	unsigned int level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);
	enum page_cache_mode mode;
	pgprot_t prot;
	size_t i;

	if (!pte)
		return _PAGE_CACHE_MODE_NUM;
	prot = pte_pgprot(*pte);
	if (level != PG_LEVEL_4K)
		prot = pgprot_large_2_4k(prot);
	/*
	 * pgprot2cachemode() is not exported. Without PAT, WC shares UC-'s
	 * bits and WP WT's: the modes PAT-less hardware has come first.
	 */
	for (i = 0; i < ARRAY_SIZE(memdisk_cache_modes); i++) {
		mode = memdisk_cache_modes[i];
		if ((pgprot_val(prot) & _PAGE_CACHE_MASK) == cachemode2protval(mode))
			return mode;
	}
	return _PAGE_CACHE_MODE_NUM;
}

#define MEMDISK_PROBE_WINDOW	SZ_4M

#define MEMDISK_UNCACHED_WHY \
	"MMIO, mapped uncached by another driver such as phram, or MTRRs disabled by the firmware"
/* Without MTRRs the kernel maps every range that is not RAM uncached. */
#define MEMDISK_NO_MTRR_WHY \
	"the CPU has no MTRRs, without which the kernel maps reserved memory uncached"

static void memdisk_refuse_cache_mode(const struct memdisk_source *src,
				      enum page_cache_mode mode)
{
	const char *why = boot_cpu_has(X86_FEATURE_MTRR) ?
			  MEMDISK_UNCACHED_WHY : MEMDISK_NO_MTRR_WHY;

	memdisk_refuse(src, "mapped %s, not write-back (%s)",
		       memdisk_cache_mode_names[mode], why);
}

/* memdisk_check_mode: ADDR's mapping, into *MODE; -EINVAL unless write-back. */
static int memdisk_check_mode(void *addr, enum page_cache_mode *mode)
{
	*mode = memdisk_cache_mode(addr);
	return *mode == _PAGE_CACHE_MODE_WB ? 0 : -EINVAL;
}

/* Where the image is mapped page by page, map a window of it just to look. */
static int memdisk_check_window(phys_addr_t start, u64 len, enum page_cache_mode *mode)
{
	void *window = memremap(start, len, MEMREMAP_WB);
	int err;

	if (!window)
		return -ENOMEM;
	err = memdisk_check_mode(window, mode);
	memunmap(window);
	return err;
}

/*
 * PAT refuses a mapping whose cache mode conflicts with a mapping it
 * overlaps: that is what keeps phram's uncached one off a mapped image.
 * Nothing exported reserves a mode without mapping, and the image is too
 * large to stay mapped here, so the first page of each probe window stays
 * mapped write-back: any mapping of 4 MiB of the image, or of one of these
 * pages, is refused.
 */
static int memdisk_hold_windows(struct memdisk *md, const struct memdisk_source *src,
				enum page_cache_mode *mode)
{
	unsigned int windows = DIV_ROUND_UP_ULL(src->size, MEMDISK_PROBE_WINDOW);
	phys_addr_t start;
	u64 done, len;
	void *hold;
	int err;

	md->holds = kcalloc(windows, sizeof(*md->holds), GFP_KERNEL);
	if (!md->holds)
		return -ENOMEM;
	for (done = 0; done < src->size; done += len) {
		start = src->phys_addr + done;
		len = min_t(u64, src->size - done, MEMDISK_PROBE_WINDOW);
		err = memdisk_check_window(start, len, mode);
		if (err)
			return err;
		hold = memremap(start, min_t(u64, len, PAGE_SIZE), MEMREMAP_WB);
		if (!hold)
			return -ENOMEM;
		md->holds[md->nr_holds++] = hold;
		err = memdisk_check_mode(hold, mode);
		if (err)
			return err;
	}
	return 0;
}

static int memdisk_map_whole(struct memdisk *md, const struct memdisk_source *src,
			     enum page_cache_mode *mode)
{
	md->image = memremap(src->phys_addr, src->size, MEMREMAP_WB);
	if (!md->image)
		return -ENOMEM;
	return memdisk_check_mode(md->image, mode);
}

static void memdisk_unmap_image(struct memdisk *md)
{
	unsigned int i;

	for (i = 0; i < md->nr_holds; i++)
		memunmap(md->holds[i]);
	kfree(md->holds);
	md->holds = NULL;
	md->nr_holds = 0;
	if (md->image)
		memunmap(md->image);
	md->image = NULL;
}

static int memdisk_map_image(struct memdisk *md, const struct memdisk_source *src)
{
	enum page_cache_mode mode = _PAGE_CACHE_MODE_NUM;
	int err;

	if (memdisk_maps_per_page())
		err = memdisk_hold_windows(md, src, &mode);
	else
		err = memdisk_map_whole(md, src, &mode);
	if (!err)
		return 0;
	memdisk_unmap_image(md);
	if (err == -ENOMEM)
		memdisk_refuse(src, "cannot map it");
	else
		memdisk_refuse_cache_mode(src, mode);
	return err;
}

static int memdisk_map(struct memdisk *md, const struct memdisk_source *src)
{
	const char *problem = memdisk_range_problem(src);
	int err;

	if (problem) {
		memdisk_refuse(src, "%s", problem);
		return -EINVAL;
	}
	md->claim = request_mem_region(src->phys_addr, src->size, MEMDISK_NAME);
	if (!md->claim) {
		memdisk_refuse(src, "range busy, claimed by another driver");
		return -EBUSY;
	}
	err = memdisk_map_image(md, src);
	if (err)
		release_mem_region(src->phys_addr, src->size);
	return err;
}

static void memdisk_unmap(struct memdisk *md)
{
	memdisk_unmap_image(md);
	release_mem_region(md->phys_addr, md->size);
}

/* Copy one segment (within one page) from image offset @pos, page by page. */
static void memdisk_copy_per_page(struct memdisk *md, const struct bio_vec *bv,
				  u64 pos)
{
	unsigned int done, chunk, offset;
	void __iomem *src;
	phys_addr_t phys;

	for (done = 0; done < bv->bv_len; done += chunk) {
		phys = md->phys_addr + pos + done;
		offset = offset_in_page(phys);
		chunk = min_t(unsigned int, bv->bv_len - done, PAGE_SIZE - offset);
		/* kmap_local_pfn() needs HIGHMEM for a page outside lowmem */
		src = __iomap_local_pfn_prot(PHYS_PFN(phys), PAGE_KERNEL);
		/* the image is RAM: no I/O accessors needed */
		memcpy_to_page(bv->bv_page, bv->bv_offset + done,
			       (void __force *)src + offset, chunk);
		io_mapping_unmap_local(src);
	}
}

static void memdisk_read_bio(struct memdisk *md, struct bio *bio)
{
	u64 pos = bio->bi_iter.bi_sector << SECTOR_SHIFT;
	struct bvec_iter iter;
	struct bio_vec bv;

	bio_for_each_segment(bv, bio, iter) {
		if (memdisk_maps_per_page())
			memdisk_copy_per_page(md, &bv, pos);
		else
			memcpy_to_page(bv.bv_page, bv.bv_offset, md->image + pos, bv.bv_len);
		pos += bv.bv_len;
	}
	bio_endio(bio);
}

/*
 * The block core checks a bio only against its partition, and before 6.12
 * BLKPG_ADD_PARTITION accepts partitions past the end of the disk: reading
 * there would read past the image (and its mapping), so check it here.
 */
static bool memdisk_bio_in_image(struct memdisk *md, struct bio *bio)
{
	if (likely(bio_end_sector(bio) <= get_capacity(md->disk)))
		return true;
	pr_err_ratelimited("%s: I/O to sectors %llu-%llu beyond the end of the image refused\n",
			   md->disk->disk_name, (u64)bio->bi_iter.bi_sector,
			   (u64)bio_end_sector(bio) - 1);
	return false;
}

#ifndef memdisk_bio_disk
static struct gendisk *memdisk_bio_disk(struct bio *bio)
{
	return bio->bi_bdev->bd_disk;
}
#endif

/*
 * The block core completes empty flushes itself and refuses writes to a
 * read-only disk from userspace; every write that still gets here fails.
 */
static void memdisk_submit_bio(struct bio *bio)
{
	struct memdisk *md = memdisk_bio_disk(bio)->private_data;

	if (!memdisk_bio_in_image(md, bio)) {
		bio_io_error(bio);
	} else if (likely(bio_op(bio) == REQ_OP_READ)) {
		memdisk_read_bio(md, bio);
	} else {
		if (op_is_write(bio_op(bio)))
			pr_warn_ratelimited("%s: write refused, the MEMDISK image is read-only\n",
					    md->disk->disk_name);
		bio_io_error(bio);
	}
}

static const struct block_device_operations memdisk_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= memdisk_submit_bio,
};

/* MEMDISK's own sector size: 2048 for an ISO, 512 otherwise and for region= */
static unsigned int memdisk_physical_block_size(const struct memdisk *md)
{
	return md->from_mbft ? 1U << md->mbft.sector_shift : SECTOR_SIZE;
}

static int memdisk_alloc_disk(struct memdisk *md, int major, int index)
{
	struct queue_limits lim = {
		.logical_block_size	= SECTOR_SIZE,
		.physical_block_size	= memdisk_physical_block_size(md),
		.features		= BLK_FEAT_NOWAIT,
	};
	struct gendisk *disk;

	disk = blk_alloc_disk(&lim, NUMA_NO_NODE);
	if (IS_ERR(disk))
		return PTR_ERR(disk);
	disk->major = major;
	disk->first_minor = index * MEMDISK_MINORS;
	disk->minors = MEMDISK_MINORS;
	disk->fops = &memdisk_fops;
	disk->private_data = md;
	snprintf(disk->disk_name, DISK_NAME_LEN, MEMDISK_NAME "%d", index);
	set_capacity(disk, md->size >> SECTOR_SHIFT);
	set_disk_ro(disk, true);
	md->disk = disk;
	return 0;
}

/*
 * Claim and map the image and set up its disk, not yet visible. Every
 * failure names the image: a boot medium must not vanish unexplained.
 */
struct memdisk *memdisk_create(const struct memdisk_source *src, int major,
			       int index)
{
	struct memdisk *md = kzalloc(sizeof(*md), GFP_KERNEL);
	int err;

	if (!md) {
		memdisk_refuse(src, "out of memory");
		return ERR_PTR(-ENOMEM);
	}
	md->phys_addr = src->phys_addr;
	md->size = src->size;
	md->from_mbft = src->mbft;
	if (src->mbft)
		md->mbft = *src->mbft;
	err = memdisk_map(md, src);
	if (err)
		goto free;
	err = memdisk_alloc_disk(md, major, index);
	if (err) {
		memdisk_refuse(src, "cannot allocate its disk: error %d", err);
		goto unmap;
	}
	return md;
unmap:
	memdisk_unmap(md);
free:
	kfree(md);
	return ERR_PTR(err);
}

/* Make the disk visible; on failure the caller frees it. */
int memdisk_add(struct memdisk *md)
{
	int err = device_add_disk(NULL, md->disk, memdisk_attr_groups);

	if (err) {
		pr_err("%s: cannot add the disk: error %d\n", md->disk->disk_name, err);
		return err;
	}
	pr_info("%s: %llu bytes at %pa\n", md->disk->disk_name, md->size,
		&md->phys_addr);
	/* PAT off, every mapping is write-back: MMIO would pass the check. */
	if (!pat_enabled())
		pr_notice("%s: memory type not checked: PAT is off\n",
			  md->disk->disk_name);
	return 0;
}

/* Undo memdisk_create() of a disk that was never added. */
void memdisk_free(struct memdisk *md)
{
	put_disk(md->disk);
	memdisk_unmap(md);
	kfree(md);
}

void memdisk_destroy(struct memdisk *md)
{
	del_gendisk(md->disk);
	memdisk_free(md);
}
