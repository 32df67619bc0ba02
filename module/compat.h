/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference memdisk_blk straddles (5.10 .. 6.18).
 * The driver code uses only the compat_* names below and reads as if
 * written for a single kernel.
 */
#ifndef MEMDISK_COMPAT_H
#define MEMDISK_COMPAT_H

#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/version.h>

/* 5.16 generalised the memory-encryption test for confidential guests. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
#include <linux/cc_platform.h>
#else
#include <linux/mem_encrypt.h>
#define CC_ATTR_GUEST_MEM_ENCRYPT	0
/* SEV was the only confidential guest then (TDX came in 5.19). */
static inline bool cc_platform_has(int attr)
{
	return sev_active();
}
#endif

/* 5.16: ->submit_bio stopped returning a blk_qc_t cookie. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 16, 0)
typedef blk_qc_t compat_submit_bio_t;
#define COMPAT_SUBMIT_BIO_DONE BLK_QC_T_NONE
#else
typedef void compat_submit_bio_t;
#define COMPAT_SUBMIT_BIO_DONE
#endif

/* 5.12: bios point at their block_device instead of the gendisk. */
static inline struct gendisk *compat_bio_disk(struct bio *bio)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 12, 0)
	return bio->bi_disk;
#else
	return bio->bi_bdev->bd_disk;
#endif
}

/*
 * 5.12 added memcpy_to_page() to <linux/highmem.h>, and 5.10.y stable took
 * it later: the version cannot tell, so the backport has a name of its own
 * (the backports project's way) and never collides with the kernel's.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 12, 0)
#define memcpy_to_page memdisk_backport_memcpy_to_page
static inline void memcpy_to_page(struct page *page, size_t offset,
				  const char *from, size_t len)
{
	char *to = kmap_atomic(page);

	memcpy(to + offset, from, len);
	kunmap_atomic(to);
	flush_dcache_page(page);
}
#endif

/* 5.11 let drivers refuse BLKROSET through ->set_read_only. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
#define COMPAT_SET_READ_ONLY(fn)	.set_read_only = (fn),
#else
#define COMPAT_SET_READ_ONLY(fn)
#endif

/* 5.11 renamed x86-32's atomic iomap of one page to a local one. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
#define __iomap_local_pfn_prot(pfn, prot)	iomap_atomic_prot_pfn(pfn, prot)
#define io_mapping_unmap_local(addr)		iounmap_atomic(addr)
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
static inline void compat_set_limits(struct request_queue *q,
				     unsigned int physical_block_size)
{
	blk_queue_logical_block_size(q, SECTOR_SIZE);
	blk_queue_physical_block_size(q, physical_block_size);
	/* bio-based queues default to rotational before 6.11 */
	blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	blk_queue_flag_set(QUEUE_FLAG_NOWAIT, q);
}
#endif

/*
 * Allocate a gendisk with its queue and limits set.
 * 5.14 merged queue and disk allocation; 6.9 takes the limits up front
 * and returns ERR_PTR; 6.11 replaced queue flags with limit features.
 */
static inline struct gendisk *compat_alloc_disk(unsigned int physical_block_size,
						int minors)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	struct queue_limits lim = {
		.logical_block_size = SECTOR_SIZE,
		.physical_block_size = physical_block_size,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
		.features = BLK_FEAT_NOWAIT,
#endif
	};
	struct gendisk *disk = blk_alloc_disk(&lim, NUMA_NO_NODE);

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
	if (!IS_ERR(disk)) {
		blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
		blk_queue_flag_set(QUEUE_FLAG_NOWAIT, disk->queue);
	}
#endif
#else
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
	struct gendisk *disk = blk_alloc_disk(NUMA_NO_NODE);
#else
	struct gendisk *disk = alloc_disk(minors);

	if (disk) {
		disk->queue = blk_alloc_queue(NUMA_NO_NODE);
		if (!disk->queue) {
			put_disk(disk);
			disk = NULL;
		}
	}
#endif
	if (!disk)
		return ERR_PTR(-ENOMEM);
	compat_set_limits(disk->queue, physical_block_size);
#endif
	if (IS_ERR(disk))
		return disk;
	disk->minors = minors;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 17, 0)
	/* partitions past minors get dynamic numbers, as brd asks */
	disk->flags |= GENHD_FL_EXT_DEVT;
#endif
	return disk;
}

/* Undo compat_alloc_disk() after del_gendisk() or a failed add. */
static inline void compat_put_disk(struct gendisk *disk)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 14, 0)
	blk_cleanup_queue(disk->queue);
	put_disk(disk);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
	blk_cleanup_disk(disk);
#else
	put_disk(disk);
#endif
}

/* 5.15 made add_disk() report failure. */
static inline int compat_add_disk(struct gendisk *disk,
				  const struct attribute_group **groups)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 15, 0)
	device_add_disk(NULL, disk, groups);
	return 0;
#else
	return device_add_disk(NULL, disk, groups);
#endif
}

#endif /* MEMDISK_COMPAT_H */
