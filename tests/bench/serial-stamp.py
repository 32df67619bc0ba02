#!/usr/bin/python3
"""serial-stamp FIFO LOG: copies a guest's serial console from FIFO (QEMU's
-serial file:FIFO) to LOG as it is, and each line to LOG.ts prefixed with the
host's time of its arrival (seconds since the reader started, monotonic), so
that boot phases are timed outside the guest, whose clock under TCG is no
measure. Ends when QEMU closes the FIFO."""
import os
import sys
import time


def main():
    fifo, log_path = sys.argv[1:3]
    start = time.monotonic()
    src = os.open(fifo, os.O_RDONLY)
    pending = b""
    with open(log_path, "wb") as log, open(log_path + ".ts", "wb") as stamped:
        while True:
            chunk = os.read(src, 65536)
            if not chunk:
                break
            now = time.monotonic() - start
            log.write(chunk)
            log.flush()
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            for line in lines:
                stamped.write(b"%.3f %s\n" % (now, line.rstrip(b"\r")))
        if pending:
            stamped.write(b"%.3f %s\n" % (time.monotonic() - start, pending))


if __name__ == "__main__":
    main()
