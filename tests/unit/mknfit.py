#!/usr/bin/env python3
# mknfit.py OUT KIND:BASE:LENGTH[:INDEX]...: an ACPI NFIT with one SPA Range
# structure per argument (ACPI 6.1 layout, 56 bytes), checksummed, for
# memdisk-probe's tests. KIND: vcd vdisk pcd pdisk pm volatile, or a GUID.
import struct
import sys
import uuid

KINDS = {
    "volatile": "7305944f-fdda-44e3-b16c-3f22d252e5d0",
    "pm": "66f0d379-b4f3-4074-ac43-0d3318b78cdb",
    "vdisk": "77ab535a-45fc-624b-5560-f7b281d1f96e",
    "vcd": "3d5abd30-4175-87ce-6d64-d2ade523c4bb",
    "pdisk": "5cea02c9-4d07-69d3-269f-4496fbe096f9",
    "pcd": "08018188-42cd-bb48-100f-5387d53ded3d",
}

body = b""
for arg in sys.argv[2:]:
    kind, base, length, *index = arg.split(":")
    guid = uuid.UUID(KINDS.get(kind, kind)).bytes_le
    body += struct.pack("<HHHHII16sQQQ", 0, 56, int(index[0]) if index else 0, 0, 0, 0,
                        guid, int(base, 0), int(length, 0), 0)
table = bytearray(struct.pack("<4sIBB6s8sI4sI4x", b"NFIT", 40 + len(body), 1, 0,
                              b"MDTEST", b"MDTEST  ", 1, b"MDT ", 1) + body)
table[9] = -sum(table) & 0xFF
with open(sys.argv[1], "wb") as f:
    f.write(table)
