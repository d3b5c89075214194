//! Numbered sections with labelled paragraphs: a heading ("3.1.1
//! Familjerådgivning") followed by paragraphs labelled from
//! [`crate::vocab::SECTION_LABELS`] is an intervention; its parent heading is
//! its section, and a parent that names an organisation ("2. Centrum mot
//! våld") is its provider. Headings without labels (legal background, the
//! introduction) and table-of-contents entries yield nothing.

use super::{heading_level, numbered_heading, section_title, PageLine, Record};
use crate::normalize::join_lines;
use crate::vocab::{names_organisation, section_label, Field};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A heading needs this many distinct labelled paragraphs to be an
/// intervention (a chapter of prose may have one "Dokumentation" paragraph).
const MIN_LABELS: usize = 2;

struct Heading<'a> {
    index: usize,
    level: usize,
    number: String,
    title: String,
    line: PageLine<'a>,
}

pub(super) fn segment_sections(lines: &[PageLine]) -> Vec<Record> {
    let headings: Vec<Heading> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, pl)| {
            if pl.line.segments.len() > 1 {
                return None;
            }
            let (number, title) = numbered_heading(&pl.line.text)?;
            Some(Heading {
                index,
                level: heading_level(&number),
                number,
                title,
                line: *pl,
            })
        })
        .collect();
    let mut records = Vec::new();
    for (hi, heading) in headings.iter().enumerate() {
        let end = headings.get(hi + 1).map(|h| h.index).unwrap_or(lines.len());
        let body = &lines[heading.index + 1..end];
        let Some(record) = labelled_record(heading, body, &headings[..hi]) else {
            continue;
        };
        records.push(record);
    }
    records
}

fn labelled_record(heading: &Heading, body: &[PageLine], before: &[Heading]) -> Option<Record> {
    // (field, label as printed, lines)
    let mut paragraphs: Vec<(Field, String, Vec<String>)> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    for pl in body {
        let text = &pl.line.text;
        if let Some((field, label, rest)) = section_label(text) {
            let lines = if rest.is_empty() { vec![] } else { vec![rest] };
            paragraphs.push((field, label, lines));
            continue;
        }
        match paragraphs.last_mut() {
            Some((_, _, lines)) => lines.push(text.clone()),
            None => preamble.push(text.clone()),
        }
    }
    let distinct: BTreeSet<Field> = paragraphs.iter().map(|(f, _, _)| *f).collect();
    if distinct.len() < MIN_LABELS {
        return None;
    }
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut cells: BTreeMap<String, String> = BTreeMap::new();
    for (field, label, lines) in &paragraphs {
        let text = join_lines(lines);
        let entry = fields.entry(*field).or_default();
        if !text.is_empty() && text != "-" {
            if !entry.is_empty() {
                entry.push(' ');
            }
            entry.push_str(&text);
        }
        let cell = cells.entry(label.clone()).or_default();
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&text);
    }
    if !preamble.is_empty() {
        cells.insert(String::new(), join_lines(&preamble));
    }
    let name = heading.title.clone();
    fields.insert(Field::Name, name.clone());
    let parent = before.iter().rev().find(|h| h.level < heading.level);
    let section = parent.map(|p| section_title(&p.number, &p.title));
    let all_text = body
        .iter()
        .map(|pl| pl.line.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let provider = fields
        .get(&Field::Provider)
        .cloned()
        .or_else(|| provider_in_text(&all_text))
        .or_else(|| provider_in_name(&name))
        .or_else(|| {
            parent
                .filter(|p| names_organisation(&p.title))
                .map(|p| p.title.clone())
        });
    let bbox = std::iter::once(&heading.line)
        .chain(body.iter())
        .filter(|pl| pl.page == heading.line.page)
        .filter_map(|pl| pl.line.bbox)
        .reduce(|a, b| a.union(&b));
    let raw = std::iter::once(heading.line.line.text.as_str())
        .chain(body.iter().map(|pl| pl.line.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    Some(Record {
        name,
        provider,
        section,
        fields,
        cells,
        page: heading.line.page,
        bbox,
        raw,
    })
}

/// "Boendestödet utför insatsen." (002): the sentence naming who gives it.
fn provider_in_text(text: &str) -> Option<String> {
    static UTFOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(\p{Lu}[\p{L}-]+(?:\s[\p{L}-]+){0,3})\s+(?:utför|ansvarar för|erbjuder)\s+insatsen",
        )
        .expect("valid pattern")
    });
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
    fn providers_named_in_text_and_headings() {
        assert_eq!(
            provider_in_text("telefonrådgivning på Gläntan. Boendestödet utför insatsen.")
                .as_deref(),
            Some("Boendestödet")
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
