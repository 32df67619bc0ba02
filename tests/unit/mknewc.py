#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mknewc.py ENTRY...: a newc cpio archive on stdout, entries as given,
for the crafted initrds of the tests (names with control characters,
device nodes, links GNU cpio would not write). Each ENTRY is
TYPE=NAME[=VALUE], backslash escapes decoded in NAME and VALUE:
  dir=NAME  file=NAME=CONTENT  link=NAME=TARGET  chr=NAME  blk=NAME
  fifo=NAME  sock=NAME  hard=NAME1=NAME2=CONTENT (one file, two names)
  zerofile=NAME=SIZE (SIZE zero bytes)
"""
import struct
import sys

TYPES = {"dir": 0o040755, "file": 0o100644, "link": 0o120777, "chr": 0o020644,
         "blk": 0o060644, "fifo": 0o010644, "sock": 0o140644}


def header(ino, mode, nlink, name, size, rdev=(0, 0)):
    fields = (ino, mode, 0, 0, nlink, 0, size, 0, 0, rdev[0], rdev[1], len(name) + 1, 0)
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def entry(ino, mode, nlink, name, data=b"", rdev=(0, 0)):
    out = header(ino, mode, nlink, name, len(data), rdev) + name + b"\0"
    out += b"\0" * (-len(out) % 4) + data
    return out + b"\0" * (-len(out) % 4)


def decode(text):
    return text.encode("latin-1").decode("unicode_escape").encode("latin-1")


def main():
    out = b""
    for ino, arg in enumerate(sys.argv[1:], start=1):
        kind, _, rest = arg.partition("=")
        parts = [decode(p) for p in rest.split("=")]
        if kind == "hard":
            out += entry(ino, TYPES["file"], 2, parts[0])
            out += entry(ino, TYPES["file"], 2, parts[1], parts[2])
        elif kind == "zerofile":
            out += entry(ino, TYPES["file"], 1, parts[0], b"\0" * int(parts[1]))
        else:
            data = parts[1] if len(parts) > 1 else b""
            rdev = (1, 3) if kind in ("chr", "blk") else (0, 0)
            out += entry(ino, TYPES[kind], 1, parts[0], data, rdev)
    out += entry(0, 0, 1, b"TRAILER!!!")
    sys.stdout.buffer.write(out + b"\0" * (-len(out) % 512))


if __name__ == "__main__":
    main()
