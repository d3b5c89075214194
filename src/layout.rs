//! Stage 3 — layout: positioned glyphs (or plain text lines) → pages of
//! lines in reading order, each split into segments at column gutters, with
//! the page furniture (running headers and footers, page numbers, rotated
//! margin text, template placeholders) set aside on the document.
//!
//! Order never comes from the content stream: lines are built from glyph
//! positions, so a table written column by column reads row by row.

use crate::geom::BBox;
use crate::normalize::{compose_accent_glyphs, normalize_text};
use crate::pdf::{Glyph, PdfDocument, PdfPage, Ruling};
use crate::text_input::TextDocument;
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Glyphs whose vertical centres differ by at most this share of the font
/// size sit on the same line (OCR word boxes wobble by a few points).
const SAME_LINE_EM: f64 = 0.4;
/// A horizontal gap wider than this share of the font size between glyphs
/// starts a new word when the producer drew no space.
const WORD_GAP_EM: f64 = 0.2;
/// A gap wider than this share of the font size between words is a column
/// gutter: justified prose stays below it, table columns are well above.
const GUTTER_EM: f64 = 1.4;
/// Running headers/footers live in the outer part of the page.
const FURNITURE_ZONE: f64 = 0.12;
/// A line repeated at the same place on at least this share of the pages
/// (and on at least two) is a running header or footer.
const REPEATED_SHARE: f64 = 0.4;
/// Runs of this many spaces split a plain-text line into segments.
const TEXT_GUTTER_SPACES: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Most of its glyphs are bold.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
}

/// A run of words on one line that belongs to one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round_opt")]
    pub font_size: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
    /// A "|" drawn before this segment (OCR of a border, or a printed bar).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub after_bar: bool,
    /// Every word is bold.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The segments' texts joined by a space.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round_opt")]
    pub font_size: Option<f64>,
    /// Every segment is bold (a heading, a label line).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    pub segments: Vec<Segment>,
    /// Text input: the line's number in the file (1-based), the record's
    /// provenance where a PDF's is a box.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub number: u32,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round_opt")]
    pub width: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "round_opt")]
    pub height: Option<f64>,
    pub rotation: u16,
    /// Body lines, top to bottom.
    pub lines: Vec<Line>,
    /// Ruling lines (table borders) drawn on the page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rulings: Vec<BBox>,
    /// Shaded areas (cell and row backgrounds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fills: Vec<BBox>,
    /// Set when the page's words were read by OCR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<crate::ocr::PageOcr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    Header,
    Footer,
    PageNumber,
    /// Text rotated in the margin (a vertical diarienummer).
    Margin,
    /// A template field left unfilled, such as `<Document::Title>`.
    Placeholder,
}

/// Text set aside from the body; kept because headers and margins often
/// carry the issuer, date and reference number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Furniture {
    pub kind: FurnitureKind,
    pub page: u32,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

/// The output of the layout stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Whether lines carry coordinates in points (PDF input) or in
    /// character cells (text input, see [`TEXT_CHAR_WIDTH`]).
    pub positioned: bool,
    pub pages: Vec<Page>,
    pub furniture: Vec<Furniture>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    pub warnings: Vec<String>,
}

fn round_opt<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_f64(crate::geom::round2(*v)),
        None => s.serialize_none(),
    }
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<[A-Za-z_][\w.]*::[\w.]+>").expect("placeholder pattern is valid")
});

/// Page numbers as printed: "8 (15)", "Sida 9 av 15", "Sidan 2", "3/15",
/// "- 4 -", "Page 2 of 7", a bare number.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:sida|sidan|s\.|page)\s*\d+(?:\s*(?:av|of|/|\()\s*\d+\)?)?
          | \d+\s*\(\s*\d+\s*\)
          | \d+\s*/\s*\d+
          | \d+\s+av\s+\d+
          | [-–]?\s*\d{1,4}\s*[-–]?
        )$",
    )
    .expect("page number pattern is valid")
});

pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text.trim())
}

/// Lays out a PDF's pages.
pub fn from_pdf(pdf: PdfDocument) -> Document {
    let mut pages = Vec::with_capacity(pdf.pages.len());
    let mut furniture = Vec::new();
    for page in pdf.pages {
        let (laid_out, mut set_aside) = layout_page(page);
        pages.push(laid_out);
        furniture.append(&mut set_aside);
    }
    let mut doc = Document {
        positioned: true,
        pages,
        furniture,
        producer: pdf.producer,
        warnings: pdf.warnings,
    };
    set_aside_running_lines(&mut doc);
    doc
}

/// Text input has no coordinates: its lines are laid out in character
/// cells, as `pdftotext -layout` printed them, so the grid, row, header and
/// furniture rules made for PDFs read a text table as they read a PDF's. A
/// nominal 10 pt font with characters half an em wide and lines 1.2 em
/// apart: three spaces between words make a gutter ([`GUTTER_EM`]), two do
/// not; a blank line is a line's height of space.
pub const TEXT_FONT_SIZE: f64 = 10.0;
/// Width of one character cell (points).
pub const TEXT_CHAR_WIDTH: f64 = 5.0;
/// Step from one text line to the next (points).
pub const TEXT_LINE_PITCH: f64 = 12.0;
/// Columns of a tab-separated block are set this many cells apart past
/// their widest field.
const TAB_COLUMN_GAP: usize = TEXT_GUTTER_SPACES + 1;

/// Lays out a text input: each line at its character cells (x from the
/// column, y from the line, blank lines as space), words split at spaces,
/// segments at runs of [`TEXT_GUTTER_SPACES`] spaces or at tabs (a
/// tab-separated table's fields set out as columns); furniture found by
/// repetition and page-number patterns, as for PDFs.
pub fn from_text(text: TextDocument) -> Document {
    let mut pages = Vec::new();
    let mut furniture = Vec::new();
    let soft_breaks = keeps_soft_breaks(&text.pages);
    for (index, raw_lines) in text.pages.iter().enumerate() {
        let number = index as u32 + 1;
        let first_line = text.first_lines.get(index).copied().unwrap_or(1);
        let mut placed = place_text_lines(raw_lines);
        if soft_breaks {
            placed = without_soft_breaks(placed, raw_lines);
        }
        let placed_rows = placed.len();
        let mut lines = Vec::new();
        for (row, (raw_index, words)) in placed.into_iter().enumerate() {
            let top = row as f64 * TEXT_LINE_PITCH;
            let mut kept: Vec<(TextWord, Word)> = Vec::with_capacity(words.len());
            for w in words {
                let (text, placeholders) = strip_placeholders(&normalize_text(&w.text));
                let bbox = BBox::new(
                    w.column as f64 * TEXT_CHAR_WIDTH,
                    top,
                    (w.column + w.width) as f64 * TEXT_CHAR_WIDTH,
                    top + TEXT_FONT_SIZE,
                );
                if !placeholders.is_empty() {
                    furniture.push(Furniture {
                        kind: FurnitureKind::Placeholder,
                        page: number,
                        text: placeholders.join(" "),
                        bbox: Some(bbox),
                    });
                }
                if !text.is_empty() {
                    kept.push((
                        w,
                        Word {
                            text,
                            bbox,
                            bold: false,
                        },
                    ));
                }
            }
            if let Some(mut line) = text_line(kept) {
                line.source_line = Some(first_line.saturating_add(raw_index as u32));
                lines.push(line);
            }
        }
        let rows = placed_rows.max(1) as f64;
        let width = lines
            .iter()
            .filter_map(|l| l.bbox.map(|b| b.x1))
            .fold(0.0, f64::max);
        pages.push(Page {
            number,
            width: Some(width),
            height: Some(rows * TEXT_LINE_PITCH),
            rotation: 0,
            lines,
            rulings: Vec::new(),
            fills: Vec::new(),
            ocr: None,
        });
    }
    // Lines on more than one page: running headers and footers.
    let mut pages_of: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for page in &pages {
        for line in &page.lines {
            pages_of
                .entry(line.text.trim())
                .or_default()
                .insert(page.number);
        }
    }
    let running: BTreeSet<String> = pages_of
        .into_iter()
        .filter(|(_, p)| p.len() >= 2)
        .map(|(t, _)| t.to_string())
        .collect();
    for page in &mut pages {
        join_lone_markers(&mut page.lines, &running);
    }
    align_text_columns(&mut pages);
    for page in &mut pages {
        // A cell's first paragraph one space in (Word's copy: " Trygghet ur
        // stöd -") still starts at the left column.
        split_at_aligned_columns(&mut page.lines, TEXT_CHAR_WIDTH);
    }
    let mut doc = Document {
        positioned: false,
        pages,
        furniture,
        producer: None,
        warnings: text.warnings,
    };
    set_aside_running_lines(&mut doc);
    doc
}

/// `pdftotext -layout` rounds positions to character cells line by line:
/// one column's cells start a cell or three apart from row to row and page
/// to page, and a cell pushed against the next is left one space from it.
/// Starts within this many cells of a column's usual start are that column.
const TEXT_COLUMN_JITTER: usize = 3;

/// Finds the columns text lines share (segment starts of lines with two or
/// more segments, clustered within [`TEXT_COLUMN_JITTER`] cells over the
/// whole document), cuts a segment where one of its words starts such a
/// column and the line above or below starts a cell there too, and moves
/// each segment to its column's usual start. Then a table reads the same
/// on every page, as its PDF would.
fn align_text_columns(pages: &mut [Page]) {
    let cell = |x: f64| (x / TEXT_CHAR_WIDTH).round() as i64;
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        if line.segments.len() >= 2 {
            for s in &line.segments {
                if let Some(b) = s.bbox {
                    *counts.entry(cell(b.x0)).or_default() += 1;
                }
            }
        }
    }
    let jitter = TEXT_COLUMN_JITTER as i64;
    let mut columns: Vec<(i64, i64, i64)> = Vec::new(); // (from, to, usual start)
    let starts: Vec<(i64, usize)> = counts.into_iter().collect();
    let mut i = 0;
    while i < starts.len() {
        let mut j = i;
        while j + 1 < starts.len()
            && starts[j + 1].0 - starts[j].0 <= jitter
            && starts[j + 1].0 - starts[i].0 <= 2 * jitter
        {
            j += 1;
        }
        let support: usize = starts[i..=j].iter().map(|(_, n)| n).sum();
        if support >= COLUMN_EVIDENCE {
            let usual = starts[i..=j]
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map_or(starts[i].0, |(x, _)| *x);
            columns.push((starts[i].0, starts[j].0, usual));
        }
        i = j + 1;
    }
    if columns.len() < 2 {
        return;
    }
    let column_at = |x: i64| columns.iter().find(|(from, to, _)| x >= *from && x <= *to);
    for page in pages.iter_mut() {
        // Cell starts of each line before anything moves: the evidence for cuts.
        let line_starts: Vec<(f64, Vec<i64>)> = page
            .lines
            .iter()
            .map(|l| {
                let top = l.bbox.map_or(0.0, |b| b.top);
                let xs = l.segments.iter().filter_map(|s| s.bbox.map(|b| cell(b.x0)));
                (top, xs.collect())
            })
            .collect();
        for (li, line) in page.lines.iter_mut().enumerate() {
            let top = line_starts[li].0;
            // A line already in cells is cut where a neighbour starts a
            // cell; a line in one piece only where every neighbour does:
            // prose right above a header is no row pushed together.
            let whole = line.segments.len() == 1;
            let neighbour_starts = |x: i64| {
                let mut neighbours = [li.checked_sub(1), Some(li + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|k| line_starts.get(k))
                    .filter(|(t, _)| (t - top).abs() <= TEXT_LINE_PITCH + 0.5)
                    .map(|(_, xs)| xs.iter().any(|s| (s - x).abs() <= 1));
                if whole {
                    let all: Vec<bool> = neighbours.collect();
                    !all.is_empty() && all.iter().all(|b| *b)
                } else {
                    neighbours.any(|b| b)
                }
            };
            let mut cut: Vec<Segment> = Vec::with_capacity(line.segments.len());
            for segment in std::mem::take(&mut line.segments) {
                let own = segment
                    .bbox
                    .and_then(|b| column_at(cell(b.x0)))
                    .map(|c| c.2);
                let mut pieces: Vec<Vec<Word>> = vec![Vec::new()];
                for word in segment.words {
                    let x = cell(word.bbox.x0);
                    let starts_other_column = column_at(x)
                        .is_some_and(|c| Some(c.2) != own && c.2 > own.unwrap_or(i64::MIN));
                    let has_words = pieces.last().is_some_and(|p| !p.is_empty());
                    if has_words && starts_other_column && neighbour_starts(x) {
                        pieces.push(Vec::new());
                    }
                    if let Some(piece) = pieces.last_mut() {
                        piece.push(word);
                    }
                }
                for words in pieces.into_iter().filter(|p| !p.is_empty()) {
                    cut.push(text_segment(words));
                }
            }
            // Each segment to its column's usual start, never onto the one before.
            let mut previous_end = f64::MIN;
            for segment in &mut cut {
                let Some(b) = segment.bbox else { continue };
                if let Some(&(_, _, usual)) = column_at(cell(b.x0)) {
                    let dx = usual as f64 * TEXT_CHAR_WIDTH - b.x0;
                    if b.x0 + dx > previous_end + TEXT_CHAR_WIDTH {
                        for w in &mut segment.words {
                            w.bbox.x0 += dx;
                            w.bbox.x1 += dx;
                        }
                        *segment = text_segment(std::mem::take(&mut segment.words));
                    }
                }
                previous_end = segment.bbox.map_or(previous_end, |b| b.x1);
            }
            line.segments = cut;
            line.text = join_segment_texts(&line.segments);
            line.bbox = BBox::union_all(line.segments.iter().filter_map(|s| s.bbox.as_ref()));
        }
    }
}

/// A list marker alone on its line ("a)", "3.", "•"): plain `pdftotext`
/// writes a list's automatic number apart from the item's text.
static LONE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\(?(\d{1,2}|[a-zåäö])[.)]|[•·▪■●◦○*])$").expect("lone marker pattern is valid")
});
/// A dash alone is an empty table cell ("–") as often as a bullet: it is
/// a bullet only before an item's title and its prose.
static LONE_DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-–—]$").expect("lone dash pattern is valid"));

/// Whether the lines after a lone dash read as a list item: a short title
/// line, then prose right under it.
fn dash_starts_item(after: &[Line]) -> bool {
    let [title, prose, ..] = after else {
        return false;
    };
    let t = title.text.trim();
    lines_adjacent(title, prose)
        && t.split_whitespace().count() <= 10
        && !t.ends_with(['.', ',', ':'])
        && prose.text.split_whitespace().count() >= 6
        && prose.text.chars().next().is_some_and(char::is_uppercase)
}

/// Text lines one step apart: no blank line between them.
pub(crate) fn lines_adjacent(a: &Line, b: &Line) -> bool {
    match (a.bbox, b.bbox) {
        (Some(x), Some(y)) => y.top - x.top <= 1.5 * TEXT_LINE_PITCH,
        _ => false,
    }
}

/// A list item's first line in prose set under its markers: a short title
/// ending no phrase, with prose right under it, after a paragraph's end
/// (a blank line, a full stop, or a line short of the text's width).
fn opens_item(lines: &[Line], j: usize, text_width: usize) -> bool {
    let t = lines[j].text.trim();
    let words = t.split_whitespace().count();
    let title = (1..=10).contains(&words)
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.ends_with(['.', ',', ':', ';']);
    let prose_under = lines
        .get(j + 1)
        .is_some_and(|n| lines_adjacent(&lines[j], n) && n.text.split_whitespace().count() >= 6);
    let after_paragraph = j.checked_sub(1).is_none_or(|k| {
        let prev = &lines[k];
        let p = prev.text.trim_end();
        !lines_adjacent(prev, &lines[j])
            || p.ends_with('.')
            || 5 * p.chars().count() < 4 * text_width
    });
    title && prose_under && after_paragraph
}

/// A lone list marker: one word alone on its line.
fn is_lone_marker(lines: &[Line], i: usize) -> bool {
    let single = lines[i].segments.len() == 1 && lines[i].segments[0].words.len() == 1;
    let text = lines[i].text.trim();
    single
        && (LONE_MARKER.is_match(text)
            || (LONE_DASH.is_match(text) && dash_starts_item(&lines[i + 1..])))
}

/// Where the markers of a run of `count` lone markers ending before line
/// `from` go: LibreOffice's reading order writes a list's bullets one
/// after another, then the items ("•" / "•" / "Krisstöd" / "Familjer som
/// …" / "Familjebehandling" / …). The items are the next `count` lines
/// that open one ([`opens_item`]), before the next marker; none unless
/// there are as many.
fn items_under_markers(lines: &[Line], from: usize, count: usize) -> Option<Vec<usize>> {
    let width = lines
        .iter()
        .map(|l| l.text.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut found = Vec::new();
    for j in from..lines.len() {
        if found.len() == count {
            break;
        }
        if is_lone_marker(lines, j) {
            break;
        }
        if opens_item(lines, j, width) {
            found.push(j);
        }
    }
    (found.len() == count).then_some(found)
}

/// Puts `marker`'s word in front of `line`'s text, as the item was printed.
fn prefix_marker(marker: Line, line: &mut Line) {
    if let (Some(mut word), Some(first)) = (
        marker
            .segments
            .into_iter()
            .next()
            .and_then(|s| s.words.into_iter().next()),
        line.segments.first_mut(),
    ) {
        let x0 = first.bbox.map_or(0.0, |b| b.x0);
        let width = word.bbox.width();
        let top = first.bbox.map_or(word.bbox.top, |b| b.top);
        word.bbox = BBox::new(
            (x0 - width - TEXT_CHAR_WIDTH).max(0.0),
            top,
            (x0 - TEXT_CHAR_WIDTH).max(width),
            top + TEXT_FONT_SIZE,
        );
        first.words.insert(0, word);
        *first = text_segment(std::mem::take(&mut first.words));
        line.text = join_segment_texts(&line.segments);
        line.bbox = BBox::union_all(line.segments.iter().filter_map(|s| s.bbox.as_ref()));
    }
}

/// Puts a lone list marker in front of the next line's text, as the item
/// was printed. Several markers in a row, or one before a page's running
/// header (a line of `running`, the texts on more than one page), go to
/// the items that follow ([`items_under_markers`]).
fn join_lone_markers(lines: &mut Vec<Line>, running: &BTreeSet<String>) {
    let mut i = 0;
    while i + 1 < lines.len() {
        if !is_lone_marker(lines, i) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end + 1 < lines.len() && is_lone_marker(lines, end) {
            end += 1;
        }
        let count = end - i;
        let before_header = running.contains(lines[end].text.trim());
        let spread = (count >= 2 || before_header)
            .then(|| items_under_markers(lines, end, count))
            .flatten();
        match spread {
            Some(targets) => {
                let markers: Vec<Line> = lines.drain(i..end).collect();
                for (marker, target) in markers.into_iter().zip(targets) {
                    prefix_marker(marker, &mut lines[target - count]);
                }
                i += 1;
            }
            None => {
                let marker = lines.remove(i);
                prefix_marker(marker, &mut lines[i]);
                i += 1;
            }
        }
    }
}

/// A segment of text input: no weight, the nominal size.
fn text_segment(words: Vec<Word>) -> Segment {
    Segment {
        bold: false,
        ..Segment::of_words(words, false, Some(TEXT_FONT_SIZE))
    }
}

/// A word of a text line: where it starts (character cells), how many
/// cells it takes, and whether a tab or a gutter of spaces comes before it.
#[derive(Debug, Clone)]
struct TextWord {
    text: String,
    column: usize,
    width: usize,
    after_gutter: bool,
}

/// A text that tells an empty line from a line of spaces uses both often.
const MIN_BREAKS_OF_EACH_KIND: usize = 5;

/// Whether the text has two kinds of blank line: empty lines, and lines
/// holding only spaces. Text copied from a Word table (seeds 000, 001,
/// 003) ends each cell with an empty line and writes an empty paragraph
/// inside a cell as a space ("och unga." / " " / "Stödgrupper för"); a
/// text with one kind only says nothing by it.
fn keeps_soft_breaks(pages: &[Vec<String>]) -> bool {
    let (mut empty, mut spaces) = (0, 0);
    for line in pages.iter().flatten() {
        if line.is_empty() {
            empty += 1;
        } else if line.trim().is_empty() {
            spaces += 1;
        }
    }
    empty >= MIN_BREAKS_OF_EACH_KIND && spaces >= MIN_BREAKS_OF_EACH_KIND
}

/// Drops the lines of spaces that stand between two lines of text: an
/// empty paragraph inside a cell, which parts the cell's paragraphs but
/// not the cell from the next.
fn without_soft_breaks(
    placed: Vec<(usize, Vec<TextWord>)>,
    raw_lines: &[String],
) -> Vec<(usize, Vec<TextWord>)> {
    let spaces_only = |e: &(usize, Vec<TextWord>)| {
        e.1.is_empty()
            && raw_lines
                .get(e.0)
                .is_some_and(|l| !l.is_empty() && l.trim().is_empty())
    };
    let has_text = |e: Option<&(usize, Vec<TextWord>)>| e.is_some_and(|e| !e.1.is_empty());
    let mut keep = vec![true; placed.len()];
    let mut i = 0;
    while i < placed.len() {
        if !spaces_only(&placed[i]) {
            i += 1;
            continue;
        }
        let end = (i..placed.len())
            .find(|&k| !spaces_only(&placed[k]))
            .unwrap_or(placed.len());
        if i > 0 && has_text(placed.get(i - 1)) && has_text(placed.get(end)) {
            keep[i..end].iter_mut().for_each(|k| *k = false);
        }
        i = end;
    }
    placed
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

/// A tab-separated field wider than this (character cells) is wrapped
/// onto further lines, as `pdftotext -layout` sets a table's cells.
const TAB_WRAP: usize = 40;

/// Each raw line's words at their character cells, with the index of the
/// raw line they come from (`usize::MAX` for the blank line between two
/// rows of a tab-separated table). A tab-separated table (from its first
/// line with tabs to its last) is set as `pdftotext -layout` sets a table:
/// field k of every row starts where the widest field k-1 ends, plus a
/// gutter, long fields wrap within their column, and a blank line follows
/// each row; a line without tabs inside it (a group heading) stays whole.
fn place_text_lines(raw_lines: &[String]) -> Vec<(usize, Vec<TextWord>)> {
    let mut out: Vec<(usize, Vec<TextWord>)> = Vec::with_capacity(raw_lines.len());
    let has_tab = |k: usize| raw_lines[k].contains('\t');
    let mut i = 0;
    while i < raw_lines.len() {
        if !has_tab(i) {
            out.push((i, words_at(&raw_lines[i], 0)));
            i += 1;
            continue;
        }
        let end = (i..raw_lines.len())
            .rev()
            .find(|&k| has_tab(k))
            .map_or(i + 1, |k| k + 1);
        let fields: Vec<Vec<&str>> = raw_lines[i..end]
            .iter()
            .map(|l| l.split('\t').map(str::trim).collect())
            .collect();
        let mut widths: Vec<usize> = Vec::new();
        for row in fields.iter().filter(|r| r.len() > 1) {
            for (k, f) in row.iter().enumerate() {
                let w = cells_of(f).min(TAB_WRAP);
                match widths.get_mut(k) {
                    Some(max) => *max = (*max).max(w),
                    None => widths.push(w),
                }
            }
        }
        let mut starts = Vec::with_capacity(widths.len());
        let mut x = 0;
        for w in &widths {
            starts.push(x);
            x += w + TAB_COLUMN_GAP;
        }
        for (offset, row) in fields.iter().enumerate() {
            let raw_index = i + offset;
            if row.len() <= 1 {
                if !raw_lines[raw_index].trim().is_empty() {
                    out.push((raw_index, words_at(&raw_lines[raw_index], 0)));
                    out.push((usize::MAX, Vec::new()));
                }
                continue;
            }
            let wrapped: Vec<Vec<Vec<TextWord>>> = row
                .iter()
                .enumerate()
                .map(|(k, f)| wrap_field(f, starts[k], widths[k].max(1)))
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(0);
            for l in 0..height {
                let mut words = Vec::new();
                for field in &wrapped {
                    if let Some(line) = field.get(l) {
                        let mut line = line.clone();
                        if let Some(first) = line.first_mut() {
                            first.after_gutter = true;
                        }
                        words.extend(line);
                    }
                }
                out.push((raw_index, words));
            }
            out.push((usize::MAX, Vec::new()));
        }
        i = end;
    }
    out
}

/// A field's words in lines of at most `width` cells from `start` on.
fn wrap_field(field: &str, start: usize, width: usize) -> Vec<Vec<TextWord>> {
    let mut lines: Vec<Vec<TextWord>> = Vec::new();
    let mut x = start;
    for word in words_at(field, 0) {
        let fits =
            lines.last().is_some_and(|l| !l.is_empty()) && x + 1 + word.width <= start + width;
        if fits {
            x += 1;
        } else {
            lines.push(Vec::new());
            x = start;
        }
        if let Some(line) = lines.last_mut() {
            line.push(TextWord {
                column: x,
                after_gutter: false,
                ..word
            });
            x += line.last().map_or(0, |w| w.width);
        }
    }
    lines
}

/// Character cells a text takes: combining marks share their letter's.
fn cells_of(text: &str) -> usize {
    text.chars()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .count()
}

/// The words of one line (no tabs) with their cells, from `offset` on.
/// Characters that print as space (no-break and other spaces, controls)
/// separate words; a run of [`TEXT_GUTTER_SPACES`] spaces is a gutter.
fn words_at(raw: &str, offset: usize) -> Vec<TextWord> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut spaces = 0;
    let mut column = offset;
    let mut flush = |current: &mut String, start: usize, end: usize, spaces_before: usize| {
        if !current.is_empty() {
            words.push(TextWord {
                text: std::mem::take(current),
                column: start,
                width: end - start,
                after_gutter: spaces_before >= TEXT_GUTTER_SPACES,
            });
        }
    };
    let mut spaces_before = 0;
    for c in raw.chars() {
        let blank = c.is_whitespace() || c.is_control();
        if blank {
            if !current.is_empty() {
                flush(&mut current, start, column, spaces_before);
                spaces = 0;
            }
            spaces += 1;
            column += 1;
            continue;
        }
        if current.is_empty() {
            start = column;
            spaces_before = spaces;
        }
        current.push(c);
        if !unicode_normalization::char::is_combining_mark(c) {
            column += 1;
        }
    }
    flush(&mut current, start, column, spaces_before);
    words
}

/// Words of one text line → a line of segments, split at gutters and tabs.
fn text_line(words: Vec<(TextWord, Word)>) -> Option<Line> {
    let mut segments: Vec<Vec<Word>> = Vec::new();
    for (placed, word) in words {
        match segments.last_mut() {
            Some(seg) if !placed.after_gutter => seg.push(word),
            _ => segments.push(vec![word]),
        }
    }
    let segments: Vec<Segment> = segments.into_iter().map(text_segment).collect();
    if segments.is_empty() {
        return None;
    }
    Some(Line {
        bold: false,
        text: join_segment_texts(&segments),
        bbox: BBox::union_all(segments.iter().filter_map(|s| s.bbox.as_ref())),
        font_size: Some(TEXT_FONT_SIZE),
        segments,
        source_line: None,
    })
}

/// A line's text: its segments joined by a space, or by " | " where a bar
/// was printed between them.
pub(crate) fn join_segment_texts(segments: &[Segment]) -> String {
    let mut text = String::new();
    for (i, s) in segments.iter().enumerate() {
        if i > 0 {
            text.push_str(if s.after_bar { " | " } else { " " });
        }
        text.push_str(&s.text);
    }
    text
}

/// Removes template placeholders from a text; returns what is left and the
/// placeholders found. A text that was nothing but placeholders and
/// punctuation ("<Document::Prefix>-<Document::Number>") is dropped whole.
fn strip_placeholders(text: &str) -> (String, Vec<String>) {
    if !PLACEHOLDER.is_match(text) {
        return (text.to_string(), Vec::new());
    }
    let found: Vec<String> = PLACEHOLDER
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect();
    let rest = PLACEHOLDER.replace_all(text, "");
    let rest = normalize_text(&rest);
    if rest.chars().any(|c| c.is_alphanumeric()) {
        (rest, found)
    } else {
        (String::new(), vec![text.to_string()])
    }
}

/// [`strip_placeholders`] word by word, for runs of text that hold filled
/// and unfilled fields together ("Dokumentnr <Document::Prefix>-<…>").
fn strip_placeholders_in_words(text: &str) -> (String, Vec<String>) {
    let mut kept = Vec::new();
    let mut found = Vec::new();
    for word in text.split(' ') {
        let (rest, mut placeholders) = strip_placeholders(word);
        found.append(&mut placeholders);
        if !rest.is_empty() {
            kept.push(rest);
        }
    }
    (kept.join(" "), found)
}

fn layout_page(page: PdfPage) -> (Page, Vec<Furniture>) {
    let PdfPage {
        number,
        width,
        height,
        rotation,
        mut glyphs,
        rulings,
        fills,
        images: _,
        ocr,
    } = page;
    compose_accent_glyphs(&mut glyphs);
    let (upright, rotated): (Vec<Glyph>, Vec<Glyph>) = glyphs.into_iter().partition(|g| g.upright);
    let mut furniture = margin_text(number, &rotated);
    let vertical_rulings: Vec<Ruling> = rulings
        .iter()
        .copied()
        .filter(Ruling::is_vertical)
        .collect();

    let mut lines = Vec::new();
    for line_glyphs in group_lines(upright) {
        let words = build_words(&line_glyphs);
        let mut kept_words = Vec::with_capacity(words.len());
        for (word, size) in words {
            let (text, placeholders) = strip_placeholders(&word.text);
            if !placeholders.is_empty() {
                furniture.push(Furniture {
                    kind: FurnitureKind::Placeholder,
                    page: number,
                    text: placeholders.join(" "),
                    bbox: Some(word.bbox),
                });
            }
            if !text.is_empty() {
                kept_words.push((
                    Word {
                        text,
                        bbox: word.bbox,
                        bold: word.bold,
                    },
                    size,
                ));
            }
        }
        if let Some(line) = build_line(kept_words, &vertical_rulings) {
            lines.push(line);
        }
    }
    let mut lines = read_text_columns(lines, width, &vertical_rulings);
    split_at_aligned_columns(&mut lines, 2.0 * COLUMN_TOLERANCE);
    let page = Page {
        number,
        width: Some(width),
        height: Some(height),
        rotation,
        lines,
        rulings: rulings.iter().map(|r| r.bbox).collect(),
        fills: page_fills(&fills, width, height),
        ocr,
    };
    (page, furniture)
}

/// Rotated glyphs, grouped in stream order into runs (a margin text is one run).
fn margin_text(page: u32, rotated: &[Glyph]) -> Vec<Furniture> {
    let mut out = Vec::new();
    let mut run: Vec<&Glyph> = Vec::new();
    let flush = |run: &mut Vec<&Glyph>, out: &mut Vec<Furniture>| {
        if run.is_empty() {
            return;
        }
        let mut text = String::new();
        for g in run.iter() {
            text.push_str(&g.text);
            if g.space_after {
                text.push(' ');
            }
        }
        let bbox = BBox::union_all(run.iter().map(|g| &g.bbox));
        let (text, placeholders) = strip_placeholders_in_words(&normalize_text(&text));
        if !placeholders.is_empty() {
            out.push(Furniture {
                kind: FurnitureKind::Placeholder,
                page,
                text: placeholders.join(" "),
                bbox,
            });
        }
        if !text.is_empty() {
            out.push(Furniture {
                kind: FurnitureKind::Margin,
                page,
                text,
                bbox,
            });
        }
        run.clear();
    };
    for g in rotated {
        if let Some(prev) = run.last() {
            let dx = g.bbox.center_x() - prev.bbox.center_x();
            let dy = g.bbox.center_y() - prev.bbox.center_y();
            if (dx * dx + dy * dy).sqrt() > 3.0 * g.font_size.max(prev.font_size) {
                flush(&mut run, &mut out);
            }
        }
        run.push(g);
    }
    flush(&mut run, &mut out);
    out
}

/// Groups glyphs into visual lines by vertical position, each in reading
/// order (see [`order_line`]).
fn group_lines(glyphs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    // Stream order is kept beside each glyph: runs are ordered by position,
    // but a run's own glyphs by the order they were drawn.
    let mut glyphs: Vec<(usize, Glyph)> = glyphs.into_iter().enumerate().collect();
    glyphs.sort_by(|(_, a), (_, b)| {
        a.bbox
            .center_y()
            .total_cmp(&b.bbox.center_y())
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    // (reference centre, size, glyphs with their stream index)
    type OpenLine = (f64, f64, Vec<(usize, Glyph)>);
    let mut lines: Vec<OpenLine> = Vec::new();
    for (index, g) in glyphs {
        let cy = g.bbox.center_y();
        match lines.last_mut() {
            Some((reference, size, members))
                if (cy - *reference).abs() <= SAME_LINE_EM * size.max(g.font_size) =>
            {
                *size = size.max(g.font_size);
                members.push((index, g));
                // Track the line's centre as the mean so long lines do not drift.
                let n = members.len() as f64;
                *reference += (cy - *reference) / n;
            }
            _ => lines.push((cy, g.font_size, vec![(index, g)])),
        }
    }
    lines
        .into_iter()
        .map(|(_, _, members)| order_line(members))
        .collect()
}

/// A run's glyphs that follow each other left to right without a gap this
/// wide (share of the font size) form one piece of text.
const PIECE_GAP_EM: f64 = 1.0;

/// Orders one line's glyphs. Each text-showing run is cut into pieces of
/// glyphs drawn left to right, and the pieces are ordered by where they
/// start: a run drawn over another ("Målgrupp/kriterier" overflowing into
/// "Insats") stays apart instead of interleaving letter by letter. A piece
/// that repeats another at (almost) the same place is a fake-bold overdraw:
/// it is dropped and the piece it repeats counts as bold.
fn order_line(mut members: Vec<(usize, Glyph)>) -> Vec<Glyph> {
    members.sort_by_key(|(index, _)| *index);
    let mut pieces: Vec<Vec<Glyph>> = Vec::new();
    for (_, g) in members {
        let continues = pieces.last().and_then(|p| p.last()).is_some_and(|prev| {
            let size = prev.font_size.max(g.font_size);
            prev.run == g.run
                && g.bbox.x0 >= prev.bbox.x0 - 0.1 * size
                && g.bbox.x0 - prev.bbox.x1 <= PIECE_GAP_EM * size
        });
        match pieces.last_mut() {
            Some(piece) if continues => piece.push(g),
            _ => pieces.push(vec![g]),
        }
    }
    let mut kept: Vec<Vec<Glyph>> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let overdraw = kept.iter_mut().find(|k| is_overdraw(k, &piece));
        match overdraw {
            Some(original) => original.iter_mut().for_each(|g| g.bold = true),
            None => kept.push(piece),
        }
    }
    kept.sort_by(|a, b| a[0].bbox.x0.total_cmp(&b[0].bbox.x0));
    kept.into_iter().flatten().collect()
}

/// Whether `piece` draws the same text as `original` shifted by less than
/// a fraction of a glyph (a producer's fake bold). Single glyphs are left to
/// [`build_words`], which drops such duplicates when they are neighbours.
fn is_overdraw(original: &[Glyph], piece: &[Glyph]) -> bool {
    original.len() == piece.len()
        && piece.len() > 1
        && original.iter().zip(piece).all(|(a, b)| {
            a.text == b.text
                && (a.bbox.x0 - b.bbox.x0).abs() < 0.3 * a.bbox.width().max(0.5)
                && (a.bbox.center_y() - b.bbox.center_y()).abs() < 0.2 * a.font_size
        })
}

/// The page's shaded areas that can be cell or row backgrounds: a fill over
/// most of the page is a page colour, not a cell.
fn page_fills(fills: &[BBox], width: f64, height: f64) -> Vec<BBox> {
    let page_area = (width * height).max(1.0);
    fills
        .iter()
        .filter(|f| f.width() * f.height() < 0.5 * page_area)
        .copied()
        .collect()
}

/// Glyphs of one line → words with their font size. A glyph drawn twice at
/// (almost) the same place — fake bold — counts once.
fn build_words(glyphs: &[Glyph]) -> Vec<(Word, f64)> {
    // (text, box, size, bold glyphs, glyphs)
    let mut words: Vec<(String, BBox, f64, usize, usize)> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let duplicate = p.text == g.text
                && (g.bbox.x0 - p.bbox.x0).abs() < 0.3 * g.bbox.width().max(0.5)
                && (g.bbox.center_y() - p.bbox.center_y()).abs() < 0.2 * g.font_size;
            if duplicate {
                // Drawn twice: a fake-bold overdraw.
                if let Some(last) = words.last_mut().filter(|_| !p.bold) {
                    last.3 = (last.3 + 1).min(last.4);
                }
                continue;
            }
            let gap = g.bbox.x0 - p.bbox.x1;
            let size = g.font_size.max(p.font_size);
            let new_word = p.space_after || gap > WORD_GAP_EM * size || gap < -0.5 * size;
            if !new_word {
                if let Some(last) = words.last_mut() {
                    last.0.push_str(&g.text);
                    last.1 = last.1.union(&g.bbox);
                    last.2 = last.2.max(g.font_size);
                    last.3 += usize::from(g.bold);
                    last.4 += 1;
                    prev = Some(g);
                    continue;
                }
            }
        }
        words.push((g.text.clone(), g.bbox, g.font_size, usize::from(g.bold), 1));
        prev = Some(g);
    }
    words
        .into_iter()
        .filter_map(|(text, bbox, size, bold, total)| {
            let text = normalize_text(&text);
            let bold = 2 * bold > total;
            (!text.is_empty()).then_some((Word { text, bbox, bold }, size))
        })
        .collect()
}

/// Words of one line → a line of segments, split where the gap is a gutter
/// or where a vertical ruling runs between two words.
fn build_line(words: Vec<(Word, f64)>, vertical_rulings: &[Ruling]) -> Option<Line> {
    let mut segments: Vec<(Vec<Word>, f64, bool)> = Vec::new();
    let mut after_bar = false;
    for (word, size) in words {
        // OCR reads a scanned table's vertical border as "|": a gutter, not text.
        if word.text.chars().all(|c| matches!(c, '|' | '¦' | '│')) {
            after_bar = true;
            continue;
        }
        if std::mem::take(&mut after_bar) {
            segments.push((vec![word], size, true));
            continue;
        }
        if let Some((members, seg_size, _)) = segments.last_mut() {
            if let Some(prev) = members.last() {
                let gap = word.bbox.x0 - prev.bbox.x1;
                let band = prev.bbox.union(&word.bbox);
                let ruled = vertical_rulings.iter().any(|r| {
                    let x = r.bbox.center_x();
                    x > prev.bbox.x1 - 1.0
                        && x < word.bbox.x0 + 1.0
                        && r.bbox.vertical_overlap(&band) > 0.5 * band.height()
                });
                if !ruled && gap <= GUTTER_EM * size.max(*seg_size) {
                    members.push(word);
                    *seg_size = seg_size.max(size);
                    continue;
                }
            }
        }
        segments.push((vec![word], size, false));
    }
    let segments: Vec<Segment> = segments
        .into_iter()
        .map(|(words, size, after_bar)| Segment::of_words(words, after_bar, Some(size)))
        .collect();
    line_of_segments(segments)
}

/// A page set in two columns of text has at least this many lines in
/// each column.
const TEXT_COLUMN_LINES: usize = 8;
/// Share of a text column's lines that start at its left edge (left-aligned
/// prose, labels and headings: a column, not cells scattered over a row).
const TEXT_COLUMN_ALIGNED: f64 = 0.7;
/// Share of a text column's lines that run to (near) its right edge:
/// wrapped prose fills its column, a table's label cells do not.
const TEXT_COLUMN_FULL: f64 = 0.25;
/// Share of a text column's lines that are one run of text: the halves of
/// a table of three or four columns hold cells apart by gutters.
const TEXT_COLUMN_SINGLE: f64 = 0.9;

/// Two columns of running text side by side (a newsletter-style plan,
/// WeasyPrint's `columns: 2`): lines are grouped across the page by their
/// height, which glues a line of the left column to whatever the right
/// column has at that height. On such a page the left column's lines are
/// read first, then the right column's, each line holding only its own
/// column's words. A page is two-column only when no vertical ruling is
/// drawn (ruled tables keep their rows), no word crosses the gutter between
/// the first and the last line of the right column, both columns are about
/// as wide, are left-aligned and hold wrapped prose in one run per line: a
/// label | value table has a narrow label column whose cells do not fill
/// it, a wider table has gutters inside each half.
fn read_text_columns(lines: Vec<Line>, width: f64, vertical_rulings: &[Ruling]) -> Vec<Line> {
    if !vertical_rulings.is_empty() || lines.len() < TEXT_COLUMN_LINES {
        return lines;
    }
    let Some(gutter) = text_column_start(&lines, width) else {
        return lines;
    };
    let starts_right = |line: &Line| {
        line.segments.iter().any(|s| {
            s.bbox
                .is_some_and(|b| (b.x0 - gutter).abs() <= COLUMN_TOLERANCE)
        })
    };
    let (Some(first), Some(last)) = (
        lines.iter().position(starts_right),
        lines.iter().rposition(starts_right),
    ) else {
        return lines;
    };
    let words = |line: &Line| -> Vec<Word> {
        line.segments
            .iter()
            .flat_map(|s| s.words.iter().cloned())
            .collect()
    };
    let crosses = lines[first..=last].iter().any(|line| {
        words(line)
            .iter()
            .any(|w| w.bbox.x0 < gutter - COLUMN_TOLERANCE && w.bbox.x1 > gutter - 1.0)
    });
    if crosses {
        return lines;
    }
    // Balanced columns on a last page leave the left column longer than
    // the right: its lines below the right column's last are still the left
    // column's, ahead of the right column in reading order.
    let left_edge = lines[first..=last]
        .iter()
        .filter_map(|l| l.bbox)
        .map(|b| b.x0)
        .reduce(f64::min)
        .unwrap_or(0.0);
    let mut last = last;
    while let Some(next) = lines.get(last + 1) {
        let left_only = words(next)
            .iter()
            .all(|w| w.bbox.x1 <= gutter - COLUMN_TOLERANCE);
        let at_left_edge = next
            .bbox
            .is_some_and(|b| (b.x0 - left_edge).abs() <= 2.0 * COLUMN_TOLERANCE);
        if !(left_only && at_left_edge) {
            break;
        }
        last += 1;
    }
    // Each block line cut at the gutter: (left part, right part).
    let halves: Vec<(Option<Line>, Option<Line>)> = lines[first..=last]
        .iter()
        .map(|line| {
            let (left, right): (Vec<Segment>, Vec<Segment>) =
                split_segments_at(&line.segments, gutter - COLUMN_TOLERANCE);
            (line_of_segments(left), line_of_segments(right))
        })
        .collect();
    let left: Vec<&Line> = halves.iter().filter_map(|(l, _)| l.as_ref()).collect();
    let right: Vec<&Line> = halves.iter().filter_map(|(_, r)| r.as_ref()).collect();
    if !(is_text_column(&left) && is_text_column(&right)) {
        return lines;
    }
    let widths: Vec<f64> = [&left, &right]
        .iter()
        .filter_map(|column| {
            let x0 = column
                .iter()
                .filter_map(|l| l.bbox)
                .map(|b| b.x0)
                .reduce(f64::min)?;
            let x1 = column
                .iter()
                .filter_map(|l| l.bbox)
                .map(|b| b.x1)
                .reduce(f64::max)?;
            Some(x1 - x0)
        })
        .collect();
    let comparable = widths.len() == 2 && {
        let ratio = widths[0] / widths[1].max(1.0);
        (0.6..=1.67).contains(&ratio)
    };
    if !comparable {
        return lines;
    }
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    for (l, r) in halves {
        left.extend(l);
        right.extend(r);
    }
    let mut out = Vec::with_capacity(lines.len() + right.len());
    let mut rest = lines.into_iter();
    out.extend(rest.by_ref().take(first));
    out.extend(left);
    out.extend(right);
    out.extend(rest.skip(last + 1 - first));
    out
}

/// The x at which a right-hand text column starts: the commonest segment
/// start in the middle band of the page, shared by enough lines.
fn text_column_start(lines: &[Line], width: f64) -> Option<f64> {
    let mut starts: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.segments.iter().filter_map(|s| s.bbox.map(|b| b.x0)))
        .filter(|x| *x > 0.35 * width && *x < 0.65 * width)
        .collect();
    starts.sort_by(f64::total_cmp);
    let mut best: Option<(usize, f64)> = None;
    for (i, &x) in starts.iter().enumerate() {
        let n = starts[i..]
            .iter()
            .take_while(|&&y| y - x <= 2.0 * COLUMN_TOLERANCE)
            .count();
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, x + COLUMN_TOLERANCE));
        }
    }
    best.filter(|(n, _)| *n >= TEXT_COLUMN_LINES)
        .map(|(_, x)| x)
}

/// Segments' words split at `x`: those left of it, those from it on.
fn split_segments_at(segments: &[Segment], x: f64) -> (Vec<Segment>, Vec<Segment>) {
    let mut left = Vec::new();
    let mut right = Vec::new();
    for segment in segments {
        let (l, r): (Vec<Word>, Vec<Word>) =
            segment.words.iter().cloned().partition(|w| w.bbox.x0 < x);
        for (words, side) in [(l, &mut left), (r, &mut right)] {
            if words.is_empty() {
                continue;
            }
            side.push(Segment::of_words(
                words,
                segment.after_bar,
                segment.font_size,
            ));
        }
    }
    (left, right)
}

impl Segment {
    /// A segment of these words: their text, box, and bold when all are.
    fn of_words(words: Vec<Word>, after_bar: bool, font_size: Option<f64>) -> Segment {
        Segment {
            after_bar,
            bold: words.iter().all(|w| w.bold),
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            bbox: BBox::union_all(words.iter().map(|w| &w.bbox)),
            font_size,
            words,
        }
    }
}

fn line_of_segments(segments: Vec<Segment>) -> Option<Line> {
    if segments.is_empty() {
        return None;
    }
    Some(Line {
        bold: segments.iter().all(|s| s.bold),
        text: join_segment_texts(&segments),
        bbox: BBox::union_all(segments.iter().filter_map(|s| s.bbox.as_ref())),
        font_size: segments.iter().filter_map(|s| s.font_size).reduce(f64::max),
        segments,
        source_line: None,
    })
}

/// Whether lines read as one column of text: enough of them, nearly all one
/// run of text, most starting at its left edge, a fair share running to its
/// right edge.
fn is_text_column(lines: &[&Line]) -> bool {
    let boxes: Vec<BBox> = lines.iter().filter_map(|l| l.bbox).collect();
    if boxes.len() < TEXT_COLUMN_LINES {
        return false;
    }
    let (Some(x0), Some(x1)) = (
        boxes.iter().map(|b| b.x0).reduce(f64::min),
        boxes.iter().map(|b| b.x1).reduce(f64::max),
    ) else {
        return false;
    };
    let share = |n: usize| n as f64 / boxes.len() as f64;
    let single = lines.iter().filter(|l| l.segments.len() == 1).count();
    if share(single) < TEXT_COLUMN_SINGLE {
        return false;
    }
    let aligned = boxes
        .iter()
        .filter(|b| b.x0 - x0 <= 2.0 * COLUMN_TOLERANCE)
        .count();
    let full = boxes
        .iter()
        .filter(|b| x1 - b.x1 <= 0.15 * (x1 - x0))
        .count();
    share(aligned) >= TEXT_COLUMN_ALIGNED && share(full) >= TEXT_COLUMN_FULL
}

/// Column starts shared by several multi-segment lines of a page: where at
/// least this many segments begin at the same x, a table column begins.
const COLUMN_EVIDENCE: usize = 3;
/// Segments starting within this distance (points) start the same column.
const COLUMN_TOLERANCE: f64 = 1.5;

/// Splits segments that run across a column start which the page's other
/// table lines establish. Scans and tight tables leave too small a gap
/// between cells for [`GUTTER_EM`]; the alignment of the rows gives the
/// gutter away. Only lines between the first and last multi-segment line
/// (the table's vertical extent) are touched, so prose above or below a
/// table keeps its lines whole; a line starting within `left_slack` of the
/// left column counts as starting there.
fn split_at_aligned_columns(lines: &mut [Line], left_slack: f64) {
    let multi: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].segments.len() >= 2)
        .collect();
    let (Some(&first), Some(&last)) = (multi.first(), multi.last()) else {
        return;
    };
    let mut starts: Vec<f64> = multi
        .iter()
        .flat_map(|&i| {
            lines[i]
                .segments
                .iter()
                .filter_map(|s| s.bbox.map(|b| b.x0))
        })
        .collect();
    starts.sort_by(f64::total_cmp);
    let mut columns: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < starts.len() {
        let mut j = i;
        while j + 1 < starts.len() && starts[j + 1] - starts[i] <= 2.0 * COLUMN_TOLERANCE {
            j += 1;
        }
        if j + 1 - i >= COLUMN_EVIDENCE {
            columns.push(starts[i..=j].iter().sum::<f64>() / (j + 1 - i) as f64);
        }
        i = j + 1;
    }
    if columns.len() < 2 {
        return;
    }
    let leftmost = columns[0];
    for line in &mut lines[first..=last] {
        // A heading or prose line between two tables starts at the left
        // column, or left of it (at the margin, outside the cells' padding),
        // and is one segment: it is not a row to cut.
        let starts_left = line.bbox.is_some_and(|b| b.x0 <= leftmost + left_slack);
        if line.segments.len() == 1 && starts_left {
            continue;
        }
        let mut split: Vec<Segment> = Vec::with_capacity(line.segments.len());
        for segment in std::mem::take(&mut line.segments) {
            let mut pieces: Vec<Vec<Word>> = vec![Vec::new()];
            for word in segment.words {
                let starts_column = columns
                    .iter()
                    .any(|&c| (word.bbox.x0 - c).abs() <= COLUMN_TOLERANCE);
                let previous_ends_before = pieces
                    .last()
                    .and_then(|p| p.last())
                    .is_some_and(|prev| prev.bbox.x1 < word.bbox.x0);
                if starts_column && previous_ends_before {
                    pieces.push(Vec::new());
                }
                if let Some(piece) = pieces.last_mut() {
                    piece.push(word);
                }
            }
            for (k, words) in pieces.into_iter().filter(|p| !p.is_empty()).enumerate() {
                split.push(Segment::of_words(
                    words,
                    segment.after_bar && k == 0,
                    segment.font_size,
                ));
            }
        }
        line.segments = split;
        line.text = join_segment_texts(&line.segments);
    }
}

/// The key under which running lines are compared: page numbers and dates
/// change from page to page, the rest does not.
fn repetition_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                key.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            key.extend(c.to_lowercase());
        }
    }
    key
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Zone {
    Top,
    Bottom,
}

/// Running lines whose keys are at least this similar (Dice over character
/// bigrams) are the same line: OCR garbles a footer differently per page
/// ("SALA KOMMUN Vård" / "“ALA KOMMUN rd").
const SAME_RUNNING_LINE: f64 = 0.7;
/// Fuzzy grouping is quadratic in distinct keys; past this many (a hostile
/// or huge document) only exact keys are grouped.
const MAX_FUZZY_KEYS: usize = 2_000;

fn bigrams(key: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = key.chars().filter(|c| !c.is_whitespace()).collect();
    let mut grams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    grams.sort_unstable();
    grams
}

fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

struct Candidate {
    page: usize,
    line: usize,
    zone: Zone,
    center_y: Option<f64>,
    key: String,
}

/// Finds running headers/footers and page numbers and moves them from the
/// pages' bodies to the furniture list. A table's header row repeated at the
/// top of each page is data, not furniture: it and the lines below it stay.
fn set_aside_running_lines(doc: &mut Document) {
    let mut marked: BTreeMap<(usize, usize), FurnitureKind> = BTreeMap::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    // How often each text stands mid-page: a form's labels and values
    // ("Om insatsen", "Så dokumenterar vi") fall at page tops and bottoms
    // now and then, and stand mid-page far more often; running lines never
    // stand there.
    let mut mid_page: Vec<String> = Vec::new();

    for (pi, page) in doc.pages.iter().enumerate() {
        let count = page.lines.len();
        let mut below_table_header = false;
        for (li, line) in page.lines.iter().enumerate() {
            let zone = match (line.bbox, page.height) {
                (Some(b), Some(h)) => {
                    if b.bottom <= h * FURNITURE_ZONE {
                        Some(Zone::Top)
                    } else if b.top >= h * (1.0 - FURNITURE_ZONE) {
                        Some(Zone::Bottom)
                    } else {
                        None
                    }
                }
                // Text input: the first and last three lines of a page.
                _ if li < 3 => Some(Zone::Top),
                _ if li + 3 >= count => Some(Zone::Bottom),
                _ => None,
            };
            if is_page_number(&line.text) && (zone.is_some() || !doc.positioned) {
                marked.insert((pi, li), FurnitureKind::PageNumber);
                continue;
            }
            let Some(zone) = zone else {
                if doc.positioned {
                    mid_page.push(repetition_key(&line.text));
                }
                continue;
            };
            let cells: Vec<&str> = line.segments.iter().map(|s| s.text.as_str()).collect();
            if zone == Zone::Top && crate::vocab::is_header_row(&cells) {
                below_table_header = true;
            }
            if (zone == Zone::Top && below_table_header) || inside_ruled_table(page, line) {
                continue;
            }
            // Text in reading order prints a header repeated at a page top
            // one label a line ("Utförare", "Vilka kan ta del?"): column
            // labels, not running lines. Text input only.
            if !doc.positioned && is_column_label_line(&line.text) {
                continue;
            }
            // A line that goes on in lower case right under it is a
            // phrase broken over two lines ("Öppen ingång - råd och" /
            // "stöd (psykosocialt stöd)", a name at a page's end): running
            // lines stand alone. Text input only.
            let goes_on = page.lines.get(li + 1).is_some_and(|next| {
                lines_adjacent(line, next) && next.text.trim_start().starts_with(char::is_lowercase)
            });
            if !doc.positioned && zone == Zone::Bottom && goes_on {
                continue;
            }
            candidates.push(Candidate {
                page: pi,
                line: li,
                zone,
                // A text page is as long as its lines (the last one is
                // often short): its footers line up from the bottom.
                center_y: line
                    .bbox
                    .map(|b| match (doc.positioned, zone, page.height) {
                        (false, Zone::Bottom, Some(h)) => b.center_y() - h,
                        _ => b.center_y(),
                    }),
                key: repetition_key(&line.text),
            });
        }
    }

    let page_count = doc.pages.len();
    let needed = ((page_count as f64 * REPEATED_SHARE).ceil() as usize).max(2);
    if page_count >= 2 && !candidates.is_empty() {
        // Cluster distinct keys, then count pages per cluster and position.
        let mut keys: Vec<(&str, Zone)> = candidates
            .iter()
            .map(|c| (c.key.as_str(), c.zone))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let grams: Vec<Vec<(char, char)>> = keys.iter().map(|(k, _)| bigrams(k)).collect();
        let fuzzy = keys.len() <= MAX_FUZZY_KEYS;
        let mut cluster_of = vec![usize::MAX; keys.len()];
        let mut representatives: Vec<usize> = Vec::new();
        for i in 0..keys.len() {
            let found = representatives.iter().position(|&r| {
                keys[r].1 == keys[i].1
                    && (keys[r].0 == keys[i].0
                        || (fuzzy && dice(&grams[r], &grams[i]) >= SAME_RUNNING_LINE))
            });
            cluster_of[i] = match found {
                Some(c) => c,
                None => {
                    representatives.push(i);
                    representatives.len() - 1
                }
            };
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); representatives.len()];
        for (ci, c) in candidates.iter().enumerate() {
            if let Ok(k) = keys.binary_search(&(c.key.as_str(), c.zone)) {
                members[cluster_of[k]].push(ci);
            }
        }
        for group in members {
            let mut used = vec![false; group.len()];
            for i in 0..group.len() {
                if used[i] {
                    continue;
                }
                let anchor = &candidates[group[i]];
                let near: Vec<usize> = (i..group.len())
                    .filter(|&j| {
                        !used[j]
                            && match (anchor.center_y, candidates[group[j]].center_y) {
                                (Some(a), Some(b)) => (a - b).abs() <= 8.0,
                                _ => true,
                            }
                    })
                    .collect();
                let pages: BTreeSet<usize> =
                    near.iter().map(|&j| candidates[group[j]].page).collect();
                // Counted only for a group that would be furniture: few do.
                let stands_mid_page = pages.len() >= needed && {
                    let grams = bigrams(&anchor.key);
                    let alike = |k: &String| {
                        *k == anchor.key
                            || (fuzzy && dice(&bigrams(k), &grams) >= SAME_RUNNING_LINE)
                    };
                    mid_page.iter().filter(|k| alike(k)).count() >= pages.len()
                };
                if pages.len() >= needed && !stands_mid_page {
                    for j in near {
                        used[j] = true;
                        let c = &candidates[group[j]];
                        let kind = match c.zone {
                            Zone::Top => FurnitureKind::Header,
                            Zone::Bottom => FurnitureKind::Footer,
                        };
                        marked.insert((c.page, c.line), kind);
                    }
                }
            }
        }
    }

    // Text in reading order (plain `pdftotext`) prints a page's running
    // lines where their text block falls, often mid-page: a line of two
    // words or more with a date or a number in it ("Välfärdsnämnden
    // 2025-06-19", "Sida 2 av 6") found as a header or footer elsewhere is
    // one wherever it stands. Column labels repeated at page tops are no
    // such line. Text input only; a printed page has positions.
    if !doc.positioned {
        let running: BTreeMap<String, FurnitureKind> = marked
            .iter()
            .filter(|(_, kind)| matches!(kind, FurnitureKind::Header | FurnitureKind::Footer))
            .filter_map(|(&(pi, li), &kind)| {
                let text = &doc.pages.get(pi)?.lines.get(li)?.text;
                let numbered = text.chars().any(|c| c.is_ascii_digit());
                (numbered && text.split_whitespace().count() >= 2)
                    .then(|| (repetition_key(text), kind))
            })
            .collect();
        for (pi, page) in doc.pages.iter().enumerate() {
            for (li, line) in page.lines.iter().enumerate() {
                if let Some(&kind) = running.get(&repetition_key(&line.text)) {
                    marked.entry((pi, li)).or_insert(kind);
                }
            }
        }
    }

    for (pi, page) in doc.pages.iter_mut().enumerate() {
        let lines = std::mem::take(&mut page.lines);
        for (li, line) in lines.into_iter().enumerate() {
            match marked.get(&(pi, li)) {
                Some(&kind) => doc.furniture.push(Furniture {
                    kind,
                    page: page.number,
                    text: line.text,
                    bbox: line.bbox,
                }),
                None => page.lines.push(line),
            }
        }
    }
    doc.furniture.sort_by(|a, b| {
        a.page.cmp(&b.page).then(a.kind.cmp(&b.kind)).then(
            a.bbox
                .map(|b| b.top)
                .unwrap_or(0.0)
                .total_cmp(&b.bbox.map(|b| b.top).unwrap_or(0.0)),
        )
    });
}

/// A short line that types as a column label: three words at most, or a
/// question ("Vem vänder sig insatsen till?"). Longer lines that start with
/// a label word are titles ("Insatser utan individuell behovsprövning").
/// What a label cites in brackets is no part of it ("Verksamhet/utförare
/// Dokumentation (SoL 14 kap.)": two labels read as one line, whose
/// paragraph number must not make it a running line).
fn is_column_label_line(text: &str) -> bool {
    let unbracketed = without_brackets(text);
    let t = unbracketed.trim();
    let short = t.split_whitespace().count() <= 3 || t.ends_with('?');
    short && !t.chars().any(|c| c.is_ascii_digit()) && crate::vocab::type_label(t).is_some()
}

/// The text outside round brackets.
fn without_brackets(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn inside_ruled_table(page: &Page, line: &Line) -> bool {
    let Some(b) = line.bbox else { return false };
    page.rulings
        .iter()
        .filter(|r| r.height() > r.width())
        .any(|r| {
            r.vertical_overlap(&b) > 0.5 * b.height() && r.center_x() > b.x0 && r.center_x() < b.x1
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_line_citing_a_paragraph_in_brackets_is_a_column_label_line() {
        // Plain pdftotext of a reportlab plan prints two header cells as one
        // line, repeated over every table; it is no running header.
        assert!(is_column_label_line(
            "Verksamhet/utförare Dokumentation (SoL 14 kap.)"
        ));
        assert!(is_column_label_line("Dokumentation (SoL 14 kap.)"));
        // A running line with its number outside brackets stays one.
        assert!(!is_column_label_line("Vård- och omsorgsnämnden 2025-06-06"));
    }

    fn glyphs_for(text: &str, x0: f64, top: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x0;
        let chars: Vec<char> = text.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c == ' ' {
                continue;
            }
            out.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(x, top, x + 5.0, top + 10.0),
                font_size: 10.0,
                upright: true,
                space_after: chars.get(i + 1) == Some(&' '),
                bold: false,
                run: 0,
            });
            x += if chars.get(i + 1) == Some(&' ') {
                8.0
            } else {
                5.0
            };
        }
        out
    }

    fn page_of(glyphs: Vec<Glyph>, rulings: Vec<Ruling>) -> PdfPage {
        PdfPage {
            number: 1,
            width: 595.0,
            height: 842.0,
            rotation: 0,
            glyphs,
            rulings,
            fills: Vec::new(),
            images: Vec::new(),
            ocr: None,
        }
    }

    /// Lines of text at `x0`, one every `pitch` points from `top`.
    fn column_glyphs(texts: &[String], x0: f64, top: f64, pitch: f64) -> Vec<Glyph> {
        texts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| glyphs_for(t, x0, top + i as f64 * pitch))
            .collect()
    }

    #[test]
    fn two_columns_of_text_are_read_one_after_the_other() {
        // Each column's lines are a little off the other's baselines: grouped
        // by height, every left line took the right line beside it.
        let left: Vec<String> = (0..10)
            .map(|i| format!("Vänster rad {i} med text"))
            .collect();
        let right: Vec<String> = (0..10).map(|i| format!("Höger rad {i} med mer")).collect();
        let mut glyphs = column_glyphs(&left, 50.0, 100.0, 14.0);
        glyphs.extend(column_glyphs(&right, 320.0, 103.0, 14.0));
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(glyphs, vec![])],
            ..Default::default()
        });
        let texts: Vec<&str> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        let expected: Vec<&str> = left.iter().chain(&right).map(String::as_str).collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn a_label_column_beside_prose_stays_in_rows() {
        // A label | value form without rulings: short labels do not fill
        // their column, so the page is a table, read row by row.
        let labels: Vec<String> = (0..10).map(|i| format!("Etikett {i}")).collect();
        let values: Vec<String> = (0..10).map(|i| format!("Värde {i} med mer text")).collect();
        let mut glyphs = column_glyphs(&labels, 50.0, 100.0, 14.0);
        glyphs.extend(column_glyphs(&values, 320.0, 100.0, 14.0));
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(glyphs, vec![])],
            ..Default::default()
        });
        let lines = &doc.pages[0].lines;
        assert_eq!(lines.len(), 10);
        assert_eq!(lines[0].text, "Etikett 0 Värde 0 med mer text");
    }

    #[test]
    fn overlapping_runs_stay_apart() {
        // A header cell's text runs on under the next cell's text: poppler
        // keeps the two apart; sorting glyphs by x interleaved them.
        let mut first = glyphs_for("Målgrupp/kriterier", 100.0, 100.0);
        first.iter_mut().for_each(|g| g.run = 1);
        let mut second = glyphs_for("Insats", 150.0, 100.0);
        second.iter_mut().for_each(|g| g.run = 2);
        first.extend(second);
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(first, vec![])],
            ..Default::default()
        });
        assert_eq!(doc.pages[0].lines[0].text, "Målgrupp/kriterier Insats");
    }

    #[test]
    fn an_overdrawn_run_is_bold_and_read_once() {
        let mut glyphs = glyphs_for("Städning", 100.0, 100.0);
        let mut again = glyphs_for("Städning", 100.3, 100.0);
        again.iter_mut().for_each(|g| g.run = 1);
        glyphs.extend(again);
        glyphs.extend(glyphs_for("text", 100.0, 130.0));
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(glyphs, vec![])],
            ..Default::default()
        });
        let lines = &doc.pages[0].lines;
        assert_eq!(lines[0].text, "Städning");
        assert!(lines[0].bold, "overdrawn: bold");
        assert!(!lines[1].bold);
    }

    #[test]
    fn lines_come_from_positions_not_stream_order() {
        // A table written column by column: column 2 first, then column 1.
        let mut glyphs = glyphs_for("Familjeråd", 300.0, 100.0);
        glyphs.extend(glyphs_for("Stöd", 300.0, 120.0));
        glyphs.extend(glyphs_for("Insats", 100.0, 100.0));
        glyphs.extend(glyphs_for("Rådgivning", 100.0, 120.0));
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(glyphs, vec![])],
            ..Default::default()
        });
        let lines: Vec<Vec<&str>> = doc.pages[0]
            .lines
            .iter()
            .map(|l| l.segments.iter().map(|s| s.text.as_str()).collect())
            .collect();
        assert_eq!(
            lines,
            vec![vec!["Insats", "Familjeråd"], vec!["Rådgivning", "Stöd"]]
        );
    }

    #[test]
    fn a_vertical_ruling_splits_a_line_even_when_the_gap_is_small() {
        let mut glyphs = glyphs_for("Råd och", 100.0, 100.0);
        glyphs.extend(glyphs_for("stöd", 142.0, 100.0));
        let ruling = Ruling {
            bbox: BBox::new(140.5, 90.0, 141.0, 130.0),
        };
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(glyphs, vec![ruling])],
            ..Default::default()
        });
        let segs: Vec<&str> = doc.pages[0].lines[0]
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(segs, vec!["Råd och", "stöd"]);
    }

    #[test]
    fn rotated_margin_text_and_placeholders_are_furniture() {
        let mut glyphs = glyphs_for(
            "Dokumentnr <Document::Prefix>-<Document::Number>",
            100.0,
            400.0,
        );
        let mut margin = glyphs_for("SON 2025/281", 20.0, 300.0);
        for g in &mut margin {
            g.upright = false;
        }
        glyphs.extend(margin);
        let doc = from_pdf(PdfDocument {
            pages: vec![page_of(glyphs, vec![])],
            ..Default::default()
        });
        assert_eq!(doc.pages[0].lines[0].text, "Dokumentnr");
        let kinds: Vec<(FurnitureKind, &str)> = doc
            .furniture
            .iter()
            .map(|f| (f.kind, f.text.as_str()))
            .collect();
        assert!(
            kinds.contains(&(FurnitureKind::Margin, "SON 2025/281")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&(
                FurnitureKind::Placeholder,
                "<Document::Prefix>-<Document::Number>"
            )),
            "{kinds:?}"
        );
    }

    #[test]
    fn running_headers_and_page_numbers_leave_the_body() {
        let pages = (1..=3)
            .map(|n| {
                let mut glyphs = glyphs_for("Region Gotland Socialförvaltningen", 100.0, 30.0);
                glyphs.extend(glyphs_for(&format!("Insats nummer {n}"), 100.0, 300.0));
                glyphs.extend(glyphs_for(&format!("{n} (3)"), 500.0, 800.0));
                PdfPage {
                    number: n,
                    ..page_of(glyphs, vec![])
                }
            })
            .collect();
        let doc = from_pdf(PdfDocument {
            pages,
            ..Default::default()
        });
        for page in &doc.pages {
            assert_eq!(page.lines.len(), 1);
            assert!(page.lines[0].text.starts_with("Insats nummer"));
        }
        let headers = doc
            .furniture
            .iter()
            .filter(|f| f.kind == FurnitureKind::Header)
            .count();
        let numbers = doc
            .furniture
            .iter()
            .filter(|f| f.kind == FurnitureKind::PageNumber)
            .count();
        assert_eq!((headers, numbers), (3, 3));
    }

    #[test]
    fn page_number_patterns() {
        for yes in [
            "8 (15)",
            "Sida 9 av 15",
            "Sidan 2",
            "3/15",
            "- 4 -",
            "Page 2 of 7",
            "12",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["14 kap. 5 §", "Sida", "0-21 år", "2025-06-12"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    fn text(lines: &[&str]) -> Document {
        from_text(TextDocument {
            pages: vec![lines.iter().map(|l| l.to_string()).collect()],
            first_lines: vec![1],
            warnings: vec![],
        })
    }

    fn cells(line: &Line) -> Vec<(f64, &str)> {
        line.segments
            .iter()
            .map(|s| {
                (
                    s.bbox.map_or(-1.0, |b| b.x0 / TEXT_CHAR_WIDTH),
                    s.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn text_lines_split_at_space_runs() {
        let doc = text(&["Insats      Målgrupp", "Sida 1 av 2"]);
        let segs: Vec<&str> = doc.pages[0].lines[0]
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(segs, vec!["Insats", "Målgrupp"]);
        assert_eq!(doc.pages[0].lines.len(), 1);
        assert_eq!(doc.furniture[0].kind, FurnitureKind::PageNumber);
    }

    #[test]
    fn text_lines_sit_at_their_character_cells() {
        let doc = text(&["Insats   Målgrupp", "", "  Städning  75 år"]);
        let lines = &doc.pages[0].lines;
        assert_eq!(cells(&lines[0]), vec![(0.0, "Insats"), (9.0, "Målgrupp")]);
        // Two spaces are no gutter; the blank line is a line of space.
        assert_eq!(cells(&lines[1]), vec![(2.0, "Städning 75 år")]);
        let tops: Vec<f64> = lines.iter().filter_map(|l| l.bbox.map(|b| b.top)).collect();
        assert_eq!(tops, vec![0.0, 2.0 * TEXT_LINE_PITCH]);
        assert_eq!(
            lines.iter().map(|l| l.source_line).collect::<Vec<_>>(),
            vec![Some(1), Some(3)]
        );
    }

    #[test]
    fn a_line_of_spaces_inside_a_cell_is_no_blank_line_where_empty_lines_part_cells() {
        // A Word table's copy: cells end with an empty line, an empty
        // paragraph inside a cell is a line holding a space.
        let mut raw = vec!["Grinden –", "och unga.", " ", "Stödgrupper för", ""];
        for answer in ["Nej", "Nej", "Ja"] {
            raw.extend([" ", answer, " ", ""]);
        }
        raw.extend(["Råd", " ", "stöd", ""]);
        let doc = text(&raw);
        let tops = |doc: &Document| -> Vec<f64> {
            doc.pages[0]
                .lines
                .iter()
                .filter_map(|l| l.bbox.map(|b| b.top / TEXT_LINE_PITCH))
                .collect()
        };
        // "Stödgrupper för" follows "och unga." at once; the lone space
        // between empty lines stays space.
        // Rows: "Grinden –" 0, "och unga." 1, "Stödgrupper för" 2; each
        // answer after an empty line and a lead space (5, 9, 13); "Råd" 16
        // and "stöd" 17.
        assert_eq!(tops(&doc), vec![0.0, 1.0, 2.0, 5.0, 9.0, 13.0, 16.0, 17.0]);
        let lines = &doc.pages[0].lines;
        assert_eq!(lines[2].source_line, Some(4));
        // Text with lines of spaces only says nothing by them.
        let doc = text(&["Grinden –", " ", "Stödgrupper för"]);
        assert_eq!(tops(&doc), vec![0.0, 2.0]);
    }

    #[test]
    fn a_column_rounded_a_cell_off_is_one_column() {
        // pdftotext -layout: the second column starts at cell 10, 10, 11, 9.
        let doc = text(&[
            "Inköp     Hemtjänst",
            "Tvätt     Hemtjänst",
            "Städning   Hemtjänst",
            "Larm     Hemtjänst",
        ]);
        for line in &doc.pages[0].lines {
            assert_eq!(cells(line)[1].0, 10.0, "{:?}", cells(line));
        }
    }

    #[test]
    fn tabs_are_column_breaks_and_rows_stand_apart() {
        let doc = text(&[
            "Insats\tMålgrupp\tDokumentation",
            "Städning\tÄldre\tSka dokumenteras",
            "Stöd till äldre",
            "Tvätt\tÄldre över 75 år\tSka dokumenteras",
        ]);
        let lines = &doc.pages[0].lines;
        assert_eq!(
            cells(&lines[1]),
            vec![
                (0.0, "Städning"),
                (12.0, "Äldre"),
                (32.0, "Ska dokumenteras")
            ]
        );
        // The line without tabs (a group row) stays whole at the margin.
        assert_eq!(cells(&lines[2]), vec![(0.0, "Stöd till äldre")]);
        let tops: Vec<f64> = lines.iter().filter_map(|l| l.bbox.map(|b| b.top)).collect();
        let steps: Vec<f64> = tops.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(
            steps.iter().all(|s| *s > 1.5 * TEXT_LINE_PITCH),
            "{steps:?}"
        );
        assert_eq!(lines[3].source_line, Some(4));
    }

    #[test]
    fn a_lone_list_marker_goes_before_its_item() {
        let doc = text(&["a)", "", "Anhörigstöd vid kriminalitet", "Anhöriga till …"]);
        let lines = &doc.pages[0].lines;
        assert_eq!(lines[0].text, "a) Anhörigstöd vid kriminalitet");
        assert_eq!(lines.len(), 2);
    }
}
