//! Grids found from geometry alone, without vocabulary: where a table is on
//! the page and where its columns begin. Two kinds of evidence:
//!
//! - **ruled**: vertical rulings crossing a run of lines (one line per
//!   column, one segment per cell as Chromium, WeasyPrint and Word draw them,
//!   thin filled rectangles, or the edges of shaded cell backgrounds, all
//!   merged first into [`Rules`]);
//! - **aligned**: column starts shared by many consecutive lines of text,
//!   for tables printed without borders.
//!
//! What the columns mean, where rows begin and which rows are headers is
//! decided later ([`super::table`]); a grid only says "these lines are laid
//! out in these columns".

use super::PageLine;
use crate::geom::BBox;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Ruling pieces whose positions differ by at most this (points) are one
/// line: a cell's border drawn by each of two neighbouring cells, or double
/// borders with a gap between them (`border-collapse: separate`).
const SAME_RULE: f64 = 4.0;
/// Collinear pieces with a gap up to this (points) join into one rule.
const RULE_JOIN_GAP: f64 = 8.0;
/// A column boundary must be crossed on at least this share of a ruled
/// block's lines (group rows spanning the table cross none).
const BOUNDARY_SUPPORT: f64 = 0.2;
/// Text within this distance (points) of a boundary belongs to the column
/// to its right.
pub(super) const BOUNDARY_SLACK: f64 = 3.0;
/// A ruled block of at most this many lines is a header whose body may be
/// printed without rules.
const HEADER_LINES: usize = 4;
/// Aligned grids: a column start needs this many lines beginning a segment
/// there.
const ALIGNED_SUPPORT: usize = 3;
/// Segments starting within this distance (points) start the same column.
const ALIGN_TOLERANCE: f64 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct HRule {
    pub y: f64,
    pub x0: f64,
    pub x1: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct VRule {
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
}

/// One page's rulings, merged into lines.
#[derive(Debug, Clone, Default)]
pub(super) struct Rules {
    pub h: Vec<HRule>,
    pub v: Vec<VRule>,
}

impl Rules {
    /// Merges ruling pieces and shaded areas (whose edges are cell borders).
    pub fn new(rulings: &[BBox], fills: &[BBox]) -> Rules {
        let mut h: Vec<(f64, f64, f64)> = Vec::new();
        let mut v: Vec<(f64, f64, f64)> = Vec::new();
        for r in rulings {
            if r.width() >= r.height() {
                h.push((r.center_y(), r.x0, r.x1));
            } else {
                v.push((r.center_x(), r.top, r.bottom));
            }
        }
        for f in fills {
            h.push((f.top, f.x0, f.x1));
            h.push((f.bottom, f.x0, f.x1));
            v.push((f.x0, f.top, f.bottom));
            v.push((f.x1, f.top, f.bottom));
        }
        Rules {
            h: merge(h)
                .into_iter()
                .map(|(y, x0, x1)| HRule { y, x0, x1 })
                .collect(),
            v: merge(v)
                .into_iter()
                .map(|(x, top, bottom)| VRule { x, top, bottom })
                .collect(),
        }
    }

    /// x of every vertical rule that crosses height `y`, left to right.
    pub fn verticals_at(&self, y: f64) -> Vec<f64> {
        let mut xs: Vec<f64> = self
            .v
            .iter()
            .filter(|r| r.top - 1.0 <= y && y <= r.bottom + 1.0)
            .map(|r| r.x)
            .collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() <= SAME_RULE);
        xs
    }

    /// Whether a horizontal rule lies between heights `above` and `below`
    /// and spans `x0..x1` (with a little slack at the ends).
    pub fn horizontal_between(&self, above: f64, below: f64, x0: f64, x1: f64) -> bool {
        self.h
            .iter()
            .any(|r| r.y > above && r.y < below && r.x0 <= x0 + SAME_RULE && r.x1 >= x1 - SAME_RULE)
    }
}

/// Clusters `(position, from, to)` pieces by position, then joins each
/// cluster's overlapping or nearly touching pieces.
fn merge(mut pieces: Vec<(f64, f64, f64)>) -> Vec<(f64, f64, f64)> {
    pieces.retain(|p| p.0.is_finite() && p.1.is_finite() && p.2.is_finite());
    pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let mut j = i;
        while j + 1 < pieces.len() && pieces[j + 1].0 - pieces[j].0 <= SAME_RULE {
            j += 1;
        }
        let cluster = &mut pieces[i..=j];
        let position = cluster.iter().map(|p| p.0).sum::<f64>() / cluster.len() as f64;
        cluster.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut current: Option<(f64, f64)> = None;
        for p in cluster.iter() {
            current = match current {
                Some((from, to)) if p.1 <= to + RULE_JOIN_GAP => Some((from, to.max(p.2))),
                Some((from, to)) => {
                    out.push((position, from, to));
                    Some((p.1, p.2))
                }
                None => Some((p.1, p.2)),
            };
        }
        if let Some((from, to)) = current {
            out.push((position, from, to));
        }
        i = j + 1;
    }
    out
}

/// A run of lines of one page laid out in the grid's columns.
#[derive(Debug, Clone)]
pub(super) struct GridPart {
    pub page: u32,
    /// Indices into the body lines, in order.
    pub lines: Vec<usize>,
    /// Found from rulings (rows are then ruled too), or from alignment.
    pub ruled: bool,
    /// This part's column edges: a table re-headed lower on a page, or
    /// continued on the next, may sit a few points from the first part.
    pub boundaries: Vec<f64>,
}

/// A table's extent and columns. `boundaries` are the columns' left edges
/// (rulings, or where aligned text starts) followed by the right edge.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    pub parts: Vec<GridPart>,
    pub boundaries: Vec<f64>,
    pub ruled: bool,
}

impl Grid {
    /// The table's columns at one part's own edges: each edge moved to the
    /// part's nearest edge where it has one close by (a table re-headed
    /// lower on the page, or continued on the next, may sit a few points
    /// off), and moved as the part's other edges are where the part lacks
    /// it (a whole table set a few points left). Always the table's column
    /// count.
    pub fn part_view(&self, part: &GridPart) -> Grid {
        let nearest: Vec<Option<f64>> = self
            .boundaries
            .iter()
            .map(|&b| {
                part.boundaries
                    .iter()
                    .copied()
                    .filter(|p| (p - b).abs() <= 2.0 * SAME_RULE)
                    .min_by(|x, y| (x - b).abs().total_cmp(&(y - b).abs()))
            })
            .collect();
        // The interior edges' shift: the table's outer right edge is where
        // its longest line ends, which says nothing of where it sits.
        let interior = self.boundaries.len().saturating_sub(1);
        let mut shifts: Vec<f64> = nearest[..interior]
            .iter()
            .zip(&self.boundaries)
            .filter_map(|(p, b)| p.map(|p| p - b))
            .collect();
        shifts.sort_by(f64::total_cmp);
        let shift = shifts.get(shifts.len() / 2).copied().unwrap_or(0.0);
        let mut boundaries: Vec<f64> = nearest
            .iter()
            .zip(&self.boundaries)
            .enumerate()
            .map(|(i, (p, &b))| match p {
                Some(p) => *p,
                None if i < interior => b + shift,
                None => b,
            })
            .collect();
        for i in 1..boundaries.len() {
            if boundaries[i] < boundaries[i - 1] {
                boundaries[i] = boundaries[i - 1];
            }
        }
        Grid {
            parts: Vec::new(),
            boundaries,
            ruled: part.ruled,
        }
    }

    pub fn columns(&self) -> usize {
        self.boundaries.len().saturating_sub(1)
    }

    /// The column a word starting at `x` belongs to.
    pub fn column_of(&self, x: f64) -> usize {
        let interior = &self.boundaries[..self.boundaries.len().saturating_sub(1)];
        interior
            .iter()
            .rposition(|b| x >= b - BOUNDARY_SLACK)
            .unwrap_or(0)
    }

    pub fn left(&self) -> f64 {
        self.boundaries.first().copied().unwrap_or(0.0)
    }

    pub fn right(&self) -> f64 {
        self.boundaries.last().copied().unwrap_or(0.0)
    }

    /// Whether another grid has the same columns: a table continued on the
    /// next page, or its body under a header that alone was drawn with
    /// borders or shading. Ruled tables draw the same rules; otherwise most
    /// column starts of each must be the other's (a part may lack a column
    /// no line of it starts, and text starts a cell's padding right of its
    /// rule).
    fn same_columns(&self, other: &Grid) -> bool {
        let close = |a: &f64, b: &f64| (a - b).abs() <= 2.0 * SAME_RULE;
        if self.ruled && other.ruled {
            return self.boundaries.len() == other.boundaries.len()
                && self
                    .boundaries
                    .iter()
                    .zip(&other.boundaries)
                    .all(|(a, b)| close(a, b));
        }
        let mine = &self.boundaries[..self.boundaries.len().saturating_sub(1)];
        let theirs = &other.boundaries[..other.boundaries.len().saturating_sub(1)];
        let shared = theirs
            .iter()
            .filter(|t| mine.iter().any(|m| close(m, t)))
            .count();
        // A part all of whose column starts are this grid's is its cells
        // going on where fewer columns start a line (a row cut by a page
        // break, a word overrunning its cell's padding).
        let subset = shared == theirs.len() && !other.ruled;
        shared >= 2
            && shared as f64 >= 0.6 * theirs.len() as f64
            && (subset || shared as f64 >= 0.6 * mine.len() as f64)
    }

    /// Whether a one-segment line lies within the table's outer edges.
    fn inside(&self, pl: PageLine) -> bool {
        pl.line.segments.len() == 1
            && pl.line.bbox.is_some_and(|b| {
                b.x0 >= self.left() - BOUNDARY_SLACK && b.x1 <= self.right() + BOUNDARY_SLACK
            })
    }

    /// Whether a one-segment line sits in one of the columns (a cell going
    /// on alone at the top of a page, above the next part's first row).
    fn holds(&self, pl: PageLine) -> bool {
        let Some(b) = pl.line.bbox else { return false };
        if pl.line.segments.len() != 1 {
            return false;
        }
        let interior = &self.boundaries[..self.boundaries.len().saturating_sub(1)];
        let Some(ci) = interior.iter().rposition(|x| b.x0 >= x - 2.0 * SAME_RULE) else {
            return false;
        };
        self.boundaries
            .get(ci + 1)
            .is_some_and(|next| b.x1 <= next + BOUNDARY_SLACK)
    }
}

/// Finds the grids of a document's body lines: ruled ones from the page
/// rules, then aligned ones among the lines left over. Parts on consecutive
/// pages with the same columns are one grid.
pub(super) fn find_grids(lines: &[PageLine], rules: &BTreeMap<u32, Rules>) -> Vec<Grid> {
    let empty = Rules::default();
    let mut parts: Vec<Grid> = Vec::new();
    let mut used = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let page_rules = rules.get(&lines[i].page).unwrap_or(&empty);
        match ruled_block(lines, i, page_rules) {
            Some((mut grid, mut end)) => {
                // Rules (or shading) on the header only: the body below is
                // the same table where its words keep to the columns.
                // Shading on every other row (zebra bands): the rows between
                // the bands are the same table too, however short.
                // A short block right under another part of the table is a
                // band too, not a header.
                let under_part = parts
                    .last()
                    .and_then(|g| g.parts.last())
                    .and_then(|p| p.lines.last())
                    .is_some_and(|&l| l + 1 == i);
                let header_only = end - i <= HEADER_LINES && !under_part;
                let min_filled = if header_only { 2 } else { 1 };
                let extended = extend_below(&grid, lines, end, page_rules, min_filled);
                if extended > end {
                    let body = GridPart {
                        page: lines[end].page,
                        lines: (end..extended).collect(),
                        ruled: false,
                        boundaries: grid.boundaries.clone(),
                    };
                    grid.parts.push(body);
                    grid.ruled = false;
                    end = extended;
                }
                for u in &mut used[i..end] {
                    *u = true;
                }
                parts.push(grid);
                i = end;
            }
            None => i += 1,
        }
    }
    parts.extend(aligned_blocks(lines, &used));
    parts.sort_by_key(|g| g.parts.first().and_then(|p| p.lines.first().copied()));
    join_continued(parts, lines)
}

/// A line keeps to a grid's columns when no word runs across an interior
/// edge and it lies within the outer ones.
fn keeps_to(pl: PageLine, boundaries: &[f64]) -> bool {
    let Some(b) = pl.line.bbox else { return false };
    let (Some(&left), Some(&right)) = (boundaries.first(), boundaries.last()) else {
        return false;
    };
    if b.x0 < left - BOUNDARY_SLACK || b.x1 > right + BOUNDARY_SLACK {
        return false;
    }
    let interior = &boundaries[1..boundaries.len().saturating_sub(1)];
    pl.line.segments.iter().flat_map(|s| &s.words).all(|w| {
        !interior
            .iter()
            .any(|&x| w.bbox.x0 < x - BOUNDARY_SLACK && w.bbox.x1 > x + 1.0)
    })
}

/// Where the lines after a ruled part that keep to its columns end: on the
/// same page, with no gap wider than a few lines, before the next ruled
/// block, at least `min_filled` of them with a cell past the first column.
fn extend_below(
    grid: &Grid,
    lines: &[PageLine],
    from: usize,
    rules: &Rules,
    min_filled: usize,
) -> usize {
    let Some(last) = from.checked_sub(1).map(|k| lines[k]) else {
        return from;
    };
    let interior = &grid.boundaries[1..grid.boundaries.len().saturating_sub(1)];
    let mut end = from;
    let mut multi = 0;
    let mut previous = last;
    while end < lines.len() && lines[end].page == last.page {
        let pl = lines[end];
        let (Some(a), Some(b)) = (previous.line.bbox, pl.line.bbox) else {
            break;
        };
        let size = pl.line.font_size.unwrap_or(10.0);
        // A larger line ends the table, unless it is a group heading: a line
        // of its own over a row that keeps to the columns and is no header.
        let larger = size > 1.1 * previous.line.font_size.unwrap_or(size)
            && !(pl.line.segments.len() == 1
                && lines.get(end + 1).is_some_and(|next| {
                    next.page == pl.page
                        && next.line.segments.len() >= 2
                        && keeps_to(*next, &grid.boundaries)
                        && !is_header_line(*next)
                }));
        // A line that starts a ruled block is the next ruled part's (a band
        // spanning the table, a group heading, is no such block).
        let framed =
            rules.verticals_at(b.center_y()).len() >= 3 && ruled_block(lines, end, rules).is_some();
        // Below a whole ruled table (not a header), a line whose one run of
        // text crosses a column edge is prose after the table ("Förteckningen
        // gäller tills vidare …"), though its words may fall between edges.
        let prose = min_filled < 2
            && pl.line.segments.len() == 1
            && pl.line.segments[0].bbox.is_some_and(|s| {
                interior
                    .iter()
                    .any(|&x| s.x0 < x - BOUNDARY_SLACK && s.x1 > x + BOUNDARY_SLACK)
            });
        if b.top - a.bottom > 3.0 * size
            || larger
            || framed
            || prose
            || !keeps_to(pl, &grid.boundaries)
        {
            break;
        }
        let columns_used = interior
            .iter()
            .filter(|&&x| {
                pl.line
                    .segments
                    .iter()
                    .flat_map(|s| &s.words)
                    .any(|w| (w.bbox.x0 - x).abs() <= 3.0 * BOUNDARY_SLACK)
            })
            .count();
        if columns_used > 0 {
            multi += 1;
        }
        previous = pl;
        end += 1;
    }
    if multi >= min_filled {
        end
    } else {
        from
    }
}

/// The lines crossed by the same outer pair of vertical rules from line
/// `start` on, and the interior rules most of them cross.
fn ruled_block(lines: &[PageLine], start: usize, rules: &Rules) -> Option<(Grid, usize)> {
    let first = lines[start];
    // Each line's outer rules and interior rules, and where a cell past
    // the last rule ends: a table wider than the page, its last column cut
    // off with its right border ("Stöd i S…" past the edge, pdflatex), has
    // text beyond its last rule in cells of their own, starting right of
    // the rule; prose crossing a frame does not start there.
    let outer = |pl: &PageLine| -> Option<(f64, f64, Vec<f64>, Option<f64>)> {
        let b = pl.line.bbox?;
        let xs = rules.verticals_at(b.center_y());
        // The table's outer borders: the outermost rules at this height,
        // whichever cells the line's text is in.
        let (&left, &right) = (xs.first()?, xs.last()?);
        if xs.len() < 2 || b.x0 < left - BOUNDARY_SLACK {
            return None;
        }
        let mut past = None;
        if b.x1 > right + BOUNDARY_SLACK {
            let words = pl.line.segments.iter().flat_map(|s| &s.words);
            let mut beyond = words
                .filter(|w| w.bbox.x1 > right + BOUNDARY_SLACK)
                .peekable();
            beyond.peek()?;
            if !beyond.all(|w| w.bbox.x0 >= right - BOUNDARY_SLACK) {
                return None;
            }
            past = Some(b.x1);
        }
        let interior = xs
            .iter()
            .copied()
            .filter(|x| *x > left && *x < right)
            .collect();
        Some((left, right, interior, past))
    };
    let (left, right, _, _) = outer(&first)?;
    let mut interiors: Vec<Vec<f64>> = Vec::new();
    let mut cut_off: Option<f64> = None;
    let mut end = start;
    while end < lines.len() && lines[end].page == first.page {
        match outer(&lines[end]) {
            Some((l, r, interior, past))
                if (l - left).abs() <= SAME_RULE && (r - right).abs() <= SAME_RULE =>
            {
                interiors.push(interior);
                if let Some(x) = past {
                    cut_off = Some(cut_off.map_or(x, |c| c.max(x)));
                }
                end += 1;
            }
            _ => break,
        }
    }
    let support = ((interiors.len() as f64 * BOUNDARY_SUPPORT).ceil() as usize).max(1);
    let mut all: Vec<f64> = interiors.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let mut boundaries = vec![left];
    let mut k = 0;
    while k < all.len() {
        let mut j = k;
        while j + 1 < all.len() && all[j + 1] - all[k] <= SAME_RULE {
            j += 1;
        }
        let (from, to) = (all[k] - SAME_RULE, all[j] + SAME_RULE);
        let count = interiors
            .iter()
            .filter(|xs| xs.iter().any(|x| *x >= from && *x <= to))
            .count();
        if count >= support {
            boundaries.push(all[k..=j].iter().sum::<f64>() / (j + 1 - k) as f64);
        }
        k = j + 1;
    }
    boundaries.push(right);
    // The cut-off column: from the last rule to its text's end.
    if let Some(x) = cut_off {
        boundaries.push(x + 1.0);
    }
    // A framed box of text (one cell) is no grid.
    if boundaries.len() < 3 {
        return None;
    }
    Some((
        Grid {
            parts: vec![GridPart {
                page: first.page,
                lines: (start..end).collect(),
                ruled: true,
                boundaries: boundaries.clone(),
            }],
            boundaries,
            ruled: true,
        },
        end,
    ))
}

/// Whether a grid's first line reads as a header row: a table of its own
/// under its own heading (per-area tables), not a part of the one above.
/// The one place a grid looks at words: geometry cannot tell a repeated
/// header from a row.
fn starts_with_header(grid: &Grid, lines: &[PageLine]) -> bool {
    grid.parts
        .first()
        .and_then(|p| p.lines.first())
        .is_some_and(|&k| is_header_line(lines[k]))
}

/// A line whose cells read as a table's header row.
fn is_header_line(pl: PageLine) -> bool {
    let cells: Vec<&str> = pl.line.segments.iter().map(|s| s.text.as_str()).collect();
    cells.len() >= 2 && crate::vocab::is_header_row(&cells)
}

/// At most this many lines between two parts of a table on one page are a
/// group heading.
const GROUP_LINES: usize = 2;

/// A one-segment line wider than this share of the run so far is prose
/// running across the columns, not a cell — unless it starts well inside
/// the run (a label | value form's long value going on under its label).
const PROSE_WIDTH: f64 = 0.6;

/// A line whose first segment is a bullet alone and whose text is the
/// other: a list item with its marker drawn apart ("•    Här finns vi:
/// Beroendeenheten"), not a table row, however many items share the
/// marker's and the text's starts.
/// An enumerator drawn apart works the same ("a)   Öppen ingång …", Word's
/// and LibreOffice's lettered lists with a hanging indent).
fn bulleted_item(pl: PageLine) -> bool {
    let segments = &pl.line.segments;
    segments.len() == 2
        && (matches!(
            segments[0].text.trim(),
            "•" | "·" | "▪" | "■" | "●" | "◦" | "○" | "–" | "—" | "-" | "*"
        ) || ENUMERATOR.is_match(segments[0].text.trim()))
}

/// A list enumerator alone: "1.", "2)", "a)", "(b)", "iv.".
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:\d{1,2}|[a-zåäö]|[ivx]{1,4})[.)]$").expect("valid pattern")
});

/// A line with two or more segments that may be a row of an aligned table.
fn row_like(pl: PageLine) -> bool {
    pl.line.segments.len() >= 2 && !bulleted_item(pl)
}

/// Tables without vertical rulings: runs of lines of one page whose
/// segments start at a shared set of column starts. A run goes on over
/// one-segment lines (a cell continuing alone) until a line of prose as wide
/// as the table; the columns are the starts many of its lines share.
fn aligned_blocks(lines: &[PageLine], used: &[bool]) -> Vec<Grid> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if used[i] || !row_like(lines[i]) || lines[i].line.bbox.is_none() {
            i += 1;
            continue;
        }
        let page = lines[i].page;
        let (mut left, mut right) = lines[i].line.bbox.map_or((0.0, 0.0), |b| (b.x0, b.x1));
        let mut end = i;
        let mut last_multi = i;
        while end < lines.len() && lines[end].page == page && !used[end] {
            let Some(b) = lines[end].line.bbox else { break };
            // The run's first line printed again, set a few points apart,
            // is the next table's header (tables stacked on one page, each
            // with its header): that table has its own columns, which
            // would split each of this one's in two.
            if end > i && set_again_apart(lines[end], lines[i]) {
                break;
            }
            if row_like(lines[end]) {
                left = left.min(b.x0);
                right = right.max(b.x1);
                last_multi = end;
            } else if b.width() > PROSE_WIDTH * (right - left)
                && b.x0 <= left + 2.0 * ALIGN_TOLERANCE
            {
                break;
            }
            end += 1;
        }
        let starts: Vec<f64> = (i..end)
            .filter(|&k| row_like(lines[k]))
            .flat_map(|k| {
                lines[k]
                    .line
                    .segments
                    .iter()
                    .filter_map(|s| s.bbox.map(|b| b.x0))
            })
            .collect();
        let mut columns = column_starts(&starts, ALIGNED_SUPPORT);
        // The table's left edge starts its first column even where too few
        // lines of the run start a cell there (a header and one row above a
        // shaded band: Word's banded rows).
        // Printed pages only: text input's blank lines and character-cell
        // columns are not the geometry these two rules read.
        let printed = lines[i].line.source_line.is_none();
        if let Some(edge) = left_edge(lines, i, end).filter(|_| printed) {
            if columns.first().is_some_and(|c| *c - edge > ALIGN_TOLERANCE) {
                columns.insert(0, edge);
            }
        }
        // Trailing one-segment lines belong only if they sit in a column,
        // and not after a gap wider than two lines ("Senast uppdaterad: …"
        // under a web page's table).
        if let Some(gap) = (last_multi + 1..end)
            .filter(|_| printed)
            .find(|&k| gap_above(lines, k) > TRAILING_GAP)
        {
            end = gap;
        }
        while end > last_multi + 1 && !fits_columns(lines[end - 1], &columns) {
            end -= 1;
        }
        let multi = (i..end).filter(|&k| row_like(lines[k])).count();
        if columns.len() >= 2 && multi >= ALIGNED_SUPPORT {
            let right = (i..end)
                .filter_map(|k| lines[k].line.bbox.map(|b| b.x1))
                .fold(f64::MIN, f64::max);
            let mut boundaries = columns;
            boundaries.push(right + 1.0);
            out.push(Grid {
                parts: vec![GridPart {
                    page,
                    lines: (i..end).collect(),
                    ruled: false,
                    boundaries: boundaries.clone(),
                }],
                boundaries,
                ruled: false,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Two lines of two cells or more with the same cells' text (or its start,
/// a cell wrapped), not all of them starting at the same place.
fn set_again_apart(a: PageLine, b: PageLine) -> bool {
    let cells = |pl: PageLine| -> Vec<(String, Option<f64>)> {
        pl.line
            .segments
            .iter()
            .map(|s| {
                let text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
                (text, s.bbox.map(|b| b.x0))
            })
            .collect()
    };
    let (ca, cb) = (cells(a), cells(b));
    // A printed header wraps where its table's width lets it
    // ("Dokumentation (SoL 14 kap.)", "Dokumentation (SoL 14" / "kap.)");
    // text input's character cells are no such geometry.
    let printed = a.line.source_line.is_none();
    let same_text = ca.len() >= 2
        && ca.len() == cb.len()
        && ca.iter().zip(&cb).all(|(x, y)| {
            x.0 == y.0 || (printed && (x.0.starts_with(&y.0) || y.0.starts_with(&x.0)))
        });
    same_text
        && ca.iter().zip(&cb).any(|(x, y)| match (x.1, y.1) {
            (Some(p), Some(q)) => (p - q).abs() > ALIGN_TOLERANCE,
            _ => false,
        })
}

/// A one-segment line this many of its font sizes below the line above is
/// no cell of the table above it.
const TRAILING_GAP: f64 = 2.0;

/// The space between line `k` and the line above it, in line `k`'s font
/// sizes (0 where either has no box).
fn gap_above(lines: &[PageLine], k: usize) -> f64 {
    let Some(above) = k.checked_sub(1).and_then(|a| lines[a].line.bbox) else {
        return 0.0;
    };
    let Some(b) = lines[k].line.bbox else {
        return 0.0;
    };
    (b.top - above.bottom) / lines[k].line.font_size.unwrap_or(10.0).max(1.0)
}

/// Where the multi-segment lines of `lines[from..to]` start, when at least
/// two of them start there.
fn left_edge(lines: &[PageLine], from: usize, to: usize) -> Option<f64> {
    let firsts: Vec<f64> = (from..to)
        .filter(|&k| lines[k].line.segments.len() >= 2)
        .filter_map(|k| lines[k].line.segments.first()?.bbox.map(|b| b.x0))
        .collect();
    let edge = firsts.iter().copied().fold(f64::MAX, f64::min);
    let at_edge = firsts
        .iter()
        .filter(|x| **x - edge <= ALIGN_TOLERANCE)
        .count();
    (at_edge >= 2).then_some(edge)
}

/// Column starts supported by at least `support` segment starts.
fn column_starts(starts: &[f64], support: usize) -> Vec<f64> {
    let mut sorted = starts.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] - sorted[i] <= ALIGN_TOLERANCE {
            j += 1;
        }
        if j + 1 - i >= support {
            out.push(sorted[i..=j].iter().copied().fold(f64::MAX, f64::min));
        }
        i = j + 1;
    }
    out
}

/// A one-segment line belongs to an aligned table when it starts at one of
/// its columns and does not run on over the next column's start.
fn fits_columns(pl: PageLine, columns: &[f64]) -> bool {
    let Some(b) = pl.line.bbox else { return false };
    let Some(ci) = columns
        .iter()
        .position(|c| (b.x0 - c).abs() <= ALIGN_TOLERANCE)
    else {
        return false;
    };
    columns
        .get(ci + 1)
        .is_none_or(|next| b.x1 <= next + ALIGN_TOLERANCE)
}

/// Grids that go on from one another are one: the same columns, the second
/// starting right after the first — on the same page (a body under a
/// header drawn apart) or on the next, where a few lines above it may be a
/// running header or cells going on alone from the page before.
fn join_continued(parts: Vec<Grid>, lines: &[PageLine]) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::new();
    for mut grid in parts {
        if let Some(prev) = out.last_mut() {
            let prev_last = prev.parts.last().and_then(|p| p.lines.last().copied());
            let next_first = grid.parts.first().and_then(|p| p.lines.first().copied());
            if let (Some(a), Some(b)) = (prev_last, next_first) {
                let same_page = lines[b].page == lines[a].page;
                let next_page = lines[b].page == lines[a].page + 1;
                let mut between: Vec<usize> = (a + 1..b).collect();
                // Cells going on alone at the foot of the page before, in
                // the part's columns (too few lines there to support them
                // as an aligned block's own): the part's last lines.
                let foot: Vec<usize> = if next_page {
                    between
                        .iter()
                        .copied()
                        .take_while(|&k| lines[k].page == lines[a].page && prev.holds(lines[k]))
                        .collect()
                } else {
                    Vec::new()
                };
                between.drain(..foot.len());
                let on_new_page = between.iter().all(|&k| lines[k].page == lines[b].page);
                // Cells going on above the part: they join it.
                let carried: Vec<usize> = between
                    .iter()
                    .copied()
                    .skip_while(|&k| !prev.holds(lines[k]))
                    .collect();
                let carried_ok = carried.iter().all(|&k| prev.holds(lines[k]));
                let skipped = between.len() - carried.len();
                // A group heading between two parts on one page (a line of its
                // own inside the table's edges, drawn in a larger size or on
                // a band): it joins the second part as a row spanning the
                // table.
                let headed = same_page
                    && !starts_with_header(&grid, lines)
                    && !between.is_empty()
                    && between.len() <= GROUP_LINES
                    && between.iter().all(|&k| prev.inside(lines[k]));
                let adjacent = b > a
                    && ((same_page && (b == a + 1 || headed))
                        || (next_page && on_new_page && carried_ok && skipped <= 3));
                let carried = if headed { between.clone() } else { carried };
                if adjacent && prev.same_columns(&grid) {
                    if let Some(last) = prev.parts.last_mut() {
                        last.lines.extend(&foot);
                    }
                    if let (Some(first), false) = (grid.parts.first_mut(), carried.is_empty()) {
                        let mut lines_with_carried = carried;
                        lines_with_carried.append(&mut first.lines);
                        first.lines = lines_with_carried;
                    }
                    prev.ruled &= grid.ruled;
                    // A header part drawn with rules, then an aligned body:
                    // the same table on the same page is one part's rows.
                    prev.parts.extend(grid.parts);
                    continue;
                }
            }
        }
        out.push(grid);
    }
    out
}

/// Hand-built pages for the segmenter's unit tests.
#[cfg(test)]
pub(super) mod test_pages {
    use crate::geom::BBox;
    use crate::layout::{Document, Line, Page, Segment, Word};

    /// Sets the lines whose text is one of `texts` in bold, `size` points:
    /// headings and header rows as producers print them.
    pub fn embolden(doc: &mut Document, texts: &[&str], size: f64) {
        for line in doc.pages.iter_mut().flat_map(|p| p.lines.iter_mut()) {
            if !texts.contains(&line.text.as_str()) {
                continue;
            }
            line.bold = true;
            line.font_size = Some(size);
            for segment in &mut line.segments {
                segment.bold = true;
                segment.font_size = Some(size);
                for word in &mut segment.words {
                    word.bold = true;
                }
            }
        }
    }

    /// A one-page document: each line is its top and its cells (left edge,
    /// text); words are 5 pt a letter, lines 10 pt high.
    pub fn page_of(lines: &[(f64, Vec<(f64, &str)>)], rulings: Vec<BBox>) -> Document {
        let lines = lines
            .iter()
            .map(|(top, cells)| {
                let segments: Vec<Segment> = cells
                    .iter()
                    .map(|(x, text)| {
                        let mut words = Vec::new();
                        let mut at = *x;
                        for w in text.split_whitespace() {
                            let width = 5.0 * w.chars().count() as f64;
                            words.push(Word {
                                text: w.to_string(),
                                bbox: BBox::new(at, *top, at + width, top + 10.0),
                                bold: false,
                            });
                            at += width + 3.0;
                        }
                        Segment {
                            text: text.to_string(),
                            bbox: BBox::union_all(words.iter().map(|w| &w.bbox)),
                            font_size: Some(10.0),
                            words,
                            after_bar: false,
                            bold: false,
                        }
                    })
                    .collect();
                Line {
                    text: cells.iter().map(|c| c.1).collect::<Vec<_>>().join(" "),
                    bbox: BBox::union_all(segments.iter().filter_map(|s| s.bbox.as_ref())),
                    font_size: Some(10.0),
                    bold: false,
                    segments,
                    source_line: None,
                }
            })
            .collect();
        Document {
            positioned: true,
            pages: vec![Page {
                number: 1,
                width: Some(595.0),
                height: Some(842.0),
                rotation: 0,
                lines,
                rulings,
                fills: Vec::new(),
                ocr: None,
            }],
            furniture: Vec::new(),
            producer: None,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_borders_drawn_per_cell_merge_into_lines() {
        // Two cells side by side, each with its own four borders, 2 pt apart
        // (Chromium's separate borders).
        let mut rulings = Vec::new();
        for (x0, x1) in [(50.0, 150.0), (152.0, 300.0)] {
            rulings.push(BBox::new(x0, 100.0, x1, 100.5));
            rulings.push(BBox::new(x0, 140.0, x1, 140.5));
            rulings.push(BBox::new(x0, 100.0, x0 + 0.5, 140.5));
            rulings.push(BBox::new(x1 - 0.5, 100.0, x1, 140.5));
        }
        let rules = Rules::new(&rulings, &[]);
        assert_eq!(rules.h.len(), 2, "{:?}", rules.h);
        assert!(rules.h.iter().all(|r| r.x0 <= 50.5 && r.x1 >= 299.5));
        // Left border, the shared double border, right border.
        assert_eq!(rules.verticals_at(120.0).len(), 3, "{:?}", rules.v);
        assert!(rules.horizontal_between(130.0, 150.0, 50.0, 300.0));
    }

    #[test]
    fn an_aligned_tables_left_edge_starts_a_column() {
        // Tranemo's Word table: a header and one row above the first shaded
        // band start at the left edge, too few for a column start alone.
        let doc = test_pages::page_of(
            &[
                (
                    100.0,
                    vec![
                        (51.0, "Insats"),
                        (190.0, "Målgrupp och villkor"),
                        (380.0, "Organisatorisk"),
                    ],
                ),
                (111.0, vec![(380.0, "tillhörighet")]),
                (
                    130.0,
                    vec![
                        (51.0, "Trygghetslarm"),
                        (190.0, "75 +år. Folkbokförd i"),
                        (380.0, "Hemtjänst"),
                    ],
                ),
                (141.0, vec![(190.0, "kommunen."), (380.0, "Hemtjänsten")]),
            ],
            Vec::new(),
        );
        let page = &doc.pages[0];
        let lines: Vec<PageLine> = page
            .lines
            .iter()
            .map(|line| PageLine { page: 1, line })
            .collect();
        let grids = find_grids(&lines, &BTreeMap::new());
        assert_eq!(grids.len(), 1);
        let starts = &grids[0].boundaries[..3];
        assert_eq!(starts, &[51.0, 190.0, 380.0]);
    }

    #[test]
    fn shaded_cells_give_their_edges() {
        let rules = Rules::new(&[], &[BBox::new(40.0, 200.0, 400.0, 220.0)]);
        assert_eq!(rules.verticals_at(210.0), vec![40.0, 400.0]);
        assert!(rules.horizontal_between(195.0, 205.0, 40.0, 400.0));
    }
}
