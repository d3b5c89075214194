"""ReportLab platypus: tables with their own paddings, repeated header rows,
ROWBACKGROUNDS zebra, SPAN cells and VALIGN; lists as hanging paragraphs."""

from __future__ import annotations

import html
import os

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (PageBreak as RLPageBreak, Paragraph,
                                SimpleDocTemplate, Spacer as RLSpacer, Table as RLTable,
                                TableStyle)

from .model import Document, Heading, ListBlock, PageBreak, Para, Spacer, Table

TTF = {
    "Liberation Sans": "/usr/share/fonts/truetype/liberation/LiberationSans",
    "Liberation Serif": "/usr/share/fonts/truetype/liberation/LiberationSerif",
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans",
}
BASE14 = {"Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
          "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")}


def _fonts(name: str) -> tuple[str, str, str, str]:
    if name in BASE14:
        return BASE14[name]
    base = TTF.get(name)
    if not base:
        return BASE14["Helvetica"]
    suffixes = {"Liberation": ("-Regular", "-Bold", "-Italic", "-BoldItalic"),
                "DejaVu": ("", "-Bold", "-Oblique", "-BoldOblique")}
    suf = suffixes["DejaVu" if "DejaVu" in name else "Liberation"]
    names = []
    for s in suf:
        fname = f"{name.replace(' ', '')}{s or '-Regular'}"
        path = f"{base}{s}.ttf"
        if not os.path.exists(path):
            return BASE14["Helvetica"]
        if fname not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(fname, path))
        names.append(fname)
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    return tuple(names)


def _markup(rs) -> str:
    out = []
    for r in rs:
        t = html.escape(r.text, quote=False)
        if r.smallcaps:
            t = t.upper()
            t = f'<font size="-1">{t}</font>'
        if r.italic:
            t = f"<i>{t}</i>"
        if r.bold:
            t = f"<b>{t}</b>"
        if r.color:
            t = f'<font color="{r.color}">{t}</font>'
        out.append(t)
    return "".join(out)


def write_rl(doc: Document, path: str, opts: dict) -> None:
    st = doc.style
    font = opts.get("font", st.font)
    reg, bold, ital, _ = _fonts(font)
    size = st.size
    page = landscape(A4) if st.landscape else A4
    t, r, b, l = st.margins_mm
    base = ParagraphStyle("b", fontName=reg, fontSize=size, leading=size * st.line_height,
                          alignment=TA_LEFT, spaceAfter=size * 0.4)
    meta = ParagraphStyle("m", parent=base, spaceAfter=0)
    title = ParagraphStyle("t", parent=base, fontName=bold, fontSize=size * 1.8,
                           leading=size * 2.2, spaceAfter=6)
    hs = {lvl: ParagraphStyle(f"h{lvl}", parent=base, fontName=bold, fontSize=size * sc,
                              leading=size * sc * 1.25, spaceBefore=size * 0.9, spaceAfter=3,
                              textColor=colors.HexColor(st.heading_color) if st.heading_color else colors.black)
          for lvl, sc in ((1, 1.6), (2, 1.3), (3, 1.12), (4, 1.0))}
    cell = ParagraphStyle("c", parent=base, spaceAfter=1, fontSize=size * 0.95,
                          leading=size * 0.95 * 1.2)
    hang = ParagraphStyle("li", parent=base, leftIndent=8 * mm, bulletIndent=0)
    flat = ParagraphStyle("lf", parent=base)
    story = []
    for blk in doc.blocks:
        if isinstance(blk, Heading):
            s = hs[min(blk.level, 4)]
            text = html.escape(blk.text.upper() if blk.upper else blk.text)
            if blk.color:
                text = f'<font color="{blk.color}">{text}</font>'
            story.append(Paragraph(text, s))
        elif isinstance(blk, Para):
            s = {"title": title, "meta": meta, "label": meta}.get(blk.kind, base)
            story.append(Paragraph(_markup(blk.runs), s))
        elif isinstance(blk, Spacer):
            story.append(RLSpacer(1, blk.height))
        elif isinstance(blk, PageBreak):
            story.append(RLPageBreak())
        elif isinstance(blk, ListBlock):
            for it in blk.items:
                if blk.hanging:
                    story.append(Paragraph(_markup(it.paras[0]), hang,
                                           bulletText=it.marker))
                else:
                    story.append(Paragraph(html.escape(it.marker) + " " + _markup(it.paras[0]), flat))
                for extra in it.paras[1:]:
                    story.append(Paragraph(_markup(extra), hang if blk.hanging else flat))
        elif isinstance(blk, Table):
            story.append(_table(blk, cell, page[0] - (l + r) * mm, bold))
            story.append(RLSpacer(1, 6))

    def furniture(canv, d):
        canv.saveState()
        canv.setFont(reg, 8)
        if st.header_text:
            canv.drawRightString(page[0] - r * mm, page[1] - (t * mm) / 2, st.header_text)
        if st.footer_text:
            txt = st.footer_text.replace("{page}", str(d.page)).replace(" av {pages}", "") \
                .replace(" ({pages})", "").replace("/{pages}", "")
            canv.drawCentredString(page[0] / 2, (b * mm) / 2, txt)
        canv.restoreState()

    d = SimpleDocTemplate(path, pagesize=page, topMargin=t * mm, bottomMargin=b * mm,
                          leftMargin=l * mm, rightMargin=r * mm, title=doc.title,
                          author="Socialförvaltningen", invariant=1)
    d.build(story, onFirstPage=furniture, onLaterPages=furniture)


def _table(blk: Table, cell_style, width: float, bold_font: str):
    rows = list(blk.head) + list(blk.body)
    ncols = len(blk.widths)
    total = sum(blk.widths)
    cw = [width * w / total for w in blk.widths]
    data = []
    cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE" if blk.valign == "middle" else "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), blk.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), blk.padding),
            ("TOPPADDING", (0, 0), (-1, -1), blk.padding * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), blk.padding)]
    line = colors.HexColor("#404040")
    if blk.borders in ("all", "separate"):
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, line))
    elif blk.borders == "outer":
        cmds.append(("BOX", (0, 0), (-1, -1), 0.6, line))
    elif blk.borders == "outer_h":
        cmds += [("BOX", (0, 0), (-1, -1), 0.6, line),
                 ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888"))]
    elif blk.borders == "horizontal":
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, line))
    zi = 0
    for ri, row in enumerate(rows):
        cells = []
        for ci in range(ncols):
            c = row.cells[ci] if ci < len(row.cells) else None
            if c is None:
                cells.append("")
                continue
            cells.append([Paragraph(_markup(p), cell_style) for p in c.paras])
            if c.colspan > 1 or c.rowspan > 1:
                cmds.append(("SPAN", (ci, ri), (ci + c.colspan - 1, ri + c.rowspan - 1)))
            if c.fill:
                cmds.append(("BACKGROUND", (ci, ri), (ci, ri), colors.HexColor(c.fill)))
        data.append(cells)
        f = row.fill
        if f is None and row.kind == "head" and blk.head_fill:
            f = blk.head_fill
        if f is None and row.kind == "body" and blk.zebra and zi % 2 == 1:
            f = blk.zebra
        zi = zi + 1 if row.kind == "body" else 0
        if f:
            cmds.append(("BACKGROUND", (0, ri), (-1, ri), colors.HexColor(f)))
    repeat = len(blk.head) if blk.repeat_head else 0
    tab = RLTable(data, colWidths=cw, repeatRows=repeat, style=TableStyle(cmds),
                  splitByRow=1, splitInRow=0 if blk.keep_rows else 1)
    return tab
