#!/usr/bin/env python3
"""Writes held-out plans of the six layout families (and printed web pages) with
their gold, for `iub eval`. See README.md beside this file.

    python3 bench/variants/generate.py --out /work/heldout --seed 1 --per-family 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from ivg import checks, families, forms, muni, records, renderers  # noqa: E402

FAMILY_PRODUCERS = {
    # Which producers a family is printed by, as municipalities make them: grids
    # and forms come from Word/LibreOffice as often as from the web.
    "f1": ["libreoffice", "chromium", "weasyprint", "wkhtmltopdf", "reportlab", "pdflatex"],
    "f2": ["chromium", "weasyprint", "wkhtmltopdf", "libreoffice", "reportlab"],
    "f3": ["libreoffice", "weasyprint", "chromium", "reportlab", "pdflatex"],
    "f4": ["libreoffice", "wkhtmltopdf", "weasyprint", "reportlab", "chromium"],
    "f5": ["weasyprint", "chromium", "libreoffice", "reportlab", "pdflatex", "wkhtmltopdf"],
    "f6": ["wkhtmltopdf", "libreoffice", "chromium", "weasyprint", "reportlab"],
    "web": ["chromium", "weasyprint"],  # wkhtmltopdf on stock Qt prints no browser furniture
}
WEB_FAMILIES = ["f1", "f2", "f3", "f5", "f4"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/work/heldout")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-family", type=int, default=5)
    ap.add_argument("--web", type=int, default=0, help="printed web pages to add")
    ap.add_argument("--families", default=",".join(families.FAMILIES))
    ap.add_argument("--producers", default="", help="only these producers (comma-separated)")
    ap.add_argument("--ghostscript", type=float, default=0.0,
                    help="share of plans re-distilled through Ghostscript pdfwrite")
    ap.add_argument("--forms", default="pdf", help="pdf,txt,scan")
    ap.add_argument("--scan-share", type=float, default=0.5, help="share of plans also scanned")
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--municipalities", default=os.path.join(HERE, "..", "..", "data", "municipalities.csv"))
    ap.add_argument("--clean", action="store_true", help="empty the output folders first")
    args = ap.parse_args()

    pool = records.load(args.corpus)
    munis = muni.load(args.municipalities)
    wanted_forms = set(args.forms.split(","))
    only = set(filter(None, args.producers.split(",")))
    dirs = {k: os.path.join(args.out, k) for k in ("pdf", "gold", "txt", "txt-gold", "scan", "scan-gold")}
    if args.clean:
        for d in dirs.values():
            shutil.rmtree(d, ignore_errors=True)
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)

    jobs = []
    for fam in args.families.split(","):
        for i in range(1, args.per_family + 1):
            jobs.append((fam, fam, i))
    for i in range(1, args.web + 1):
        jobs.append(("web", WEB_FAMILIES[(i - 1) % len(WEB_FAMILIES)], i))

    used_munis: set[str] = set()
    problems = 0
    t0 = time.time()
    for tag, fam, i in jobs:
        rng = random.Random(f"{args.seed}:{tag}:{fam}:{i}")
        producers = [p for p in FAMILY_PRODUCERS[tag] if not only or p in only]
        if not producers:
            continue
        producer = producers[(i - 1 + args.seed) % len(producers)]
        m = rng.choice([x for x in munis if x.code not in used_munis] or munis)
        used_munis.add(m.code)
        # Ghostscript loses the text of ReportLab's TrueType subsets (å, ä, ö)
        # and of LibreOffice's ligatures (ff): not plans anyone could read the
        # names of, so those two are never re-distilled.
        gs = rng.random() < args.ghostscript and producer not in ("reportlab", "libreoffice")
        stem = f"h-{tag}-{i:02d}-{producer}" + ("-gs" if gs else "")
        if tag == "web":
            stem = f"h-web-{fam}-{i:02d}-{producer}" + ("-gs" if gs else "")
        plan = families.Plan(stem=stem, family=fam, producer=producer, muni=m, rng=rng,
                             records=[], web=(tag == "web"))
        doc = families.build(plan, pool)
        doc.ligatures = not gs
        gold = plan.gold_document(stem + ".pdf")
        bad = checks.gold_problems(gold, plan.lagrum_rows)
        pdf_path = os.path.join(dirs["pdf"], stem + ".pdf")
        with tempfile.TemporaryDirectory(prefix="ivg-") as work:
            try:
                renderers.render(doc, producer, pdf_path, work)
                if gs:
                    renderers.ghostscript(pdf_path, work)
            except Exception as e:  # one producer failing must not stop the set
                print(f"{stem}: render failed: {e}", file=sys.stderr)
                problems += 1
                continue
        text = checks.pdf_text(pdf_path)
        miss = checks.missing_names(text, gold)
        if miss:
            bad.append(f"names not in pdftotext output: {miss}")
        write_json(os.path.join(dirs["gold"], stem + ".json"), gold)
        if "txt" in wanted_forms:
            for kind, text_out in forms.text_forms(doc, pdf_path).items():
                tstem = f"{stem}-{kind}"
                tmiss = checks.missing_names(text_out, gold)
                if tmiss:
                    bad.append(f"names not in the {kind} text: {tmiss}")
                with open(os.path.join(dirs["txt"], tstem + ".txt"), "w", encoding="utf-8") as f:
                    f.write(text_out)
                write_json(os.path.join(dirs["txt-gold"], tstem + ".json"), with_source(gold, tstem + ".txt"))
        scanned = ""
        if "scan" in wanted_forms and rng.random() < args.scan_share:
            sstem = f"{stem}-scan"
            dpi = forms.scan(pdf_path, os.path.join(dirs["scan"], sstem + ".pdf"), rng)
            write_json(os.path.join(dirs["scan-gold"], sstem + ".json"), with_source(gold, sstem + ".pdf"))
            scanned = f" (scan {dpi} dpi)"
        status = ("ok" if not bad else "PROBLEMS: " + "; ".join(bad)) + scanned
        problems += bool(bad)
        print(f"{stem}: {m.issuer}, {len(gold['interventions'])} interventions: {status}", flush=True)
    print(f"{len(jobs)} plans in {time.time() - t0:.0f} s, {problems} with problems", file=sys.stderr)
    return 1 if problems else 0


def with_source(gold: dict, source: str) -> dict:
    g = json.loads(json.dumps(gold))
    g["document"]["source"] = source
    return g


def write_json(path: str, value: dict) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
