#!/usr/bin/env python3
"""Summarises `iub eval --json` of the held-out set per family, per producer
and overall, and names the worst documents.

    python3 report.py EVAL.json MANIFEST.json [--worst 10]"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict


def acc(fields: dict, key: str) -> tuple[float, int]:
    f = fields.get(key)
    if not f:
        return 0.0, 0
    return f["score"], f["pairs"]


def summarise(docs: list[dict]) -> dict:
    g = sum(d["segmentation"]["gold"] for d in docs)
    p = sum(d["segmentation"]["predicted"] for d in docs)
    m = sum(d["segmentation"]["matched"] for d in docs)
    prec = m / p if p else (1.0 if m == 0 else 0.0)
    rec = m / g if g else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    out = {"docs": len(docs), "gold": g, "pred": p, "matched": m, "P": prec, "R": rec, "F1": f1,
           "zero": sum(1 for d in docs if d["segmentation"]["predicted"] == 0)}
    for key, label in (("name", "name"), ("documentation.regime", "regime"),
                       ("provider", "provider"), ("target_group.text", "target")):
        s = sum(acc(d["fields"], key)[0] for d in docs)
        n = sum(acc(d["fields"], key)[1] for d in docs)
        # Accuracy over gold records: an unmatched gold record counts as wrong.
        out[label] = s / g if g else 0.0
    return out


def line(label: str, s: dict) -> str:
    return (f"{label:<18} docs {s['docs']:>3}  gold {s['gold']:>4} pred {s['pred']:>4} "
            f"matched {s['matched']:>4}  P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f}  "
            f"name {s['name']:.3f} regime {s['regime']:.3f} provider {s['provider']:.3f} "
            f"target {s['target']:.3f}  zero-record docs {s['zero']}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("eval_json")
    ap.add_argument("manifest")
    ap.add_argument("--worst", type=int, default=10)
    a = ap.parse_args()
    with open(a.eval_json, encoding="utf-8") as f:
        report = json.load(f)
    with open(a.manifest, encoding="utf-8") as f:
        manifest = {m["stem"]: m for m in json.load(f)}
    docs = report["documents"]
    by_family = defaultdict(list)
    by_producer = defaultdict(list)
    for d in docs:
        m = manifest.get(d["stem"], {"family": "?", "producer": "?"})
        by_family[m["family"]].append(d)
        by_producer[m["producer"]].append(d)
    print("Scores: name/regime/provider/target are exact-match shares of ALL gold records "
          "(a missed record counts as wrong).")
    print("\n== per family")
    for k in sorted(by_family):
        print(line(k, summarise(by_family[k])))
    print("\n== per producer")
    for k in sorted(by_producer):
        print(line(k, summarise(by_producer[k])))
    print("\n== overall")
    print(line("all", summarise(docs)))

    def badness(d):
        s = summarise([d])
        return (s["F1"] + s["name"] + s["regime"]) / 3

    print(f"\n== worst {a.worst} documents (mean of F1, name, regime)")
    for d in sorted(docs, key=lambda d: (badness(d), d["stem"]))[: a.worst]:
        s = summarise([d])
        m = manifest.get(d["stem"], {})
        print(f"{d['stem']:<34} F1 {s['F1']:.3f} name {s['name']:.3f} regime {s['regime']:.3f}  "
              f"gold {s['gold']} pred {s['pred']}  [{m.get('producer', '?')}, "
              f"{m.get('layout', '?')}, {json.dumps(m.get('opts', {}), ensure_ascii=False)[:90]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
