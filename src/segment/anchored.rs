//! Reading-order tables whose rows open with a recurring first-column
//! value (plain `pdftotext` of a grid whose first column names the unit
//! that gives the intervention: "Hemtjänst", "Hemtjänst", "Hälsa 65+", …).
//!
//! The header run ([`sequence::header_run`]) gives the columns; the piece
//! right after each (repeated) header opens a row, and so does every later
//! piece that starts with the first word of such a row opener: the first
//! column's values recur, the other columns' cells do not open with them.
//! Rows known, each row's pieces are laid on its columns in order by the
//! best monotone path: cells follow each other left to right, a line may
//! hold the end of one cell and the start of the next ("Hemtjänst 75 +år",
//! "Trygghetslarm  Trygghetslarm i syfte …": split where a run of spaces
//! or a capital opens the next cell), what each column's cells look like
//! decides (first from the header's field, then from what the first pass
//! put there). Page furniture inside a row (a vertical watermark's letters,
//! one or two a line) is left out.

use super::sequence::{self, field_fit, words, Column, Piece, Profile};
use super::typography::Heading;
use super::{PageLine, Reading, Record, RegionKind};
use crate::layout::TEXT_CHAR_WIDTH;
use crate::normalize::join_lines;
use crate::vocab::{fold, Field};
use std::collections::BTreeSet;

/// A row opener's first word must open this many rows or more somewhere
/// in the table for the first column to count as recurring.
const MIN_RECURRING_ROWS: usize = 2;
/// A row has at least this many pieces (its first cell's included).
const MIN_ROW_PIECES: usize = 3;
/// Splitting a line where a capital opens the next cell.
const SPLIT_AT_CAPITAL: f64 = 0.9;
/// Splitting a line at a run of two spaces or more.
const SPLIT_AT_GAP: f64 = 0.2;
/// Leaving a row's name cell empty.
const NAME_SKIP: f64 = 4.0;
/// A line this long runs across the page: prose after the table.
const PAGE_WIDE_LINE: usize = 80;

/// A cell as read: its lines' texts and their body line numbers.
fn piece_of(texts: Vec<String>, lines: Vec<usize>) -> Piece {
    Piece {
        text: join_lines(&texts),
        texts,
        lines,
    }
}

/// Text with blank lines between its cells (the pieces a row's cells are
/// read from); text with one cell per line is another reader's.
fn has_blank_lines(lines: &[PageLine]) -> bool {
    let steps = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .count()
        .max(1);
    let blank = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page && !sequence::adjacent(&w[0], &w[1]))
        .count();
    blank as f64 >= 0.1 * steps as f64
}

/// Row openers: the first piece after each header (a page's first row),
/// unless it goes on with the row before in lower case.
fn row_openers(segments: &[Vec<usize>], pieces: &[Piece]) -> Vec<usize> {
    segments
        .iter()
        .filter_map(|s| {
            s.iter()
                .copied()
                .find(|&k| !is_letter_column(&pieces[k]))
                .filter(|&k| opens_cell(&pieces[k]))
        })
        .collect()
}

/// A cell starts with a capital; a lower-case start goes on with the cell before.
fn opens_cell(p: &Piece) -> bool {
    p.text.trim_start().starts_with(char::is_uppercase)
}

/// A vertical watermark read line by line: most lines one to three
/// characters ("Är" / "en" / "de" / "nr").
fn is_letter_column(p: &Piece) -> bool {
    let short = p
        .texts
        .iter()
        .filter(|t| t.trim().chars().count() <= 3)
        .count();
    (p.texts.len() >= 2 && short == p.texts.len())
        || (p.texts.len() >= 4 && short * 10 >= p.texts.len() * 6)
}

/// A piece cut before each line that opens a row: reading order put the
/// next row's first cell right under the last cell of the row before, with
/// no blank line ("… verksamhetsnivå." / "Hemtjänst  75 +år").
fn cut_at_openers(p: &Piece, keys: &BTreeSet<String>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut from = 0;
    for j in 1..p.texts.len() {
        let t = p.texts[j].trim_start();
        // After a sentence's end, or after a line of one word (an
        // address in the margin).
        let before = p.texts[j - 1].trim_end();
        let ends = before.ends_with(['.', ':']) || words(before) == 1;
        if ends && t.starts_with(char::is_uppercase) && keys.contains(&first_word(t)) {
            out.push(piece_of(
                p.texts[from..j].to_vec(),
                p.lines[from..j].to_vec(),
            ));
            from = j;
        }
    }
    out.push(piece_of(p.texts[from..].to_vec(), p.lines[from..].to_vec()));
    out
}

/// How far a piece's lines are from the width its column wraps at
/// (`width`, characters): a cell wraps at its column's width, so a line
/// much wider, or one that ended where the next word would have fitted,
/// belongs to another column.
fn width_misfit(p: &Piece, width: Option<f64>) -> f64 {
    let Some(width) = width else { return 0.0 };
    if p.texts.len() < 2 {
        return 0.0;
    }
    let lens: Vec<usize> = p.texts.iter().map(|t| t.trim().chars().count()).collect();
    let widest = lens.iter().copied().max().unwrap_or(0) as f64;
    let mut misfit = 0.0;
    if widest > width * 1.2 + 2.0 {
        misfit += 2.0;
    }
    let early = p
        .texts
        .windows(2)
        .filter(|w| {
            let next = w[1]
                .split_whitespace()
                .next()
                .map_or(0, |x| x.chars().count());
            let line = w[0].trim();
            // A line that ends a sentence or a list item ends by content.
            !line.ends_with(['.', ':', ';'])
                && ((line.chars().count() + 1 + next) as f64) < width * 0.8 - 2.0
        })
        .count();
    misfit + (0.7 * early as f64).min(2.0)
}

/// The width each column's cells wrap at: the median of their pieces'
/// widest lines, from pieces of two lines or more.
fn column_widths(assigned: &[Vec<Vec<Piece>>], n: usize) -> Vec<Option<f64>> {
    (0..n)
        .map(|c| {
            let mut widest: Vec<usize> = assigned
                .iter()
                .flat_map(|cells| cells[c].iter())
                .filter(|p| p.texts.len() >= 2)
                .filter_map(|p| p.texts.iter().map(|t| t.trim().chars().count()).max())
                .collect();
            widest.sort_unstable();
            (widest.len() >= 3).then(|| widest[widest.len() / 2] as f64)
        })
        .collect()
}

fn first_word(text: &str) -> String {
    text.split_whitespace().next().map(fold).unwrap_or_default()
}

/// The words of a piece's first line with the gap (in character cells)
/// before each.
fn first_line_words(p: &Piece, lines: &[PageLine]) -> Vec<(String, f64)> {
    let Some(line) = p.lines.first().and_then(|&i| lines.get(i)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut last_x1: Option<f64> = None;
    for w in line.line.segments.iter().flat_map(|s| s.words.iter()) {
        let gap = last_x1.map_or(0.0, |x1| (w.bbox.x0 - x1) / TEXT_CHAR_WIDTH);
        out.push((w.text.clone(), gap));
        last_x1 = Some(w.bbox.x1);
    }
    // A piece cut from a line ([`split_opener`]) holds its last words.
    let own = p.texts.first().map_or(0, |t| words(t));
    if out.len() != own {
        if out.len() > own && own > 0 {
            return out.split_off(out.len() - own);
        }
        out = p
            .texts
            .first()
            .map(|t| t.split_whitespace().map(|w| (w.to_string(), 1.0)).collect())
            .unwrap_or_default();
    }
    out
}

/// Ways to read a piece as cells: whole, or its first line cut once or
/// twice (where a run of spaces or a capital opens the next cell), the
/// lines under it going on with the last cell. Each with its cost.
fn variants(p: &Piece, lines: &[PageLine]) -> Vec<(Vec<Piece>, f64)> {
    let mut out = vec![(vec![p.clone()], 0.0)];
    let ws = first_line_words(p, lines);
    let first_line = p.lines.first().copied().unwrap_or(0);
    let cuts: Vec<(usize, f64)> = (1..ws.len())
        .filter_map(|k| {
            let (w, gap) = &ws[k];
            if *gap >= 1.5 {
                Some((k, SPLIT_AT_GAP))
            } else if w.starts_with(char::is_uppercase) {
                Some((k, SPLIT_AT_CAPITAL))
            } else {
                None
            }
        })
        .collect();
    let text_of = |from: usize, to: usize| -> String {
        ws[from..to]
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rest: Vec<String> = p.texts.iter().skip(1).cloned().collect();
    let last_cell = |from: usize| {
        let mut texts = vec![text_of(from, ws.len())];
        texts.extend(rest.iter().cloned());
        piece_of(texts, p.lines.clone())
    };
    for (a, &(ka, ca)) in cuts.iter().enumerate() {
        out.push((
            vec![
                piece_of(vec![text_of(0, ka)], vec![first_line]),
                last_cell(ka),
            ],
            ca,
        ));
        for &(kb, cb) in &cuts[a + 1..] {
            out.push((
                vec![
                    piece_of(vec![text_of(0, ka)], vec![first_line]),
                    piece_of(vec![text_of(ka, kb)], vec![first_line]),
                    last_cell(kb),
                ],
                ca + cb,
            ));
        }
    }
    out
}

/// The first column's part of a row opener, and the rest (the next
/// cells, from the same line on). A first line wider than the first
/// column's cells (`width`, in characters, from the openers printed over
/// several narrow lines) holds more cells: the first column keeps the
/// longest start of it that fits, or a start ended by a run of spaces.
fn split_opener(p: &Piece, lines: &[PageLine], width: usize) -> (Piece, Option<Piece>) {
    let ws = first_line_words(p, lines);
    let first_line = p.lines.first().copied().unwrap_or(0);
    let gap_cut = (1..ws.len().min(4)).find(|&k| ws[k].1 >= 1.5);
    let mut fit = 1;
    let mut len = ws.first().map_or(0, |(w, _)| w.chars().count());
    for (w, _) in ws.iter().skip(1) {
        len += 1 + w.chars().count();
        if len > width {
            break;
        }
        fit += 1;
    }
    let cut = gap_cut.unwrap_or(fit);
    if cut >= ws.len() {
        return (p.clone(), None);
    }
    let head: Vec<&str> = ws[..cut].iter().map(|(w, _)| w.as_str()).collect();
    let tail: Vec<&str> = ws[cut..].iter().map(|(w, _)| w.as_str()).collect();
    let mut texts = vec![tail.join(" ")];
    texts.extend(p.texts.iter().skip(1).cloned());
    (
        piece_of(vec![head.join(" ")], vec![first_line]),
        Some(piece_of(texts, p.lines.clone())),
    )
}

/// The first column's width in characters: the narrowest that a line of
/// a row opener wrapped at (the line and the next line's first word did
/// not fit), from openers printed over several lines. `None` without one.
fn first_column_width(openers: &[&Piece]) -> Option<usize> {
    openers
        .iter()
        .filter(|p| {
            p.texts.len() >= 2
                && p.texts
                    .iter()
                    .all(|t| t.trim().chars().count() <= PAGE_WIDE_LINE / 4)
        })
        .flat_map(|p| {
            p.texts.windows(2).filter_map(|w| {
                let next = w[1].split_whitespace().next()?;
                Some(w[0].trim().chars().count() + 1 + next.chars().count() - 1)
            })
        })
        .min()
}

/// A table in reading order: its columns and, per header occurrence, the
/// pieces after it up to the next header or the table's end.
struct Table {
    columns: Vec<Column>,
    segments: Vec<Vec<usize>>,
}

fn tables(pieces: &[Piece], lines: &[PageLine]) -> Vec<Table> {
    let mut headers: Vec<(usize, usize, Vec<Column>)> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        match sequence::header_run(pieces, i) {
            Some((columns, end)) => {
                // A header printed as one row of cells (layout text) is
                // the grid reader's.
                let laid_out = pieces[i..end]
                    .iter()
                    .flat_map(|p| &p.lines)
                    .any(|&l| lines[l].line.segments.len() >= 3);
                if !laid_out {
                    headers.push((i, end, columns));
                }
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    let fields = |c: &[Column]| c.iter().map(|c| c.field).collect::<Vec<_>>();
    let mut out: Vec<Table> = Vec::new();
    for (h, (_, end, columns)) in headers.iter().enumerate() {
        let limit = headers.get(h + 1).map_or(pieces.len(), |next| next.0);
        let mut segment = Vec::new();
        let mut widths: Vec<usize> = Vec::new();
        let mut ended = false;
        for (k, p) in pieces.iter().enumerate().take(limit).skip(*end) {
            if p.lines.len() == 1 && super::numbered_heading(&p.text).is_some() {
                ended = true;
                break;
            }
            // An address alone on its line (a link in the margin) is no
            // prose.
            let widest = p
                .texts
                .iter()
                .filter(|t| words(t) > 1)
                .map(|t| t.trim().chars().count())
                .max();
            if segment.len() >= columns.len() && !widths.is_empty() {
                let mut sorted = widths.clone();
                sorted.sort_unstable();
                let usual = sorted[(sorted.len() * 95 / 100).min(sorted.len() - 1)];
                if widest.is_some_and(|w| w > PAGE_WIDE_LINE.max(usual * 9 / 5)) {
                    ended = true;
                    break;
                }
            }
            widths.extend(p.texts.iter().map(|t| t.trim().chars().count()));
            segment.push(k);
        }
        let same = out.last().is_some_and(|t: &Table| {
            fields(&t.columns) == fields(columns) && t.segments.last().is_some()
        });
        if same {
            if let Some(t) = out.last_mut() {
                t.segments.push(segment);
            }
        } else {
            out.push(Table {
                columns: columns.clone(),
                segments: vec![segment],
            });
        }
        if ended {
            // What follows the end is no part of this table: a header
            // after it starts another (same columns or not).
            out.push(Table {
                columns: Vec::new(),
                segments: Vec::new(),
            });
        }
    }
    out.retain(|t| !t.columns.is_empty());
    out
}

/// Tables read row by row from their recurring first column (see the
/// module comment).
pub(super) fn read_anchored_rows(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    if !has_blank_lines(lines) {
        return Vec::new();
    }
    let pieces = sequence::pieces(lines, false);
    tables(&pieces, lines)
        .into_iter()
        .filter_map(|t| read_table(&t, &pieces, lines, headings))
        .collect()
}

fn read_table(
    table: &Table,
    pieces: &[Piece],
    lines: &[PageLine],
    headings: &[Heading],
) -> Option<Reading> {
    let n = table.columns.len();
    // A first column that names the interventions differs row by row: a
    // name starting like another ("Öppen träffpunkt", "Öppen ingång") opens
    // no row by that. Units, areas and providers recur.
    if table
        .columns
        .first()
        .is_none_or(|c| c.field == Some(Field::Name))
    {
        return None;
    }
    let openers = row_openers(&table.segments, pieces);
    let keys: BTreeSet<String> = openers
        .iter()
        .map(|&k| first_word(&pieces[k].text))
        .filter(|w| w.chars().count() >= 2)
        .collect();
    // Pieces cut where a row opener's first word opens a line after a
    // sentence's end.
    let mut cut: Vec<Piece> = Vec::new();
    let segments: Vec<Vec<usize>> = table
        .segments
        .iter()
        .map(|s| {
            s.iter()
                .flat_map(|&k| cut_at_openers(&pieces[k], &keys))
                .map(|p| {
                    cut.push(p);
                    cut.len() - 1
                })
                .collect()
        })
        .collect();
    let openers = row_openers(&segments, &cut);
    let pieces = &cut[..];
    // A vertical watermark also comes as one- or two-letter lines alone
    // ("S", "ON"): short pieces around its letter columns.
    let short = |p: &Piece| p.texts.iter().all(|t| t.trim().chars().count() <= 3);
    let mut letters: BTreeSet<usize> = BTreeSet::new();
    for s in &segments {
        let mut run: Vec<usize> = Vec::new();
        for &k in s.iter().chain(std::iter::once(&usize::MAX)) {
            if k != usize::MAX && short(&pieces[k]) {
                run.push(k);
                continue;
            }
            if run.len() >= 3 && run.iter().any(|&r| is_letter_column(&pieces[r])) {
                letters.extend(run.iter().copied());
            }
            run.clear();
        }
    }
    // Rows: their pieces, in order over the segments.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut recurring = 0usize;
    let mut per_key: std::collections::BTreeMap<String, usize> = Default::default();
    for segment in &segments {
        let mut first = true;
        for &k in segment {
            let p = &pieces[k];
            if is_letter_column(p) || letters.contains(&k) {
                continue;
            }
            let key = first_word(&p.text);
            let after_header = first && openers.contains(&k);
            let recurs = opens_cell(p)
                && keys.contains(&key)
                && rows.last().is_some_and(|r| r.len() >= MIN_ROW_PIECES);
            first = false;
            if after_header || recurs || rows.is_empty() {
                if recurs && !after_header {
                    recurring += 1;
                }
                *per_key.entry(key).or_default() += 1;
                rows.push(vec![k]);
            } else if let Some(r) = rows.last_mut() {
                r.push(k);
            }
        }
    }
    // The first column recurs: rows found by it, not only by the headers.
    let keys_recurring = per_key
        .values()
        .filter(|&&c| c >= MIN_RECURRING_ROWS)
        .count();
    if recurring < MIN_RECURRING_ROWS || keys_recurring < MIN_RECURRING_ROWS {
        return None;
    }
    let opener_pieces: Vec<&Piece> = rows.iter().map(|r| &pieces[r[0]]).collect();
    let width = first_column_width(&opener_pieces).unwrap_or(usize::MAX);
    // Each row: its first cell and the pieces (with their cuts) after it.
    let mut row_cells: Vec<(Piece, Vec<Piece>)> = Vec::new();
    for r in &rows {
        let (head, rest) = split_opener(&pieces[r[0]], lines, width);
        let mut after: Vec<Piece> = rest.into_iter().collect();
        after.extend(r[1..].iter().map(|&k| pieces[k].clone()));
        row_cells.push((head, after));
    }
    let continue_costs: Vec<f64> = table
        .columns
        .iter()
        .map(|c| match c.field {
            // A name or a unit is one paragraph; who it is for a few
            // lines; a description or a documentation decision often
            // several paragraphs.
            // A name cell's second paragraph, if any, says no more of
            // the name (it is read from the first).
            Some(Field::Name) => 4.5,
            Some(Field::Provider) => 2.5,
            Some(Field::TargetGroup) | Some(Field::Conditions) => 1.0,
            _ => 0.4,
        })
        .collect();
    let mut profiles: Option<(Vec<Profile>, Profile)> = None;
    let mut widths: Vec<Option<f64>> = vec![None; n];
    let mut assigned: Vec<Vec<Vec<Piece>>> = Vec::new();
    for _pass in 0..3 {
        assigned = row_cells
            .iter()
            .map(|(head, after)| {
                let mut cells = vec![Vec::new(); n];
                cells[0].push(head.clone());
                let fit = Fit {
                    columns: &table.columns,
                    continue_costs: &continue_costs,
                    profiles: &profiles,
                    widths: &widths,
                };
                for (c, p) in lay_out(after, lines, &fit) {
                    cells[c].push(p);
                }
                cells
            })
            .collect();
        let mut cols = vec![Profile::default(); n];
        let mut all = Profile::default();
        for cells in &assigned {
            for (c, ps) in cells.iter().enumerate() {
                for p in ps {
                    cols[c].add(p);
                    all.add(p);
                }
            }
        }
        profiles = Some((cols, all));
        widths = column_widths(&assigned, n);
    }
    let mut records: Vec<Record> = Vec::new();
    for cells in &assigned {
        let refs: Vec<Vec<&Piece>> = cells.iter().map(|ps| ps.iter().collect()).collect();
        let first_line = cells[0].first().and_then(|p| p.lines.first()).copied()?;
        let section = section_of(headings, first_line, lines);
        if let Some(mut r) = sequence::row_record(&table.columns, &refs, section, lines) {
            // The name is its cell's first piece: the lines after a blank
            // line in the name column list what it holds ("Öppen
            // träffpunkt" / "Ventilen Visby" …).
            let name_column = table
                .columns
                .iter()
                .position(|c| c.field == Some(Field::Name));
            if let Some(first) = name_column.and_then(|c| cells[c].first()) {
                let name = sequence::name_cell(&first.texts);
                if !name.is_empty() {
                    r.fields.insert(Field::Name, name.clone());
                    r.name = name;
                }
            }
            records.push(r);
        }
    }
    if records.is_empty() {
        return None;
    }
    let columns = table.columns.iter().map(Column::region_column).collect();
    Some(Reading::of_records(
        RegionKind::Grid,
        records,
        columns,
        lines,
        Vec::new(),
    ))
}

/// The pieces after a row's first cell laid on columns 1.. in order: the
/// best monotone path, each piece whole or cut ([`variants`]).
/// Words a wrapped title cannot end on: the title goes on below.
const OPEN_ENDS: &[&str] = &[
    "och", "eller", "samt", "enligt", "inom", "for", "av", "i", "till",
];

/// The section of a row starting at body line `index`: the nearest
/// heading above, with the line under it when the heading is left open on
/// a joining word ("1.1 Insatser … Anhörigstöd och" / "Hälsa 65+ enligt
/// 11 kap 5 § Socialtjänstlagen"): reading order kept no type to tell the
/// heading's second line by.
fn section_of(headings: &[Heading], index: usize, lines: &[PageLine]) -> Option<String> {
    let h = headings
        .iter()
        .rev()
        .find(|h| h.index < index && !h.document_title)?;
    let open = h
        .title
        .split_whitespace()
        .last()
        .map(fold)
        .is_some_and(|w| OPEN_ENDS.contains(&w.as_str()));
    let below = h.index + h.span.max(1);
    let next = lines.get(below).filter(|next| {
        below < index
            && !next.taken()
            && sequence::adjacent(&lines[below - 1], next)
            && super::numbered_heading(&next.line.text).is_none()
    });
    match (open, next, &h.number) {
        (true, Some(next), Some(number)) => {
            let title = join_lines(&[h.title.as_str(), next.line.text.as_str()]);
            Some(super::section_title(number, &title))
        }
        _ => Some(super::heading_section(h)),
    }
}

/// How a piece was laid: the column before it, its variant, its cells'
/// columns.
type Step = (usize, usize, Vec<usize>);

/// What a cell's fit to a column is judged by.
struct Fit<'a> {
    columns: &'a [Column],
    continue_costs: &'a [f64],
    profiles: &'a Option<(Vec<Profile>, Profile)>,
    widths: &'a [Option<f64>],
}

fn lay_out(after: &[Piece], lines: &[PageLine], fit: &Fit) -> Vec<(usize, Piece)> {
    let n = fit.columns.len();
    let continue_costs = fit.continue_costs;
    // A row without a name is no record: its column is seldom empty.
    let skipped = |range: std::ops::Range<usize>| -> f64 {
        range
            .map(|c| match fit.columns[c].field {
                Some(Field::Name) => NAME_SKIP,
                _ => sequence::SKIP,
            })
            .sum()
    };
    let emit = |c: usize, p: &Piece| -> f64 {
        let field = fit.columns[c].field;
        let mut v = field_fit(field, p) - width_misfit(p, fit.widths[c]);
        // A list item opens no name or unit cell.
        let item = p
            .text
            .trim_start()
            .starts_with(['•', '-', '–', '*', '\u{f0b7}']);
        if item && matches!(field, Some(Field::Name) | Some(Field::Provider)) {
            v -= 2.0;
        }
        // A short title alone on its line names the intervention.
        let title = p.texts.len() == 1
            && words(&p.text) <= 5
            && sequence::title_like(&p.text)
            && !p.text.chars().any(|c| c.is_ascii_digit());
        if title && field == Some(Field::Name) {
            v += 1.0;
        }
        // Who an intervention is for is said in a phrase; a long sentence
        // describes it.
        let prose = words(&p.text) >= 12 && p.text.trim_end().ends_with('.');
        if prose && matches!(field, Some(Field::TargetGroup) | Some(Field::Conditions)) {
            v -= 1.0;
        }
        match fit.profiles {
            // How unusual a cell's length is counts no more than its
            // words: a description's one-line paragraph is still one.
            Some((cols, all)) => v + cols[c].fit(all, p).max(-3.0),
            None => v,
        }
    };
    // score[c]: best with the last cell in column c; back: per piece, per
    // column, (previous column, variant, columns of its cells).
    let mut score = vec![f64::NEG_INFINITY; n];
    score[0] = 0.0;
    let mut back: Vec<Vec<Option<Step>>> = Vec::new();
    for p in after {
        let vs = variants(p, lines);
        let mut next = vec![f64::NEG_INFINITY; n];
        let mut from: Vec<Option<Step>> = vec![None; n];
        for (prev, &s) in score.iter().enumerate() {
            if s == f64::NEG_INFINITY {
                continue;
            }
            for (vi, (cells, cost)) in vs.iter().enumerate() {
                for cols in increasing(prev, cells.len(), n) {
                    let mut v = s - cost;
                    let mut last = prev;
                    for (cell, &c) in cells.iter().zip(&cols) {
                        v += if c == last {
                            -continue_costs[c]
                        } else {
                            -skipped(last + 1..c)
                        };
                        v += emit(c, cell);
                        last = c;
                    }
                    if v > next[last] {
                        next[last] = v;
                        from[last] = Some((prev, vi, cols.clone()));
                    }
                }
            }
        }
        back.push(from);
        score = next;
    }
    let mut best = 0;
    let mut best_score = f64::NEG_INFINITY;
    for (c, &s) in score.iter().enumerate() {
        let v = s - skipped(c + 1..n);
        if v > best_score {
            best_score = v;
            best = c;
        }
    }
    let mut out = Vec::new();
    let mut c = best;
    for (t, p) in after.iter().enumerate().rev() {
        let Some((prev, vi, cols)) = back[t][c].clone() else {
            break;
        };
        let vs = variants(p, lines);
        if let Some((cells, _)) = vs.get(vi) {
            for (cell, &col) in cells.iter().zip(&cols).rev() {
                out.push((col, cell.clone()));
            }
        }
        c = prev;
    }
    out.reverse();
    out
}

/// Column sequences for `m` cells of one piece: the first at `prev` (going
/// on with that column) or after it, each later one after the one before.
fn increasing(prev: usize, m: usize, n: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    fn go(from: usize, m: usize, n: usize, acc: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if acc.len() == m {
            out.push(acc.clone());
            return;
        }
        for c in from..n {
            acc.push(c);
            go(c + 1, m, n, acc, out);
            acc.pop();
        }
    }
    let mut acc = Vec::new();
    go(prev, m, n, &mut acc, &mut out);
    out
}
