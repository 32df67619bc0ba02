/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few UEFI 2.x definitions memdisk.efi uses, written from the UEFI
 * specification (and, for iPXE's download protocol, from iPXE's
 * documentation of its interface). Only the members we call are typed;
 * the others are placeholders that keep the slots where the spec puts them.
 */
#ifndef MEMDISK_EFI_H
#define MEMDISK_EFI_H

#include <stddef.h>
#include <stdint.h>

#define EFIAPI __attribute__((ms_abi))

typedef uint8_t BOOLEAN;
typedef uint16_t CHAR16;
typedef uint64_t UINTN;
typedef UINTN EFI_STATUS;
typedef void *EFI_HANDLE;
typedef void *EFI_EVENT;
typedef uint64_t EFI_PHYSICAL_ADDRESS;

#define EFI_ERRBIT (1ull << 63)
#define EFI_ERROR(s) (((s) & EFI_ERRBIT) != 0)
#define EFI_SUCCESS 0
#define EFI_LOAD_ERROR (EFI_ERRBIT | 1)
#define EFI_INVALID_PARAMETER (EFI_ERRBIT | 2)
#define EFI_UNSUPPORTED (EFI_ERRBIT | 3)
#define EFI_BAD_BUFFER_SIZE (EFI_ERRBIT | 4)
#define EFI_BUFFER_TOO_SMALL (EFI_ERRBIT | 5)
#define EFI_NOT_READY (EFI_ERRBIT | 6)
#define EFI_DEVICE_ERROR (EFI_ERRBIT | 7)
#define EFI_WRITE_PROTECTED (EFI_ERRBIT | 8)
#define EFI_OUT_OF_RESOURCES (EFI_ERRBIT | 9)
#define EFI_VOLUME_CORRUPTED (EFI_ERRBIT | 10)
#define EFI_NOT_FOUND (EFI_ERRBIT | 14)
#define EFI_MEDIA_CHANGED (EFI_ERRBIT | 13)
#define EFI_ACCESS_DENIED (EFI_ERRBIT | 15)
#define EFI_ABORTED (EFI_ERRBIT | 21)
#define EFI_SECURITY_VIOLATION (EFI_ERRBIT | 26)
#define EFI_END_OF_FILE (EFI_ERRBIT | 31)
#define EFI_PROTOCOL_ERROR (EFI_ERRBIT | 24)

typedef struct {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
} EFI_GUID;

typedef struct {
	uint64_t Signature;
	uint32_t Revision, HeaderSize, CRC32, Reserved;
} EFI_TABLE_HEADER;

/* Memory types and allocation kinds (only those used). */
#define EfiReservedMemoryType 0
#define EfiLoaderData 2
#define AllocateAnyPages 0
#define ByProtocol 2
#define EFI_PAGE_SIZE 4096ull

/* --- Device paths --- */
typedef struct {
	uint8_t Type, SubType, Length[2];
} EFI_DEVICE_PATH;

#define DP_TYPE_MEDIA 4
#define DP_TYPE_END 0x7f
#define DP_SUB_FILE_PATH 4
#define DP_SUB_RAM_DISK 9
#define DP_SUB_END_ENTIRE 0xff

/* MEDIA_RAM_DISK node: 64-bit start and end (inclusive), as two halves each. */
typedef struct __attribute__((packed)) {
	EFI_DEVICE_PATH Header;
	uint32_t Start[2], End[2];
	EFI_GUID Type;
	uint16_t Instance;
} EFI_RAM_DISK_DEVICE_PATH;

/* --- Console --- */
typedef struct EFI_SIMPLE_TEXT_OUTPUT EFI_SIMPLE_TEXT_OUTPUT;
struct EFI_SIMPLE_TEXT_OUTPUT {
	void *Reset;
	EFI_STATUS (EFIAPI *OutputString)(EFI_SIMPLE_TEXT_OUTPUT *This, const CHAR16 *s);
	void *TestString, *QueryMode, *SetMode, *SetAttribute, *ClearScreen;
	void *SetCursorPosition, *EnableCursor, *Mode;
};

typedef struct {
	uint16_t ScanCode;
	CHAR16 UnicodeChar;
} EFI_INPUT_KEY;

typedef struct EFI_SIMPLE_TEXT_INPUT EFI_SIMPLE_TEXT_INPUT;
struct EFI_SIMPLE_TEXT_INPUT {
	void *Reset;
	EFI_STATUS (EFIAPI *ReadKeyStroke)(EFI_SIMPLE_TEXT_INPUT *This, EFI_INPUT_KEY *key);
	EFI_EVENT WaitForKey;
};

/* --- Boot services (UEFI 2.x slot order) --- */
typedef struct {
	EFI_TABLE_HEADER Hdr;
	void *RaiseTPL, *RestoreTPL;
	EFI_STATUS (EFIAPI *AllocatePages)(int type, int mem_type, UINTN pages,
					   EFI_PHYSICAL_ADDRESS *addr);
	EFI_STATUS (EFIAPI *FreePages)(EFI_PHYSICAL_ADDRESS addr, UINTN pages);
	void *GetMemoryMap;
	EFI_STATUS (EFIAPI *AllocatePool)(int mem_type, UINTN size, void **buf);
	EFI_STATUS (EFIAPI *FreePool)(void *buf);
	void *CreateEvent, *SetTimer;
	EFI_STATUS (EFIAPI *WaitForEvent)(UINTN n, EFI_EVENT *events, UINTN *index);
	void *SignalEvent, *CloseEvent, *CheckEvent;
	void *InstallProtocolInterface, *ReinstallProtocolInterface, *UninstallProtocolInterface;
	EFI_STATUS (EFIAPI *HandleProtocol)(EFI_HANDLE h, const EFI_GUID *guid, void **iface);
	void *Reserved, *RegisterProtocolNotify, *LocateHandle, *LocateDevicePath;
	void *InstallConfigurationTable;
	EFI_STATUS (EFIAPI *LoadImage)(BOOLEAN boot_policy, EFI_HANDLE parent, EFI_DEVICE_PATH *path,
				       void *src, UINTN src_size, EFI_HANDLE *image);
	EFI_STATUS (EFIAPI *StartImage)(EFI_HANDLE image, UINTN *exit_size, CHAR16 **exit_data);
	void *Exit;
	EFI_STATUS (EFIAPI *UnloadImage)(EFI_HANDLE image);
	void *ExitBootServices, *GetNextMonotonicCount;
	EFI_STATUS (EFIAPI *Stall)(UINTN usec);
	void *SetWatchdogTimer;
	EFI_STATUS (EFIAPI *ConnectController)(EFI_HANDLE h, EFI_HANDLE *drivers,
					       EFI_DEVICE_PATH *remaining, BOOLEAN recursive);
	EFI_STATUS (EFIAPI *DisconnectController)(EFI_HANDLE h, EFI_HANDLE driver, EFI_HANDLE child);
	void *OpenProtocol, *CloseProtocol, *OpenProtocolInformation, *ProtocolsPerHandle;
	EFI_STATUS (EFIAPI *LocateHandleBuffer)(int search, const EFI_GUID *guid, void *key,
						UINTN *count, EFI_HANDLE **handles);
	EFI_STATUS (EFIAPI *LocateProtocol)(const EFI_GUID *guid, void *reg, void **iface);
	EFI_STATUS (EFIAPI *InstallMultipleProtocolInterfaces)(EFI_HANDLE *h, ...);
	EFI_STATUS (EFIAPI *UninstallMultipleProtocolInterfaces)(EFI_HANDLE h, ...);
	void *CalculateCrc32, *CopyMem, *SetMem, *CreateEventEx;
} EFI_BOOT_SERVICES;

typedef struct {
	EFI_TABLE_HEADER Hdr;
	CHAR16 *FirmwareVendor;
	uint32_t FirmwareRevision;
	EFI_HANDLE ConsoleInHandle;
	EFI_SIMPLE_TEXT_INPUT *ConIn;
	EFI_HANDLE ConsoleOutHandle;
	EFI_SIMPLE_TEXT_OUTPUT *ConOut;
	EFI_HANDLE StandardErrorHandle;
	EFI_SIMPLE_TEXT_OUTPUT *StdErr;
	void *RuntimeServices;
	EFI_BOOT_SERVICES *BootServices;
	UINTN NumberOfTableEntries;
	void *ConfigurationTable;
} EFI_SYSTEM_TABLE;

/* --- Loaded image --- */
typedef struct {
	uint32_t Revision;
	EFI_HANDLE ParentHandle;
	EFI_SYSTEM_TABLE *SystemTable;
	EFI_HANDLE DeviceHandle;
	EFI_DEVICE_PATH *FilePath;
	void *Reserved;
	uint32_t LoadOptionsSize;
	void *LoadOptions;
	void *ImageBase;
	uint64_t ImageSize;
	int ImageCodeType, ImageDataType;
	void *Unload;
} EFI_LOADED_IMAGE;

/* --- Files --- */
typedef struct EFI_FILE EFI_FILE;
struct EFI_FILE {
	uint64_t Revision;
	EFI_STATUS (EFIAPI *Open)(EFI_FILE *This, EFI_FILE **out, const CHAR16 *name,
				  uint64_t mode, uint64_t attr);
	EFI_STATUS (EFIAPI *Close)(EFI_FILE *This);
	void *Delete;
	EFI_STATUS (EFIAPI *Read)(EFI_FILE *This, UINTN *size, void *buf);
	void *Write, *GetPosition, *SetPosition;
	EFI_STATUS (EFIAPI *GetInfo)(EFI_FILE *This, const EFI_GUID *type, UINTN *size, void *buf);
	void *SetInfo, *Flush;
};

#define EFI_FILE_MODE_READ 1ull
#define EFI_FILE_DIRECTORY 0x10ull

typedef struct EFI_SIMPLE_FILE_SYSTEM EFI_SIMPLE_FILE_SYSTEM;
struct EFI_SIMPLE_FILE_SYSTEM {
	uint64_t Revision;
	EFI_STATUS (EFIAPI *OpenVolume)(EFI_SIMPLE_FILE_SYSTEM *This, EFI_FILE **root);
};

typedef struct {
	uint64_t Size, FileSize, PhysicalSize;
	uint8_t CreateTime[16], LastAccessTime[16], ModificationTime[16];
	uint64_t Attribute;
	CHAR16 FileName[];
} EFI_FILE_INFO;

/* --- Block I/O (revision 3 layout) --- */
typedef struct {
	uint32_t MediaId;
	BOOLEAN RemovableMedia, MediaPresent, LogicalPartition, ReadOnly, WriteCaching;
	uint32_t BlockSize, IoAlign;
	uint64_t LastBlock, LowestAlignedLba;
	uint32_t LogicalBlocksPerPhysicalBlock, OptimalTransferLengthGranularity;
} EFI_BLOCK_IO_MEDIA;

typedef struct EFI_BLOCK_IO EFI_BLOCK_IO;
struct EFI_BLOCK_IO {
	uint64_t Revision;
	EFI_BLOCK_IO_MEDIA *Media;
	EFI_STATUS (EFIAPI *Reset)(EFI_BLOCK_IO *This, BOOLEAN extended);
	EFI_STATUS (EFIAPI *ReadBlocks)(EFI_BLOCK_IO *This, uint32_t media, uint64_t lba,
					UINTN size, void *buf);
	EFI_STATUS (EFIAPI *WriteBlocks)(EFI_BLOCK_IO *This, uint32_t media, uint64_t lba,
					 UINTN size, void *buf);
	EFI_STATUS (EFIAPI *FlushBlocks)(EFI_BLOCK_IO *This);
};

#define EFI_BLOCK_IO_REVISION3 0x2001full

/* --- RAM disk (UEFI 2.6) --- */
typedef struct {
	EFI_STATUS (EFIAPI *Register)(uint64_t base, uint64_t size, const EFI_GUID *type,
				      EFI_DEVICE_PATH *parent, EFI_DEVICE_PATH **path);
	EFI_STATUS (EFIAPI *Unregister)(EFI_DEVICE_PATH *path);
} EFI_RAM_DISK_PROTOCOL;

/* --- ACPI (PI spec: table installation, and SDT access for reading) --- */
typedef struct EFI_ACPI_TABLE_PROTOCOL EFI_ACPI_TABLE_PROTOCOL;
struct EFI_ACPI_TABLE_PROTOCOL {
	EFI_STATUS (EFIAPI *InstallAcpiTable)(EFI_ACPI_TABLE_PROTOCOL *This, const void *table,
					      UINTN size, UINTN *key);
	EFI_STATUS (EFIAPI *UninstallAcpiTable)(EFI_ACPI_TABLE_PROTOCOL *This, UINTN key);
};

typedef struct {
	uint32_t AcpiVersion;
	/* Index counts from 0; *table points into the firmware's copy (header first). */
	EFI_STATUS (EFIAPI *GetAcpiTable)(UINTN index, void **table, uint32_t *version,
					  UINTN *key);
	void *RegisterNotify, *Open, *OpenSdt, *Close, *GetChild, *GetOption, *SetOption;
	void *FindPath;
} EFI_ACPI_SDT_PROTOCOL;

/*
 * iPXE's download protocol: Start() opens URL (ASCII) and returns a token;
 * iPXE then calls Data(ctx, buf, len, offset) for each block it receives
 * and, for a seek, with len 0 (an HTTP response announces its
 * Content-Length as a seek to that offset before the body), and finally
 * Finish(ctx, status). Nothing happens unless the caller keeps calling
 * Poll(), which runs one step of iPXE's scheduler. Abort() is valid only
 * before Finish has been called.
 */
typedef struct IPXE_DOWNLOAD_PROTOCOL IPXE_DOWNLOAD_PROTOCOL;
typedef EFI_STATUS (EFIAPI *IPXE_DOWNLOAD_DATA)(void *ctx, void *buf, UINTN len, UINTN offset);
typedef void (EFIAPI *IPXE_DOWNLOAD_FINISH)(void *ctx, EFI_STATUS status);
struct IPXE_DOWNLOAD_PROTOCOL {
	EFI_STATUS (EFIAPI *Start)(IPXE_DOWNLOAD_PROTOCOL *This, char *url,
				   IPXE_DOWNLOAD_DATA data, IPXE_DOWNLOAD_FINISH finish,
				   void *ctx, void **token);
	EFI_STATUS (EFIAPI *Abort)(IPXE_DOWNLOAD_PROTOCOL *This, void *token, EFI_STATUS status);
	EFI_STATUS (EFIAPI *Poll)(IPXE_DOWNLOAD_PROTOCOL *This);
};

/* --- GUIDs (defined in guids.c) --- */
extern const EFI_GUID efi_loaded_image_guid, efi_device_path_guid, efi_sfs_guid;
extern const EFI_GUID efi_file_info_guid, efi_block_io_guid, efi_ram_disk_guid;
extern const EFI_GUID efi_acpi_table_guid, efi_acpi_sdt_guid, ipxe_download_guid;
void ramdisk_type_guid(int cd, EFI_GUID *out);

#endif /* MEMDISK_EFI_H */
