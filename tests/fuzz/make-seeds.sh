#!/bin/bash
# make-seeds.sh DATADIR CORPUSDIR: one seed per dump (BDA word, low RAM
# end 0, then the dump from the BDA's base memory size to 0xa0000).
set -eu
data=$1 corpus=$2
mkdir -p "$corpus"
for gz in "$data"/memdisk-*.lowmem.gz; do
	name=$(basename "$gz" .lowmem.gz)
	mem=$(mktemp)
	gzip -dc "$gz" >"$mem"
	kib=$(od -An -tu2 -j $((0x413)) -N2 "$mem" | tr -d ' ')
	{
		dd if="$mem" bs=1 skip=$((0x413)) count=2 status=none
		printf '\0\0\0\0'
		tail -c $((0xa0000 - kib * 1024)) "$mem"
	} >"$corpus/$name"
	rm -f "$mem"
done
