"""A Word document (python-docx) converted by LibreOffice headless: the way most
municipal plans are made. Tables carry Word's own properties: a repeated
header row (tblHeader), rows that may not break (cantSplit), cell shading and
per-side borders; list items are typed markers with a hanging indent."""

from __future__ import annotations

import os
import random
import subprocess

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .model import Doc, Heading, Item, Para, PageBreak, Table, fit_widths

HEADING_PT = {1: 16, 2: 13, 3: 11}


def _border_xml(tag: str, sides: dict) -> OxmlElement:
    el = OxmlElement(tag)
    for side, (val, size) in sides.items():
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), val)
        b.set(qn("w:sz"), str(size))
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        el.append(b)
    return el


def _table_borders(table, rules: str) -> None:
    tblPr = table._tbl.tblPr
    if rules == "grid" or rules == "separate":
        sides = {s: ("single", 4) for s in ("top", "left", "bottom", "right", "insideH", "insideV")}
    elif rules == "hrules":
        sides = {"top": ("single", 8), "bottom": ("single", 8), "insideH": ("single", 4),
                 "left": ("nil", 0), "right": ("nil", 0), "insideV": ("nil", 0)}
    else:
        sides = {s: ("nil", 0) for s in ("top", "left", "bottom", "right", "insideH", "insideV")}
    tblPr.append(_border_xml("w:tblBorders", sides))
    if rules == "separate":
        sp = OxmlElement("w:tblCellSpacing")
        sp.set(qn("w:w"), "30")
        sp.set(qn("w:type"), "dxa")
        tblPr.append(sp)


def _shade(cell, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _row_flag(row, tag: str) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _field(paragraph, instr: str) -> None:
    """A PAGE or NUMPAGES field."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
            run._r.append(el)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def _template_text(paragraph, template: str, size: float) -> None:
    rest = template
    while rest:
        i = rest.find("{")
        if i < 0:
            paragraph.add_run(rest).font.size = Pt(size)
            break
        if i:
            paragraph.add_run(rest[:i]).font.size = Pt(size)
        j = rest.index("}", i)
        _field(paragraph, "PAGE" if rest[i + 1:j] == "page" else "NUMPAGES")
        rest = rest[j + 1:]


def _add_runs(p, runs, size=None) -> None:
    for r in runs:
        run = p.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if size:
            run.font.size = Pt(size)


def build_docx(doc: Doc, path: str, rng: random.Random) -> None:
    d = Document()
    normal = d.styles["Normal"]
    normal.font.name = doc.font
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), doc.font)
    normal.font.size = Pt(doc.size)
    cell_after = rng.choice([0, 0, 2, 4, 6])  # Word cells' paragraph spacing varies by template
    normal.paragraph_format.space_after = Pt(rng.choice([0, 3, 6]))
    for lvl, pt in HEADING_PT.items():
        st = d.styles[f"Heading {lvl}"]
        st.font.name = doc.font
        st.font.size = Pt(pt)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0, 0, 0) if rng.random() < 0.6 else RGBColor(0x1F, 0x3A, 0x5F)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    if doc.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(rng.choice([1.8, 2.0, 2.5]))
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    text_width = sec.page_width - sec.left_margin - sec.right_margin
    hp = sec.header.paragraphs[0]
    hp.add_run(doc.header_left).font.size = Pt(8)
    if doc.header_right:
        hp.add_run("\t\t" + doc.header_right).font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    if doc.footer_left:
        fp.add_run(doc.footer_left + "\t\t").font.size = Pt(8)
    if doc.footer_right:
        _template_text(fp, doc.footer_right, 8)

    for b in doc.blocks:
        if isinstance(b, Heading):
            d.add_heading(b.text, level=min(b.level, 3))
        elif isinstance(b, Para):
            p = d.add_paragraph()
            _add_runs(p, b.runs, size=doc.size - 1 if b.style == "small" else None)
            if not b.space_before:
                p.paragraph_format.space_before = Pt(0)
        elif isinstance(b, Item):
            for k, runs in enumerate(b.paras):
                p = d.add_paragraph()
                p.paragraph_format.left_indent = Cm(0.9)
                if k == 0 and b.marker:
                    p.paragraph_format.first_line_indent = Cm(-0.9)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(0.9))
                    p.add_run(b.marker + "\t")
                _add_runs(p, runs)
        elif isinstance(b, Table):
            _add_table(d, b, text_width, cell_after, doc.size)
            d.add_paragraph()
        elif isinstance(b, PageBreak):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.core_properties.title = doc.title
    d.save(path)


def _add_table(d, t: Table, text_width, cell_after: int, size: float) -> None:
    cols = max(len(r.cells) for r in t.rows)
    table = d.add_table(rows=0, cols=cols)
    table.autofit = False
    _table_borders(table, t.rules)
    # EMU; a character of a 9–11 pt font is about 0.2 cm = 72000 EMU wide
    char = 360000 * 0.19 * (size - 1 if t.small else size) / 10
    widths = [int(w) for w in fit_widths(t, float(text_width), char, 250000)]
    fsize = size - 1 if t.small else size
    for i, col in enumerate(table.columns):  # LibreOffice reads the grid, Word the cells
        col.width = widths[i]
    for r in t.rows:
        row = table.add_row()
        for i, tc in enumerate(row.cells):
            tc.width = widths[i]
        if r.kind == "header" and t.repeat_header:
            _row_flag(row, "tblHeader")
        if t.keep_rows:
            _row_flag(row, "cantSplit")
        if r.kind == "group":
            merged = row.cells[0].merge(row.cells[-1])
            merged.paragraphs[0].text = ""
            _add_runs(merged.paragraphs[0], r.cells[0].paras[0], size=fsize)
            if t.group_shade:
                _shade(merged, t.group_shade)
            continue
        for i, c in enumerate(r.cells):
            tc = row.cells[i]
            tc.width = widths[i]
            for k, runs in enumerate(c.paras):
                p = tc.paragraphs[0] if k == 0 else tc.add_paragraph()
                p.paragraph_format.space_after = Pt(cell_after)
                _add_runs(p, runs, size=fsize)
            if r.kind == "header" and t.header_shade:
                _shade(tc, t.header_shade)
            elif i == 0 and t.label_shade:
                _shade(tc, t.label_shade)


def render(doc: Doc, out_pdf: str, work: str, rng: random.Random | None = None) -> None:
    rng = rng or random.Random(doc.title)
    src = os.path.join(work, "plan.docx")
    build_docx(doc, src, rng)
    profile = os.path.join(work, "lo-profile")
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", work, src],
                       capture_output=True, text=True, timeout=240)
    produced = os.path.join(work, "plan.pdf")
    if p.returncode != 0 or not os.path.exists(produced):
        raise RuntimeError(f"soffice failed ({p.returncode}): {p.stderr[-500:]}")
    os.replace(produced, out_pdf)
