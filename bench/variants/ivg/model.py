"""A small document model that every producer renders: the families build it,
the renderers (HTML, DOCX, ReportLab, LaTeX) draw it, and the text forms are
written from it, so one plan looks the same in every producer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


Inline = list  # list[Run]


def plain(text: str, bold: bool = False) -> list:
    return [Run(text, bold=bold)]


def inline_text(runs) -> str:
    return "".join(r.text for r in runs)


@dataclass
class Heading:
    text: str
    level: int  # 1 title, 2 section, 3 sub-section or an intervention's own heading
    size_step: int = 0  # extra emphasis some plans give their headings


@dataclass
class Para:
    runs: list
    style: str = "body"  # body | meta | small
    space_before: bool = True


@dataclass
class Item:
    """A list item: a marker ("1)", "•", None for Word-style hanging text) and
    paragraphs; the first paragraph follows the marker."""

    marker: str | None
    paras: list  # list[list[Run]]


@dataclass
class Cell:
    paras: list  # list[list[Run]]

    def text(self) -> str:
        return " ".join(inline_text(p) for p in self.paras)


@dataclass
class Row:
    cells: list  # list[Cell]; a group row has one cell spanning the table
    kind: str = "body"  # header | body | group


@dataclass
class Table:
    rows: list
    widths: list  # fractions of the text width
    repeat_header: bool = True
    rules: str = "grid"  # grid | hrules | none | separate
    header_shade: str | None = "#d9d9d9"
    group_shade: str | None = "#e8eef4"
    label_shade: str | None = None  # first column of a label|value form
    small: bool = False
    keep_rows: bool = False  # True: a row is never broken across pages


@dataclass
class PageBreak:
    pass


@dataclass
class WebChrome:
    """What a municipality's web page puts around the content."""

    site: str
    nav: list
    crumbs: list
    updated: str
    url: str
    footer: list


@dataclass
class Doc:
    title: str  # the HTML <title>, the PDF's Title
    blocks: list = field(default_factory=list)
    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    footer_center: str = ""
    footer_right: str = ""  # may hold {page} and {pages}
    landscape: bool = False
    font: str = "DejaVu Sans"
    size: float = 10.0
    web: WebChrome | None = None
    # Ghostscript re-distilling loses the text of ligature glyphs (ff → U+6600):
    # plans bound for it are typeset without ligatures.
    ligatures: bool = True


def fit_widths(t: Table, total: float, char_width: float, pad: float) -> list:
    """Column widths (in the unit of `total`) proportional to t.widths but none
    narrower than its longest word, so that no producer breaks a word inside it
    (LibreOffice, ReportLab and LaTeX would, or let it run into the next column)."""
    cols = max(len(r.cells) for r in t.rows)
    widths = [total * w / sum(t.widths) for w in t.widths]
    need = [0.0] * cols
    for r in t.rows:
        if r.kind == "group":
            continue
        for i, c in enumerate(r.cells):
            longest = max((len(w) for w in c.text().split()), default=0)
            need[i] = max(need[i], longest * char_width + pad)
    for _ in range(3):
        short = sum(need[i] - w for i, w in enumerate(widths) if w < need[i])
        slack = sum(w - need[i] for i, w in enumerate(widths) if w > need[i])
        if short <= 0 or slack <= 0:
            break
        k = min(1.0, short / slack)
        widths = [need[i] if w <= need[i] else w - k * (w - need[i]) for i, w in enumerate(widths)]
    return widths
