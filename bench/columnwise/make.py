#!/usr/bin/env python3
"""Column-at-a-time text from TSV plans: a second test input for
src/segment/columns.rs, independent of Sala's seed 004.

Sala's OCR text (fixtures/seeds/004_*.txt) gives a table one column at a
time per page: all the names, then all the target-group cells, ... then
all the documentation cells, blank lines between cells. This script writes
any TSV plan (one row per line, tabs between cells, form feeds between
pages) the same way, so the reader is measured on plans it was not built
on:

    bench/columnwise/make.py TSV_DIR GOLD_DIR OUT [--page-rows N]

For every TSV_DIR/<stem>-tsv.txt it writes OUT/txt/<stem>-colwise.txt and
copies GOLD_DIR/<stem>-tsv.json to OUT/gold/<stem>-colwise.json. Measure:

    iub extract OUT/txt --out RESULT --quiet && iub eval OUT/gold RESULT

Each page's run of tab-separated lines (a table; the header row is its
first line where the plan has one) is written column by column: the cells
of column 1 top to bottom, a blank line between cells, then column 2, ...
An empty cell is left out, as OCR leaves an empty cell out. Lines without
tabs (prose, group headings) stay where they are, a blank line around
each table run.

--page-rows N cuts each table run into pages of at most N rows (a form
feed between them), as a printed table breaks over pages; each page is
then written column by column and only the first carries the header, as
in Sala's plan. 0 (the default) keeps the input's own pages.

Writes only under OUT; never into the input directories.
"""

import argparse
import os
import shutil
import sys


def column_wise(rows):
    """The rows' cells column by column, blank line between cells."""
    width = max(len(r) for r in rows)
    cells = []
    for c in range(width):
        for r in rows:
            text = r[c].strip() if c < len(r) else ""
            if text:
                cells.append(text)
    return "\n\n".join(cells)


def convert(text, page_rows):
    out_pages = []
    for page in text.split("\f"):
        parts = []
        run = []

        def flush():
            if not run:
                return
            rows = [line.split("\t") for line in run]
            chunks = (
                [rows[i : i + page_rows] for i in range(0, len(rows), page_rows)]
                if page_rows > 0
                else [rows]
            )
            written = [column_wise(chunk) for chunk in chunks]
            parts.append("\n" + "\n\f".join(w + "\n" for w in written))
            run.clear()

        for line in page.split("\n"):
            if "\t" in line:
                run.append(line)
            else:
                flush()
                parts.append(line + "\n")
        flush()
        out_pages.append("".join(parts))
    return "\f".join(out_pages)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tsv_dir")
    ap.add_argument("gold_dir")
    ap.add_argument("out")
    ap.add_argument("--page-rows", type=int, default=0)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    for src in (args.tsv_dir, args.gold_dir):
        if out.startswith(os.path.abspath(src)):
            sys.exit(f"OUT {out} is inside an input directory")
    os.makedirs(os.path.join(out, "txt"), exist_ok=True)
    os.makedirs(os.path.join(out, "gold"), exist_ok=True)
    n = 0
    for name in sorted(os.listdir(args.tsv_dir)):
        if not name.endswith("-tsv.txt"):
            continue
        stem = name[: -len("-tsv.txt")]
        gold = os.path.join(args.gold_dir, stem + "-tsv.json")
        if not os.path.exists(gold):
            continue
        with open(os.path.join(args.tsv_dir, name), encoding="utf-8") as f:
            text = f.read()
        if "\t" not in text:
            # No table to turn (numbered sections, forms as prose).
            continue
        with open(os.path.join(out, "txt", stem + "-colwise.txt"), "w", encoding="utf-8") as f:
            f.write(convert(text, args.page_rows))
        shutil.copyfile(gold, os.path.join(out, "gold", stem + "-colwise.json"))
        n += 1
    print(f"{n} plans written to {out}")


if __name__ == "__main__":
    main()
