// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/block/memdiskN/memdisk/: where the image came from. Physical
 * addresses are root-only, as in /proc/iomem.
 */
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/sysfs.h>

#include "memdisk.h"

static struct memdisk *dev_to_memdisk(struct device *dev)
{
	return dev_to_disk(dev)->private_data;
}

static ssize_t phys_addr_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", (u64)dev_to_memdisk(dev)->phys_addr);
}
static DEVICE_ATTR_ADMIN_RO(phys_addr);

static ssize_t image_size_show(struct device *dev, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "%llu\n", dev_to_memdisk(dev)->size);
}
static DEVICE_ATTR_RO(image_size);

static ssize_t source_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", dev_to_memdisk(dev)->from_mbft ? "mbft" : "region");
}
static DEVICE_ATTR_RO(source);

static ssize_t mbft_addr_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "0x%x\n", dev_to_memdisk(dev)->mbft.addr);
}
static DEVICE_ATTR_ADMIN_RO(mbft_addr);

static ssize_t sector_size_show(struct device *dev, struct device_attribute *attr,
				char *buf)
{
	return sysfs_emit(buf, "%u\n", 1U << dev_to_memdisk(dev)->mbft.sector_shift);
}
static DEVICE_ATTR_RO(sector_size);

static ssize_t version_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	const struct mbft_table *mbft = &dev_to_memdisk(dev)->mbft;

	return sysfs_emit(buf, "%u.%02u\n", mbft->version_major, mbft->version_minor);
}
static DEVICE_ATTR_RO(version);

static ssize_t bootloader_id_show(struct device *dev, struct device_attribute *attr,
				  char *buf)
{
	return sysfs_emit(buf, "0x%02x\n", dev_to_memdisk(dev)->mbft.bootloader_id);
}
static DEVICE_ATTR_RO(bootloader_id);

static ssize_t cmdline_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", dev_to_memdisk(dev)->mbft.cmdline);
}
static DEVICE_ATTR_RO(cmdline);

/* Entries from MEMDISK_FIRST_MBFT_ATTR on exist only for an mBFT image. */
#define MEMDISK_FIRST_MBFT_ATTR	3

static struct attribute *memdisk_attrs[] = {
	&dev_attr_phys_addr.attr,
	&dev_attr_image_size.attr,
	&dev_attr_source.attr,
	&dev_attr_mbft_addr.attr,
	&dev_attr_sector_size.attr,
	&dev_attr_version.attr,
	&dev_attr_bootloader_id.attr,
	&dev_attr_cmdline.attr,
	NULL
};

/* A region given by parameter has no mBFT: hide what only a table tells. */
static umode_t memdisk_attr_visible(struct kobject *kobj, struct attribute *attr,
				    int index)
{
	struct memdisk *md = dev_to_memdisk(kobj_to_dev(kobj));

	if (!md->from_mbft && index >= MEMDISK_FIRST_MBFT_ATTR)
		return 0;
	return attr->mode;
}

static const struct attribute_group memdisk_attr_group = {
	.name = "memdisk",
	.attrs = memdisk_attrs,
	.is_visible = memdisk_attr_visible,
};

const struct attribute_group *memdisk_attr_groups[] = {
	&memdisk_attr_group,
	NULL
};
