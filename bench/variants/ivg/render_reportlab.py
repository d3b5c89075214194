"""ReportLab (platypus): the PDFs case-management and reporting systems write.
Rows split inside a cell across pages (splitInRow), header rows repeat
(repeatRows), group rows span the table; fonts are embedded TrueType subsets."""

from __future__ import annotations

import subprocess
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (PageBreak as RLPageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                Table as RLTable, TableStyle)

from .model import Doc, Heading, Item, Para, PageBreak, Table

_registered: dict[str, tuple[str, str]] = {}


def fonts(family: str) -> tuple[str, str]:
    """Registers the family's regular and bold faces (found with fc-match)."""
    if family in _registered:
        return _registered[family]
    names = []
    for style in ("", ":bold"):
        path = subprocess.run(["fc-match", "-f", "%{file}", family + style], capture_output=True,
                              text=True, check=True).stdout.strip()
        name = family.replace(" ", "") + ("-Bold" if style else "")
        pdfmetrics.registerFont(TTFont(name, path))
        names.append(name)
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0],
                                  boldItalic=names[1])
    _registered[family] = (names[0], names[1])
    return _registered[family]


def markup(runs) -> str:
    out = []
    for r in runs:
        t = escape(r.text)
        out.append(f"<b>{t}</b>" if r.bold else t)
    return "".join(out)


def render(doc: Doc, out_pdf: str) -> None:
    regular, bold = fonts(doc.font)
    size = doc.size
    st = {
        "body": ParagraphStyle("body", fontName=regular, fontSize=size, leading=size * 1.25,
                               spaceBefore=size * 0.5, alignment=TA_LEFT),
        "tight": ParagraphStyle("tight", fontName=regular, fontSize=size, leading=size * 1.25,
                                spaceBefore=1),
        "meta": ParagraphStyle("meta", fontName=regular, fontSize=size, leading=size * 1.2),
        "small": ParagraphStyle("small", fontName=regular, fontSize=size - 1.5, leading=size * 1.1),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=size - 1, leading=(size - 1) * 1.2),
        "item": ParagraphStyle("item", fontName=regular, fontSize=size, leading=size * 1.25,
                               leftIndent=8 * mm, bulletIndent=0, spaceBefore=size * 0.5),
        "itemcont": ParagraphStyle("itemcont", fontName=regular, fontSize=size,
                                   leading=size * 1.25, leftIndent=8 * mm),
    }
    for lvl, pt in {1: 16, 2: 13, 3: 11}.items():
        st[f"h{lvl}"] = ParagraphStyle(f"h{lvl}", fontName=bold, fontSize=pt, leading=pt * 1.25,
                                       spaceBefore=pt * 0.8, spaceAfter=pt * 0.3)
    pagesize = landscape(A4) if doc.landscape else A4
    width = pagesize[0] - 36 * mm

    def make_story():
        story = []
        for b in doc.blocks:
            add(story, b)
        return story

    def add(story, b):
        if isinstance(b, Heading):
            story.append(Paragraph(escape(b.text), st[f"h{min(b.level, 3)}"]))
        elif isinstance(b, Para):
            style = st["tight"] if not b.space_before and b.style == "body" else st[b.style]
            story.append(Paragraph(markup(b.runs), style))
        elif isinstance(b, Item):
            first, *rest = b.paras
            story.append(Paragraph(markup(first), st["item"], bulletText=b.marker or None))
            story += [Paragraph(markup(p), st["itemcont"]) for p in rest]
        elif isinstance(b, Table):
            story.append(Spacer(1, 4))
            story.append(table(b, width, st["cell"]))
            story.append(Spacer(1, 6))
        elif isinstance(b, PageBreak):
            story.append(RLPageBreak())

    def furniture(total):
        def draw(canvas, d):
            canvas.saveState()
            canvas.setFont(regular, 7.5)
            top = pagesize[1] - 12 * mm
            canvas.drawString(18 * mm, top, doc.header_left)
            canvas.drawRightString(pagesize[0] - 18 * mm, top, doc.header_right)
            canvas.drawString(18 * mm, 10 * mm, doc.footer_left)
            right = doc.footer_right.format(page=d.page, pages=total)
            canvas.drawRightString(pagesize[0] - 18 * mm, 10 * mm, right)
            canvas.restoreState()
        return draw

    def build(total):
        d = SimpleDocTemplate(out_pdf, pagesize=pagesize, leftMargin=18 * mm, rightMargin=18 * mm,
                              topMargin=20 * mm, bottomMargin=18 * mm, title=doc.title,
                              author="", creator="")
        d.build(make_story(), onFirstPage=furniture(total), onLaterPages=furniture(total))
        return d.page

    pages = build(0)  # first pass counts the pages for "Sida x av N"
    build(pages)


def table(t: Table, width: float, cell_style: ParagraphStyle) -> RLTable:
    cols = max(len(r.cells) for r in t.rows)
    # No column narrower than its longest word: ReportLab splits a word that
    # does not fit inside the word, which no word processor does.
    total = sum(t.widths)
    widths = [width * w / total for w in t.widths]
    need = [0.0] * cols
    bold = cell_style.fontName + "-Bold"
    for r in t.rows:
        if r.kind == "group":
            continue
        for i, c in enumerate(r.cells):
            for p in c.paras:
                for run in p:
                    for word in run.text.split():
                        w = pdfmetrics.stringWidth(word, bold if run.bold else cell_style.fontName,
                                                   cell_style.fontSize)
                        need[i] = max(need[i], w + 8)
    for _ in range(3):
        short = sum(need[i] - w for i, w in enumerate(widths) if w < need[i])
        slack = sum(w - need[i] for i, w in enumerate(widths) if w > need[i])
        if short <= 0 or slack <= 0:
            break
        k = min(1.0, short / slack)
        widths = [need[i] if w <= need[i] else w - k * (w - need[i]) for i, w in enumerate(widths)]
    data, cmds = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    n_header = 0
    for i, r in enumerate(t.rows):
        cells = [[Paragraph(markup(p), cell_style) for p in c.paras] for c in r.cells]
        if r.kind == "group":
            data.append(cells + [""] * (cols - 1))
            cmds.append(("SPAN", (0, i), (-1, i)))
            if t.group_shade:
                cmds.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor(t.group_shade)))
            continue
        data.append(cells)
        if r.kind == "header":
            n_header = i + 1
            if t.header_shade:
                cmds.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor(t.header_shade)))
    if t.label_shade:
        cmds.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor(t.label_shade)))
    if t.rules in ("grid", "separate"):
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif t.rules == "hrules":
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey))
        cmds.append(("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black))
    return RLTable(data, colWidths=widths, repeatRows=n_header if t.repeat_header else 0,
                   style=TableStyle(cmds), splitInRow=0 if t.keep_rows else 1, hAlign="LEFT")
