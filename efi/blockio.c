// SPDX-License-Identifier: GPL-2.0
/* Our own read-only RAM disk BlockIo: see blockio.h. */
#include "blockio.h"
#include "util.h"

#define BLOCK 512

static EFI_STATUS EFIAPI reset(EFI_BLOCK_IO *This, BOOLEAN extended)
{
	(void)This;
	(void)extended;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI read_blocks(EFI_BLOCK_IO *This, uint32_t media, uint64_t lba,
				     UINTN size, void *buf)
{
	struct own_disk *d = (struct own_disk *)This;

	if (media != d->media.MediaId)
		return EFI_MEDIA_CHANGED;
	if (!buf)
		return EFI_INVALID_PARAMETER;
	if (size % BLOCK)
		return EFI_BAD_BUFFER_SIZE;
	if (lba > d->media.LastBlock || size > d->size - lba * BLOCK)
		return EFI_INVALID_PARAMETER;
	memcpy(buf, (const uint8_t *)(uintptr_t)d->base + lba * BLOCK, size);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI write_blocks(EFI_BLOCK_IO *This, uint32_t media, uint64_t lba,
				      UINTN size, void *buf)
{
	(void)This;
	(void)media;
	(void)lba;
	(void)size;
	(void)buf;
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI flush_blocks(EFI_BLOCK_IO *This)
{
	(void)This;
	return EFI_SUCCESS;
}

EFI_STATUS own_disk_install(struct own_disk *d, uint64_t base, uint64_t size, int cd)
{
	uint64_t end = base + size - 1;
	EFI_STATUS st;

	memset(d, 0, sizeof(*d));
	d->base = base;
	d->size = size;
	d->media.MediaId = 0x4d444b31;	/* "MDK1": any constant, the media never changes */
	d->media.MediaPresent = 1;
	d->media.ReadOnly = 1;
	d->media.BlockSize = BLOCK;
	d->media.IoAlign = 0;
	d->media.LastBlock = size / BLOCK - 1;
	d->media.LogicalBlocksPerPhysicalBlock = 1;
	d->bio.Revision = EFI_BLOCK_IO_REVISION3;
	d->bio.Media = &d->media;
	d->bio.Reset = reset;
	d->bio.ReadBlocks = read_blocks;
	d->bio.WriteBlocks = write_blocks;
	d->bio.FlushBlocks = flush_blocks;
	d->path.node.Header.Type = DP_TYPE_MEDIA;
	d->path.node.Header.SubType = DP_SUB_RAM_DISK;
	d->path.node.Header.Length[0] = sizeof(d->path.node);
	d->path.node.Start[0] = (uint32_t)base;
	d->path.node.Start[1] = (uint32_t)(base >> 32);
	d->path.node.End[0] = (uint32_t)end;
	d->path.node.End[1] = (uint32_t)(end >> 32);
	ramdisk_type_guid(cd, &d->path.node.Type);
	d->path.end.Type = DP_TYPE_END;
	d->path.end.SubType = DP_SUB_END_ENTIRE;
	d->path.end.Length[0] = sizeof(d->path.end);
	st = BS->InstallMultipleProtocolInterfaces(&d->handle, &efi_block_io_guid, &d->bio,
						   &efi_device_path_guid, &d->path, NULL);
	if (EFI_ERROR(st))
		return st;
	BS->ConnectController(d->handle, NULL, NULL, 1);
	return EFI_SUCCESS;
}

void own_disk_uninstall(struct own_disk *d)
{
	if (!d->handle)
		return;
	BS->DisconnectController(d->handle, NULL, NULL);
	BS->UninstallMultipleProtocolInterfaces(d->handle, &efi_block_io_guid, &d->bio,
						&efi_device_path_guid, &d->path, NULL);
	d->handle = NULL;
}
