//! Stage 4 — segmentation: a laid-out plan → one record per intervention,
//! each with its cells as printed and its place on the page.
//!
//! Two layout families, both driven by the vocabulary in [`crate::vocab`]:
//! grid tables (a header row of known column names; see [`table`]) and
//! numbered sections with labelled paragraphs (see [`sections`]). Legal
//! background, tables of contents and appendices yield no records.

mod sections;
mod table;

use crate::geom::BBox;
use crate::layout::{Document, Line};
use crate::vocab::{fold, Field};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Which family a document's interventions came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutKind {
    Table,
    Sections,
    Mixed,
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
}

impl Record {
    pub fn field(&self, field: Field) -> Option<&str> {
        self.fields
            .get(&field)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segmented {
    pub layout: Option<LayoutKind>,
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
}

/// A body line with the page it is on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageLine<'a> {
    pub page: u32,
    pub line: &'a Line,
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
    let rulings: BTreeMap<u32, &[BBox]> = doc
        .pages
        .iter()
        .map(|p| (p.number, p.rulings.as_slice()))
        .collect();
    let end = appendix_start(&lines).unwrap_or(lines.len());
    let body = &lines[..end];

    let tables = table::segment_tables(body, &rulings);
    let sectioned = sections::segment_sections(body);
    let mut warnings = Vec::new();
    let (layout, records) = match (tables.is_empty(), sectioned.is_empty()) {
        (true, true) => {
            warnings.push("no intervention table or labelled sections found".to_string());
            (None, Vec::new())
        }
        (false, true) => (Some(LayoutKind::Table), tables),
        (true, false) => (Some(LayoutKind::Sections), sectioned),
        (false, false) => {
            // Both families present: keep each record once, in page order.
            let mut all = tables;
            all.extend(sectioned);
            all.sort_by(|a, b| {
                a.page.cmp(&b.page).then(
                    a.bbox
                        .map(|b| b.top)
                        .unwrap_or(0.0)
                        .total_cmp(&b.bbox.map(|b| b.top).unwrap_or(0.0)),
                )
            });
            (Some(LayoutKind::Mixed), all)
        }
    };
    Segmented {
        layout,
        records,
        warnings,
    }
}

/// "Bilaga 1 …", "Bilagor", "Appendix" as a line of its own: what follows
/// repeats or analyses the interventions (Sala's risk analysis) and adds none.
fn appendix_start(lines: &[PageLine]) -> Option<usize> {
    static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(bilaga|bilagor|appendix)(\s+\d+)?(\s|:|$)").expect("valid pattern")
    });
    // Only after some content: a cover page may list "Bilagor" in a TOC.
    lines.iter().enumerate().skip(1).find_map(|(i, pl)| {
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
