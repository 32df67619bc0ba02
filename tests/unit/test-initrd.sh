#!/bin/bash
# memdisk-initrd on initrds built here: every compression the kernel
# reads, with and without zero padding after the stream, after an early
# archive of one 512-byte block; later archives through an earlier one's
# links (merged /usr); hard links; and crafted archives that try to write
# outside the tree (through a link to HOME spelled d/./l, d//l, a name
# with a newline, "..", an absolute link), device nodes and FIFOs, and a
# small stream that decompresses past the limit. Run as root and, where
# the machine has the user, as nobody: nothing may appear outside the
# tree or in HOME, nothing may hang (timeout), a refusal exits 1 with one
# message line. Usage: test-initrd.sh MEMDISK-INITRD WORKDIR.
set -u
tool=$(realpath "$1")
work=$2
mknewc=$(realpath "$(dirname "$0")/mknewc.py")
# shellcheck source=tests/unit/testlib.sh
. "$(dirname "$0")/testlib.sh"
rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")
chmod 755 "$work"

# A tree as the initramfs tools write it: merged /usr, a hard link.
src=$work/src
mkdir -p "$src/usr/lib/modules/6.1.0-1-amd64/kernel" "$src/usr/bin"
ln -s usr/lib "$src/lib"
ln -s usr/bin "$src/bin"
printf '#!/bin/sh\n' >"$src/init"
chmod 755 "$src/init"
echo module >"$src/usr/lib/modules/6.1.0-1-amd64/kernel/a.ko"
ln "$src/usr/lib/modules/6.1.0-1-amd64/kernel/a.ko" "$src/usr/lib/modules/6.1.0-1-amd64/kernel/b.ko"
(cd "$src" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$work/main.cpio"
"$mknewc" file=kernel/x86/microcode/GenuineIntel.bin=UCODE >"$work/early.cpio"

# listing DIR: what a tree holds (type, mode, path, link target).
listing() {
	(cd "$1" && find . -mindepth 1 -printf '%y %m %p %l\n' | LC_ALL=C sort)
}

# unpack NAME INITRD [ARG...]: the tool as ${as_user[@]} into a fresh tree
# $work/NAME.tree; output in NAME.out, NAME.err, status in $status.
as_user=()
unpack() {
	local name=$1 initrd=$2
	shift 2
	rm -rf "$work/$name.tree"
	mkdir "$work/$name.tree"
	[ ${#as_user[@]} -eq 0 ] || chown nobody: "$work/$name.tree"
	status=0
	timeout 60 "${as_user[@]}" "$tool" "$@" "$work/$name.tree" "$initrd" \
		>"$work/$name.out" 2>"$work/$name.err" || status=$?
}

# unpacks NAME INITRD COMPRESSION: it unpacks to what the source tree
# holds (plus the microcode), naming COMPRESSION.
unpacks() {
	unpack "$1" "$2"
	[ "$status" -eq 0 ] || { echo "  status $status: $(cat "$work/$1.err")"; return 1; }
	[ "$(cat "$work/$1.out")" = "$3" ] || { echo "  said '$(cat "$work/$1.out")', not $3"; return 1; }
	diff <({ listing "$src" && printf '%s \n' 'd 700 ./kernel' 'd 700 ./kernel/x86' 'd 700 ./kernel/x86/microcode' \
		'f 644 ./kernel/x86/microcode/GenuineIntel.bin'; } | LC_ALL=C sort) <(listing "$work/$1.tree") >"$work/$1.diff" ||
		{ sed 's/^/  /' "$work/$1.diff"; return 1; }
	cmp -s "$work/$1.tree/usr/lib/modules/6.1.0-1-amd64/kernel/b.ko" "$src/usr/lib/modules/6.1.0-1-amd64/kernel/a.ko"
}

compressions() {
	local c pad name ok=0
	for c in "gzip -9n" "bzip2" "xz --format=lzma" "xz --check=crc32" "lzop" "lz4 -l -9 -q" "zstd -q -19"; do
		for pad in 0 4 7 512; do
			name=${c%% *}-$pad
			[ "$c" != "xz --format=lzma" ] || name=lzma-$pad
			{ cat "$work/early.cpio" && $c <"$work/main.cpio" && head -c "$pad" /dev/zero; } >"$work/$name.img"
			case $c in
			gzip*) want=gzip ;; bzip2) want=bzip2 ;; *lzma) want=lzma ;; xz*) want=xz ;;
			lzop) want=lzo ;; lz4*) want=lz4 ;; zstd*) want=zstd ;;
			esac
			unpacks "$name" "$work/$name.img" "$want" || { echo "  ($name)"; ok=1; }
		done
	done
	return $ok
}

plain() {
	cat "$work/early.cpio" "$work/main.cpio" >"$work/plain.img" && unpacks plain "$work/plain.img" none
}

# A second archive (as memdisk-remaster's own, or a microcode one, is
# concatenated) writes lib/x, through the first archive's lib -> usr/lib:
# inside the tree, as the kernel follows it.
through_links() {
	{ cat "$work/main.cpio" && "$mknewc" file=lib/x=through file=/lib/modules/y=absolute; } >"$work/links.img"
	unpack links "$work/links.img" && [ "$status" -eq 0 ] &&
		[ "$(cat "$work/links.tree/usr/lib/x")" = through ] &&
		[ "$(cat "$work/links.tree/usr/lib/modules/y")" = absolute ] && [ -L "$work/links.tree/lib" ]
}

# refused NAME PATTERN ENTRY...: an initrd of these entries (gzip) is
# refused with status 1 and one message line matching PATTERN, and
# nothing appeared outside the tree or in HOME.
refused() {
	local name=$1 pattern=$2
	shift 2
	"$mknewc" "$@" | gzip -n >"$work/$name.img"
	unpack "$name" "$work/$name.img"
	[ "$status" -eq 1 ] || { echo "  status $status, not 1"; return 1; }
	if [ "$(wc -l <"$work/$name.err")" -ne 1 ] || ! grep -qE -- "$pattern" "$work/$name.err"; then
		echo "  message:"
		sed 's/^/  | /' "$work/$name.err"
		return 1
	fi
	untouched
}

# untouched: HOME and the work directory hold only what they held.
untouched() {
	local new
	diff <(listing "$home") "$work/home.listing" | sed 's/^/  HOME: /' | { ! grep .; } || return 1
	new=$(find "$work" -maxdepth 1 -newer "$work/stamp" ! -name '*.tree' ! -name '*.img' \
		! -name '*.out' ! -name '*.err' ! -name '*.diff' ! -path "$work" ! -path "$home")
	[ -z "$new" ] || { echo "  something appeared outside the tree: $new"; return 1; }
}

home=$work/home
mkdir -p "$home"
echo 'keep' >"$home/.profile"
chmod -R a+rwX "$home"
listing "$home" >"$work/home.listing"
touch "$work/stamp"

dot_spelling() {
	refused dot 'cannot make the directory of d/l/\.\.\.: a file or a link to nowhere' \
		dir=d "link=d/l=$home" file=d/./l/.bashrc=PWNED
}
double_slash() {
	refused slash 'cannot make the directory of d/l' dir=d "link=d/l=$home" file=d//l/.bashrc=PWNED
}
# cpio -t would print this link's name as two lines.
newline_name() {
	refused newline "refusing the archive entry 'd/l\?d/l': it has a control character" \
		dir=d 'link=d/l\nd/l='"$home" 'file=d/l/.bashrc=PWNED'
}
dotdot() {
	refused dotdot "refusing the archive entry '\.\./\.\./home/\.bashrc': it has a \"\.\.\" component" \
		file=../../home/.bashrc=PWNED
}
relative_climb() {
	refused climb 'cannot make the directory of up/' "link=up=../../../../../../../../..$home" \
		file=up/.bashrc=PWNED
}
hardlink_out() {
	refused hard "refusing l/x: a hard link to 'l/profile', which is no regular file here|cannot make the directory of l" \
		"link=l=$home" "link=l/profile=x" hard=l/profile=l/x=PWNED
}
# Entries are made inside: an absolute link that names a directory the
# tree has is followed to the tree's, not the host's.
absolute_inside() {
	"$mknewc" dir=home dir=home/x "link=l=/home/x" file=l/.bashrc=inside | gzip -n >"$work/inside.img"
	unpack inside "$work/inside.img"
	[ "$status" -eq 0 ] && [ "$(cat "$work/inside.tree/home/x/.bashrc")" = inside ] && untouched
}
specials() {
	"$mknewc" chr=./dev/null blk=dev/sda fifo=lib/modules/x/fifo.ko fifo=./init sock=s file=ok=1 |
		gzip -n >"$work/specials.img"
	unpack specials "$work/specials.img"
	[ "$status" -eq 0 ] && grep -q 'left out 5 device nodes, FIFOs or sockets' "$work/specials.err" &&
		[ -z "$(find "$work/specials.tree" ! -type f ! -type d)" ] && [ -f "$work/specials.tree/ok" ]
}
# 300 MB of zeros, about 300 KB as xz: refused at a 100 MiB limit.
bomb() {
	"$mknewc" zerofile=big=300000000 | xz -T1 >"$work/bomb.img"
	unpack bomb "$work/bomb.img" --max-size 100M
	grep -q 'unpacks to more than 104857600 bytes' "$work/bomb.err" || { cat "$work/bomb.err"; return 1; }
	[ "$status" -eq 1 ] && [ "$(du -sm "$work/bomb.tree" | cut -f 1)" -le 101 ]
}
damaged() {
	head -c 300 "$work/main.cpio" >"$work/short.img"
	unpack short "$work/short.img"
	[ "$status" -eq 1 ] && grep -q 'a damaged cpio archive at byte 0: it ends inside' "$work/short.err"
}
junk() {
	{ echo 'not an initrd'; } >"$work/junk.img"
	unpack junk "$work/junk.img"
	[ "$status" -eq 1 ] && grep -q 'neither a cpio archive nor compressed data at byte 0' "$work/junk.err"
}

attacks() {
	local who=$1
	t "$who-dot-spelling" dot_spelling
	t "$who-double-slash" double_slash
	t "$who-newline-name" newline_name
	t "$who-dotdot" dotdot
	t "$who-relative-climb" relative_climb
	t "$who-hardlink-out" hardlink_out
	t "$who-absolute-inside" absolute_inside
	t "$who-specials" specials
}

# A limit that is no size: usage error, nothing unpacked.
bad_limit() {
	unpack badlimit "$work/plain.img" --max-size 10Q
	[ "$status" -eq 2 ] && grep -q 'not a size: 10Q' "$work/badlimit.err" &&
		[ -z "$(ls -A "$work/badlimit.tree")" ]
}

t plain-one-block-early plain
t bad-limit bad_limit
t compressions compressions
t through-links through_links
t bomb bomb
t damaged damaged
t junk junk
attacks root
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$home")
	attacks nobody
fi
summary test-initrd
