"""Word documents (python-docx) for LibreOffice to print.

Tables use Word's own table styles where the spec asks ("Light List Accent 1",
banded rows, header shading) or direct borders: only the outer border, no
vertical borders, every border."""

from __future__ import annotations

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .model import Document, Heading, ListBlock, PageBreak, Para, Row, Spacer, Table

WORD_TABLE_STYLES = ["Light List Accent 1", "Light Shading Accent 1", "Medium Shading 1 Accent 1",
                     "Light Grid Accent 1", "Table Grid", "Medium List 1 Accent 1"]


def _rgb(hexs: str) -> RGBColor:
    h = hexs.lstrip("#")
    return RGBColor(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def _add_runs(par, rs, size=None):
    for r in rs:
        run = par.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.smallcaps:
            run.font.small_caps = True
        if r.color:
            run.font.color.rgb = _rgb(r.color)
        if size:
            run.font.size = Pt(size)


def _shade(cell, fill: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#"))
    tcPr.append(shd)


def _borders(table, mode: str) -> None:
    tblPr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    spec = {
        "all": dict(top=1, left=1, bottom=1, right=1, insideH=1, insideV=1),
        "outer": dict(top=1, left=1, bottom=1, right=1, insideH=0, insideV=0),
        "outer_h": dict(top=1, left=1, bottom=1, right=1, insideH=1, insideV=0),
        "horizontal": dict(top=1, left=0, bottom=1, right=0, insideH=1, insideV=0),
        "none": dict(top=0, left=0, bottom=0, right=0, insideH=0, insideV=0),
        "separate": dict(top=1, left=1, bottom=1, right=1, insideH=1, insideV=1),
    }[mode]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        if spec[side]:
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), "6")
            e.set(qn("w:color"), "404040")
        else:
            e.set(qn("w:val"), "nil")
        b.append(e)
    tblPr.append(b)


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    e = OxmlElement("w:tblHeader")
    e.set(qn("w:val"), "true")
    trPr.append(e)


def _cant_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))


def _cell_margins(table, pt: float) -> None:
    tblPr = table._tbl.tblPr
    m = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(int(pt * 20)))
        e.set(qn("w:type"), "dxa")
        m.append(e)
    tblPr.append(m)


def _page_field(par) -> None:
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = par.add_run()
        if kind:
            f = OxmlElement("w:fldChar")
            f.set(qn("w:fldCharType"), kind)
            run._r.append(f)
        else:
            t = OxmlElement("w:instrText")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            run._r.append(t)


def write_docx(doc: Document, path: str, opts: dict) -> None:
    st = doc.style
    d = Docx()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if st.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    t, r, b, l = st.margins_mm
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = Mm(t), Mm(r), Mm(b), Mm(l)
    normal = d.styles["Normal"]
    normal.font.name = st.font
    normal.font.size = Pt(st.size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), st.font)
    for hn, scale in (("Heading 1", 1.6), ("Heading 2", 1.3), ("Heading 3", 1.12), ("Title", 2.0)):
        hs = d.styles[hn]
        hs.font.name = st.heading_font or st.font
        hs.font.size = Pt(st.size * scale)
        hs.font.color.rgb = _rgb(st.heading_color) if st.heading_color else RGBColor(0, 0, 0)
    if st.header_text:
        hp = sec.header.paragraphs[0]
        hp.text = st.header_text
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in hp.runs:
            run.font.size = Pt(8)
    if st.footer_text:
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pre, _, post = st.footer_text.partition("{page}")
        fp.add_run(pre.replace("{pages}", ""))
        _page_field(fp)
        fp.add_run(post.replace(" av {pages}", "").replace(" ({pages})", "").replace("/{pages}", ""))
    usable = (297 if st.landscape else 210) - l - r
    table_style = opts.get("table_style")
    for blk in doc.blocks:
        if isinstance(blk, Heading):
            h = d.add_heading(blk.text.upper() if blk.upper else blk.text, level=min(blk.level, 3))
            if blk.color:
                for run in h.runs:
                    run.font.color.rgb = _rgb(blk.color)
        elif isinstance(blk, Para):
            if blk.kind == "title":
                par = d.add_paragraph(style="Title")
            else:
                par = d.add_paragraph()
            _add_runs(par, blk.runs, size=st.size * 0.85 if blk.kind == "small" else None)
            pf = par.paragraph_format
            if blk.kind in ("meta", "label"):
                pf.space_after = Pt(0)
            if blk.indent:
                pf.left_indent = Mm(blk.indent)
        elif isinstance(blk, ListBlock):
            for it in blk.items:
                if blk.auto:
                    par = d.add_paragraph(style="List Number")
                    _add_runs(par, it.paras[0])
                else:
                    par = d.add_paragraph()
                    pf = par.paragraph_format
                    if blk.hanging:
                        pf.left_indent = Mm(8)
                        pf.first_line_indent = Mm(-8)
                        pf.tab_stops.add_tab_stop(Mm(8))
                        par.add_run(it.marker + "\t")
                    else:
                        par.add_run(it.marker + " ")
                    _add_runs(par, it.paras[0])
                for extra in it.paras[1:]:
                    p2 = d.add_paragraph()
                    p2.paragraph_format.left_indent = Mm(8 if blk.hanging else 0)
                    _add_runs(p2, extra)
        elif isinstance(blk, Table):
            _table(d, blk, usable, table_style)
        elif isinstance(blk, PageBreak):
            d.add_page_break()
        elif isinstance(blk, Spacer):
            sp = d.add_paragraph()
            sp.paragraph_format.space_after = Pt(0)
            sp.paragraph_format.line_spacing = Pt(max(blk.height, 2))
    d.core_properties.author = "Socialförvaltningen"
    d.core_properties.title = doc.title
    d.save(path)


def _table(d, blk: Table, usable_mm: float, table_style: str | None) -> None:
    rows: list[Row] = list(blk.head) + list(blk.body)
    ncols = len(blk.widths)
    tab = d.add_table(rows=len(rows), cols=ncols)
    if table_style:
        tab.style = d.styles[table_style]
        # Banded rows and a header row in the style's look.
        look = OxmlElement("w:tblLook")
        look.set(qn("w:val"), "04A0")
        look.set(qn("w:firstRow"), "1" if blk.head else "0")
        look.set(qn("w:noHBand"), "0")
        look.set(qn("w:noVBand"), "1")
        look.set(qn("w:firstColumn"), "0")
        tab._tbl.tblPr.append(look)
    else:
        _borders(tab, blk.borders)
    _cell_margins(tab, blk.padding)
    tab.autofit = False
    total = sum(blk.widths)
    widths = [Mm(usable_mm * w / total) for w in blk.widths]
    # LibreOffice lays out by the table grid, Word by the cells: set both.
    for col, w in zip(tab.columns, widths):
        col.width = w
    # Spans first, so cells are addressed before merging.
    merges = []
    for ri, row in enumerate(rows):
        for ci, c in enumerate(row.cells):
            if c is None:
                continue
            if c.colspan > 1 or c.rowspan > 1:
                merges.append((ri, ci, ri + c.rowspan - 1, ci + c.colspan - 1))
    zi = 0
    for ri, row in enumerate(rows):
        trow = tab.rows[ri]
        if row.kind == "head" and blk.repeat_head:
            _repeat_header(trow)
        if blk.keep_rows:
            _cant_split(trow)
        fill = row.fill
        if fill is None and row.kind == "head" and blk.head_fill:
            fill = blk.head_fill
        if fill is None and row.kind == "body" and blk.zebra and zi % 2 == 1:
            fill = blk.zebra
        zi = zi + 1 if row.kind == "body" else 0
        for ci in range(ncols):
            cell = trow.cells[ci]
            cell.width = widths[ci]
            if blk.valign == "middle":
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            c = row.cells[ci] if ci < len(row.cells) else None
            if c is None:
                continue
            f = c.fill or fill
            if f and not table_style:
                _shade(cell, f)
            elif f and row.kind == "group":
                _shade(cell, f)
            first = True
            for para in c.paras:
                par = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                par.paragraph_format.space_after = Pt(0)
                _add_runs(par, para, size=None)
                if row.kind == "head" and blk.head_color:
                    for run in par.runs:
                        run.font.color.rgb = _rgb(blk.head_color)
    for r0, c0, r1, c1 in merges:
        a = tab.cell(r0, c0)
        bcell = tab.cell(r1, c1)
        keep = [p for p in a.paragraphs]
        a.merge(bcell)
        # merge() appends the covered cells' (empty) paragraphs: drop them.
        merged = tab.cell(r0, c0)
        for p in merged.paragraphs[len(keep):]:
            if not p.text.strip():
                p._p.getparent().remove(p._p)
    d.add_paragraph().paragraph_format.space_after = Pt(2)
