//! Headed sections with labelled paragraphs: a heading (numbered, "3.1.1
//! Familjerådgivning", or set apart by weight and size, "Öppen träffpunkt")
//! followed by paragraphs whose labels name fields is an intervention. A
//! label opens its line ("Vem kan få stödet: Vuxna …", bold or not) or
//! stands on a line of its own ("Målgrupp"). The heading's parent is its
//! section, and a parent that names an organisation ("2. Centrum mot våld")
//! is its provider. Headings without labels (legal background, the
//! introduction) and table-of-contents entries yield nothing.

use super::typography::{label_candidate, repeated_labels, Heading};
use super::{heading_section, PageLine, Reading, Record, RegionKind};
use crate::layout::Line;
use crate::normalize::join_lines;
use crate::vocab::{fold, names_organisation, section_label, type_label, Field};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A heading needs this many distinct labelled paragraphs to be an
/// intervention (a chapter of prose may have one "Dokumentation" paragraph).
const MIN_LABELS: usize = 2;
/// A label opening a line has at most this many words.
const MAX_INLINE_LABEL_WORDS: usize = 6;

pub(super) fn read_sections(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let repeated = repeated_labels(lines);
    let mut runs: Vec<(Vec<Record>, BTreeSet<String>)> = Vec::new();
    let mut last_end: Option<usize> = None;
    for (hi, heading) in headings.iter().enumerate() {
        let end = headings.get(hi + 1).map(|h| h.index).unwrap_or(lines.len());
        let start = heading.index + heading.span;
        // A table's lines end the section's text.
        let end = (start..end).find(|&i| lines[i].taken()).unwrap_or(end);
        let Some((record, untyped)) = labelled_record(
            heading,
            &lines[start.min(end)..end],
            start,
            lines,
            &headings[..hi],
            &repeated,
        ) else {
            continue;
        };
        // Records one after the other (only headings between) are one run.
        let adjacent = last_end.is_some_and(|e| {
            headings
                .iter()
                .filter(|h| h.index >= e && h.index < heading.index)
                .map(|h| h.span)
                .sum::<usize>()
                + e
                >= heading.index
        });
        if !adjacent || runs.is_empty() {
            runs.push((Vec::new(), BTreeSet::new()));
        }
        last_end = Some(end);
        if let Some((run, labels)) = runs.last_mut() {
            run.push(record);
            labels.extend(untyped);
        }
    }
    runs.into_iter()
        .filter(|(r, _)| !r.is_empty())
        .map(|(records, untyped)| {
            let warnings = untyped
                .into_iter()
                .map(|label| {
                    format!("paragraph label \"{label}\" names no field: its text is kept in cells only")
                })
                .collect();
            Reading::of_records(RegionKind::Sections, records, Vec::new(), lines, warnings)
        })
        .collect()
}

pub(super) fn page_boxes(
    lines: &[PageLine],
    start: usize,
    end: usize,
) -> Vec<(u32, crate::geom::BBox)> {
    let mut boxes: Vec<(u32, crate::geom::BBox)> = Vec::new();
    for pl in &lines[start.min(lines.len())..end.min(lines.len())] {
        let Some(b) = pl.line.bbox else { continue };
        match boxes.last_mut() {
            Some((page, bb)) if *page == pl.page => *bb = bb.union(&b),
            _ => boxes.push((pl.page, b)),
        }
    }
    boxes
}

/// The label a line opens with: "Label: text", a whole-line label, or
/// leading bold words that name a field ("**Målgrupp** Vuxna …").
pub(super) fn line_label(line: &Line) -> Option<(Field, String, String)> {
    let text = line.text.trim();
    if let Some((label, rest)) = text.split_once(':') {
        if label.split_whitespace().count() <= MAX_INLINE_LABEL_WORDS {
            if let Some((field, _)) = type_label(label) {
                return Some((field, label.trim().to_string(), rest.trim().to_string()));
            }
        }
    }
    // A label on a line of its own is capitalised: a line in lower case
    // goes on with the paragraph above ("… Behöver / dokumenteras på
    // verksamhetsnivå (antal deltagare,").
    let capitalised = text.chars().next().is_some_and(|c| !c.is_lowercase());
    if let Some(found) = section_label(text).filter(|(_, _, rest)| capitalised && rest.is_empty()) {
        return Some(found);
    }
    // Bold words opening a line of regular text.
    let words: Vec<&crate::layout::Word> = line.segments.iter().flat_map(|s| &s.words).collect();
    let bold = words.iter().take_while(|w| w.bold).count();
    if bold > 0 && bold < words.len() && bold <= MAX_INLINE_LABEL_WORDS {
        let label: String = words[..bold]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let rest: String = words[bold..]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some((field, _)) = type_label(label.trim_end_matches([':', '.'])) {
            return Some((field, label.trim_end_matches(':').to_string(), rest));
        }
    }
    None
}

/// The label a paragraph line opens with: one that names a field
/// ([`line_label`]), or one in a label's form that the document repeats
/// ([`repeated_labels`]), which names none (`None`).
fn paragraph_label(
    line: &Line,
    repeated: &BTreeSet<String>,
) -> Option<(Option<Field>, String, String)> {
    if let Some((field, label, rest)) = line_label(line) {
        return Some((Some(field), label, rest));
    }
    label_candidate(line)
        .filter(|(label, _)| repeated.contains(&fold(label)))
        .map(|(label, rest)| (None, label, rest))
}

/// The record a heading and its paragraphs make, with the labels in it
/// that name no field.
fn labelled_record(
    heading: &Heading,
    body: &[PageLine],
    body_start: usize,
    all: &[PageLine],
    before: &[Heading],
    repeated: &BTreeSet<String>,
) -> Option<(Record, BTreeSet<String>)> {
    if heading.document_title {
        return None;
    }
    // (field, label as printed, lines)
    let mut paragraphs: Vec<(Option<Field>, String, Vec<String>)> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    for pl in body {
        let text = &pl.line.text;
        if let Some((field, label, rest)) = paragraph_label(pl.line, repeated) {
            let lines = if rest.is_empty() { vec![] } else { vec![rest] };
            paragraphs.push((field, label, lines));
            continue;
        }
        match paragraphs.last_mut() {
            Some((_, _, lines)) => lines.push(text.clone()),
            None => preamble.push(text.clone()),
        }
    }
    let typed: Vec<Field> = paragraphs.iter().filter_map(|(f, _, _)| *f).collect();
    let distinct: BTreeSet<Field> = typed.iter().copied().collect();
    if distinct.len() < MIN_LABELS {
        return None;
    }
    // One intervention states each field once, and its name is the
    // heading: a label naming interventions, or a field stated twice, means
    // the heading groups several (forms under an area heading).
    if distinct.len() < typed.len() || distinct.contains(&Field::Name) {
        return None;
    }
    let untyped: BTreeSet<String> = paragraphs
        .iter()
        .filter(|(f, _, _)| f.is_none())
        .map(|(_, label, _)| label.clone())
        .collect();
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut cells: BTreeMap<String, String> = BTreeMap::new();
    let mut documentation: Vec<String> = Vec::new();
    for (field, label, lines) in &paragraphs {
        let text = join_lines(lines);
        if let Some(field) = field {
            if matches!(field, Field::Documentation | Field::Reason) {
                documentation.push(text.clone());
            }
            let entry = fields.entry(*field).or_default();
            if !super::table::is_empty_cell(&text) {
                if !entry.is_empty() {
                    entry.push(' ');
                }
                entry.push_str(&text);
            }
        }
        let cell = cells.entry(label.clone()).or_default();
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&text);
    }
    let joined = super::table::join_sentences(&documentation);
    if !joined.is_empty() {
        fields.insert(Field::Documentation, joined);
    }
    if !preamble.is_empty() {
        cells.insert(String::new(), join_lines(&preamble));
    }
    let name = heading
        .title
        .trim_end_matches(['.', ':'])
        .trim()
        .to_string();
    fields.insert(Field::Name, name.clone());
    let parent = before
        .iter()
        .rev()
        .find(|h| h.level < heading.level && h.number.is_some() == heading.number.is_some());
    let section = parent.filter(|p| !p.document_title).map(heading_section);
    let all_text = body
        .iter()
        .map(|pl| pl.line.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let provider = fields
        .get(&Field::Provider)
        .map(|p| super::table::clean_provider(p))
        .filter(|p| !p.is_empty())
        .or_else(|| provider_in_text(&all_text))
        .or_else(|| provider_in_name(&name))
        .or_else(|| {
            parent
                .filter(|p| names_organisation(&p.title))
                .map(|p| p.title.clone())
        });
    let heading_line = all[heading.index];
    let bbox = std::iter::once(&heading_line)
        .chain(body.iter())
        .filter(|pl| pl.page == heading_line.page)
        .filter_map(|pl| pl.line.bbox)
        .reduce(|a, b| a.union(&b));
    let raw = all[heading.index..body_start + body.len()]
        .iter()
        .map(|pl| pl.line.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let record = Record {
        name,
        provider,
        section,
        fields,
        cells,
        page: heading_line.page,
        bbox,
        raw,
        lines: (heading.index..body_start + body.len()).collect(),
    };
    Some((record, untyped))
}

/// "Boendestödet utför insatsen." (002), "Insatsen ges av Bostadssociala
/// teamet." (f3): the sentence naming who gives it.
pub(super) fn provider_in_text(text: &str) -> Option<String> {
    static UTFOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(\p{Lu}[\p{L}-]+(?:\s[\p{L}-]+){0,3})\s+(?:utför|ansvarar för|erbjuder|ger)\s+insatsen",
        )
        .expect("valid pattern")
    });
    static GES_AV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:[Ii]nsatsen|[Ss]tödet|[Vv]erksamheten)\s+(?:ges|utförs|erbjuds|drivs|bedrivs|anordnas)\s+av\s+(\p{Lu}[\p{L}-]*(?:\s[\p{L}-]+){0,4}?)(?:\s+(?:i|inom|på|vid)\s+\p{Lu}[\p{L}]*)?[.,]",
        )
        .expect("valid pattern")
    });
    static ANSVARIG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[Aa]nsvarig (?:för insatsen )?är\s+(\p{Lu}[\p{L}-]*(?:\s[\p{L}-]+){0,4}?)[.,]")
            .expect("valid pattern")
    });
    if let Some(m) = GES_AV
        .captures(text)
        .or_else(|| ANSVARIG.captures(text))
        .and_then(|c| c.get(1))
    {
        return Some(m.as_str().trim().to_string());
    }
    UTFOR
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .filter(|p| names_organisation(p))
}

/// "Beroendestöd vid Mini Maria", "Anhörigstöd vid ungas beroende Mini
/// Maria": an organisation named at the end of the heading.
fn provider_in_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    // The longest run of capitalised words at the end that names an organisation,
    // or the phrase after "vid".
    if let Some(pos) = words.iter().rposition(|w| *w == "vid") {
        let tail = words[pos + 1..].join(" ");
        if names_organisation(&tail) && tail.chars().next().is_some_and(char::is_uppercase) {
            return Some(tail);
        }
    }
    let start = words
        .iter()
        .rposition(|w| !w.chars().next().is_some_and(char::is_uppercase))
        .map(|p| p + 1)?;
    let tail = words[start..].join(" ");
    (start > 0 && !tail.is_empty() && names_organisation(&tail)).then_some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_in_lower_case_goes_on_with_its_paragraph() {
        use super::super::typography::testing::line;
        // m04's "Motivering: … Behöver / dokumenteras på verksamhetsnivå
        // (antal deltagare," and "… då Insatsen är en / rådgörande insats".
        for text in [
            "dokumenteras på verksamhetsnivå (antal deltagare,",
            "rådgörande insats",
        ] {
            assert_eq!(line_label(&line(text, 100.0, 9.0, false)), None, "{text}");
        }
        assert_eq!(
            line_label(&line("Dokumentation", 100.0, 9.0, true)).map(|l| l.0),
            Some(Field::Documentation)
        );
    }

    #[test]
    fn providers_named_in_text_and_headings() {
        assert_eq!(
            provider_in_text("telefonrådgivning på Gläntan. Boendestödet utför insatsen.")
                .as_deref(),
            Some("Boendestödet")
        );
        assert_eq!(
            provider_in_text(
                "i syfte att stärka resurser. Insatsen ges av Bostadssociala teamet. Dokumenteras"
            )
            .as_deref(),
            Some("Bostadssociala teamet")
        );
        assert_eq!(
            provider_in_text("Ansvarig för insatsen är Skuldrådgivningen. Full").as_deref(),
            Some("Skuldrådgivningen")
        );
        assert_eq!(
            provider_in_name("Beroendestöd vid Mini Maria").as_deref(),
            Some("Mini Maria")
        );
        assert_eq!(
            provider_in_name("Beroendestöd vid Socialmedicinsk mottagning").as_deref(),
            Some("Socialmedicinsk mottagning")
        );
        assert_eq!(
            provider_in_name("Anhörigstöd vid ungas beroende Mini Maria").as_deref(),
            Some("Mini Maria")
        );
        assert_eq!(provider_in_name("Anhörigstöd vid kriminalitet"), None);
        assert_eq!(provider_in_name("Föräldraträffar ABC"), None);
    }
}
