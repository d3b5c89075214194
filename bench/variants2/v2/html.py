"""HTML for Chromium, WeasyPrint and wkhtmltopdf.

`grid` chooses how a table is built: real <table>, CSS grid of divs, or
flexbox rows of divs (both without any <table> element)."""

from __future__ import annotations

import html as _html

from .model import (Cell, Document, Heading, ListBlock, PageBreak, Para, Row,
                    Run, Spacer, Table)


def esc(t: str) -> str:
    return _html.escape(t, quote=False)


def run_html(r: Run) -> str:
    t = esc(r.text)
    if r.smallcaps:
        t = f'<span style="font-variant: small-caps">{t}</span>'
    if r.italic:
        t = f"<em>{t}</em>"
    if r.bold:
        t = f"<strong>{t}</strong>"
    if r.color:
        t = f'<span style="color:{r.color}">{t}</span>'
    return t


def runs_html(rs: list[Run]) -> str:
    return "".join(run_html(r) for r in rs)


def _border_css(t: Table) -> tuple[str, str]:
    """(table css, cell css) for the border mode."""
    b = "0.6pt solid #444"
    if t.borders == "all":
        return "border-collapse: collapse;", f"border: {b};"
    if t.borders == "separate":
        return "border-collapse: separate; border-spacing: 2px;", f"border: {b};"
    if t.borders == "outer":
        return f"border-collapse: collapse; border: {b};", "border: none;"
    if t.borders == "outer_h":
        return (f"border-collapse: collapse; border: {b};",
                f"border: none; border-bottom: 0.4pt solid #888;")
    if t.borders == "horizontal":
        return "border-collapse: collapse;", "border: none; border-bottom: 0.5pt solid #666;"
    return "border-collapse: collapse;", "border: none;"


def cell_inner(c: Cell) -> str:
    return "".join(f"<p>{runs_html(p)}</p>" for p in c.paras)


def table_html(t: Table, cls: str) -> str:
    tcss, ccss = _border_css(t)
    total = sum(t.widths)
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in t.widths)
    out = [f'<table class="{cls}" style="width:100%; table-layout: fixed; {tcss}">'
           f"<colgroup>{cols}</colgroup>"]

    def row_html(r: Row, tag: str, i: int) -> str:
        fill = r.fill
        if fill is None and r.kind == "body" and t.zebra and i % 2 == 1:
            fill = t.zebra
        if r.kind == "head" and t.head_fill:
            fill = t.head_fill
        style = f' style="background:{fill}"' if fill else ""
        cells = []
        for c in r.cells:
            if c is None:
                continue
            attrs = ""
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            cst = f"{ccss} padding:{t.padding}pt; vertical-align:{t.valign};"
            if c.fill:
                cst += f" background:{c.fill};"
            if r.kind == "head" and t.head_color:
                cst += f" color:{t.head_color};"
            ctag = "th" if r.kind == "head" else "td"
            cells.append(f'<{ctag}{attrs} style="{cst}">{cell_inner(c)}</{ctag}>')
        return f"<tr{style}>{''.join(cells)}</tr>"

    if t.head:
        thead_css = "" if t.repeat_head else ' style="display: table-row-group"'
        out.append(f"<thead{thead_css}>" + "".join(row_html(r, "th", i) for i, r in enumerate(t.head)) + "</thead>")
    body = []
    zi = 0
    for r in t.body:
        body.append(row_html(r, "td", zi))
        zi = zi + 1 if r.kind == "body" else 0
    out.append("<tbody>" + "".join(body) + "</tbody></table>")
    return "".join(out)


def divgrid_html(t: Table, flex: bool) -> str:
    """A table made of divs: CSS grid (one container, cells placed by the
    grid) or flexbox (one div per row). Spans: colspan only; a rowspan cell
    is printed in its first row and the covered cells stay empty."""
    total = sum(t.widths)
    fr = " ".join(f"{w / total * 100:.2f}%" for w in t.widths)
    _, ccss = _border_css(t)
    if t.borders in ("outer", "none"):
        ccss = "border: none;"
    out = []
    pad = f"padding:{t.padding}pt;"

    def cell_div(c: Cell | None, fill: str | None, head: bool, span_cols: int,
                 width: float) -> str:
        inner = cell_inner(c) if c else ""
        st = f"{ccss} {pad} box-sizing: border-box;"
        if head:
            st += " font-weight: bold;"
            if t.head_color:
                st += f" color:{t.head_color};"
        f = (c.fill if c and c.fill else None) or fill
        if f:
            st += f" background:{f};"
        if t.valign == "middle":
            st += " display:flex; flex-direction:column; justify-content:center;"
        if flex:
            st += f" flex: 0 0 {width:.2f}%;"
        elif span_cols > 1:
            st += f" grid-column: span {span_cols};"
        return f'<div class="c" style="{st}">{inner}</div>'

    def row_divs(r: Row, i: int) -> list[str]:
        fill = r.fill
        if fill is None and r.kind == "body" and t.zebra and i % 2 == 1:
            fill = t.zebra
        if r.kind == "head" and t.head_fill:
            fill = t.head_fill
        cells = []
        col = 0
        skip = 0
        for c in r.cells:
            if skip:
                skip -= 1  # covered by the colspan on its left
                continue
            span = c.colspan if c else 1
            skip = span - 1
            width = sum(t.widths[col:col + span]) / total * 100
            cells.append(cell_div(c, fill, r.kind == "head", span, width))
            col += span
        return cells

    rows = list(t.head) + list(t.body)
    if flex:
        zi = 0
        for r in rows:
            cells = row_divs(r, zi)
            zi = zi + 1 if r.kind == "body" else 0
            out.append('<div class="r" style="display:flex; break-inside: avoid;">'
                       + "".join(cells) + "</div>")
        return '<div class="flextable">' + "".join(out) + "</div>"
    # Grid: rows are implicit; each row's cells in order.
    zi = 0
    for r in rows:
        out.extend(row_divs(r, zi))
        zi = zi + 1 if r.kind == "body" else 0
    return (f'<div class="gridtable" style="display:grid; grid-template-columns:{fr};">'
            + "".join(out) + "</div>")


def list_html(lb: ListBlock) -> str:
    items = []
    for it in lb.items:
        first = runs_html(it.paras[0]) if it.paras else ""
        rest = "".join(f"<p>{runs_html(p)}</p>" for p in it.paras[1:])
        if lb.hanging:
            items.append(f'<div class="li hang"><span class="mk">{esc(it.marker)}</span>'
                         f'<div class="lt"><p>{first}</p>{rest}</div></div>')
        else:
            items.append(f'<div class="li flat"><p>{esc(it.marker)} {first}</p>{rest}</div>')
    return '<div class="list">' + "".join(items) + "</div>"


def body_html(doc: Document, grid: str = "table") -> str:
    parts = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            st = ""
            if b.color:
                st += f"color:{b.color};"
            if b.upper:
                st += "text-transform: uppercase;"
            if b.underline:
                st += "border-bottom: 1pt solid currentColor;"
            lvl = min(max(b.level, 1), 4)
            parts.append(f'<h{lvl} style="{st}">{esc(b.text)}</h{lvl}>')
        elif isinstance(b, Para):
            st = f"margin-left:{b.indent}mm;" if b.indent else ""
            if b.space_before is not None:
                st += f"margin-top:{b.space_before}pt;"
            if b.align != "left":
                st += f"text-align:{b.align};"
            parts.append(f'<p class="{b.kind}" style="{st}">{runs_html(b.runs)}</p>')
        elif isinstance(b, ListBlock):
            parts.append(list_html(b))
        elif isinstance(b, Table):
            if grid == "table":
                parts.append(table_html(b, "t"))
            else:
                parts.append(divgrid_html(b, flex=(grid == "flex")))
        elif isinstance(b, PageBreak):
            parts.append('<div style="break-after: page; page-break-after: always"></div>')
        elif isinstance(b, Spacer):
            parts.append(f'<div style="height:{b.height}pt"></div>')
    return "\n".join(parts)


def css(doc: Document, engine: str) -> str:
    s = doc.style
    t, r, b, l = s.margins_mm
    size = "A4 landscape" if s.landscape else "A4"
    hfont = s.heading_font or s.font
    hc = f"color:{s.heading_color};" if s.heading_color else ""
    page = ""
    if engine == "weasyprint":
        page = f"""@page {{ size: {size}; margin: {t}mm {r}mm {b}mm {l}mm;
  @top-right {{ content: "{s.header_text}"; font-size: 8pt; color: #555; }}
  @bottom-center {{ content: "{s.footer_text.replace('{page}', '" counter(page) "').replace('{pages}', '" counter(pages) "')}"; font-size: 8pt; }} }}"""
    elif engine == "chromium":
        page = f"@page {{ size: {size}; margin: {t}mm {r}mm {b}mm {l}mm; }}"
    cols = f"column-count: {s.columns}; column-gap: 8mm;" if s.columns > 1 else ""
    return f"""{page}
body {{ font-family: "{s.font}", sans-serif; font-size: {s.size}pt; line-height: {s.line_height}; margin: 0; {cols} }}
h1 {{ font-family: "{hfont}"; font-size: {s.size * 1.7:.1f}pt; margin: 0 0 6pt 0; {hc} }}
h2 {{ font-family: "{hfont}"; font-size: {s.size * 1.35:.1f}pt; margin: 12pt 0 4pt 0; {hc} }}
h3 {{ font-family: "{hfont}"; font-size: {s.size * 1.15:.1f}pt; margin: 10pt 0 3pt 0; {hc} }}
h4 {{ font-family: "{hfont}"; font-size: {s.size:.1f}pt; margin: 8pt 0 2pt 0; }}
p {{ margin: 0 0 4pt 0; }}
td p, th p, .c p {{ margin: 0 0 2pt 0; }}
td, th, .c {{ overflow-wrap: anywhere; word-wrap: break-word; {'hyphens: auto;' if engine == 'weasyprint' else ''} }}
th {{ text-align: left; }}
p.title {{ font-size: {s.size * 1.8:.1f}pt; font-weight: bold; margin-bottom: 6pt; }}
p.subtitle {{ font-size: {s.size * 1.2:.1f}pt; }}
p.meta {{ margin: 0; }}
p.small {{ font-size: {s.size * 0.85:.1f}pt; color: #444; }}
table.t {{ margin: 4pt 0 10pt 0; }}
tr {{ break-inside: auto; }}
.li {{ margin: 0 0 6pt 0; }}
.li.hang {{ display: flex; }}
.li.hang .mk {{ flex: 0 0 8mm; }}
.li.hang .lt {{ flex: 1; }}
.gridtable, .flextable {{ margin: 4pt 0 10pt 0; }}
"""


def page_html(doc: Document, engine: str, grid: str = "table", extra_css: str = "",
              before: str = "", after: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="{doc.lang}"><head><meta charset="utf-8"><title>{esc(doc.title)}</title>
<style>{css(doc, engine)}{extra_css}</style></head>
<body>{before}{body_html(doc, grid)}{after}</body></html>
"""
