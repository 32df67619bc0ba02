/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backports for the out-of-tree build: kernels 5.10 .. 6.17 get the names
 * of the newest kernel, so the driver files are mainline code as they
 * stand. Kbuild force-includes this file into every object (-include), as
 * the kernel's backports project does; the in-tree series leaves it out.
 * It is the only file that tests LINUX_VERSION_CODE.
 *
 * Two changes cannot be bridged by a kernel name alone: the return type of
 * ->submit_bio (5.16) and the bio's device (5.12). For those, macros below
 * rename the driver's own memdisk_submit_bio() and memdisk_bio_disk().
 */
#ifndef MEMDISK_COMPAT_H
#define MEMDISK_COMPAT_H

/* Included first: the drivers' own identical definition stays valid. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/version.h>

/*
 * 5.12 added memcpy_to_page() to <linux/highmem.h>, and 5.10.y stable took
 * it later: the version cannot tell, so the backport has a name of its own
 * and never collides with the kernel's.
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

/* 5.11 renamed x86-32's atomic iomap of one page to a local one. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
#define __iomap_local_pfn_prot(pfn, prot)	iomap_atomic_prot_pfn(pfn, prot)
#define io_mapping_unmap_local(vaddr)		iounmap_atomic(vaddr)
#endif

/*
 * Not a version but a bug: on x86-32 without HIGHMEM, a local kmap's TLB
 * entry is never flushed (x86's arch_kmap_local_post_unmap() is in
 * <asm/highmem.h>, which only HIGHMEM kernels include; 5.11 .. 6.18):
 * not on unmap, nor when the scheduler rewrites the slot for the task it
 * switches to (__kmap_local_sched_in()), so a slot can read another page.
 * Keep preemption off from map to unmap, as 5.10's iomap_atomic_prot_pfn()
 * did, and flush the slot once mapped (the page the last user left) and
 * once unmapped (ours, for the next user).
 */
#if defined(CONFIG_X86_32) && !defined(CONFIG_HIGHMEM) && \
	LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
#include <linux/io-mapping.h>

static inline void memdisk_backport_flush_slot(void __iomem *vaddr)
{
	asm volatile("invlpg (%0)" : : "r" (vaddr) : "memory");
}

static inline void __iomem *memdisk_backport_iomap_local(unsigned long pfn,
							 pgprot_t prot)
{
	void __iomem *vaddr;

	preempt_disable();
	vaddr = __iomap_local_pfn_prot(pfn, prot);
	memdisk_backport_flush_slot(vaddr);
	return vaddr;
}

static inline void memdisk_backport_unmap_local(void __iomem *vaddr)
{
	io_mapping_unmap_local(vaddr);
	memdisk_backport_flush_slot(vaddr);
	preempt_enable();
}

#define __iomap_local_pfn_prot(pfn, prot) memdisk_backport_iomap_local(pfn, prot)
#define io_mapping_unmap_local(vaddr)	memdisk_backport_unmap_local(vaddr)
#endif

/*
 * 5.12: a bio names its block_device, no longer its gendisk; the driver
 * reads it through memdisk_bio_disk() (disk.c), which this replaces.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 12, 0)
#define memdisk_bio_disk(bio)	((bio)->bi_disk)
#endif

/*
 * 5.16: ->submit_bio returns void; before, a blk_qc_t. This function-like
 * macro renames the driver's definition of memdisk_submit_bio() (its use in
 * the fops, not followed by "(", stays) and defines, under the old name, a
 * trampoline of the old type around it.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 16, 0)
#define memdisk_submit_bio(params)					\
	memdisk_submit_bio_void(params);				\
	static blk_qc_t memdisk_submit_bio(struct bio *bio)		\
	{								\
		memdisk_submit_bio_void(bio);				\
		return BLK_QC_T_NONE;					\
	}								\
	static void memdisk_submit_bio_void(params)
#endif

/*
 * 5.15 made add_disk() report failure, and made a disk hold a reference
 * to its queue from its allocation (which blk_alloc_disk() below backports)
 * to its release, where before add_disk() took it.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 15, 0)
static inline int
memdisk_backport_add_disk(struct device *parent, struct gendisk *disk,
			  const struct attribute_group **groups)
{
	device_add_disk(parent, disk, groups);
	blk_put_queue(disk->queue);
	return 0;
}

#define device_add_disk(parent, disk, groups)				\
	memdisk_backport_add_disk(parent, disk, groups)
#endif

/*
 * Teardown of a disk, added or not: 5.14 merged the queue's
 * into blk_cleanup_disk(), which 6.0 folded into put_disk().
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
static inline void memdisk_backport_put_disk(struct gendisk *disk)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 14, 0)
	blk_cleanup_queue(disk->queue);
	put_disk(disk);
#else
	blk_cleanup_disk(disk);
#endif
}

#define put_disk(disk)	memdisk_backport_put_disk(disk)
#endif

/*
 * 6.11 turned queue flags into limit features, 6.9 made blk_alloc_disk()
 * take the limits (and return an ERR_PTR), 5.14 merged queue and disk
 * allocation. Older kernels get a queue_limits of their own, with the
 * fields the driver sets, and a blk_alloc_disk() that applies it.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
#define BLK_FEAT_NOWAIT		BIT(0)

struct memdisk_backport_queue_limits {
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	unsigned int features;
};

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 14, 0)
/* The queue first: a failure never hands put_disk() a disk without one. */
static inline struct gendisk *memdisk_backport_disk_and_queue(int node)
{
	struct request_queue *q = blk_alloc_queue(node);
	struct gendisk *disk;

	if (!q)
		return NULL;
	disk = alloc_disk_node(0, node);
	if (!disk) {
		blk_cleanup_queue(q);
		return NULL;
	}
	disk->queue = q;
	return disk;
}
#endif

static inline struct gendisk *
memdisk_backport_alloc_disk(const struct memdisk_backport_queue_limits *lim,
			    int node)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	struct queue_limits limits = {
		.logical_block_size = lim->logical_block_size,
		.physical_block_size = lim->physical_block_size,
	};
	struct gendisk *disk = blk_alloc_disk(&limits, node);

	if (IS_ERR(disk))
		return disk;
#else
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
	struct gendisk *disk = blk_alloc_disk(node);
#else
	struct gendisk *disk = memdisk_backport_disk_and_queue(node);
#endif
	if (!disk)
		return ERR_PTR(-ENOMEM);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 15, 0)
	/* the disk's own reference: blk_get_queue() of a new queue */
	kobject_get(&disk->queue->kobj);
#endif
	blk_queue_logical_block_size(disk->queue, lim->logical_block_size);
	blk_queue_physical_block_size(disk->queue, lim->physical_block_size);
#endif
	/* bio-based queues were rotational by default */
	blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
	if (lim->features & BLK_FEAT_NOWAIT)
		blk_queue_flag_set(QUEUE_FLAG_NOWAIT, disk->queue);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 17, 0)
	/* partitions past minors get dynamic numbers, as brd asks */
	disk->flags |= GENHD_FL_EXT_DEVT;
#endif
	return disk;
}

#undef blk_alloc_disk
#define blk_alloc_disk(lim, node)	memdisk_backport_alloc_disk(lim, node)
#define queue_limits			memdisk_backport_queue_limits
#endif

#endif /* MEMDISK_COMPAT_H */
