//! Numbered or bulleted lists: each item an intervention, its name first
//! (bold, or its first short sentence), then unlabelled prose in which the
//! target group, the conditions, the unit ("Insatsen ges av …") and the
//! documentation decision are sentences of their own (Sundsvall's "1)
//! Familjerådgivning. Vuxna personer med …"). An item counts only when its
//! prose reads like an intervention: a documentation decision and at least
//! one more such sentence, so lists in prose (the law's "kontaktperson,
//! familjehem …") yield nothing.

use super::sections::{page_boxes, provider_in_text};
use super::typography::Heading;
use super::{PageLine, Reading, Record, Region, RegionKind};
use crate::normalize::join_lines;
use crate::vocab::{fold, Field};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Item markers line up within this distance (points).
const MARKER_TOLERANCE: f64 = 3.0;
/// A name taken from the first sentence has at most this many words.
const MAX_NAME_WORDS: usize = 10;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\(?\d{1,2}[.)]|\(?[a-zåäö][.)]|[•·▪■●◦○\-–—*])\s+(\S.*)$")
        .expect("valid pattern")
});

/// Sentences that say how the intervention is documented.
static DOCUMENTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"dokument|14 ?kap|personuppgifter|antecknas|journalf|anonym")
        .expect("valid pattern")
});
/// Sentences that state a condition (villkor).
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"folkbokf|bosatt|villkor|krav|samtycke|inskriven").expect("valid pattern")
});
/// Sentences that name a target group.
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+\s*år|\bvuxna?\b|\bbarn\b|\bunga\b|ungdomar|föräldrar|anhöriga|personer|familjer|individer|målgrupp")
        .expect("valid pattern")
});

struct Item {
    start: usize,
    end: usize,
}

pub(super) fn read_lists(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let items = find_items(lines, headings);
    let mut runs: Vec<Vec<Record>> = Vec::new();
    let mut last_end: Option<usize> = None;
    for item in items {
        let Some(record) = read_item(lines, &item, headings) else {
            last_end = None;
            continue;
        };
        let adjacent = last_end.is_some_and(|e| {
            e == item.start
                || headings
                    .iter()
                    .filter(|h| h.index >= e && h.index < item.start)
                    .map(|h| h.span)
                    .sum::<usize>()
                    + e
                    >= item.start
        });
        if !adjacent || runs.is_empty() {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push(record);
        }
        last_end = Some(item.end);
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|records| {
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
                    kind: RegionKind::List,
                    lines: first..last + 1,
                    boxes: page_boxes(lines, first, last + 1),
                    columns: Vec::new(),
                    rows: records
                        .iter()
                        .map(|r| (r.page, r.bbox.map_or(0.0, |b| b.top)))
                        .collect(),
                    records: Vec::new(),
                },
                records,
                warnings: Vec::new(),
            }
        })
        .collect()
}

/// Items: a marker line, and the lines after it until the next marker at
/// the same place, a heading, or a line back at the marker's margin.
fn find_items(lines: &[PageLine], headings: &[Heading]) -> Vec<Item> {
    let is_heading = |i: usize| headings.iter().any(|h| h.index == i);
    let mut items: Vec<Item> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let pl = lines[i];
        if is_heading(i) || !MARKER.is_match(&pl.line.text) {
            i += 1;
            continue;
        }
        let marker_x = pl.line.bbox.map_or(0.0, |b| b.x0);
        let mut end = i + 1;
        while end < lines.len() && !is_heading(end) && !lines[end].taken() {
            let next = lines[end].line;
            let x = next.bbox.map_or(marker_x + 10.0, |b| b.x0);
            let at_margin = next.bbox.is_some() && (x - marker_x).abs() <= MARKER_TOLERANCE;
            if MARKER.is_match(&next.text) && (at_margin || next.bbox.is_none()) {
                break;
            }
            // Text back at the marker's margin without a marker ends the list,
            // unless the item has no hanging indent at all.
            let hanging = lines[i + 1..end]
                .iter()
                .chain(std::iter::once(&lines[end]))
                .any(|l| {
                    l.line
                        .bbox
                        .is_some_and(|b| b.x0 > marker_x + MARKER_TOLERANCE)
                });
            if at_margin && hanging && end > i + 1 {
                break;
            }
            end += 1;
        }
        items.push(Item { start: i, end });
        i = end;
    }
    items
}

/// Splits prose into sentences at ". " before a capital, not after an
/// abbreviation ("14 kap. 4 §", "t.ex. Barn") or a number.
pub(super) fn sentences(text: &str) -> Vec<String> {
    const ABBREVIATIONS: &[&str] = &[
        "kap", "t.ex", "bl.a", "ca", "nr", "st", "resp", "m.m", "o.s.v", "etc", "dvs", "s.k",
    ];
    let mut out = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (k, w) in words.iter().enumerate() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w);
        let ends = w.ends_with(['.', '!', '?'])
            && words
                .get(k + 1)
                .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
        let abbreviation = ABBREVIATIONS
            .iter()
            .any(|a| fold(w.trim_end_matches('.')) == *a);
        if ends && !abbreviation {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The prose after an item's first line when that line is a title of its
/// own: short, no sentence, and the next line starts a new sentence ("a)
/// Anhörigstöd vid kriminalitet" / "Anhöriga till …"). Text input has no
/// bold to set the name apart; the line break does.
fn title_line_then_prose(after_marker: &str, lines: &[PageLine], item: &Item) -> Option<String> {
    let title = after_marker.trim();
    let next = lines
        .get(item.start + 1)
        .filter(|_| item.end > item.start + 1)?;
    let titled = title.split_whitespace().count() <= MAX_NAME_WORDS
        && !title.ends_with(['.', ',', ';', ':', '-', '–'])
        && next
            .line
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    titled.then(|| {
        join_lines(
            &lines[item.start + 1..item.end]
                .iter()
                .map(|l| l.line.text.as_str())
                .collect::<Vec<_>>(),
        )
    })
}

fn read_item(lines: &[PageLine], item: &Item, headings: &[Heading]) -> Option<Record> {
    let first = lines[item.start];
    let caps = MARKER.captures(&first.line.text)?;
    let after_marker = caps.get(2)?.as_str();
    // The name: bold words after the marker, else the first short sentence.
    let words: Vec<&crate::layout::Word> =
        first.line.segments.iter().flat_map(|s| &s.words).collect();
    let marker_words = caps
        .get(1)
        .map_or(1, |m| m.as_str().split_whitespace().count());
    let bold: Vec<&str> = words
        .iter()
        .skip(marker_words)
        .take_while(|w| w.bold)
        .map(|w| w.text.as_str())
        .collect();
    let text = join_lines(
        &std::iter::once(after_marker)
            .chain(
                lines[item.start + 1..item.end]
                    .iter()
                    .map(|l| l.line.text.as_str()),
            )
            .collect::<Vec<_>>(),
    );
    let (name, rest) = if !bold.is_empty() && bold.len() < words.len() {
        let name = bold.join(" ");
        let rest = text
            .strip_prefix(name.as_str())
            .unwrap_or(&text)
            .trim()
            .to_string();
        (name, rest)
    } else if let Some(rest) = title_line_then_prose(after_marker, lines, item) {
        (after_marker.trim().to_string(), rest)
    } else {
        let mut sentences = sentences(&text);
        if sentences.is_empty() {
            return None;
        }
        let first_sentence = sentences.remove(0);
        if first_sentence.split_whitespace().count() > MAX_NAME_WORDS {
            return None;
        }
        (first_sentence, sentences.join(" "))
    };
    let name = super::table::clean_name(&name);
    if name.is_empty() {
        return None;
    }
    let parts = sentences(&rest);
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut documentation: Vec<String> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    let mut target: Vec<String> = Vec::new();
    let mut description: Vec<String> = Vec::new();
    let mut provider: Option<String> = None;
    for (k, s) in parts.iter().enumerate() {
        let lower = s.to_lowercase();
        if let Some(p) = provider_in_text(s) {
            provider = Some(p);
            continue;
        }
        if !documentation.is_empty() || DOCUMENTATION.is_match(&lower) {
            documentation.push(s.clone());
        } else if CONDITION.is_match(&lower) {
            conditions.push(s.clone());
        } else if k == 0
            || (description.is_empty()
                && conditions.is_empty()
                && TARGET.is_match(&lower)
                && target.len() < 2)
        {
            target.push(s.clone());
        } else {
            description.push(s.clone());
        }
    }
    // What makes an item an intervention: a documentation decision and one
    // more thing an intervention has.
    let evidence = [
        !target.is_empty(),
        !conditions.is_empty(),
        provider.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if documentation.is_empty() || evidence == 0 {
        return None;
    }
    let mut cells = BTreeMap::new();
    for (field, texts) in [
        (Field::TargetGroup, &target),
        (Field::Conditions, &conditions),
        (Field::Description, &description),
        (Field::Documentation, &documentation),
    ] {
        if !texts.is_empty() {
            fields.insert(field, texts.join(" "));
        }
    }
    cells.insert(String::new(), text.clone());
    fields.insert(Field::Name, name.clone());
    let bbox = lines[item.start..item.end]
        .iter()
        .filter(|pl| pl.page == first.page)
        .filter_map(|pl| pl.line.bbox)
        .reduce(|a, b| a.union(&b));
    Some(Record {
        name,
        provider,
        section: super::section_before(headings, item.start, lines),
        fields,
        cells,
        page: first.page,
        bbox,
        raw: lines[item.start..item.end]
            .iter()
            .map(|pl| pl.line.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        lines: (item.start..item.end).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_do_not_end_at_abbreviations() {
        assert_eq!(
            sentences("Undantag enligt 14 kap. 4 § socialtjänstlagen. Familjerådgivarna har tystnadsplikt."),
            vec![
                "Undantag enligt 14 kap. 4 § socialtjänstlagen.",
                "Familjerådgivarna har tystnadsplikt."
            ]
        );
    }
}
