"""pdflatex: longtable grids (header repeated with \\endhead or printed once with
\\endfirsthead), Type 1 PostScript fonts (Times, Helvetica, Charter, Palatino),
fancyhdr running heads. LaTeX never breaks a table row across pages."""

from __future__ import annotations

import os
import random
import subprocess

from .model import Doc, Heading, Item, Para, PageBreak, Table, fit_widths

FONTS = {
    "Liberation Serif": r"\usepackage{mathptmx}",
    "Noto Serif": r"\usepackage{charter}",
    "DejaVu Serif": r"\usepackage{mathpazo}",
    "DejaVu Sans": r"\usepackage[scaled=0.92]{helvet}\renewcommand{\familydefault}{\sfdefault}",
    "Liberation Sans": r"\usepackage[scaled=0.92]{helvet}\renewcommand{\familydefault}{\sfdefault}",
    "Noto Sans": r"\usepackage[scaled=0.92]{helvet}\renewcommand{\familydefault}{\sfdefault}",
}
SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
           "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
           "”": "''", "“": "``", "•": r"\textbullet{}", "–": r"\textendash{}", "§": r"\S{}",
           "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}


def tex(s: str) -> str:
    return "".join(SPECIAL.get(ch, ch) for ch in s)


def runs_tex(runs) -> str:
    return "".join(rf"\textbf{{{tex(r.text)}}}" if r.bold else tex(r.text) for r in runs)


def template(t: str) -> str:
    return tex(t.replace("{page}", "\0P").replace("{pages}", "\0N")).replace(
        "\0P", r"\thepage{}").replace("\0N", r"\pageref{LastPage}")


def colour(hexcode: str | None) -> str | None:
    return hexcode.lstrip("#").upper() if hexcode else None


def table_tex(t: Table, textwidth_cm: float) -> str:
    cols = max(len(r.cells) for r in t.rows)
    usable = textwidth_cm - 0.45 * cols
    widths = fit_widths(t, usable, 0.17 if t.small else 0.19, 0.1)
    bar = "|" if t.rules in ("grid", "separate") else ""
    spec = bar + bar.join(rf">{{\raggedright\arraybackslash\hyphenpenalty=10000}}p{{{w:.2f}cm}}" for w in widths) + bar
    hline = r"\hline" if t.rules in ("grid", "separate", "hrules") else ""
    out = [rf"\begin{{longtable}}{{{spec}}}", hline if t.rules != "none" else ""]
    head = [r for r in t.rows if r.kind == "header"]
    body = [r for r in t.rows if r.kind != "header"]

    def row_tex(r):
        if r.kind == "group":
            shade = rf"\cellcolor[HTML]{{{colour(t.group_shade)}}}" if t.group_shade else ""
            return (rf"\multicolumn{{{cols}}}{{{bar}p{{{usable + 0.45 * (cols - 1):.2f}cm}}{bar}}}"
                    rf"{{{shade}\textbf{{{tex(r.cells[0].text())}}}}} \\ {hline}")
        cells = []
        for i, c in enumerate(r.cells):
            shade = ""
            if r.kind == "header" and t.header_shade:
                shade = rf"\cellcolor[HTML]{{{colour(t.header_shade)}}}"
            elif i == 0 and t.label_shade:
                shade = rf"\cellcolor[HTML]{{{colour(t.label_shade)}}}"
            cells.append(shade + r" \newline ".join(runs_tex(p) for p in c.paras))
        return " & ".join(cells) + rf" \\ {hline}"

    if head:
        out += [row_tex(r) for r in head]
        if t.repeat_header:
            out.append(r"\endfirsthead")
            out.append(hline)
            out += [row_tex(r) for r in head]
            out.append(r"\endhead")
        else:
            out.append(r"\endfirsthead \endhead")
    out += [row_tex(r) for r in body]
    out.append(r"\end{longtable}")
    return "\n".join(out)


def to_tex(doc: Doc, rng: random.Random) -> str:
    paper = "a4paper,landscape" if doc.landscape else "a4paper"
    textwidth = (29.7 if doc.landscape else 21.0) - 4.0
    body = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            size = {1: r"\LARGE", 2: r"\large", 3: r"\normalsize"}[min(b.level, 3)]
            body.append(rf"\par\medskip{{\noindent{size}\bfseries {tex(b.text)}\par}}\nopagebreak\smallskip")
        elif isinstance(b, Para):
            skip = r"\smallskip" if b.space_before and b.style == "body" else ""
            body.append(rf"{skip}\noindent {runs_tex(b.runs)}\par")
        elif isinstance(b, Item):
            first, *rest = b.paras
            label = tex(b.marker or "")
            more = "".join(rf"\par {runs_tex(p)}" for p in rest)
            body.append(rf"\begin{{list}}{{}}{{\leftmargin=2.2em\labelwidth=1.8em\labelsep=0.4em"
                        rf"\topsep=3pt}}\item[{label}] {runs_tex(first)}{more}\end{{list}}")
        elif isinstance(b, Table):
            body.append(r"{\small " + table_tex(b, textwidth) + "}" if b.small else table_tex(b, textwidth))
        elif isinstance(b, PageBreak):
            body.append(r"\newpage")
    size = "11pt" if doc.size >= 10.5 else "10pt"
    return "\n".join([
        rf"\documentclass[{size},{paper}]{{article}}",
        r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}",
        FONTS.get(doc.font, r"\usepackage{mathptmx}"),
        r"\usepackage[margin=2cm,headheight=14pt]{geometry}", r"\usepackage[table]{xcolor}",
        r"\usepackage{longtable,array,fancyhdr}",
        r"\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}",
        rf"\lhead{{\footnotesize {tex(doc.header_left)}}}\rhead{{\footnotesize {tex(doc.header_right)}}}",
        rf"\lfoot{{\footnotesize {tex(doc.footer_left)}}}\rfoot{{\footnotesize {template(doc.footer_right)}}}",
        r"\setlength{\parindent}{0pt}\setlength{\LTleft}{0pt}",
        rf"\pdfinfo{{/Title ({tex(doc.title)})}}",
        r"\begin{document}", *body, r"\label{LastPage}", r"\end{document}", ""])


def render(doc: Doc, out_pdf: str, work: str, rng: random.Random | None = None) -> None:
    rng = rng or random.Random(doc.title)
    src = os.path.join(work, "plan.tex")
    with open(src, "w", encoding="utf-8") as f:
        f.write(to_tex(doc, rng))
    for _ in range(3):  # longtable widths and the page count settle over runs
        p = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "plan.tex"],
                           cwd=work, capture_output=True, text=True, errors="replace", timeout=240)
        if p.returncode != 0:
            tail = p.stdout[-1200:]
            raise RuntimeError(f"pdflatex failed: {tail}")
    os.replace(os.path.join(work, "plan.pdf"), out_pdf)
