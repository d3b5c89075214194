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

/// "Region Gotland", "Alingsås kommun", "Västerås stad", "STENUNGSUNDS
/// KOMMUN" (issuer as printed).
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bRegion\s+\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?|\b\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?\s+(?:kommun|stad|Stad|KOMMUN|STAD)\b",
    )
});
/// "socialnämnden", "Social- och arbetsmarknadsnämnden", "Kultur-, fritids-
/// och socialnämnden", "Nämnden för …" (OCR: "namnden").
static BODY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b((?:[\p{L}]+-,?\s+)*(?:och\s+)?[\p{L}]*n[aä]mnden)\b"));
/// A date as plans print it: "2025-06-12", "25 juni 2025", "1 juli 2025".
const DATE: &str = r"(\d{4}-\d{2}-\d{2})|(\d{1,2})\s*(?:e\s+)?(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?\s+(\d{4})";
/// The decision: "Datum 2025-06-12" (000), "Sammanträdesdatum: 2025-06-11",
/// "Protokollsutdrag 2025-06-22 § 106", "Beslutad av välfärdsnämnden
/// 2025-06-19", "Fastställd av välfärdsnämnden den 25 juni 2025".
static DECIDED: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)\b(?:datum|beslutad|beslutsdatum|beslutat|beslutades|fastställd|fastställdes|faststalld|antagen|antogs|sammanträdesdatum|protokollsutdrag|sammanträde)\b[^\n]{{0,80}}?(?:{DATE})"
    ))
});
/// Validity: "Gäller från 2025-07-01", "Gäller fr.o.m. 1 juli 2025",
/// "Giltighet: från och med 2025-07-01", "Träder i kraft den 1 juli 2025",
/// "Beslutet börjar gälla 2025-07-01", "Giltighetstid: från den 1 augusti
/// 2025" (a guideline's document header).
static VALID_FROM: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)\b(?:gäller|galler|giltig|giltighet|giltighetstid|träder\s+i\s+kraft|trader\s+i\s+kraft|börjar\s+gälla|borjar\s+galla|från\s+och\s+med|fr\.\s?o\.\s?m\.)\b[^\n\d]{{0,30}}?(?:{DATE})"
    ))
});
/// The diarienummer: "Ärendenr SON 2025/281", "Dnr: 25SON70, 25SON71",
/// "Vårt diarienummer VFN 2025/970", "Ärende STN 2025:1891", "Dnr
/// AMSN-2025-00814", "Diarienummer: IFON 2025/393".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:ärendenr|ärendenummer|ärende|dnr|diarienr|diarienummer)\.?:?\s*([\p{Lu}0-9][\p{L}0-9/ .,:-]*?\d)(?:\s+(?:Datum|Version|Dokumentnr)\b|\s*$)",
    )
});
/// A residency condition naming the municipality ("Folkbokförd i
/// Olofströms kommun"): whose plan it is when nothing else says.
static RESIDENCY_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i:folkbokf\S*)\s+(?:i|på)\s+(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?\s+(?:kommun|stad))\b",
    )
});

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// The ISO date of a match of [`DATE`] (groups from `first`): "25 juni
/// 2025" → 2025-06-25; an impossible day or month is no date.
fn iso_date(caps: &regex::Captures, first: usize) -> Option<String> {
    if let Some(iso) = caps.get(first) {
        return Some(iso.as_str().to_string());
    }
    let day: u32 = caps.get(first + 1)?.as_str().parse().ok()?;
    let month_word = caps.get(first + 2)?.as_str().to_lowercase();
    let month = MONTHS.iter().position(|m| month_word.starts_with(m))? + 1;
    let year = caps.get(first + 3)?.as_str();
    (1..=31)
        .contains(&day)
        .then(|| format!("{year}-{month:02}-{day:02}"))
}

/// The first line with a date for `regex`; a law's date ("Den nya
/// socialtjänstlagen (2025:400) gäller från den 1 juli 2025") is not the
/// plan's.
fn find_date<'a>(sources: &'a [String], regex: &Regex) -> Option<(String, &'a String)> {
    sources.iter().find_map(|line| {
        regex.captures_iter(line).find_map(|caps| {
            let m = caps.get(0)?;
            let before = crate::vocab::fold(&line[..m.start()]);
            if before.contains("lag") {
                return None;
            }
            iso_date(&caps, 1).map(|d| (d, line))
        })
    })
}

/// "Nämnden för arbete och välfärd": the name goes on in lower case after
/// "för" until a word that is not part of it.
fn with_complement(line: &str, m: regex::Match) -> String {
    let name = m.as_str();
    if !crate::vocab::fold(name).eq("namnden") {
        return name.to_string();
    }
    let rest = &line[m.end()..];
    let Some(after) = rest.strip_prefix(" för ") else {
        return name.to_string();
    };
    const NOT_IN_NAME: &[&str] = &[
        "den",
        "det",
        "som",
        "har",
        "beslutar",
        "beslutade",
        "att",
        "enligt",
        "om",
        "i",
        "den",
        "fastställd",
        "gäller",
    ];
    let mut words = vec![];
    for w in after.split_whitespace() {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let lowercase = bare.chars().all(|c| c.is_lowercase() || c == '-');
        if bare.is_empty() || !lowercase || NOT_IN_NAME.contains(&bare) {
            break;
        }
        words.push(bare);
        if bare.len() != w.len() && !w.ends_with(',') {
            break;
        }
    }
    while words.last().is_some_and(|w| *w == "och" || *w == "samt") {
        words.pop();
    }
    if words.is_empty() {
        name.to_string()
    } else {
        format!("{name} för {}", words.join(" "))
    }
}

/// "STENUNGSUNDS KOMMUN" → "Stenungsunds kommun": an issuer in capitals
/// is a letterhead's style, not its name's spelling.
fn issuer_case(issuer: &str) -> String {
    let letters = || issuer.chars().filter(|c| c.is_alphabetic());
    if !letters().all(char::is_uppercase) {
        return issuer.to_string();
    }
    issuer
        .split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            if lower == "kommun" || lower == "stad" {
                return lower;
            }
            let mut c = lower.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn document_meta(doc: &layout::Document, segmented: &Segmented) -> DocumentMeta {
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
                if field == "body" {
                    with_complement(line, m)
                } else {
                    m.as_str().trim().to_string()
                }
            })
        })
    };
    let mut issuer = find("issuer", &ISSUER, 0).map(|i| issuer_case(&i));
    let body = find("body", &BODY, 1).map(|b| capitalise(&b));
    let reference = find("reference", &REFERENCE, 1);
    let decided = find_date(&sources, &DECIDED).map(|(d, line)| {
        meta.evidence.insert("decided".into(), line.clone());
        d
    });
    let valid_from = find_date(&sources, &VALID_FROM).map(|(d, line)| {
        meta.evidence.insert("valid_from".into(), line.clone());
        d
    });
    if issuer.is_none() {
        issuer = issuer_from_residency(segmented).map(|(i, phrase)| {
            meta.evidence
                .insert("issuer".into(), format!("(conditions) {phrase}"));
            i
        });
    }
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

/// The municipality most rows' residency conditions name, with the phrase:
/// a plan's own residents are who "Folkbokförd i Olofströms kommun" means.
fn issuer_from_residency(segmented: &Segmented) -> Option<(String, String)> {
    use crate::vocab::Field;
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for r in &segmented.records {
        for field in [Field::Conditions, Field::TargetGroup] {
            let Some(text) = r.field(field) else { continue };
            for caps in RESIDENCY_ISSUER.captures_iter(text) {
                let (Some(all), Some(place)) = (caps.get(0), caps.get(1)) else {
                    continue;
                };
                let place = place.as_str().to_string();
                match counts.iter_mut().find(|(p, _, _)| *p == place) {
                    Some(entry) => entry.2 += 1,
                    None => counts.push((place, all.as_str().to_string(), 1)),
                }
            }
        }
    }
    // Most rows win; the first named breaks a tie.
    let best = counts.iter().map(|c| c.2).max()?;
    counts
        .into_iter()
        .find(|c| c.2 == best)
        .map(|(place, phrase, _)| (place, phrase))
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

    #[test]
    fn dates_nämnder_and_diarienummer_in_prose() {
        let date = |r: &Regex, t: &str| {
            let lines = vec![t.to_string()];
            find_date(&lines, r).map(|(d, _)| d)
        };
        // Held-out plans' title blocks, as printed.
        assert_eq!(
            date(
                &DECIDED,
                "Fastställd av välfärdsnämnden den 25 juni 2025, § 130"
            )
            .as_deref(),
            Some("2025-06-25")
        );
        assert_eq!(
            date(&DECIDED, "Protokollsutdrag 2025-06-22 § 106").as_deref(),
            Some("2025-06-22")
        );
        assert_eq!(
            date(&DECIDED, "Sammanträdesdatum: 2025-06-11").as_deref(),
            Some("2025-06-11")
        );
        assert_eq!(date(&DECIDED, "Beslutet börjar gälla 2025-07-01"), None);
        for (text, iso) in [
            ("Gäller fr.o.m. 1 juli 2025", "2025-07-01"),
            ("Giltighet: från och med 2025-08-01", "2025-08-01"),
            ("Giltighetstid: från den 1 augusti 2025", "2025-08-01"),
            ("Giltighetstid: från 2025-08-01", "2025-08-01"),
            ("Träder i kraft den 1 juli 2025", "2025-07-01"),
            ("Beslutet börjar gälla 2025-07-01", "2025-07-01"),
        ] {
            assert_eq!(date(&VALID_FROM, text).as_deref(), Some(iso), "{text}");
        }
        // The law's date is not the plan's.
        assert_eq!(
            date(
                &VALID_FROM,
                "Den nya socialtjänstlagen (2025:400) gäller från den 1 juli 2025."
            ),
            None
        );
        let cap = |r: &Regex, t: &str| {
            r.captures(t)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(
            cap(&REFERENCE, "Ärende STN 2025:1891").as_deref(),
            Some("STN 2025:1891")
        );
        assert_eq!(
            cap(&REFERENCE, "Vårt diarienummer VFN 2025/970").as_deref(),
            Some("VFN 2025/970")
        );
        assert_eq!(
            cap(&REFERENCE, "UPPVIDINGE KOMMUN Dnr VFN-2025-01427").as_deref(),
            Some("VFN-2025-01427")
        );
        let body = |t: &str| {
            BODY.captures(t)
                .and_then(|c| c.get(1))
                .map(|m| with_complement(t, m))
        };
        assert_eq!(
            body("Fastställd av nämnden för arbete och välfärd den 3 juni 2025").as_deref(),
            Some("nämnden för arbete och välfärd")
        );
        assert_eq!(
            body("Fastställd av individ- och arbetsmarknadsnämnden den 5 juni 2025").as_deref(),
            Some("individ- och arbetsmarknadsnämnden")
        );
        assert_eq!(issuer_case("STENUNGSUNDS KOMMUN"), "Stenungsunds kommun");
        assert_eq!(issuer_case("Region Gotland"), "Region Gotland");
    }
}
