"""pdflatex with longtable (header repeated with \\endhead or only on the first
page with \\endfirsthead) and p{} columns sized like tabularx's X columns;
zebra and group rows with colortbl."""

from __future__ import annotations

from .model import Document, Heading, ListBlock, PageBreak, Para, Spacer, Table

FONTS = {"helvet": "\\usepackage[scaled=0.92]{helvet}\\renewcommand{\\familydefault}{\\sfdefault}",
         "times": "\\usepackage{mathptmx}",
         "charter": "\\usepackage{charter}"}

SPECIAL = {"&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{", "}": "\\}",
           "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "\\": "\\textbackslash{}",
           "”": "''", "“": "``", "+": "+"}


def esc(t: str) -> str:
    return "".join(SPECIAL.get(ch, ch) for ch in t)


def runs_tex(rs) -> str:
    out = []
    for r in rs:
        t = esc(r.text)
        if r.smallcaps:
            t = f"\\textsc{{{t}}}"
        if r.italic:
            t = f"\\textit{{{t}}}"
        if r.bold:
            t = f"\\textbf{{{t}}}"
        if r.color:
            t = f"\\textcolor[HTML]{{{r.color.lstrip('#').upper()}}}{{{t}}}"
        out.append(t)
    return "".join(out)


def write_tex(doc: Document, path: str, opts: dict) -> None:
    st = doc.style
    font = opts.get("font", "helvet")
    t, r, b, l = st.margins_mm
    size_opt = "10pt" if st.size < 10.5 else ("11pt" if st.size < 11.5 else "12pt")
    head = [f"\\documentclass[{size_opt},a4paper{',landscape' if st.landscape else ''}]{{article}}",
            "\\usepackage[T1]{fontenc}", "\\usepackage[utf8]{inputenc}", FONTS[font],
            f"\\usepackage[a4paper,{'landscape,' if st.landscape else ''}top={t}mm,bottom={b}mm,"
            f"left={l}mm,right={r}mm]{{geometry}}",
            "\\usepackage{longtable,array}", "\\usepackage[table]{xcolor}", "\\usepackage{fancyhdr}",
            "\\setlength{\\parindent}{0pt}\\setlength{\\parskip}{4pt}",
            "\\pagestyle{fancy}\\fancyhf{}\\renewcommand{\\headrulewidth}{0pt}",
            f"\\rhead{{\\footnotesize {esc(st.header_text)}}}",
            f"\\cfoot{{\\footnotesize {esc(st.footer_text.split('{page}')[0])}\\thepage}}",
            "\\renewcommand{\\arraystretch}{1.15}",
            "\\begin{document}"]
    body = []
    for blk in doc.blocks:
        if isinstance(blk, Heading):
            cmd = {1: "section", 2: "subsection", 3: "subsubsection"}.get(blk.level, "paragraph")
            text = esc(blk.text.upper() if blk.upper else blk.text)
            if blk.color:
                text = f"\\textcolor[HTML]{{{blk.color.lstrip('#').upper()}}}{{{text}}}"
            body.append(f"\\{cmd}*{{{text}}}")
        elif isinstance(blk, Para):
            if blk.kind == "title":
                body.append(f"{{\\LARGE\\bfseries {runs_tex(blk.runs)}\\par}}\\medskip")
            elif blk.kind in ("meta", "label"):
                body.append(f"{{\\setlength{{\\parskip}}{{0pt}}{runs_tex(blk.runs)}\\par}}")
            else:
                body.append(runs_tex(blk.runs) + "\n")
        elif isinstance(blk, Spacer):
            body.append(f"\\vspace{{{blk.height:.0f}pt}}")
        elif isinstance(blk, PageBreak):
            body.append("\\newpage")
        elif isinstance(blk, ListBlock):
            lm = "8mm" if blk.hanging else "0pt"
            body.append(f"\\begin{{list}}{{}}{{\\leftmargin={lm}\\labelwidth=7mm\\labelsep=1mm"
                        f"\\itemindent={'0pt' if blk.hanging else '8mm'}}}")
            for it in blk.items:
                paras = "\n\n".join(runs_tex(p) for p in it.paras)
                body.append(f"\\item[{esc(it.marker)}] {paras}")
            body.append("\\end{list}")
        elif isinstance(blk, Table):
            body.append(_table(blk, st))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head + body + ["\\end{document}"]) + "\n")


def _table(blk: Table, st) -> str:
    ncols = len(blk.widths)
    total = sum(blk.widths)
    vbar = "|" if blk.borders in ("all", "separate") else ""
    outer = "|" if blk.borders in ("all", "separate", "outer", "outer_h") else ""
    avail = f"(\\linewidth-{2 * ncols}\\tabcolsep-{ncols + 1}\\arrayrulewidth)"
    valign = "m" if blk.valign == "middle" else "p"
    cols = outer + vbar.join(f"{valign}{{{w / total:.4f}\\dimexpr{avail}\\relax}}" for w in blk.widths) + outer
    hline = "\\hline" if blk.borders in ("all", "separate", "outer_h", "horizontal") else ""
    lines = [f"\\setlength{{\\tabcolsep}}{{{blk.padding:.1f}pt}}",
             f"\\begin{{longtable}}{{{cols}}}"]
    top = "\\hline" if blk.borders != "none" else ""

    def row_tex(row, zebra_on: bool) -> str:
        if row.kind == "group":
            c = row.cells[0]
            fill = row.fill or "#D9D9D9"
            return (f"\\multicolumn{{{ncols}}}{{{outer}>{{\\columncolor[HTML]{{{fill.lstrip('#').upper()}}}}}l{outer}}}"
                    f"{{{runs_tex(c.paras[0])}}}\\\\ {hline}")
        cells = []
        skip = 0
        for c in row.cells:
            if skip:
                skip -= 1
                continue
            if c is None:
                cells.append("")  # under a rowspan: the text stays in the first row
                continue
            inner = "\\newline ".join(runs_tex(p) for p in c.paras)
            if c.colspan > 1:
                inner = f"\\multicolumn{{{c.colspan}}}{{{outer}l{outer}}}{{{inner}}}"
                skip = c.colspan - 1
            cells.append(inner)
        prefix = ""
        fill = row.fill
        if fill is None and row.kind == "head" and blk.head_fill:
            fill = blk.head_fill
        if fill is None and zebra_on:
            fill = blk.zebra
        if fill:
            prefix = f"\\rowcolor[HTML]{{{fill.lstrip('#').upper()}}}"
        return prefix + " & ".join(cells) + f"\\\\ {hline}"

    head_rows = [r for r in blk.head if all(c is not None for c in r.cells)] or blk.head[:1]
    head_tex = "\n".join(row_tex(r, False) for r in head_rows)
    if blk.head:
        lines.append(top)
        lines.append(head_tex)
        lines.append("\\endfirsthead")
        if blk.repeat_head:
            lines.append(top)
            lines.append(head_tex)
        lines.append("\\endhead")
    else:
        lines.append(top)
    zi = 0
    for r in blk.body:
        lines.append(row_tex(r, bool(blk.zebra) and r.kind == "body" and zi % 2 == 1))
        zi = zi + 1 if r.kind == "body" else 0
    if blk.borders in ("outer",):
        lines.append("\\hline")
    lines.append("\\end{longtable}")
    return "\n".join(lines)
