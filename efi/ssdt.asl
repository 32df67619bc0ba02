/*
 * SPDX-License-Identifier: GPL-2.0
 * The ACPI0012 NVDIMM root device Linux's nfit driver binds to. memdisk.efi
 * installs it only when the firmware has no NFIT and no ACPI0012 device of
 * its own, together with a fresh NFIT (EDK2's RamDiskDxe does the same).
 */
DefinitionBlock ("ssdt.aml", "SSDT", 2, "MEMDSK", "MEMDISK ", 0x00000001)
{
    Scope (\_SB)
    {
        Device (MDNV)
        {
            Name (_HID, "ACPI0012")
            Name (_STA, 0x0F)
        }
    }
}
