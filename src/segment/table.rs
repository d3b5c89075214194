//! Grid tables → records. The grid (where the table is, where its columns
//! begin) comes from geometry ([`super::grid`]); this module decides what
//! it holds: which rows are the header, what each column means (scored by
//! the header's words, else by what its cells hold), where rows begin
//! (rulings, or where cells start and wrap), which rows span the table as
//! group headings, and which rows a page break cut in two.
//!
//! A two-column grid whose left cells are labels is a form; it is handed to
//! [`super::form`].

use super::grid::{find_grids, Grid, GridPart, Rules, BOUNDARY_SLACK};
use super::typography::Heading;
use super::{PageLine, Reading, Record, Region, RegionColumn, RegionKind};
use crate::geom::BBox;
use crate::layout::Word;
use crate::normalize::join_lines;
use crate::vocab::{fold, is_header_row, label_scores, section_label, type_label, Field};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A word ending within this distance of its column's right edge filled the
/// column: when the next line starts in lowercase, the word was broken
/// without a hyphen ("Familjestödsen" / "heten").
const FULL_COLUMN_SLACK: f64 = 1.5;
/// Unruled rows: a line follows the one above it in the same cell when the
/// step between them is at most this many normal line pitches.
const WRAP_PITCH: f64 = 1.25;
/// Share of a column's cells that must look alike to type it by content.
const CONTENT_SHARE: f64 = 0.6;
/// Words a label cell has at most ("Förutsättningar för att delta:").
const LABEL_CELL_WORDS: usize = 6;

/// Short words that stand alone after a line break; never glued to the
/// previous line's last word.
const FREE_WORDS: &[&str] = &[
    "och", "i", "på", "av", "med", "för", "till", "som", "att", "om", "en", "ett", "den", "det",
    "eller", "samt", "vid", "från", "under", "över",
];

#[derive(Debug, Clone)]
pub(super) struct CellLine {
    pub text: String,
    pub last_x1: f64,
    pub first_x0: f64,
    /// Width of the line's first word: whether it would have fitted at the
    /// end of the line above.
    pub first_width: f64,
    /// Where text ends in this cell's column (0: not known).
    pub right_edge: f64,
    /// The line's top on its page (0: not known, text input).
    pub top: f64,
}

/// One body line cut into the grid's columns.
#[derive(Debug, Clone)]
struct LineCells {
    index: usize,
    page: u32,
    bbox: BBox,
    size: f64,
    bold: bool,
    cells: Vec<Vec<Word>>,
}

impl LineCells {
    fn has(&self, column: usize) -> bool {
        !self.cells[column].is_empty()
    }

    fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }

    fn text_of(&self, column: usize) -> String {
        self.cells[column]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Lines between two row boundaries.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub page: u32,
    pub last_page: u32,
    pub cells: Vec<Vec<CellLine>>,
    pub lines: Vec<usize>,
    pub raw: Vec<String>,
    pub bbox: Option<BBox>,
    /// The row's text runs across the table (a group heading).
    pub spanning: bool,
    pub bold: bool,
    /// Closed by a rule below its last line (ruled grids).
    pub closed: bool,
    /// Per column: no rule above the row there though the row has one
    /// elsewhere. An empty cell so left open is the cell above spanning
    /// down (rowspan: one provider for several interventions).
    pub open_above: Vec<bool>,
}

impl Row {
    pub fn text(&self, column: usize) -> String {
        join_lines(
            &self.cells[column]
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
        )
    }

    pub(super) fn all_text(&self) -> String {
        (0..self.cells.len())
            .map(|c| self.text(c))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn is_empty(&self) -> bool {
        self.cells.iter().all(Vec::is_empty)
    }

    fn absorb(&mut self, other: Row) {
        for (mine, theirs) in self.cells.iter_mut().zip(other.cells) {
            mine.extend(theirs);
        }
        self.lines.extend(other.lines);
        self.raw.extend(other.raw);
        self.last_page = other.last_page;
        self.closed = other.closed;
        if self.page == other.page {
            self.bbox = match (self.bbox, other.bbox) {
                (Some(a), Some(b)) => Some(a.union(&b)),
                (a, b) => a.or(b),
            };
        }
    }
}

/// Every grid of the document, read as a table or a form. Grids that hold
/// no interventions (no name column, or no documentation or target group)
/// give no reading.
pub(super) fn read_tables(
    lines: &[PageLine],
    rules: &BTreeMap<u32, Rules>,
    headings: &[Heading],
) -> Vec<Reading> {
    let mut grids = find_grids(lines, rules);
    let mut used = vec![false; lines.len()];
    for g in &grids {
        for p in &g.parts {
            for &i in &p.lines {
                used[i] = true;
            }
        }
    }
    grids.extend(header_anchored_grids(lines, &used));
    grids.sort_by_key(|g| g.parts.first().and_then(|p| p.lines.first().copied()));
    grids
        .iter()
        .filter_map(|g| read_grid(g, lines, rules, headings))
        .collect()
}

/// Grids that geometry alone did not find (a scan's OCR text, cells too
/// close for a gutter): a line whose cells read as a header row starts one,
/// its cells' starts are the columns, and it runs until prose crosses them.
fn header_anchored_grids(lines: &[PageLine], used: &[bool]) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].line;
        let cells: Vec<&str> = line.segments.iter().map(|s| s.text.as_str()).collect();
        if used[i] || line.bbox.is_none() || cells.len() < 2 || !is_header_row(&cells) {
            i += 1;
            continue;
        }
        let mut boundaries: Vec<f64> = line
            .segments
            .iter()
            .filter_map(|s| s.bbox.map(|b| b.x0 - 1.0))
            .collect();
        let right = line.bbox.map_or(0.0, |b| b.x1);
        let mut parts: Vec<GridPart> = Vec::new();
        let mut j = i;
        let mut max_right = right;
        while j < lines.len() && !used[j] {
            let pl = lines[j];
            let Some(b) = pl.line.bbox else { break };
            let crossed = boundaries
                .iter()
                .skip(1)
                .filter(|&&x| b.x0 < x - BOUNDARY_SLACK && b.x1 > x + 10.0)
                .count();
            let numbered = pl.line.segments.len() == 1
                && super::numbered_heading(&pl.line.text).is_some()
                && b.x0 <= boundaries[0] + 2.0 * BOUNDARY_SLACK;
            let other_header = j > i
                && pl.line.segments.len() >= 2
                && is_header_row(
                    &pl.line
                        .segments
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>(),
                )
                && !same_starts(&boundaries, pl.line);
            if j > i && ((pl.line.segments.len() == 1 && crossed >= 2) || numbered || other_header)
            {
                break;
            }
            max_right = max_right.max(b.x1);
            match parts.last_mut() {
                Some(p) if p.page == pl.page => p.lines.push(j),
                _ => parts.push(GridPart {
                    page: pl.page,
                    lines: vec![j],
                    ruled: false,
                    boundaries: Vec::new(),
                }),
            }
            j += 1;
        }
        boundaries.push(max_right + 1.0);
        for p in &mut parts {
            p.boundaries = boundaries.clone();
        }
        out.push(Grid {
            parts,
            boundaries,
            ruled: false,
        });
        i = j.max(i + 1);
    }
    out
}

fn same_starts(boundaries: &[f64], line: &crate::layout::Line) -> bool {
    let starts: Vec<f64> = line
        .segments
        .iter()
        .filter_map(|s| s.bbox.map(|b| b.x0 - 1.0))
        .collect();
    starts.len() + 1 == boundaries.len()
        && starts
            .iter()
            .zip(boundaries)
            .all(|(a, b)| (a - b).abs() <= 2.0 * BOUNDARY_SLACK)
}

/// One typed column: its header as printed (joined over the header's
/// lines), the field it fills and how that was decided.
#[derive(Debug, Clone)]
struct Column {
    header: String,
    field: Option<Field>,
    typed_by: &'static str,
    /// The fields its cells' labelled paragraphs fill ("Vem kan delta: …
    /// Dokumentation: …" in one cell): the cell is split by its labels,
    /// like a form inside the cell. Empty for a plain column.
    labelled: Vec<Field>,
}

fn read_grid(
    grid: &Grid,
    lines: &[PageLine],
    rules: &BTreeMap<u32, Rules>,
    headings: &[Heading],
) -> Option<Reading> {
    let n = grid.columns();
    if n < 2 {
        return None;
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut part_starts: Vec<usize> = Vec::new();
    let mut normal_pitch: Option<f64> = None;
    let mut header_rows = 0;
    let mut headers: Vec<String> = vec![String::new(); n];
    for (pi, part) in grid.parts.iter().enumerate() {
        let view = grid.part_view(part);
        let grid = &view;
        let mut cells = cut_lines(grid, part, lines);
        // A header repeated at the top of a page: its lines are no row, even
        // where the row above goes on below them.
        if pi > 0 && header_rows > 0 {
            let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
            let repeats = |lc: &LineCells| {
                lc.filled() > 0
                    && (0..n).all(|c| {
                        let t = fold(&lc.text_of(c));
                        t.is_empty() || folded[c].contains(&t)
                    })
            };
            let skip = cells.iter().take_while(|lc| repeats(lc)).count();
            cells.drain(..skip);
        }
        if cells.is_empty() {
            continue;
        }
        part_starts.push(rows.len());
        let page_rules = rules.get(&part.page);
        let ruled = page_rules.filter(|r| part.ruled || has_row_rules(r, grid, &cells));
        let pitch = match ruled {
            Some(_) => 0.0,
            None => *normal_pitch.get_or_insert_with(|| wrap_pitch(&cells, grid)),
        };
        let build = |cells: &[LineCells]| match ruled {
            Some(r) => ruled_rows(grid, cells, r, lines),
            None => unruled_rows(grid, cells, pitch, lines),
        };
        let mut part_rows = build(&cells);
        // A table's first line that is its header, with the lines of a
        // cell carried over from the page before under it ("Vad | Utförare
        // | …" / "deltagarutvärderingar för att"): read as one row, the
        // header would be no header; the header is that line alone.
        if pi == 0
            && cells.len() > 1
            && count_header_rows(&part_rows, grid) == 0
            && is_header_line_of(&cells[0], n)
        {
            let mut split = build(&cells[..1]);
            split.extend(build(&cells[1..]));
            part_rows = split;
        }
        let rights = cell_rights(grid, &part_rows);
        for row in &mut part_rows {
            for (c, cell) in row.cells.iter_mut().enumerate() {
                for l in cell {
                    l.right_edge = rights[c];
                }
            }
        }
        if pi == 0 {
            // The header: the first rows that read as one, or a first row
            // set apart by weight or shading.
            header_rows = count_header_rows(&part_rows, grid);
            let rights = cell_rights(grid, &part_rows);
            for (c, h) in headers.iter_mut().enumerate() {
                let header_lines: Vec<CellLine> = part_rows[..header_rows]
                    .iter()
                    .flat_map(|row| row.cells[c].iter().cloned())
                    .collect();
                *h = join_cell(&header_lines, rights[c]);
            }
        }
        rows.extend(part_rows);
    }
    if rows.is_empty() {
        return None;
    }
    let header_key = fold(
        &rows[..header_rows]
            .iter()
            .map(Row::all_text)
            .collect::<Vec<_>>()
            .join(" "),
    );
    let mut body: Vec<(bool, Row)> = Vec::new(); // (starts a part, row)
    let mut pending_part_start = false;
    for (ri, row) in rows.into_iter().enumerate().skip(header_rows) {
        let part_start = part_starts.contains(&ri) || pending_part_start;
        pending_part_start = false;
        let repeats_header = !header_key.is_empty() && fold(&row.all_text()) == header_key;
        // A repeated header row on a new page.
        if part_start {
            let cells: Vec<String> = (0..n)
                .map(|c| row.text(c))
                .filter(|t| !t.is_empty())
                .collect();
            if repeats_header || (cells.len() >= 2 && is_header_row(&cells) && header_rows > 0) {
                pending_part_start = true;
                continue;
            }
        }
        // The header again under a group heading inside a part (one table
        // per area, drawn as one grid): the heading is the group's, the
        // header no row.
        if repeats_header && ri > header_rows {
            if let Some((_, above)) = body.last_mut() {
                let alone = above.lines.len() == 1 && (1..n).all(|c| above.cells[c].is_empty());
                above.spanning |= alone;
            }
            continue;
        }
        if !row.is_empty() {
            body.push((part_start, row));
        }
    }

    let mut columns = type_columns(&headers, &body, header_rows > 0);
    for (c, column) in columns.iter_mut().enumerate() {
        let labelled = labelled_fields(&body, c);
        if !labelled.is_empty() && column.field != Some(Field::Name) {
            column.field = None;
            column.typed_by = "content";
            column.labelled = labelled;
        }
    }
    let mut warnings = Vec::new();
    let first_page = grid.parts.first().map_or(0, |p| p.page);
    for c in columns.iter().filter(|c| c.labelled.is_empty()) {
        match (c.field, c.typed_by) {
            (None, _) if !c.header.is_empty() => warnings.push(format!(
                "table on page {first_page}: column \"{}\" matches no field; kept in cells",
                c.header
            )),
            (Some(f), "content") if !c.header.is_empty() => warnings.push(format!(
                "table on page {first_page}: column \"{}\" typed as {} by its cells",
                c.header,
                f.name()
            )),
            _ => {}
        }
    }

    if n == 2 {
        match super::form::read_label_grid(grid, &body, headings, lines) {
            super::form::LabelGrid::Form(reading) => return Some(reading),
            super::form::LabelGrid::Unnamed => return None,
            super::form::LabelGrid::NotAForm => {}
        }
    }

    let fields: Vec<Option<Field>> = columns
        .iter()
        .flat_map(|c| std::iter::once(c.field).chain(c.labelled.iter().copied().map(Some)))
        .collect();
    let has = |f: Field| fields.contains(&Some(f));
    if !has(Field::Name) || !(has(Field::Documentation) || has(Field::TargetGroup)) {
        return None;
    }

    let section_above = grid
        .parts
        .first()
        .and_then(|p| p.lines.first())
        .and_then(|&first| super::section_before(headings, first, lines));
    let mut records = finish(&columns, body, section_above, grid);
    records.retain(|r| !r.name.is_empty());
    let region = Region {
        kind: RegionKind::Grid,
        lines: grid_line_range(grid),
        boxes: grid_boxes(grid, lines),
        columns: columns
            .iter()
            .enumerate()
            .map(|(i, c)| RegionColumn {
                header: c.header.clone(),
                field: c.field.map(|f| f.name()),
                typed_by: c.typed_by,
                x0: grid.boundaries[i],
                x1: grid.boundaries[i + 1],
            })
            .collect(),
        rows: super::row_starts(&records),
        records: Vec::new(),
    };
    Some(Reading {
        region,
        records,
        warnings,
    })
}

pub(super) fn grid_line_range(grid: &Grid) -> std::ops::Range<usize> {
    let first = grid
        .parts
        .first()
        .and_then(|p| p.lines.first().copied())
        .unwrap_or(0);
    let last = grid
        .parts
        .last()
        .and_then(|p| p.lines.last().copied())
        .unwrap_or(first);
    first..last + 1
}

pub(super) fn grid_boxes(grid: &Grid, lines: &[PageLine]) -> Vec<(u32, BBox)> {
    grid.parts
        .iter()
        .filter_map(|p| {
            let b = BBox::union_all(p.lines.iter().filter_map(|&i| lines[i].line.bbox.as_ref()))?;
            Some((
                p.page,
                BBox::new(
                    grid.left().min(b.x0),
                    b.top,
                    grid.right().max(b.x1),
                    b.bottom,
                ),
            ))
        })
        .collect()
}

/// Each line's words placed in the grid's columns.
fn cut_lines(grid: &Grid, part: &GridPart, lines: &[PageLine]) -> Vec<LineCells> {
    part.lines
        .iter()
        .filter_map(|&index| {
            let pl = lines[index];
            let bbox = pl.line.bbox?;
            let mut cells: Vec<Vec<Word>> = vec![Vec::new(); grid.columns()];
            for seg in &pl.line.segments {
                for word in &seg.words {
                    cells[grid.column_of(word.bbox.x0)].push(word.clone());
                }
            }
            Some(LineCells {
                index,
                page: pl.page,
                bbox,
                size: pl.line.font_size.unwrap_or(10.0),
                bold: pl.line.bold,
                cells,
            })
        })
        .collect()
}

/// Whether an unruled-looking grid still has horizontal rules between its
/// lines (tables with only horizontal borders).
fn has_row_rules(rules: &Rules, grid: &Grid, cells: &[LineCells]) -> bool {
    cells
        .windows(2)
        .filter(|w| {
            is_row_rule(&ruled_columns(
                grid,
                rules,
                w[0].bbox.bottom - 1.0,
                w[1].bbox.top + 1.0,
            ))
        })
        .count()
        >= 2
}

fn new_row(first: &LineCells, lines: &[PageLine], n: usize) -> Row {
    let _ = lines;
    Row {
        page: first.page,
        last_page: first.page,
        cells: vec![Vec::new(); n],
        lines: Vec::new(),
        raw: Vec::new(),
        bbox: None,
        spanning: false,
        bold: true,
        closed: false,
        open_above: vec![false; n],
    }
}

fn add_line(row: &mut Row, lc: &LineCells, lines: &[PageLine]) {
    for (c, words) in lc.cells.iter().enumerate() {
        if words.is_empty() {
            continue;
        }
        row.cells[c].push(CellLine {
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            last_x1: words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max),
            first_x0: words.iter().map(|w| w.bbox.x0).fold(f64::MAX, f64::min),
            first_width: words.first().map_or(0.0, |w| w.bbox.width()),
            right_edge: 0.0,
            top: lc.bbox.top,
        });
    }
    if row.page == lc.page {
        row.bbox = Some(row.bbox.map_or(lc.bbox, |b| b.union(&lc.bbox)));
    }
    row.lines.push(lc.index);
    row.raw.push(lines[lc.index].line.text.clone());
    row.last_page = lc.page;
    row.bold &= lc.bold;
}

/// Which columns a horizontal rule crosses between heights `above` and
/// `below`.
fn ruled_columns(grid: &Grid, rules: &Rules, above: f64, below: f64) -> Vec<bool> {
    (0..grid.columns())
        .map(|c| rules.horizontal_between(above, below, grid.boundaries[c], grid.boundaries[c + 1]))
        .collect()
}

/// A rule between rows: under the first column, or under every other
/// column while the first column's cell spans on down (a provider cell
/// with rowspan, as ReportLab and wkhtmltopdf draw it: the rule starts at
/// the second column).
fn is_row_rule(covered: &[bool]) -> bool {
    covered.first().copied().unwrap_or(false)
        || (covered.len() >= 3 && covered[1..].iter().all(|c| *c))
}

/// Rows of a ruled part: a horizontal rule under the first column (or
/// under all the others, see [`is_row_rule`]) between two lines starts a
/// new row.
fn ruled_rows(grid: &Grid, cells: &[LineCells], rules: &Rules, lines: &[PageLine]) -> Vec<Row> {
    let n = grid.columns();
    let mut rows: Vec<Row> = Vec::new();
    let mut previous: Option<&LineCells> = None;
    for lc in cells {
        let covered =
            previous.map(|p| ruled_columns(grid, rules, p.bbox.bottom - 2.0, lc.bbox.top + 2.0));
        let boundary = covered.as_deref().is_none_or(is_row_rule);
        if boundary || rows.is_empty() {
            let mut row = new_row(lc, lines, n);
            if let Some(covered) = &covered {
                row.open_above = covered.iter().map(|c| !c).collect();
            }
            rows.push(row);
        }
        if let Some(row) = rows.last_mut() {
            add_line(row, lc, lines);
        }
        previous = Some(lc);
    }
    // A row is closed when a rule runs under its last line; one left open at
    // the foot of a page goes on at the top of the next.
    for row in &mut rows {
        let bottom = row
            .lines
            .last()
            .and_then(|&i| lines[i].line.bbox)
            .map_or(0.0, |b| b.bottom);
        row.closed = is_row_rule(&ruled_columns(grid, rules, bottom - 2.0, bottom + 30.0));
        row.spanning = is_spanning_ruled(row, grid, rules, lines);
    }
    rows
}

/// A ruled row is a group heading when no interior column rule crosses it
/// and its text sits in one cell.
fn is_spanning_ruled(row: &Row, grid: &Grid, rules: &Rules, lines: &[PageLine]) -> bool {
    let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
    if (filled != 1 && !one_run_across(row, lines)) || grid.columns() < 3 {
        return false;
    }
    row.lines.iter().all(|&i| {
        lines[i].line.bbox.is_some_and(|b| {
            rules
                .verticals_at(b.center_y())
                .iter()
                .all(|x| *x <= grid.left() + BOUNDARY_SLACK || *x >= grid.right() - BOUNDARY_SLACK)
        })
    })
}

/// The normal step between two lines of one cell: the smallest step seen
/// where a column's text wraps onto the next line.
fn wrap_pitch(cells: &[LineCells], grid: &Grid) -> f64 {
    let rights = column_rights(cells, grid.columns());
    let mut steps: Vec<f64> = cells
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .filter(|w| (0..grid.columns()).any(|c| wraps(&w[0], &w[1], c, rights[c])))
        .map(|w| w[1].bbox.top - w[0].bbox.top)
        .filter(|s| *s > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    steps
        .get(steps.len() / 4)
        .copied()
        .unwrap_or_else(|| cells.first().map_or(12.0, |c| c.size * 1.2))
}

/// Where each column's text must end: in a ruled grid the next rule less
/// the cell's padding (the gap between a rule and the text after it),
/// otherwise the furthest any of its lines reaches.
fn cell_rights(grid: &Grid, rows: &[Row]) -> Vec<f64> {
    (0..grid.columns())
        .map(|c| {
            let lines = || rows.iter().flat_map(|r| r.cells[c].iter());
            let reached = lines().map(|l| l.last_x1).fold(f64::MIN, f64::max);
            if !grid.ruled {
                return reached.max(grid.boundaries[c]);
            }
            let padding = lines()
                .map(|l| l.first_x0 - grid.boundaries[c])
                .filter(|p| *p >= 0.0)
                .fold(f64::MAX, f64::min);
            let padding = if padding == f64::MAX { 0.0 } else { padding };
            (grid.boundaries[c + 1] - padding).max(grid.boundaries[c])
        })
        .collect()
}

/// The right edge each column's text reaches.
fn column_rights(cells: &[LineCells], n: usize) -> Vec<f64> {
    (0..n)
        .map(|c| {
            cells
                .iter()
                .flat_map(|lc| lc.cells[c].iter().map(|w| w.bbox.x1))
                .fold(f64::MIN, f64::max)
        })
        .collect()
}

/// Whether column `c`'s text on `below` wraps from `above`: the first word
/// below would not have fitted at the end of the line above.
fn wraps(above: &LineCells, below: &LineCells, c: usize, right: f64) -> bool {
    let (Some(last), Some(first)) = (above.cells[c].last(), below.cells[c].first()) else {
        return false;
    };
    let space = 0.3 * above.size;
    last.bbox.x1 + space + first.bbox.width() >= right - FULL_COLUMN_SLACK
}

/// Rows of an unruled part. A line starts a row when the first column
/// starts a new cell there and no other column's text goes on from the
/// line above: a paragraph break inside one cell (Word's paragraph spacing)
/// leaves the others running, a new row starts them all.
fn unruled_rows(grid: &Grid, cells: &[LineCells], pitch: f64, lines: &[PageLine]) -> Vec<Row> {
    let n = grid.columns();
    let rights = column_rights(cells, n);
    // A first column of labels ("Insatsens namn", "Målgrupp", "Ansvarig")
    // is a label | value form's: each label there opens a row, though a
    // short label under a longer one looks like its wrapped end.
    let label_column = n == 2 && {
        let firsts: Vec<String> = cells
            .iter()
            .filter(|lc| lc.has(0))
            .map(|lc| lc.text_of(0))
            .collect();
        let labels = firsts.iter().filter(|t| is_form_label(t)).count();
        firsts.len() >= 4 && 2 * labels >= firsts.len()
    };
    let mut rows: Vec<Row> = Vec::new();
    for (k, lc) in cells.iter().enumerate() {
        let starts = match k.checked_sub(1).map(|p| &cells[p]) {
            None => true,
            Some(above) => {
                let step = lc.bbox.top - above.bbox.top;
                let near = step <= WRAP_PITCH * pitch && step > 0.0;
                let both = |c: usize| near && above.has(c) && lc.has(c);
                // Mid-phrase (lower case, an open end) is sure; a first word
                // that would not have fitted above is only likely.
                let goes_on_surely = |c: usize| both(c) && continues_phrase(above, lc, c);
                // Text has no weight or spacing to set a group row apart: a
                // first cell alone on its line over a line that starts two
                // or more other cells is a heading over that row ("Barn,
                // unga och föräldrar"), unless it surely goes on.
                let heading_above = is_text(lines, above)
                    && above.filled() == 1
                    && above.has(0)
                    && (1..n).filter(|&c| lc.has(c)).count() >= 2;
                let goes_on = |c: usize| {
                    both(c)
                        && (goes_on_surely(c) || (!heading_above && wraps(above, lc, c, rights[c])))
                };
                // A first cell that is a whole label ("Villkor:") opens a row of
                // a label | value grid even where the narrow label column makes
                // the label above look wrapped and the value above runs on.
                let label_opens = (is_label_cell(&lc.text_of(0))
                    || (label_column && is_form_label(&lc.text_of(0))))
                    && !goes_on_surely(0);
                // A header line opening the grid whose labels fill their
                // narrow columns makes the first row's cells look like their
                // wrapped ends; text has no rule or weight under the header
                // to say otherwise.
                let header_above = k == 1
                    && is_text(lines, above)
                    && above.filled() >= 3
                    && lc.has(0)
                    && is_header_row(&(0..n).map(|c| above.text_of(c)).collect::<Vec<_>>())
                    && !(0..n).any(goes_on_surely);
                let key_new = lc.has(0) && !goes_on(0);
                // A first cell starting where the line above had none is a new
                // row unless another cell surely goes on (a key set lower in
                // its row); a first cell with a paragraph break of its own
                // needs every other cell to start anew too.
                let others = if above.has(0) {
                    (1..n).any(&goes_on)
                } else {
                    (1..n).any(&goes_on_surely)
                };
                label_opens || header_above || (key_new && !others)
            }
        };
        if starts || rows.is_empty() {
            rows.push(new_row(lc, lines, n));
        }
        if let Some(row) = rows.last_mut() {
            add_line(row, lc, lines);
        }
    }
    for row in &mut rows {
        row.spanning = is_spanning_unruled(row, grid, lines);
    }
    rows
}

/// A cell that is a label as a whole, colon or not ("Målgrupp", "Villkor
/// för"): short, no sentence, typed by its words.
fn is_form_label(text: &str) -> bool {
    let text = text.trim().trim_end_matches(':');
    !text.is_empty()
        && text.split_whitespace().count() <= LABEL_CELL_WORDS
        && !text.ends_with(['.', ','])
        && text.starts_with(char::is_uppercase)
        && type_label(text).is_some()
}

/// A cell that is one short label ending in a colon ("Riktar sig till:").
fn is_label_cell(text: &str) -> bool {
    let text = text.trim();
    text.len() > 1 && text.ends_with(':') && text.split_whitespace().count() <= LABEL_CELL_WORDS
}

/// The text of column `c` goes on mid-phrase: the line above ends open
/// ("…, ", "… och") or the line below starts in lower case.
fn continues_phrase(above: &LineCells, below: &LineCells, c: usize) -> bool {
    let above_text = above.text_of(c);
    let below_text = below.text_of(c);
    let open_end = above_text
        .trim_end()
        .ends_with([',', '-', '–', '/', '&', '('])
        || above_text
            .split_whitespace()
            .last()
            .is_some_and(|w| FREE_WORDS.contains(&w));
    let lower_start = below_text.chars().next().is_some_and(char::is_lowercase);
    open_end || lower_start
}

/// An unruled row is a group heading when its text is in the first column
/// only, is bold (or runs across the next column's start), and is short.
fn is_spanning_unruled(row: &Row, grid: &Grid, lines: &[PageLine]) -> bool {
    if grid.columns() < 3 || row.lines.len() > 2 {
        return false;
    }
    let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
    if (filled != 1 && !one_run_across(row, lines)) || row.cells[0].is_empty() {
        return false;
    }
    let crosses = row.lines.iter().any(|&i| {
        lines[i]
            .line
            .bbox
            .is_some_and(|b| b.x1 > grid.boundaries[1] + 2.0 * BOUNDARY_SLACK)
    });
    // Text has no bold: one line in the first column alone is the heading.
    let text_heading = row.lines.len() == 1
        && row
            .lines
            .iter()
            .all(|&i| lines[i].line.source_line.is_some());
    row.bold || crosses || text_heading
}

/// A row of one line set as one run of words across the first columns (no
/// gap a column break would leave): one cell crossing the columns' starts,
/// as a group heading does ("Insatser för barn, unga och familjer", cut at
/// the second column's start where it runs over it).
fn one_run_across(row: &Row, lines: &[PageLine]) -> bool {
    let [i] = row.lines[..] else {
        return false;
    };
    let one_run = lines.get(i).is_some_and(|pl| pl.line.segments.len() == 1);
    let filled: Vec<usize> = (0..row.cells.len())
        .filter(|&c| !row.cells[c].is_empty())
        .collect();
    one_run && filled.len() >= 2 && filled.iter().enumerate().all(|(k, &c)| k == c)
}

/// A line read from text input (no weights, every line one pitch apart).
fn is_text(lines: &[PageLine], lc: &LineCells) -> bool {
    lines
        .get(lc.index)
        .is_some_and(|pl| pl.line.source_line.is_some())
}

/// A line of three cells or more, each short, that reads as a header row.
fn is_header_line_of(lc: &LineCells, n: usize) -> bool {
    let cells: Vec<String> = (0..n)
        .map(|c| lc.text_of(c))
        .filter(|t| !t.is_empty())
        .collect();
    cells.len() >= 3 && all_short(&cells) && is_header_row(&cells)
}

/// Each cell no longer than a label.
fn all_short(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|t| t.split_whitespace().count() <= crate::vocab::MAX_LABEL_WORDS)
}

/// How many leading rows are the table's header. A header row has cells
/// that read as column names; a bold or spanning-shaded first row over rows
/// that are not bold is one too.
fn count_header_rows(rows: &[Row], grid: &Grid) -> usize {
    let n = grid.columns();
    let mut count = 0;
    for row in rows.iter().take(3) {
        let cells: Vec<String> = (0..n)
            .map(|c| row.text(c))
            .filter(|t| !t.is_empty())
            .collect();
        let short = all_short(&cells);
        let named = cells.len() >= 2 && is_header_row(&cells);
        let set_apart = count == 0
            && row.bold
            && cells.len() >= 2
            && short
            && rows.get(1).is_some_and(|next| !next.bold);
        if short && (named || set_apart) {
            count += 1;
        } else {
            break;
        }
    }
    count
}

/// A paragraph of a cell: its label as printed ("" for text before the
/// first label), the field the label names and its text.
struct LabelledParagraph {
    label: String,
    field: Option<Field>,
    text: String,
}

/// A cell line that opens a labelled paragraph: "Vem kan delta: Barn 0-18
/// år." (inline) or "Dokumentation:" alone on its line. Returns the field,
/// the label and the text after it.
fn paragraph_label(text: &str) -> Option<(Field, String, String)> {
    // The colon test first: most cell lines have none, and scoring a
    // label is the costly part.
    if !text.contains(':') {
        return None;
    }
    section_label(text)
}

/// The fields a column's cells fill when most of them are labelled
/// paragraphs: the cell opens with a label and holds at least two (a
/// one-label cell is a value that happens to hold a colon).
fn labelled_fields(body: &[(bool, Row)], c: usize) -> Vec<Field> {
    let cells: Vec<&Vec<CellLine>> = body
        .iter()
        .filter(|(_, r)| !r.spanning && !r.cells[c].is_empty())
        .map(|(_, r)| &r.cells[c])
        .collect();
    let mut fields: Vec<Field> = Vec::new();
    let mut labelled = 0;
    for cell in &cells {
        let labels: Vec<Field> = cell
            .iter()
            .filter_map(|l| paragraph_label(&l.text).map(|(f, _, _)| f))
            .collect();
        let opens = cell
            .first()
            .is_some_and(|l| paragraph_label(&l.text).is_some());
        if opens && labels.len() >= 2 {
            labelled += 1;
            for f in labels {
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
        }
    }
    if cells.is_empty() || (labelled as f64) < CONTENT_SHARE * cells.len() as f64 {
        return Vec::new();
    }
    fields.sort();
    fields
}

/// Splits a cell into its labelled paragraphs (see [`paragraph_label`]);
/// each paragraph's lines joined as a cell's are.
fn labelled_paragraphs(lines: &[CellLine], right_edge: f64) -> Vec<LabelledParagraph> {
    let mut groups: Vec<(String, Option<Field>, Vec<CellLine>)> = Vec::new();
    for line in lines {
        match paragraph_label(&line.text) {
            Some((field, label, rest)) => {
                let mut first = line.clone();
                first.text = rest;
                let lines = if first.text.is_empty() {
                    Vec::new()
                } else {
                    vec![first]
                };
                groups.push((label, Some(field), lines));
            }
            None => match groups.last_mut() {
                Some((_, _, group)) => group.push(line.clone()),
                None => groups.push((String::new(), None, vec![line.clone()])),
            },
        }
    }
    groups
        .into_iter()
        .map(|(label, field, lines)| LabelledParagraph {
            label,
            field,
            text: join_cell(&lines, right_edge),
        })
        .collect()
}

/// Types each column by its header's words; a column whose header says
/// nothing (or that has none) by what its cells hold.
fn type_columns(headers: &[String], body: &[(bool, Row)], has_header: bool) -> Vec<Column> {
    let n = headers.len();
    let mut columns: Vec<Column> = headers
        .iter()
        .map(|h| {
            let field = type_label(h.trim_end_matches([':', '.'])).map(|(f, _)| f);
            Column {
                header: h.clone(),
                field,
                typed_by: if field.is_some() { "header" } else { "none" },
                labelled: Vec::new(),
            }
        })
        .collect();
    // Two columns named alike: the better-scored keeps the field, unless
    // both are documentation-like (a Ja/Nej column beside its comment).
    for field in [Field::Name, Field::Provider, Field::TargetGroup] {
        let same: Vec<usize> = (0..n)
            .filter(|&c| columns[c].field == Some(field))
            .collect();
        if same.len() > 1 {
            let best = same
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    header_score(&columns[a].header, field)
                        .total_cmp(&header_score(&columns[b].header, field))
                        .then(b.cmp(&a))
                })
                .unwrap_or(same[0]);
            for c in same {
                if c != best {
                    columns[c].field = label_scores(&columns[c].header)
                        .into_iter()
                        .map(|(f, _)| f)
                        .find(|f| *f != field && !columns.iter().any(|o| o.field == Some(*f)))
                        .filter(|_| true);
                    if columns[c].field.is_none() {
                        columns[c].typed_by = "none";
                    }
                }
            }
        }
    }
    let texts: Vec<Vec<String>> = (0..n)
        .map(|c| {
            body.iter()
                .filter(|(_, r)| !r.spanning)
                .map(|(_, r)| r.text(c))
                .filter(|t| !t.is_empty())
                .collect()
        })
        .collect();
    let taken = |columns: &[Column], f: Field| columns.iter().any(|c| c.field == Some(f));
    for c in 0..n {
        if columns[c].field.is_some() {
            continue;
        }
        let guess = content_field(&texts[c], c, &columns, has_header);
        if let Some(f) = guess.filter(|f| !taken(&columns, *f)) {
            columns[c].field = Some(f);
            columns[c].typed_by = "content";
        }
    }
    // No column names the interventions, but one holds "Unit: Name" cells
    // under a header naming both ("Verksamhet: insats") or most of its
    // cells are so written: it is the name column, and the unit before the
    // colon its provider (see `split_unit`).
    if !taken(&columns, Field::Name) {
        let unit_name = (0..n).find(|&c| {
            let names_both = header_score(&columns[c].header, Field::Name) >= 1.5
                && header_score(&columns[c].header, Field::Provider) >= 1.5;
            let colons = texts[c]
                .iter()
                .filter(|t| {
                    t.split_once(':').is_some_and(|(u, rest)| {
                        u.split_whitespace().count() <= 8 && !rest.trim().is_empty()
                    })
                })
                .count();
            let mostly_colons =
                !texts[c].is_empty() && colons as f64 >= CONTENT_SHARE * texts[c].len() as f64;
            columns[c].field == Some(Field::Provider) && (names_both || mostly_colons)
        });
        if let Some(c) = unit_name {
            columns[c].field = Some(Field::Name);
        }
    }
    columns
}

fn header_score(header: &str, field: Field) -> f64 {
    label_scores(header)
        .into_iter()
        .find(|(f, _)| *f == field)
        .map_or(0.0, |(_, s)| s)
}

/// What a column holds, judged from its cells: Ja/Nej, documentation
/// decisions, target groups (ages, residency, people), organisation names,
/// or short titles (the leftmost such column names the interventions).
fn content_field(
    texts: &[String],
    c: usize,
    columns: &[Column],
    has_header: bool,
) -> Option<Field> {
    static AGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\d+\s*(-|–|till)?\s*\d*\s*år|år\s*\+|\bvuxn|\bbarn\b|\bunga\b|föräldrar|folkbokförd|anhörig").expect("valid")
    });
    static DOC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)dokumenter|14\s*kap|personuppgifter|anonym").expect("valid")
    });
    static ORG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(enheten|teamet|mottagningen|tjänst|stödet|centrum|verksamheten|gruppen|rådgivningen|boendet|socialpsykiatrin|öppenvården)\b").expect("valid")
    });
    if texts.is_empty() {
        return None;
    }
    let share =
        |re: &Regex| texts.iter().filter(|t| re.is_match(t)).count() as f64 / texts.len() as f64;
    let yes_no = texts
        .iter()
        .filter(|t| {
            let f = fold(t);
            f == "ja"
                || f == "nej"
                || f.starts_with("ja ")
                || f.starts_with("nej ")
                || f.starts_with("ja.")
                || f.starts_with("nej.")
        })
        .count() as f64
        / texts.len() as f64;
    let taken = |f: Field| columns.iter().any(|col| col.field == Some(f));
    if yes_no >= CONTENT_SHARE {
        return (!taken(Field::Documentation)).then_some(Field::Documentation);
    }
    if share(&DOC) >= CONTENT_SHARE {
        return Some(if taken(Field::Documentation) {
            Field::Reason
        } else {
            Field::Documentation
        });
    }
    if share(&AGE) >= CONTENT_SHARE && !taken(Field::TargetGroup) {
        return Some(Field::TargetGroup);
    }
    let words = texts
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>() as f64
        / texts.len() as f64;
    if share(&ORG) >= CONTENT_SHARE && words <= 5.0 && !taken(Field::Provider) {
        return Some(Field::Provider);
    }
    // Short titles in the leftmost untyped column name the interventions
    // when no header did.
    let leftmost_free = (0..c).all(|k| columns[k].field.is_some());
    if words <= 8.0 && !taken(Field::Name) && (leftmost_free || !has_header) {
        return Some(Field::Name);
    }
    None
}

/// Joins a cell's lines: words broken at the column edge without a hyphen
/// are glued back, the rest goes through [`join_lines`].
pub(super) fn join_cell(lines: &[CellLine], right_edge: f64) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut previous: Option<&CellLine> = None;
    for line in lines {
        let glue = previous.is_some_and(|prev| {
            let prev_last = prev.text.split_whitespace().last().unwrap_or("");
            let next_first = line.text.split_whitespace().next().unwrap_or("");
            // The line above ends where the next line's first piece would
            // not have fitted: the break fell inside a word.
            let right = if prev.right_edge > 0.0 {
                prev.right_edge
            } else {
                right_edge
            };
            let filled = prev.last_x1 + line.first_width >= right - FULL_COLUMN_SLACK;
            // Only a word too long for the column is broken without a hyphen,
            // and it then stands alone on its line.
            let alone = !prev.text.contains(' ');
            filled && alone && broken_word(prev_last, next_first)
        });
        previous = Some(line);
        if glue {
            if let Some(prev) = parts.last_mut() {
                prev.push_str(&line.text);
                continue;
            }
        }
        parts.push(line.text.clone());
    }
    join_lines(&parts)
}

/// Whether `head` at the end of a full line and `tail` at the start of the
/// next are one word broken without a hyphen. The word list decides:
/// "Dokumentatio" + "n" and "Familjestödsen" + "heten" are broken (the head
/// is no word); "Avidentifierade" + "uppgifter" are two words. Without the
/// word list only a lowercase tail continues.
fn broken_word(head: &str, tail: &str) -> bool {
    // A compound's last part after a slash is the piece that broke
    // ("Provtagning/Drogscree" + "ning").
    let head = head.rsplit('/').next().unwrap_or(head);
    let letters = |w: &str| w.chars().all(char::is_alphabetic);
    let tail_word = tail.trim_end_matches(|c: char| !c.is_alphanumeric());
    if head.chars().count() < 3 || !letters(head) || tail_word.is_empty() || !letters(tail_word) {
        return false;
    }
    let lower_tail = tail_word.to_lowercase();
    // A definite ending alone after a word too long for its column is that
    // word's end ("Beroendeenhet" + "en"), though "en" is a word too.
    if DEFINITE_ENDINGS.contains(&lower_tail.as_str()) && head.chars().any(char::is_lowercase) {
        return true;
    }
    if FREE_WORDS.contains(&lower_tail.as_str()) {
        return false;
    }
    // A capital goes on a capital word only ("BEHOVSPRÖVA" / "D INSATS").
    let tail_upper = tail_word.chars().next().is_some_and(char::is_uppercase);
    let head_upper = head.chars().all(|c| !c.is_lowercase());
    if tail_upper && !(head_upper && tail_word.chars().all(|c| !c.is_lowercase())) {
        return false;
    }
    match crate::pipeline::lexicon() {
        Ok(words) => {
            let lower_head = head.to_lowercase();
            let joined = format!("{lower_head}{lower_tail}");
            if words.contains(&joined) {
                return true;
            }
            let head_known = words.contains(&lower_head);
            let tail_known = words.contains(&lower_tail);
            // A name the word list does not know ("Barnbyrån") before a
            // whole word it knows ("stödgrupp") is two words. A known head
            // before an unknown, shorter tail ("arbetsmarknad" + "skontoret")
            // is one: the rest of a word that filled the line is shorter
            // than the line.
            let proper = head.chars().next().is_some_and(char::is_uppercase);
            let whole_tail = tail_known && lower_tail.chars().count() >= WHOLE_WORD_LETTERS;
            let shorter = lower_tail.chars().count() < lower_head.chars().count();
            let unknown_head_glues = !(head_known || proper && whole_tail);
            let unknown_tail_glues = head_known && !tail_known && shorter;
            unknown_head_glues || unknown_tail_glues
        }
        Err(_) => !tail_upper,
    }
}

/// Swedish definite endings a word broken at the column edge leaves alone
/// on the next line ("Familjeenhet" / "en", "Boendestöd" / "et").
const DEFINITE_ENDINGS: &[&str] = &[
    "en", "et", "na", "n", "t", "ens", "ets", "erna", "arna", "orna",
];

/// A known word of this many letters after an unknown name is a word of
/// its own, not the name's broken end ("ning" is not, "stödgrupp" is).
const WHOLE_WORD_LETTERS: usize = 5;

/// The intervention's name is the name cell up to its qualifiers: a
/// frequency or quantity line ("1 gång var tredje vecka", "Upp till 6
/// samtal", "- upp till 12 tillfällen"), a new sentence after a full stop,
/// or a new capitalised phrase of several words ("Enskilda samtal" /
/// "Samtal för råd och stöd/ inklusive insatser"). The whole cell stays in
/// `cells`.
pub(super) fn name_without_qualifier(lines: &[CellLine], right_edge: f64) -> String {
    let mut kept: Vec<CellLine> = Vec::new();
    let cell_ends_sentence = lines
        .last()
        .is_some_and(|l| l.text.trim_end().ends_with('.'));
    for line in lines {
        let text = line.text.trim();
        let folded = fold(text);
        let starts_quantity = text.chars().next().is_some_and(|c| c.is_ascii_digit())
            || QUALIFIER_STARTS.iter().any(|q| folded.starts_with(q));
        let after_sentence = kept
            .last()
            .is_some_and(|l| l.text.trim_end().ends_with('.'));
        // A line after "…, " or "… och" continues the phrase whatever its case.
        let previous_open = kept.last().is_some_and(|l| {
            let t = l.text.trim_end();
            t.ends_with([',', '/', '-', '–', '&'])
                || t.split_whitespace()
                    .last()
                    .is_some_and(|w| FREE_WORDS.contains(&w))
        });
        let new_phrase = !kept.is_empty()
            && !previous_open
            && text.chars().next().is_some_and(char::is_uppercase)
            && text.split_whitespace().count() >= 3
            && kept
                .iter()
                .map(|l| l.text.split_whitespace().count())
                .sum::<usize>()
                >= 1;
        // "Efterlevandelots" / "Rådgivande" / "/stödjande kontakt …" / "ett år.":
        // a capitalised line that opens the cell's closing sentence.
        let opens_sentence = !kept.is_empty()
            && !previous_open
            && text.chars().next().is_some_and(char::is_uppercase)
            && cell_ends_sentence
            && !kept.iter().any(|l| l.text.contains('.'));
        if !kept.is_empty() && (starts_quantity || after_sentence || new_phrase || opens_sentence) {
            break;
        }
        kept.push(line.clone());
    }
    let joined = join_cell(&kept, right_edge);
    // The patterns are ASCII and Swedish letters keep their byte length when
    // lowercased, so offsets in the lowercased text are offsets in `joined`.
    let lower = joined.to_lowercase();
    let cut = QUALIFIER_INLINE
        .iter()
        .filter_map(|q| lower.find(q))
        .min()
        .filter(|&at| at > 0 && lower.len() == joined.len() && joined.is_char_boundary(at));
    let joined = match cut {
        Some(at) => joined[..at].to_string(),
        None => joined,
    };
    clean_name(&joined)
}

/// The unit a name cell may start with, before the intervention: text
/// before a colon ("Familjestödet: Råd och stödsamtal"), or a first sentence
/// or first line that several rows of the table start with ("Grinden –
/// stödverksamhet för barn och unga."), which marks it as the unit.
fn unit_candidates(lines: &[CellLine]) -> Vec<String> {
    let joined = join_lines(&lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>());
    let mut out = Vec::new();
    if let Some((first_sentence, _)) = joined.split_once(". ") {
        out.push(fold(first_sentence));
    }
    // A first line ending in a dash ("Grinden –") or a preposition
    // ("Föräldrarådgivning på" / "Familjens hus i …") is cut mid-name.
    if let Some(first) = lines.first().filter(|l| !ends_open(&l.text)) {
        out.push(fold(first.text.trim_end_matches('.')));
    }
    out
}

/// A line that stops mid-phrase: after a dash, a comma or a short free word.
fn ends_open(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(['-', '–', ','])
        || t.split_whitespace()
            .last()
            .is_some_and(|w| FREE_WORDS.contains(&w.to_lowercase().as_str()))
}

pub(super) fn repeated_units<'a>(cells: impl Iterator<Item = &'a [CellLine]>) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for lines in cells {
        let joined = join_lines(&lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>());
        if let Some((unit, _)) = joined.split_once(':') {
            *counts.entry(fold(unit.trim())).or_default() += 2; // a colon is evidence enough
        }
        let mut seen = Vec::new();
        for candidate in unit_candidates(lines) {
            if !seen.contains(&candidate) {
                *counts.entry(candidate.clone()).or_default() += 1;
                seen.push(candidate);
            }
        }
    }
    counts
        .into_iter()
        .filter(|(u, n)| *n >= 2 && !u.is_empty())
        .map(|(u, _)| u)
        .collect()
}

/// Splits a name cell into (unit, the lines after it).
pub(super) fn split_unit(
    lines: &[CellLine],
    known_units: &[String],
) -> (Option<String>, Vec<CellLine>) {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let joined = join_lines(&texts);
    let unit = match joined.split_once(':') {
        Some((unit, rest)) if unit.chars().count() <= 60 && !rest.trim().is_empty() => {
            Some(unit.trim().to_string())
        }
        _ => {
            let sentence = joined.split_once(". ").map(|(s, _)| s.to_string());
            let first_line = lines
                .first()
                .filter(|l| !ends_open(&l.text))
                .map(|l| l.text.trim_end_matches('.').to_string());
            [sentence, first_line].into_iter().flatten().find(|u| {
                known_units.contains(&fold(u)) && fold(u) != fold(&joined).trim_end_matches('.')
            })
        }
    };
    let Some(unit) = unit else {
        return (None, lines.to_vec());
    };
    // A bracket after the shared line goes on with the name: "Öppen ingång -
    // råd och stöd" / "(Föräldrar)" is one of several such names, no unit.
    let after = joined[joined.find(unit.as_str()).map_or(0, |i| i + unit.len())..].trim_start();
    if after.starts_with('(') {
        return (None, lines.to_vec());
    }
    // Drop the unit's words from the front of the cell, line by line.
    let mut to_skip = unit.split_whitespace().count();
    let mut rest = Vec::new();
    for line in lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        if to_skip >= words.len() {
            to_skip -= words.len();
            continue;
        }
        let remaining = words[to_skip..].join(" ");
        to_skip = 0;
        let remaining = remaining.trim_start_matches([':', '.', ' ']).to_string();
        if !remaining.is_empty() {
            rest.push(CellLine {
                text: remaining,
                last_x1: line.last_x1,
                first_x0: line.first_x0,
                first_width: line.first_width,
                right_edge: line.right_edge,
                top: line.top,
            });
        }
    }
    (Some(clean_name(&unit)), rest)
}

/// Lines that qualify a name rather than continue it (folded).
/// A list item ("- Trygghetscirkeln") names programmes within the row: the
/// row is one intervention named by what comes before the list.
const QUALIFIER_STARTS: &[&str] = &["upp till", "max ", "hogst ", "- ", "– ", "• "];
/// Inline qualifiers after a name ("… insatser - upp till 12 tillfällen").
const QUALIFIER_INLINE: &[&str] = &[" - upp till", " – upp till", " - max ", " – max "];

pub(super) fn clean_name(name: &str) -> String {
    name.trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .trim()
        .to_string()
}

/// Provider cells sometimes start mid-sentence ("erbjudas av Västerås stad …",
/// Sala): the verb phrase is not part of the provider's name.
pub(super) fn clean_provider(provider: &str) -> String {
    let mut p = provider.trim();
    for prefix in PROVIDER_PREFIXES {
        if fold(p).starts_with(prefix) {
            p = p[prefix.len().min(p.len())..].trim_start();
            break;
        }
    }
    clean_name(p)
}

/// Verb phrases that introduce a provider (folded, ASCII so byte lengths agree).
const PROVIDER_PREFIXES: &[&str] = &[
    "insatsen kan erbjudas av ",
    "kan erbjudas av ",
    "erbjudas av ",
    "erbjuds av ",
    "utfors av ",
    "ges av ",
];

/// A cell that is only a dash is empty ("–" in f1's Motivering column).
pub(super) fn is_empty_cell(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.chars().all(|c| matches!(c, '-' | '–' | '—' | '.'))
}

/// Joins documentation texts printed in two cells ("Nej" | "Personuppgifter
/// ska inte …"): a sentence end between them.
pub(super) fn join_sentences(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !is_empty_cell(p)) {
        if !out.is_empty() {
            if !out.ends_with(['.', '!', '?', ':']) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

fn finish(
    columns: &[Column],
    body: Vec<(bool, Row)>,
    section_above: Option<String>,
    grid: &Grid,
) -> Vec<Record> {
    let all_rows: Vec<Row> = body.iter().map(|(_, r)| r.clone()).collect();
    let right_edges = cell_rights(grid, &all_rows);
    let has_provider_column = columns.iter().any(|c| c.field == Some(Field::Provider));
    let name_column = columns.iter().position(|c| c.field == Some(Field::Name));
    // Group headings become the section of the rows after them; a row cut
    // by a page break goes on in the first row of the next part; a row with
    // nothing in the name column continues the row before it. Merged,
    // never dropped.
    let mut rows: Vec<(Option<String>, Row)> = Vec::new();
    let mut section = section_above;
    for (part_start, row) in body {
        if row.spanning {
            section = Some(row.all_text());
            continue;
        }
        let nameless = name_column.is_some_and(|ci| row.cells[ci].is_empty());
        // A ruled row left open at the foot of a page goes on; any row goes
        // on when its continuation starts mid-phrase.
        let cut_by_page = part_start
            && rows.last().is_some_and(|(_, prev)| {
                prev.last_page + 1 == row.page
                    && ((grid.ruled && !prev.closed) || goes_on(prev, &row, name_column))
            });
        // A row the producer drew again in full on the next page after
        // cutting it at the foot of the last (wkhtmltopdf): kept once.
        let redrawn = part_start
            && rows.last().is_some_and(|(_, prev)| {
                prev.last_page + 1 == row.page
                    && name_column.is_some_and(|ci| !prev.cells[ci].is_empty())
                    && (0..prev.cells.len())
                        .all(|c| fold(&row.text(c)).starts_with(&fold(&prev.text(c))))
            });
        if redrawn {
            if let Some((_, prev)) = rows.last_mut() {
                let first_page = prev.page;
                *prev = row;
                prev.page = first_page.min(prev.page);
            }
            continue;
        }
        match rows.last_mut() {
            Some((_, prev)) if nameless || cut_by_page => prev.absorb(row),
            Some((_, prev)) => {
                let row = inherit_spanned(row, prev, name_column);
                rows.push((section.clone(), row));
            }
            None => rows.push((section.clone(), row)),
        }
    }
    let known_units = match name_column {
        Some(ci) if !has_provider_column => {
            repeated_units(rows.iter().map(|(_, r)| r.cells[ci].as_slice()))
        }
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (section, row) in rows {
        let mut fields: BTreeMap<Field, String> = BTreeMap::new();
        let mut cells = BTreeMap::new();
        let mut documentation: Vec<String> = Vec::new();
        for (ci, column) in columns.iter().enumerate() {
            if !column.labelled.is_empty() {
                for paragraph in labelled_paragraphs(&row.cells[ci], right_edges[ci]) {
                    if let Some(field) = paragraph.field {
                        if matches!(field, Field::Documentation | Field::Reason) {
                            documentation.push(paragraph.text.clone());
                        }
                        let entry = fields.entry(field).or_default();
                        if !is_empty_cell(&paragraph.text) {
                            if !entry.is_empty() {
                                entry.push(' ');
                            }
                            entry.push_str(&paragraph.text);
                        }
                    }
                    let label = if paragraph.label.is_empty() {
                        column.header.clone()
                    } else {
                        paragraph.label
                    };
                    cells.insert(label, paragraph.text);
                }
                continue;
            }
            let text = join_cell(&row.cells[ci], right_edges[ci]);
            if let Some(field) = column.field {
                if matches!(field, Field::Documentation | Field::Reason) {
                    documentation.push(text.clone());
                }
                let entry = fields.entry(field).or_default();
                if !is_empty_cell(&text) {
                    if !entry.is_empty() {
                        entry.push(' ');
                    }
                    entry.push_str(&text);
                }
            }
            let header = if column.header.is_empty() {
                format!("column {}", ci + 1)
            } else {
                join_lines(&[column.header.as_str()])
            };
            cells.insert(header, text);
        }
        // The documentation decision and its motive, printed in two cells,
        // are one documentation text.
        let joined = join_sentences(&documentation);
        if !joined.is_empty() {
            fields.insert(Field::Documentation, joined);
        }
        let mut provider = fields
            .get(&Field::Provider)
            .map(|p| clean_provider(p))
            .filter(|p| !p.is_empty());
        let name = match name_column {
            Some(ci) if !has_provider_column => {
                // "Familjecentralerna: Råd och stödsamtal", "Grinden – … unga.
                // Stödgrupper för barn/unga" (001): the unit, then the name.
                let (unit, rest) = split_unit(&row.cells[ci], &known_units);
                if unit.is_some() {
                    provider = unit;
                }
                name_without_qualifier(&rest, right_edges[ci])
            }
            Some(ci) => name_without_qualifier(&row.cells[ci], right_edges[ci]),
            None => String::new(),
        };
        if name.is_empty() {
            continue; // a row with no intervention named is not a record
        }
        fields.insert(Field::Name, name.clone());
        out.push(Record {
            name,
            provider,
            section,
            fields,
            cells,
            page: row.page,
            bbox: row.bbox,
            raw: row.raw.join("\n"),
            lines: row.lines,
        });
    }
    out
}

/// A row's empty cells that the cell above spans down into (no rule
/// between them, see [`Row::open_above`]) hold that cell's text: each
/// intervention under a provider printed once for several.
fn inherit_spanned(mut row: Row, above: &Row, name_column: Option<usize>) -> Row {
    for c in 0..row.cells.len() {
        let spanned = row.open_above.get(c).copied().unwrap_or(false);
        if spanned && Some(c) != name_column && row.cells[c].is_empty() {
            row.cells[c] = above.cells[c].clone();
        }
    }
    row
}

/// Whether the first row of a new page goes on from the last row of the
/// page before: its name cell starts mid-phrase, the previous name cell was
/// left open ("Familjerådgivningen:"), or every other cell goes on in lower
/// case.
fn goes_on(prev: &Row, row: &Row, name_column: Option<usize>) -> bool {
    let key = name_column.unwrap_or(0);
    let key_text = row.text(key);
    // Nothing in the first column or the name column: the cells go on.
    if key_text.is_empty() || row.cells[0].is_empty() {
        return true;
    }
    let key_starts_lower = key_text.chars().next().is_some_and(char::is_lowercase);
    let key_left_open = prev.cells[key]
        .last()
        .is_some_and(|l| l.text.trim_end().ends_with([':', '-', '–', ',']));
    let others: Vec<String> = (0..row.cells.len())
        .filter(|&c| c != key)
        .map(|c| row.text(c))
        .filter(|t| !t.is_empty())
        .collect();
    let others_go_on = others.len() >= 2
        && others
            .iter()
            .all(|t| t.chars().next().is_some_and(char::is_lowercase));
    key_starts_lower || key_left_open || others_go_on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_in_two_cells_reads_as_one_text() {
        assert_eq!(
            join_sentences(&[
                "Nej".into(),
                "Personuppgifter ska inte dokumenteras.".into()
            ]),
            "Nej. Personuppgifter ska inte dokumenteras."
        );
        assert_eq!(
            join_sentences(&["Ska dokumenteras i genomförande.".into(), "–".into()]),
            "Ska dokumenteras i genomförande."
        );
    }

    #[test]
    fn a_word_too_long_for_its_column_is_glued_back_and_two_words_are_not() {
        // Pairs seen in narrow columns of Chromium, LibreOffice and
        // ReportLab tables: the line above held the head alone, filled.
        for (head, tail) in [
            ("Provtagning/Drogscree", "ning"),
            ("arbetsmarknad", "skontoret"),
            ("Beroendeenhet", "en"),
            ("Dokumentatio", "n"),
        ] {
            assert!(broken_word(head, tail), "{head} + {tail}");
        }
        for (head, tail) in [
            ("Barnbyrån", "stödgrupp"),
            ("Avidentifierade", "uppgifter"),
            ("Äldreomsorg", "hemtjänstinsatser"),
            ("Familjeenheten", "och"),
        ] {
            assert!(!broken_word(head, tail), "{head} + {tail}");
        }
    }

    use crate::segment::grid::test_pages::{embolden, page_of};

    #[test]
    fn a_header_repeated_under_an_area_heading_makes_the_heading_a_section() {
        // WeasyPrint's one table per area, read as one grid: each area's
        // heading, then the same header, then its rows.
        let mut doc = page_of(
            &[
                (100.0, vec![(40.0, "Äldreomsorg")]),
                (
                    114.0,
                    vec![
                        (40.0, "Öppen verksamhet"),
                        (220.0, "Målgrupp och dokumentation"),
                    ],
                ),
                (
                    140.0,
                    vec![(40.0, "Trygghetslarm"), (220.0, "Målgrupp: 75 +år.")],
                ),
                (
                    152.0,
                    vec![(220.0, "Dokumentation: Ska dokumenteras i genomförande.")],
                ),
                (185.0, vec![(40.0, "Barn, unga och familj")]),
                (
                    199.0,
                    vec![
                        (40.0, "Öppen verksamhet"),
                        (220.0, "Målgrupp och dokumentation"),
                    ],
                ),
                (
                    225.0,
                    vec![(40.0, "Samarbetssamtal"), (220.0, "Målgrupp: Föräldrar.")],
                ),
                (
                    237.0,
                    vec![(220.0, "Dokumentation: Undantag enligt 14 kap. 4 §.")],
                ),
                (
                    263.0,
                    vec![
                        (40.0, "Krisstöd för familjer med barn i kris"),
                        (220.0, "Målgrupp: Familjer i kris."),
                    ],
                ),
                (
                    275.0,
                    vec![(220.0, "Dokumentation: Undantag enligt 14 kap. 4 §.")],
                ),
            ],
            Vec::new(),
        );
        embolden(&mut doc, &["Äldreomsorg", "Barn, unga och familj"], 12.0);
        embolden(
            &mut doc,
            &["Öppen verksamhet Målgrupp och dokumentation"],
            10.0,
        );
        let segmented = super::super::segment(&doc);
        let read: Vec<(&str, Option<&str>)> = segmented
            .records
            .iter()
            .map(|r| (r.name.as_str(), r.section.as_deref()))
            .collect();
        assert_eq!(
            read,
            vec![
                ("Trygghetslarm", None),
                ("Samarbetssamtal", Some("Barn, unga och familj")),
                (
                    "Krisstöd för familjer med barn i kris",
                    Some("Barn, unga och familj")
                ),
            ]
        );
    }

    fn h_rule(y: f64, x0: f64, x1: f64) -> BBox {
        BBox::new(x0, y, x1, y + 0.3)
    }

    fn v_rule(x: f64, top: f64, bottom: f64) -> BBox {
        BBox::new(x, top, x + 0.3, bottom)
    }

    #[test]
    fn a_provider_cell_spanning_rows_names_each_rows_provider() {
        // ReportLab's rowspan (Hörby's "Ansvarig enhet"): the rules between
        // the rows under one unit start at the second column.
        let columns = [40.0, 130.0, 240.0, 360.0, 560.0];
        let mut rulings: Vec<BBox> = columns.iter().map(|&x| v_rule(x, 95.0, 200.0)).collect();
        rulings.push(h_rule(95.0, 40.0, 560.0));
        rulings.push(h_rule(112.0, 40.0, 560.0));
        rulings.push(h_rule(140.0, 130.0, 560.0));
        rulings.push(h_rule(170.0, 40.0, 560.0));
        rulings.push(h_rule(200.0, 40.0, 560.0));
        let doc = page_of(
            &[
                (
                    100.0,
                    vec![
                        (43.0, "Ansvarig enhet"),
                        (133.0, "Insats"),
                        (243.0, "Målgrupp"),
                        (363.0, "Dokumentation"),
                    ],
                ),
                (
                    117.0,
                    vec![
                        (43.0, "Vuxenenheten"),
                        (133.0, "Nätverksmöte"),
                        (243.0, "Vuxna från 18 år."),
                        (363.0, "Ska dokumenteras."),
                    ],
                ),
                (
                    145.0,
                    vec![
                        (133.0, "Budgetrådgivning"),
                        (243.0, "Bosatt i kommunen."),
                        (363.0, "Undantag enligt 14 kap. 4 §."),
                    ],
                ),
                (
                    175.0,
                    vec![
                        (43.0, "Familjecentralen"),
                        (133.0, "Medling"),
                        (243.0, "Barn under 21 år."),
                        (363.0, "Undantag enligt 14 kap. 5 §."),
                    ],
                ),
            ],
            rulings,
        );
        let segmented = super::super::segment(&doc);
        let read: Vec<(&str, Option<&str>)> = segmented
            .records
            .iter()
            .map(|r| (r.name.as_str(), r.provider.as_deref()))
            .collect();
        assert_eq!(
            read,
            vec![
                ("Nätverksmöte", Some("Vuxenenheten")),
                ("Budgetrådgivning", Some("Vuxenenheten")),
                ("Medling", Some("Familjecentralen")),
            ]
        );
    }

    #[test]
    fn a_cell_of_labelled_paragraphs_fills_a_field_per_label() {
        // Sölvesborg's per-area table: "Insatsens namn | Villkor och
        // dokumentation", the second cell "Vem kan delta: … Villkor: …
        // Dokumentation: …".
        let mut rulings: Vec<BBox> = [40.0, 170.0, 560.0]
            .iter()
            .map(|&x| v_rule(x, 95.0, 215.0))
            .collect();
        for y in [95.0, 112.0, 164.0, 215.0] {
            rulings.push(h_rule(y, 40.0, 560.0));
        }
        let doc = page_of(
            &[
                (
                    100.0,
                    vec![
                        (43.0, "Insatsens namn"),
                        (173.0, "Villkor och dokumentation"),
                    ],
                ),
                (
                    117.0,
                    vec![(43.0, "Städning"), (173.0, "Vem kan delta: 75 +år.")],
                ),
                (129.0, vec![(173.0, "Villkor: Folkbokförd i kommunen.")]),
                (141.0, vec![(173.0, "Dokumentation: Ska dokumenteras i")]),
                (153.0, vec![(173.0, "genomförande.")]),
                (
                    165.0,
                    vec![(43.0, "Medling"), (173.0, "Vem kan delta: Lagöverträdare.")],
                ),
                (177.0, vec![(173.0, "Villkor: Folkbokförd i kommunen.")]),
                (
                    189.0,
                    vec![(173.0, "Dokumentation: Undantag enligt 14 kap 5 §.")],
                ),
            ],
            rulings,
        );
        let segmented = super::super::segment(&doc);
        let names: Vec<&str> = segmented.records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["Städning", "Medling"]);
        let first = &segmented.records[0];
        assert_eq!(first.field(Field::TargetGroup), Some("75 +år."));
        assert_eq!(
            first.field(Field::Conditions),
            Some("Folkbokförd i kommunen.")
        );
        assert_eq!(
            first.field(Field::Documentation),
            Some("Ska dokumenteras i genomförande.")
        );
        assert_eq!(
            first.cells.get("Vem kan delta").map(String::as_str),
            Some("75 +år.")
        );
        assert_eq!(
            segmented.records[1].field(Field::Documentation),
            Some("Undantag enligt 14 kap 5 §.")
        );
    }

    #[test]
    fn rows_between_zebra_bands_and_under_a_group_heading_are_the_tables() {
        // Chromium's zebra table (Svalöv, Öckerö): every other row is shaded,
        // cell by cell; the rows between the bands have no rules at all, and
        // a group heading in a larger size sits between two rows.
        let columns = [40.0, 150.0, 300.0, 560.0];
        let band = |top: f64, bottom: f64| -> Vec<BBox> {
            columns
                .windows(2)
                .map(|w| BBox::new(w[0], top, w[1], bottom))
                .collect()
        };
        let row = |top: f64, name: &'static str, who: &'static str, doc: &'static str| {
            (top, vec![(43.0, name), (153.0, who), (303.0, doc)])
        };
        let mut doc = page_of(
            &[
                row(100.0, "Insats", "Målgrupp", "Dokumentation"),
                row(120.0, "Trygghetslarm", "75 +år.", "Ska dokumenteras."),
                (131.0, vec![(153.0, "Folkbokförd i kommunen.")]),
                row(150.0, "Tvätt", "75 +år.", "Ska dokumenteras."),
                (161.0, vec![(153.0, "Folkbokförd i kommunen.")]),
                (180.0, vec![(43.0, "Barn och familj")]),
                row(
                    200.0,
                    "Medling",
                    "Barn under 21 år.",
                    "Undantag enligt 14 kap. 5 §.",
                ),
                row(
                    220.0,
                    "FOSSAM",
                    "Barn 6-16 år.",
                    "Undantag enligt 14 kap. 4 §.",
                ),
            ],
            Vec::new(),
        );
        let page = &mut doc.pages[0];
        page.lines[5].font_size = Some(12.0);
        page.lines[5].bold = true;
        for s in &mut page.lines[5].segments {
            s.font_size = Some(12.0);
            s.bold = true;
        }
        page.fills = [band(97.0, 112.0), band(146.0, 174.0), band(216.0, 232.0)].concat();
        let segmented = super::super::segment(&doc);
        let read: Vec<(&str, Option<&str>)> = segmented
            .records
            .iter()
            .map(|r| (r.name.as_str(), r.section.as_deref()))
            .collect();
        assert_eq!(
            read,
            vec![
                ("Trygghetslarm", None),
                ("Tvätt", None),
                ("Medling", Some("Barn och familj")),
                ("FOSSAM", Some("Barn och familj")),
            ]
        );
        assert_eq!(
            segmented.records[0].field(Field::TargetGroup),
            Some("75 +år. Folkbokförd i kommunen.")
        );
    }

    #[test]
    fn min_label_score_is_met_by_a_one_word_header() {
        assert!(type_label("Insats").is_some_and(|(_, s)| s >= crate::vocab::MIN_LABEL_SCORE));
    }
}
