//! Stage 4 — segmentation: a laid-out plan → one record per intervention,
//! each with its cells as printed and its place on the page.
//!
//! Structure first, then meaning. Detectors find candidate readings of the
//! body, each a [`Region`] with its [`Record`]s:
//! - [`table`]: grids found from geometry ([`grid`]: rulings in any drawing
//!   style, or column starts shared by many lines), their columns typed by
//!   the header's words or their cells' content; two-column label grids are
//!   forms ([`form`]);
//! - [`form`]: "Label: value" lines, one block per intervention;
//! - [`sections`]: headings (numbered, or set apart by weight and size,
//!   [`typography`]) with labelled paragraphs;
//! - [`list`]: numbered or bulleted items with the name first and prose.
//!
//! Then, for each part of the document, the reading that accounts for the
//! most body text with complete records wins ([`choose`]). Legal
//! background, tables of contents and appendices yield nothing. Every body
//! line not in a record counts against `coverage`.

mod anchored;
mod columns;
mod form;
mod grid;
mod list;
mod sections;
mod sequence;
mod table;
mod typography;

use crate::geom::BBox;
use crate::layout::{Document, Line};
use crate::vocab::{fold, Field};
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Which family a document's interventions came from, as the output
/// contract names it: grids and forms are `table`, headings and lists are
/// `sections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutKind {
    Table,
    Sections,
    Mixed,
}

/// The reading a detector made of one part of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    Grid,
    Form,
    Sections,
    List,
}

impl RegionKind {
    fn layout(self) -> LayoutKind {
        match self {
            RegionKind::Grid | RegionKind::Form => LayoutKind::Table,
            RegionKind::Sections | RegionKind::List => LayoutKind::Sections,
        }
    }
}

/// A column of a grid or form as the segmenter typed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionColumn {
    /// The header as printed ("" when the table has none).
    pub header: String,
    /// The field it fills (`None`: kept in `cells` only).
    pub field: Option<&'static str>,
    /// "header", "content" (what its cells hold) or "none".
    pub typed_by: &'static str,
    pub x0: f64,
    pub x1: f64,
}

/// A part of the document read one way: a grid, a form, headed sections or
/// a list, with what it found there (for `iub inspect` and the record).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    pub kind: RegionKind,
    /// Body lines `[start, end)` the region covers.
    #[serde(skip)]
    pub lines: std::ops::Range<usize>,
    /// The region's box on each page it covers.
    pub boxes: Vec<(u32, BBox)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<RegionColumn>,
    /// Where each record starts: page and top.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<(u32, f64)>,
    /// Indices of its records in [`Segmented::records`].
    pub records: Vec<usize>,
}

/// A detector's reading: its region, records and what it noticed.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub region: Region,
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
}

/// Where each record starts: its page and top (0 where it has no box).
fn row_starts(records: &[Record]) -> Vec<(u32, f64)> {
    records
        .iter()
        .map(|r| (r.page, r.bbox.map_or(0.0, |b| b.top)))
        .collect()
}

impl Reading {
    /// The reading of `records`: its region spans their lines, one row per
    /// record where it starts.
    fn of_records(
        kind: RegionKind,
        records: Vec<Record>,
        columns: Vec<RegionColumn>,
        lines: &[PageLine],
        warnings: Vec<String>,
    ) -> Reading {
        let first = records
            .iter()
            .flat_map(|r| r.lines.first())
            .min()
            .copied()
            .unwrap_or(0);
        let last = records
            .iter()
            .flat_map(|r| r.lines.last())
            .max()
            .copied()
            .unwrap_or(first);
        Reading {
            region: Region {
                kind,
                lines: first..last + 1,
                boxes: sections::page_boxes(lines, first, last + 1),
                columns,
                rows: row_starts(&records),
                records: Vec::new(),
            },
            records,
            warnings,
        }
    }
}

/// One intervention as printed, before classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub name: String,
    pub provider: Option<String>,
    pub section: Option<String>,
    /// Text per field, lines joined (hyphenation resolved).
    pub fields: BTreeMap<Field, String>,
    /// Column header or paragraph label as printed → text as printed.
    pub cells: BTreeMap<String, String>,
    pub page: u32,
    pub bbox: Option<BBox>,
    /// The record's lines as printed.
    pub raw: String,
    /// Body lines the record was read from.
    pub lines: Vec<usize>,
}

impl Record {
    pub fn field(&self, field: Field) -> Option<&str> {
        self.fields
            .get(&field)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A record read from text input's lines (no boxes): its lines sorted
    /// once each, its page that of its first line, its raw text theirs, its
    /// provider cleaned from the provider field.
    pub(super) fn of_text_lines(
        name: String,
        section: Option<String>,
        mut fields: BTreeMap<Field, String>,
        cells: BTreeMap<String, String>,
        mut lines: Vec<usize>,
        body: &[PageLine],
    ) -> Option<Record> {
        fields.insert(Field::Name, name.clone());
        lines.sort_unstable();
        lines.dedup();
        let page = body.get(*lines.first()?)?.page;
        let provider = fields
            .get(&Field::Provider)
            .map(|p| table::clean_provider(p))
            .filter(|p| !p.is_empty());
        let raw = lines
            .iter()
            .filter_map(|&i| body.get(i))
            .map(|pl| pl.line.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        Some(Record {
            name,
            provider,
            section,
            fields,
            cells,
            page,
            bbox: None,
            raw,
            lines,
        })
    }

    /// A name and something said about it: what makes a record count.
    fn complete(&self) -> bool {
        !self.name.is_empty()
            && (self.field(Field::Documentation).is_some()
                || self.field(Field::TargetGroup).is_some())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segmented {
    pub layout: Option<LayoutKind>,
    pub records: Vec<Record>,
    /// The readings kept, in document order.
    pub regions: Vec<Region>,
    /// Share of body lines that ended in a record.
    pub coverage: f64,
    pub warnings: Vec<String>,
    /// Why a reader should look at this document (no records, text that
    /// reads like interventions in none).
    pub needs_review: Vec<String>,
}

/// Stands in for a line that a table took, so the other detectors keep
/// their line numbers but read nothing there.
pub(super) static TAKEN: Line = Line {
    text: String::new(),
    bbox: None,
    font_size: None,
    bold: false,
    segments: Vec::new(),
    source_line: None,
};

/// A body line with the page it is on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageLine<'a> {
    pub page: u32,
    pub line: &'a Line,
}

impl PageLine<'_> {
    /// A table took this line (see [`TAKEN`]).
    pub fn taken(&self) -> bool {
        self.line.segments.is_empty()
    }
}

/// Where each body line is, in the order [`Record::lines`] and
/// [`Region::lines`] count them (every page's lines, page by page, as
/// [`segment`] reads them): its page number and its index in that page's
/// `lines`.
pub fn body_line_places(doc: &Document) -> Vec<(u32, usize)> {
    doc.pages
        .iter()
        .flat_map(|p| (0..p.lines.len()).map(move |i| (p.number, i)))
        .collect()
}

pub fn segment(doc: &Document) -> Segmented {
    let lines: Vec<PageLine> = doc
        .pages
        .iter()
        .flat_map(|p| {
            p.lines.iter().map(move |line| PageLine {
                page: p.number,
                line,
            })
        })
        .collect();
    let rules: BTreeMap<u32, grid::Rules> = doc
        .pages
        .iter()
        .map(|p| (p.number, grid::Rules::new(&p.rulings, &p.fills)))
        .collect();
    let body = &lines[..];
    let headings = typography::headings(body);

    let mut readings = table::read_tables(body, &rules, &headings);
    if !doc.positioned {
        // Text: forms and tables whose cells come in reading order.
        // Rows opened by a recurring first-column value are surer rows
        // than a path through the cells: where such a reading holds
        // interventions, the cell-run reading of the same lines is dropped.
        let anchored = anchored::read_anchored_rows(body, &headings);
        let spans: Vec<std::ops::Range<usize>> = anchored
            .iter()
            .filter(|r| r.records.iter().any(Record::complete))
            .map(record_span)
            .collect();
        readings.extend(
            sequence::read_sequences(body, &headings)
                .into_iter()
                .filter(|r| {
                    let span = record_span(r);
                    r.region.kind != RegionKind::Grid
                        || !spans
                            .iter()
                            .any(|s| s.start < span.end && span.start < s.end)
                }),
        );
        readings.extend(anchored);
        readings.extend(columns::read_column_runs(body, &headings));
    }
    // Lines of a table that holds interventions are its cells: no
    // paragraph, list item or form line runs through them.
    let mut in_table = vec![false; body.len()];
    for r in readings
        .iter()
        .filter(|r| r.records.iter().any(Record::complete))
    {
        for rec in &r.records {
            for &i in &rec.lines {
                in_table[i] = true;
            }
        }
    }
    let free: Vec<PageLine> = body
        .iter()
        .zip(&in_table)
        .map(|(pl, taken)| {
            if *taken {
                PageLine {
                    page: pl.page,
                    line: &TAKEN,
                }
            } else {
                *pl
            }
        })
        .collect();
    readings.extend(form::read_label_lines(&free, &headings));
    readings.extend(sections::read_sections(&free, &headings));
    readings.extend(list::read_lists(&free, &headings));
    // What lies past an appendix heading below a reading's first record is
    // cut after choosing (below) whichever reading it is in: it must not
    // win the choice either (Sala's risk analysis as "Label: value" blocks
    // against the table above it).
    for reading in &mut readings {
        let first = reading
            .records
            .iter()
            .flat_map(|r| r.lines.first())
            .min()
            .copied();
        if let Some(end) = first.and_then(|first| appendix_start(body, first)) {
            reading
                .records
                .retain(|r| r.lines.first().is_some_and(|&l| l < end));
        }
    }
    readings.retain(|r| !r.records.is_empty());
    let mut chosen = choose(readings);
    // An appendix after the interventions (Sala's "Bilaga 1" risk analysis)
    // repeats them: nothing from it on is read. "Bilaga 1 till … protokoll"
    // above the first record only says what the document is.
    let first_record = chosen
        .iter()
        .flat_map(|r| r.records.iter().flat_map(|rec| rec.lines.first()))
        .min()
        .copied();
    let end = first_record
        .and_then(|first| appendix_start(body, first))
        .unwrap_or(body.len());
    for reading in &mut chosen {
        reading
            .records
            .retain(|r| r.lines.first().is_some_and(|&l| l < end));
    }
    chosen.retain(|r| !r.records.is_empty());
    let body = &body[..end];

    let mut warnings = Vec::new();
    let mut records = Vec::new();
    let mut regions = Vec::new();
    for reading in chosen {
        warnings.extend(reading.warnings);
        let mut region = reading.region;
        region.records = (records.len()..records.len() + reading.records.len()).collect();
        records.extend(reading.records);
        regions.push(region);
    }
    let kinds: Vec<LayoutKind> = regions.iter().map(|r| r.kind.layout()).collect();
    let layout = match kinds.first() {
        None => None,
        Some(first) if kinds.iter().all(|k| k == first) => Some(*first),
        Some(_) => Some(LayoutKind::Mixed),
    };
    let mut covered = vec![false; lines.len()];
    for r in &records {
        for &i in &r.lines {
            if let Some(c) = covered.get_mut(i) {
                *c = true;
            }
        }
    }
    let body_lines = body.len().max(1);
    let coverage = covered.iter().filter(|c| **c).count() as f64 / body_lines as f64;
    let mut needs_review = Vec::new();
    if records.is_empty() {
        let reason = if body.is_empty() {
            "no text to read (no body lines)".to_string()
        } else {
            format!(
                "no intervention table, form, list or labelled sections found in {} body lines",
                body.len()
            )
        };
        warnings.push(reason.clone());
        needs_review.push(reason);
    } else if let Some(reason) = unread_interventions(body, &covered, &records) {
        warnings.push(reason.clone());
        needs_review.push(reason);
    }
    Segmented {
        layout,
        records,
        regions,
        coverage,
        warnings,
        needs_review,
    }
}

/// A complete record counts its lines and this much more: of two readings
/// of the same lines, the one that tells more interventions apart wins
/// (forms under area headings, not one section per area).
const RECORD_BONUS: usize = 2;

/// Keeps the set of non-overlapping readings that accounts for the most
/// body lines with complete records (weighted interval scheduling over the
/// readings' record spans). A reading with no complete record is no
/// reading.
fn choose(readings: Vec<Reading>) -> Vec<Reading> {
    let mut scored: Vec<(usize, std::ops::Range<usize>, Reading)> = readings
        .into_iter()
        .map(|r| {
            let score = r
                .records
                .iter()
                .filter(|rec| rec.complete())
                .map(|rec| rec.lines.len().max(1) + RECORD_BONUS)
                .sum::<usize>();
            (score, record_span(&r), r)
        })
        .filter(|(score, _, _)| *score > 0)
        .collect();
    // Deterministic order: by end, then start, then kind.
    scored.sort_by(|a, b| {
        (a.1.end, a.1.start, a.2.region.kind).cmp(&(b.1.end, b.1.start, b.2.region.kind))
    });
    // best[i]: the best total using readings[..i]; taken[i]: whether reading
    // i-1 is in it.
    let n = scored.len();
    let mut best = vec![0usize; n + 1];
    let mut take = vec![false; n + 1];
    let mut previous = vec![0usize; n + 1];
    for i in 1..=n {
        let (score, span, _) = &scored[i - 1];
        // The last reading that ends before this one starts.
        let p = scored[..i - 1].partition_point(|(_, s, _)| s.end <= span.start);
        previous[i] = p;
        let with = score + best[p];
        if with > best[i - 1] {
            best[i] = with;
            take[i] = true;
        } else {
            best[i] = best[i - 1];
        }
    }
    let mut kept_indices = Vec::new();
    let mut i = n;
    while i > 0 {
        if take[i] {
            kept_indices.push(i - 1);
            i = previous[i];
        } else {
            i -= 1;
        }
    }
    let mut slots: Vec<Option<Reading>> = scored.into_iter().map(|(_, _, r)| Some(r)).collect();
    let mut kept: Vec<Reading> = kept_indices
        .into_iter()
        .filter_map(|k| slots[k].take())
        .collect();
    kept.sort_by_key(|r| r.region.lines.start);
    kept
}

/// The body lines from a reading's first record line to its last.
fn record_span(reading: &Reading) -> std::ops::Range<usize> {
    let first = reading
        .records
        .iter()
        .flat_map(|r| r.lines.first())
        .min()
        .copied()
        .unwrap_or(reading.region.lines.start);
    let last = reading
        .records
        .iter()
        .flat_map(|r| r.lines.last())
        .max()
        .copied()
        .unwrap_or(first);
    first..last + 1
}

/// Documentation wording in body lines after the first record that no
/// record took: interventions the detectors missed, most likely.
fn unread_interventions(body: &[PageLine], covered: &[bool], records: &[Record]) -> Option<String> {
    static DECISION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(ska|skall) (inte )?dokumenteras|dokumenteras (ej|inte)|undantag (enligt|från) (dokumentation|14 kap)|14 kap\.? ?[345] ?§ (sol|socialtjänstlagen) för dokumentation")
            .expect("valid pattern")
    });
    let first = records
        .iter()
        .flat_map(|r| r.lines.first())
        .min()
        .copied()?;
    let missed: Vec<&PageLine> = body
        .iter()
        .enumerate()
        .skip(first)
        .filter(|(i, pl)| !covered[*i] && DECISION.is_match(&pl.line.text.to_lowercase()))
        .map(|(_, pl)| pl)
        .collect();
    if missed.len() < 2 {
        return None;
    }
    let pages: Vec<String> = {
        let mut p: Vec<u32> = missed.iter().map(|pl| pl.page).collect();
        p.dedup();
        p.iter().map(u32::to_string).collect()
    };
    Some(format!(
        "{} lines with documentation decisions (page {}) are in no record: interventions the layout detectors did not read",
        missed.len(),
        pages.join(", ")
    ))
}

/// The nearest heading above body line `index`, as a record's section.
pub(crate) fn section_before(
    headings: &[typography::Heading],
    index: usize,
    lines: &[PageLine],
) -> Option<String> {
    let _ = lines;
    headings
        .iter()
        .rev()
        .find(|h| h.index < index && !h.document_title)
        .map(heading_section)
}

/// A heading as a record's section: "1.1 Insatser … Hälsa 65+" with the
/// legal formula that many headings end with dropped.
pub(crate) fn heading_section(h: &typography::Heading) -> String {
    match &h.number {
        Some(number) => section_title(number, &h.title),
        None => h.title.clone(),
    }
}

/// "Bilaga 1 …", "Bilagor", "Appendix" as a line of its own: what follows
/// repeats or analyses the interventions (Sala's risk analysis) and adds none.
fn appendix_start(lines: &[PageLine], after: usize) -> Option<usize> {
    static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(bilaga|bilagor|appendix)(\s+\d+)?(\s|:|$)").expect("valid pattern")
    });
    // Only after some content: a cover page may list "Bilagor" in a TOC.
    lines
        .iter()
        .enumerate()
        .skip(after + 1)
        .find_map(|(i, pl)| {
            let single = pl.line.segments.len() == 1;
            (single && APPENDIX.is_match(&fold(&pl.line.text)) && !is_toc_line(&pl.line.text))
                .then_some(i)
        })
}

/// A numbered heading: "3.1.1 Familjerådgivning", "2. Centrum mot våld",
/// "4INSATSER UTAN …" (OCR lost the space). Returns (number, title).
pub(crate) fn numbered_heading(text: &str) -> Option<(String, String)> {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,4})(\.?)\s*(\p{Lu}.{0,150})$").expect("valid pattern")
    });
    let caps = HEADING.captures(text.trim())?;
    let number = caps.get(1)?.as_str();
    let title = caps.get(3)?.as_str().trim();
    // "2025 Det …" is a year in prose, not a chapter.
    if number.len() >= 3 && !number.contains('.') {
        return None;
    }
    if is_toc_line(text) || title.ends_with(',') {
        return None;
    }
    Some((
        format!("{number}{}", caps.get(2).map_or("", |m| m.as_str())),
        title.to_string(),
    ))
}

/// A table-of-contents entry: a title followed by dots or a dash and a page number.
pub(crate) fn is_toc_line(text: &str) -> bool {
    static TOC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\.{3,}|…+|\s[-–])\s*\d{1,3}$").expect("valid pattern"));
    TOC.is_match(text.trim())
}

/// A heading's level: the count of its number's parts ("3.1.1" → 3).
pub(crate) fn heading_level(number: &str) -> usize {
    number.trim_end_matches('.').split('.').count()
}

/// Section titles as the record carries them: the legal formula that many
/// headings end with ("… enligt 11 kap 5 § Socialtjänstlagen") is dropped.
pub(crate) fn section_title(number: &str, title: &str) -> String {
    static LEGAL_TAIL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s+enligt\s+\d+\s*kap\.?.*$").expect("valid pattern"));
    let title = LEGAL_TAIL.replace(title, "");
    format!("{number} {}", title.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings() {
        assert_eq!(
            numbered_heading("3.1.1 Familjerådgivning"),
            Some(("3.1.1".into(), "Familjerådgivning".into()))
        );
        assert_eq!(
            numbered_heading("3.1. Rådgivning"),
            Some(("3.1.".into(), "Rådgivning".into()))
        );
        assert_eq!(
            numbered_heading("4INSATSER UTAN INDIVIDUELL BEHOVSPROVNING"),
            Some((
                "4".into(),
                "INSATSER UTAN INDIVIDUELL BEHOVSPROVNING".into()
            ))
        );
        assert_eq!(
            numbered_heading("2.1. Informationssamtal - 4"),
            None,
            "TOC entry"
        );
        assert_eq!(numbered_heading("11 kap 5 § socialtjänstlagen"), None);
        assert_eq!(numbered_heading("2025 Det innebär"), None);
    }

    #[test]
    fn legal_formula_leaves_section_titles() {
        assert_eq!(
            section_title(
                "1.1",
                "Insatser utan behovsprövning inom Hemtjänst enligt 11 kap 5 §"
            ),
            "1.1 Insatser utan behovsprövning inom Hemtjänst"
        );
    }
}
