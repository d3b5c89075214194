//! Document metadata — issuer, deciding body, dates, reference — from the
//! page furniture (running headers, the margin's diarienummer) and the first
//! page, where plans print them.

use super::regex;
use crate::layout::{self, FurnitureKind};
use crate::segment::Segmented;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentMeta {
    pub issuer: Option<String>,
    pub municipality_codes: Vec<String>,
    pub body: Option<String>,
    pub decided: Option<String>,
    pub valid_from: Option<String>,
    pub reference: Option<String>,
    pub evidence: BTreeMap<String, String>,
    pub warnings: Vec<String>,
}

/// Lines of page 1 read for metadata (title blocks are at the top).
const FIRST_PAGE_LINES: usize = 20;

/// "Region Gotland", "Alingsås kommun", "Västerås stad" (issuer as printed).
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bRegion\s+\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?|\b\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?\s+(?:kommun|stad|Stad)\b",
    )
});
/// "socialnämnden", "Social- och arbetsmarknadsnämnden" (OCR: "namnden").
static BODY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b((?:[\p{L}]+-\s+och\s+)?[\p{L}]*n[aä]mnden)\b"));
static DECIDED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:datum|beslutad|beslutsdatum|beslutat|fastställd|faststalld|antagen|antogs)\b\D{0,30}?(\d{4}-\d{2}-\d{2})",
    )
});
static VALID_FROM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:gäller\s+från|galler\s+fran|gäller\s+fr\.?\s?o\.?\s?m\.?|giltig\s+från|träder\s+i\s+kraft)\D{0,20}?(\d{4}-\d{2}-\d{2})",
    )
});
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:ärendenr|ärendenummer|dnr|diarienr|diarienummer)\.?:?\s*([\p{Lu}0-9][\p{L}0-9/ .,-]*?\d)(?:\s+(?:Datum|Version|Dokumentnr)\b|\s*$)",
    )
});

pub fn document_meta(doc: &layout::Document, _segmented: &Segmented) -> DocumentMeta {
    // Furniture first (headers and margins repeat the issuer and reference),
    // then the top of page 1.
    let mut sources: Vec<String> = Vec::new();
    for f in &doc.furniture {
        if matches!(
            f.kind,
            FurnitureKind::Header | FurnitureKind::Margin | FurnitureKind::Footer
        ) && !sources.contains(&f.text)
        {
            sources.push(f.text.clone());
        }
    }
    if let Some(first) = doc.pages.first() {
        sources.extend(
            first
                .lines
                .iter()
                .take(FIRST_PAGE_LINES)
                .map(|l| l.text.clone()),
        );
    }
    let mut meta = DocumentMeta::default();
    let mut find = |field: &str, regex: &Regex, group: usize| -> Option<String> {
        sources.iter().find_map(|line| {
            regex.captures(line).and_then(|c| c.get(group)).map(|m| {
                meta.evidence.insert(field.to_string(), line.clone());
                m.as_str().trim().to_string()
            })
        })
    };
    let issuer = find("issuer", &ISSUER, 0);
    let body = find("body", &BODY, 1).map(|b| capitalise(&b));
    let decided = find("decided", &DECIDED, 1);
    let valid_from = find("valid_from", &VALID_FROM, 1);
    let reference = find("reference", &REFERENCE, 1);
    // Codes from the issuer as printed; failing that, from the first
    // municipality, region or county the headers and title page name
    // ("länsverksamheterna … Jämtlands län" serve the whole county).
    let registry = super::municipality::Registry::bundled();
    let from_issuer = issuer
        .as_deref()
        .and_then(|i| registry.resolve(i).into_iter().next());
    let resolution = from_issuer.or_else(|| {
        sources.iter().find_map(|line| {
            let found = registry.resolve(line).into_iter().next();
            if found.is_some() {
                meta.evidence
                    .insert("municipality_codes".into(), line.clone());
            }
            found
        })
    });
    if let Some(r) = resolution {
        meta.municipality_codes = r.codes;
        meta.evidence
            .entry("municipality_codes".into())
            .or_insert(r.phrase);
    }
    meta.issuer = issuer;
    meta.body = body;
    meta.decided = decided;
    meta.valid_from = valid_from;
    meta.reference = reference;
    meta
}

/// "socialnämnden", "SOCIALNÄMNDEN" → "Socialnämnden" (the name of a nämnd
/// as a proper noun; an all-caps heading is not its spelling).
fn capitalise(s: &str) -> String {
    let lowered;
    let s = if s
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        lowered = s.to_lowercase();
        lowered.as_str()
    } else {
        s
    };
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_phrases_from_plans() {
        let cap = |r: &Regex, t: &str, g: usize| {
            r.captures(t)
                .and_then(|c| c.get(g))
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(
            cap(&ISSUER, "Region Gotland · Socialförvaltningen", 0).as_deref(),
            Some("Region Gotland")
        );
        assert_eq!(
            cap(&ISSUER, "Alingsås kommun · Socialnämnden", 0).as_deref(),
            Some("Alingsås kommun")
        );
        assert_eq!(
            cap(&ISSUER, "Sala kommun, Social- och arbetsmarknadsnamnden", 0).as_deref(),
            Some("Sala kommun")
        );
        assert_eq!(
            cap(&BODY, "Sala kommun, Social- och arbetsmarknadsnamnden", 1).as_deref(),
            Some("Social- och arbetsmarknadsnamnden")
        );
        assert_eq!(
            cap(&BODY, "Fastställd av socialnämnden", 1).as_deref(),
            Some("socialnämnden")
        );
        assert_eq!(
            cap(
                &DECIDED,
                "Ärendenr SON 2025/281 Datum 2025-06-12 Dokumentnr",
                1
            )
            .as_deref(),
            Some("2025-06-12")
        );
        assert_eq!(
            cap(&VALID_FROM, "Gäller från 2025-07-01", 1).as_deref(),
            Some("2025-07-01")
        );
        assert_eq!(
            cap(
                &REFERENCE,
                "Ärendenr SON 2025/281 Datum 2025-06-12 Dokumentnr",
                1
            )
            .as_deref(),
            Some("SON 2025/281")
        );
        assert_eq!(
            cap(&REFERENCE, "Dnr: 25SON70, 25SON71", 1).as_deref(),
            Some("25SON70, 25SON71")
        );
    }
}
