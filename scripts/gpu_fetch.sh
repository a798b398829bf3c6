#!/usr/bin/env bash
# Copy parts FIRST .. FIRST+3 of the pack made by scripts/gpu_standard.sh (same, still warm machine)
# to $OUT: bash scripts/gpu_fetch.sh 3
first=$1
[ -d /tmp/pw/pack ] || { echo "NO PACK: this is a fresh machine, the parts are gone"; exit 1; }
for i in $(seq "$first" $((first + 3))); do
  f=/tmp/pw/pack/part-$(printf %02d "$i")
  [ -f "$f" ] && cp "$f" "$OUT/"
done
ls -l "$OUT"; ls /tmp/pw/pack
