"""A small document model that every producer renders.

Family builders emit blocks (headings, paragraphs, lists, tables) and the
gold for what the blocks print; producers turn the same blocks into HTML,
.odt, .docx, ReportLab or LaTeX.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    smallcaps: bool = False
    color: str | None = None  # "#rrggbb"


def runs(*parts) -> list[Run]:
    """runs("plain", ("bold", "b"), ("it", "i")) → [Run, …]."""
    out = []
    for p in parts:
        if isinstance(p, Run):
            out.append(p)
        elif isinstance(p, str):
            out.append(Run(p))
        else:
            text, flags = p
            out.append(Run(text, bold="b" in flags, italic="i" in flags,
                           smallcaps="s" in flags))
    return out


def plain(rs: list[Run]) -> str:
    return "".join(r.text for r in rs)


@dataclass
class Para:
    runs: list[Run]
    kind: str = "body"  # body | meta | title | subtitle | small | label
    indent: float = 0.0  # left indent in mm
    space_before: float | None = None  # pt
    align: str = "left"


@dataclass
class Heading:
    text: str
    level: int = 1
    color: str | None = None
    upper: bool = False
    underline: bool = False


@dataclass
class ListItem:
    marker: str  # the printed marker ("1.", "a)", "•", "–")
    paras: list[list[Run]]  # first paragraph follows the marker


@dataclass
class ListBlock:
    items: list[ListItem]
    hanging: bool = True  # text indented past the marker
    auto: bool = False  # let the producer number ("1." ordered list)


@dataclass
class Cell:
    paras: list[list[Run]]
    colspan: int = 1
    rowspan: int = 1
    fill: str | None = None
    align: str = "left"

    @staticmethod
    def text(t: str, bold: bool = False, fill: str | None = None, colspan: int = 1,
             rowspan: int = 1) -> "Cell":
        return Cell([[Run(t, bold=bold)]], colspan=colspan, rowspan=rowspan, fill=fill)


@dataclass
class Row:
    cells: list[Cell | None]  # None: covered by a span from above or left
    kind: str = "body"  # body | group | head
    fill: str | None = None


@dataclass
class Table:
    widths: list[float]  # relative column widths
    head: list[Row] = field(default_factory=list)
    body: list[Row] = field(default_factory=list)
    borders: str = "all"  # all | outer | horizontal | outer_h | none | separate
    zebra: str | None = None  # fill of every other body row
    head_fill: str | None = None
    head_color: str | None = None  # text colour of header cells
    valign: str = "top"  # top | middle
    repeat_head: bool = True
    padding: float = 3.0  # pt
    font_scale: float = 1.0
    keep_rows: bool = False  # rows may not break across pages
    label_bold: bool = False  # (forms) first column bold


@dataclass
class PageBreak:
    pass


@dataclass
class Spacer:
    height: float = 6.0  # pt


@dataclass
class Style:
    font: str = "Liberation Sans"  # family name as fontconfig knows it
    size: float = 10.0  # body pt
    margins_mm: tuple = (20, 20, 20, 20)  # top right bottom left
    landscape: bool = False
    header_text: str = ""  # running header
    footer_text: str = ""  # running footer; "{page}" "{pages}" substituted
    heading_color: str | None = None
    heading_font: str | None = None
    line_height: float = 1.25
    columns: int = 1


@dataclass
class Document:
    title: str
    blocks: list
    style: Style
    lang: str = "sv"
