# SPDX-License-Identifier: GPL-2.0
# memdisk_blk: out-of-tree module (Kbuild) plus the memdisk-probe tool.

# The running kernel's build tree if it has one, else the newest Debian
# amd64 headers (the test guests boot that same kernel).
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),\
	$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))

.PHONY: all module tool deps check demo bench bench-profile fuzz sparse clean

all: module tool

module:
	@test -n "$(KDIR)" || { echo "no kernel build dir: install linux-headers-amd64 or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tool:
	$(MAKE) -C tools

deps:
	bash tests/install-deps.sh

check: deps
	bash tests/run.sh

demo: deps all
	bash tests/demo.sh

bench: deps all
	bash tests/bench/run.sh

# perf profiles of memdisk_blk and brd reads: what bounds them.
bench-profile: deps all
	bash tests/bench/profile.sh

fuzz: deps
	$(MAKE) -C tests/fuzz fuzz

# sparse over every file of the module, W=1 warnings on.
sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 modules

clean:
	$(if $(KDIR),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(MAKE) -C tools clean
	rm -rf build
