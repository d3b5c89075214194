"""HTML for the browser-engine producers: Chromium (print to PDF), WeasyPrint and
wkhtmltopdf. Running headers and footers are CSS page-margin boxes (Chromium
>= 131 and WeasyPrint); a printed web page keeps the browser's furniture (date,
title, URL, page x/y: Chromium's own, drawn by hand for WeasyPrint)."""

from __future__ import annotations

import html
import os
import subprocess
import tempfile

from .model import Doc, Heading, Item, Para, PageBreak, Table

RULES_CSS = {
    "grid": "table.t{border-collapse:collapse} table.t td,table.t th{border:0.6pt solid #000}",
    "hrules": "table.t{border-collapse:collapse} table.t td,table.t th{border-bottom:0.6pt solid #666}"
              " table.t tr.h td{border-bottom:1.2pt solid #000}",
    "none": "table.t{border-collapse:collapse} table.t td{border:none}",
    "separate": "table.t{border-collapse:separate;border-spacing:2px} table.t td{border:1px solid #9a9a9a}",
}


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def runs_html(runs) -> str:
    out = []
    for r in runs:
        t = esc(r.text)
        if r.bold:
            t = f"<b>{t}</b>"
        if r.italic:
            t = f"<i>{t}</i>"
        out.append(t)
    return "".join(out)


def css_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def margin_content(template: str) -> str:
    """A footer template ('Sida {page} av {pages}') as CSS content."""
    parts = []
    rest = template
    while rest:
        i = rest.find("{")
        if i < 0:
            parts.append(css_string(rest))
            break
        if i:
            parts.append(css_string(rest[:i]))
        j = rest.index("}", i)
        parts.append(f"counter({rest[i + 1:j]})")
        rest = rest[j + 1:]
    return " ".join(parts) or '""'


def table_html(t: Table, ncols_hint: int) -> str:
    cols = max(len(r.cells) for r in t.rows)
    total = sum(t.widths) or 1
    out = [f'<table class="t{" small" if t.small else ""}">',
           "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in t.widths)
           + "</colgroup>"]
    head = [r for r in t.rows if r.kind == "header"]
    body = [r for r in t.rows if r.kind != "header"]
    if head and t.repeat_header:
        out.append("<thead>")
        out += [row_html(r, cols, t) for r in head]
        out.append("</thead><tbody>")
    else:
        out.append("<tbody>")
        out += [row_html(r, cols, t) for r in head]
    out += [row_html(r, cols, t) for r in body]
    out.append("</tbody></table>")
    return "\n".join(out)


def row_html(r, cols: int, t: Table) -> str:
    style = ' style="page-break-inside:avoid;break-inside:avoid"' if t.keep_rows else ""
    if r.kind == "group":
        bg = f"background:{t.group_shade};" if t.group_shade else ""
        return (f'<tr class="g"{style}><td colspan="{cols}" style="{bg}font-weight:bold">'
                + "".join(f"<p>{runs_html(p)}</p>" for p in r.cells[0].paras) + "</td></tr>")
    cls = ' class="h"' if r.kind == "header" else ""
    cells = []
    for i, c in enumerate(r.cells):
        bg = ""
        if r.kind == "header" and t.header_shade:
            bg = f' style="background:{t.header_shade}"'
        elif i == 0 and t.label_shade:
            bg = f' style="background:{t.label_shade}"'
        cells.append(f"<td{bg}>" + "".join(f"<p>{runs_html(p)}</p>" for p in c.paras) + "</td>")
    return f"<tr{cls}{style}>" + "".join(cells) + "</tr>"


def body_html(doc: Doc) -> str:
    out = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            lvl = min(b.level, 3)
            style = f' style="font-size:{1.0 + 0.15 * b.size_step + (0.5 if lvl == 1 else 0.25 if lvl == 2 else 0.08):.2f}em"'
            out.append(f"<h{lvl}{style}>{esc(b.text)}</h{lvl}>")
        elif isinstance(b, Para):
            cls = f' class="{b.style}{" tight" if not b.space_before else ""}"'
            out.append(f"<p{cls}>{runs_html(b.runs)}</p>")
        elif isinstance(b, Item):
            first, *rest = b.paras
            mk = f'<span class="mk">{esc(b.marker)}</span>' if b.marker else ""
            out.append('<div class="item">' + f"<p>{mk}{runs_html(first)}</p>"
                       + "".join(f"<p>{runs_html(p)}</p>" for p in rest) + "</div>")
        elif isinstance(b, Table):
            out.append(table_html(b, 0))
        elif isinstance(b, PageBreak):
            out.append('<div style="page-break-after:always"></div>')
    return "\n".join(out)


def web_wrap(doc: Doc, inner: str) -> str:
    w = doc.web
    nav = " ".join(f"<li>{esc(n)}</li>" for n in w.nav)
    crumbs = " › ".join(esc(c) for c in w.crumbs)
    foot = "".join(f"<p>{esc(f)}</p>" for f in w.footer)
    return (f'<div class="site"><div class="logo">{esc(w.site)}</div>'
            f'<ul class="nav">{nav}</ul><div class="search">Sök på webbplatsen</div></div>'
            f'<div class="crumbs">Du är här: {crumbs}</div>'
            f'<main>{inner}<p class="small">Senast uppdaterad: {esc(w.updated)}</p>'
            f'<p class="small">Dela sidan · Skriv ut · Lyssna</p></main>'
            f'<footer class="foot">{foot}</footer>')


def page_css(doc: Doc, producer: str) -> str:
    size = "A4 landscape" if doc.landscape else "A4"
    if producer == "wkhtmltopdf" or (doc.web and producer == "chromium"):
        return f"@page{{size:{size};margin:18mm 15mm}}"
    boxes = []
    if doc.web:  # WeasyPrint printing a web page: the browser's furniture by hand
        boxes.append(f"@top-left{{content:{css_string('2025-07-02 10:14')};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
        boxes.append(f"@top-center{{content:{css_string(doc.title)};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
        boxes.append(f"@bottom-left{{content:{css_string(doc.web.url)};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
        boxes.append("@bottom-right{content:counter(page) \"/\" counter(pages);font-size:8pt}")
    else:
        if doc.header_left:
            boxes.append(f"@top-left{{content:{css_string(doc.header_left)};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
        if doc.header_right:
            boxes.append(f"@top-right{{content:{css_string(doc.header_right)};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
        if doc.footer_left:
            boxes.append(f"@bottom-left{{content:{css_string(doc.footer_left)};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
        if doc.footer_right:
            boxes.append(f"@bottom-right{{content:{margin_content(doc.footer_right)};font-size:8pt;font-family:'{doc.font}',sans-serif}}")
    return f"@page{{size:{size};margin:22mm 18mm 20mm 18mm;{''.join(boxes)}}}"


def to_html(doc: Doc, producer: str, rules: str = "grid") -> str:
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    rules_css = " ".join(sorted({RULES_CSS[t.rules] for t in tables})) if tables else ""
    # Several tables with different rules never occur in one plan; the last wins.
    css = f"""
{page_css(doc, producer)}
body{{font-family:'{doc.font}',sans-serif;font-size:{doc.size * (1.3 if producer == "wkhtmltopdf" else 1):.1f}pt;line-height:1.25;color:#000;{'' if doc.ligatures else 'font-variant-ligatures:none;'}}}
h1{{margin:8pt 0 6pt 0}} h2{{margin:12pt 0 4pt 0}} h3{{margin:10pt 0 2pt 0}}
p{{margin:5pt 0 0 0}} p.tight{{margin-top:1pt}} p.meta{{margin:1pt 0}} p.small{{font-size:0.85em;color:#444}}
table.t{{width:100%;margin:4pt 0 8pt 0}} table.t td{{vertical-align:top;padding:2pt 4pt}}
table.t td p{{margin:0 0 2pt 0}} table.small{{font-size:0.9em}}
{rules_css}
div.item{{margin:6pt 0 0 2.4em}} div.item p{{margin:0 0 3pt 0}}
span.mk{{display:inline-block;width:2.4em;margin-left:-2.4em}}
div.site{{border-bottom:2pt solid #2a5d8f;padding-bottom:4pt;margin-bottom:4pt}}
div.logo{{font-weight:bold;font-size:1.4em;color:#2a5d8f}}
ul.nav{{list-style:none;padding:0;margin:2pt 0}} ul.nav li{{display:inline;margin-right:10pt;font-size:0.9em}}
div.search{{font-size:0.8em;color:#666}} div.crumbs{{font-size:0.8em;color:#444;margin:4pt 0 8pt 0}}
footer.foot{{border-top:1pt solid #999;margin-top:16pt;font-size:0.8em;color:#333}}
"""
    inner = body_html(doc)
    if producer == "wkhtmltopdf" and not doc.web and (doc.header_left or doc.header_right):
        # wkhtmltopdf on stock Qt has no running headers: a letterhead on page 1.
        inner = (f'<table style="width:100%;font-size:8pt"><tr><td>{esc(doc.header_left)}</td>'
                 f'<td style="text-align:right">{esc(doc.header_right)}</td></tr></table>' + inner)
    if doc.web:
        inner = web_wrap(doc, inner)
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
            f"<title>{esc(doc.title)}</title><style>{css}</style></head><body>{inner}</body></html>")


def render(doc: Doc, producer: str, out_pdf: str, work: str) -> None:
    page = to_html(doc, producer)
    src = os.path.join(work, "plan.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(page)
    if producer == "chromium":
        profile = tempfile.mkdtemp(prefix="chr-", dir=work)
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--no-first-run", f"--user-data-dir={profile}",
               f"--print-to-pdf={out_pdf}"]
        if not doc.web:
            cmd.append("--no-pdf-header-footer")
        cmd.append("file://" + os.path.abspath(src))
        run(cmd)
    elif producer == "weasyprint":
        import weasyprint  # imported here: only this producer needs it

        weasyprint.HTML(filename=src).write_pdf(out_pdf)
    elif producer == "wkhtmltopdf":
        # The Debian build runs on stock Qt: no header/footer options, so the
        # margins are set here and the letterhead is part of the page (above).
        cmd = ["wkhtmltopdf", "--quiet", "--encoding", "utf-8", "-s", "A4",
               "-O", "Landscape" if doc.landscape else "Portrait",
               "-T", "20mm", "-B", "18mm", "-L", "16mm", "-R", "16mm",
               "--title", doc.title, src, out_pdf]
        run(cmd)
    else:
        raise ValueError(producer)


def run(cmd: list) -> None:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-800:]}")
