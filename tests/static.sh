#!/bin/bash
# Static checks: static.sh checkpatch|sparse|shellcheck|analyzer
set -eu
cd "$(dirname "$0")/.."

CACHE=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
CHECKPATCH_DIR=$CACHE/checkpatch

# checkpatch.pl and its data files ship only inside Debian's source tarball.
checkpatch_tool() {
	if [ ! -x "$CHECKPATCH_DIR/scripts/checkpatch.pl" ]; then
		mkdir -p "$CHECKPATCH_DIR"
		tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$CHECKPATCH_DIR" \
			--strip-components=1 --wildcards '*/scripts/checkpatch.pl' \
			'*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
	fi
	echo "$CHECKPATCH_DIR/scripts/checkpatch.pl"
}

run_checkpatch() {
	local checkpatch
	checkpatch=$(checkpatch_tool)
	"$checkpatch" --strict --no-tree --quiet -f module/*.c module/memdisk.h \
		module/backport-include/linux/*.h
	# mbft.h defines the kernel's u8..u64 for its userspace builds.
	"$checkpatch" --strict --no-tree --quiet --ignore PREFER_KERNEL_TYPES -f module/mbft.h
	# The compat header exists to test kernel versions; nothing else may.
	# Its ->submit_bio trampoline is a macro that writes declarations.
	"$checkpatch" --strict --no-tree --quiet \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,NEW_TYPEDEFS,DEPRECATED_API \
		--ignore COMPLEX_MACRO,MACRO_ARG_REUSE,MACRO_WITH_FLOW_CONTROL \
		-f module/compat.h
}

# sparse_612: module/ built with W=1 and sparse against the 6.12 amd64
# headers (the kernel the harness's VM_SERIES=6.12 guests boot), afresh in
# build/sparse-ABI: every file is compiled and checked, and the top-level
# build (the host KDIR's) is left alone.
sparse_612() {
	local abi dir
	abi=$(VM_ARCH=amd64 VM_SERIES=6.12 bash -c '. tests/vm/lib.sh && vm_headers_abi')
	if [ -z "$abi" ]; then
		echo "error: no linux-headers-6.12-amd64: run tests/install-deps.sh"
		return 1
	fi
	dir=$PWD/build/sparse-$abi
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r Kbuild module "$dir/"
	echo "sparse, W=1: /usr/src/linux-headers-$abi"
	make -s -C "/usr/src/linux-headers-$abi" M="$dir" W=1 C=2 modules 2>&1
}

# Check every object with sparse and W=1 (C=2 checks even up-to-date
# files) against the host KDIR and the 6.12 headers; any diagnostic fails.
run_sparse() {
	local out
	out=$(make -s sparse 2>&1)
	out+=$'\n'$(sparse_612) || out+=$'\nerror: the 6.12 build failed'
	echo "$out"
	! grep -E 'warning:|error:' <<<"$out"
}

shell_scripts() {
	git ls-files -co --exclude-standard | while read -r f; do
		[ -f "$f" ] || continue
		case "$f" in
		*.sh | .ci/run) echo "$f" ;;
		*) head -n 1 "$f" | grep -qE '^#!.*(/|env )(ba)?sh' && echo "$f" ;;
		esac
	done
}

run_shellcheck() {
	local files
	mapfile -t files < <(shell_scripts)
	echo "shellcheck: ${#files[@]} scripts"
	shellcheck -x "${files[@]}"
}

run_analyzer() {
	local file out=""
	for file in tools/*.c module/mbft.c; do
		out+=$(clang --analyze -Xanalyzer -analyzer-output=text -o /dev/null \
			-Imodule -Iefi "$file" 2>&1) || out+=$'\nerror: clang failed on '"$file"
	done
	# memdisk.efi as it is built: freestanding, for the EFI (PE/COFF) target.
	make -s -C efi ../build/efi/ssdt.h >/dev/null || out+=$'\nerror: iasl failed on efi/ssdt.asl'
	for file in efi/*.c; do
		out+=$(clang --analyze -Xanalyzer -analyzer-output=text -o /dev/null \
			--target=x86_64-unknown-windows -std=c11 -ffreestanding -fshort-wchar \
			-Iefi -Ibuild/efi "$file" 2>&1) || out+=$'\nerror: clang failed on '"$file"
	done
	echo "$out"
	! grep -E 'warning:|error:' <<<"$out"
}

case "${1:-}" in
checkpatch) run_checkpatch ;;
sparse) run_sparse ;;
shellcheck) run_shellcheck ;;
analyzer) run_analyzer ;;
*) echo "usage: $0 checkpatch|sparse|shellcheck|analyzer" >&2; exit 2 ;;
esac
