"""OpenDocument text written directly with odfpy, for LibreOffice to print.

Tables get header rows that repeat (table:table-header-rows) or not, cell
borders per mode, backgrounds, vertical alignment and row/column spans;
lists are real text:list elements with their own list style."""

from __future__ import annotations

import itertools

from odf.opendocument import OpenDocumentText
from odf.style import (FontFace, Footer, Header, ListLevelProperties,
                       MasterPage, PageLayout, PageLayoutProperties, ParagraphProperties, Style,
                       TableCellProperties, TableColumnProperties, TableProperties,
                       TableRowProperties, TextProperties)
from odf.table import (CoveredTableCell, Table as OTable, TableCell, TableColumn,
                       TableHeaderRows, TableRow)
from odf.text import H, List, ListItem as OListItem, ListLevelStyleBullet, ListLevelStyleNumber
from odf.text import ListStyle, P, PageCount, PageNumber, Span

from .model import Document, Heading, ListBlock, PageBreak, Para, Spacer, Table

_ids = itertools.count(1)


def _name(prefix: str) -> str:
    return f"{prefix}{next(_ids)}"


def write_odt(doc: Document, path: str, opts: dict) -> None:
    st = doc.style
    o = OpenDocumentText()
    o.fontfacedecls.addElement(FontFace(name=st.font, fontfamily=st.font, fontfamilygeneric="swiss",
                                        fontpitch="variable"))
    w, h = ("297mm", "210mm") if st.landscape else ("210mm", "297mm")
    t, r, b, l = st.margins_mm
    pl = PageLayout(name="PL")
    pl.addElement(PageLayoutProperties(pagewidth=w, pageheight=h, margintop=f"{t}mm",
                                       marginbottom=f"{b}mm", marginleft=f"{l}mm",
                                       marginright=f"{r}mm",
                                       printorientation="landscape" if st.landscape else "portrait"))
    o.automaticstyles.addElement(pl)
    mp = MasterPage(name="Standard", pagelayoutname=pl)
    small = Style(name="Furniture", family="paragraph")
    small.addElement(TextProperties(fontsize="8pt", fontname=st.font, color="#555555"))
    small.addElement(ParagraphProperties(textalign="end"))
    o.styles.addElement(small)
    if st.header_text:
        hd = Header()
        hd.addElement(P(stylename=small, text=st.header_text))
        mp.addElement(hd)
    if st.footer_text:
        ft = Footer()
        fpar = P(stylename=small)
        pre, _, post = st.footer_text.partition("{page}")
        fpar.addText(pre)
        fpar.addElement(PageNumber(selectpage="current", text="1"))
        if "{pages}" in post:
            a, _, c = post.partition("{pages}")
            fpar.addText(a)
            fpar.addElement(PageCount(text="1"))
            fpar.addText(c)
        else:
            fpar.addText(post)
        ft.addElement(fpar)
        mp.addElement(ft)
    o.masterstyles.addElement(mp)

    body = Style(name="Body", family="paragraph")
    body.addElement(TextProperties(fontname=st.font, fontsize=f"{st.size}pt"))
    body.addElement(ParagraphProperties(marginbottom="4pt", lineheight=f"{int(st.line_height * 100)}%"))
    o.styles.addElement(body)
    meta = Style(name="Meta", family="paragraph", parentstylename=body)
    meta.addElement(ParagraphProperties(marginbottom="0pt"))
    o.styles.addElement(meta)
    title = Style(name="TitleP", family="paragraph", parentstylename=body)
    title.addElement(TextProperties(fontsize=f"{st.size * 1.8:.1f}pt", fontweight="bold"))
    title.addElement(ParagraphProperties(marginbottom="6pt"))
    o.styles.addElement(title)
    cellp = Style(name="CellP", family="paragraph", parentstylename=body)
    cellp.addElement(ParagraphProperties(marginbottom="1pt"))
    o.styles.addElement(cellp)
    hstyles = {}
    for lvl, scale in ((1, 1.6), (2, 1.3), (3, 1.12), (4, 1.0)):
        hs = Style(name=f"Heading{lvl}", family="paragraph", parentstylename=body,
                   defaultoutlinelevel=str(lvl))
        kw = dict(fontsize=f"{st.size * scale:.1f}pt", fontweight="bold")
        if st.heading_color:
            kw["color"] = st.heading_color
        hs.addElement(TextProperties(**kw))
        hs.addElement(ParagraphProperties(margintop="10pt", marginbottom="4pt", keepwithnext="always"))
        o.styles.addElement(hs)
        hstyles[lvl] = hs
    brk = Style(name="Break", family="paragraph", parentstylename=body)
    brk.addElement(ParagraphProperties(breakbefore="page"))
    o.automaticstyles.addElement(brk)

    span_styles: dict = {}

    def span_style(bold, italic, sc, color):
        key = (bold, italic, sc, color)
        if key not in span_styles:
            s = Style(name=_name("T"), family="text")
            kw = {}
            if bold:
                kw["fontweight"] = "bold"
            if italic:
                kw["fontstyle"] = "italic"
            if sc:
                kw["fontvariant"] = "small-caps"
            if color:
                kw["color"] = color
            s.addElement(TextProperties(**kw))
            o.automaticstyles.addElement(s)
            span_styles[key] = s
        return span_styles[key]

    def fill(par, rs):
        for r in rs:
            if r.bold or r.italic or r.smallcaps or r.color:
                par.addElement(Span(stylename=span_style(r.bold, r.italic, r.smallcaps, r.color),
                                    text=r.text))
            else:
                par.addText(r.text)
        return par

    pending_break = False
    for blk in doc.blocks:
        if isinstance(blk, PageBreak):
            pending_break = True
            continue
        if pending_break:
            o.text.addElement(P(stylename=brk))
            pending_break = False
        if isinstance(blk, Heading):
            hs = hstyles[min(blk.level, 4)]
            if blk.color:
                hs2 = Style(name=_name("H"), family="paragraph", parentstylename=hs)
                hs2.addElement(TextProperties(color=blk.color))
                o.automaticstyles.addElement(hs2)
                hs = hs2
            o.text.addElement(H(outlinelevel=blk.level, stylename=hs,
                                text=blk.text.upper() if blk.upper else blk.text))
        elif isinstance(blk, Para):
            s = {"title": title, "meta": meta, "label": meta}.get(blk.kind, body)
            if blk.indent:
                s2 = Style(name=_name("P"), family="paragraph", parentstylename=s)
                s2.addElement(ParagraphProperties(marginleft=f"{blk.indent}mm"))
                o.automaticstyles.addElement(s2)
                s = s2
            o.text.addElement(fill(P(stylename=s), blk.runs))
        elif isinstance(blk, Spacer):
            sp = Style(name=_name("S"), family="paragraph")
            sp.addElement(TextProperties(fontsize=f"{max(blk.height, 2):.0f}pt"))
            o.automaticstyles.addElement(sp)
            o.text.addElement(P(stylename=sp))
        elif isinstance(blk, ListBlock):
            o.text.addElement(_list(o, blk, body, fill, opts))
        elif isinstance(blk, Table):
            o.text.addElement(_table(o, blk, st, cellp, fill))
    o.save(path)


def _list(o, blk: ListBlock, body, fill, opts):
    ls = ListStyle(name=_name("L"))
    first = blk.items[0].marker if blk.items else "•"
    indent = "8mm" if blk.hanging else "0mm"
    if first[:1].isdigit() or first[:1].isalpha() and first.endswith(")"):
        fmt = "a" if first[:1].isalpha() else "1"
        suffix = first[-1] if first[-1] in ".)" else "."
        lvl = ListLevelStyleNumber(level=1, numformat=fmt, numsuffix=suffix)
    else:
        lvl = ListLevelStyleBullet(level=1, bulletchar=first[:1])
    props = ListLevelProperties(spacebefore="0mm", minlabelwidth=indent if blk.hanging else "5mm")
    lvl.addElement(props)
    ls.addElement(lvl)
    o.automaticstyles.addElement(ls)
    lst = List(stylename=ls)
    if opts.get("continue_numbering"):
        lst.setAttribute("continuenumbering", "true")
    for it in blk.items:
        li = OListItem()
        for k, para in enumerate(it.paras):
            li.addElement(fill(P(stylename=body), para))
        lst.addElement(li)
    return lst


def _table(o, blk: Table, st, cellp, fill):
    tname = _name("Tab")
    ts = Style(name=tname, family="table")
    usable = (297 if st.landscape else 210) - st.margins_mm[1] - st.margins_mm[3]
    ts.addElement(TableProperties(width=f"{usable}mm", align="left", margintop="3pt",
                                  marginbottom="8pt"))
    o.automaticstyles.addElement(ts)
    table = OTable(name=tname, stylename=ts)
    total = sum(blk.widths)
    for w in blk.widths:
        cs = Style(name=_name("Col"), family="table-column")
        cs.addElement(TableColumnProperties(columnwidth=f"{usable * w / total:.2f}mm"))
        o.automaticstyles.addElement(cs)
        table.addElement(TableColumn(stylename=cs))
    line = "0.5pt solid #404040"
    cell_styles: dict = {}

    def cstyle(fillc, pos):
        """pos: (is_first_row, is_last_row, is_first_col, is_last_col)."""
        key = (fillc, pos)
        if key in cell_styles:
            return cell_styles[key]
        top, bottom, first_col, last_col = pos
        kw = dict(padding=f"{blk.padding}pt",
                  verticalalign="middle" if blk.valign == "middle" else "top")
        mode = blk.borders
        if mode in ("all", "separate"):
            kw["border"] = line
        elif mode == "outer":
            kw.update(bordertop=line if top else "none", borderbottom=line if bottom else "none",
                      borderleft=line if first_col else "none", borderright=line if last_col else "none")
        elif mode == "outer_h":
            kw.update(bordertop=line, borderbottom=line,
                      borderleft=line if first_col else "none", borderright=line if last_col else "none")
        elif mode == "horizontal":
            kw.update(bordertop=line if top else "none", borderbottom=line,
                      borderleft="none", borderright="none")
        else:
            kw["border"] = "none"
        if fillc:
            kw["backgroundcolor"] = fillc
        s = Style(name=_name("C"), family="table-cell")
        s.addElement(TableCellProperties(**kw))
        o.automaticstyles.addElement(s)
        cell_styles[key] = s
        return s

    rows = list(blk.head) + list(blk.body)
    ncols = len(blk.widths)
    head_el = TableHeaderRows() if blk.head and blk.repeat_head else None
    if head_el is not None:
        table.addElement(head_el)
    zi = 0
    for ri, row in enumerate(rows):
        rs = None
        if blk.keep_rows:
            rs = Style(name=_name("R"), family="table-row")
            rs.addElement(TableRowProperties(keeptogether="always"))
            o.automaticstyles.addElement(rs)
        tr = TableRow(stylename=rs) if rs else TableRow()
        rfill = row.fill
        if rfill is None and row.kind == "head" and blk.head_fill:
            rfill = blk.head_fill
        if rfill is None and row.kind == "body" and blk.zebra and zi % 2 == 1:
            rfill = blk.zebra
        zi = zi + 1 if row.kind == "body" else 0
        for ci in range(ncols):
            c = row.cells[ci] if ci < len(row.cells) else None
            if c is None:
                tr.addElement(CoveredTableCell())
                continue
            pos = (ri == 0, ri + c.rowspan - 1 == len(rows) - 1, ci == 0, ci + c.colspan - 1 == ncols - 1)
            attrs = {"stylename": cstyle(c.fill or rfill, pos), "valuetype": "string"}
            if c.colspan > 1:
                attrs["numbercolumnsspanned"] = c.colspan
            if c.rowspan > 1:
                attrs["numberrowsspanned"] = c.rowspan
            tc = TableCell(**attrs)
            for para in c.paras:
                tc.addElement(fill(P(stylename=cellp), para))
            tr.addElement(tc)
        if row.kind == "head" and head_el is not None:
            head_el.addElement(tr)
        else:
            table.addElement(tr)
    return table
