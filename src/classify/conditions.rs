//! Villkor: the separate, checkable conditions a plan states for taking
//! part ("Folkbokförd på Gotland", "75 +år", "Barn under 15 år kan delta
//! efter samtycke från båda vårdnadshavarna", "inskriven i för- eller
//! grundskola"), as `fixtures/ANNOTATION.md` defines `conditions`.
//!
//! A Villkor column or paragraph is a list of conditions, however it is
//! punctuated: a cell's lines come joined by spaces, so items are cut at
//! sentence ends and where a capitalised word starts a new line of the list
//! ("Folkbokförd i Vara kommun Det krävs alltid …"). A target-group cell
//! that also carries kriterier (Gotland's "Målgrupp/kriterier") gives only
//! the items that can be checked; its descriptive prose stays in
//! `target_group.text`.

use super::{age_bands, first_head, regex, rules, DocumentRules};
use crate::segment::Record;
use crate::vocab::{fold, Field};
use regex::Regex;
use std::sync::LazyLock;

static RESIDENCY: LazyLock<Regex> = LazyLock::new(|| regex(rules::RESIDENCY));
static CHECKABLE: LazyLock<Regex> = LazyLock::new(|| regex(rules::CHECKABLE_CONDITION));
static DESCRIPTIVE: LazyLock<Regex> = LazyLock::new(|| regex(rules::DESCRIPTIVE_CLAUSE));
static LABEL: LazyLock<Regex> = LazyLock::new(|| regex(rules::CONDITIONS_LABEL));
static TARGET_LABEL: LazyLock<Regex> = LazyLock::new(|| regex(rules::TARGET_GROUP_LABEL));
static NO_CONDITION: LazyLock<Regex> = LazyLock::new(|| regex(rules::NO_CONDITION));

/// The record's conditions, in the order printed; a document-wide
/// residency rule comes first when the row names none of its own.
pub(super) fn conditions(r: &Record, doc: &DocumentRules) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    let push = |item: &str, list: &mut Vec<String>| {
        let f = fold(item);
        if !list.iter().any(|x| fold(x) == f) {
            list.push(item.to_string());
        }
    };
    // A Villkor column or paragraph: every item is a condition.
    if let Some(explicit) = r.field(Field::Conditions) {
        for item in items(strip_label(explicit)) {
            push(&item, &mut list);
        }
    }
    if let Some(target) = r.field(Field::TargetGroup) {
        // "Målgrupp: … Villkor: …" in one cell (Sala): after the label
        // everything is a condition; before it only what can be checked.
        let (head, tail) = split_at_label(target);
        for item in items(head) {
            if let Some(c) = checkable(&item) {
                push(&c, &mut list);
            }
        }
        if let Some(tail) = tail {
            for item in items(tail) {
                push(&item, &mut list);
            }
        }
    }
    let has_residency = list.iter().any(|c| RESIDENCY.is_match(&fold(c)));
    if let (false, Some(rule)) = (has_residency, &doc.residency_condition) {
        list.insert(0, rule.clone());
    }
    list
}

/// The items of the target group and the villkor, folded, labels left
/// out: what audiences are read from.
pub(super) fn folded_items(r: &Record) -> Vec<String> {
    let mut out = Vec::new();
    for field in [Field::TargetGroup, Field::Conditions] {
        if let Some(text) = r.field(field) {
            let (head, tail) = split_at_label(strip_label(text));
            out.extend(items(head).iter().map(|i| fold(i)));
            if let Some(tail) = tail {
                out.extend(items(tail).iter().map(|i| fold(i)));
            }
        }
    }
    out
}

/// "Villkor: …", "Kriterier: …" at the start of a cell: the label is not
/// part of the condition.
fn strip_label(text: &str) -> &str {
    match LABEL.find(text) {
        Some(m) if m.start() == 0 => text[m.end()..].trim_start(),
        _ => text,
    }
}

/// The part before an inline conditions label (with a leading "Målgrupp:"
/// dropped) and the part after it.
fn split_at_label(text: &str) -> (&str, Option<&str>) {
    let text = match TARGET_LABEL.find(text) {
        Some(m) if m.start() == 0 => text[m.end()..].trim_start(),
        _ => text,
    };
    match LABEL.find(text) {
        Some(m) => (&text[..m.start()], Some(text[m.end()..].trim_start())),
        None => (text, None),
    }
}

/// Words after which a capitalised word continues the phrase (a place, a
/// service's name: "Folkbokförd i Vara kommun", "vid Mini Maria").
const CONTINUING: &[&str] = &[
    "i", "på", "pa", "vid", "för", "for", "till", "från", "fran", "med", "av", "hos", "inom", "om",
    "och", "eller", "samt", "utan", "enligt", "under", "över", "over", "mot", "via", "genom",
    "mellan", "efter", "inför", "infor", "kring", "än", "an", "som", "ex", "t.ex.",
];

/// A cell's items: sentences, and within a sentence the runs a capitalised
/// word starts after a word that ends a phrase ("75 +år Folkbokförd på
/// Gotland" → "75 +år", "Folkbokförd på Gotland"). OCR's table-border
/// debris ("__|") is not text and is left out.
pub(super) fn items(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        let words: Vec<&str> = sentence
            .split_whitespace()
            .filter(|w| !w.chars().all(|c| c == '_' || c == '|'))
            .collect();
        let mut current: Vec<&str> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let starts_new = i > 0 && starts_item(words[i - 1], w);
            if starts_new && !current.is_empty() {
                out.extend(finish(&current));
                current.clear();
            }
            current.push(w);
        }
        out.extend(finish(&current));
    }
    out
}

fn starts_item(previous: &str, word: &str) -> bool {
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase);
    // An acronym ("ADHD", "BUP") is a name inside the phrase.
    let acronym = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let prev_capitalised = previous.chars().next().is_some_and(char::is_uppercase);
    let prev = previous.to_lowercase();
    let prev = prev.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    capitalised && !acronym && !prev_capitalised && !CONTINUING.contains(&prev)
}

fn finish(words: &[&str]) -> Option<String> {
    let s = words.join(" ");
    let s = s
        .trim()
        .trim_start_matches(['-', '–', '•', '*', '·'])
        .trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .trim();
    let meaningful = s.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    (meaningful && !NO_CONDITION.is_match(&fold(s))).then(|| s.to_string())
}

/// Sentences: cut at `.`, `;`, `!`, `?` or a line break when the next word
/// starts a sentence (a capital or a digit), so "t.ex. barn" stays whole.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let end = i + c.len_utf8();
        let cut = match c {
            '\n' | ';' => true,
            '.' | '!' | '?' => {
                let next = bytes[k + 1..]
                    .iter()
                    .map(|&(_, ch)| ch)
                    .find(|ch| !ch.is_whitespace());
                let spaced = bytes.get(k + 1).is_none_or(|&(_, ch)| ch.is_whitespace());
                spaced && next.is_none_or(|ch| ch.is_uppercase() || ch.is_ascii_digit())
            }
            _ => false,
        };
        if cut {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// A target-group item that is a condition, cut to the condition: a
/// residency, consent, schooling or legal-gender rule as printed, or an age
/// criterion ("Vuxna från 18 år", "Förälder till barn 0-21 år", "Barn 6-16
/// år och deras familjer" → "Barn 6-16 år"). A sentence that describes the
/// group ("Individer 15-21 år som upplever …", "Föräldrar med barn 0-6 år")
/// is not one.
fn checkable(item: &str) -> Option<String> {
    let folded = fold(item);
    if CHECKABLE.is_match(&folded) {
        return Some(item.to_string());
    }
    let bands = age_bands(&folded);
    if bands.is_empty() || DESCRIPTIVE.is_match(&folded) {
        return None;
    }
    // Led by who takes part, or by the age itself ("75 +år", "Över 65+ år").
    let first_word = folded
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let age_led = first_word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
        || rules::AGE_LEAD_WORDS.contains(&first_word);
    let head = first_head(&folded);
    let led_by_group = head.is_some_and(|(at, carer)| {
        let word = folded[at..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        // Within the first two words ("Separerade föräldrar", "Placerat barn").
        let early = folded[..at].split_whitespace().count() <= 1;
        // A criterion names the one person who applies ("Förälder till
        // barn 0-21 år"); plural carers describe a group ("Föräldrar med
        // barn 0-6 år").
        early && (!carer || rules::SINGULAR_CARERS.contains(&word))
    });
    if !(age_led || led_by_group) {
        return None;
    }
    // Cut after the last age band: what follows describes, it does not
    // condition ("… och deras familjer", "… med skadligt bruk").
    let last = bands.iter().map(|b| b.end).max().unwrap_or(folded.len());
    let printed = super::Folded::new(item);
    let end = printed.printed_end(last);
    let mut cut = item[..end].trim_end().to_string();
    let rest = item[end..].trim_start();
    if let Some(plus) = rest.strip_prefix('+') {
        if plus.is_empty() || plus.starts_with(char::is_whitespace) {
            cut.push_str(" +");
        }
    }
    Some(cut)
}

/// "Insatserna riktar sig till personer som är folkbokförda i Sala kommun":
/// the document-wide rule as the condition it sets on each row
/// ("Folkbokförd i Sala kommun").
pub(super) fn document_residency(body: &str) -> Option<String> {
    static RULE: LazyLock<Regex> = LazyLock::new(|| regex(rules::DOCUMENT_RESIDENCY_PLACE));
    let caps = RULE.captures(body)?;
    let place = caps.name("place")?.as_str().trim();
    Some(format!("Folkbokförd {place}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkable_items(text: &str) -> Vec<String> {
        items(text).iter().filter_map(|i| checkable(i)).collect()
    }

    #[test]
    fn a_villkor_cell_splits_into_its_lines() {
        // h-f1-07 (Vara), a Villkor column whose lines come joined.
        assert_eq!(
            items("Folkbokförd i Vara kommun Det krävs alltid vårdnadshavare samtycke för att genomföra insatsen För barn under 15 krävs samtycke från samtliga vårdnadshavarna"),
            [
                "Folkbokförd i Vara kommun",
                "Det krävs alltid vårdnadshavare samtycke för att genomföra insatsen",
                "För barn under 15 krävs samtycke från samtliga vårdnadshavarna"
            ]
        );
        assert_eq!(
            items("Samarbetssamtal inleds efter föräldrarnas gemensamma begäran. Barnet ska vara folkbokfört i Alingsås kommun."),
            [
                "Samarbetssamtal inleds efter föräldrarnas gemensamma begäran",
                "Barnet ska vara folkbokfört i Alingsås kommun"
            ]
        );
        // A service's name and a place stay whole.
        assert_eq!(
            items("Unga vid Mini Maria i Upplands Väsby"),
            ["Unga vid Mini Maria i Upplands Väsby"]
        );
        assert_eq!(items("Barn Ålder 0-18 år"), ["Barn Ålder 0-18 år"]);
        assert_eq!(
            items("Barn under 15 år kan __| delta efter samtycke"),
            ["Barn under 15 år kan delta efter samtycke"]
        );
        assert!(items("-").is_empty());
    }

    #[test]
    fn gotland_kriterier_give_their_checkable_items() {
        // 000, Målgrupp/kriterier cells as printed (lines joined).
        assert_eq!(
            checkable_items("75 +år Folkbokförd på Gotland"),
            ["75 +år", "Folkbokförd på Gotland"]
        );
        assert_eq!(
            checkable_items("18 år + Anhörig till närstående som suiciderat"),
            ["18 år +"]
        );
        assert_eq!(
            checkable_items("Vuxen- över 18 år Upplever svårigheter i relationer till andra vuxna närstående. Folkbokförd på Gotland"),
            ["Vuxen- över 18 år", "Folkbokförd på Gotland"]
        );
        assert_eq!(
            checkable_items("Barn 6-16 år och deras familjer"),
            ["Barn 6-16 år"]
        );
        // A "med" after the age describes: the band is a villkor only
        // where the plan states it apart (held-out plans print "Anhörig
        // till person upp till 24 år" as a sentence of its own).
        assert!(checkable_items(
            "Anhörig till person upp till 24 år med skadligt bruk/beroend e av alkohol"
        )
        .is_empty());
        assert_eq!(
            checkable_items("Förälder till barn och unga 0-21 år Folkbokförd på Gotland"),
            [
                "Förälder till barn och unga 0-21 år",
                "Folkbokförd på Gotland"
            ]
        );
        assert_eq!(checkable_items("Över 65+ år"), ["Över 65+ år"]);
    }

    #[test]
    fn descriptions_of_the_group_are_not_conditions() {
        // 002's Målgrupp paragraphs.
        for text in [
            "Individer 15-21 år som upplever någon form av social problematik",
            "Föräldrar med barn 0-6 år.",
            "Utrikesfödda föräldrar med barn i åldern 0-18 år.",
            "Barn och unga under 18 år där det finns en oro för droganvändning.",
            "Insatsen är främst avsedd för lagöverträdare under 21 år samt berörda brottsoffer.",
            "Separerade föräldrar",
        ] {
            assert!(checkable_items(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn the_document_wide_residency_rule_as_a_condition() {
        // 004 (Sala), page 1.
        assert_eq!(
            document_residency(
                "Insatserna riktar sig till personer som är folkbokförda i Sala kommun och ges"
            ),
            Some("Folkbokförd i Sala kommun".to_string())
        );
        assert_eq!(
            document_residency("till exempel ålder eller folkbokföring."),
            None
        );
    }
}
