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
/// Words a heading row inside a form grid has at most.
const HEADING_WORDS: usize = 12;

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
    /// A heading row inside the grid: it names the record it opens.
    opens: bool,
}

/// What a two-column grid is when read as a form.
pub(super) enum LabelGrid {
    /// Its left cells are not labels: read it as a grid.
    NotAForm,
    /// A form, but no block in it is named: the rest of a form cut off by
    /// a page break. Not a grid either.
    Unnamed,
    Form(Reading),
}

/// Reads a two-column grid as a form when its left cells are labels.
pub(super) fn read_label_grid(
    grid: &Grid,
    body: &[(bool, Row)],
    headings: &[Heading],
    lines: &[PageLine],
) -> LabelGrid {
    let mut pieces: Vec<Entry> = Vec::new();
    for (_, row) in body.iter().filter(|(_, r)| !r.spanning) {
        let first = type_label(row.text(0).trim_end_matches(':'));
        if first.is_none() && is_heading_row(row, lines) {
            let name = row.all_text();
            pieces.push(Entry {
                label: name.clone(),
                field: Some(Field::Name),
                value: name,
                lines: row.lines.clone(),
                page: row.page,
                bbox: row.bbox,
                raw: row.raw.clone(),
                opens: true,
            });
        } else {
            pieces.extend(label_rows(row, lines));
        }
    }
    // Where a label names each intervention ("Insatsens namn"), a heading
    // row is an area over the blocks ("Missbruk och beroende"), not a name.
    if pieces
        .iter()
        .any(|e| !e.opens && e.field == Some(Field::Name))
    {
        pieces.retain(|e| !e.opens);
    }
    let plain: Vec<&Entry> = pieces.iter().filter(|e| !e.opens).collect();
    let labelled = plain.iter().filter(|e| e.field.is_some()).count();
    if plain.is_empty() || (labelled as f64) < LABEL_SHARE * plain.len() as f64 {
        return LabelGrid::NotAForm;
    }
    let mut entries: Vec<Entry> = Vec::new();
    for piece in pieces {
        // A label cell left empty continues the value above (a value cut by
        // a page break).
        match entries.last_mut() {
            Some(last) if piece.label.is_empty() && !piece.opens => {
                last.value = join_lines(&[last.value.as_str(), piece.value.as_str()]);
                last.lines.extend(piece.lines);
                last.raw.extend(piece.raw);
            }
            _ => entries.push(piece),
        }
    }
    let Some(records) = records_from_entries(entries, headings, lines) else {
        return LabelGrid::Unnamed;
    };
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
    LabelGrid::Form(Reading {
        region,
        records,
        warnings: Vec::new(),
    })
}

/// A form row's label | value pairs. A row drawn in one box (a form ruled
/// only round each block) holds several labels in its left cell, each
/// ending in a colon: each value line goes with the label beside or above it.
fn label_rows(row: &Row, lines: &[PageLine]) -> Vec<Entry> {
    let whole = || Entry {
        label: row.text(0),
        field: type_label(row.text(0).trim_end_matches(':')).map(|(f, _)| f),
        value: row.text(1),
        lines: row.lines.clone(),
        page: row.page,
        bbox: row.bbox,
        raw: row.raw.clone(),
        opens: false,
    };
    let left = &row.cells[0];
    // Where each label starts: the row's first line, and every line after a
    // line that closes a label with its colon.
    let starts: Vec<usize> = (0..left.len())
        .filter(|&i| i == 0 || left[i - 1].text.trim_end().ends_with(':'))
        .collect();
    if starts.len() < 2 || row.last_page != row.page || left.iter().any(|l| l.top <= 0.0) {
        return vec![whole()];
    }
    let tops: Vec<f64> = starts.iter().map(|&i| left[i].top).collect();
    // The label a line at height `top` belongs to (a value's first line sits
    // level with its label; 1 pt covers baseline jitter).
    let owner = |top: f64| tops.iter().rposition(|&t| t <= top + 1.0).unwrap_or(0);
    let mut out: Vec<Entry> = Vec::new();
    for (k, &from) in starts.iter().enumerate() {
        let to = starts.get(k + 1).copied().unwrap_or(left.len());
        let label = join_lines(
            &left[from..to]
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
        );
        let value_lines: Vec<&str> = row.cells[1]
            .iter()
            .filter(|l| owner(l.top) == k)
            .map(|l| l.text.as_str())
            .collect();
        let own: Vec<usize> = row
            .lines
            .iter()
            .copied()
            .filter(|&i| lines[i].line.bbox.is_some_and(|b| owner(b.top) == k))
            .collect();
        let bbox =
            crate::geom::BBox::union_all(own.iter().filter_map(|&i| lines[i].line.bbox.as_ref()));
        out.push(Entry {
            field: type_label(label.trim_end_matches(':')).map(|(f, _)| f),
            label,
            value: join_lines(&value_lines),
            raw: own.iter().map(|&i| lines[i].line.text.clone()).collect(),
            lines: own,
            page: row.page,
            bbox,
            opens: false,
        });
    }
    out
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
                opens: false,
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

/// A row of one line whose first cell is no label and that is set apart as
/// a heading: bold, or alone on its line with the value cell empty
/// ("Sorgbearbetning grupp" over its "Ges av:" row).
fn is_heading_row(row: &Row, lines: &[PageLine]) -> bool {
    let [index] = row.lines[..] else {
        return false;
    };
    let Some(pl) = lines.get(index) else {
        return false;
    };
    let text = pl.line.text.trim();
    let words = text.split_whitespace().count();
    !text.is_empty()
        && !text.contains(':')
        && words <= HEADING_WORDS
        && (row.bold || row.text(1).is_empty())
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
    // Heading rows, where a form has them, are the only sure record starts:
    // a block cut by a page break begins with whatever label came next.
    let headed = entries.iter().any(|e| e.opens);
    let mut groups: Vec<Vec<Entry>> = Vec::new();
    for e in entries {
        let starts = groups.is_empty()
            || e.opens
            || (!headed && e.field == Some(opener))
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

#[cfg(test)]
mod tests {
    use crate::geom::BBox;
    use crate::segment::grid::test_pages::{embolden, page_of};

    /// A block of a label | value form: its name on a line of its own, then
    /// one line per label, the value's wrapped lines under it.
    fn block(top: f64, name: &str, rows: &[(&str, &[&str])]) -> Vec<(f64, Vec<(f64, String)>)> {
        let mut out = vec![(top, vec![(45.0, name.to_string())])];
        let mut y = top + 13.0;
        for (label, value) in rows {
            for (k, line) in value.iter().enumerate() {
                let mut cells = Vec::new();
                if k == 0 {
                    cells.push((45.0, label.to_string()));
                }
                cells.push((180.0, line.to_string()));
                out.push((y, cells));
                y += 13.0;
            }
        }
        out
    }

    fn names_and_documentation(
        lines: Vec<(f64, Vec<(f64, String)>)>,
        rulings: Vec<BBox>,
    ) -> Vec<(String, Option<String>, String)> {
        let lines: Vec<(f64, Vec<(f64, &str)>)> = lines
            .iter()
            .map(|(y, cells)| (*y, cells.iter().map(|(x, t)| (*x, t.as_str())).collect()))
            .collect();
        let mut doc = page_of(&lines, rulings);
        embolden(&mut doc, &["Krisstöd", "Medling"], 12.0);
        super::super::segment(&doc)
            .records
            .iter()
            .map(|r| {
                let documentation = r
                    .fields
                    .get(&crate::vocab::Field::Documentation)
                    .cloned()
                    .unwrap_or_default();
                (r.name.clone(), r.provider.clone(), documentation)
            })
            .collect()
    }

    fn krisstod_and_medling(first: f64, second: f64) -> Vec<(f64, Vec<(f64, String)>)> {
        let mut lines = block(
            first,
            "Krisstöd",
            &[
                ("Ges av:", &["Familjeenheten"]),
                (
                    "Riktar sig till:",
                    &[
                        "Familjer som har kontakt med socialtjänsten och är i någon",
                        "form av kris och har barn i åldrarna 0-21 år.",
                    ],
                ),
                ("Villkor:", &["Folkbokförd i kommunen"]),
                (
                    "Beskrivning:",
                    &[
                        "Stödet består i första hand av ett krissamtal som erbjuds samma",
                        "dag eller inom några dagar efter en krisutlösande händelse.",
                    ],
                ),
                ("Dokumentationskrav:", &["Undantag enligt 14 kap. 4 §."]),
            ],
        );
        lines.extend(block(
            second,
            "Medling",
            &[
                ("Ges av:", &["Familjerätten"]),
                ("Riktar sig till:", &["Ungdomar 12-21 år."]),
                ("Villkor:", &["Folkbokförd i kommunen"]),
                (
                    "Dokumentationskrav:",
                    &["Full dokumentation enligt 14 kap. 3 §."],
                ),
            ],
        ));
        lines
    }

    #[test]
    fn each_label_of_a_borderless_form_opens_its_own_row() {
        // Chromium's borderless form: the label column is narrow, so
        // "Villkor:" would not have fitted after "Riktar sig till:" and
        // looked like its wrapped second line.
        assert_eq!(
            names_and_documentation(krisstod_and_medling(100.0, 260.0), Vec::new()),
            vec![
                (
                    "Krisstöd".to_string(),
                    Some("Familjeenheten".to_string()),
                    "Undantag enligt 14 kap. 4 §.".to_string()
                ),
                (
                    "Medling".to_string(),
                    Some("Familjerätten".to_string()),
                    "Full dokumentation enligt 14 kap. 3 §.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_form_ruled_only_round_each_block_splits_its_labels() {
        // One box per intervention (CSS `border` on the block): the rows of
        // a block are one ruled cell whose left part holds every label.
        let boxed = |top: f64, bottom: f64| {
            vec![
                BBox::new(40.0, top, 560.0, top + 0.5),
                BBox::new(40.0, bottom, 560.0, bottom + 0.5),
                BBox::new(40.0, top, 40.5, bottom),
                BBox::new(560.0, top, 560.5, bottom),
            ]
        };
        let mut rulings = boxed(108.0, 200.0);
        rulings.extend(boxed(268.0, 325.0));
        let read = names_and_documentation(krisstod_and_medling(100.0, 260.0), rulings);
        let names: Vec<&str> = read.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(names, ["Krisstöd", "Medling"]);
        assert_eq!(read[0].1.as_deref(), Some("Familjeenheten"));
        assert_eq!(read[1].2, "Full dokumentation enligt 14 kap. 3 §.");
    }
}
