//! Stage 5 — classification: records as printed → the comparable values of
//! `fixtures/ANNOTATION.md` (documentation regime and its legal basis and
//! reason, category, ages, audiences, problem areas, conditions, residency,
//! guardian consent, needs assessment) and the document's metadata.
//!
//! Rules are data (`rules.rs`). Every value keeps the phrase that decided it
//! in `evidence`; where the text does not say, the value is null; where two
//! rules disagree, the record gets a warning. Classification never changes
//! the text it reads.

pub mod manifest;
pub mod metadata;
pub mod municipality;
pub mod rules;

use crate::layout;
use crate::segment::{Record, Segmented};
use crate::vocab::{fold, Field};
use regex::Regex;
use rules::Rule;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// The classification of one record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Classification {
    pub category: Option<String>,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub audiences: Vec<String>,
    pub problem_areas: Vec<String>,
    pub conditions: Vec<String>,
    pub residency_required: Option<bool>,
    pub guardian_consent: Option<String>,
    pub needs_assessed: Option<(Option<String>, Option<String>)>,
    /// Named programmes and methods, in the order of the rule table.
    pub programmes: Vec<String>,
    pub regime: Option<String>,
    pub legal_basis: Option<String>,
    pub reason: Option<String>,
    /// Field (JSON path) → the phrase that decided it.
    pub evidence: BTreeMap<String, String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub document: metadata::DocumentMeta,
    pub interventions: Vec<Classification>,
}

struct Compiled<T: 'static> {
    regex: Regex,
    value: T,
}

fn compile<T: Copy>(rules: &'static [Rule<T>]) -> Vec<Compiled<T>> {
    rules
        .iter()
        .filter_map(|r| {
            Regex::new(r.pattern).ok().map(|regex| Compiled {
                regex,
                value: r.value,
            })
        })
        .collect()
}

macro_rules! compiled {
    ($name:ident, $rules:expr) => {
        static $name: LazyLock<Vec<Compiled<&'static str>>> = LazyLock::new(|| compile($rules));
    };
}

compiled!(REGIME, rules::REGIME);
compiled!(IDENTITY_REASON, rules::IDENTITY_REASON);
compiled!(CATEGORY, rules::CATEGORY);
compiled!(CATEGORY_COLUMN, rules::CATEGORY_COLUMN);
compiled!(AUDIENCES, rules::AUDIENCES);
compiled!(PROBLEM_AREAS, rules::PROBLEM_AREAS);

pub(crate) fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this crate, tested in rules.rs.
    Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("the empty pattern compiles"))
}

static LEGAL_BASIS: LazyLock<Regex> = LazyLock::new(|| regex(rules::LEGAL_BASIS));
static RESIDENCY: LazyLock<Regex> = LazyLock::new(|| regex(rules::RESIDENCY));
static CONSENT_REQUIRED: LazyLock<Regex> = LazyLock::new(|| regex(rules::CONSENT_REQUIRED));
static CONSENT_15PLUS: LazyLock<Regex> = LazyLock::new(|| regex(rules::CONSENT_15PLUS));
static DOCUMENT_WIDE_RESIDENCY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:insatserna|samtliga\s+insatser|alla\s+insatser)\s+(?:\w+\s+){0,6}(?:som\s+ar\s+)?folkbokf.rda?",
    )
});

/// The first rule that matches, with the matched phrase.
fn first_match(rules: &[Compiled<&'static str>], folded: &str) -> Option<(&'static str, String)> {
    rules.iter().find_map(|r| {
        r.regex
            .find(folded)
            .map(|m| (r.value, m.as_str().to_string()))
    })
}

fn all_matches(rules: &[Compiled<&'static str>], folded: &str) -> Vec<(&'static str, String)> {
    rules
        .iter()
        .filter_map(|r| {
            r.regex
                .find(folded)
                .map(|m| (r.value, m.as_str().to_string()))
        })
        .collect()
}

/// Facts about the whole document that bind every row.
#[derive(Debug, Clone, Default)]
struct DocumentRules {
    residency: Option<String>,
    consent_15plus: Option<String>,
}

pub fn classify(doc: &layout::Document, segmented: &Segmented) -> Classified {
    let body: String = doc
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let folded_body = fold(&body);
    let rules = DocumentRules {
        residency: DOCUMENT_WIDE_RESIDENCY
            .find(&folded_body)
            .map(|m| m.as_str().to_string()),
        consent_15plus: CONSENT_15PLUS
            .find(&folded_body)
            .map(|m| m.as_str().to_string()),
    };
    Classified {
        document: metadata::document_meta(doc, segmented),
        interventions: segmented
            .records
            .iter()
            .map(|r| classify_record(r, &rules))
            .collect(),
    }
}

fn classify_record(r: &Record, doc_rules: &DocumentRules) -> Classification {
    let mut c = Classification::default();
    documentation(r, &mut c);
    category(r, &mut c);
    target_group(r, &mut c);
    conditions(r, doc_rules, &mut c);
    needs_assessed(r, &mut c);
    programmes(r, &mut c);
    c
}

struct CompiledProgramme {
    name: &'static str,
    acronym: Option<Regex>,
    folded: Option<Regex>,
}

static PROGRAMMES: LazyLock<Vec<CompiledProgramme>> = LazyLock::new(|| {
    rules::PROGRAMMES
        .iter()
        .map(|p| CompiledProgramme {
            name: p.name,
            acronym: p.acronym.and_then(|a| Regex::new(a).ok()),
            folded: p.folded.and_then(|f| Regex::new(f).ok()),
        })
        .collect()
});

/// Programmes named anywhere in the intervention's row or section (a row
/// may list several: "- Trygghetscirkeln - ABC Alla barn i centrum").
fn programmes(r: &Record, c: &mut Classification) {
    let text = std::iter::once(r.name.as_str())
        .chain(r.cells.values().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" \n ");
    // "A-CRA" is its own programme, not also CRA.
    let without_acra = text.replace("A-CRA", "A_CRA");
    let folded = fold(&text);
    let mut phrases = Vec::new();
    for p in PROGRAMMES.iter() {
        let source = if p.name == "CRA" {
            &without_acra
        } else {
            &text
        };
        let found = p
            .acronym
            .as_ref()
            .and_then(|re| re.find(source))
            .map(|m| m.as_str().to_string())
            .or_else(|| {
                p.folded
                    .as_ref()
                    .and_then(|re| re.find(&folded))
                    .map(|m| m.as_str().to_string())
            });
        if let Some(phrase) = found {
            c.programmes.push(p.name.to_string());
            phrases.push(phrase);
        }
    }
    if !phrases.is_empty() {
        c.evidence.insert("programmes".into(), phrases.join(" | "));
    }
}

fn documentation(r: &Record, c: &mut Classification) {
    let text = r.field(Field::Documentation).unwrap_or("");
    let folded = fold(text);
    let mut bases: Vec<(String, String)> = Vec::new();
    for caps in LEGAL_BASIS.captures_iter(&folded) {
        if let Some(p) = caps.get(1).or_else(|| caps.get(2)) {
            let basis = format!("14:{}", p.as_str());
            if !bases.iter().any(|(b, _)| *b == basis) {
                bases.push((basis, caps.get(0).map_or("", |m| m.as_str()).to_string()));
            }
        }
    }
    if bases.len() > 1 {
        c.warnings.push(format!(
            "documentation cites several paragraphs ({}); the first decides",
            bases
                .iter()
                .map(|(b, _)| b.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some((basis, phrase)) = bases.first() {
        c.legal_basis = Some(basis.clone());
        c.evidence
            .insert("documentation.legal_basis".into(), phrase.clone());
    }

    // A Ja/Nej documentation column (001), with its ORSAK column.
    let reason_column = fold(r.field(Field::Reason).unwrap_or(""));
    // "Nej", or "Nej. Säkra anonymitet" where the segmenter joined the
    // Ja/Nej cell with its comment: the answer is the first word.
    let yes_no = folded
        .trim()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .filter(|w| *w == "ja" || *w == "nej")
        .unwrap_or("");
    let textual = first_match(&REGIME, &folded);
    let (regime, phrase) = match (&textual, c.legal_basis.as_deref()) {
        (Some(("conditional", p)), _) => ("conditional", p.clone()),
        (_, Some(basis)) => {
            let by_basis = rules::REGIME_BY_BASIS
                .iter()
                .find(|(b, _)| *b == basis)
                .map_or("unspecified", |(_, r)| *r);
            if let Some((value, p)) = &textual {
                if *value != by_basis
                    && !(by_basis == "identity_exempt" && *value == "advice_exempt")
                {
                    c.warnings.push(format!(
                        "documentation: {basis} means {by_basis} but \"{p}\" reads as {value}"
                    ));
                }
            }
            (
                by_basis,
                bases.first().map(|(_, p)| p.clone()).unwrap_or_default(),
            )
        }
        (Some((value, p)), None) => (*value, p.clone()),
        (None, None) if yes_no == "nej" => {
            if reason_column.contains("radgivning") || reason_column.contains("radgivande") {
                ("advice_exempt", format!("{yes_no} / {reason_column}"))
            } else {
                ("identity_exempt", yes_no.to_string())
            }
        }
        (None, None) if yes_no == "ja" => ("full", yes_no.to_string()),
        (None, None) => ("unspecified", String::new()),
    };
    c.regime = Some(regime.to_string());
    if !phrase.is_empty() {
        c.evidence.insert("documentation.regime".into(), phrase);
    }
    match regime {
        "advice_exempt" => {
            c.reason = Some("advice".into());
        }
        "identity_exempt" => {
            let source = format!("{folded} {reason_column}");
            if let Some((value, p)) = first_match(&IDENTITY_REASON, &source) {
                c.reason = Some(value.into());
                c.evidence.insert("documentation.reason".into(), p);
            }
        }
        _ => {}
    }
}

fn category(r: &Record, c: &mut Classification) {
    if let Some(column) = r.field(Field::Category) {
        if let Some((value, p)) = first_match(&CATEGORY_COLUMN, &fold(column)) {
            c.category = Some(value.into());
            c.evidence.insert("category".into(), p);
            return;
        }
    }
    static GENERIC: LazyLock<Regex> = LazyLock::new(|| regex(rules::GENERIC_TALK_NAME));
    static ADVISORY: LazyLock<Regex> = LazyLock::new(|| regex(rules::ADVISORY_DESCRIPTION));
    let name = fold(&r.name);
    let description = fold(r.field(Field::Description).unwrap_or(""));
    if GENERIC.is_match(&name) {
        if let Some(m) = ADVISORY.find(&description) {
            c.category = Some("advice".into());
            c.evidence
                .insert("category".into(), m.as_str().trim().to_string());
            return;
        }
    }
    let from_name = first_match(&CATEGORY, &name);
    let found = from_name
        .or_else(|| first_match(&CATEGORY, &fold(r.field(Field::Description).unwrap_or(""))));
    if let Some((value, p)) = found {
        c.category = Some(value.into());
        c.evidence.insert("category".into(), p);
    }
}

/// Head nouns of a target group. Carers ("Förälder till barn 0-21 år") lead
/// a group whose ages and problems describe the person cared for; the
/// others are the participants themselves.
const CARER_HEADS: &[&str] = &[
    "foralder",
    "foraldrar",
    "foraldern",
    "vardnadshavare",
    "familjer",
    "familj",
    "anhorig",
    "anhoriga",
    "narstaende",
    "separerade",
    "omsorgspersoner",
];
const PARTICIPANT_HEADS: &[&str] = &[
    "barn",
    "barnet",
    "unga",
    "ungdomar",
    "ungdom",
    "vuxna",
    "vuxen",
    "personer",
    "person",
    "individer",
    "individ",
    "par",
    "kvinnor",
    "man",
    "elever",
    "alla",
];

/// Position and kind of the first head noun: `Some((offset, is_carer))`.
fn first_head(folded: &str) -> Option<(usize, bool)> {
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        // The word's own byte offset: separators ("•", "–") can be wider
        // than one byte.
        let offset = word.as_ptr() as usize - folded.as_ptr() as usize;
        if CARER_HEADS.contains(&word) {
            return Some((offset, true));
        }
        if PARTICIPANT_HEADS.contains(&word) {
            return Some((offset, false));
        }
    }
    None
}

/// Drops the clause after a carer noun's "till"/"med"/"vars" ("anhörig till
/// person med upplevd våldsutsatthet"): it describes the person cared for.
fn without_cared_for(folded: &str) -> String {
    static CARED_FOR: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(foralder|foraldrar|vardnadshavare|anhorig|anhoriga|narstaende|omsorgspersoner)\s+(?:till|med|vars|som\s+har)\s+[^.,;]*",
        )
    });
    CARED_FOR.replace_all(folded, "$1").into_owned()
}

/// Age bands in folded text: (min, max, phrase).
fn age_bands(folded: &str) -> Vec<(Option<u32>, Option<u32>, String)> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?:mellan\s+)?\b(\d{1,2})\s*(?:-|–|till|och)\s*(\d{1,2})\s*ar\b|\b(\d{1,2})\s*-\s*\n?\s*(\d{1,2})\s*ar",
        )
    });
    static MIN: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(\d{1,2})\s*\+\s*(?:ar)?|\b(\d{1,2})\s*ar\s*(?:\+|och\s+uppat|och\s+aldre)|(?:fran|[o6]ver|fyllt)\s+(\d{1,2})\s*\+?\s*(?:ar|&r)",
        )
    });
    static MAX: LazyLock<Regex> = LazyLock::new(|| regex(r"(upp\s+till|under)\s+(\d{1,2})\s*ar"));
    let mut out = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for caps in RANGE.captures_iter(folded) {
        let (a, b) = match (caps.get(1), caps.get(2), caps.get(3), caps.get(4)) {
            (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => (a, b),
            _ => continue,
        };
        let (Ok(lo), Ok(hi)) = (a.as_str().parse::<u32>(), b.as_str().parse::<u32>()) else {
            continue;
        };
        if lo <= hi {
            let m = caps.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            covered.push(m);
            out.push((
                Some(lo),
                Some(hi),
                caps.get(0).map_or("", |m| m.as_str()).to_string(),
            ));
        }
    }
    let inside = |s: usize, e: usize, covered: &[(usize, usize)]| {
        covered.iter().any(|&(a, b)| s < b && e > a)
    };
    for caps in MIN.captures_iter(folded) {
        let Some(m) = caps.get(0) else { continue };
        if inside(m.start(), m.end(), &covered) {
            continue;
        }
        let n = caps
            .get(1)
            .or(caps.get(2))
            .or(caps.get(3))
            .and_then(|g| g.as_str().parse::<u32>().ok());
        if let Some(n) = n {
            covered.push((m.start(), m.end()));
            out.push((Some(n), None, m.as_str().to_string()));
        }
    }
    for caps in MAX.captures_iter(folded) {
        let Some(m) = caps.get(0) else { continue };
        if inside(m.start(), m.end(), &covered) {
            continue;
        }
        let kind = caps.get(1).map_or("", |g| g.as_str());
        if let Some(n) = caps.get(2).and_then(|g| g.as_str().parse::<u32>().ok()) {
            let max = if kind == "under" {
                n.saturating_sub(1)
            } else {
                n
            };
            out.push((None, Some(max), m.as_str().to_string()));
        }
    }
    out
}

fn target_group(r: &Record, c: &mut Classification) {
    let target = r.field(Field::TargetGroup).unwrap_or("");
    // "Målgrupp: … Villkor: …" in one cell (Sala): ages and groups come from
    // the målgrupp part; consent rules in the villkor part are not ages.
    let folded_target = fold(target);
    let target_part = folded_target.split("villkor:").next().unwrap_or("").trim();
    let target_part = target_part
        .strip_prefix("malgrupp:")
        .unwrap_or(target_part)
        .trim();
    let without_consent: String = target_part
        .split(['.', ';'])
        .filter(|s| !s.contains("samtycke") && !s.contains("vardnadshavar"))
        .collect::<Vec<_>>()
        .join(". ");
    let head = first_head(&without_consent);
    let carer_led = head.is_some_and(|(_, carer)| carer);
    // A carer-led group's own ages come before its head noun ("18 år +
    // Anhörig till …"); bands after it are the cared-for person's.
    let age_text = match head {
        Some((at, true)) => &without_consent[..at],
        _ => without_consent.as_str(),
    };
    // Villkor with an age band are the checkable rule and win over the
    // målgrupp prose ("Unga mellan 15 till 21 år"), unless they speak of a
    // child of a carer-led group ("Placerat barn upp till 18 år").
    let villkor = fold(r.field(Field::Conditions).unwrap_or(""));
    let villkor_bands: Vec<_> = villkor
        .split(['.', ';', '\n'])
        .filter(|s| !s.contains("samtycke"))
        .filter(|s| {
            !(carer_led && first_head(s).is_some_and(|(_, carer)| !carer) && s.contains("barn"))
        })
        .flat_map(age_bands)
        .collect();
    let mut bands = if villkor_bands.is_empty() {
        age_bands(age_text)
    } else {
        villkor_bands
    };
    // The intervention's own name may carry the band ("… (barn och unga under 18 år)").
    if bands.is_empty() && !carer_led && head.is_none() {
        bands = age_bands(&fold(&r.name));
    }
    if !bands.is_empty() {
        let min = bands.iter().filter_map(|b| b.0).min();
        let open_ended = bands.iter().any(|b| b.1.is_none());
        let max = if open_ended {
            None
        } else {
            bands.iter().filter_map(|b| b.1).max()
        };
        c.age_min = min;
        c.age_max = max;
        let phrases: Vec<&str> = bands.iter().map(|b| b.2.as_str()).collect();
        c.evidence
            .insert("target_group.ages".into(), phrases.join(" | "));
    }

    // Audiences from the group itself, not from the person a carer cares for.
    let audience_text = without_cared_for(&without_consent.replace("unga vuxna", "unga"));
    let mut audiences: BTreeSet<String> = all_matches(&AUDIENCES, &audience_text)
        .into_iter()
        .map(|(v, _)| v.to_string())
        .collect();
    match c.age_min {
        Some(m) if m >= 65 => {
            audiences.insert("elderly".into());
            audiences.remove("adults");
        }
        Some(m) if m >= 18 => {
            audiences.insert("adults".into());
        }
        _ => {}
    }
    c.audiences = audiences.into_iter().collect();

    // What the group and the name state (descriptions mention much that is
    // not the target: staff, methods, other services).
    let problem_text = format!("{} {}", target_part, fold(&r.name))
        .replace("psykisk funktionsnedsattning", "psykisk ohalsa")
        .replace("psykisk sjukdom", "psykisk ohalsa");
    let mut problems: BTreeSet<String> = all_matches(&PROBLEM_AREAS, &problem_text)
        .into_iter()
        .map(|(v, _)| v.to_string())
        .collect();
    if head.is_some_and(|(at, carer)| {
        carer
            && (without_consent[at..].starts_with("forald")
                || without_consent[at..].starts_with("vardnadshavare"))
    }) {
        problems.insert("parenting".into());
    }
    c.problem_areas = problems.into_iter().collect();
}

fn conditions(r: &Record, doc_rules: &DocumentRules, c: &mut Classification) {
    let target = r.field(Field::TargetGroup).unwrap_or("");
    let explicit = r.field(Field::Conditions).unwrap_or("");
    // The villkor part of a combined cell, or the Villkor paragraph.
    let villkor_part = target.split_once("Villkor:").map(|(_, v)| v).unwrap_or("");
    let mut list: Vec<String> = Vec::new();
    for source in [explicit, villkor_part] {
        for sentence in source.split(['.', ';', '\n']) {
            let s = sentence.trim().trim_start_matches(['-', '•', '*']).trim();
            if s.chars().count() >= 3 && s != "-" && !list.iter().any(|x| x == s) {
                list.push(s.to_string());
            }
        }
    }
    // Checkable villkor inside the target group cell (Gotland's kriterier).
    for sentence in target.split(['.', ';']) {
        let s = sentence.trim();
        let f = fold(s);
        if (RESIDENCY.is_match(&f) || CONSENT_REQUIRED.is_match(&f))
            && !list.iter().any(|x| fold(x) == f)
        {
            list.push(s.to_string());
        }
    }
    c.conditions = list;

    let row_text = fold(&format!("{target} {explicit}"));
    if let Some(m) = RESIDENCY.find(&row_text) {
        c.residency_required = Some(true);
        c.evidence
            .insert("residency_required".into(), m.as_str().to_string());
    } else if let Some(p) = &doc_rules.residency {
        c.residency_required = Some(true);
        c.evidence
            .insert("residency_required".into(), format!("(document) {p}"));
    }

    if let Some(m) = CONSENT_REQUIRED.find(&row_text) {
        c.guardian_consent = Some("required".into());
        c.evidence
            .insert("guardian_consent".into(), m.as_str().to_string());
    } else if let Some(p) = &doc_rules.consent_15plus {
        let for_young = c.audiences.iter().any(|a| a == "children" || a == "youth");
        if for_young {
            c.guardian_consent = Some("not_required_15plus".into());
            c.evidence
                .insert("guardian_consent".into(), format!("(document) {p}"));
        }
    }
}

fn yes_no(text: &str) -> Option<String> {
    let f = fold(text);
    let f = f.trim().trim_end_matches('.');
    match f {
        "nej" => Some("nej".into()),
        "ja" => Some("ja".into()),
        _ if f.contains("ja") && f.contains("nej") => Some("ja och nej".into()),
        _ if f.starts_with("nej") => Some("nej".into()),
        _ if f.starts_with("ja") => Some("ja".into()),
        _ => None,
    }
}

fn needs_assessed(r: &Record, c: &mut Classification) {
    let before = r.fields.get(&Field::NeedsAssessedBefore);
    let after = r.fields.get(&Field::NeedsAssessed);
    if before.is_some() || after.is_some() {
        c.needs_assessed = Some((
            before.and_then(|t| yes_no(t)),
            after.and_then(|t| yes_no(t)),
        ));
    }
}
