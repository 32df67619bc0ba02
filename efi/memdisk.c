// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk.efi: the UEFI counterpart of SYSLINUX MEMDISK. It puts a disk or
 * ISO image into reserved memory (streamed through iPXE's download protocol
 * from a URI, or read from the file system iPXE gives a chained program),
 * registers it as a RAM disk (EFI_RAM_DISK_PROTOCOL, or our own BlockIo),
 * makes sure an ACPI NFIT describes it so that the booted Linux finds it as
 * /dev/pmemN, and starts the image's own \EFI\BOOT\BOOTX64.EFI. Any failure
 * undoes it all and returns an error to iPXE. See README.md.
 */
#include "acpi.h"
#include "args.h"
#include "blockio.h"
#include "iso.h"
#include "util.h"

#ifndef MEMDISK_VERSION
#define MEMDISK_VERSION "dev"
#endif

#define MIB (1ull << 20)
#define ALIGN (2 * MIB)		/* as EDK2's own HTTP boot: huge-page friendly */
#define CHUNK (16 * MIB)	/* file reads between progress updates */
#define PROGRESS_MIN (32 * MIB)	/* smaller images load without progress lines */

static const CHAR16 loader_name[] = u"\\EFI\\BOOT\\BOOTX64.EFI";
static const CHAR16 magic_name[] = u"initrd.magic";

struct memdisk {
	EFI_HANDLE image;
	EFI_LOADED_IMAGE *li;
	struct args *a;
	uint64_t size, padded;		/* image bytes; registered bytes (4 KiB multiple) */
	EFI_PHYSICAL_ADDRESS base;
	int cd;
	EFI_RAM_DISK_PROTOCOL *rd;
	EFI_DEVICE_PATH *rd_path;	/* from Register, or our own disk's */
	struct own_disk own;
	struct acpi_state acpi;
	unsigned last_step;		/* progress: the last tenth printed */
};

static struct args args;
static struct memdisk md;

/* --- progress --- */

static void progress(const char *what, uint64_t done, uint64_t total)
{
	unsigned step;

	if (total < PROGRESS_MIN)
		return;
	step = (unsigned)(done * 10 / total);
	if (step == md.last_step && done != total)
		return;
	md.last_step = step;
	say("\rmemdisk.efi: %s %u%% (%u / %u MiB)", what, done * 100 / total, done / MIB,
	    total / MIB);
	if (done == total)
		say("\n");
}

/* --- memory --- */

/* 2 MiB aligned reserved pages for SIZE bytes: allocate more, free the unaligned ends. */
static EFI_STATUS alloc_image(uint64_t size)
{
	uint64_t pages, extra = ALIGN / EFI_PAGE_SIZE, head, tail, aligned;
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st;

	md.size = size;
	md.padded = (size + EFI_PAGE_SIZE - 1) & ~(EFI_PAGE_SIZE - 1);
	pages = md.padded / EFI_PAGE_SIZE;
	st = BS->AllocatePages(AllocateAnyPages, EfiReservedMemoryType, pages + extra, &addr);
	if (EFI_ERROR(st)) {
		say("memdisk.efi: not enough memory: the image needs %u MiB of reserved memory "
		    "(%u bytes, 2 MiB aligned)\n", (md.padded + ALIGN + MIB - 1) / MIB, size);
		return EFI_OUT_OF_RESOURCES;
	}
	aligned = (addr + ALIGN - 1) & ~(ALIGN - 1);
	head = (aligned - addr) / EFI_PAGE_SIZE;
	tail = extra - head;
	if (head)
		BS->FreePages(addr, head);
	if (tail)
		BS->FreePages(aligned + md.padded, tail);
	md.base = aligned;
	return EFI_SUCCESS;
}

static void free_image(void)
{
	if (md.base)
		BS->FreePages(md.base, md.padded / EFI_PAGE_SIZE);
	md.base = 0;
}

static uint8_t *image_ptr(void)
{
	return (uint8_t *)(uintptr_t)md.base;
}

/* --- streaming through iPXE --- */

struct stream {
	uint64_t received;
	EFI_STATUS status;	/* the first error, ours or iPXE's */
	int finished;
	const char *why;	/* our reason to stop, for the message */
};

static EFI_STATUS EFIAPI stream_data(void *ctx, void *buf, UINTN len, UINTN offset)
{
	struct stream *s = ctx;

	if (s->why)		/* we already refused: keep the first reason */
		return s->status;
	if (!len) {		/* a seek: the first one announces the length */
		if (!md.base && offset) {
			if (EFI_ERROR(alloc_image(offset))) {
				s->why = "";
				return s->status = EFI_OUT_OF_RESOURCES;
			}
		}
		return EFI_SUCCESS;
	}
	if (!md.base) {
		s->why = "the server sent no length (Content-Length) before the data";
		return s->status = EFI_PROTOCOL_ERROR;
	}
	if (offset > md.size || len > md.size - offset) {
		s->why = "the server sent more data than it announced";
		return s->status = EFI_BAD_BUFFER_SIZE;
	}
	memcpy(image_ptr() + offset, buf, len);
	if (offset + len > s->received)
		s->received = offset + len;
	progress("downloading", s->received, md.size);
	return EFI_SUCCESS;
}

static void EFIAPI stream_finish(void *ctx, EFI_STATUS status)
{
	struct stream *s = ctx;

	if (!EFI_ERROR(s->status))
		s->status = status;
	s->finished = 1;
}

static EFI_STATUS stream(void)
{
	IPXE_DOWNLOAD_PROTOCOL *dl;
	struct stream s = { .received = 0 };
	void *token;
	EFI_STATUS st;

	st = BS->LocateProtocol(&ipxe_download_guid, NULL, (void **)&dl);
	if (EFI_ERROR(st)) {
		say("memdisk.efi: no iPXE download protocol: a URI works only when iPXE "
		    "starts memdisk.efi\n");
		return st;
	}
	for (int i = 0; i < md.a->nnames; i++)	/* no file system is read: nothing they name */
		say("%s%S%s", i ? " " : "memdisk.efi: note: ignored unknown words: ", md.a->names[i],
		    i + 1 == md.a->nnames ? "\n" : "");
	say("memdisk.efi: streaming %s\n", md.a->uri);
	st = dl->Start(dl, md.a->uri, stream_data, stream_finish, &s, &token);
	if (EFI_ERROR(st)) {
		say("memdisk.efi: iPXE could not open %s: %r\n", md.a->uri, st);
		return st;
	}
	while (!s.finished)
		dl->Poll(dl);
	if (s.why) {
		if (*s.why)
			say("memdisk.efi: %s: %s\n", md.a->uri, s.why);
		return EFI_ERROR(s.status) ? s.status : EFI_ABORTED;
	}
	if (EFI_ERROR(s.status)) {
		say("memdisk.efi: downloading %s failed: %r\n", md.a->uri, s.status);
		return s.status;
	}
	if (!md.base) {
		say("memdisk.efi: %s: the server sent no length (Content-Length), or an empty "
		    "file\n", md.a->uri);
		return EFI_PROTOCOL_ERROR;
	}
	if (s.received != md.size) {
		say("memdisk.efi: %s: got %u of %u bytes\n", md.a->uri, s.received, md.size);
		return EFI_END_OF_FILE;
	}
	return EFI_SUCCESS;
}

/* --- reading a file iPXE exposes --- */

static EFI_FILE_INFO *file_info(EFI_FILE *f)
{
	static uint8_t buf[sizeof(EFI_FILE_INFO) + 2 * (ARGS_MAX_WORD + 1)]
		__attribute__((aligned(8)));
	UINTN size = sizeof(buf);

	if (EFI_ERROR(f->GetInfo(f, &efi_file_info_guid, &size, buf)))
		return NULL;
	return (EFI_FILE_INFO *)buf;
}

static int is_regular(EFI_FILE *root, const CHAR16 *name)
{
	EFI_FILE *f;
	EFI_FILE_INFO *info;
	int ok;

	if (EFI_ERROR(root->Open(root, &f, name, EFI_FILE_MODE_READ, 0)))
		return 0;
	info = file_info(f);
	ok = info && !(info->Attribute & EFI_FILE_DIRECTORY);
	f->Close(f);
	return ok;
}

/* The one regular file in the root that is neither us nor initrd.magic. */
static EFI_STATUS pick_file(EFI_FILE *root, CHAR16 *name)
{
	static uint8_t buf[sizeof(EFI_FILE_INFO) + 2 * (ARGS_MAX_WORD + 1)]
		__attribute__((aligned(8)));
	static CHAR16 others[ARGS_NOTE_LEN + 1];
	size_t on = 0;
	int count = 0;

	others[0] = 0;
	for (;;) {
		EFI_FILE_INFO *info = (EFI_FILE_INFO *)buf;
		UINTN size = sizeof(buf);
		size_t len;

		if (EFI_ERROR(root->Read(root, &size, buf)) || !size)
			break;
		len = ucs2_len(info->FileName);
		if ((info->Attribute & EFI_FILE_DIRECTORY) || len > ARGS_MAX_WORD ||
		    ucs2_eq_nocase(info->FileName, md.a->self) ||
		    ucs2_eq_nocase(info->FileName, magic_name))
			continue;
		if (!count++)
			memcpy(name, info->FileName, 2 * (len + 1));
		if (on + len + 2 < ARGS_NOTE_LEN) {
			if (on)
				others[on++] = ' ';
			memcpy(others + on, info->FileName, 2 * (len + 1));
			on += len;
		}
	}
	if (count == 1)
		return EFI_SUCCESS;
	if (!count)
		say("memdisk.efi: no image: give a URI, or load one with iPXE's initrd (the "
		    "file system holds no file besides %S)\n", md.a->self);
	else
		say("memdisk.efi: %u candidate images (%S): name one on the command line or "
		    "with initrd=NAME\n", (uint64_t)count, others);
	return EFI_NOT_FOUND;
}

/* Which file: initrd=NAME, else the one command-line word naming a file, else pick_file. */
static EFI_STATUS choose_file(EFI_FILE *root, CHAR16 *name)
{
	static CHAR16 unknown[ARGS_NOTE_LEN + 1];
	size_t un = 0;
	int found = 0;

	if (md.a->initrd[0]) {
		memcpy(name, md.a->initrd, sizeof(md.a->initrd));
		return EFI_SUCCESS;
	}
	unknown[0] = 0;
	for (int i = 0; i < md.a->nnames; i++) {
		const CHAR16 *w = md.a->names[i];
		size_t len = ucs2_len(w);

		if (is_regular(root, w)) {
			if (found++) {
				say("memdisk.efi: two words name images (%S, %S): give one\n",
				    name, w);
				return EFI_INVALID_PARAMETER;
			}
			memcpy(name, w, 2 * (len + 1));
		} else if (un + len + 2 < ARGS_NOTE_LEN) {
			if (un)
				unknown[un++] = ' ';
			memcpy(unknown + un, w, 2 * (len + 1));
			un += len;
		}
	}
	if (un)
		say("memdisk.efi: note: ignored unknown words (no such option or file): %S\n",
		    unknown);
	return found ? EFI_SUCCESS : pick_file(root, name);
}

static EFI_STATUS read_file(EFI_FILE *f, const CHAR16 *name)
{
	for (uint64_t done = 0; done < md.size;) {
		UINTN n = md.size - done > CHUNK ? CHUNK : md.size - done;
		EFI_STATUS st = f->Read(f, &n, image_ptr() + done);

		if (EFI_ERROR(st) || !n) {
			say("memdisk.efi: reading %S failed at byte %u: %r\n", name, done,
			    EFI_ERROR(st) ? st : EFI_END_OF_FILE);
			return EFI_ERROR(st) ? st : EFI_END_OF_FILE;
		}
		done += n;
		progress("reading", done, md.size);
	}
	return EFI_SUCCESS;
}

static EFI_STATUS load_file(void)
{
	static CHAR16 name[ARGS_MAX_WORD + 1];
	EFI_SIMPLE_FILE_SYSTEM *fs;
	EFI_FILE *root, *f = NULL;
	EFI_FILE_INFO *info;
	EFI_STATUS st;

	st = BS->HandleProtocol(md.li->DeviceHandle, &efi_sfs_guid, (void **)&fs);
	if (!EFI_ERROR(st))
		st = fs->OpenVolume(fs, &root);
	if (EFI_ERROR(st)) {
		say("memdisk.efi: no file system to read the image from (%r): give a URI, or "
		    "start memdisk.efi from iPXE after `initrd IMAGE`\n", st);
		return st;
	}
	st = choose_file(root, name);
	if (!EFI_ERROR(st)) {
		st = root->Open(root, &f, name, EFI_FILE_MODE_READ, 0);
		if (EFI_ERROR(st))
			say("memdisk.efi: cannot open %S: %r\n", name, st);
	}
	if (!EFI_ERROR(st)) {
		info = file_info(f);
		st = !info ? EFI_DEVICE_ERROR : !info->FileSize ? EFI_INVALID_PARAMETER : 0;
		if (EFI_ERROR(st))
			say("memdisk.efi: %S is empty or its size is unknown\n", name);
	}
	if (!EFI_ERROR(st)) {
		say("memdisk.efi: image %S, %u bytes\n", name, info->FileSize);
		st = alloc_image(info->FileSize);
	}
	if (!EFI_ERROR(st))
		st = read_file(f, name);
	if (f)
		f->Close(f);
	root->Close(root);
	return st;
}

/* --- type and registration --- */

static EFI_STATUS check_type(void)
{
	struct iso_boot boot;
	int rc = iso_check(image_ptr(), md.size, &boot);

	if (md.a->type == ARGS_TYPE_DISK || (md.a->type == ARGS_TYPE_AUTO && rc)) {
		md.cd = 0;
		return EFI_SUCCESS;
	}
	if (rc) {
		say("memdisk.efi: %s\n", iso_strerror(rc));
		return EFI_UNSUPPORTED;
	}
	md.cd = 1;
	say("memdisk.efi: ISO 9660, El Torito EFI boot image at sector %u\n",
	    (uint64_t)boot.efi_lba);
	return EFI_SUCCESS;
}

static EFI_STATUS register_disk(void)
{
	EFI_GUID type;
	EFI_STATUS st;

	ramdisk_type_guid(md.cd, &type);

	if (md.a->ramdisk == ARGS_RAMDISK_AUTO &&
	    !EFI_ERROR(BS->LocateProtocol(&efi_ram_disk_guid, NULL, (void **)&md.rd))) {
		/* No parent: the disk must not hang below iPXE's (virtual) device. */
		st = md.rd->Register(md.base, md.padded, &type, NULL, &md.rd_path);
		if (EFI_ERROR(st)) {
			say("memdisk.efi: the firmware's RAM disk refused the image: %r\n", st);
			md.rd = NULL;
		}
	} else {
		md.rd = NULL;
		st = own_disk_install(&md.own, md.base, md.padded, md.cd);
		if (EFI_ERROR(st))
			say("memdisk.efi: cannot install our RAM disk: %r\n", st);
		else
			md.rd_path = (EFI_DEVICE_PATH *)&md.own.path;
	}
	if (!EFI_ERROR(st))
		say("memdisk.efi: %s at 0x%x, %u bytes (%s)\n", md.cd ? "Virtual CD" : "Virtual Disk",
		    md.base, md.padded,
		    md.rd ? "firmware RAM disk" : "memdisk.efi's own read-only BlockIo");
	return st;
}

/* --- starting the image's loader --- */

static EFI_DEVICE_PATH *loader_path(const EFI_DEVICE_PATH *dev)
{
	size_t n = dp_size(dev), name = sizeof(loader_name);
	size_t node = sizeof(EFI_DEVICE_PATH) + name;
	EFI_DEVICE_PATH *p, *f, *end;

	if (EFI_ERROR(BS->AllocatePool(EfiLoaderData, n + node + sizeof(*end), (void **)&p)))
		return NULL;
	memcpy(p, dev, n);
	f = (EFI_DEVICE_PATH *)((uint8_t *)p + n);
	f->Type = DP_TYPE_MEDIA;
	f->SubType = DP_SUB_FILE_PATH;
	f->Length[0] = (uint8_t)node;
	f->Length[1] = (uint8_t)(node >> 8);
	memcpy(f + 1, loader_name, name);
	end = (EFI_DEVICE_PATH *)((uint8_t *)f + node);
	end->Type = DP_TYPE_END;
	end->SubType = DP_SUB_END_ENTIRE;
	end->Length[0] = sizeof(*end);
	end->Length[1] = 0;
	return p;
}

/* LoadImage the first \EFI\BOOT\BOOTX64.EFI on a file system below our RAM disk. */
static EFI_STATUS load_loader(EFI_HANDLE *child)
{
	EFI_HANDLE *h;
	UINTN n;
	EFI_STATUS st, last = EFI_NOT_FOUND;
	int fs = 0;

	st = BS->LocateHandleBuffer(ByProtocol, &efi_sfs_guid, NULL, &n, &h);
	for (UINTN i = 0; !EFI_ERROR(st) && i < n; i++) {
		EFI_DEVICE_PATH *dev, *path;

		if (EFI_ERROR(BS->HandleProtocol(h[i], &efi_device_path_guid, (void **)&dev)) ||
		    !dp_is_prefix(md.rd_path, dev))
			continue;
		fs++;
		path = loader_path(dev);
		if (!path)
			continue;
		last = BS->LoadImage(0, md.image, path, NULL, 0, child);
		BS->FreePool(path);
		if (!EFI_ERROR(last))
			break;
		if (last == EFI_SECURITY_VIOLATION)
			BS->UnloadImage(*child);	/* loaded, but not to be started */
	}
	if (!EFI_ERROR(st))
		BS->FreePool(h);
	if (!EFI_ERROR(last))
		return EFI_SUCCESS;
	if (!fs)
		say("memdisk.efi: no FAT file system on the RAM disk (%s)\n",
		    md.cd ? "the El Torito EFI image is not FAT" :
			    "no EFI system partition found");
	else if (last == EFI_NOT_FOUND)
		say("memdisk.efi: no %S on the RAM disk's file system%s\n", loader_name,
		    fs > 1 ? "s" : "");
	else
		say("memdisk.efi: the firmware refused %S: %r%s\n", loader_name, last,
		    last == EFI_SECURITY_VIOLATION || last == EFI_ACCESS_DENIED ?
		    " (Secure Boot: it is not signed by a key the firmware trusts)" : "");
	return last;
}

static void wait_key(void)
{
	EFI_INPUT_KEY key;
	UINTN i;

	say("memdisk.efi: press a key to start %S\n", loader_name);
	BS->WaitForEvent(1, &ST->ConIn->WaitForKey, &i);
	ST->ConIn->ReadKeyStroke(ST->ConIn, &key);
}

static EFI_STATUS boot(void)
{
	EFI_HANDLE child;
	EFI_STATUS st = load_loader(&child);

	if (EFI_ERROR(st))
		return st;
	if (md.a->pause)
		wait_key();
	say("memdisk.efi: starting %S\n", loader_name);
	st = BS->StartImage(child, NULL, NULL);
	say("memdisk.efi: %S returned (%r): removing the RAM disk\n", loader_name, st);
	return EFI_ERROR(st) ? st : EFI_ABORTED;
}

/* --- main --- */

static void cleanup(void)
{
	acpi_unpublish(&md.acpi);
	if (md.rd && md.rd_path)
		md.rd->Unregister(md.rd_path);
	own_disk_uninstall(&md.own);
	md.rd = NULL;
	md.rd_path = NULL;
	free_image();
}

static void show_args(void)
{
	const struct args *a = md.a;

	say("memdisk.efi: type %s, ramdisk=%s%s\n",
	    a->type == ARGS_TYPE_CD ? "iso" : a->type == ARGS_TYPE_DISK ? "disk" : "auto",
	    a->ramdisk == ARGS_RAMDISK_OWN ? "own" : "auto", a->pause ? ", pause" : "");
	if (a->uri[0])
		say("memdisk.efi: image from %s\n", a->uri);
	else if (a->initrd[0])
		say("memdisk.efi: image initrd=%S\n", a->initrd);
	if (a->nignored)
		say("memdisk.efi: note: ignored under UEFI (BIOS-only MEMDISK words): %S\n",
		    a->ignored);
}

static EFI_STATUS run(void)
{
	EFI_STATUS st;
	int rc;

	st = BS->HandleProtocol(md.image, &efi_loaded_image_guid, (void **)&md.li);
	if (EFI_ERROR(st)) {
		say("memdisk.efi: no LoadedImage protocol: %r\n", st);
		return st;
	}
	rc = args_parse(md.li->LoadOptions, md.li->LoadOptions ? md.li->LoadOptionsSize : 0,
			md.a);
	if (rc) {
		say("memdisk.efi: %s\n", args_strerror(rc));
		return EFI_INVALID_PARAMETER;
	}
	show_args();
	st = md.a->uri[0] ? stream() : load_file();
	if (EFI_ERROR(st))
		return st;
	memset(image_ptr() + md.size, 0, md.padded - md.size);
	st = check_type();
	if (!EFI_ERROR(st))
		st = register_disk();
	if (EFI_ERROR(st))
		return st;
	acpi_publish(&md.acpi, md.cd ? NFIT_KIND_VCD : NFIT_KIND_VDISK, md.base, md.padded);
	return boot();
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_STATUS status;

	ST = st;
	BS = st->BootServices;
	md.image = image;
	md.a = &args;
	md.last_step = ~0u;
	say("memdisk.efi %s: MEMDISK for UEFI\n", MEMDISK_VERSION);
	status = run();
	cleanup();
	if (EFI_ERROR(status))
		say("memdisk.efi: failed (%r), nothing left registered\n", status);
	return status;
}
