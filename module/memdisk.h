/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMDISK_H
#define MEMDISK_H

#include <linux/blkdev.h>
#include <linux/ioport.h>
#include <linux/types.h>

#include "mbft.h"

#define MEMDISK_NAME	"memdisk"
#define MEMDISK_MINORS	16

/* Where an image comes from: an mBFT found at load, or the region parameter. */
struct memdisk_source {
	u64 phys_addr;
	u64 size;			/* bytes, a multiple of 512 */
	const struct mbft_table *mbft;	/* NULL for the region parameter */
};

struct memdisk {
	struct gendisk *disk;
	/* the whole image mapped write-back; NULL where mapped page by page */
	void *image;
	/* where mapped page by page: a page per probe window, held write-back */
	void **holds;
	unsigned int nr_holds;
	struct resource *claim;		/* our entry in /proc/iomem */
	phys_addr_t phys_addr;
	u64 size;
	bool from_mbft;
	struct mbft_table mbft;		/* valid when from_mbft */
};

struct memdisk *memdisk_create(const struct memdisk_source *src, int major,
			       int index);
int memdisk_add(struct memdisk *md);
void memdisk_free(struct memdisk *md);
void memdisk_destroy(struct memdisk *md);

extern const struct attribute_group *memdisk_attr_groups[];

#endif /* MEMDISK_H */
