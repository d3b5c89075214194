#!/usr/bin/env bash
# Extract the held-out set with an iub binary and print its scores per
# family, per producer and overall, with the worst documents.
#
#   bench/variants2/run.sh IUB_BINARY [OUT]
#
# OUT defaults to /work/heldout2; the set is generated there first when
# OUT/gold is missing (GEN=1 forces a fresh generation).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iub="${1:?usage: run.sh IUB_BINARY [OUT]}"
out="${2:-/work/heldout2}"
if [[ "${GEN:-0}" == 1 || ! -d "$out/gold" ]]; then
  python3 "$here/gen.py" --out "$out" ${BATCH:+--batch "$BATCH"}
fi
res="$out/iub-out"
rm -rf "$res"
"$iub" extract "$out/pdf" --out "$res" >"$out/extract.log" 2>&1 || true
tail -n 2 "$out/extract.log"
"$iub" eval "$out/gold" "$res" >"$out/eval.txt"
"$iub" eval --json "$out/gold" "$res" >"$out/eval.json"
python3 "$here/report.py" "$out/eval.json" "$out/manifest.json" --worst "${WORST:-10}"
