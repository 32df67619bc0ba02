#!/bin/sh
# dracut pre-udev hook (sourced by dracut's init): load memdisk_blk. The
# loader runs as its own process, so its exit cannot end init.
/usr/lib/memdisk_blk/memdisk-load
