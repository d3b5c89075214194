#!/usr/bin/env bash
# Extracts every held-out folder with IUB_BINARY and prints `iub eval` per family,
# per producer and overall: segmentation F1, name accuracy, regime accuracy.
#
#   bench/variants/run.sh /work/main/target/release/iub [HELDOUT_DIR] [OUT_DIR]
#
# HELDOUT_DIR (default /work/heldout) is what generate.py wrote: pdf/ + gold/,
# txt/ + txt-gold/, scan/ + scan-gold/. OUT_DIR (default a temporary folder)
# keeps the outputs and the per-group eval reports (eval-*.txt).
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 IUB_BINARY [HELDOUT_DIR] [OUT_DIR]" >&2
    exit 2
fi
iub=$(realpath "$1")
heldout=${2:-/work/heldout}
out=${3:-$(mktemp -d -t iub-heldout-XXXXXX)}
mkdir -p "$out"
[[ -x "$iub" ]] || { echo "$iub: not an executable" >&2; exit 2; }

for pair in pdf:gold txt:txt-gold scan:scan-gold; do
    inputs=$heldout/${pair%%:*}
    gold=$heldout/${pair##*:}
    [[ -d $inputs && -n $(ls -A "$inputs" 2>/dev/null) ]] || continue
    kind=${pair%%:*}
    echo "== $kind: $(ls "$inputs" | wc -l) inputs → $out/$kind" >&2
    # Exit status 1 only says that some inputs failed; the eval counts them.
    "$iub" extract "$inputs" --out "$out/$kind" --quiet >"$out/extract-$kind.log" 2>&1 || true
    python3 - "$iub" "$kind" "$gold" "$out" <<'PY'
import json, os, re, subprocess, sys, tempfile
from collections import defaultdict

iub, kind, gold_dir, out = sys.argv[1:]
stems = sorted(f[:-5] for f in os.listdir(gold_dir) if f.endswith(".json"))

def group_of(stem, by):
    # h-f1-03-chromium[-gs][-layout] / h-web-f5-02-weasyprint[-scan]
    parts = stem.split("-")
    if by == "family":
        return "web" if parts[1] == "web" else parts[1]
    if by == "producer":
        prod = parts[4] if parts[1] == "web" else parts[3]
        return prod + ("+gs" if "gs" in parts[4:] else "")
    if by == "form":
        tail = parts[-1]
        return tail if tail in ("layout", "raw", "cells", "tsv") else kind
    return "all"

def evaluate(name, members):
    with tempfile.TemporaryDirectory() as tmp:
        for s in members:
            os.symlink(os.path.join(gold_dir, s + ".json"), os.path.join(tmp, s + ".json"))
        p = subprocess.run([iub, "eval", tmp, os.path.join(out, kind), "--json"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            return f"{name:<24} eval failed: {p.stderr.strip()[:200]}"
        rep = json.loads(p.stdout)
        txt = subprocess.run([iub, "eval", tmp, os.path.join(out, kind)], capture_output=True, text=True).stdout
        with open(os.path.join(out, f"eval-{kind}-{name}.txt"), "w") as f:
            f.write(txt)
    c = rep["overall"]
    def acc(field):
        s = rep["fields"].get(field)
        return s["score"] / s["pairs"] if s and s["pairs"] else float("nan")
    zero = sum(1 for d in rep["documents"] if d["segmentation"]["matched"] == 0)
    return (f"{name:<24} docs {len(members):>3}  gold {c['gold']:>4} pred {c['predicted']:>4} "
            f"matched {c['matched']:>4}  F1 {c['f1']:.3f}  name {acc('name'):.3f}  "
            f"regime {acc('documentation.regime'):.3f}  zero-docs {zero}")

for by in ("family", "producer", "form", "all"):
    groups = defaultdict(list)
    for s in stems:
        groups[group_of(s, by)].append(s)
    if by == "form" and len(groups) < 2:
        continue
    print(f"-- {kind} by {by}")
    for g in sorted(groups):
        print(evaluate(f"{by}={g}" if by != "all" else f"{kind} overall", groups[g]))
PY
done
echo "outputs and per-group eval reports: $out" >&2
