"""Renders a plan's blocks with the producer its spec names."""

from __future__ import annotations

import os

from . import html as H
from . import producers as PR
from .model import Document, Style

HTML_FONTS = ["Liberation Sans", "DejaVu Sans", "Noto Sans", "Liberation Serif",
              "Noto Serif", "DejaVu Serif", "Liberation Sans Narrow"]


def plan_style(plan, spec) -> Style:
    rng = plan.rng
    o = spec.get("style", {})
    if plan.family in ("f1", "f6") or spec.get("dense"):
        sizes = [8.5, 9, 9, 9.5, 10]
    else:
        sizes = [9, 9.5, 10, 10.5, 11, 11.5, 12]
    size = o.get("size") or rng.choice(sizes)
    side = rng.choice([12, 15, 18, 20, 25])
    vert = rng.choice([15, 18, 20, 25])
    margins = o.get("margins") or (vert, side, vert, side)
    font = o.get("font") or rng.choice(HTML_FONTS)
    st = Style(font=font, size=size, margins_mm=margins, landscape=o.get("landscape", False),
               heading_color=o.get("heading_color"), columns=o.get("columns", 1))
    st.header_text = o.get("header", f"{plan.muni.issuer} · {plan.forvaltning}")
    st.footer_text = o.get("footer", rng.choice(["Sida {page} av {pages}", "{page} ({pages})",
                                                 f"{plan.ref} – sida {{page}}", "{page}/{pages}"]))
    return st


def render(plan, blocks, spec, pdf_path: str, src_dir: str) -> None:
    st = plan_style(plan, spec)
    doc = Document(title=spec.get("html_title") or f"{plan.muni.issuer} – insatser utan behovsprövning",
                   blocks=blocks, style=st)
    stem = plan.stem
    prod = spec["producer"]
    extra_css = spec.get("css", "")
    if prod.startswith("chromium") or prod in ("weasyprint", "wkhtmltopdf"):
        engine = "weasyprint" if prod == "weasyprint" else (
            "chromium" if prod.startswith("chromium") else "wkhtml")
        grid = {"chromium-grid": "grid", "chromium-flex": "flex"}.get(prod, "table")
        before, after = spec.get("before", ""), spec.get("after", "")
        if callable(before):
            before = before(plan)
        if callable(after):
            after = after(plan)
        page = H.page_html(doc, engine, grid=grid, extra_css=extra_css, before=before, after=after)
        if prod == "chromium-web":
            d = os.path.join(src_dir, stem + "_site")
            os.makedirs(d, exist_ok=True)
            src = os.path.join(d, "index.html")
        else:
            src = os.path.join(src_dir, stem + ".html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(page)
        if prod == "weasyprint":
            PR.weasyprint(src, pdf_path)
        elif prod == "wkhtmltopdf":
            footer = st.footer_text.replace("{page}", "[page]").replace("{pages}", "[topage]")
            PR.wkhtmltopdf(src, pdf_path, st.landscape, st.margins_mm,
                           header_left=st.header_text if spec.get("running", True) else "",
                           header_right=plan.ref if spec.get("running", True) else "",
                           footer_center=footer)
        elif prod == "chromium-web":
            PR.chromium(src, pdf_path, browser_furniture=True, url=spec["url"](plan),
                        lang=spec.get("lang", "sv-SE"))
        else:
            PR.chromium(src, pdf_path)
        return
    if prod in ("lo-docx",):
        from .docx_out import write_docx
        src = os.path.join(src_dir, stem + ".docx")
        write_docx(doc, src, spec.get("docx", {}))
        PR.soffice(src, pdf_path)
        return
    if prod in ("lo-odt",):
        from .odt_out import write_odt
        src = os.path.join(src_dir, stem + ".odt")
        write_odt(doc, src, spec.get("odt", {}))
        PR.soffice(src, pdf_path)
        return
    if prod == "reportlab":
        from .rl_out import write_rl
        write_rl(doc, pdf_path, spec.get("rl", {}))
        return
    if prod == "pdflatex":
        from .tex_out import write_tex
        d = os.path.join(src_dir, stem + "_tex")
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, stem + ".tex")
        write_tex(doc, src, spec.get("tex", {}))
        PR.pdflatex(src, pdf_path)
        return
    raise PR.ProducerError(f"unknown producer {prod}")
