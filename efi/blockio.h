/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our own read-only RAM disk, where the firmware has no EFI_RAM_DISK_PROTOCOL
 * (or the operator asked for it with ramdisk=own): a BlockIo of 512-byte
 * blocks over the reserved pages and a MEDIA_RAM_DISK device path, on a
 * new handle, connected recursively so partition and FAT drivers attach.
 */
#ifndef MEMDISK_BLOCKIO_H
#define MEMDISK_BLOCKIO_H

#include "efi.h"

struct own_disk {
	EFI_BLOCK_IO bio;		/* first: ReadBlocks finds the disk from This */
	EFI_BLOCK_IO_MEDIA media;
	struct __attribute__((packed)) {
		EFI_RAM_DISK_DEVICE_PATH node;
		EFI_DEVICE_PATH end;
	} path;
	EFI_HANDLE handle;
	uint64_t base, size;
};

EFI_STATUS own_disk_install(struct own_disk *d, uint64_t base, uint64_t size, int cd);
void own_disk_uninstall(struct own_disk *d);

#endif /* MEMDISK_BLOCKIO_H */
