//! Stage 5 — classification: records as printed → the comparable values of
//! `fixtures/ANNOTATION.md` (documentation regime and its legal basis and
//! reason, category, ages, audiences, problem areas, conditions, residency,
//! guardian consent, needs assessment) and the document's metadata.
//!
//! Rules are data (`rules.rs`). Every value keeps the phrase that decided it
//! in `evidence`; where the text does not say, the value is null; where two
//! rules disagree, the record gets a warning. Classification never changes
//! the text it reads.

pub mod conditions;
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
use std::ops::Range;
use std::sync::LazyLock;

/// Whether an intervention is needs-assessed, from a column that says so
/// ("BEHOVSPRÖVAD INSATS … FRÅN 1 JULI": Ja, Nej, "Ja och nej"). JSON
/// `true`, `false` or `"mixed"`; the printed answer stays in `cells`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assessed {
    Yes,
    No,
    /// "Ja och nej": assessed for some, not for others.
    Mixed,
}

impl serde::Serialize for Assessed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Assessed::Yes => s.serialize_bool(true),
            Assessed::No => s.serialize_bool(false),
            Assessed::Mixed => s.serialize_str("mixed"),
        }
    }
}

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
    pub needs_assessed: Option<Assessed>,
    /// Named programmes and methods, in the order of the rule table.
    pub programmes: Vec<String>,
    pub regime: Option<String>,
    pub legal_basis: Option<String>,
    pub reason: Option<String>,
    /// Field (JSON path) → the phrase that decided it, as printed.
    pub evidence: BTreeMap<String, String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub document: metadata::DocumentMeta,
    pub interventions: Vec<Classification>,
}

/// Text folded as [`fold`] folds it, with the printed bytes each folded
/// byte came from: rules match folded text, evidence quotes the print.
pub(crate) struct Folded<'a> {
    printed: &'a str,
    pub(crate) text: String,
    /// Per folded byte: the printed character's byte range.
    origin: Vec<(usize, usize)>,
}

impl<'a> Folded<'a> {
    pub(crate) fn new(printed: &'a str) -> Self {
        let mut text = String::with_capacity(printed.len());
        let mut origin = Vec::with_capacity(printed.len());
        let mut gap: Option<(usize, usize)> = None;
        for (i, ch) in printed.char_indices() {
            let end = i + ch.len_utf8();
            if ch.is_whitespace() {
                let g = gap.get_or_insert((i, end));
                g.1 = end;
                continue;
            }
            if let Some(g) = gap.take() {
                if !text.is_empty() {
                    text.push(' ');
                    origin.push(g);
                }
            }
            for lower in ch.to_lowercase() {
                let c = fold_char(lower);
                text.push(c);
                origin.extend(std::iter::repeat_n((i, end), c.len_utf8()));
            }
        }
        Folded {
            printed,
            text,
            origin,
        }
    }

    /// The printed text of a folded byte range.
    pub(crate) fn printed(&self, r: Range<usize>) -> &'a str {
        if r.start >= r.end {
            return "";
        }
        let start = self.origin.get(r.start).map_or(0, |o| o.0);
        let end = self
            .origin
            .get(r.end - 1)
            .map_or(self.printed.len(), |o| o.1);
        self.printed.get(start..end).unwrap_or("")
    }

    /// The printed byte offset where folded offset `at` ends.
    pub(crate) fn printed_end(&self, at: usize) -> usize {
        match at.checked_sub(1).and_then(|last| self.origin.get(last)) {
            Some(o) => o.1,
            None => 0,
        }
    }

    /// A folded phrase found in this text, as printed.
    pub(crate) fn find_printed(&self, folded_phrase: &str) -> Option<&'a str> {
        let at = self.text.find(folded_phrase)?;
        Some(self.printed(at..at + folded_phrase.len()))
    }
}

/// One character as [`fold`] folds it (after lowercasing).
fn fold_char(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' => 'u',
        c => c,
    }
}

/// A phrase a rule matched on folded text, quoted as printed in the first
/// source that holds it (the folded phrase if none does, e.g. one that
/// spans two cells).
fn quote(sources: &[&str], folded_phrase: &str) -> String {
    let phrase = folded_phrase.trim();
    sources
        .iter()
        .find_map(|s| Folded::new(s).find_printed(phrase).map(str::to_string))
        .unwrap_or_else(|| phrase.to_string())
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
compiled!(DESCRIPTION_PROBLEM_AREAS, rules::DESCRIPTION_PROBLEM_AREAS);

pub(crate) fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this crate, tested in rules.rs.
    Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("the empty pattern compiles"))
}

static LEGAL_BASIS: LazyLock<Regex> = LazyLock::new(|| regex(rules::LEGAL_BASIS));
static RESIDENCY: LazyLock<Regex> = LazyLock::new(|| regex(rules::RESIDENCY));
static CONSENT_REQUIRED: LazyLock<Regex> = LazyLock::new(|| regex(rules::CONSENT_REQUIRED));
static CONSENT_15PLUS: LazyLock<Regex> = LazyLock::new(|| regex(rules::CONSENT_15PLUS));
static CONSENT_UNDER_15: LazyLock<Regex> =
    LazyLock::new(|| regex(rules::DOCUMENT_CONSENT_UNDER_15));
static DOCUMENT_WIDE_RESIDENCY: LazyLock<Regex> =
    LazyLock::new(|| regex(rules::DOCUMENT_WIDE_RESIDENCY));
static DOCUMENTATION_HEADER: LazyLock<Regex> = LazyLock::new(|| regex(rules::DOCUMENTATION_HEADER));

/// The first rule that matches, with the matched (folded) phrase.
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

/// Facts about the whole document that bind every row, each with the
/// sentence that states it, as printed.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocumentRules {
    residency: Option<String>,
    /// The residency rule as the condition it sets ("Folkbokförd i Sala kommun").
    residency_condition: Option<String>,
    consent_15plus: Option<String>,
    /// "Insatser till barn under 15 år ges efter samtycke från vårdnadshavare".
    consent_under_15: Option<String>,
}

pub fn classify(doc: &layout::Document, segmented: &Segmented) -> Classified {
    let body: String = doc
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let folded_body = Folded::new(&body);
    let found = |re: &Regex| {
        re.find(&folded_body.text)
            .map(|m| folded_body.printed(m.range()).to_string())
    };
    let rules = DocumentRules {
        residency: found(&DOCUMENT_WIDE_RESIDENCY),
        residency_condition: conditions::document_residency(&body),
        consent_15plus: found(&CONSENT_15PLUS),
        consent_under_15: found(&CONSENT_UNDER_15),
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
    c.conditions = conditions::conditions(r, doc_rules);
    residency_and_consent(r, doc_rules, &mut c);
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
    let folded = Folded::new(&text);
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
                    .and_then(|re| re.find(&folded.text))
                    .map(|m| folded.printed(m.range()).to_string())
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

/// What the record says about documentation: its documentation field,
/// then any other cell whose header speaks of documentation or its motive
/// ("Hur insatsen dokumenteras", "Skäl till undantag") and whose text the
/// field does not already hold, then a Lagrum column.
fn documentation_sources(r: &Record) -> Vec<&str> {
    let field = r.field(Field::Documentation).unwrap_or("");
    let mut sources = vec![field];
    let folded_field = fold(field);
    for (header, text) in &r.cells {
        let t = text.trim();
        if t.is_empty() || !DOCUMENTATION_HEADER.is_match(&fold(header)) {
            continue;
        }
        if !folded_field.contains(&fold(t)) {
            sources.push(t);
        }
    }
    if let Some(lagrum) = r.field(Field::LegalBasis) {
        if !sources.contains(&lagrum) {
            sources.push(lagrum);
        }
    }
    sources.retain(|s| !s.trim().is_empty());
    sources
}

fn documentation(r: &Record, c: &mut Classification) {
    let sources = documentation_sources(r);
    let text = sources.join(" ");
    let folded = fold(&text);
    let mut bases: Vec<(String, String)> = Vec::new();
    for caps in LEGAL_BASIS.captures_iter(&folded) {
        if let Some(p) = caps.get(1).or_else(|| caps.get(2)) {
            let basis = format!("14:{}", p.as_str());
            if !bases.iter().any(|(b, _)| *b == basis) {
                let phrase = caps.get(0).map_or("", |m| m.as_str());
                bases.push((basis, quote(&sources, phrase)));
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

    // A Ja/Nej documentation column (001, f6), with its ORSAK column.
    let reason_printed = r.field(Field::Reason).unwrap_or("");
    let reason_column = fold(reason_printed);
    // "Nej", or "Nej. Säkra anonymitet" where the segmenter joined the
    // Ja/Nej cell with its comment: the answer is the first word.
    let first_word = text
        .trim()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let yes_no = match fold(first_word).as_str() {
        "ja" => Some(("ja", first_word)),
        "nej" => Some(("nej", first_word)),
        _ => None,
    };
    let textual = first_match(&REGIME, &folded).map(|(v, p)| (v, quote(&sources, &p)));
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
        (None, None) => match yes_no {
            Some(("nej", printed)) => {
                if reason_column.contains("radgivning") || reason_column.contains("radgivande") {
                    (
                        "advice_exempt",
                        format!("{printed} / {}", reason_printed.trim()),
                    )
                } else {
                    ("identity_exempt", printed.to_string())
                }
            }
            Some((_, printed)) => ("full", printed.to_string()),
            None => ("unspecified", String::new()),
        },
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
                let mut all = sources.clone();
                all.push(reason_printed);
                c.evidence
                    .insert("documentation.reason".into(), quote(&all, &p));
            }
        }
        _ => {}
    }
}

fn category(r: &Record, c: &mut Classification) {
    if let Some(column) = r.field(Field::Category) {
        if let Some((value, p)) = first_match(&CATEGORY_COLUMN, &fold(column)) {
            c.category = Some(value.into());
            c.evidence.insert("category".into(), quote(&[column], &p));
            return;
        }
    }
    static GENERIC: LazyLock<Regex> = LazyLock::new(|| regex(rules::GENERIC_TALK_NAME));
    static ADVISORY: LazyLock<Regex> = LazyLock::new(|| regex(rules::ADVISORY_DESCRIPTION));
    let name = fold(&r.name);
    let description_printed = r.field(Field::Description).unwrap_or("");
    let description = fold(description_printed);
    if GENERIC.is_match(&name) {
        if let Some(m) = ADVISORY.find(&description) {
            c.category = Some("advice".into());
            c.evidence
                .insert("category".into(), quote(&[description_printed], m.as_str()));
            return;
        }
    }
    let found = first_match(&CATEGORY, &name).or_else(|| first_match(&CATEGORY, &description));
    if let Some((value, p)) = found {
        c.category = Some(value.into());
        c.evidence.insert(
            "category".into(),
            quote(&[r.name.as_str(), description_printed], &p),
        );
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
pub(crate) fn first_head(folded: &str) -> Option<(usize, bool)> {
    // Byte offsets of each word, whatever the separators' width ("– ").
    let mut start: Option<usize> = None;
    let bounds = folded
        .char_indices()
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(|item| match item {
            Some((i, c)) if c.is_alphanumeric() => {
                start.get_or_insert(i);
                None
            }
            Some((i, _)) => start.take().map(|s| (s, i)),
            None => start.take().map(|s| (s, folded.len())),
        });
    for (from, to) in bounds {
        let word = &folded[from..to];
        if CARER_HEADS.contains(&word) {
            return Some((from, true));
        }
        if PARTICIPANT_HEADS.contains(&word) {
            return Some((from, false));
        }
    }
    None
}

/// Drops the clause after a carer noun's "till"/"med"/"vars"/"som"
/// ("anhörig till person med upplevd våldsutsatthet", "närstående som är
/// långvarigt sjuk, äldre"): it describes the person cared for. A child
/// "till föräldrar som …" is the child, not the parents.
fn without_cared_for(folded: &str) -> String {
    static CARED_FOR: LazyLock<Regex> = LazyLock::new(|| regex(rules::CARED_FOR_CLAUSE));
    static CHILD_OF: LazyLock<Regex> = LazyLock::new(|| regex(rules::CHILD_OF_CLAUSE));
    let s = CARED_FOR.replace_all(folded, "$1");
    CHILD_OF.replace_all(&s, "$1").into_owned()
}

/// An age band found in folded text.
pub(crate) struct AgeBand {
    pub min: Option<u32>,
    pub max: Option<u32>,
    /// The phrase, folded.
    pub phrase: String,
    /// Where it ends in the folded text.
    pub end: usize,
}

/// Age bands in folded text, in the order the rules find them.
pub(crate) fn age_bands(folded: &str) -> Vec<AgeBand> {
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
        let Some(m) = caps.get(0) else { continue };
        if lo <= hi {
            covered.push((m.start(), m.end()));
            out.push(AgeBand {
                min: Some(lo),
                max: Some(hi),
                phrase: m.as_str().to_string(),
                end: m.end(),
            });
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
            out.push(AgeBand {
                min: Some(n),
                max: None,
                phrase: m.as_str().to_string(),
                end: m.end(),
            });
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
            out.push(AgeBand {
                min: None,
                max: Some(max),
                phrase: m.as_str().to_string(),
                end: m.end(),
            });
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
    let villkor_printed = r.field(Field::Conditions).unwrap_or("");
    let villkor = fold(villkor_printed);
    let villkor_bands: Vec<AgeBand> = villkor
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
        let min = bands.iter().filter_map(|b| b.min).min();
        let open_ended = bands.iter().any(|b| b.max.is_none());
        let max = if open_ended {
            None
        } else {
            bands.iter().filter_map(|b| b.max).max()
        };
        c.age_min = min;
        c.age_max = max;
        let sources = [target, villkor_printed, r.name.as_str()];
        let phrases: Vec<String> = bands.iter().map(|b| quote(&sources, &b.phrase)).collect();
        c.evidence
            .insert("target_group.ages".into(), phrases.join(" | "));
    }

    // Audiences from the group itself, not from the person a carer cares
    // for; from the villkor too ("Barn upp till 18 år"), but not from
    // residency rules ("Barnet ska vara folkbokfört") or definitions ("En
    // närstående kan vara partner, syskon, förälder, barn eller vän"). A
    // consent rule names the children who may take part, not the guardians
    // as an audience.
    static NOT_AN_AUDIENCE: LazyLock<Regex> = LazyLock::new(|| regex(rules::NOT_AUDIENCE_SENTENCE));
    static GUARDIAN_WORDS: LazyLock<Regex> = LazyLock::new(|| regex(r"vardnadshavar\w*"));
    let mut audiences: BTreeSet<String> = BTreeSet::new();
    for sentence in conditions::folded_items(r) {
        if NOT_AN_AUDIENCE.is_match(&sentence) {
            continue;
        }
        let sentence = if sentence.contains("samtycke") {
            GUARDIAN_WORDS.replace_all(&sentence, "").into_owned()
        } else {
            sentence
        };
        let text = without_cared_for(&sentence.replace("unga vuxna", "unga"));
        let mut found: BTreeSet<&str> = all_matches(&AUDIENCES, &text)
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        // Parents' children are who the parents are ("Föräldrar som … har
        // gemensamma barn"): not an audience of their own.
        if first_head(&text).is_some_and(|(at, carer)| {
            carer && (text[at..].starts_with("forald") || text[at..].starts_with("vardnadshavare"))
        }) {
            found.remove("children");
            found.remove("youth");
        }
        audiences.extend(found.into_iter().map(str::to_string));
    }
    match c.age_min {
        Some(m) if m >= 65 => {
            audiences.insert("elderly".into());
            audiences.remove("adults");
        }
        Some(m) if m >= 18 => {
            audiences.insert("adults".into());
        }
        // A band that starts in childhood and reaches past it: children
        // and young people ("Individer 15-21 år").
        Some(m) if !carer_led => {
            audiences.insert("children".into());
            if m >= 13 && c.age_max.is_none_or(|x| x > 18) {
                audiences.insert("youth".into());
            }
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
    // A group led by parents is parenting support, unless what brings them
    // is the separation itself (samarbetssamtal, familjerätt).
    if head.is_some_and(|(at, carer)| {
        carer
            && (without_consent[at..].starts_with("forald")
                || without_consent[at..].starts_with("vardnadshavare"))
    }) && !problems.contains("separation")
    {
        problems.insert("parenting".into());
    }
    let description = fold(r.field(Field::Description).unwrap_or(""));
    for (value, _) in all_matches(&DESCRIPTION_PROBLEM_AREAS, &description) {
        problems.insert(value.to_string());
    }
    c.problem_areas = problems.into_iter().collect();
}

fn residency_and_consent(r: &Record, doc_rules: &DocumentRules, c: &mut Classification) {
    let target = r.field(Field::TargetGroup).unwrap_or("");
    let explicit = r.field(Field::Conditions).unwrap_or("");
    let row_printed = format!("{target} {explicit}");
    let row_text = fold(&row_printed);
    if let Some(m) = RESIDENCY.find(&row_text) {
        c.residency_required = Some(true);
        c.evidence.insert(
            "residency_required".into(),
            quote(&[target, explicit], m.as_str()),
        );
    } else if let Some(p) = &doc_rules.residency {
        c.residency_required = Some(true);
        c.evidence
            .insert("residency_required".into(), format!("(document) {p}"));
    }

    // The row's own rule, else a document-wide one for rows aimed at
    // children or young people (a rule for children under 15 binds every
    // row that takes them; one that frees 15–17 year-olds decides it).
    let for_young = c.audiences.iter().any(|a| a == "children" || a == "youth")
        || c.age_min.is_some_and(|m| m < 18)
        || c.age_max.is_some_and(|m| m < 18);
    if let Some(m) = CONSENT_REQUIRED.find(&row_text) {
        c.guardian_consent = Some("required".into());
        c.evidence.insert(
            "guardian_consent".into(),
            quote(&[target, explicit], m.as_str()),
        );
    } else if !for_young {
    } else if let Some(p) = &doc_rules.consent_15plus {
        c.guardian_consent = Some("not_required_15plus".into());
        c.evidence
            .insert("guardian_consent".into(), format!("(document) {p}"));
    } else if let Some(p) = &doc_rules.consent_under_15 {
        c.guardian_consent = Some("required".into());
        c.evidence
            .insert("guardian_consent".into(), format!("(document) {p}"));
    }
}

/// A Ja/Nej answer: "Nej", "JA", "Ja och nej", "Ja, för …".
fn assessed(text: &str) -> Option<Assessed> {
    let f = fold(text);
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let yes = words.contains(&"ja");
    let no = words.contains(&"nej");
    match (yes, no) {
        (true, true) => Some(Assessed::Mixed),
        _ if words.first() == Some(&"ja") => Some(Assessed::Yes),
        _ if words.first() == Some(&"nej") => Some(Assessed::No),
        _ => None,
    }
}

/// From the column for when the plan applies ("FRÅN 1 JULI"), else from
/// the only such column.
fn needs_assessed(r: &Record, c: &mut Classification) {
    let after = r.field(Field::NeedsAssessed);
    let before = r.field(Field::NeedsAssessedBefore);
    let (source, value) = match after.and_then(|t| assessed(t).map(|v| (t, v))) {
        Some(found) => Some(found),
        None if after.is_none() => before.and_then(|t| assessed(t).map(|v| (t, v))),
        None => None,
    }
    .map_or((None, None), |(t, v)| (Some(t), Some(v)));
    c.needs_assessed = value;
    if let Some(t) = source {
        c.evidence
            .insert("needs_assessed".into(), t.trim().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_found_after_wide_separators() {
        // "–" is three bytes: offsets must stay on char boundaries.
        let text = "– anhoriga till person med kriminalitetsproblematik.  vuxna fran 18 ar. ";
        let (at, carer) = first_head(text).unwrap();
        assert!(text.is_char_boundary(at));
        assert!(text[at..].starts_with("anhoriga"));
        assert!(carer);
    }

    #[test]
    fn folded_text_is_folds_and_quotes_the_print() {
        for text in [
            "  Målgrupp:  Barn  och unga 0-21 år\nFolkbokförd på Gotland ",
            "ÖPPEN ingång – råd och stöd (Föräldrar)",
            "Rådgivning är fortsatt undantaget dokumentationsplikt",
        ] {
            assert_eq!(Folded::new(text).text, fold(text), "{text}");
        }
        let f = Folded::new("Hjälp med  Rådgivning och Stöd");
        assert_eq!(
            f.find_printed("radgivning och stod"),
            Some("Rådgivning och Stöd")
        );
        assert_eq!(quote(&["", "Familjerådgivning (002)"], "radgiv"), "rådgiv");
    }

    #[test]
    fn needs_assessed_answers() {
        assert_eq!(assessed("Nej"), Some(Assessed::No));
        assert_eq!(assessed("JA"), Some(Assessed::Yes));
        assert_eq!(assessed("Ja och nej"), Some(Assessed::Mixed));
        assert_eq!(assessed("-"), None);
        assert_eq!(
            serde_json::to_string(&Assessed::Mixed).unwrap(),
            "\"mixed\""
        );
        assert_eq!(serde_json::to_string(&Assessed::No).unwrap(), "false");
    }
}
