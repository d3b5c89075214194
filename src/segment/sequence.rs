//! Reading-order text (plain `pdftotext`, a viewer's copy, a table pasted
//! from Word or a web page one cell per line): a table's or a form's cells
//! come one after another, with no positions to put them in columns. Two
//! readings, for text input only (a PDF's lines come from positions):
//!
//! - [`read_label_blocks`]: forms and headed paragraphs as lines. A label
//!   stands on its own line, opens one ("Label: value", or "Label value"
//!   where the same label stands alone elsewhere), or is the first cell of
//!   a line; its value is what follows until the next label. A block (one
//!   intervention) starts where the label that opened the first block comes
//!   round again; it is named by its name label or, failing one, by the
//!   line just before that label (its heading).
//! - [`read_cell_runs`]: grids as sequences. A header run (consecutive
//!   short pieces that type as column labels, [`type_label`]) gives the
//!   columns; the pieces after it (blank-line separated blocks, or single
//!   lines when the text has no blank lines) are assigned to them by the
//!   best path through the evidence: the header's column count, cells
//!   following each other in column order, where the first column starts
//!   again, and what each column's cells look like (first from the field
//!   its header names, then from what the first pass put there). Repeated
//!   headers are skipped; short lines between rows are group headings (the
//!   following records' section); prose after the table ends it.

use super::table::{clean_name, clean_provider, is_empty_cell, join_sentences, CellLine};
use super::typography::Heading;
use super::{PageLine, Reading, Record, RegionColumn, RegionKind};
use crate::layout::{Line, TEXT_CHAR_WIDTH};
use crate::normalize::join_lines;
use crate::vocab::{fold, is_header_row, label_scores, section_label, type_label, Field};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A column label's text and the field it names, if the vocabulary knows it.
type Label = (String, Option<Field>);

/// A label opening a line has at most this many words.
const MAX_INLINE_LABEL_WORDS: usize = 6;
/// A heading or a name has at most this many words.
const MAX_NAME_WORDS: usize = 12;
/// A form's block (one intervention) has at most this many lines.
const MAX_BLOCK_LINES: usize = 40;
/// A header run has at least this many columns.
const MIN_COLUMNS: usize = 3;
/// A line this long (characters) runs across a page: no table cell in
/// reading order is as wide.
const PAGE_WIDE_LINE: usize = 80;

/// Body lines that follow each other with no blank line between them.
pub(super) fn adjacent(a: &PageLine, b: &PageLine) -> bool {
    a.page == b.page && crate::layout::lines_adjacent(a.line, b.line)
}

/// Two lines of one cell with an empty paragraph between them: adjacent,
/// though the text has a line of spaces between them (see
/// `layout::keeps_soft_breaks`).
fn soft_break(a: &PageLine, b: &PageLine) -> bool {
    adjacent(a, b)
        && a.line
            .source_line
            .zip(b.line.source_line)
            .is_some_and(|(x, y)| y > x.saturating_add(1))
}

pub(super) fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

pub(super) fn starts_upper(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A short line that names something rather than says it: a heading, a
/// name, a group row.
pub(super) fn title_like(text: &str) -> bool {
    let t = text.trim();
    let n = words(t);
    n > 0
        && n <= MAX_NAME_WORDS
        && starts_upper(t)
        && !t.ends_with(['.', ',', ';', ':'])
        && !t.contains(": ")
}

// ---------------------------------------------------------------------------
// Label blocks

/// A label and the value lines after it.
#[derive(Debug, Clone)]
struct Entry {
    label: String,
    field: Field,
    value: Vec<String>,
    lines: Vec<usize>,
}

/// The label a line opens with, and the rest of the line. `known` holds the
/// labels (folded) that stand alone on a line somewhere in the document: a
/// line that starts with one of them and goes on holds its value too
/// ("Beslut om dokumentation Personuppgifter ska inte …").
fn opening_label(
    pl: &PageLine,
    next: Option<&PageLine>,
    known: &BTreeSet<String>,
) -> Option<(Field, String, String)> {
    let line = pl.line;
    let text = line.text.trim();
    if let Some((label, rest)) = text.split_once(':') {
        if words(label) <= MAX_INLINE_LABEL_WORDS {
            if let Some((field, _)) = type_label(label) {
                return Some((field, label.trim().to_string(), rest.trim().to_string()));
            }
        }
    }
    // A label cell and its value cell on one line (layout text): the cells
    // first, or "Utförare Beroendemottagningen" reads as one label.
    if line.segments.len() >= 2 {
        let first = line.segments[0].text.trim();
        let rest = || {
            let rest: Vec<&str> = line.segments[1..].iter().map(|s| s.text.as_str()).collect();
            rest.join(" ")
        };
        if let Some((field, label, _)) = whole_label(first) {
            return Some((field, label, rest()));
        }
        // A label cell wrapped onto the next line whose first part names
        // nothing alone ("Beslut om" / "dokumentation"): typed whole; the
        // loop takes the second part with the next line (label_goes_on).
        let wrapped = next
            .filter(|n| adjacent(pl, n))
            .zip(line.segments[0].bbox)
            .and_then(|(n, b)| label_goes_on(n.line, b.x0))
            .and_then(|(part, _)| whole_label(&format!("{first} {part}")));
        if let Some((field, _, _)) = wrapped {
            return Some((field, first.to_string(), rest()));
        }
    }
    if let Some((field, label, rest)) = whole_label(text) {
        return Some((field, label, rest));
    }
    let folded = fold(text);
    let label = known
        .iter()
        .filter(|k| folded.starts_with(&format!("{k} ")))
        .max_by_key(|k| k.len())?;
    let (field, _) = type_label(label)?;
    let printed: String = text
        .split_whitespace()
        .take(words(label))
        .collect::<Vec<_>>()
        .join(" ");
    let rest: String = text
        .split_whitespace()
        .skip(words(label))
        .collect::<Vec<_>>()
        .join(" ");
    Some((field, printed, rest))
}

/// A value that is itself "Label: value" with a label the vocabulary
/// knows: the value before it was empty. Only the colon form: a value's
/// first words may read as a label without one.
fn label_then_value(value: &str) -> Option<(Field, String, String)> {
    let (label, rest) = value.split_once(':')?;
    let label = label.trim();
    if words(label) == 0 || words(label) > MAX_INLINE_LABEL_WORDS || !starts_upper(label) {
        return None;
    }
    let (field, _) = type_label(label)?;
    Some((field, label.to_string(), rest.trim().to_string()))
}

/// The label (folded) of a "Label: value" line whose label names no field.
fn unknown_label(text: &str) -> Option<String> {
    let (label, value) = text.split_once(':')?;
    let short = (1..=3).contains(&words(label));
    (short && !value.trim().is_empty() && type_label(label).is_none()).then(|| fold(label))
}

/// A line that is nothing but a label ("Målgrupp", "Vem kan få stödet").
fn whole_label(text: &str) -> Option<(Field, String, String)> {
    let t = text.trim().trim_end_matches(':');
    if words(t) == 0 || words(t) > MAX_INLINE_LABEL_WORDS || t.ends_with(['.', ',']) {
        return None;
    }
    section_label(t).filter(|(_, _, rest)| rest.is_empty())
}

/// A label cell wrapped onto the next line of a layout form ("Vem riktar
/// sig" / "insatsen till", "Villkor för" / "deltagande"): the line starts
/// in the label column `label_x`, in lower case, and what follows the label
/// part is the value's next line.
fn label_goes_on(line: &Line, label_x: f64) -> Option<(String, String)> {
    let first = line.segments.first()?;
    let x0 = first.bbox?.x0;
    let lower = first.text.chars().next().is_some_and(char::is_lowercase);
    if (x0 - label_x).abs() > TEXT_CHAR_WIDTH || !lower || words(&first.text) > 3 {
        return None;
    }
    let value: Vec<&str> = line.segments[1..].iter().map(|s| s.text.as_str()).collect();
    Some((first.text.trim().to_string(), value.join(" ")))
}

/// Label entries and the plain lines between them, in order.
#[derive(Debug, Clone)]
enum Item {
    Label(Entry),
    Plain(usize),
}

/// Forms and headed paragraphs printed as lines (see the module comment).
fn read_label_blocks(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for pl in lines {
        if let Some((_, label, _)) = whole_label(&pl.line.text) {
            *counts.entry(fold(&label)).or_default() += 1;
        }
    }
    let known: BTreeSet<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(k, _)| k)
        .collect();
    let mut items: Vec<Item> = Vec::new();
    // The label cell's start of the last label line set as cells, while
    // the lines under it go on.
    let mut label_column: Option<f64> = None;
    for (i, pl) in lines.iter().enumerate() {
        if pl.taken() {
            label_column = None;
            continue;
        }
        if let (Some(x), Some(Item::Label(entry))) = (label_column, items.last_mut()) {
            let after = entry.lines.last().is_some_and(|&l| adjacent(&lines[l], pl));
            if after {
                if let Some((label_part, value)) = label_goes_on(pl.line, x) {
                    let label = format!("{} {label_part}", entry.label);
                    if let Some((field, _)) = type_label(&label) {
                        entry.field = field;
                    }
                    entry.label = label;
                    if !value.is_empty() {
                        entry.value.push(value);
                    }
                    entry.lines.push(i);
                    continue;
                }
            }
        }
        match opening_label(pl, lines.get(i + 1), &known) {
            Some((field, label, rest)) => {
                label_column = (pl.line.segments.len() >= 2)
                    .then(|| pl.line.segments[0].bbox.map(|b| b.x0))
                    .flatten();
                // An empty value and the next label on one line, as plain
                // pdftotext joins them ("Motivering: Insats: Medling",
                // "Villkor för deltagande: Kort om insatsen: …"): two
                // entries, the first empty.
                let (rest, next) = match label_then_value(&rest) {
                    Some((f, l, v)) => (String::new(), Some((f, l, v))),
                    None => (rest, None),
                };
                items.push(Item::Label(Entry {
                    label,
                    field,
                    value: if rest.is_empty() { vec![] } else { vec![rest] },
                    lines: vec![i],
                }));
                if let Some((field, label, value)) = next {
                    items.push(Item::Label(Entry {
                        label,
                        field,
                        value: if value.is_empty() {
                            vec![]
                        } else {
                            vec![value]
                        },
                        lines: vec![i],
                    }));
                }
            }
            None => items.push(Item::Plain(i)),
        }
    }
    let fields: BTreeSet<Field> = items
        .iter()
        .filter_map(|it| match it {
            Item::Label(e) => Some(e.field),
            Item::Plain(_) => None,
        })
        .collect();
    if fields.len() < 3 {
        return Vec::new();
    }
    // The opener: the label every block has. Of the labels found in
    // every block (the most frequent, or nearly), the one whose recurrences
    // cut the form into blocks that fill their labels best; the first to
    // appear on a tie.
    let mut frequency: BTreeMap<Field, usize> = BTreeMap::new();
    let mut order: Vec<Field> = Vec::new();
    for it in &items {
        if let Item::Label(e) = it {
            *frequency.entry(e.field).or_default() += 1;
            if !order.contains(&e.field) {
                order.push(e.field);
            }
        }
    }
    let most = frequency.values().copied().max().unwrap_or(0);
    let mut best: Option<(usize, Vec<Record>)> = None;
    for opener in order {
        let n = frequency.get(&opener).copied().unwrap_or(0);
        if n < 2 || 2 * n < most {
            continue;
        }
        let (score, records) = blocks_opened_by(&items, opener, lines, headings);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, records));
        }
    }
    let Some((_, records)) = best else {
        return Vec::new();
    };
    // One block is no form: a plan's form repeats per intervention.
    if records.len() < 2 {
        return Vec::new();
    }
    vec![Reading::of_records(
        RegionKind::Form,
        records,
        Vec::new(),
        lines,
        Vec::new(),
    )]
}

/// The records of the blocks `opener` starts, and how well they fill their
/// labels (values found, names found).
fn blocks_opened_by(
    items: &[Item],
    opener: Field,
    lines: &[PageLine],
    headings: &[Heading],
) -> (usize, Vec<Record>) {
    // "Benämning: Städning" before every opener: a label the vocabulary
    // does not know that heads each block gives its name.
    let mut before_opener: BTreeMap<String, usize> = BTreeMap::new();
    for w in items.windows(2) {
        if let [Item::Plain(i), Item::Label(e)] = w {
            if e.field == opener {
                if let Some(l) = unknown_label(&lines[*i].line.text) {
                    *before_opener.entry(l).or_default() += 1;
                }
            }
        }
    }
    let heading_labels: BTreeSet<String> = before_opener
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(l, _)| l)
        .collect();

    // Blocks: from one opener to the next; plain lines join the value
    // before them, except the heading line(s) right before an opener.
    let mut blocks: Vec<(Option<usize>, Option<String>, Vec<Entry>)> = Vec::new();
    let mut pending_plain: Vec<usize> = Vec::new();
    let mut section: Option<String> = None;
    let flush_plain = |pending: &mut Vec<usize>,
                       blocks: &mut Vec<(Option<usize>, Option<String>, Vec<Entry>)>,
                       to_value: bool| {
        if let Some(entry) = blocks.last_mut().and_then(|b| b.2.last_mut()) {
            if to_value {
                for &i in pending.iter() {
                    entry.value.push(lines[i].line.text.clone());
                    entry.lines.push(i);
                }
            }
        }
        pending.clear();
    };
    for it in items.iter().cloned() {
        match it {
            Item::Plain(i) => pending_plain.push(i),
            Item::Label(e) if e.field == opener => {
                // The heading: the last plain line, when it reads as one;
                // a title-like line before it (after a break) is a group.
                let heading = pending_plain.last().copied().filter(|&i| {
                    let text = &lines[i].line.text;
                    opener != Field::Name
                        && (title_like(text)
                            || unknown_label(text).is_some_and(|l| heading_labels.contains(&l)))
                });
                let mut group = None;
                if heading.is_some() && pending_plain.len() >= 2 {
                    let g = pending_plain[pending_plain.len() - 2];
                    let text = &lines[g].line.text;
                    let set_apart = pending_plain.len() == 2
                        || !adjacent(&lines[pending_plain[pending_plain.len() - 3]], &lines[g]);
                    if title_like(text)
                        && set_apart
                        && adjacent(&lines[g], &lines[pending_plain[pending_plain.len() - 1]])
                    {
                        group = Some(g);
                    }
                }
                let keep = pending_plain.len()
                    - usize::from(heading.is_some())
                    - usize::from(group.is_some());
                pending_plain.truncate(keep);
                flush_plain(&mut pending_plain, &mut blocks, true);
                if let Some(g) = group {
                    section = Some(lines[g].line.text.trim().to_string());
                } else if heading.is_some() && blocks.is_empty() {
                    section = super::section_before(headings, heading.unwrap_or(0), lines);
                }
                blocks.push((heading, section.clone(), vec![e]));
            }
            Item::Label(e) => {
                flush_plain(&mut pending_plain, &mut blocks, true);
                // A label before the first block belongs to the introduction.
                if let Some(b) = blocks.last_mut() {
                    b.2.push(e);
                }
            }
        }
    }
    // Prose after the last block that is set apart from it is no value.
    if let Some(&first) = pending_plain.first() {
        let last_value_line = blocks
            .last()
            .and_then(|b| b.2.last())
            .and_then(|e| e.lines.last().copied());
        let joined = last_value_line.is_some_and(|l| adjacent(&lines[l], &lines[first]));
        if !joined {
            pending_plain.clear();
        } else {
            let cut = (1..pending_plain.len())
                .find(|&k| !adjacent(&lines[pending_plain[k - 1]], &lines[pending_plain[k]]))
                .unwrap_or(pending_plain.len());
            pending_plain.truncate(cut);
        }
        flush_plain(&mut pending_plain, &mut blocks, true);
    }

    let mut records = Vec::new();
    let mut score = 0;
    for (heading, section, entries) in blocks {
        // Labels one after the other with nothing under them are a
        // header row printed one cell per line, not a form.
        let filled = entries.iter().filter(|e| !e.value.is_empty()).count();
        if 2 * filled < entries.len() {
            continue;
        }
        // A block names a few fields in a few lines each: one label and a
        // page of text under it is a table's header cell, not a form.
        let distinct: BTreeSet<Field> = entries.iter().map(|e| e.field).collect();
        let span = entries.iter().map(|e| e.lines.len()).sum::<usize>();
        if distinct.len() < 2 || span > MAX_BLOCK_LINES {
            continue;
        }
        if let Some(r) = block_record(heading, section, entries, lines) {
            score += filled + 1;
            records.push(r);
        }
    }
    (score, records)
}

fn block_record(
    heading: Option<usize>,
    section: Option<String>,
    entries: Vec<Entry>,
    lines: &[PageLine],
) -> Option<Record> {
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut cells: BTreeMap<String, String> = BTreeMap::new();
    let mut documentation = Vec::new();
    let mut record_lines: Vec<usize> = heading.into_iter().collect();
    let mut raw: Vec<String> = heading
        .map(|h| lines[h].line.text.clone())
        .into_iter()
        .collect();
    let mut name_lines: Vec<String> = Vec::new();
    let mut entries = entries;
    if heading.is_some() {
        // The heading names the intervention: a label that also reads as
        // the name ("Hur insatsen dokumenteras") names what it says next.
        // Failing that it stays in cells only.
        for e in &mut entries {
            if e.field == Field::Name {
                e.field = label_scores(&e.label)
                    .into_iter()
                    .map(|(f, _)| f)
                    .find(|f| *f != Field::Name)
                    .unwrap_or(Field::Comment);
            }
        }
    }
    for e in &entries {
        let text = join_lines(&e.value);
        if e.field == Field::Name && name_lines.is_empty() {
            name_lines = e.value.clone();
        }
        if matches!(e.field, Field::Documentation | Field::Reason) {
            documentation.push(text.clone());
        }
        if !is_empty_cell(&text) {
            let entry = fields.entry(e.field).or_default();
            if !entry.is_empty() {
                entry.push(' ');
            }
            entry.push_str(&text);
        }
        let cell = cells.entry(e.label.clone()).or_default();
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&text);
        record_lines.extend(e.lines.iter().copied());
        raw.extend(e.lines.iter().map(|&i| lines[i].line.text.clone()));
    }
    let name = if name_lines.is_empty() {
        let text = &lines[heading?].line.text;
        match (unknown_label(text), super::numbered_heading(text)) {
            (Some(_), _) => clean_name(text.split_once(':').map_or(text.as_str(), |(_, v)| v)),
            // "2.1 Informationssamtal": the number is the heading's, not the name's.
            (None, Some((_, title))) => clean_name(&title),
            (None, None) => clean_name(text),
        }
    } else {
        name_cell(&name_lines)
    };
    if name.is_empty() {
        return None;
    }
    let joined = join_sentences(&documentation);
    if !joined.is_empty() {
        fields.insert(Field::Documentation, joined);
    }
    fields.insert(Field::Name, name.clone());
    let provider = fields
        .get(&Field::Provider)
        .map(|p| clean_provider(p))
        .filter(|p| !p.is_empty())
        .or_else(|| super::sections::provider_in_text(&raw.join(" ")));
    record_lines.sort_unstable();
    record_lines.dedup();
    let first = *record_lines.first()?;
    Some(Record {
        name,
        provider,
        section,
        fields,
        cells,
        page: lines[first].page,
        bbox: None,
        raw: raw.join("\n"),
        lines: record_lines,
    })
}

/// A name cell's text up to its qualifiers ("Städning" / "1 gång var
/// tredje vecka"), as a grid's name cell is read.
pub(super) fn name_cell(texts: &[String]) -> String {
    super::table::name_without_qualifier(&cell_lines(texts), f64::MAX)
}

/// A cell's lines of text, with no positions (text input has none).
fn cell_lines<'a>(texts: impl IntoIterator<Item = &'a String>) -> Vec<CellLine> {
    texts
        .into_iter()
        .map(|t| CellLine {
            text: t.clone(),
            last_x1: 0.0,
            first_x0: 0.0,
            first_width: 0.0,
            right_edge: 0.0,
            top: 0.0,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Cell runs

/// Lines read together as one cell (or one label).
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub lines: Vec<usize>,
    pub texts: Vec<String>,
    pub text: String,
}

/// A group heading printed right above the first name of its rows
/// ("Missbruk och beroende" / "Sorgbearbetning grupp"): a short title
/// alone, then a title that starts with a capital letter. A name wrapped
/// mid-phrase goes on in lower case, after an open end or in brackets.
fn group_then_name(above: &PageLine, below: &PageLine, piece_lines: usize) -> bool {
    group_over_name(&above.line.text, &below.line.text, piece_lines)
}

/// [`group_then_name`] on the two lines' texts.
fn group_over_name(above: &str, below: &str, piece_lines: usize) -> bool {
    let (a, b) = (above.trim(), below.trim());
    let last = a.split_whitespace().last().map(fold).unwrap_or_default();
    // A name opens with no function word: "Gruppverksamhet" / "Kan erbjudas"
    // / "individuellt." is one cell.
    let first_below = b.split_whitespace().next().map(fold).unwrap_or_default();
    piece_lines == 1
        && !FUNCTION_WORDS.contains(&first_below.as_str())
        && words(a) <= 5
        && title_like(a)
        // Ages and counts are a target group's ("Över 65 + år").
        && !a.chars().any(|c| c.is_ascii_digit())
        && !a.ends_with(['/', '-', '–'])
        && !FUNCTION_WORDS.contains(&last.as_str())
        && b.starts_with(char::is_uppercase)
        && title_like(b)
}

/// The pieces of the body lines: blocks between blank lines, or single
/// lines when `one_per_line`. A line a table took ends a piece.
pub(super) fn pieces(lines: &[PageLine], one_per_line: bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut open = false;
    let x0 = |pl: &PageLine| pl.line.bbox.map_or(0.0, |b| b.x0);
    for (i, pl) in lines.iter().enumerate() {
        if pl.taken() {
            open = false;
            continue;
        }
        // A heading or a column label is a piece of its own, whatever
        // follows it closely.
        // A line in lower case goes on with the one above ("Dokumentation/"
        // / "motivering", "Personuppgifter ska inte" / "dokumenteras i").
        let stands_alone = |pl: &PageLine| {
            let t = pl.line.text.trim();
            super::numbered_heading(t).is_some()
                || (words(t) <= 5
                    && starts_upper(t)
                    && !t.ends_with('.')
                    && !cites_or_counts(t)
                    && type_label(t).is_some())
        };
        let joins = open
            && !one_per_line
            && out
                .last()
                .and_then(|p| p.lines.last())
                .is_some_and(|&prev| {
                    let (above, here) = (&lines[prev].line.text, &pl.line.text);
                    let capitals = |t: &str| in_capitals(t) || is_yes_no_marker(t);
                    // Paragraphs of one cell, an empty one between them (a
                    // Word table's copy: "och unga." / " " / "Stödgrupper
                    // för"), go on; a header repeated at a page top, in
                    // capitals, may follow a cell's last paragraph so.
                    if soft_break(&lines[prev], pl) && !capitals(above) && !in_capitals(here) {
                        return true;
                    }
                    let open = lines[prev].line.text.trim_end().ends_with(['/', '-', ',']);
                    // A unit before the name it gives ("Förebyggande enheten:"
                    // / "Samordnande insats"): the name goes on with it,
                    // though it reads as a label.
                    let opened_by_unit = |t: &str| t.trim_end().ends_with(':');
                    let unit_then_name = opened_by_unit(above) && !opened_by_unit(here);
                    let after_unit = out
                        .last()
                        .and_then(|p| p.texts.first())
                        .is_some_and(|t| opened_by_unit(t))
                        // A line set in starts a cell of its own ("Efter 1
                        // juli:" / "Dokumentation" / " Barn- och").
                        && x0(pl) <= x0(&lines[prev]);
                    // "Dokumenteras" / "på individnivå": a label's second
                    // line; "Dokumenteras Motivering" / "(Ja/Nej)": a
                    // bracket goes on with what it qualifies.
                    // "MÅLGRUPP" / "/KRITERIER": a word after a slash
                    // goes on with the one before it.
                    let lower =
                        pl.line.text.trim_start().starts_with(|c: char| {
                            c.is_lowercase() || matches!(c, '(' | '§' | '/')
                        });
                    // Capitals hide where a label wraps ("BEHOVSPRÖVAD" /
                    // "INSATS IDAG" / "Ja/Nej"): a capitals line goes on in
                    // the next one set in capitals, or in its yes/no answer.
                    // A line of several labels ("INSATS  KATEGORI MÅLGRUPP")
                    // wraps into none and takes no title above it.
                    let several = |t: &str| split_labels(t).is_some_and(|parts| parts.len() > 1);
                    let caps_wrap =
                        in_capitals(above) && capitals(here) && !several(above) && !several(here);
                    adjacent(&lines[prev], pl)
                        && (caps_wrap
                            || unit_then_name
                            || (!stands_alone(pl)
                                && (open || lower || after_unit || !stands_alone(&lines[prev]))
                                && !group_then_name(
                                    &lines[prev],
                                    pl,
                                    out.last().map_or(0, |p| p.lines.len()),
                                )))
                });
        if joins {
            if let Some(p) = out.last_mut() {
                p.lines.push(i);
                p.texts.push(pl.line.text.clone());
                p.text = join_lines(&p.texts);
            }
        } else {
            out.push(Piece {
                lines: vec![i],
                texts: vec![pl.line.text.clone()],
                text: pl.line.text.clone(),
            });
        }
        open = true;
    }
    if one_per_line {
        out
    } else {
        // A name opens a row, and the row's next cell does not go on in
        // lower case: a piece that does ("personliga förhållanden. Vid …")
        // is a cell carried over a page break, and the lines before it are
        // carried over too (001: " Gravida och blivande föräldrar" after
        // the comment, a target group's last paragraph).
        let carried: Vec<bool> = (0..out.len())
            .map(|k| {
                out.get(k + 1)
                    .is_some_and(|next| next.text.trim_start().starts_with(char::is_lowercase))
            })
            .collect();
        out.into_iter()
            .zip(carried)
            .flat_map(|(p, carried)| {
                if carried {
                    vec![p]
                } else {
                    name_after_sentence(p, lines)
                }
            })
            .flat_map(answers_apart)
            .collect()
    }
}

/// A line set in capitals: its first word with letters has two letters or
/// more and none in lower case ("BEHOVSPRÖVAD", "1 JULI Ja/Nej").
fn in_capitals(text: &str) -> bool {
    text.split_whitespace()
        .find(|w| w.chars().any(char::is_alphabetic))
        .is_some_and(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
}

/// The yes/no answer a column label asks for ("Ja/Nej", "(Ja/Nej)").
fn is_yes_no_marker(text: &str) -> bool {
    let t = fold(text.trim().trim_matches(['(', ')']));
    t.split('/').map(str::trim).collect::<Vec<_>>() == ["ja", "nej"]
}

/// Yes/no answers a piece's first line can open with; "ja och nej" (yes
/// for some, no for others) is one answer.
const ANSWERS: &[&str] = &["ja och nej", "ja", "nej"];

/// The answers a line opens with, as printed, and the rest of the line.
fn leading_answers(line: &str) -> (Vec<String>, &str) {
    let mut answers = Vec::new();
    let mut rest = line.trim_start();
    'next: while !rest.is_empty() {
        for answer in ANSWERS {
            let n = answer.len();
            let Some(head) = rest.get(..n) else { continue };
            let ends_word = rest[n..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if ends_word && fold(head) == *answer {
                answers.push(head.to_string());
                rest = rest[n..].trim_start_matches([' ', '.', ',']);
                continue 'next;
            }
        }
        break;
    }
    (answers, rest)
}

/// A cell going on in, or after, a yes/no answer.
const ANSWER_GOES_ON: f64 = 3.0;

/// A piece that is one yes/no answer and nothing else.
fn is_answer(p: &Piece) -> bool {
    let (answers, rest) = leading_answers(&p.text);
    answers.len() == 1 && rest.trim().is_empty()
}

/// Reading order puts short cells side by side on one line ("Nej Nej Nej
/// Saknas skäl", "Ja och nej Ja och nej Nej …"): a piece whose first line
/// opens with two answers or more is that many cells, then the rest.
fn answers_apart(p: Piece) -> Vec<Piece> {
    let Some(first) = p.texts.first() else {
        return vec![p];
    };
    let (answers, rest) = leading_answers(first);
    if answers.len() < 2 {
        return vec![p];
    }
    let line = p.lines[0];
    let mut out: Vec<Piece> = answers
        .into_iter()
        .map(|a| Piece {
            lines: vec![line],
            texts: vec![a.clone()],
            text: a,
        })
        .collect();
    let mut texts: Vec<String> = Vec::new();
    if !rest.trim().is_empty() {
        texts.push(rest.to_string());
    }
    texts.extend(p.texts[1..].iter().cloned());
    if !texts.is_empty() {
        let mut lines = p.lines.clone();
        if rest.trim().is_empty() {
            lines.remove(0);
        }
        out.push(Piece {
            lines,
            text: join_lines(&texts),
            texts,
        });
    }
    out
}

/// Lines a name set in from the cell above may take.
const INDENTED_NAME_LINES: usize = 4;

/// A block whose last lines (three at most, or an indented name's four), after a sentence's end, read as a title
/// ("… hedersrelaterat våld." / "Nätverksmöten"): reading order put the
/// next row's name right under the cell before it, with no blank line.
/// Two pieces; a qualifier (ages, residency) or an open phrase stays.
/// A cell's own paragraphs (a soft break between) stay together.
fn name_after_sentence(p: Piece, lines: &[PageLine]) -> Vec<Piece> {
    let n = p.texts.len();
    let x0 = |j: usize| lines[p.lines[j]].line.bbox.map_or(0.0, |b| b.x0);
    let cut = (n.saturating_sub(INDENTED_NAME_LINES).max(1)..n).find(|&j| {
        if soft_break(&lines[p.lines[j - 1]], &lines[p.lines[j]]) {
            return false;
        }
        let tail = join_lines(&p.texts[j..]);
        let last = tail.split_whitespace().last().map(fold).unwrap_or_default();
        // A cell's first paragraph set in (Word's copy: " Trygghet ur stöd
        // -" under "allmän karaktär.") may be a longer name.
        let indented = x0(j) > x0(j - 1);
        let (max_lines, max_words) = if indented {
            (INDENTED_NAME_LINES, MAX_NAME_WORDS)
        } else {
            (3, 8)
        };
        n - j <= max_lines
            && p.texts[j - 1].trim_end().ends_with('.')
            && p.texts[j].trim_start().starts_with(char::is_uppercase)
            && title_like(&tail)
            && words(&tail) <= max_words
            && !tail.chars().any(|c| c.is_ascii_digit())
            && !CONDITION.is_match(&tail)
            && !DOC.is_match(&tail)
            && !FUNCTION_WORDS.contains(&last.as_str())
    });
    let Some(j) = cut else { return vec![p] };
    let part = |range: std::ops::Range<usize>| {
        let texts = p.texts[range.clone()].to_vec();
        Piece {
            lines: p.lines[range].to_vec(),
            text: join_lines(&texts),
            texts,
        }
    };
    // A group row over the name ("… syftet med insatsen." / "Barn, unga
    // och föräldrar" / "Föräldraskap i Sverige"): a piece each, as they
    // are where a blank line sets them apart from the cell before.
    if j + 1 < n && group_over_name(&p.texts[j], &p.texts[j + 1], 1) {
        return vec![part(0..j), part(j..j + 1), part(j + 1..n)];
    }
    vec![part(0..j), part(j..n)]
}

/// Labels name; they cite no paragraph and count nothing, except in
/// brackets ("Dokumentation (SoL 14 kap.)"): "Dokumenteras enligt 14 kap.
/// 3" is a cell's first line.
fn cites_or_counts(text: &str) -> bool {
    let unbracketed = text.split('(').next().unwrap_or(text);
    unbracketed.chars().any(|c| c.is_ascii_digit() || c == '§')
}

/// Splits a piece into column labels: one label, or several printed on one
/// line ("Aktör Målgrupp/kriterier") when each part names its own field.
/// A part starts with a capital, neither starts nor ends with a function
/// word, and a word ending in "/" goes on in the next.
fn split_labels(text: &str) -> Option<Vec<Label>> {
    let t = text.trim().trim_end_matches(':');
    let n = words(t);
    if n == 0 || n > crate::vocab::MAX_LABEL_WORDS || t.ends_with('.') || t.contains(": ") {
        return None;
    }
    if cites_or_counts(t) {
        return None;
    }
    // A title wrapped mid-phrase ("… behovsprövning och") is no label;
    // "Vem riktar sig insatsen till" is.
    let last = t.split_whitespace().last().map(fold).unwrap_or_default();
    if ["och", "eller", "samt"].contains(&last.as_str()) {
        return None;
    }
    if super::numbered_heading(t).is_some() {
        return None;
    }
    let whole = type_label(t).map(|(f, _)| f);
    let ws: Vec<&str> = t.split_whitespace().collect();
    // Best split into typed parts with distinct fields: most parts wins.
    let mut best: Option<Vec<Label>> = None;
    if ws.len() >= 2 && ws.len() <= 6 {
        let cuts = ws.len() - 1;
        for mask in 1u32..(1 << cuts) {
            let mut parts: Vec<Vec<&str>> = vec![vec![ws[0]]];
            for (k, w) in ws.iter().enumerate().skip(1) {
                if mask & (1 << (k - 1)) != 0 {
                    parts.push(Vec::new());
                }
                if let Some(p) = parts.last_mut() {
                    p.push(w);
                }
            }
            let ok = parts.iter().all(|p| {
                let first = fold(p[0]);
                let last = fold(p[p.len() - 1]);
                starts_upper(p[0])
                    && !FUNCTION_WORDS.contains(&first.as_str())
                    && !FUNCTION_WORDS.contains(&last.as_str())
                    && !p[p.len() - 1].ends_with(['/', '-'])
            });
            if !ok {
                continue;
            }
            let typed: Vec<Label> = parts
                .iter()
                .map(|p| {
                    let s = p.join(" ");
                    let f = type_label(&s).map(|(f, _)| f);
                    (s, f)
                })
                .collect();
            let distinct: BTreeSet<Field> = typed.iter().filter_map(|(_, f)| *f).collect();
            // One part the vocabulary does not know beside one it knows
            // ("Individdokumentation Kommentar/motivering"), when the
            // whole line names nothing; splits of known parts first.
            let untyped = typed.len() - distinct.len();
            let known = typed.iter().filter(|(_, f)| f.is_some()).count();
            let rank = |parts: &[Label]| {
                let unknown = parts.iter().filter(|(_, f)| f.is_none()).count();
                (unknown == 0, parts.len())
            };
            let fits = distinct.len() == known
                && (untyped == 0 || (untyped == 1 && known >= 1 && whole.is_none()));
            if fits && best.as_ref().is_none_or(|b| rank(&typed) > rank(b)) {
                best = Some(typed);
            }
        }
    }
    match best {
        Some(parts) if parts.len() >= 2 => Some(parts),
        _ if whole.is_some() => Some(vec![(t.to_string(), whole)]),
        // An untyped label is a short title ("Benämning").
        _ if n <= 3 && starts_upper(t) => Some(vec![(t.to_string(), None)]),
        _ => None,
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "och", "pa", "for", "till", "av", "i", "att", "som", "kan", "om", "med", "ska", "far", "en",
    "ett", "den", "det", "sig", "vid",
];

/// A column of a cell run.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub header: String,
    pub field: Option<Field>,
    pub typed_by: &'static str,
}

impl Column {
    /// The column as a reading reports it; text has no x positions.
    pub(super) fn region_column(&self) -> RegionColumn {
        RegionColumn {
            header: self.header.clone(),
            field: self.field.map(Field::name),
            typed_by: self.typed_by,
            x0: 0.0,
            x1: 0.0,
        }
    }
}

/// Grids printed as sequences of cells (see the module comment).
fn read_cell_runs(
    lines: &[PageLine],
    headings: &[Heading],
) -> Vec<(std::ops::Range<usize>, Reading)> {
    // Text with blank lines between most lines puts a cell's lines
    // together; text without them has one cell per line.
    let steps = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .count()
        .max(1);
    let blank_steps = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page && !adjacent(&w[0], &w[1]))
        .count();
    let one_per_line = (blank_steps as f64) < 0.1 * steps as f64;
    let pieces = pieces(lines, one_per_line);
    // Text with blank lines between rows but none between a header's
    // labels (a table pasted one cell per line, a blank line after each
    // row) has one cell per line too: its blank lines part rows, not cells.
    let single_lines = (!one_per_line).then(|| self::pieces(lines, true));
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let Some((columns, end)) = header_run(&pieces, i) else {
            i += 1;
            continue;
        };
        // A header printed as one row of cells (layout text) has its
        // columns' positions: the grid reader reads that table, and its
        // lines cut in cells are no sequence.
        let laid_out = pieces[i..end].iter().any(|p| {
            p.lines
                .iter()
                .any(|&l| lines[l].line.segments.len() >= MIN_COLUMNS)
        });
        // A label cell beside its value cell (layout text: "Insatsens namn
        // | Sorgbearbetning individuellt", "Motiv för undantag | -") is a
        // form's line, however its words type: a header run holding one
        // is a form's block, not a grid's header.
        let form_line = pieces[i..end].iter().any(|p| {
            p.lines.iter().any(|&l| {
                let segments = &lines[l].line.segments;
                segments.len() == 2
                    && whole_label(&segments[0].text).is_some()
                    && whole_label(&segments[1].text).is_none()
            })
        });
        if laid_out || form_line {
            i = end;
            continue;
        }
        // A title right above the header names the table's area ("Stöd
        // till äldre"): its rows' section.
        let area = i
            .checked_sub(1)
            .map(|k| &pieces[k])
            .filter(|p| p.lines.len() == 1 && title_like(&p.text))
            .map(|p| p.text.trim().to_string());
        let header_line_by_line = end - i >= MIN_COLUMNS
            && pieces[i..end].iter().all(|p| p.lines.len() == 1)
            && pieces[i..end]
                .windows(2)
                .all(|w| adjacent(&lines[w[0].lines[0]], &lines[w[1].lines[0]]));
        let (reading, next) = match &single_lines {
            Some(single) if header_line_by_line => {
                let after_header = pieces[end - 1].lines[0];
                let start = single
                    .iter()
                    .position(|p| p.lines[0] > after_header)
                    .unwrap_or(single.len());
                let (reading, next) =
                    read_run(single, start, &columns, true, lines, headings, area);
                let next_line = single.get(next).map_or(usize::MAX, |p| p.lines[0]);
                let next = pieces
                    .iter()
                    .position(|p| p.lines[0] >= next_line)
                    .unwrap_or(pieces.len());
                (reading, next)
            }
            _ => read_run(&pieces, end, &columns, one_per_line, lines, headings, area),
        };
        if let Some(r) = reading {
            let from = pieces[i]
                .lines
                .first()
                .copied()
                .unwrap_or(r.region.lines.start);
            out.push((from..r.region.lines.end, r));
        }
        i = next.max(end);
    }
    out
}

/// Text read in reading order: grids as cell runs first; label blocks in
/// what the runs left (a grid's header labels repeated per page are no
/// form).
pub(super) fn read_sequences(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let runs = read_cell_runs(lines, headings);
    let mut free: Vec<PageLine> = lines.to_vec();
    for (span, reading) in &runs {
        if reading.records.iter().any(Record::complete) {
            for pl in &mut free[span.start.min(lines.len())..span.end.min(lines.len())] {
                pl.line = &super::TAKEN;
            }
        }
    }
    let mut out: Vec<Reading> = runs.into_iter().map(|(_, r)| r).collect();
    out.extend(read_label_blocks(&free, headings));
    out
}

/// The header run starting at piece `start`: its columns and the piece
/// after it.
pub(super) fn header_run(pieces: &[Piece], start: usize) -> Option<(Vec<Column>, usize)> {
    let mut per_piece: Vec<Vec<Label>> = Vec::new();
    let mut k = start;
    while k < pieces.len() && per_piece.iter().map(Vec::len).sum::<usize>() <= 12 {
        // `capitals_labels` gives one label or more.
        if let Some((tail, parts)) = capitals_labels(&pieces[k]) {
            match (tail, per_piece.last_mut().and_then(|p| p.last_mut())) {
                (Some(tail), Some(last)) => {
                    last.0 = join_lines(&[last.0.clone(), tail]);
                    last.1 = type_label(&last.0).map(|(f, _)| f).or(last.1);
                }
                (Some(_), None) => break,
                _ => {}
            }
            if repeats_a_label(&per_piece, &parts) {
                break;
            }
            per_piece.push(parts);
            k += 1;
            continue;
        }
        let Some(parts) = split_labels(&pieces[k].text) else {
            // A label that took the lines under it in lower case: the end
            // of the last row of the page before, printed right after the
            // repeated header ("Skäl" / "utvärdera och utveckla" /
            // "verksamheten."). The label ends the run; those lines are a
            // cell's tail, not the header's.
            // The label may take two lines ("Individdokumentation
            // Kommentar/motivering" / "(Ja/Nej)" / "könsfördelning, …").
            let p = &pieces[k];
            let tail = (1..p.texts.len())
                .find(|&j| p.texts[j].trim_start().starts_with(char::is_lowercase));
            let label_then_tail = tail.is_some_and(|j| {
                split_labels(&join_lines(&p.texts[..j]))
                    .filter(|parts| parts.iter().all(|(_, f)| f.is_some()))
                    .map(|parts| per_piece.push(parts))
                    .is_some()
            });
            if label_then_tail {
                k += 1;
            }
            break;
        };
        // A header names each column once: a label coming round again is
        // the next table's header (the end of a repeated header at a page
        // top, an area title, then the next header).
        if repeats_a_label(&per_piece, &parts) {
            break;
        }
        per_piece.push(parts);
        k += 1;
    }
    // Untyped labels lead a header or sit between typed ones: trailing
    // untyped pieces are the first cells.
    while per_piece
        .last()
        .is_some_and(|p| p.iter().all(|(_, f)| f.is_none()))
    {
        per_piece.pop();
        k -= 1;
    }
    let labels: Vec<Label> = per_piece.into_iter().flatten().collect();
    if labels.len() < MIN_COLUMNS {
        return None;
    }
    // An unknown first label is the name column's ("Benämning", "Vad");
    // before a label that names the intervention it is a title above the
    // table ("Stöd till äldre"): the header starts after it.
    // So is one inside the run: labels before it are the tail of a header
    // repeated at a page top, the header after it another table's.
    let title_then_name = labels
        .iter()
        .position(|(_, f)| f.is_none())
        .is_some_and(|u| labels[u + 1..].iter().any(|(_, f)| *f == Some(Field::Name)));
    if title_then_name {
        return None;
    }
    let texts: Vec<&str> = labels.iter().map(|(t, _)| t.as_str()).collect();
    // A header may open with a label the vocabulary does not know
    // ("Benämning", "Vad"), and hold one more among three it knows
    // ("Individdokumentation (Ja/Nej)"); label, value, label, value … is a
    // form, told apart by its labels coming round again with their values.
    let unknown_inside = labels.iter().skip(1).filter(|(_, f)| f.is_none()).count();
    let typed = labels.iter().filter(|(_, f)| f.is_some()).count();
    let grid_with_unknown =
        unknown_inside == 1 && typed >= MIN_COLUMNS && !labels_recur_as_form(pieces, k, &labels);
    if (unknown_inside > 0 && !grid_with_unknown) || typed < 2 || !is_header_row(&texts) {
        return None;
    }
    // Two labels typed alike ("Vem ger insatsen?", "Vilka kan ta del?"):
    // the better-scored keeps the field, the other takes the next field
    // its words point at, or none (kept in cells).
    let mut labels = labels;
    let score = |t: &str, f: Field| {
        label_scores(t)
            .into_iter()
            .find(|(g, _)| *g == f)
            .map_or(0.0, |(_, s)| s)
    };
    for i in 0..labels.len() {
        let Some(f) = labels[i].1 else { continue };
        for j in i + 1..labels.len() {
            if labels[j].1 != Some(f) {
                continue;
            }
            let loser = if score(&labels[j].0, f) > score(&labels[i].0, f) {
                i
            } else {
                j
            };
            let taken: BTreeSet<Field> = labels.iter().filter_map(|(_, g)| *g).collect();
            labels[loser].1 = label_scores(&labels[loser].0)
                .into_iter()
                .map(|(g, _)| g)
                .find(|g| !taken.contains(g));
            if loser == i {
                break;
            }
        }
    }
    let fields: Vec<Option<Field>> = labels.iter().map(|(_, f)| *f).collect();
    let distinct: BTreeSet<Field> = fields.iter().flatten().copied().collect();
    // A label that lost its field to a better one leaves a header of few
    // fields doubtful: label, value, label … with a value the vocabulary
    // half-knows ("Äldreomsorgen") is a form.
    let lost = fields.iter().skip(1).any(Option::is_none);
    if distinct.len() != fields.iter().flatten().count() || (lost && distinct.len() < 4) {
        return None;
    }
    // A header names two things said about an intervention besides its
    // name, one of them its documentation or target group.
    let said = distinct.iter().filter(|f| **f != Field::Name).count();
    if said < 2
        || !(distinct.contains(&Field::Documentation) || distinct.contains(&Field::TargetGroup))
    {
        return None;
    }
    let mut columns: Vec<Column> = labels
        .into_iter()
        .map(|(header, field)| Column {
            header,
            typed_by: if field.is_some() { "header" } else { "none" },
            field,
        })
        .collect();
    if !distinct.contains(&Field::Name) {
        let c = columns.iter().position(|c| c.field.is_none())?;
        columns[c].field = Some(Field::Name);
        columns[c].typed_by = "content";
    }
    Some((columns, k))
}

/// The labels of a piece set in capitals over several lines, where case
/// cannot tell a wrapped label from the next one: a line that splits into
/// several labels ("INSATS  KATEGORI MÅLGRUPP", "ORSAK  KOMMENTAR") holds
/// them; lines of one label each are one label wrapped ("BEHOVSPRÖVAD" /
/// "INSATS IDAG" / "Ja/Nej"); a line opening with a slash, and a line that
/// is no label ("1 JULI    Ja/Nej"), goes on with the label before. A
/// first line opening with a slash ("/KRITERIER", printed after a blank
/// line) ends the previous piece's last label: it is returned apart.
/// None when the piece is not such a piece.
fn capitals_labels(piece: &Piece) -> Option<(Option<String>, Vec<Label>)> {
    if piece.texts.len() < 2
        || !piece
            .texts
            .iter()
            .all(|t| in_capitals(t) || is_yes_no_marker(t) || t.trim_start().starts_with('/'))
    {
        return None;
    }
    let mut texts = piece.texts.iter().map(|t| t.trim()).peekable();
    let tail = texts.next_if(|t| t.starts_with('/')).map(str::to_string);
    // Each label's text, and whether it came from a line of several.
    let mut labels: Vec<(String, bool)> = Vec::new();
    for text in texts {
        let parts = if text.starts_with('/') || is_yes_no_marker(text) {
            None
        } else {
            split_labels(text)
        };
        match (parts, labels.last_mut()) {
            (Some(parts), Some(last)) if parts.len() == 1 && !last.1 => {
                last.0 = join_lines(&[last.0.clone(), text.to_string()]);
            }
            (Some(parts), _) => {
                let several = parts.len() > 1;
                labels.extend(parts.into_iter().map(|(t, _)| (t, several)));
            }
            (None, Some(last)) => last.0 = join_lines(&[last.0.clone(), text.to_string()]),
            (None, None) => return None,
        }
    }
    let parts = labels
        .into_iter()
        .map(|(t, _)| {
            let field = type_label(&t).map(|(f, _)| f);
            (t, field)
        })
        .collect();
    Some((tail, parts))
}

/// Whether one of `parts` is a label already in `so_far` (folded).
fn repeats_a_label(so_far: &[Vec<Label>], parts: &[Label]) -> bool {
    let seen: BTreeSet<String> = so_far.iter().flatten().map(|(t, _)| fold(t)).collect();
    parts.iter().any(|(t, _)| seen.contains(&fold(t)))
}

/// A form prints its labels again for every record, each followed by its
/// value ("Ansvarig" / "Hemtjänst" … "Ansvarig" / "Seniorverksamheten");
/// a grid's header comes again only whole, at a page top, where only its
/// last label is followed by a value. Two of the header's known labels
/// recurring before a value make the pieces from `from` on a form.
fn labels_recur_as_form(pieces: &[Piece], from: usize, labels: &[Label]) -> bool {
    let label_key = |t: &str| fold(t.trim().trim_end_matches(':'));
    let known: BTreeSet<String> = labels
        .iter()
        .filter(|(_, f)| f.is_some())
        .map(|(t, _)| label_key(t))
        .collect();
    let recurring: BTreeSet<String> = pieces
        .get(from..)
        .unwrap_or_default()
        .windows(2)
        .filter_map(|w| {
            let (label, next) = (label_key(&w[0].text), label_key(&w[1].text));
            (known.contains(&label) && !known.contains(&next)).then_some(label)
        })
        .collect();
    recurring.len() >= 2
}

static DOC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)dokumenter|dokumentation|14\s*kap|personuppgift|personlig information|personliga förhållanden|undantag")
        .expect("valid pattern")
});
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d+\s*(-|–|till)?\s*\d*\s*år|år\s*\+|\bvuxn|\bbarn\b|\bunga\b|ungdomar|föräldrar|anhörig|närstående|personer|individer|familjer|kvinnor|män\b")
        .expect("valid pattern")
});
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)folkbokf|bosatt|villkor|samtycke|inskriven|krav").expect("valid pattern")
});
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(enheten|teamet|mottagningen|tjänst|stödet|centrum|verksamheten|gruppen|rådgivningen|boendet|psykiatrin|öppenvården|förvaltningen|kontoret|byrån|huset|konsulenten|ansvarig)\b")
        .expect("valid pattern")
});
static REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)motiv|skäl|bedöm|anonym|karaktär|behöver|syfte").expect("valid pattern")
});

/// How well a piece fits a column that fills `field`, before anything is
/// known about the column's own cells.
pub(super) fn field_fit(field: Option<Field>, p: &Piece) -> f64 {
    let t = p.text.trim();
    let n = words(t);
    let doc = DOC.is_match(t);
    let dash = is_empty_cell(t);
    let folded = fold(t);
    let yes_no = ["ja", "nej"].iter().any(|w| {
        folded == *w || folded.starts_with(&format!("{w} ")) || folded.starts_with(&format!("{w}."))
    });
    let doc_penalty = if doc || yes_no { 2.0 } else { 0.0 };
    match field {
        Some(Field::Name) => {
            // A name says nothing: a short line's full stop is a cell's
            // ("Över 65 + år."). The programmes listed under a name ("-
            // Trygghetscirkeln") are not its words; a unit may lead it
            // ("Familjestödet: Råd och stödsamtal").
            let listed = p.texts.iter().position(|l| {
                let l = l.trim_start();
                ["- ", "– ", "• "].iter().any(|m| l.starts_with(m))
            });
            let head = match listed {
                Some(k) if k > 0 => join_lines(&p.texts[..k]),
                _ => t.to_string(),
            };
            let (t, n) = (head.as_str(), words(&head));
            let unit_then_title = t.split_once(": ").is_some_and(|(unit, name)| {
                words(unit) <= 4
                    && name.starts_with(char::is_alphabetic)
                    && title_like(name.trim_end().trim_end_matches('.'))
            });
            let base = if title_like(t) || unit_then_title {
                2.0
            } else if p.lines.len() == 1 && t.ends_with('.') && !t.ends_with("..") {
                -0.5
            } else if n <= MAX_NAME_WORDS {
                0.3
            } else {
                -2.0
            };
            // A bare answer ("JA", "NEJ") is a yes/no column's cell, never a name.
            let bare_answer = ANSWERS.contains(&folded.trim_end_matches('.'));
            base - doc_penalty - if dash { 3.0 } else { 0.0 } - if bare_answer { 4.0 } else { 0.0 }
        }
        Some(Field::Provider) => {
            let base = if n <= 6 {
                1.2
            } else if n <= 10 {
                0.0
            } else {
                -2.0
            };
            base + if ORG.is_match(t) { 1.0 } else { 0.0 }
                - doc_penalty
                - if dash { 2.0 } else { 0.0 }
        }
        Some(Field::TargetGroup) => {
            (if AGE.is_match(t) { 1.5 } else { 0.2 }) - doc_penalty - if dash { 1.0 } else { 0.0 }
        }
        Some(Field::Conditions) => {
            (if CONDITION.is_match(t) {
                1.5
            } else if AGE.is_match(t) {
                0.8
            } else {
                0.0
            }) - doc_penalty
                + if dash { 0.5 } else { 0.0 }
        }
        Some(Field::Documentation)
        | Some(Field::NeedsAssessed)
        | Some(Field::NeedsAssessedBefore) => {
            if yes_no {
                2.5
            } else if doc {
                2.0
            } else {
                -0.5
            }
        }
        Some(Field::Reason) => {
            if dash {
                2.0
            } else if REASON.is_match(t) {
                1.5
            } else if doc {
                1.0
            } else if n > 8 {
                0.5
            } else {
                -0.5
            }
        }
        Some(Field::LegalBasis) => {
            if t.contains('§') || folded.contains("kap") {
                2.0
            } else if dash {
                1.0
            } else {
                -1.0
            }
        }
        // A comment beside the decision speaks of documentation ("Dokumentation
        // av allmän karaktär. Avidentifierade uppgifter.", 001's KOMMENTAR).
        Some(Field::Comment) => {
            (if n > 6 { 0.8 } else { 0.2 })
                + if dash { 1.0 } else { 0.0 }
                + if doc { 0.5 } else { 0.0 }
        }
        _ => (if n > 6 { 0.8 } else { 0.2 }) + if dash { 1.0 } else { 0.0 } - doc_penalty / 2.0,
    }
}

/// What the first pass put in each column: its words and lengths.
#[derive(Debug, Clone, Default)]
pub(super) struct Profile {
    words: BTreeMap<String, f64>,
    total: f64,
    log_len: Vec<f64>,
}

fn content_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_string)
        .collect()
}

impl Profile {
    /// Log-likelihood ratio of the piece's words under this column against
    /// all columns, per word, and how usual its length is.
    pub(super) fn fit(&self, all: &Profile, p: &Piece) -> f64 {
        if self.total == 0.0 {
            return 0.0;
        }
        let ws = content_words(&p.text);
        let vocab = all.words.len().max(1) as f64;
        let mut llr = 0.0;
        for w in &ws {
            let mine =
                (self.words.get(w).copied().unwrap_or(0.0) + 0.5) / (self.total + 0.5 * vocab);
            let theirs =
                (all.words.get(w).copied().unwrap_or(0.0) + 0.5) / (all.total + 0.5 * vocab);
            llr += (mine / theirs).ln();
        }
        let llr = if ws.is_empty() {
            0.0
        } else {
            (llr / ws.len() as f64).clamp(-2.0, 2.0)
        };
        let n = self.log_len.len().max(1) as f64;
        let mean = self.log_len.iter().sum::<f64>() / n;
        let var = self.log_len.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        let sd = var.sqrt().max(0.5);
        let x = (words(&p.text).max(1) as f64).ln();
        llr - 0.5 * ((x - mean) / sd).powi(2)
    }

    pub(super) fn add(&mut self, p: &Piece) {
        for w in content_words(&p.text) {
            *self.words.entry(w).or_default() += 1.0;
            self.total += 1.0;
        }
        self.log_len.push((words(&p.text).max(1) as f64).ln());
    }
}

/// A piece's place on the best path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Cell(usize),
    Group,
    /// The name of the nameless row before, printed after its cells.
    Late,
    End,
}

/// Skipping a column (an empty cell, or two cells read as one piece).
pub(super) const SKIP: f64 = 1.2;
/// A piece between rows read as a group heading.
const GROUP: f64 = 2.5;
/// The table ends.
const END: f64 = 2.0;
/// A row's name printed after its other cells.
const LATE: f64 = 0.5;

/// Reads the pieces from `start` on as rows of `columns`; returns the
/// reading and the piece after the run.
fn read_run(
    pieces: &[Piece],
    start: usize,
    columns: &[Column],
    one_per_line: bool,
    lines: &[PageLine],
    headings: &[Heading],
    area: Option<String>,
) -> (Option<Reading>, usize) {
    let n = columns.len();
    let header_words: BTreeSet<String> = columns
        .iter()
        .flat_map(|c| {
            fold(&c.header)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    // The run: up to a numbered heading or another header; repeated
    // headers inside it are skipped.
    let mut run: Vec<&Piece> = Vec::new();
    // The run's pieces that are area titles above a repeated header.
    let mut areas: BTreeSet<usize> = BTreeSet::new();
    let mut in_header = false;
    let mut k = start;
    while k < pieces.len() {
        let p = &pieces[k];
        if p.lines.len() == 1 && super::numbered_heading(&p.text).is_some() {
            break;
        }
        let of_header_words =
            |t: &str| fold(t).split_whitespace().all(|w| header_words.contains(w));
        let repeats_header = split_labels(&p.text)
            .is_some_and(|parts| parts.iter().all(|(t, _)| of_header_words(t)))
            || (capitals_labels(p).is_some() && of_header_words(&p.text));
        if repeats_header {
            // Another table's header differs from its first label on; the
            // labels after a repeated header's first are its own tail.
            if !in_header
                && header_run(pieces, k).is_some_and(|(cols, _)| {
                    cols.iter().map(|c| fold(&c.header)).collect::<Vec<_>>()
                        != columns.iter().map(|c| fold(&c.header)).collect::<Vec<_>>()
                })
            {
                break; // another table
            }
            // A title right above a repeated header names the rows under
            // it ("Barn, unga och föräldrar" / "Insats/aktivitet" …), as
            // the one above the first header does.
            let title_above = run.last().is_some_and(|q| {
                q.lines.len() == 1
                    && title_like(&q.text)
                    && words(&q.text) <= 6
                    && split_labels(&q.text).is_none_or(|parts| {
                        parts.iter().any(|(t, _)| {
                            !fold(t).split_whitespace().all(|w| header_words.contains(w))
                        })
                    })
            });
            if title_above && !in_header {
                areas.insert(run.len() - 1);
            }
            in_header = true;
            k += 1;
            continue;
        }
        // A cell's tail carried over the page, printed after the repeated
        // header ("avslut osv) tillsammans med" / …): its row is closed, and
        // a lower-case piece starts no cell. Left out.
        if std::mem::take(&mut in_header) && p.text.trim_start().starts_with(char::is_lowercase) {
            k += 1;
            continue;
        }
        // Prose across the page after the table ends it: reading-order
        // cells wrap at their column's width, a page's text does not
        // ("Uppföljning och revidering" / "Insatserna följs upp årligen. …").
        if !one_per_line && run.len() >= n {
            let mut widths: Vec<usize> = run
                .iter()
                .flat_map(|q| q.texts.iter().map(|t| t.trim().chars().count()))
                .collect();
            widths.sort_unstable();
            let usual = widths[(widths.len() * 95 / 100).min(widths.len() - 1)];
            let widest = p.texts.iter().map(|t| t.trim().chars().count()).max();
            if widest.is_some_and(|w| w > PAGE_WIDE_LINE.max(usual * 9 / 5)) {
                // Its heading right above it goes with it.
                let heading = run.last().is_some_and(|q| {
                    q.lines.len() == 1
                        && title_like(&q.text)
                        && q.lines
                            .last()
                            .zip(p.lines.first())
                            .is_some_and(|(&a, &b)| adjacent(&lines[a], &lines[b]))
                });
                if heading {
                    run.pop();
                    k -= 1;
                }
                break;
            }
        }
        run.push(p);
        k += 1;
    }
    if run.is_empty() {
        return (None, k);
    }
    // A long cell goes on over a blank line (paragraphs inside it); a name
    // or a unit hardly ever does, and one cell per line never.
    let continue_costs: Vec<f64> = columns
        .iter()
        .map(|c| {
            let short = matches!(c.field, Some(Field::Name) | Some(Field::Provider));
            if one_per_line && short {
                // A short title after a name, one cell per line, is the
                // next row's group heading, not the name's second line.
                4.0
            } else if one_per_line || short {
                2.5
            } else {
                1.0
            }
        })
        .collect();
    let name_column = columns.iter().position(|c| c.field == Some(Field::Name));
    let joined: Vec<bool> = (0..run.len())
        .map(|t| {
            t.checked_sub(1).is_some_and(|u| {
                run[u]
                    .lines
                    .last()
                    .zip(run[t].lines.first())
                    .is_some_and(|(&a, &b)| adjacent(&lines[a], &lines[b]))
            })
        })
        .collect();
    let mut profiles: Option<(Vec<Profile>, Profile)> = None;
    let mut path: Vec<State> = Vec::new();
    for _pass in 0..3 {
        let heads_next = heads_next_title(&run, lines, name_width(&run, &path, name_column));
        let emit = |s: State, t: usize| -> f64 {
            let p = run[t];
            if areas.contains(&t) {
                return if s == State::Group {
                    0.5
                } else {
                    f64::NEG_INFINITY
                };
            }
            match s {
                State::Cell(c) => {
                    let prior = field_fit(columns[c].field, p);
                    match &profiles {
                        Some((cols, all)) => prior + cols[c].fit(all, p),
                        None => prior,
                    }
                }
                State::Group => {
                    if heads_next[t] {
                        0.5 + GROUP
                    } else if title_like(&p.text) && words(&p.text) <= 6 && p.lines.len() <= 2 {
                        0.5
                    } else {
                        f64::NEG_INFINITY
                    }
                }
                State::End => 0.0,
                // Scored as the name column's cell (see `viterbi`).
                State::Late => f64::NEG_INFINITY,
            }
        };
        path = viterbi(&run, n, name_column, &continue_costs, &joined, emit);
        let mut cols = vec![Profile::default(); n];
        let mut all = Profile::default();
        for (s, p) in path.iter().zip(&run) {
            if let State::Cell(c) = s {
                cols[*c].add(p);
                all.add(p);
            }
        }
        profiles = Some((cols, all));
    }
    // Rows from the path.
    let mut rows: Vec<(Option<String>, Vec<Vec<&Piece>>)> = Vec::new();
    let mut section: Option<String> = None;
    let mut previous: Option<usize> = None;
    let mut consumed = 0;
    // The last piece was a late name: the next one goes on with it.
    let mut late_open = false;
    for (s, p) in path.iter().zip(&run) {
        if *s != State::Late {
            late_open = false;
        }
        match s {
            State::End => break,
            State::Group => {
                section = Some(p.text.trim().to_string());
                previous = None;
            }
            State::Late => {
                // A name-only row under the group printed above the name:
                // [`names_after_their_cells`] gives it to the nameless row
                // (or rows) before it.
                if let Some(c) = name_column {
                    if !late_open || rows.is_empty() || !joined[consumed] {
                        rows.push((section.clone(), vec![Vec::new(); n]));
                    }
                    if let Some((_, cells)) = rows.last_mut() {
                        cells[c].push(p);
                    }
                }
                late_open = true;
                previous = None;
                consumed += 1;
                continue;
            }
            State::Cell(c) => {
                let new_row = previous.is_none_or(|prev| *c < prev) || rows.is_empty();
                if new_row {
                    rows.push((section.clone(), vec![Vec::new(); n]));
                }
                if let Some((_, cells)) = rows.last_mut() {
                    cells[*c].push(p);
                }
                previous = Some(*c);
            }
        }
        consumed += 1;
    }
    let rows = names_after_their_cells(rows, columns);
    let first_line = run
        .first()
        .and_then(|p| p.lines.first().copied())
        .unwrap_or(0);
    let section_above = area.or_else(|| super::section_before(headings, first_line, lines));
    // Name cells that open with their unit ("Familjecentralerna: Råd och
    // stödsamtal", "Grinden – stödverksamhet för barn och unga. Stödgrupper
    // för barn/unga"), when no column holds the provider: the unit is the
    // provider (see `table::split_unit`).
    let has_provider_column = columns.iter().any(|c| c.field == Some(Field::Provider));
    let name_cells: Vec<Vec<CellLine>> = match name_column {
        Some(ni) if !has_provider_column => rows
            .iter()
            .map(|(_, cells)| cell_lines(cells[ni].iter().flat_map(|p| p.texts.iter())))
            .collect(),
        _ => Vec::new(),
    };
    let known_units = super::table::repeated_units(name_cells.iter().map(Vec::as_slice));
    let mut records = Vec::new();
    for (row, (group, cells)) in rows.into_iter().enumerate() {
        let split = name_column.and_then(|ni| {
            name_joined_to_next_cell(&cells, ni, columns, profiles.as_ref(), lines)
                .map(|parts| (ni, parts))
        });
        let mut cells: Vec<Vec<&Piece>> = cells;
        if let Some((ni, (c, name, rest))) = &split {
            cells[*ni].push(name);
            cells[*c][0] = rest;
        }
        if let Some(mut r) = row_record(
            columns,
            &cells,
            group.or_else(|| section_above.clone()),
            lines,
        ) {
            // The unit opens the name cell as printed; a name cut from the
            // next cell (`split`) has none.
            if let Some(cell) = name_cells.get(row).filter(|_| split.is_none()) {
                let (unit, rest) = super::table::split_unit(cell, &known_units);
                let name = super::table::name_without_qualifier(&rest, f64::MAX);
                if let Some(unit) = unit.filter(|_| !name.is_empty()) {
                    r.provider = Some(unit);
                    r.fields.insert(Field::Name, name.clone());
                    r.name = name;
                }
            }
            records.push(r);
        }
    }
    let next = if consumed == run.len() {
        k
    } else {
        // The run ended early: go on after its last piece.
        pieces
            .iter()
            .position(|p| std::ptr::eq(p, run[consumed]))
            .unwrap_or(k)
    };
    if records.is_empty() {
        return (None, next);
    }
    let region_columns = columns.iter().map(Column::region_column).collect();
    let mut warnings = Vec::new();
    let page = records.first().map_or(0, |r| r.page);
    for c in columns.iter().filter(|c| c.field.is_none()) {
        warnings.push(format!(
            "table on page {page}: column \"{}\" matches no field; kept in cells",
            c.header
        ));
    }
    (
        Some(Reading::of_records(
            RegionKind::Grid,
            records,
            region_columns,
            lines,
            warnings,
        )),
        next,
    )
}

/// Rows with no name followed by as many that are nothing but a name (and
/// its group): reading order printed the name cells, with the group rows
/// above them, after the rows' other cells ("Över 65 + år." / "Hälsa 65+"
/// / "Nej" / … / "Stöd till äldre" / "Aktiviteter – enstaka arrangemang"),
/// at a page's end for all the page's rows that outgrew their name cells.
/// The i-th nameless row takes the i-th name, under that name's group;
/// with fewer names than rows, the last rows take them.
fn names_after_their_cells<'a>(
    rows: Vec<(Option<String>, Vec<Vec<&'a Piece>>)>,
    columns: &[Column],
) -> Vec<(Option<String>, Vec<Vec<&'a Piece>>)> {
    let Some(name) = columns.iter().position(|c| c.field == Some(Field::Name)) else {
        return rows;
    };
    let only_name = |cells: &[Vec<&Piece>]| {
        !cells[name].is_empty()
            && cells
                .iter()
                .enumerate()
                .all(|(c, pieces)| c == name || pieces.is_empty())
    };
    let nameless =
        |cells: &[Vec<&Piece>]| cells[name].is_empty() && cells.iter().any(|p| !p.is_empty());
    let mut out: Vec<(Option<String>, Vec<Vec<&Piece>>)> = Vec::with_capacity(rows.len());
    // The nameless rows at the end of `out`, and the names owed to them.
    let mut waiting: Vec<usize> = Vec::new();
    let mut names: Vec<(Option<String>, Vec<Vec<&Piece>>)> = Vec::new();
    let settle = |out: &mut Vec<(Option<String>, Vec<Vec<&'a Piece>>)>,
                  waiting: &mut Vec<usize>,
                  names: &mut Vec<(Option<String>, Vec<Vec<&'a Piece>>)>| {
        let skip = waiting.len().saturating_sub(names.len());
        let mut named = names.drain(..);
        for &r in &waiting[skip..] {
            if let Some((group, cells)) = named.next() {
                out[r].0 = group;
                out[r].1[name] = cells[name].clone();
            }
        }
        // Names beyond the nameless rows stay rows of their own.
        out.extend(named);
        waiting.clear();
    };
    for (group, cells) in rows {
        if only_name(&cells) && !waiting.is_empty() {
            names.push((group, cells));
            continue;
        }
        if !names.is_empty() {
            settle(&mut out, &mut waiting, &mut names);
        }
        if nameless(&cells) {
            waiting.push(out.len());
        } else {
            waiting.clear();
        }
        out.push((group, cells));
    }
    settle(&mut out, &mut waiting, &mut names);
    out
}

/// A row with no name whose first cell's first line holds the name and
/// the next cell, joined by reading order at one height
/// ("Provtagning/Drogscreening Beroendeenheten" / "(vuxna)"): the line is
/// cut where the next cell starts with a capital, at the cut that fits
/// the name column `ni` and the cell's column best (their fields and what
/// the other rows put in them). Bracketed lines after it go on the name
/// ("(vuxna)"); the other lines stay with the cell. Returns the cell's
/// column, the name and what is left of the cell.
fn name_joined_to_next_cell(
    cells: &[Vec<&Piece>],
    ni: usize,
    columns: &[Column],
    profiles: Option<&(Vec<Profile>, Profile)>,
    lines: &[PageLine],
) -> Option<(usize, Piece, Piece)> {
    let c = (0..cells.len()).find(|&c| !cells[c].is_empty())?;
    if c <= ni {
        return None;
    }
    let p = cells[c][0];
    let first = p.texts.first()?;
    // Layout text keeps a gutter between two cells at one height: a line
    // of several segments is no join of reading order.
    let joined = p
        .lines
        .first()
        .and_then(|&l| lines.get(l))
        .is_some_and(|pl| pl.line.segments.len() <= 1);
    if !joined {
        return None;
    }
    let ws: Vec<&str> = first.split_whitespace().collect();
    let piece_of = |text: &str| Piece {
        lines: p.lines.iter().take(1).copied().collect(),
        texts: vec![text.to_string()],
        text: text.to_string(),
    };
    let fit = |field: Option<Field>, col: usize, text: &str| {
        let q = piece_of(text);
        field_fit(field, &q) + profiles.map_or(0.0, |(cols, all)| cols[col].fit(all, &q))
    };
    let mut best: Option<(f64, usize)> = None;
    for k in 1..ws.len() {
        let left = ws[..k].join(" ");
        let last = fold(ws[k - 1]);
        let cuts = ws[k].starts_with(char::is_uppercase)
            && title_like(&left)
            && !FUNCTION_WORDS.contains(&last.as_str())
            // A phrase broken after its preposition ("… funderar över" /
            // "Personer över 18 år") is a sentence, no name.
            && last != "over"
            && !ws[k - 1].ends_with(['/', '-', '–']);
        if !cuts {
            continue;
        }
        // The name part reads as a name, better than as any cell up to
        // the one it is joined to ("Familjerättsenheten Nej" is a unit and
        // its yes/no, no name).
        // By the fields alone: a profile favours a column of few words for
        // any word it has not seen.
        let q = piece_of(&left);
        let elsewhere = (0..=c)
            .filter(|&o| o != ni)
            .map(|o| field_fit(columns[o].field, &q))
            .fold(f64::NEG_INFINITY, f64::max);
        if field_fit(Some(Field::Name), &q) <= elsewhere {
            continue;
        }
        let score =
            fit(Some(Field::Name), ni, &left) + fit(columns[c].field, c, &ws[k..].join(" "));
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, k));
        }
    }
    let (_, k) = best?;
    let mut name = piece_of(&ws[..k].join(" "));
    let mut rest = piece_of(&ws[k..].join(" "));
    let mut bracket = false;
    for (j, text) in p.texts.iter().enumerate().skip(1) {
        let t = text.trim();
        bracket |= t.starts_with('(');
        let target = if bracket { &mut name } else { &mut rest };
        target.lines.push(p.lines[j]);
        target.texts.push(text.clone());
        if t.contains(')') {
            bracket = false;
        }
    }
    name.text = join_lines(&name.texts);
    rest.text = join_lines(&rest.texts);
    Some((c, name, rest))
}

/// A name of one word under a group row is at least this long
/// ("Gruppverksamhet", "Budgetrådgivning"); a wrapped name's last word
/// often is not ("Mini" / "Maria", "Föräldraträffar" / "ABC").
const NAME_WORD_CHARS: usize = 8;

/// Per piece of the run: a short title printed right above another, with
/// no blank line between ("Missbruk och beroende" / "Enskilda samtal"): a
/// group row over the name of its first row, as reading order prints a
/// row that spans the table. Titles of one word ("Föräldraträffar" /
/// "ABC"), one ending open ("Beroendestöd vid" / "Mini Maria") or one
/// whose next line is a short word ("Beroendestöd vid Mini" / "Maria")
/// are a name wrapped; a name under a group is a word of its own
/// ("Ekonomi och skulder" / "Budgetrådgivning").
///
/// A one-word title over a short word is a group too where the name
/// column (`name_width` characters wide, the widest line of its cells so
/// far) would have had room for that word on the title's line: a name
/// wraps only where its next word does not fit ("Äldreomsorg" / "Inköp",
/// "Stöd till äldre" / "Tvätt").
fn heads_next_title(run: &[&Piece], lines: &[PageLine], name_width: Option<usize>) -> Vec<bool> {
    (0..run.len())
        .map(|t| {
            let (p, Some(next)) = (run[t], run.get(t + 1)) else {
                return false;
            };
            let close = p
                .lines
                .last()
                .zip(next.lines.first())
                .is_some_and(|(&a, &b)| adjacent(&lines[a], &lines[b]));
            let last = p
                .text
                .split_whitespace()
                .last()
                .map(fold)
                .unwrap_or_default();
            p.lines.len() == 1
                && close
                && title_like(&p.text)
                && (2..=6).contains(&words(&p.text))
                && !FUNCTION_WORDS.contains(&last.as_str())
                && title_like(&next.text)
                && (words(&next.text) >= 2
                    || next.text.trim().chars().count() >= NAME_WORD_CHARS
                    || room_on_line(p, next, name_width))
        })
        .collect()
}

/// Whether the first word of `next` would have fitted on `p`'s last line,
/// with room to spare, in a column `width` characters wide: `next` is no
/// wrapped part of `p`.
/// An acronym ("Föräldraträffar" / "ABC") is a name's part whatever the
/// room.
fn room_on_line(p: &Piece, next: &Piece, width: Option<usize>) -> bool {
    let (Some(width), Some(last), Some(word)) =
        (width, p.texts.last(), next.text.split_whitespace().next())
    else {
        return false;
    };
    let acronym = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    // Letters differ in width: a count within a sixth of the widest line
    // may not have fitted ("Beroendestöd vid Mini" / "Maria").
    let needed = last.trim().chars().count() + 1 + word.chars().count();
    !acronym && 6 * needed <= 5 * width
}

/// The name column's width in characters: its cells' widest line on the
/// `path` of the pass before (titles of at most three lines: a cell of
/// prose put there by mistake says nothing of the name column).
fn name_width(run: &[&Piece], path: &[State], name: Option<usize>) -> Option<usize> {
    let name = name?;
    path.iter()
        .zip(run)
        .filter(|(s, p)| **s == State::Cell(name) && p.lines.len() <= 3 && title_like(&p.text))
        .flat_map(|(_, p)| p.texts.iter().map(|t| t.trim().chars().count()))
        .max()
}

/// The best path of states through the pieces (see the module comment).
/// With a name column `name`, a row that started without its name may
/// have it printed after its other cells, alone or under a group row
/// (`State::Late`): reading order put the first column's cell, which the
/// row's cells outgrew in height, after them or at the page end. Each
/// state carries whether the row so far has its name (a group: whether
/// the row before it had none), so a late name only follows a nameless row.
///
/// `joined[t]`: piece `t` follows the one before with no blank line. A late
/// name set apart from the late name before it is the name of another
/// nameless row: a page's rows that outgrew their names have them all
/// printed at the page's end.
fn viterbi(
    run: &[&Piece],
    n: usize,
    name: Option<usize>,
    continue_costs: &[f64],
    joined: &[bool],
    emit: impl Fn(State, usize) -> f64,
) -> Vec<State> {
    // (state, flag): a cell's row has its name; a group follows a nameless row.
    let mut states: Vec<(State, bool)> = Vec::new();
    for c in 0..n {
        states.push((State::Cell(c), false));
        states.push((State::Cell(c), true));
    }
    states.extend([
        (State::Group, false),
        (State::Group, true),
        (State::End, false),
    ]);
    if name.is_some() {
        states.push((State::Late, true));
    }
    let named_at = |j: usize| name == Some(j);
    let trailing = |j: usize| SKIP * (n - 1 - j) as f64;
    let transition = |t: usize, from: Option<(State, bool)>, to: (State, bool)| -> f64 {
        let (ts, tf) = to;
        // Where a row starts, its flag is whether it starts with the name.
        let row_start = |j: usize, cost: f64| {
            if tf == named_at(j) {
                cost
            } else {
                f64::NEG_INFINITY
            }
        };
        match (from, ts) {
            (None, State::Cell(j)) => row_start(j, -SKIP * j as f64),
            (None, State::Group) if !tf => -GROUP,
            (None, _) => f64::NEG_INFINITY,
            (Some((State::Cell(i), f)), State::Cell(j)) if j > i && tf == (f || named_at(j)) => {
                -SKIP * (j - i - 1) as f64
            }
            (Some((State::Cell(i), f)), State::Cell(j)) if j == i && tf == f => -continue_costs[i],
            (Some((State::Cell(i), _)), State::Cell(j)) if j >= i => f64::NEG_INFINITY,
            (Some((State::Cell(i), _)), State::Cell(j)) => {
                row_start(j, -trailing(i) - SKIP * j as f64)
            }
            (Some((State::Cell(i), f)), State::Group) if tf != f => -trailing(i) - GROUP,
            (Some((State::Cell(i), _)), State::End) => -trailing(i) - END,
            (Some((State::Group, _)), State::Cell(j)) => row_start(j, -SKIP * j as f64),
            (Some((State::Group, f)), State::Group) if tf == f => -GROUP,
            (Some((State::Group, true)), State::Late) => -LATE,
            (Some((State::Group, _)), State::End) => -END,
            (Some((State::Late, _)), State::Late) if !joined.get(t).copied().unwrap_or(true) => {
                -LATE
            }
            (Some((State::Late, _)), State::Late) => {
                name.map_or(f64::NEG_INFINITY, |c| -continue_costs[c])
            }
            (Some((State::Late, _)), State::Cell(j)) => row_start(j, -SKIP * j as f64),
            (Some((State::Late, _)), State::Group) if !tf => -GROUP,
            (Some((State::Late, _)), State::End) => -END,
            (Some((State::End, _)), State::End) => 0.0,
            _ => f64::NEG_INFINITY,
        }
    };
    let answers: Vec<bool> = run.iter().map(|p| is_answer(p)).collect();
    let m = states.len();
    let mut score = vec![f64::NEG_INFINITY; m];
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(run.len());
    for (t, piece) in run.iter().enumerate() {
        let mut next = vec![f64::NEG_INFINITY; m];
        let mut from = vec![0usize; m];
        for (si, &s) in states.iter().enumerate() {
            let e = match s.0 {
                // A name says nothing: "Motivering" / "utvärdera och …" /
                // "verksamheten." is a cell's tail.
                State::Late if title_like(&piece.text) => {
                    name.map_or(f64::NEG_INFINITY, |c| emit(State::Cell(c), t))
                }
                State::Late => f64::NEG_INFINITY,
                other => emit(other, t),
            };
            if e == f64::NEG_INFINITY {
                continue;
            }
            if t == 0 {
                next[si] = transition(t, None, s) + e;
                continue;
            }
            for (pi, &ps) in states.iter().enumerate() {
                let mut v = score[pi] + transition(t, Some(ps), s) + e;
                // A yes/no answer is a whole cell: no cell goes on in one,
                // and none goes on after one.
                if matches!((ps.0, s.0), (State::Cell(i), State::Cell(j)) if i == j)
                    && (answers[t] || answers[t - 1])
                {
                    v -= ANSWER_GOES_ON;
                }
                if v > next[si] {
                    next[si] = v;
                    from[si] = pi;
                }
            }
        }
        back.push(from);
        score = next;
    }
    // End after a whole row, or in End.
    let mut best = 0;
    let mut best_score = f64::NEG_INFINITY;
    for (si, &(s, _)) in states.iter().enumerate() {
        let close = match s {
            State::Cell(j) => -trailing(j),
            _ => 0.0,
        };
        if score[si] + close > best_score {
            best_score = score[si] + close;
            best = si;
        }
    }
    let mut path = vec![State::End; run.len()];
    let mut s = best;
    for t in (0..run.len()).rev() {
        path[t] = states[s].0;
        s = back[t][s];
    }
    path
}

pub(super) fn row_record(
    columns: &[Column],
    cells: &[Vec<&Piece>],
    section: Option<String>,
    lines: &[PageLine],
) -> Option<Record> {
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut documentation = Vec::new();
    let mut name = String::new();
    let mut record_lines = Vec::new();
    for (c, column) in columns.iter().enumerate() {
        let cell_texts: Vec<String> = cells[c]
            .iter()
            .flat_map(|p| p.texts.iter().cloned())
            .collect();
        let text = join_lines(&cell_texts);
        record_lines.extend(cells[c].iter().flat_map(|p| p.lines.iter().copied()));
        if column.field == Some(Field::Name) && name.is_empty() {
            name = name_cell(&cell_texts);
        }
        if let Some(f) = column.field {
            if matches!(f, Field::Documentation | Field::Reason) {
                documentation.push(text.clone());
            }
            if !is_empty_cell(&text) {
                let entry = fields.entry(f).or_default();
                if !entry.is_empty() {
                    entry.push(' ');
                }
                entry.push_str(&text);
            }
        }
        let header = if column.header.is_empty() {
            format!("column {}", c + 1)
        } else {
            column.header.clone()
        };
        texts.insert(header, text);
    }
    // A name starts with a capital or a digit: a name cell in lower case is
    // a cell's line read out of its place (reading order interleaving the
    // lines of a row's cells: "återfallsprevention och", "genomförande.
    // Moti"), no intervention.
    if name.is_empty() || name.starts_with(char::is_lowercase) {
        return None;
    }
    // A sentence in the name column and nothing beside it is prose after
    // the table ("Frågor om förteckningen besvaras av …."), not a row.
    let filled = texts.values().filter(|t| !is_empty_cell(t)).count();
    let sentence = cells
        .iter()
        .flatten()
        .any(|p| p.text.trim_end().ends_with('.') && words(&p.text) > 3);
    if filled <= 1 && sentence {
        return None;
    }
    let joined = join_sentences(&documentation);
    if !joined.is_empty() {
        fields.insert(Field::Documentation, joined);
    }
    Record::of_text_lines(name, section, fields, texts, record_lines, lines)
}
