# SPDX-License-Identifier: GPL-2.0
# memdisk_blk: out-of-tree module (Kbuild) plus the memdisk-probe tool and
# memdisk.efi (efi/, MEMDISK for UEFI).

# The running kernel's build tree if it has one, else the headers of the
# kernel linux-headers-amd64 depends on (Debian 12's own, what the test
# guests boot): never "the newest headers installed", which may be 6.12's.
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),$(addprefix /usr/src/linux-headers-,\
	$(shell VM_ARCH=amd64 VM_SERIES=6.1 bash -c '. tests/vm/lib.sh && vm_headers_abi')))

.PHONY: all module tool efi deps check check-big demo bench bench-profile fuzz sparse compat-check kernel-patch clean

all: module tool efi

module:
	@test -n "$(KDIR)" || { echo "no kernel build dir: install linux-headers-amd64 or set KDIR=" >&2; exit 1; }
	@echo "memdisk_blk.ko for kernel $$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h) (KDIR=$(KDIR))"
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool:
	$(MAKE) -C tools

# memdisk.efi; SB_KEY=key.pem SB_CERT=cert.pem sign it (efi/README.md).
efi:
	$(MAKE) -C efi

deps:
	bash tests/install-deps.sh

check: deps
	bash tests/run.sh

# Not in check: an ISO of over 4 GiB streamed through memdisk.efi (about
# 9 GB of disk, a 9 GiB guest, 5 minutes; tests/vm/README.md).
check-big: deps all
	bash tests/vm/big/run.sh

# The demo builds the module for the kernel its guest boots.
demo: deps tool
	bash tests/demo.sh

bench: deps all
	bash tests/bench/run.sh
	bash tests/bench/uefi.sh

# perf profiles of memdisk_blk and brd reads: what bounds them.
bench-profile: deps all
	bash tests/bench/profile.sh

fuzz: deps
	$(MAKE) -C tests/fuzz fuzz

# sparse over every file of the module, W=1 warnings on.
sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 modules

# By hand, not in check: module/ against every tree tests/compat-trees.sh made.
compat-check:
	bash tests/compat-build.sh

# The in-tree series (git format-patch) in build/kernel-patch/, against
# Debian's linux-source-6.12 or KSRC= (a kernel git tree).
kernel-patch: deps
	bash kernel/mkpatch.sh

clean:
	$(if $(KDIR),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(MAKE) -C tools clean
	$(MAKE) -C efi clean
	rm -rf build
