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
