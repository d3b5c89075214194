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
use std::collections::BTreeMap;

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
    /// off), kept where the part lacks it. Always the table's column count.
    pub fn part_view(&self, part: &GridPart) -> Grid {
        let mut boundaries: Vec<f64> = self
            .boundaries
            .iter()
            .map(|&b| {
                part.boundaries
                    .iter()
                    .copied()
                    .filter(|p| (p - b).abs() <= 2.0 * SAME_RULE)
                    .min_by(|x, y| (x - b).abs().total_cmp(&(y - b).abs()))
                    .unwrap_or(b)
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
        shared >= 2
            && shared as f64 >= 0.6 * theirs.len() as f64
            && shared as f64 >= 0.6 * mine.len() as f64
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
                let header_only = end - i <= HEADER_LINES;
                let extended = if header_only {
                    extend_below(&grid, lines, end)
                } else {
                    end
                };
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
/// same page, with no gap wider than a few lines, at least two of them
/// filling more than one column.
fn extend_below(grid: &Grid, lines: &[PageLine], from: usize) -> usize {
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
        let larger = size > 1.1 * previous.line.font_size.unwrap_or(size);
        if b.top - a.bottom > 3.0 * size || larger || !keeps_to(pl, &grid.boundaries) {
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
    if multi >= 2 {
        end
    } else {
        from
    }
}

/// The lines crossed by the same outer pair of vertical rules from line
/// `start` on, and the interior rules most of them cross.
fn ruled_block(lines: &[PageLine], start: usize, rules: &Rules) -> Option<(Grid, usize)> {
    let first = lines[start];
    let outer = |pl: &PageLine| -> Option<(f64, f64, Vec<f64>)> {
        let b = pl.line.bbox?;
        let xs = rules.verticals_at(b.center_y());
        // The table's outer borders: the outermost rules at this height,
        // whichever cells the line's text is in.
        let (&left, &right) = (xs.first()?, xs.last()?);
        if xs.len() < 2 || b.x0 < left - BOUNDARY_SLACK || b.x1 > right + BOUNDARY_SLACK {
            return None;
        }
        let interior = xs
            .iter()
            .copied()
            .filter(|x| *x > left && *x < right)
            .collect();
        Some((left, right, interior))
    };
    let (left, right, _) = outer(&first)?;
    let mut interiors: Vec<Vec<f64>> = Vec::new();
    let mut end = start;
    while end < lines.len() && lines[end].page == first.page {
        match outer(&lines[end]) {
            Some((l, r, interior))
                if (l - left).abs() <= SAME_RULE && (r - right).abs() <= SAME_RULE =>
            {
                interiors.push(interior);
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

/// A one-segment line wider than this share of the run so far is prose
/// running across the columns, not a cell.
const PROSE_WIDTH: f64 = 0.6;

/// A line whose first segment is a bullet alone and whose text is the
/// other: a list item with its marker drawn apart ("•    Här finns vi:
/// Beroendeenheten"), not a table row, however many items share the
/// marker's and the text's starts.
fn bulleted_item(pl: PageLine) -> bool {
    let segments = &pl.line.segments;
    segments.len() == 2
        && matches!(
            segments[0].text.trim(),
            "•" | "·" | "▪" | "■" | "●" | "◦" | "○" | "–" | "—" | "-" | "*"
        )
}

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
            if row_like(lines[end]) {
                left = left.min(b.x0);
                right = right.max(b.x1);
                last_multi = end;
            } else if b.width() > PROSE_WIDTH * (right - left) {
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
        let columns = column_starts(&starts, ALIGNED_SUPPORT);
        // Trailing one-segment lines belong only if they sit in a column.
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
                let between: Vec<usize> = (a + 1..b).collect();
                let on_new_page = between.iter().all(|&k| lines[k].page == lines[b].page);
                // Cells going on above the part: they join it.
                let carried: Vec<usize> = between
                    .iter()
                    .copied()
                    .skip_while(|&k| !prev.holds(lines[k]))
                    .collect();
                let carried_ok = carried.iter().all(|&k| prev.holds(lines[k]));
                let skipped = between.len() - carried.len();
                let adjacent = b > a
                    && ((same_page && b == a + 1)
                        || (next_page && on_new_page && carried_ok && skipped <= 3));
                if adjacent && prev.same_columns(&grid) {
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
    fn shaded_cells_give_their_edges() {
        let rules = Rules::new(&[], &[BBox::new(40.0, 200.0, 400.0, 220.0)]);
        assert_eq!(rules.verticals_at(210.0), vec![40.0, 400.0]);
        assert!(rules.horizontal_between(195.0, 205.0, 40.0, 400.0));
    }
}
