#!/usr/bin/env python3
"""Second held-out generator for iub: plans of the six layout families (and
mixed / web / odd ones) from many PDF producers, with gold.

    python3 gen.py [--out /work/heldout2] [--only STEM_PREFIX] [--batch first|all]

Writes OUT/pdf/<stem>.pdf, OUT/gold/<stem>.json, OUT/src/<stem>.* (the
producer's input, for debugging) and OUT/manifest.json (family, producer and
options of each plan). Seeded: the same command writes the same gold and the
same producer input."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from v2 import render  # noqa: E402
from v2.families import BUILDERS, make_plan  # noqa: E402
from v2.gold import document, dump  # noqa: E402
from v2.mixed import MIXED  # noqa: E402
from v2.pool import load_entries, municipalities  # noqa: E402
from v2.schedule import schedule  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/work/heldout2")
    ap.add_argument("--only", default=None, help="only plans whose stem starts with this")
    ap.add_argument("--batch", default="all", choices=["first", "all"])
    ap.add_argument("--seed", type=int, default=20250701)
    args = ap.parse_args()
    pool = load_entries()
    munis = municipalities(REPO)
    for sub in ("pdf", "gold", "src"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    plans = schedule(args.batch)
    manifest = []
    failures = 0
    for k, spec in enumerate(plans):
        stem = spec["stem"]
        if args.only and not stem.startswith(args.only):
            continue
        seed = args.seed * 1000 + k
        try:
            if spec["family"] in BUILDERS:
                plan = make_plan(stem, spec["family"], seed, pool, munis,
                                 n_range=spec.get("n", (6, 25)))
                blocks, records, layout, note = BUILDERS[spec["family"]](plan, spec.get("opts", {}))
            else:
                plan = make_plan(stem, spec["family"], seed, pool, munis,
                                 n_range=spec.get("n", (6, 25)))
                blocks, records, layout, note = MIXED[spec["family"]](plan, spec.get("opts", {}))
            pdf = os.path.join(args.out, "pdf", stem + ".pdf")
            render.render(plan, blocks, spec, pdf, os.path.join(args.out, "src"))
            doc = document(stem, plan.muni.issuer, plan.muni.code, plan.body, plan.decided,
                           plan.valid, plan.ref, layout, note)
            with open(os.path.join(args.out, "gold", stem + ".json"), "w", encoding="utf-8") as f:
                f.write(dump(doc, records))
            manifest.append({"stem": stem, "family": spec["group"], "producer": spec["producer"],
                             "layout": spec["family"], "opts": spec.get("opts", {}),
                             "records": len(records), "municipality": plan.muni.issuer})
            print(f"ok   {stem}  {spec['producer']:<12} {len(records):>2} records  {plan.muni.issuer}",
                  flush=True)
        except Exception as e:  # noqa: BLE001 - one plan's failure is reported, the rest go on
            failures += 1
            print(f"FAIL {stem}: {e}", file=sys.stderr, flush=True)
            traceback.print_exc()
    path = os.path.join(args.out, "manifest.json")
    old = []
    if args.only and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = [m for m in json.load(f) if not m["stem"].startswith(args.only)]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(sorted(old + manifest, key=lambda m: m["stem"]), f, ensure_ascii=False, indent=1)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
