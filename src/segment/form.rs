//! Key–value forms: one block of label | value per intervention, either a
//! two-column table whose left cells are labels (Jönköping's "Insatsens
//! namn | Städning", "Ansvarig | Hemtjänst", …) or lines of "Label: value".
//! A record starts where the label that opens each block comes round again
//! (or at a label naming the intervention).

use super::grid::Grid;
use super::table::{grid_boxes, grid_line_range, is_empty_cell, join_sentences, Row};
use super::typography::Heading;
use super::{PageLine, Reading, Record, Region, RegionColumn, RegionKind};
use crate::normalize::join_lines;
use crate::vocab::{type_label, Field};
use std::collections::BTreeMap;

/// Share of left cells (or lines) that must be labels.
const LABEL_SHARE: f64 = 0.6;
/// Distinct fields a form names at least.
const MIN_FIELDS: usize = 3;

/// A label and the value lines after it, from one form row or one
/// "Label: value" line and its continuation.
struct Entry {
    label: String,
    field: Option<Field>,
    value: String,
    lines: Vec<usize>,
    page: u32,
    bbox: Option<crate::geom::BBox>,
    raw: Vec<String>,
}

/// Reads a two-column grid as a form when its left cells are labels.
pub(super) fn read_label_grid(
    grid: &Grid,
    body: &[(bool, Row)],
    headings: &[Heading],
    lines: &[PageLine],
) -> Option<Reading> {
    let rows: Vec<&Row> = body
        .iter()
        .map(|(_, r)| r)
        .filter(|r| !r.spanning)
        .collect();
    let labelled = rows
        .iter()
        .filter(|r| type_label(r.text(0).trim_end_matches(':')).is_some())
        .count();
    if rows.is_empty() || (labelled as f64) < LABEL_SHARE * rows.len() as f64 {
        return None;
    }
    let mut entries: Vec<Entry> = Vec::new();
    for row in rows {
        let label = row.text(0);
        let field = type_label(label.trim_end_matches(':')).map(|(f, _)| f);
        let value = row.text(1);
        // A label cell left empty continues the value above (a value cut by
        // a page break).
        match entries.last_mut() {
            Some(last) if label.is_empty() => {
                last.value = join_lines(&[last.value.as_str(), value.as_str()]);
                last.lines.extend(row.lines.iter().copied());
                last.raw.extend(row.raw.iter().cloned());
            }
            _ => entries.push(Entry {
                label,
                field,
                value,
                lines: row.lines.clone(),
                page: row.page,
                bbox: row.bbox,
                raw: row.raw.clone(),
            }),
        }
    }
    let records = records_from_entries(entries, headings, lines)?;
    let region = Region {
        kind: RegionKind::Form,
        lines: grid_line_range(grid),
        boxes: grid_boxes(grid, lines),
        columns: vec![
            RegionColumn {
                header: "label".into(),
                field: None,
                typed_by: "none",
                x0: grid.boundaries[0],
                x1: grid.boundaries[1],
            },
            RegionColumn {
                header: "value".into(),
                field: None,
                typed_by: "none",
                x0: grid.boundaries[1],
                x1: grid.boundaries[2],
            },
        ],
        rows: super::row_starts(&records),
        records: Vec::new(),
    };
    Some(Reading {
        region,
        records,
        warnings: Vec::new(),
    })
}

/// Forms printed as lines: "Insatsens namn: Städning", "Ansvarig:
/// Hemtjänst", … A block needs a label naming the intervention; headings
/// with labelled paragraphs under them are [`super::sections`].
pub(super) fn read_label_lines(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let mut out = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let flush = |entries: &mut Vec<Entry>, out: &mut Vec<Reading>| {
        let taken = std::mem::take(entries);
        let names = taken
            .iter()
            .filter(|e| e.field == Some(Field::Name))
            .count();
        if names == 0 {
            return;
        }
        let first = taken
            .first()
            .and_then(|e| e.lines.first().copied())
            .unwrap_or(0);
        let last = taken
            .last()
            .and_then(|e| e.lines.last().copied())
            .unwrap_or(first);
        if let Some(records) = records_from_entries(taken, headings, lines) {
            let boxes = page_boxes(lines, first, last + 1);
            out.push(Reading {
                region: Region {
                    kind: RegionKind::Form,
                    lines: first..last + 1,
                    boxes,
                    columns: Vec::new(),
                    rows: super::row_starts(&records),
                    records: Vec::new(),
                },
                records,
                warnings: Vec::new(),
            });
        }
    };
    for (i, pl) in lines.iter().enumerate() {
        let text = pl.line.text.trim();
        let labelled = text.split_once(':').and_then(|(label, value)| {
            let (field, _) = type_label(label)?;
            (label.split_whitespace().count() <= 6).then(|| (label.trim(), field, value.trim()))
        });
        match labelled {
            Some((label, field, value)) => entries.push(Entry {
                label: label.to_string(),
                field: Some(field),
                value: value.to_string(),
                lines: vec![i],
                page: pl.page,
                bbox: pl.line.bbox,
                raw: vec![pl.line.text.clone()],
            }),
            None => {
                let is_heading = headings.iter().any(|h| h.index == i) || pl.taken();
                match entries.last_mut() {
                    Some(last) if !is_heading => {
                        last.value = join_lines(&[last.value.as_str(), text]);
                        last.lines.push(i);
                        last.raw.push(pl.line.text.clone());
                    }
                    _ => flush(&mut entries, &mut out),
                }
            }
        }
    }
    flush(&mut entries, &mut out);
    out
}

fn page_boxes(lines: &[PageLine], start: usize, end: usize) -> Vec<(u32, crate::geom::BBox)> {
    let mut boxes: Vec<(u32, crate::geom::BBox)> = Vec::new();
    for pl in &lines[start..end.min(lines.len())] {
        let Some(b) = pl.line.bbox else { continue };
        match boxes.last_mut() {
            Some((page, bb)) if *page == pl.page => *bb = bb.union(&b),
            _ => boxes.push((pl.page, b)),
        }
    }
    boxes
}

/// Whether only blank or taken lines stand between a heading and body
/// line `index`.
fn heading_right_above(heading: &Heading, index: usize, lines: &[PageLine]) -> bool {
    let end = heading.index + heading.span;
    lines
        .get(end.min(index)..index)
        .is_some_and(|between| between.iter().all(|pl| pl.line.text.trim().is_empty()))
}

/// Splits a form's entries into records: a record starts at the label that
/// opened the first record (or one naming the intervention) whenever it
/// comes again.
fn records_from_entries(
    entries: Vec<Entry>,
    headings: &[Heading],
    lines: &[PageLine],
) -> Option<Vec<Record>> {
    let distinct: std::collections::BTreeSet<Field> =
        entries.iter().filter_map(|e| e.field).collect();
    if distinct.len() < MIN_FIELDS {
        return None;
    }
    let opener = entries.iter().find_map(|e| e.field)?;
    let mut groups: Vec<Vec<Entry>> = Vec::new();
    for e in entries {
        let starts = groups.is_empty()
            || e.field == Some(opener)
            || (e.field == Some(Field::Name)
                && groups
                    .last()
                    .is_some_and(|g| g.iter().any(|x| x.field == Some(Field::Name))));
        if starts {
            groups.push(vec![e]);
        } else if let Some(g) = groups.last_mut() {
            g.push(e);
        }
    }
    let mut records = Vec::new();
    for group in groups {
        let Some(first) = group.first() else { continue };
        let first_line = first.lines.first().copied().unwrap_or(0);
        let page = first.page;
        let mut fields: BTreeMap<Field, String> = BTreeMap::new();
        let mut cells: BTreeMap<String, String> = BTreeMap::new();
        let mut documentation = Vec::new();
        let mut record_lines = Vec::new();
        let mut raw = Vec::new();
        let mut bbox: Option<crate::geom::BBox> = None;
        for e in &group {
            if let Some(f) = e.field {
                if matches!(f, Field::Documentation | Field::Reason) {
                    documentation.push(e.value.clone());
                }
                if !is_empty_cell(&e.value) {
                    let entry = fields.entry(f).or_default();
                    if !entry.is_empty() {
                        entry.push(' ');
                    }
                    entry.push_str(&e.value);
                }
            }
            cells.insert(e.label.clone(), e.value.clone());
            record_lines.extend(e.lines.iter().copied());
            raw.extend(e.raw.iter().cloned());
            if e.page == page {
                if let Some(b) = e.bbox {
                    bbox = Some(bbox.map_or(b, |x| x.union(&b)));
                }
            }
        }
        let joined = join_sentences(&documentation);
        if !joined.is_empty() {
            fields.insert(Field::Documentation, joined);
        }
        let section = super::section_before(headings, first_line, lines);
        let name = match fields.get(&Field::Name) {
            Some(n) => super::table::clean_name(n),
            // No label names it: the heading right over the block does. A
            // heading with text between it and the block is a chapter's
            // ("Allmänt" over the introduction), and the block the rest of
            // a form cut off by a page or a wrapped label: no record.
            None => headings
                .iter()
                .rev()
                .find(|h| h.index < first_line)
                .filter(|h| heading_right_above(h, first_line, lines))
                .map(|h| h.title.clone())
                .unwrap_or_default(),
        };
        if name.is_empty() {
            continue;
        }
        fields.insert(Field::Name, name.clone());
        let provider = fields
            .get(&Field::Provider)
            .map(|p| super::table::clean_provider(p))
            .filter(|p| !p.is_empty());
        records.push(Record {
            name,
            provider,
            section,
            fields,
            cells,
            page,
            bbox,
            raw: raw.join("\n"),
            lines: record_lines,
        });
    }
    (!records.is_empty()).then_some(records)
}
