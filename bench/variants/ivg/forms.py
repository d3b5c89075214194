"""The other forms users have a plan in (issues 15 and 16): text from pdftotext
(-layout and reading order), the document copied out of Word (one table cell
per line), TSV, and scans without a text layer."""

from __future__ import annotations

import glob
import os
import random
import subprocess
import tempfile

from .model import Doc, Heading, Item, Para, Table, inline_text


def text_forms(doc: Doc, pdf: str) -> dict[str, str]:
    return {
        "layout": pdftotext(pdf, layout=True),
        "raw": pdftotext(pdf, layout=False),
        "cells": cells_text(doc),
        "tsv": tsv_text(doc),
    }


def pdftotext(pdf: str, layout: bool) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [pdf, "-"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)
    return p.stdout


def _block_lines(b) -> list[str]:
    if isinstance(b, Heading):
        return [b.text]
    if isinstance(b, Para):
        return [inline_text(b.runs)]
    if isinstance(b, Item):
        first, *rest = b.paras
        head = (b.marker + " " if b.marker else "") + inline_text(first)
        return [head] + [inline_text(p) for p in rest]
    return []


def cells_text(doc: Doc) -> str:
    """Word's table copied into a plain-text editor: every cell on its own line
    (its paragraphs joined by a space), a blank line after each table."""
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            for r in b.rows:
                out += [c.text() for c in r.cells]
            out.append("")
        else:
            out += _block_lines(b)
    return "\n".join(out) + "\n"


def tsv_text(doc: Doc) -> str:
    """A table saved as tab-separated text (a spreadsheet's or a web table's
    export): one row a line, cells by tabs; the text around it as lines."""
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            for r in b.rows:
                out.append("\t".join(" ".join(c.text().split()) for c in r.cells))
            out.append("")
        else:
            out += _block_lines(b)
    return "\n".join(out) + "\n"


def scan(pdf: str, out_pdf: str, rng: random.Random) -> int:
    """Prints the plan and scans it: grey page images at 150–300 dpi, a little
    noise and skew, wrapped by img2pdf with no text layer. Returns the dpi."""
    from PIL import Image, ImageFilter  # only scans need Pillow

    import img2pdf

    dpi = rng.choice([150, 200, 200, 300])
    with tempfile.TemporaryDirectory(prefix="ivg-scan-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, os.path.join(tmp, "p")],
                       check=True, capture_output=True, timeout=300)
        pages = sorted(glob.glob(os.path.join(tmp, "p-*.png")))
        noisy = []
        for i, path in enumerate(pages):
            im = Image.open(path).convert("L")
            angle = rng.uniform(-0.6, 0.6)
            im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            if rng.random() < 0.7:
                im = im.filter(ImageFilter.GaussianBlur(radius=rng.choice([0.3, 0.5, 0.7])))
            # sparse dark specks, seeded like everything else
            px = im.load()
            w, h = im.size
            for _ in range(int(w * h / 4000)):
                x, y = rng.randrange(w), rng.randrange(h)
                px[x, y] = rng.randint(0, 120)
            out = os.path.join(tmp, f"s-{i:03d}.png")
            im.save(out, dpi=(dpi, dpi))
            noisy.append(out)
        with open(out_pdf, "wb") as f:
            f.write(img2pdf.convert(noisy, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))))
    return dpi
