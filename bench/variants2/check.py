#!/usr/bin/env python3
"""Sanity checks of a generated held-out set.

    python3 check.py [OUT]

For every plan: the PDF's text (pdftotext) holds each gold name, target
text, condition and documentation text; the gold follows ANNOTATION.md's
rules where they can be checked mechanically (regime, legal basis and reason
agree with the documentation text; residency and consent agree with the
conditions; document fields are printed). Exit 1 on any problem."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys


def squash(t: str) -> str:
    """Text compared without whitespace, hyphens, soft hyphens or case, so
    that words a producer broke over lines still match."""
    t = t.replace("\u00ad", "").replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(r"[\s\-–]+", "", t).lower()


PARA = {n: re.compile(rf"14\s*kap\.?\s*(§\s*)?{n}\s*§?") for n in "345"}


def words(t: str) -> set[str]:
    return {w for w in re.findall(r"[\wåäöÅÄÖé§+]+", t.lower()) if len(w) > 1}


def printed(val: str, text: str, wordset: set[str]) -> bool:
    """In the text as one run, or (cells wrapped, words broken at line ends)
    every word of it somewhere in the page text."""
    if squash(val) in text:
        return True
    missing = [w for w in words(val) if w not in wordset and w not in text]
    return not missing


def broken_inside(val: str, text: str, wordset: set[str]) -> bool:
    """Every missing word starts somewhere in the text: a narrow column broke
    it inside the word (Word and LibreOffice do, without a hyphen)."""
    missing = [w for w in words(val) if w not in wordset and w not in text]
    return all(squash(w[:6]) in text for w in missing)


def check_record(r: dict, text: str, wordset: set[str]) -> list[str]:
    bad = []
    d = r["documentation"]
    dt = d["text"]
    for key, val in (("name", r["name"]), ("target", r["target_group"]["text"]),
                     ("documentation", dt), ("provider", r["provider"] or "")):
        if val and not printed(val, text, wordset):
            if key in ("name", "provider") and broken_inside(val, text, wordset):
                print(f"  note: {key} {val!r} is broken inside a word")
                continue
            bad.append(f"{key} not printed: {val[:70]!r}")
    for c in r["conditions"]:
        if not printed(c, text, wordset):
            bad.append(f"condition not printed: {c!r}")
    cited = [n for n, rx in PARA.items() if rx.search(dt)]
    lb = d["legal_basis"]
    if lb and lb[-1] not in cited:
        bad.append(f"legal_basis {lb} but text cites {cited}")
    if not lb and cited and d["regime"] != "full":
        bad.append(f"legal_basis null but text cites 14 kap. {cited}")
    low = dt.lower()
    if d["regime"] == "advice_exempt" and not re.search(r"rådgiv|rådgör|14\s*kap\.?\s*4", low):
        bad.append("advice_exempt without rådgivning or 14:4 in the text")
    if d["regime"] == "identity_exempt" and not re.search(r"inte dokumenteras|undantag|nej", low):
        bad.append("identity_exempt without an exemption in the text")
    if d["regime"] == "full" and re.search(r"ska inte dokumenteras|^nej", low):
        bad.append("full but the text says not documented")
    if (d["reason"] == "advice") != (d["regime"] == "advice_exempt"):
        bad.append(f"reason {d['reason']} with regime {d['regime']}")
    conds = " ".join(r["conditions"] + [r["target_group"]["text"]]).lower()
    if r["residency_required"] and not re.search(r"folkbokför|bosatt", conds):
        bad.append("residency_required without a residency condition")
    if r["guardian_consent"] and not re.search(r"samtycke|vårdnadshavar", conds):
        bad.append("guardian_consent without a consent condition")
    return bad


def main() -> int:
    out = sys.argv[1] if len(sys.argv) > 1 else "/work/heldout2"
    problems = 0
    golds = sorted(glob.glob(os.path.join(out, "gold", "*.json")))
    for g in golds:
        stem = os.path.basename(g)[:-5]
        pdf = os.path.join(out, "pdf", stem + ".pdf")
        with open(g, encoding="utf-8") as f:
            gold = json.load(f)
        try:
            raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True,
                                 text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"{stem}: pdftotext failed: {e}")
            problems += 1
            continue
        text = squash(raw)
        wordset = words(raw)
        msgs = []
        doc = gold["document"]
        for key in ("body", "reference"):
            if doc[key] and squash(doc[key]) not in text:
                msgs.append(f"document {key} not printed: {doc[key]!r}")
        if doc["issuer"] and squash(doc["issuer"]) not in text:
            msgs.append(f"issuer not printed: {doc['issuer']!r}")
        n = len(gold["interventions"])
        if not 6 <= n <= 25:
            msgs.append(f"{n} interventions (want 6–25)")
        keys = [(r["name"].lower(), (r["provider"] or "").lower()) for r in gold["interventions"]]
        if len(set(keys)) != len(keys):
            msgs.append("two records with the same name and provider")
        for r in gold["interventions"]:
            for m in check_record(r, text, wordset):
                msgs.append(f"{r['name'][:40]}: {m}")
        for m in msgs:
            print(f"{stem}: {m}")
        problems += len(msgs)
    print(f"{len(golds)} plans checked, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
