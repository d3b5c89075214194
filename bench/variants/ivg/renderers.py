"""One entry point for every producer, and Ghostscript re-distilling."""

from __future__ import annotations

import os
import shutil
import subprocess

from .model import Doc

HTML_PRODUCERS = {"chromium", "weasyprint", "wkhtmltopdf"}


def render(doc: Doc, producer: str, out_pdf: str, work: str) -> None:
    if producer in HTML_PRODUCERS:
        from . import render_html

        render_html.render(doc, producer, out_pdf, work)
    elif producer == "libreoffice":
        from . import render_docx

        render_docx.render(doc, out_pdf, work)
    elif producer == "reportlab":
        from . import render_reportlab

        render_reportlab.render(doc, out_pdf)
    elif producer == "pdflatex":
        from . import render_latex

        render_latex.render(doc, out_pdf, work)
    else:
        raise ValueError(f"unknown producer {producer}")
    if not os.path.exists(out_pdf) or os.path.getsize(out_pdf) == 0:
        raise RuntimeError(f"{producer} wrote no PDF")


def ghostscript(pdf: str, work: str) -> None:
    """Re-distil through Ghostscript's pdfwrite, as archive systems and 'print to
    PDF' drivers do: fonts re-encoded, content streams rewritten."""
    tmp = os.path.join(work, "gs.pdf")
    p = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                        "-dCompatibilityLevel=1.6", f"-sOutputFile={tmp}", pdf],
                       capture_output=True, text=True, timeout=180)
    if p.returncode != 0:
        raise RuntimeError(f"gs failed: {p.stderr[-400:]}")
    shutil.move(tmp, pdf)
