//! Text written one column at a time (OCR of a table read column by
//! column, Sala's plan as text): on each page first all the names, then all
//! the target-group cells, then the contents, …, then the providers, then
//! the documentation cells, blank lines between cells and inside them, and
//! the header labels on the first table page only.
//!
//! The evidence, page by page (a page is a form feed's page, or the text
//! between runs of [`PAGE_GAP`] blank lines):
//! - header labels (single-line cells that type as distinct columns with
//!   [`column_field`]) cut the page into its columns where they are printed;
//! - elsewhere the name column comes first: the run of short title-like
//!   cells that opens the page; its count N is the number of rows;
//! - a page with exactly N cells per column of the header's columns is cut
//!   evenly;
//! - else the other columns are told by what their cells hold: cells that
//!   open with a paragraph label ("Målgrupp:", "Villkor:") are the target
//!   group column, cells that open with documentation wording
//!   ([`DOC_OPENINGS`]) the documentation column, a run of repeated short
//!   cells right before it the providers, the cells in between the
//!   contents. Each column is cut into cells at its own openings (every
//!   "Målgrupp:", every "Undantag …"), so blank lines inside a cell do not
//!   split it;
//! - a column's cells that open in lower case at the top of a page go on
//!   from the previous page's last row.
//!
//! The i-th cell of each column belongs to the i-th name.

use super::table::{clean_name, is_empty_cell};
use super::typography::Heading;
use super::{
    numbered_heading, section_before, PageLine, Reading, Record, RegionColumn, RegionKind,
};
use crate::layout::TEXT_LINE_PITCH;
use crate::normalize::join_lines;
use crate::vocab::{column_field, edit_distance, fold, section_label, Field, MAX_LABEL_WORDS};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// This many blank lines in a row end a page (OCR of a page break leaves
/// two or three; cells and paragraphs are one apart).
const PAGE_GAP: usize = 2;
/// A header chain names at least this many columns.
const MIN_COLUMNS: usize = 3;
/// A page read by content has at least this many names.
const MIN_ROWS: usize = 2;
/// Cells other than documentation cells among a page's documentation
/// column (an OCR fragment) at most.
const MAX_CELLS_AMONG_DOCUMENTATION: usize = 1;
/// A name cell has at most this many lines and words.
const MAX_NAME_LINES: usize = 4;
const MAX_NAME_WORDS: usize = 12;
/// A name's lower-case continuation after a blank line is this short
/// ("Öppen ingång - råd" / "och stöd").
const MAX_NAME_TAIL_WORDS: usize = 3;
/// A provider cell known by its words has at most this many words; one
/// repeated in the next or previous cell at most [`MAX_REPEATED_WORDS`].
const MAX_PROVIDER_WORDS: usize = 8;
const MAX_REPEATED_WORDS: usize = 16;
/// Two cells this similar (OCR reads the same cell a letter apart:
/// "Västerås"/"Visteras") are the same cell repeated.
const SAME_CELL_SIMILARITY: f64 = 0.85;

/// A provider cell repeats one at most this many cells away (the same
/// provider for rows 1 and 3).
const REPEAT_REACH: usize = 3;

/// Words that open the second part of a provider cell after a blank line:
/// it goes on with the cell above.
const PROVIDER_GOES_ON: &[(&str, &str)] = &[
    (
        "eller",
        "… Familjerättsgruppen. / Eller Social- och arbetsmarknadskontoret Sala kommun (004)",
    ),
    ("samt", "… samt Kultur-, idrotts- och fritidsförvaltningen"),
    (
        "tillsammans",
        "… tillsammans med Kultur-, idrotts- och fritidsförvaltningen (004)",
    ),
];

/// How documentation cells open (folded), each with the plan phrase that
/// justifies it.
const DOC_OPENINGS: &[(&str, &str)] = &[
    (
        "undantag",
        "Undantag från dokumentation av personlig information enligt 14 kap 5 § (004)",
    ),
    (
        "full dokumentation",
        "Full dokumentation enligt SoL 14 kap 3 § (004)",
    ),
    (
        "dokumentation enligt",
        "Dokumentation enligt 14 kap. 3 § SoL (f1)",
    ),
    ("dokumenteras", "Dokumenteras enligt SoL (f6)"),
    ("ska dokumenteras", "Ska dokumenteras i genomförande (f2)"),
    ("ska inte dokumenteras", "Ska inte dokumenteras (f2)"),
    (
        "personuppgifter ska",
        "Personuppgifter ska inte dokumenteras i genomförande (f1)",
    ),
    (
        "ingen dokumentation",
        "Ingen dokumentation av personuppgifter",
    ),
];

/// Words of provider cells (folded word endings): the organisation that
/// gives the intervention rather than a sentence about it.
const PROVIDER_WORDS: &[(&str, &str)] = &[
    (
        "kontoret",
        "Social- och arbetsmarknadskontoret Sala kommun (004)",
    ),
    ("enheten", "Familjerättsenheten (f1)"),
    ("mottagningen", "Beroendemottagningen (f1)"),
    ("radgivningen", "Budget- och skuldrådgivningen (f1)"),
    ("centrum", "Anhörigcentrum (f1)"),
    ("forvaltningen", "Socialförvaltningen"),
    (
        "kommun",
        "Social- och arbetsmarknadsko / ntoret Sala / kommun (004, OCR)",
    ),
];

/// Lines read together: no blank line between them.
#[derive(Debug, Clone)]
struct Cell {
    lines: Vec<usize>,
    texts: Vec<String>,
}

impl Cell {
    fn first(&self) -> &str {
        self.texts.first().map_or("", |t| t.trim())
    }

    fn text(&self) -> String {
        join_lines(&self.texts)
    }

    fn words(&self) -> usize {
        self.texts
            .iter()
            .map(|t| t.split_whitespace().count())
            .sum()
    }

    /// Opens with a lower-case letter: goes on from something above.
    fn opens_lower(&self) -> bool {
        self.first().chars().next().is_some_and(char::is_lowercase)
    }

    fn opens_upper(&self) -> bool {
        self.first().chars().next().is_some_and(char::is_uppercase)
    }

    fn merge(&mut self, other: &Cell) {
        self.lines.extend(&other.lines);
        self.texts.extend(other.texts.iter().cloned());
    }
}

/// Blank lines between two body lines that follow each other; `None` when
/// a page break or a missing position lies between.
fn blank_lines_between(a: &PageLine, b: &PageLine) -> Option<usize> {
    let (x, y) = (a.line.bbox?, b.line.bbox?);
    if a.page != b.page {
        return None;
    }
    let steps = ((y.top - x.top) / TEXT_LINE_PITCH).round();
    Some((steps.max(1.0) as usize).saturating_sub(1))
}

/// A line that opens with a word's one- or two-letter tail and a full stop
/// ("n. Västerås stad inom", "n. erbjudas av"); the rest of the line.
static JOINED_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Ll}{1,2}\.\s+(\S.*)$").expect("valid pattern"));

/// The body's pages, each as its cells.
fn pages(lines: &[PageLine]) -> Vec<Vec<Cell>> {
    let mut pages: Vec<Vec<Cell>> = Vec::new();
    let mut page: Vec<Cell> = Vec::new();
    let mut previous: Option<usize> = None;
    for (i, pl) in lines.iter().enumerate() {
        if pl.taken() || pl.line.text.trim().is_empty() {
            continue;
        }
        let mut gap = previous.and_then(|p| blank_lines_between(&lines[p], pl));
        let mut text = pl.line.text.clone();
        // The layout joins a lone "n." (a word's tail OCR set on a line of
        // its own: "Familjerättsgruppe" / "n.") to the line after the blank
        // line below it: its row is no blank line, and it opens no cell.
        if let (Some(caps), Some(g)) = (JOINED_TAIL.captures(&pl.line.text), gap) {
            if g >= 1 {
                gap = Some(g - 1);
                text = caps[1].to_string();
            }
        }
        match gap {
            Some(0) => {
                if let Some(cell) = page.last_mut() {
                    cell.lines.push(i);
                    cell.texts.push(text);
                }
            }
            Some(g) if g < PAGE_GAP => page.push(Cell {
                lines: vec![i],
                texts: vec![text],
            }),
            _ => {
                if !page.is_empty() {
                    pages.push(std::mem::take(&mut page));
                }
                page.push(Cell {
                    lines: vec![i],
                    texts: vec![text],
                });
            }
        }
        previous = Some(i);
    }
    if !page.is_empty() {
        pages.push(page);
    }
    pages
}

fn opens_documentation(cell: &Cell) -> bool {
    let first = fold(cell.first());
    DOC_OPENINGS.iter().any(|(o, _)| first.starts_with(o))
}

/// The field of the paragraph label a cell opens with ("Målgrupp: …").
fn opening_label(cell: &Cell) -> Option<Field> {
    let first = cell.first();
    let (label, _) = first.split_once(':')?;
    if label.split_whitespace().count() > 3 {
        return None;
    }
    section_label(first).map(|(f, _, _)| f)
}

/// A single-line cell that names a column ("Målgrupp och villkor",
/// "Utförare"), and the field it names.
fn header_field(cell: &Cell) -> Option<Field> {
    if cell.texts.len() != 1 {
        return None;
    }
    let t = cell.first();
    if t.split_whitespace().count() > MAX_LABEL_WORDS
        || t.ends_with('.')
        || numbered_heading(t).is_some()
    {
        return None;
    }
    column_field(t)
}

/// A short title-like cell: a name, or a name's continuation.
fn name_like(cell: &Cell) -> bool {
    let t = cell.text();
    cell.texts.len() <= MAX_NAME_LINES
        && cell.words() <= MAX_NAME_WORDS
        && !cell
            .texts
            .iter()
            .any(|l| l.trim_end().ends_with(['.', ',', ';', ':']))
        && !t.contains(": ")
        && !t.contains("://")
        && !t.contains("www.")
        && !opens_documentation(cell)
        && opening_label(cell).is_none()
}

/// Whether `next` (after a blank line) goes on with the name `name`: a
/// name broken after "/" or "-", a bracket ("(Föräldrar)"), a few
/// lower-case words ("och stöd").
fn continues_name(name: &Cell, next: &Cell) -> bool {
    let end = name.texts.last().map_or("", |t| t.trim_end());
    end.ends_with(['/', '-', '–'])
        || next.first().starts_with('(')
        || (next.opens_lower() && next.words() <= MAX_NAME_TAIL_WORDS)
}

/// The name column at the start of `cells`: the names (continuations
/// merged), the index after the run, and the lower-case cells right after
/// the last name (the next column going on from the previous page).
fn name_run(cells: &[Cell], max: Option<usize>) -> (Vec<Cell>, usize, Vec<Cell>) {
    let mut names: Vec<Cell> = Vec::new();
    let mut trailing: Vec<Cell> = Vec::new();
    let mut i = 0;
    'cells: while i < cells.len() {
        let c = &cells[i];
        if opens_documentation(c) || opening_label(c).is_some() {
            break;
        }
        if name_like(c) {
            for piece in split_after_bracket(c) {
                let goes_on = names.last().is_some_and(|n| continues_name(n, &piece));
                if goes_on && trailing.is_empty() {
                    if let Some(last) = names.last_mut() {
                        last.merge(&piece);
                    }
                } else if piece.opens_upper()
                    || piece.first().starts_with(|ch: char| ch.is_ascii_digit())
                {
                    if max.is_some_and(|m| names.len() >= m) {
                        break 'cells;
                    }
                    names.push(piece);
                    trailing.clear();
                } else {
                    trailing.push(piece);
                }
            }
        } else if c.opens_upper() {
            break;
        } else if !names.is_empty() {
            // A fragment: OCR put part of a neighbouring cell here.
            trailing.push(c.clone());
        }
        i += 1;
    }
    (names, i, trailing)
}

/// A name cell that OCR ran into the next name with no blank line between:
/// "(15-21 år)" / "Provtagning/" — a name ends with its bracket.
fn split_after_bracket(cell: &Cell) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for (k, (&line, text)) in cell.lines.iter().zip(&cell.texts).enumerate() {
        let after_bracket = k > 0 && cell.texts[k - 1].trim_end().ends_with(')');
        let upper = text
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        match out.last_mut() {
            Some(piece) if !(after_bracket && upper) => {
                piece.lines.push(line);
                piece.texts.push(text.clone());
            }
            _ => out.push(Cell {
                lines: vec![line],
                texts: vec![text.clone()],
            }),
        }
    }
    out
}

/// One column of a page: its field, header and cells.
#[derive(Debug, Clone)]
struct Column {
    field: Field,
    header: String,
    cells: Vec<Cell>,
}

/// At most this many header candidates on a page are weighed against each
/// other (every ordered choice of them).
const MAX_HEADER_CANDIDATES: usize = 14;

/// The header labels printed on the page: (cell index, field, header),
/// a chain of distinct fields that starts with the name column, each with
/// cells under it. Of the chains with the most columns, the one whose
/// columns hold the most even counts of cells: a cell that reads like a
/// label ("Motivationsgrupp", a name) splits a column unevenly.
fn header_chain(cells: &[Cell]) -> Option<Vec<(usize, Field, String)>> {
    let candidates: Vec<(usize, Field, String)> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| header_field(c).map(|f| (i, f, c.first().to_string())))
        .take(MAX_HEADER_CANDIDATES)
        .collect();
    let mut best: Option<(usize, usize, Vec<usize>)> = None;
    let mut chain: Vec<usize> = Vec::new();
    search_chains(&candidates, cells.len(), 0, true, &mut chain, &mut best);
    if let Some((_, _, picked)) = best {
        return Some(picked.into_iter().map(|k| candidates[k].clone()).collect());
    }
    // A name header no label word types ("Vad"): the cell as far above the
    // first typed header as that column's cells reach below it.
    search_chains(&candidates, cells.len(), 0, false, &mut chain, &mut best);
    let (_, _, picked) = best?;
    let mut typed: Vec<(usize, Field, String)> =
        picked.into_iter().map(|k| candidates[k].clone()).collect();
    let first = typed.first()?.0;
    let rows = typed.get(1).map_or(cells.len(), |c| c.0) - first - 1;
    let at = first.checked_sub(rows + 1)?;
    let header = &cells[at];
    let short = header.texts.len() == 1
        && header.words() <= MAX_LABEL_WORDS
        && !header.first().ends_with('.')
        && header_field(header).is_none();
    if !short || rows == 0 {
        return None;
    }
    typed.insert(0, (at, Field::Name, header.first().to_string()));
    Some(typed)
}

/// Depth-first over the ordered choices of `candidates` from `from` on,
/// keeping in `best` the chain with the most columns, then the least
/// spread of column lengths (most, spread, candidate indices).
fn search_chains(
    candidates: &[(usize, Field, String)],
    cell_count: usize,
    from: usize,
    name_first: bool,
    chain: &mut Vec<usize>,
    best: &mut Option<(usize, usize, Vec<usize>)>,
) {
    // Without its name header a chain is one column short.
    let min = if name_first {
        MIN_COLUMNS
    } else {
        MIN_COLUMNS - 1
    };
    if chain.len() >= min {
        let starts: Vec<usize> = chain.iter().map(|&k| candidates[k].0).collect();
        let lengths: Vec<usize> = starts
            .iter()
            .enumerate()
            .map(|(j, &s)| starts.get(j + 1).copied().unwrap_or(cell_count) - s - 1)
            .collect();
        let spread = lengths.iter().max().unwrap_or(&0) - lengths.iter().min().unwrap_or(&0);
        let better = match best {
            None => true,
            Some((n, sp, _)) => chain.len() > *n || (chain.len() == *n && spread < *sp),
        };
        if better {
            *best = Some((chain.len(), spread, chain.clone()));
        }
    }
    for k in from..candidates.len() {
        let (i, field, _) = &candidates[k];
        let fits = match chain.last() {
            None => (*field == Field::Name) == name_first,
            Some(&last) => {
                *i > candidates[last].0 + 1 && !chain.iter().any(|&c| candidates[c].1 == *field)
            }
        };
        if fits {
            chain.push(k);
            search_chains(candidates, cell_count, k + 1, name_first, chain, best);
            chain.pop();
        }
    }
}

/// A page whose header comes round again (one table per group, each with
/// its header: "1. Våld och utsatthet" / "Vad" / … ) cut where the name
/// header starts again, each part without the group heading that ends it.
fn header_sections(cells: &[Cell]) -> Vec<&[Cell]> {
    let Some(chain) = header_chain(cells) else {
        return vec![cells];
    };
    let name_header = fold(&chain[0].2);
    let starts: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| header_field(c) == Some(Field::Name) && fold(c.first()) == name_header)
        .map(|(i, _)| i)
        .collect();
    if starts.len() < 2 {
        return vec![cells];
    }
    let mut parts = vec![&cells[..starts[0]]];
    for (k, &start) in starts.iter().enumerate() {
        let mut end = starts.get(k + 1).copied().unwrap_or(cells.len());
        while end > start + 1
            && starts.get(k + 1).is_some()
            && cells[end - 1].texts.len() == 1
            && numbered_heading(cells[end - 1].first()).is_some()
        {
            end -= 1;
        }
        parts.push(&cells[start..end]);
    }
    parts
}

/// The page cut at its header labels.
fn columns_under_headers(cells: &[Cell], chain: &[(usize, Field, String)]) -> Vec<Column> {
    chain
        .iter()
        .enumerate()
        .map(|(k, (start, field, header))| {
            let end = chain.get(k + 1).map_or(cells.len(), |c| c.0);
            Column {
                field: *field,
                header: header.clone(),
                cells: cells[start + 1..end].to_vec(),
            }
        })
        .collect()
}

/// Repeated short cells or organisation words: a provider.
fn provider_like(cells: &[Cell], i: usize) -> bool {
    let c = &cells[i];
    if opens_documentation(c) {
        return false;
    }
    let folded = fold(&c.text());
    let near = i.saturating_sub(REPEAT_REACH)..(i + REPEAT_REACH + 1).min(cells.len());
    let repeated = near
        .filter(|&j| j != i)
        .any(|j| similarity(&fold(&cells[j].text()), &folded) >= SAME_CELL_SIMILARITY);
    let organisation = folded
        .split(|ch: char| !ch.is_alphanumeric())
        .any(|w| PROVIDER_WORDS.iter().any(|(e, _)| w.ends_with(e)));
    (repeated && c.words() <= MAX_REPEATED_WORDS)
        || (organisation && c.words() <= MAX_PROVIDER_WORDS)
}

/// 1 − normalised edit distance.
fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f64 / longest as f64
}

/// A provider cell's second part ("Eller Social- och …").
fn provider_goes_on(cell: &Cell) -> bool {
    let first = fold(cell.first());
    let word = first.split_whitespace().next().unwrap_or("");
    PROVIDER_GOES_ON.iter().any(|(w, _)| *w == word)
}

/// The columns after the names, told by what their cells hold.
fn columns_by_content(rest: &[Cell], headers: &[(Field, String)]) -> Vec<Column> {
    let header_of = |field: Field| {
        headers
            .iter()
            .find(|(f, _)| *f == field)
            .map_or_else(|| field.name().to_string(), |(_, h)| h.clone())
    };
    let column = |field: Field, cells: &[Cell]| Column {
        field,
        header: header_of(field),
        cells: cells.to_vec(),
    };
    let Some(first_doc) = rest.iter().position(opens_documentation) else {
        return Vec::new();
    };
    let labelled: Vec<usize> = (0..first_doc)
        .filter(|&i| {
            matches!(
                opening_label(&rest[i]),
                Some(Field::TargetGroup | Field::Conditions)
            )
        })
        .collect();
    // The documentation column going on from the previous page opens it.
    let mut doc_start = first_doc;
    while doc_start > 0 && rest[doc_start - 1].opens_lower() && !provider_like(rest, doc_start - 1)
    {
        doc_start -= 1;
    }
    let mut provider_start = doc_start;
    while provider_start > 0 && provider_like(rest, provider_start - 1) {
        provider_start -= 1;
    }
    let mut columns = Vec::new();
    let mut description_start = 0;
    if let (Some(&first), Some(&last)) = (labelled.first(), labelled.last()) {
        if last < provider_start {
            let field = opening_label(&rest[first]).unwrap_or(Field::TargetGroup);
            columns.push(column(field, &rest[first..=last]));
            description_start = last + 1;
        }
    }
    if description_start < provider_start {
        columns.push(column(
            Field::Description,
            &rest[description_start..provider_start],
        ));
    }
    if provider_start < doc_start {
        columns.push(column(Field::Provider, &rest[provider_start..doc_start]));
    }
    columns.push(column(Field::Documentation, &rest[doc_start..]));
    columns
}

/// A column's cells grouped into one unit per row where its openings say
/// where rows start; `None` when the count cannot be told.
fn units(column: &Column, rows: usize) -> Option<Vec<Vec<Cell>>> {
    let cells = &column.cells;
    if cells.len() == rows {
        return Some(cells.iter().map(|c| vec![c.clone()]).collect());
    }
    let opens: Box<dyn Fn(&Cell) -> bool> = match column.field {
        Field::Documentation => Box::new(opens_documentation),
        Field::TargetGroup | Field::Conditions => {
            let label = cells.iter().find_map(opening_label)?;
            Box::new(move |c: &Cell| opening_label(c) == Some(label))
        }
        Field::Provider => Box::new(|c: &Cell| !provider_goes_on(c)),
        Field::Name => return None,
        _ => Box::new(|c: &Cell| !c.opens_lower()),
    };
    let mut out: Vec<Vec<Cell>> = Vec::new();
    for c in cells {
        match out.last_mut() {
            Some(unit) if !opens(c) => unit.push(c.clone()),
            _ => out.push(vec![c.clone()]),
        }
    }
    match column.field {
        // Rows are in order: the cells that open rows are the rows' from
        // the top.
        Field::Documentation | Field::TargetGroup | Field::Conditions | Field::Provider => {
            Some(out)
        }
        _ => (out.len() == rows).then_some(out),
    }
}

/// A column's field and header with cells of it.
type ColumnCells = (Field, String, Vec<Cell>);

/// A page read: its names, its other columns, and the cells after the
/// names that go on from the previous page.
type PageColumns = (Vec<Cell>, Vec<Column>, Vec<Cell>);

/// One row being read: its name and, per column, its cells.
#[derive(Debug, Clone)]
struct Row {
    name: Cell,
    columns: Vec<ColumnCells>,
}

impl Row {
    fn add(&mut self, field: Field, header: &str, cells: Vec<Cell>) {
        match self.columns.iter_mut().find(|(f, _, _)| *f == field) {
            Some((_, _, existing)) => existing.extend(cells),
            None => self.columns.push((field, header.to_string(), cells)),
        }
    }
}

/// Reads one page: its rows, and the cells that go on from the previous
/// page's last row.
fn read_page(
    cells: &[Cell],
    headers: &mut Vec<(Field, String)>,
) -> Option<(Vec<Row>, Vec<ColumnCells>)> {
    // A header run (labels one after another) is a table written row by
    // row, not column by column.
    let header_run = cells.windows(MIN_COLUMNS).any(|w| {
        let fields: Vec<Option<Field>> = w.iter().map(header_field).collect();
        fields.iter().all(Option::is_some)
            && fields
                .iter()
                .enumerate()
                .all(|(k, f)| !fields[..k].contains(f))
    });
    if header_run {
        return None;
    }
    let (names, columns, trailing) = if let Some(chain) = header_chain(cells) {
        *headers = chain.iter().map(|(_, f, h)| (*f, h.clone())).collect();
        let mut columns = columns_under_headers(cells, &chain);
        let name_column = columns.remove(0);
        let (names, _, _) = name_run(&name_column.cells, None);
        (names, columns, Vec::new())
    } else if let Some(read) = read_by_content(cells, headers) {
        read
    } else {
        even_cut(cells, headers)?
    };
    if names.is_empty() || columns.is_empty() {
        return None;
    }
    let n = names.len();
    let mut rows: Vec<Row> = names
        .into_iter()
        .map(|name| Row {
            name,
            columns: Vec::new(),
        })
        .collect();
    let mut carried = Vec::new();
    if let (false, Some(first)) = (trailing.is_empty(), columns.first()) {
        carried.push((first.field, first.header.clone(), trailing));
    }
    for mut column in columns {
        // The top of a column going on from the previous page.
        let lead = column.cells.iter().take_while(|c| c.opens_lower()).count();
        if lead > 0 && column.field != Field::Name {
            let top: Vec<Cell> = column.cells.drain(..lead).collect();
            carried.push((column.field, column.header.clone(), top));
        }
        let Some(units) = units(&column, n) else {
            continue;
        };
        for (row, unit) in rows.iter_mut().zip(units) {
            row.add(column.field, &column.header, unit);
        }
    }
    Some((rows, carried))
}

/// A page without header labels read by what its cells hold: names
/// first, as many documentation cells as names (give or take one) in one
/// run.
fn read_by_content(cells: &[Cell], headers: &[(Field, String)]) -> Option<PageColumns> {
    let (names, after, trailing) = name_run(cells, None);
    // As many documentation cells as names, give or take one (a cell
    // OCR lost, one going on from the page before): the rows are the
    // names.
    let documentation = cells[after..]
        .iter()
        .filter(|c| opens_documentation(c))
        .count();
    // And they follow each other, as one column's cells do; a row's
    // cells between them are a table written row by row.
    let doc_at: Vec<usize> = (after..cells.len())
        .filter(|&i| opens_documentation(&cells[i]))
        .collect();
    let between = match (doc_at.first(), doc_at.last()) {
        (Some(&first), Some(&last)) => last + 1 - first - doc_at.len(),
        _ => 0,
    };
    if between > MAX_CELLS_AMONG_DOCUMENTATION {
        return None;
    }
    if names.len() < MIN_ROWS || documentation + 1 < names.len() || documentation > names.len() + 1
    {
        return None;
    }
    let columns = columns_by_content(&cells[after..], headers);
    Some((names, columns, trailing))
}

/// A page without header labels that holds exactly N cells per column of
/// the header seen before, its first N cells names: cut evenly.
fn even_cut(cells: &[Cell], headers: &[(Field, String)]) -> Option<PageColumns> {
    let k = headers.len();
    if k < MIN_COLUMNS || headers.first().map(|h| h.0) != Some(Field::Name) {
        return None;
    }
    if cells.is_empty() || cells.len() % k != 0 {
        return None;
    }
    let n = cells.len() / k;
    let names = &cells[..n];
    let (run, after, _) = name_run(cells, Some(n));
    if run.len() != n || after != n || name_like_after(cells, n) {
        return None;
    }
    let columns = headers[1..]
        .iter()
        .enumerate()
        .map(|(j, (field, header))| Column {
            field: *field,
            header: header.clone(),
            cells: cells[(j + 1) * n..(j + 2) * n].to_vec(),
        })
        .collect();
    Some((names.to_vec(), columns, Vec::new()))
}

/// The cell after the first `n` goes on with the last name: the names are
/// not `n`.
fn name_like_after(cells: &[Cell], n: usize) -> bool {
    match (cells.get(n - 1), cells.get(n)) {
        (Some(last), Some(next)) => name_like(next) && continues_name(last, next),
        _ => false,
    }
}

/// A row's cells as a record: labelled paragraphs ("Villkor: …") fill
/// their own field, the rest the column's.
fn record(row: &Row, section: Option<String>, lines: &[PageLine]) -> Option<Record> {
    let name = clean_name(&row.name.text());
    if name.is_empty() {
        return None;
    }
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut record_lines: Vec<usize> = row.name.lines.clone();
    texts.insert(String::from("name"), name.clone());
    for (field, header, cells) in &row.columns {
        let mut current = *field;
        for cell in cells {
            record_lines.extend(&cell.lines);
            let mut body = cell.texts.clone();
            if let Some((f, _, rest)) = body.first().and_then(|t| {
                t.contains(':')
                    .then(|| section_label(t))
                    .flatten()
                    .filter(|(_, _, r)| !r.is_empty())
            }) {
                current = f;
                body[0] = rest;
            }
            let text = join_lines(&body);
            if is_empty_cell(&text) {
                continue;
            }
            let entry = fields.entry(current).or_default();
            if !entry.is_empty() {
                entry.push(' ');
            }
            entry.push_str(&text);
        }
        let all: Vec<String> = cells.iter().map(Cell::text).collect();
        texts.insert(header.clone(), all.join("\n"));
    }
    Record::of_text_lines(name, section, fields, texts, record_lines, lines)
}

/// Column-at-a-time tables in text without positions: one reading per run
/// of pages read so.
pub(super) fn read_column_runs(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let mut readings = Vec::new();
    let mut headers: Vec<(Field, String)> = Vec::new();
    let mut run: Vec<Row> = Vec::new();
    let finish = |run: &mut Vec<Row>, headers: &[(Field, String)], readings: &mut Vec<Reading>| {
        if run.is_empty() {
            return;
        }
        let records: Vec<Record> = run
            .drain(..)
            .filter_map(|row| {
                let first = *row.name.lines.first()?;
                record(&row, section_before(headings, first, lines), lines)
            })
            .collect();
        if records.iter().any(Record::complete) {
            let columns = std::iter::once(Field::Name)
                .chain(headers.iter().skip(1).map(|h| h.0))
                .map(|f| RegionColumn {
                    header: headers
                        .iter()
                        .find(|h| h.0 == f)
                        .map_or_else(|| f.name().to_string(), |h| h.1.clone()),
                    field: Some(f.name()),
                    typed_by: "content",
                    x0: 0.0,
                    x1: 0.0,
                })
                .collect();
            readings.push(Reading::of_records(
                RegionKind::Grid,
                records,
                columns,
                lines,
                Vec::new(),
            ));
        }
    };
    for part in pages(lines).iter().flat_map(|cells| header_sections(cells)) {
        let got = read_page(part, &mut headers);
        match got {
            Some((rows, carried)) => {
                if let Some(last) = run.last_mut() {
                    for (field, header, cells) in carried {
                        last.add(field, &header, cells);
                    }
                }
                run.extend(rows);
            }
            None => finish(&mut run, &headers, &mut readings),
        }
    }
    finish(&mut run, &headers, &mut readings);
    readings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(lines: &[&str]) -> Cell {
        Cell {
            lines: (0..lines.len()).collect(),
            texts: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn names_go_on_after_a_blank_line() {
        let cells = [
            cell(&["Oppen inging - rad"]),
            cell(&["och stéd"]),
            cell(&["(Foraldrar)"]),
            cell(&["Provtagning/"]),
            cell(&["Drogscreening (barn", "och unga under 18 ar)"]),
            cell(&["Malgrupp: Foréldrar,", "omsorgspersoner eller"]),
        ];
        let (names, after, trailing) = name_run(&cells, None);
        let names: Vec<String> = names.iter().map(Cell::text).collect();
        assert_eq!(
            names,
            [
                "Oppen inging - rad och stéd (Foraldrar)",
                "Provtagning/Drogscreening (barn och unga under 18 ar)"
            ]
        );
        assert_eq!(after, 5);
        assert!(trailing.is_empty());
    }

    #[test]
    fn documentation_cells_cut_at_their_openings() {
        let column = Column {
            field: Field::Documentation,
            header: String::new(),
            cells: vec![
                cell(&["Undantag fran", "dokumentation av"]),
                cell(&["Undantag fran", "dokumentation av"]),
                cell(&["Rapporteras statistik till MFOF."]),
            ],
        };
        let u = units(&column, 3).map(|u| u.len());
        assert_eq!(u, Some(3), "three cells for three rows stay three");
        let u = units(&column, 2).map(|u| u.iter().map(Vec::len).collect::<Vec<_>>());
        assert_eq!(u, Some(vec![1, 2]));
    }
}
