#!/bin/bash
# make kernel-patch: the in-tree series, made mechanically from module/:
# the driver files go to drivers/block/memdisk/ as they are, without the
# out-of-tree layer (compat.h, compat.c, backport-include/) and with the
# userspace half of mbft.[ch] cut out by unifdef; kernel/ adds Kconfig,
# Makefile, documentation, ABI and MAINTAINERS. Written with
# git format-patch and a cover letter to build/kernel-patch/.
#
#   KSRC=DIR  a kernel git tree whose HEAD is the base (default: Debian's
#             linux-source-6.12, committed once into a cached git tree)
#   OUT=DIR   where the series goes (default build/kernel-patch)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
out=${OUT:-$top/build/kernel-patch}
dest=drivers/block/memdisk
# The project's own identity, as on its commits.
ident=$(git -C "$top" var GIT_AUTHOR_IDENT | sed 's/ [0-9]* [-+][0-9]*$//')
ident_name=${ident% <*}
ident_email=${ident##*<}
ident_email=${ident_email%>}

# debian_tree: prints a git tree of Debian's linux-source-6.12 (one commit),
# made once per package version under $cache/kernel-git/.
debian_tree() {
	local version dir tmp
	version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	dir=$cache/kernel-git/linux-source-6.12_$version
	if [ ! -d "$dir/.git" ]; then
		echo "kernel-patch: unpacking linux-source-6.12 $version into a git tree (once)" >&2
		mkdir -p "$cache/kernel-git"
		tmp=$(mktemp -d "$dir.tmp.XXXXXX")
		tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$tmp" --strip-components=1
		git -C "$tmp" init -q >&2
		# Debian's .gitignore ignores the whole top level: take every file.
		git -C "$tmp" add -A -f
		git -C "$tmp" -c user.name=Debian -c user.email=debian-kernel@lists.debian.org \
			commit -q -m "Debian linux-source-6.12 $version"
		mv -T "$tmp" "$dir"
	fi
	echo "$dir"
}

# commit SUBJECT BODY: one patch of the series, as the project.
commit() {
	git -C "$work" add -A -f
	git -C "$work" -c user.name="$ident_name" -c user.email="$ident_email" \
		commit -q -s -m "$1" -m "$2"
}

# insert_after FILE ANCHOR TEXTFILE: TEXTFILE's lines after the first
# line that is exactly ANCHOR.
insert_after() {
	python3 - "$@" <<'PY'
import sys
path, anchor, text = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
lines = open(path).read().split('\n')
i = lines.index(anchor)
open(path, 'w').write('\n'.join(lines[:i + 1] + text.rstrip('\n').split('\n') + lines[i + 1:]))
PY
}

# insert_sorted_section FILE TEXTFILE: a MAINTAINERS entry where its title
# sorts among the others.
insert_sorted_section() {
	python3 - "$@" <<'PY'
import sys
path, entry = sys.argv[1], open(sys.argv[2]).read().rstrip('\n')
text = open(path).read()
head, _, body = text.partition('\n\n3C59X NETWORK DRIVER\n')
sections = ('3C59X NETWORK DRIVER\n' + body).split('\n\n')
title = entry.split('\n')[0]
i = next(n for n, s in enumerate(sections) if s.split('\n')[0] > title)
sections.insert(i, entry)
open(path, 'w').write(head + '\n\n' + '\n\n'.join(sections))
PY
}

driver_patch() {
	local f
	mkdir -p "$work/$dest"
	for f in main.c disk.c sysfs.c memdisk.h; do
		cp "$top/module/$f" "$work/$dest/"
	done
	# unifdef exits 1 when it changed something.
	for f in mbft.c mbft.h; do
		unifdef -D__KERNEL__ -o "$work/$dest/$f" "$top/module/$f" || [ $? -eq 1 ]
	done
	cp "$top/kernel/Kconfig" "$top/kernel/Makefile" "$work/$dest/"
	insert_after "$work/drivers/block/Kconfig" 'source "drivers/block/null_blk/Kconfig"' \
		<(printf '\nsource "drivers/block/memdisk/Kconfig"\n')
	# shellcheck disable=SC2016 # make's $(...), not the shell's
	insert_after "$work/drivers/block/Makefile" 'obj-$(CONFIG_BLK_DEV_NULL_BLK)	+= null_blk/' \
		<(echo 'obj-$(CONFIG_BLK_DEV_MEMDISK)	+= memdisk/')
	sed -e "s|@IDENT@|$ident|" -e '/^F:	Documentation/d' "$top/kernel/MAINTAINERS.entry" >"$tmpfile"
	insert_sorted_section "$work/MAINTAINERS" "$tmpfile"
	commit "block: add memdisk_blk, for images booted through SYSLINUX MEMDISK" \
		"$(sed -n '3,/^$/p' "$top/kernel/cover-letter.txt")

The driver scans low memory for MEMDISK's tables (mBFT), validates each
one and its image's range, claims and maps the range, and registers a
read-only, bio-based disk per image: /dev/memdiskN, with partitions.
Parameters: autoprobe (default on) and region=ADDR,SIZE (phram syntax,
refused under lockdown)."
}

docs_patch() {
	local guide=Documentation/admin-guide
	cp "$top/kernel/memdisk.rst" "$work/$guide/blockdev/memdisk.rst"
	insert_after "$work/$guide/blockdev/index.rst" '   ramdisk' <(echo '   memdisk')
	insert_after "$work/$guide/kernel-parameters.txt" \
		$'\tmemblock=debug\t[KNL,EARLY] Enable memblock debug messages.' \
		<(printf '\n'; sed '$d' "$top/kernel/parameters.txt")
	cp "$top/kernel/sysfs-block-memdisk" "$work/Documentation/ABI/testing/"
	grep '^F:	Documentation' "$top/kernel/MAINTAINERS.entry" >"$tmpfile"
	insert_after "$work/MAINTAINERS" 'L:	linux-block@vger.kernel.org' "$tmpfile"
	commit "Documentation: document memdisk_blk, its parameters and sysfs attributes" \
		"What MEMDISK is, how memdisk_blk finds and checks its images, the
device it makes, its two parameters (also in kernel-parameters.txt) and
its sysfs attributes (Documentation/ABI/testing/sysfs-block-memdisk)."
}

base=${KSRC:-$(debian_tree)}
work=$(mktemp -d)
tmpfile=$(mktemp)
trap 'git -C "$base" worktree remove --force "$work" 2>/dev/null; rm -rf "$work" "$tmpfile"' EXIT
git -C "$base" worktree add -q --detach "$work" HEAD
driver_patch
docs_patch
rm -rf "$out"
git -C "$work" format-patch -q --cover-letter -o "$out" HEAD~2
python3 - "$out"/0000-cover-letter.patch "$top/kernel/cover-letter.txt" <<'PY'
import sys
path, letter = sys.argv[1], open(sys.argv[2]).read().rstrip('\n')
subject, _, blurb = letter.partition('\n\n')
text = open(path).read()
text = text.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***', blurb)
open(path, 'w').write(text)
PY
echo "kernel-patch: $(find "$out" -name '*.patch' | wc -l) files in $out, against $(git -C "$base" log -1 --format=%s)"
