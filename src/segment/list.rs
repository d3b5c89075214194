//! Numbered or bulleted lists: each item an intervention, its name first,
//! then unlabelled prose in which the target group, the conditions, the
//! unit ("Insatsen ges av …", "Ansvarig: …") and the documentation decision
//! are sentences of their own (Sundsvall's "1) Familjerådgivning. Vuxna
//! personer med …"). The name is what the item sets apart: its bold words,
//! the words before a colon, a spaced dash or the first full stop, or the
//! marker's line alone. An item counts only when its prose reads like an
//! intervention: a documentation decision and at least one more such
//! sentence, so lists in prose (the law's "kontaktperson, familjehem …")
//! yield nothing. Where no marker opens an item (OCR loses bullets), an
//! item is a paragraph set in from its area heading with space above it.

use super::sections::provider_in_text;
use super::typography::{line_steps, Heading};
use super::{PageLine, Reading, Record, RegionKind};
use crate::layout::Line;
use crate::normalize::join_lines;
use crate::vocab::{fold, type_label, Field};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Item markers (or the text after them) line up within this distance
/// (points).
const MARKER_TOLERANCE: f64 = 3.0;
/// A name has at most this many words.
const MAX_NAME_WORDS: usize = 10;
/// A name before a colon that is this short may be a paragraph label
/// ("Målgrupp:", "För vem:") rather than a name.
const MAX_LABEL_NAME_WORDS: usize = 4;
/// A provider named in prose has at most this many words ("Västerås stad
/// inom Individ och familjeförvaltningen (IFF) på Specialistenheten,
/// Familjerättsgruppen tillsammans med …").
const MAX_PROVIDER_WORDS: usize = 24;

/// A marker and the text after it: "1.", "1)", "(1)", "a)", bullets and
/// dashes, then a space. Word's numbering can leave no space between the
/// number and the text ("10.Stödgrupper för föräldrar", LibreOffice from
/// .odt): a number followed by a capital is a marker too.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\(?\d{1,2}[.)]|\(?[a-zåäö][.)]|[•·▪■●◦○\-–—*])(?:\s+(\S.*)|(\p{Lu}.*))$")
        .expect("valid pattern")
});

/// Sentences that say how the intervention is documented.
static DOCUMENTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"dokument|14 ?kap|personuppgifter|antecknas|journalf|anonym")
        .expect("valid pattern")
});
/// Sentences that go on giving the documentation decision's grounds:
/// "Motiv till undantag …", "Bedömning särskilda skäl: …", "Det bedöms
/// inte heller behövligt …", "Insatsen är en rådgivande insats.",
/// "Familjerättssekreterarna har tystnadsplikt." (f3 plans).
static DOCUMENTATION_GROUNDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"motiv|skäl|bedöm|rådgivande|rådgörande|tystnadsplikt|behövlig|lämplig|verksamhetsnivå",
    )
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

/// Where a sentence names the provider: the words after the phrase (the
/// rest of the sentence), or the words before it (the sentence's subject).
#[derive(Clone, Copy)]
enum ProviderPlace {
    After,
    Before,
}

/// How list items name who gives the intervention, each with the plan
/// phrase it is for. Matched case-insensitively, at a sentence's start
/// (`After`) or end (`Before`).
const PROVIDER_PHRASES: &[(ProviderPlace, &str, &str)] = &[
    (
        ProviderPlace::After,
        "insatsen ges av",
        "Insatsen ges av Samtalsmottagningen.",
    ),
    (
        ProviderPlace::After,
        "insatsen utförs av",
        "Insatsen utförs av Öppenvården vuxen.",
    ),
    (
        ProviderPlace::After,
        "insatsen erbjuds av",
        "Insatsen erbjuds av Familjecentralen.",
    ),
    (
        ProviderPlace::After,
        "stödet ges av",
        "Stödet ges av Anhörigstödet.",
    ),
    (
        ProviderPlace::After,
        "verksamheten drivs av",
        "Verksamheten drivs av Socialpsykiatrin.",
    ),
    (
        ProviderPlace::After,
        "utförs av",
        "Utförs av Familjerätten.",
    ),
    (ProviderPlace::After, "ges av", "Ges av Familjeenheten."),
    (
        ProviderPlace::After,
        "utförare är",
        "Utförare är Mini Maria.",
    ),
    (
        ProviderPlace::After,
        "utförare:",
        "Utförare: Ungdomsteamet.",
    ),
    (
        ProviderPlace::After,
        "ansvarig för insatsen är",
        "Ansvarig för insatsen är Anhörigstöd.",
    ),
    (
        ProviderPlace::After,
        "ansvarig är",
        "Ansvarig är Familjestödet.",
    ),
    (
        ProviderPlace::After,
        "ansvarig:",
        "Ansvarig: Beroendemottagningen.",
    ),
    (
        ProviderPlace::After,
        "ansvarig verksamhet:",
        "Ansvarig verksamhet: Hemtjänst.",
    ),
    (
        ProviderPlace::Before,
        "ansvarar för insatsen",
        "Familjefrid ansvarar för insatsen.",
    ),
    (
        ProviderPlace::Before,
        "utför insatsen",
        "Boendestödet utför insatsen.",
    ),
    (
        ProviderPlace::Before,
        "erbjuder insatsen",
        "Familjecentralen erbjuder insatsen.",
    ),
    (
        ProviderPlace::Before,
        "ger insatsen",
        "Hemtjänsten ger insatsen.",
    ),
];

/// "Eller Social- och arbetsmarknadskontoret." after a provider: a second
/// unit that may give the intervention, part of the provider.
const ALTERNATIVE_PROVIDER: &str = "eller ";

struct Item {
    start: usize,
    end: usize,
    /// Opened by a marker; else by its indent and the space above it.
    marked: bool,
}

impl Item {
    /// The item's marker and the text after it on its first line.
    fn opening<'a>(&self, lines: &[PageLine<'a>]) -> Option<(&'a str, &'a str)> {
        let text = lines.get(self.start)?.line.text.as_str();
        if self.marked {
            split_marker(text)
        } else {
            Some(("", text))
        }
    }
}

pub(super) fn read_lists(lines: &[PageLine], headings: &[Heading]) -> Vec<Reading> {
    let headings = item_headings(lines, headings);
    let headings = &headings[..];
    // Items whose markers are gone (OCR often reads "•" as nothing) still
    // show by indent and spacing, where no marked item is.
    let mut items = find_items(lines, headings);
    let unmarked: Vec<Item> = unmarked_items(lines, headings)
        .into_iter()
        .filter(|u| !items.iter().any(|m| m.start < u.end && u.start < m.end))
        .collect();
    // A name set as a heading of its own, in from its area's heading, is
    // the item's, no section.
    let headings: Vec<Heading> = headings
        .iter()
        .filter(|h| !unmarked.iter().any(|u| u.start == h.index))
        .cloned()
        .collect();
    items.extend(unmarked);
    items.sort_by_key(|i| i.start);
    read_items(lines, items, &headings)
        .into_iter()
        .map(|records| {
            Reading::of_records(RegionKind::List, records, Vec::new(), lines, Vec::new())
        })
        .collect()
}

/// The items that read as interventions, as runs of neighbours.
fn read_items(lines: &[PageLine], items: Vec<Item>, headings: &[Heading]) -> Vec<Vec<Record>> {
    let labels = ColonLabels::of_items(lines, &items);
    let mut runs: Vec<Vec<Record>> = Vec::new();
    let mut last_end: Option<usize> = None;
    for item in items {
        let Some(record) = read_item(lines, &item, headings, &labels) else {
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
    runs.retain(|r| !r.is_empty());
    runs
}

/// The marker and the text after it, if the line opens with one.
fn split_marker(text: &str) -> Option<(&str, &str)> {
    let caps = MARKER.captures(text)?;
    let marker = caps.get(1)?.as_str();
    let rest = caps.get(2).or_else(|| caps.get(3))?.as_str();
    Some((marker, rest))
}

/// The headings as a list reads them: a numbered "heading" that goes on as
/// an item's prose is the item, not a heading. It shows by a sentence that
/// ends inside it ("8. Trygghetslarm. 75 +år. Folkbokförd i …", f3 from
/// LibreOffice), or by a bold name followed by plain words on the same line
/// ("3. **Informationssamtal för adoptionsintresserade** Vuxna över 18 år",
/// Word's numbering) — a heading is set in one weight.
fn item_headings(lines: &[PageLine], headings: &[Heading]) -> Vec<Heading> {
    let numbered_through = numbered_through_areas(lines, headings);
    headings
        .iter()
        .enumerate()
        .filter(|(k, _)| !numbered_through.contains(k))
        .map(|(_, h)| h)
        .filter(|h| {
            let Some(pl) = lines.get(h.index) else {
                return true;
            };
            let item_like = h.number.is_some()
                && split_marker(&pl.line.text).is_some_and(|(marker, rest)| {
                    sentence_inside(rest)
                        || bold_then_plain(pl.line, marker)
                        || hanging(lines, h.index, marker)
                });
            !item_like
        })
        .cloned()
        .collect()
}

/// A run of three or more headings numbered 1, 2, 3 … whose numbers go on
/// across unnumbered headings between them ("Familj och föräldraskap" /
/// "1. Informationssamtal …" … "4. Komet 12-18" / "Ekonomi, boende och
/// sysselsättning" / "5. Individuellt anpassad insats"): a section's
/// number never runs on under a heading it does not carry, a list's does.
/// An unnumbered heading is a heading found, or, in text with no type to
/// tell, a short untitled line standing after a sentence's end. Their
/// indices in `headings`.
fn numbered_through_areas(lines: &[PageLine], headings: &[Heading]) -> Vec<usize> {
    let plain = |h: &Heading| -> Option<u32> {
        h.number
            .as_deref()
            .map(|n| n.trim_end_matches(['.', ')']))
            .and_then(|n| n.parse().ok())
    };
    let area_between = |from: usize, to: usize| {
        headings
            .iter()
            .any(|h| h.number.is_none() && h.index > from && h.index < to)
            || (from + 2..to).any(|k| {
                let t = lines[k].line.text.trim();
                let above = lines[k - 1].line.text.trim_end();
                t.split_whitespace().count() <= 6
                    && t.starts_with(char::is_uppercase)
                    && !t.ends_with(['.', ',', ':', ';'])
                    && above.ends_with('.')
            })
    };
    // An item's prose starts under its name; an area's table starts with
    // its header's short labels ("1. Äldre" / "Stödets namn").
    let prose_below = |h: &Heading| {
        lines
            .get(h.index + h.span.max(1))
            .is_some_and(|pl| pl.line.text.split_whitespace().count() >= 5)
    };
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut crossed = false;
    let mut flush = |run: &mut Vec<usize>, crossed: bool| {
        let prose = run.iter().filter(|&&k| prose_below(&headings[k])).count();
        if run.len() >= 3 && crossed && prose * 3 >= run.len() * 2 {
            out.extend(run.iter().copied());
        }
        run.clear();
    };
    let mut last: Option<(u32, usize)> = None;
    for (k, h) in headings.iter().enumerate() {
        let Some(n) = plain(h) else {
            if h.number.is_some() {
                // Another numbering ("2.1") ends the run.
                flush(&mut run, crossed);
                crossed = false;
                last = None;
            }
            continue;
        };
        match last {
            Some((l, at)) if n == l + 1 => {
                crossed |= area_between(at, h.index);
            }
            _ => {
                flush(&mut run, crossed);
                crossed = false;
            }
        }
        run.push(k);
        last = Some((n, h.index));
    }
    flush(&mut run, crossed);
    out
}

/// The line under a numbered line starts where the text after its number
/// does, in from the number: a list's hanging indent ("1. Informationssamtal
/// …" / "Vuxna över 18 år …", ReportLab), where a heading's text would go on
/// at the margin.
fn hanging(lines: &[PageLine], index: usize, marker: &str) -> bool {
    let (Some(pl), Some(next)) = (lines.get(index), lines.get(index + 1)) else {
        return false;
    };
    let (Some(start), Some(b), Some(nb)) =
        (text_start(pl.line, marker), pl.line.bbox, next.line.bbox)
    else {
        return false;
    };
    next.page == pl.page
        && start - b.x0 > MARKER_TOLERANCE
        && (nb.x0 - start).abs() <= MARKER_TOLERANCE
}

/// A full stop inside the text with more words after it that open a
/// sentence (a capital or a number: "Trygghetslarm. 75 +år.").
fn sentence_inside(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .any(|w| ends_sentence(w[0]) && opens_sentence(w[1]))
}

/// The words after the marker start bold and turn plain on the same line.
fn bold_then_plain(line: &Line, marker: &str) -> bool {
    let words = words_after_marker(line, marker);
    words.first().is_some_and(|(_, bold)| *bold) && words.iter().any(|(_, bold)| !bold)
}

/// The first line's words after the marker, with their weight. A marker
/// drawn against its text ("10.Stödgrupper") is cut off the word.
fn words_after_marker(line: &Line, marker: &str) -> Vec<(String, bool)> {
    let mut need = marker.trim();
    let mut out = Vec::new();
    for w in line.segments.iter().flat_map(|s| &s.words) {
        if need.is_empty() {
            out.push((w.text.clone(), w.bold));
        } else if let Some(rest) = need.strip_prefix(w.text.as_str()) {
            need = rest;
        } else if let Some(rest) = w.text.strip_prefix(need) {
            need = "";
            if !rest.is_empty() {
                out.push((rest.to_string(), w.bold));
            }
        } else {
            need = "";
            out.push((w.text.clone(), w.bold));
        }
    }
    out
}

/// Where the text after a line's marker starts (points).
fn text_start(line: &Line, marker: &str) -> Option<f64> {
    let mut need = marker.trim();
    for w in line.segments.iter().flat_map(|s| &s.words) {
        if let Some(rest) = need.strip_prefix(w.text.as_str()) {
            need = rest;
            continue;
        }
        // The marker drawn against its text: the word starts at the marker.
        return (need.is_empty()).then_some(w.bbox.x0);
    }
    None
}

/// Items: a marker line, and the lines after it until the next marker at
/// the same place (the marker, or the text after it: numbers 1–9 and 10–19
/// right-aligned, as pdflatex sets them), a heading, or a line back at the
/// marker's margin.
fn find_items(lines: &[PageLine], headings: &[Heading]) -> Vec<Item> {
    let is_heading = |i: usize| headings.iter().any(|h| h.index == i);
    let mut items: Vec<Item> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let pl = lines[i];
        let Some((marker, _)) = split_marker(&pl.line.text) else {
            i += 1;
            continue;
        };
        if is_heading(i) {
            i += 1;
            continue;
        }
        let marker_x = pl.line.bbox.map_or(0.0, |b| b.x0);
        let text_x = text_start(pl.line, marker);
        let mut end = i + 1;
        while end < lines.len() && !is_heading(end) && !lines[end].taken() {
            let next = lines[end].line;
            let x = next.bbox.map_or(marker_x + 10.0, |b| b.x0);
            let at_margin = next.bbox.is_some() && (x - marker_x).abs() <= MARKER_TOLERANCE;
            if let Some((next_marker, _)) = split_marker(&next.text) {
                let text_aligned = match (text_x, text_start(next, next_marker)) {
                    (Some(a), Some(b)) => (a - b).abs() <= MARKER_TOLERANCE,
                    _ => false,
                };
                if at_margin || text_aligned || next.bbox.is_none() {
                    break;
                }
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
        items.push(Item {
            start: i,
            end,
            marked: true,
        });
        i = end;
    }
    items
}

/// A line whose top is this many times the usual line step below the line
/// above it has space above it: a new paragraph.
const PARAGRAPH_STEP: f64 = 1.25;
/// Items stand in from the margin of the heading above them by at least
/// this much (points).
const MIN_ITEM_INDENT: f64 = 8.0;

/// Items without markers: paragraphs set in from the margin of the heading
/// above them, each with space above it ("Anhörigstöd" / "    Enskilda
/// samtal. Anhörig till …" / "    Aktiviteter för anhöriga. …", a bulleted
/// list OCR read without its bullets). A heading set in from the one above
/// it opens an item too: the item's name on a line of its own, which OCR
/// sets apart like a heading. A line back at the heading's margin ends the
/// item; whether an item is an intervention is [`read_item`]'s.
fn unmarked_items(lines: &[PageLine], headings: &[Heading]) -> Vec<Item> {
    let is_heading = |i: usize| headings.iter().any(|h| h.index == i);
    let steps = line_steps(lines);
    // The lower quartile: in a short list the gaps between paragraphs are
    // nearly as many as the steps inside them.
    let Some(&usual_step) = steps.get(steps.len() / 4) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    let mut open: Option<usize> = None;
    let mut margin: Option<f64> = None;
    let mut close = |open: &mut Option<usize>, end: usize| {
        if let Some(start) = open.take() {
            items.push(Item {
                start,
                end,
                marked: false,
            });
        }
    };
    for (i, pl) in lines.iter().enumerate() {
        if is_heading(i) {
            close(&mut open, i);
            let x0 = pl.line.bbox.map(|b| b.x0);
            match (x0, margin) {
                (Some(x), Some(m)) if x >= m + MIN_ITEM_INDENT => open = Some(i),
                _ => margin = x0,
            }
            continue;
        }
        let (Some(b), Some(m)) = (pl.line.bbox, margin) else {
            close(&mut open, i);
            continue;
        };
        if pl.taken() || b.x0 < m + MIN_ITEM_INDENT {
            close(&mut open, i);
            continue;
        }
        let spaced = i.checked_sub(1).is_none_or(|k| {
            is_heading(k)
                || (lines[k].page == pl.page
                    && lines[k]
                        .line
                        .bbox
                        .is_some_and(|a| b.top - a.top > PARAGRAPH_STEP * usual_step))
        });
        // A name on a line of its own may have space under it too: an item
        // of one line that ends no sentence goes on.
        let name_alone = open.is_some_and(|start| {
            start + 1 == i && !lines[start].line.text.trim_end().ends_with('.')
        });
        if spaced && !name_alone {
            close(&mut open, i);
            open = Some(i);
        }
    }
    close(&mut open, lines.len());
    items
}

/// Abbreviations whose full stop ends no sentence.
const ABBREVIATIONS: &[&str] = &[
    "kap", "t.ex", "bl.a", "ca", "nr", "st", "resp", "m.m", "o.s.v", "etc", "dvs", "s.k",
];

fn is_abbreviation(word: &str) -> bool {
    let folded = fold(word.trim_end_matches('.'));
    ABBREVIATIONS.iter().any(|a| folded == *a)
}

/// A word that ends a sentence: a full stop (or ! ?), not an abbreviation's.
fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?']) && !is_abbreviation(word)
}

/// A word that can open a sentence: a capital, or a number ("75 +år.").
fn opens_sentence(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Splits prose into sentences at ". " before a capital, not after an
/// abbreviation ("14 kap. 4 §", "t.ex. Barn") or a number.
pub(super) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (k, w) in words.iter().enumerate() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w);
        let ends = ends_sentence(w)
            && words
                .get(k + 1)
                .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
        if ends {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// How an item's name was set apart from its prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameEnd {
    /// "Sorgbearbetning grupp: Vuxen -18 år +."
    Colon,
    /// "Mika-mottagningen. Personer över 18 år …", "Trygghetslarm. 75 +år."
    FullStop,
    /// "Anhörigstöd vid kriminalitet – Anhöriga till …"
    Dash,
}

/// The name at the start of an item's text and the prose after it, where
/// a colon, a full stop or a spaced dash before a new sentence ends it
/// within [`MAX_NAME_WORDS`] words. A dash inside a name goes on in lower
/// case ("Aktiviteter – enstaka arrangemang", "VIR - grupp"); words before a
/// colon that name a paragraph label ("Målgrupp:") are no name.
fn name_by_separator(
    text: &str,
    is_label: &dyn Fn(&str) -> bool,
) -> Option<(String, String, NameEnd)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // "Individuellt anpassad insats - KAA: Ungdomar …": a colon that ends
    // the name's words comes after any dash inside the name.
    if let Some((name, rest)) = colon_prefix(text).filter(|(name, _)| !is_label(name)) {
        return Some((format!("{name}:"), rest, NameEnd::Colon));
    }
    for k in 0..words.len().min(MAX_NAME_WORDS + 1) {
        let w = words[k];
        let Some(next) = words.get(k + 1) else {
            break;
        };
        let rest = || words[k + 1..].join(" ");
        if matches!(w, "–" | "—" | "-") {
            if k > 0 && opens_sentence(next) {
                return Some((words[..k].join(" "), rest(), NameEnd::Dash));
            }
            continue;
        }
        if k + 1 > MAX_NAME_WORDS {
            break;
        }
        if w.ends_with(':') && w.len() > 1 {
            let name = words[..=k].join(" ");
            if !is_label(name.trim_end_matches(':')) {
                return Some((name, rest(), NameEnd::Colon));
            }
            continue;
        }
        if ends_sentence(w) && opens_sentence(next) {
            return Some((words[..=k].join(" "), rest(), NameEnd::FullStop));
        }
    }
    None
}

/// The words before an item's first colon, when they come within
/// [`MAX_NAME_WORDS`] words and before any sentence ends, and the text
/// after it.
fn colon_prefix(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (k, w) in words.iter().enumerate().take(MAX_NAME_WORDS) {
        if w.ends_with(':') && w.len() > 1 && k + 1 < words.len() {
            let mut name = words[..=k].join(" ");
            name.pop();
            return Some((name, words[k + 1..].join(" ")));
        }
        if ends_sentence(w) {
            return None;
        }
    }
    None
}

/// Which words before a colon are paragraph labels rather than names, for
/// one document's list items. "Motivationsgrupp:" types as a label
/// ("Motiv…") but is a name among items that all start "Name:" (f3 from
/// Chromium); "För vem:", "Villkor:" in every item are labels (bulleted
/// label lines under a heading).
struct ColonLabels {
    /// Most items start with a colon prefix that names no label.
    names_style: bool,
    /// Folded colon prefixes found in more than one item.
    repeated: std::collections::BTreeSet<String>,
}

impl ColonLabels {
    fn of_items(lines: &[PageLine], items: &[Item]) -> ColonLabels {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut unlabelled = 0;
        for item in items {
            let Some((_, after_marker)) = item.opening(lines) else {
                continue;
            };
            if let Some((name, _)) = colon_prefix(after_marker) {
                if !names_label(&name) {
                    unlabelled += 1;
                }
                *seen.entry(fold(&name)).or_default() += 1;
            }
        }
        ColonLabels {
            names_style: unlabelled * 2 > items.len(),
            repeated: seen
                .into_iter()
                .filter(|(_, n)| *n > 1)
                .map(|(name, _)| name)
                .collect(),
        }
    }

    fn is_label(&self, text: &str) -> bool {
        names_label(text) && (!self.names_style || self.repeated.contains(&fold(text)))
    }
}

/// Short words that type as a paragraph label other than the name.
fn names_label(text: &str) -> bool {
    text.split_whitespace().count() <= MAX_LABEL_NAME_WORDS
        && type_label(text).is_some_and(|(field, _)| field != Field::Name)
}

/// The name and the prose of an item whose text (marker cut off) is
/// `text`: its bold words, else the words before a separator, else its
/// first line alone.
fn item_name(
    lines: &[PageLine],
    item: &Item,
    marker: &str,
    after_marker: &str,
    text: &str,
    labels: &ColonLabels,
) -> Option<(String, String)> {
    let first = lines[item.start].line;
    let mut bold: Vec<String> = Vec::new();
    let mut all_bold = true;
    'lines: for (k, pl) in lines[item.start..item.end].iter().enumerate() {
        let words = if k == 0 {
            words_after_marker(first, marker)
        } else {
            pl.line
                .segments
                .iter()
                .flat_map(|s| &s.words)
                .map(|w| (w.text.clone(), w.bold))
                .collect()
        };
        for (word, is_bold) in words {
            if !is_bold {
                all_bold = false;
                break 'lines;
            }
            bold.push(word);
        }
    }
    if !bold.is_empty() && !all_bold && bold.len() <= MAX_NAME_WORDS {
        let name = bold.join(" ");
        let rest: Vec<&str> = text.split_whitespace().skip(bold.len()).collect();
        // "**Namn** – text", "**Namn**: text": the separator is neither.
        let rest = match rest.first() {
            Some(&("–" | "—" | "-" | ":")) => &rest[1..],
            _ => &rest[..],
        };
        return Some((name, rest.join(" ")));
    }
    // A name on the marker's line alone: the line is short, ends without a
    // full stop, and the item goes on below it in a new sentence.
    let own_line = item.end > item.start + 1
        && after_marker.split_whitespace().count() <= MAX_NAME_WORDS
        && !after_marker.trim_end().ends_with(['.', ',', ':', ';'])
        && lines[item.start + 1]
            .line
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    let own_line_name = || {
        let rest = join_lines(
            &lines[item.start + 1..item.end]
                .iter()
                .map(|l| l.line.text.as_str())
                .collect::<Vec<_>>(),
        );
        (after_marker.trim().to_string(), rest)
    };
    let first_line_words = after_marker.split_whitespace().count();
    match name_by_separator(text, &|name| labels.is_label(name)) {
        // A name on a line of its own ends there: "a) Anhörigstöd vid
        // kriminalitet" over "Anhöriga till person med …. Vuxna …"; a dash
        // inside it ("Öppen ingång - Råd och stöd") is the name's.
        Some((name, _, end))
            if own_line
                && (end == NameEnd::Dash || name.split_whitespace().count() > first_line_words) =>
        {
            Some(own_line_name())
        }
        Some((name, rest, _)) => Some((name, rest)),
        None if own_line => Some(own_line_name()),
        None => None,
    }
}

/// The provider a sentence states, per [`PROVIDER_PHRASES`].
fn provider_stated(sentence: &str) -> Option<String> {
    static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        PROVIDER_PHRASES
            .iter()
            .map(|(place, phrase, _)| {
                let phrase = regex::escape(phrase);
                let pattern = match place {
                    ProviderPlace::After => format!(r"(?i)^{phrase}\s+(.+?)\.?$"),
                    ProviderPlace::Before => format!(r"(?i)^(.+?)\s+{phrase}\.?$"),
                };
                Regex::new(&pattern).expect("valid pattern")
            })
            .collect()
    });
    let sentence = sentence.trim();
    PATTERNS.iter().find_map(|re| {
        let found = re.captures(sentence)?.get(1)?.as_str().trim();
        // A relative clause says what the unit does, not who it is.
        let found = found.split(" som ").next().unwrap_or(found).trim();
        let found = found.trim_end_matches(',').trim();
        let words = found.split_whitespace().count();
        let capital = found.chars().next().is_some_and(char::is_uppercase);
        // "Västerås stad inom Individ och familjeförvaltningen (IFF) på
        // Centrum mot våld, CMV ansvarar för insatsen.": a unit's full name
        // is long on either side.
        (capital && words > 0 && words <= MAX_PROVIDER_WORDS).then(|| found.to_string())
    })
}

/// Sentences split again where a provider phrase opens with a capital
/// after a sentence that lost its full stop: "… enligt 14 kap 5 § Insatsen
/// ges av Västerås stad …", "… rådgörande insats Ansvarig: Social- och
/// arbetsmarknadskontoret." (f3 from ReportLab and Word).
fn split_before_providers(parts: Vec<String>) -> Vec<String> {
    let opens_provider = |words: &[&str]| {
        let starts_capital = words
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
        let folded = fold(&words.join(" "));
        starts_capital
            && PROVIDER_PHRASES.iter().any(|(place, phrase, _)| {
                matches!(place, ProviderPlace::After) && folded.starts_with(&fold(phrase))
            })
    };
    let mut out = Vec::new();
    for sentence in parts {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let mut start = 0;
        for j in 1..words.len() {
            if opens_provider(&words[j..]) {
                out.push(words[start..j].join(" "));
                start = j;
            }
        }
        out.push(words[start..].join(" "));
    }
    out
}

fn read_item(
    lines: &[PageLine],
    item: &Item,
    headings: &[Heading],
    labels: &ColonLabels,
) -> Option<Record> {
    let first = lines[item.start];
    let (marker, after_marker) = item.opening(lines)?;
    let text = join_lines(
        &std::iter::once(after_marker)
            .chain(
                lines[item.start + 1..item.end]
                    .iter()
                    .map(|l| l.line.text.as_str()),
            )
            .collect::<Vec<_>>(),
    );
    let (name, rest) = item_name(lines, item, marker, after_marker, &text, labels)?;
    let name = super::table::clean_name(&name);
    if name.is_empty() {
        return None;
    }
    let parts = split_before_providers(sentences(&rest));
    let mut fields: BTreeMap<Field, String> = BTreeMap::new();
    let mut documentation: Vec<String> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    let mut target: Vec<String> = Vec::new();
    let mut description: Vec<String> = Vec::new();
    let mut provider: Option<String> = None;
    // Whether the sentence before was the documentation decision or its
    // grounds.
    let mut in_documentation = false;
    let mut k = 0;
    while k < parts.len() {
        let s = &parts[k];
        k += 1;
        let lower = s.to_lowercase();
        if let Some(p) = provider_stated(s).or_else(|| provider_in_text(s)) {
            let mut p = p;
            // "… Familjerättsgruppen. Eller Social- och arbetsmarknadskontoret."
            while let Some(alt) = parts
                .get(k)
                .filter(|n| fold(n).starts_with(ALTERNATIVE_PROVIDER))
            {
                p = format!("{p}. {}", alt.trim().trim_end_matches('.'));
                k += 1;
            }
            if provider.is_none() {
                provider = Some(p);
            }
            continue;
        }
        if DOCUMENTATION.is_match(&lower)
            || (in_documentation && DOCUMENTATION_GROUNDS.is_match(&lower))
        {
            documentation.push(s.clone());
            in_documentation = true;
            continue;
        }
        in_documentation = false;
        if CONDITION.is_match(&lower) {
            conditions.push(s.clone());
        } else if documentation.is_empty()
            && (k == 1
                || (description.is_empty()
                    && conditions.is_empty()
                    && TARGET.is_match(&lower)
                    && target.len() < 2))
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

    #[test]
    fn a_colon_ends_a_name_that_has_a_dash_inside() {
        // f3 from Chromium: "• Individuellt anpassad insats - KAA: Ungdomar …".
        let (name, rest, end) = name_by_separator(
            "Individuellt anpassad insats - KAA: Ungdomar som har fullgjort sin skolplikt",
            &|_| false,
        )
        .expect("a name");
        assert_eq!(name, "Individuellt anpassad insats - KAA:");
        assert_eq!(rest, "Ungdomar som har fullgjort sin skolplikt");
        assert_eq!(end, NameEnd::Colon);
        // A spaced dash before a new sentence still ends a name (m01).
        let (name, _, end) = name_by_separator(
            "Boendecoachning – Vuxna från 18 år med en osäker bostadssituation.",
            &|_| false,
        )
        .expect("a name");
        assert_eq!((name.as_str(), end), ("Boendecoachning", NameEnd::Dash));
    }

    #[test]
    fn a_label_like_name_is_a_name_among_colon_names() {
        // "Metodstöd:" types as a method label ("Metod…").
        let among_names = ColonLabels {
            names_style: true,
            repeated: Default::default(),
        };
        assert!(!among_names.is_label("Metodstöd"));
        let among_labels = ColonLabels {
            names_style: false,
            repeated: Default::default(),
        };
        assert!(among_labels.is_label("Metodstöd"));
        assert!(!among_labels.is_label("Motivationsgrupp"));
        assert!(among_labels.is_label("Motivering"));
        assert!(among_labels.is_label("För vem"));
    }

    #[test]
    fn a_provider_after_a_sentence_without_its_full_stop_is_found() {
        // f3 from ReportLab: the documentation sentence has no full stop.
        let parts = split_before_providers(sentences(
            "Undantag från dokumentation av personlig information enligt 14 kap 5 § Insatsen \
             ges av Västerås stad inom Individ och familjeförvaltningen (IFF) på \
             Specialistenheten, Familjerättsgruppen.",
        ));
        assert_eq!(parts.len(), 2);
        assert_eq!(
            provider_stated(&parts[1]).as_deref(),
            Some("Västerås stad inom Individ och familjeförvaltningen (IFF) på Specialistenheten, Familjerättsgruppen")
        );
        // Word: "… rådgörande insats Ansvarig: Social- och arbetsmarknadskontoret."
        let parts = split_before_providers(vec![
            "Undantag enligt 14 kap 4 § då Insatsen är en rådgörande insats Ansvarig: Social- och arbetsmarknadskontoret.".to_string(),
        ]);
        assert_eq!(
            provider_stated(&parts[1]).as_deref(),
            Some("Social- och arbetsmarknadskontoret")
        );
        // "Insatsen ges individuellt." names no one.
        assert_eq!(
            split_before_providers(vec![
                "Stöd ges även under en skuldsaneringsprocess. Insatsen ges individuellt."
                    .to_string()
            ])
            .len(),
            1
        );
    }

    #[test]
    fn a_long_unit_before_ansvarar_is_the_provider() {
        // f3 from Chromium (KAST-mottagningen).
        assert_eq!(
            provider_stated(
                "Västerås stad inom Individ och familjeförvaltningen (IFF) på Centrum mot våld, CMV ansvarar för insatsen."
            )
            .as_deref(),
            Some("Västerås stad inom Individ och familjeförvaltningen (IFF) på Centrum mot våld, CMV")
        );
    }
}
