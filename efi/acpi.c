// SPDX-License-Identifier: GPL-2.0
/* NFIT / ACPI0012 SSDT check and publication: see acpi.h. */
#include "acpi.h"
#include "util.h"

/* efi/ssdt.asl compiled by iasl (the build makes ssdt.h from its AML). */
#include "ssdt.h"

#define SDT_LEN_OFF 4

static uint32_t table_len(const uint8_t *t)
{
	return (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 |
	       (uint32_t)t[7] << 24;
}

static int has(const uint8_t *t, uint32_t len, const char *s, uint32_t n)
{
	for (uint32_t i = 0; i + n <= len; i++)
		if (!memcmp(t + i, s, n))
			return 1;
	return 0;
}

struct found {
	uint8_t *nfit;		/* the first NFIT (Linux reads only that one) */
	UINTN nfit_key;
	int nfits, nvdimm_root;	/* how many NFITs; an ACPI0012 in some DSDT/SSDT */
	int fit;		/* such a table also names a _FIT method */
};

static void scan(EFI_ACPI_SDT_PROTOCOL *sdt, struct found *f)
{
	for (UINTN i = 0;; i++) {
		void *t;
		uint32_t version;
		UINTN key;

		if (EFI_ERROR(sdt->GetAcpiTable(i, &t, &version, &key)))
			return;
		if (!memcmp(t, "NFIT", 4)) {
			if (!f->nfits++) {
				f->nfit = t;
				f->nfit_key = key;
			}
		} else if ((!memcmp(t, "DSDT", 4) || !memcmp(t, "SSDT", 4)) &&
			   has(t, table_len(t), "ACPI0012", 8)) {
			f->nvdimm_root = 1;
			f->fit |= has(t, table_len(t), "_FIT", 4);
		}
	}
}

static EFI_STATUS install(struct acpi_state *s, const void *t, UINTN len, UINTN *key)
{
	return s->table->InstallAcpiTable(s->table, t, len, key);
}

/* Replace the firmware's NFIT by a copy with one more SPA. */
static EFI_STATUS append(struct acpi_state *s, const struct found *f, enum nfit_kind kind,
			 uint64_t base, uint64_t size)
{
	UINTN len = table_len(f->nfit);
	uint8_t *copy;
	int64_t n;
	EFI_STATUS st;

	st = BS->AllocatePool(EfiLoaderData, len + NFIT_SPA_LEN, (void **)&copy);
	if (EFI_ERROR(st))
		return st;
	n = nfit_append_spa(copy, len + NFIT_SPA_LEN, f->nfit, len, kind, base, size);
	if (n < 0) {
		say("memdisk.efi: the firmware's NFIT is invalid (%s)\n", nfit_strerror((int)n));
		BS->FreePool(copy);
		return EFI_VOLUME_CORRUPTED;
	}
	st = BS->AllocatePool(EfiLoaderData, len, (void **)&s->old_nfit);
	if (!EFI_ERROR(st)) {
		memcpy(s->old_nfit, f->nfit, len);
		s->old_nfit_len = len;
		st = s->table->UninstallAcpiTable(s->table, f->nfit_key);
	}
	if (!EFI_ERROR(st)) {
		st = install(s, copy, (UINTN)n, &s->nfit_key);
		if (EFI_ERROR(st))
			install(s, s->old_nfit, len, &s->nfit_key);	/* put it back */
	}
	BS->FreePool(copy);
	if (EFI_ERROR(st)) {
		if (s->old_nfit)
			BS->FreePool(s->old_nfit);
		s->old_nfit = NULL;
		return st;
	}
	s->nfit_installed = 1;
	say("memdisk.efi: added the RAM disk to the firmware's NFIT\n");
	return EFI_SUCCESS;
}

/* No NFIT at all: an SSDT with the ACPI0012 root (unless one exists) and a fresh NFIT. */
static EFI_STATUS fresh(struct acpi_state *s, const struct found *f, enum nfit_kind kind,
			uint64_t base, uint64_t size)
{
	uint8_t nfit[NFIT_HEADER_LEN + NFIT_SPA_LEN];
	int64_t n = nfit_build(nfit, sizeof(nfit), kind, base, size);
	EFI_STATUS st;

	if (n < 0)
		return EFI_INVALID_PARAMETER;
	if (!f->nvdimm_root) {
		st = install(s, memdisk_ssdt, sizeof(memdisk_ssdt), &s->ssdt_key);
		if (EFI_ERROR(st))
			return st;
		s->ssdt_installed = 1;
	}
	st = install(s, nfit, (UINTN)n, &s->nfit_key);
	if (EFI_ERROR(st))
		return st;
	s->nfit_installed = 1;
	say("memdisk.efi: published an NFIT%s for the RAM disk\n",
	    s->ssdt_installed ? " and an ACPI0012 SSDT" : "");
	return EFI_SUCCESS;
}

EFI_STATUS acpi_publish(struct acpi_state *s, enum nfit_kind kind, uint64_t base, uint64_t size)
{
	EFI_ACPI_SDT_PROTOCOL *sdt;
	struct found f = { .nfits = 0 };
	EFI_STATUS st;

	if (EFI_ERROR(BS->LocateProtocol(&efi_acpi_sdt_guid, NULL, (void **)&sdt)) ||
	    EFI_ERROR(BS->LocateProtocol(&efi_acpi_table_guid, NULL, (void **)&s->table))) {
		say("memdisk.efi: the firmware has no ACPI table protocols: the booted OS "
		    "will not find the RAM disk\n");
		return EFI_UNSUPPORTED;
	}
	scan(sdt, &f);
	if (f.fit)
		say("memdisk.efi: warning: the firmware's NVDIMM root device has a _FIT method; "
		    "Linux reads it instead of the NFIT table and may not see the RAM disk\n");
	if (f.nfit) {
		int c = nfit_covers(f.nfit, table_len(f.nfit), base, size);

		if (c == 1) {
			say("memdisk.efi: the firmware's NFIT describes the RAM disk\n");
			return EFI_SUCCESS;
		}
		if (c < 0) {
			say("memdisk.efi: the firmware's NFIT is invalid (%s)\n", nfit_strerror(c));
			return EFI_VOLUME_CORRUPTED;
		}
		st = append(s, &f, kind, base, size);
	} else {
		st = fresh(s, &f, kind, base, size);
	}
	if (EFI_ERROR(st)) {
		say("memdisk.efi: could not publish the NFIT: %r\n", st);
		acpi_unpublish(s);
	}
	return st;
}

void acpi_unpublish(struct acpi_state *s)
{
	UINTN key;

	if (s->nfit_installed)
		s->table->UninstallAcpiTable(s->table, s->nfit_key);
	s->nfit_installed = 0;
	if (s->old_nfit) {
		install(s, s->old_nfit, s->old_nfit_len, &key);
		BS->FreePool(s->old_nfit);
		s->old_nfit = NULL;
	}
	if (s->ssdt_installed)
		s->table->UninstallAcpiTable(s->table, s->ssdt_key);
	s->ssdt_installed = 0;
}
