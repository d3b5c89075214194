//! Grid tables: columns from a header row of known column names, words
//! placed in columns by position, rows from ruling lines or, where the PDF
//! has none, from where the first column starts a new entry. A header row
//! repeated on a new page continues the table; a row cut by a page break is
//! one record.

use super::{numbered_heading, section_title, PageLine, Record};
use crate::geom::BBox;
use crate::layout::{Line, Word};
use crate::normalize::join_lines;
use crate::vocab::{column_field, fold, is_header_row, Field, COLUMN_HEADERS};
use std::collections::BTreeMap;

/// Cell text starts at most this far (points) left of its header's text.
const COLUMN_SLACK: f64 = 4.0;
/// A word ending within this distance of its column's right edge filled the
/// column: when the next line starts in lowercase, the word was broken
/// without a hyphen ("Familjestödsen" / "heten").
const FULL_COLUMN_SLACK: f64 = 1.5;
/// Unruled tables: a vertical step this many times the normal line pitch
/// separates two rows.
const ROW_GAP_FACTOR: f64 = 1.45;

/// Short words that stand alone after a line break; never glued to the
/// previous line's last word.
const FREE_WORDS: &[&str] = &[
    "och", "i", "på", "av", "med", "för", "till", "som", "att", "om", "en", "ett", "den", "det",
    "eller", "samt", "vid", "från", "under", "över",
];

#[derive(Debug, Clone)]
struct Column {
    x0: f64,
    header: String,
    field: Option<Field>,
}

#[derive(Debug, Clone)]
struct CellLine {
    text: String,
    last_x1: f64,
}

#[derive(Debug, Clone)]
struct Row {
    page: u32,
    /// Page of the row's last line (a row may run over a page break).
    last_page: u32,
    section: Option<String>,
    bbox: Option<BBox>,
    cells: Vec<Vec<CellLine>>,
    raw: Vec<String>,
    last_top: f64,
    last_bottom: f64,
    last_key_empty: bool,
}

struct Table {
    columns: Vec<Column>,
    rows: Vec<Row>,
    min_pitch: Option<f64>,
}

impl Table {
    fn column_of(&self, word: &Word) -> usize {
        let x = word.bbox.x0;
        self.columns
            .iter()
            .rposition(|c| x >= c.x0 - COLUMN_SLACK)
            .unwrap_or(0)
    }

    fn left(&self) -> f64 {
        self.columns[0].x0 - COLUMN_SLACK
    }

    /// How many column boundaries a line's words run across without a break:
    /// prose after a table crosses several.
    fn columns_crossed(&self, line: &Line) -> usize {
        let Some(b) = line.bbox else { return 0 };
        self.columns
            .iter()
            .skip(1)
            .filter(|c| b.x0 < c.x0 - COLUMN_SLACK && b.x1 > c.x0 + 10.0)
            .count()
    }

    fn same_columns(&self, other: &[Column]) -> bool {
        self.columns.len() == other.len()
            && self
                .columns
                .iter()
                .zip(other)
                .all(|(a, b)| (a.x0 - b.x0).abs() <= 2.0 * COLUMN_SLACK && a.field == b.field)
    }
}

pub(super) fn segment_tables(lines: &[PageLine], rulings: &BTreeMap<u32, &[BBox]>) -> Vec<Record> {
    let mut records = Vec::new();
    let mut section: Option<String> = None;
    let mut table: Option<Table> = None;
    let mut i = 0;
    while i < lines.len() {
        let pl = lines[i];
        let line = pl.line;
        if line.bbox.is_none() {
            i += 1; // grids need positions; text inputs go through sections
            continue;
        }
        let cells: Vec<&str> = line.segments.iter().map(|s| s.text.as_str()).collect();
        if cells.len() >= 2 && is_header_row(&cells) {
            let (columns, consumed) = read_header(&lines[i..]);
            match table.as_mut() {
                Some(t) if t.same_columns(&columns) => {} // repeated on a new page
                _ => {
                    if let Some(t) = table.take() {
                        records.extend(finish(t));
                    }
                    table = Some(Table {
                        columns,
                        rows: Vec::new(),
                        min_pitch: None,
                    });
                }
            }
            i += consumed;
            continue;
        }
        let single = line.segments.len() == 1;
        let at_left = table.as_ref().is_none_or(|t| {
            line.bbox
                .is_some_and(|b| b.x0 <= t.left() + 2.0 * COLUMN_SLACK)
        });
        let heading_shape = single || (table.is_none() && line.segments.len() <= 3);
        if let Some((number, title)) =
            numbered_heading(&line.text).filter(|_| heading_shape && at_left)
        {
            if let Some(t) = table.take() {
                records.extend(finish(t));
            }
            section = Some(section_title(&number, &title));
            i += 1;
            continue;
        }
        let Some(t) = table.as_mut() else {
            i += 1;
            continue;
        };
        if single && t.columns_crossed(line) >= 2 {
            records.extend(finish(table.take().expect("table is open")));
            i += 1;
            continue;
        }
        place_line(t, pl, line, rulings, &section);
        i += 1;
    }
    if let Some(t) = table.take() {
        records.extend(finish(t));
    }
    records
}

/// Reads a header row and the lines that continue its cells ("Målgrupp och" /
/// "villkor", "BEHOVSPRÖVA" / "D INSATS IDAG" / "Ja/Nej"). Returns the columns
/// and the number of lines used.
fn read_header(lines: &[PageLine]) -> (Vec<Column>, usize) {
    let first = lines[0];
    let mut columns: Vec<Column> = first
        .line
        .segments
        .iter()
        .map(|s| Column {
            x0: s.bbox.map(|b| b.x0).unwrap_or(0.0),
            header: s.text.clone(),
            field: None,
        })
        .collect();
    let mut used = 1;
    for next in &lines[1..] {
        if next.page != first.page {
            break;
        }
        let mut extended = columns.clone();
        let mut all_extend = !next.line.segments.is_empty();
        for seg in &next.line.segments {
            let x = seg.bbox.map(|b| b.x0).unwrap_or(0.0);
            let Some(ci) = columns.iter().rposition(|c| x >= c.x0 - COLUMN_SLACK) else {
                all_extend = false;
                break;
            };
            let current = &extended[ci].header;
            let glued = format!("{current}{}", seg.text);
            let spaced = format!("{current} {}", seg.text);
            // An exact prefix wins over an OCR-tolerant match; spaced over glued.
            let pick = [
                (&spaced, false),
                (&glued, false),
                (&spaced, true),
                (&glued, true),
            ]
            .into_iter()
            .find(|(candidate, fuzzy)| is_header_prefix(candidate, *fuzzy))
            .map(|(c, _)| c.clone());
            match pick {
                Some(text) => extended[ci].header = text,
                None => {
                    all_extend = false;
                    break;
                }
            }
        }
        if !all_extend {
            break;
        }
        columns = extended;
        used += 1;
    }
    for c in &mut columns {
        c.field = column_field(&c.header, false).or_else(|| column_field(&c.header, true));
    }
    (columns, used)
}

/// Whether text is a known column header or the start of one.
fn is_header_prefix(text: &str, fuzzy: bool) -> bool {
    let folded = fold(text);
    COLUMN_HEADERS.iter().any(|(label, _)| {
        label.starts_with(&folded) || (fuzzy && crate::vocab::matches_label(&folded, label))
    })
}

fn place_line(
    t: &mut Table,
    pl: PageLine,
    line: &Line,
    all_rulings: &BTreeMap<u32, &[BBox]>,
    section: &Option<String>,
) {
    let rulings = all_rulings.get(&pl.page).copied().unwrap_or(&[]);
    let Some(bbox) = line.bbox else { return };
    let mut placed: Vec<Vec<&Word>> = vec![Vec::new(); t.columns.len()];
    for seg in &line.segments {
        for word in &seg.words {
            placed[t.column_of(word)].push(word);
        }
    }
    let key_has_text = !placed[0].is_empty();
    let table_left = t.left();
    let table_right = bbox
        .x1
        .max(t.columns.last().map(|c| c.x0).unwrap_or(0.0) + 10.0);
    let new_row = key_has_text
        && match t.rows.last() {
            None => true,
            Some(row) if row.last_page != pl.page => {
                // A ruled row cut by the page break has no border under its
                // last line on the previous page: it goes on here.
                let previous = all_rulings.get(&row.last_page).copied().unwrap_or(&[]);
                let ruled = previous.iter().any(|r| r.width() > r.height());
                let closed = previous.iter().any(|r| {
                    r.width() > r.height()
                        && r.x0 <= table_left + 20.0
                        && r.center_y() > row.last_bottom - 2.0
                });
                // A cell that goes on from the previous page starts mid-phrase.
                let key_starts_lower = placed[0]
                    .first()
                    .and_then(|w| w.text.chars().next())
                    .is_some_and(char::is_lowercase);
                // … or the previous key cell was left open ("Familjerådgivningen:"),
                // or every other cell of this line goes on mid-sentence.
                let key_left_open = row.cells[0]
                    .last()
                    .is_some_and(|l| l.text.trim_end().ends_with([':', '-', '–', ',']));
                let others: Vec<&&Word> = placed[1..].iter().filter_map(|c| c.first()).collect();
                let others_go_on = others.len() >= 2
                    && others
                        .iter()
                        .all(|w| w.text.chars().next().is_some_and(char::is_lowercase));
                !key_starts_lower && !key_left_open && !others_go_on && (!ruled || closed)
            }
            Some(row) => {
                let ruled_page = rulings.iter().any(|r| {
                    r.width() > r.height() && r.x0 <= table_left + 20.0 && r.x1 >= table_left + 40.0
                });
                if ruled_page {
                    rulings.iter().any(|r| {
                        r.width() > r.height()
                            && r.x0 <= table_left + 20.0
                            && r.x1 >= (table_left + table_right) / 2.0 - 1.0
                            && r.center_y() > row.last_bottom - 2.0
                            && r.center_y() < bbox.top + 2.0
                    })
                } else {
                    let pitch = bbox.top - row.last_top;
                    let normal = t.min_pitch.unwrap_or(line.font_size.unwrap_or(10.0) * 1.25);
                    row.last_key_empty || pitch > ROW_GAP_FACTOR * normal
                }
            }
        };
    if let Some(row) = t.rows.last() {
        if !new_row && row.last_page == pl.page {
            let pitch = bbox.top - row.last_top;
            if pitch > 0.5 * line.font_size.unwrap_or(10.0) {
                t.min_pitch = Some(t.min_pitch.map_or(pitch, |m: f64| m.min(pitch)));
            }
        }
    }
    if new_row {
        t.rows.push(Row {
            page: pl.page,
            last_page: pl.page,
            section: section.clone(),
            bbox: None,
            cells: vec![Vec::new(); t.columns.len()],
            raw: Vec::new(),
            last_top: bbox.top,
            last_bottom: bbox.bottom,
            last_key_empty: false,
        });
    }
    let Some(row) = t.rows.last_mut() else {
        return; // text between the header and the first row: not a record
    };
    for (ci, words) in placed.iter().enumerate() {
        if words.is_empty() {
            continue;
        }
        let text = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let last_x1 = words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max);
        row.cells[ci].push(CellLine { text, last_x1 });
    }
    if row.page == pl.page {
        row.bbox = Some(row.bbox.map_or(bbox, |b| b.union(&bbox)));
    }
    row.raw.push(line.text.clone());
    row.last_page = pl.page;
    row.last_top = bbox.top;
    row.last_bottom = bbox.bottom;
    row.last_key_empty = !key_has_text;
}

/// Joins a cell's lines: words broken at the column edge without a hyphen
/// are glued back, the rest goes through [`join_lines`].
fn join_cell(lines: &[CellLine], right_edge: f64) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut previous: Option<&CellLine> = None;
    for line in lines {
        let glue = previous.is_some_and(|prev| {
            let prev_last = prev.text.split_whitespace().last().unwrap_or("");
            let next_first = line.text.split_whitespace().next().unwrap_or("");
            let filled = prev.last_x1 >= right_edge - FULL_COLUMN_SLACK;
            // Only a word too long for the column is broken without a hyphen,
            // and it then stands alone on its line.
            let alone = !prev.text.contains(' ');
            filled
                && alone
                && prev_last.chars().count() >= 3
                && prev_last.chars().last().is_some_and(char::is_alphabetic)
                && next_first.chars().next().is_some_and(char::is_lowercase)
                && !FREE_WORDS.contains(&next_first)
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

/// The intervention's name is the name cell up to its qualifiers: a
/// frequency or quantity line ("1 gång var tredje vecka", "Upp till 6
/// samtal", "- upp till 12 tillfällen"), a new sentence after a full stop,
/// or a new capitalised phrase of several words ("Enskilda samtal" /
/// "Samtal för råd och stöd/ inklusive insatser"). The whole cell stays in
/// `cells`.
fn name_without_qualifier(lines: &[CellLine], right_edge: f64) -> String {
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
    // A first line ending in a dash ("Grinden –") is cut mid-name.
    if let Some(first) = lines
        .first()
        .filter(|l| !l.text.trim_end().ends_with(['-', '–']))
    {
        out.push(fold(first.text.trim_end_matches('.')));
    }
    out
}

fn repeated_units<'a>(cells: impl Iterator<Item = &'a [CellLine]>) -> Vec<String> {
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
fn split_unit(lines: &[CellLine], known_units: &[String]) -> (Option<String>, Vec<CellLine>) {
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
                .filter(|l| !l.text.trim_end().ends_with(['-', '–']))
                .map(|l| l.text.trim_end_matches('.').to_string());
            [sentence, first_line].into_iter().flatten().find(|u| {
                known_units.contains(&fold(u)) && fold(u) != fold(&joined).trim_end_matches('.')
            })
        }
    };
    let Some(unit) = unit else {
        return (None, lines.to_vec());
    };
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

fn clean_name(name: &str) -> String {
    name.trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .trim()
        .to_string()
}

/// Provider cells sometimes start mid-sentence ("erbjudas av Västerås stad …",
/// Sala): the verb phrase is not part of the provider's name.
fn clean_provider(provider: &str) -> String {
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

fn finish(t: Table) -> Vec<Record> {
    let right_edges: Vec<f64> = (0..t.columns.len())
        .map(|ci| {
            t.rows
                .iter()
                .flat_map(|r| r.cells[ci].iter().map(|l| l.last_x1))
                .fold(f64::MIN, f64::max)
        })
        .collect();
    let has_provider_column = t.columns.iter().any(|c| c.field == Some(Field::Provider));
    let name_column = t.columns.iter().position(|c| c.field == Some(Field::Name));
    // A row with nothing in the name column continues the row before it
    // (a cell split oddly by a page break): merged, never dropped.
    let mut rows: Vec<Row> = Vec::new();
    for row in t.rows {
        let nameless = name_column.is_some_and(|ci| row.cells[ci].is_empty());
        match rows.last_mut() {
            Some(prev) if nameless => {
                for (ci, lines) in row.cells.into_iter().enumerate() {
                    prev.cells[ci].extend(lines);
                }
                prev.raw.extend(row.raw);
            }
            _ => rows.push(row),
        }
    }
    let known_units = match name_column {
        Some(ci) if !has_provider_column => {
            repeated_units(rows.iter().map(|r| r.cells[ci].as_slice()))
        }
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for row in rows {
        let mut fields: BTreeMap<Field, String> = BTreeMap::new();
        let mut cells = BTreeMap::new();
        for (ci, column) in t.columns.iter().enumerate() {
            let text = join_cell(&row.cells[ci], right_edges[ci]);
            if let Some(field) = column.field {
                let entry = fields.entry(field).or_default();
                if !text.is_empty() {
                    if !entry.is_empty() {
                        entry.push(' ');
                    }
                    entry.push_str(&text);
                }
            }
            let header = join_lines(&[column.header.as_str()]);
            cells.insert(header, text);
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
            section: row.section,
            fields,
            cells,
            page: row.page,
            bbox: row.bbox,
            raw: row.raw.join("\n"),
        });
    }
    out
}
