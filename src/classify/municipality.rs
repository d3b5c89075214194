//! Issuers named in a plan's text → SCB codes. "Sala kommun", "Region
//! Gotlands", "Socialnämnden i Östersunds kommun", "Jämtlands län",
//! "Göteborgs Stad" resolve to 4-digit kommunkoder; a region or a county to
//! all the kommuner of its län, with the län code alongside.
//!
//! The table is data/municipalities.csv (SCB's list, see data/README.md),
//! compiled in. A name alone is never enough in [`Registry::resolve`]: many
//! kommun names are ordinary words ("Ale", "Mora", "Åre", "Berg", "Kil",
//! "vara"), so the name must stand next to "kommun", "stad", "län" or
//! "Region" and start with a capital letter. [`Registry::resolve_loose`] also
//! takes a bare name, printed exactly as SCB spells it.

use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

/// The bundled table, data/municipalities.csv.
pub const BUNDLED_CSV: &str = include_str!("../../data/municipalities.csv");

const HEADER: [&str; 5] = ["code", "name", "kind", "county_code", "county_name"];

/// Whether a row is a kommun or a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Kommun,
    Region,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// Kommunkod ("1981") for a kommun, länskod ("23") for a region.
    pub code: String,
    /// "Sala", "Upplands Väsby"; a region's official name ("Region Gotland").
    pub name: String,
    pub kind: Kind,
    /// Länskod ("19").
    pub county_code: String,
    /// "Västmanlands län".
    pub county_name: String,
}

/// What the matched phrase looked like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// "Sala kommun", "Östersunds kommuns".
    Kommun,
    /// "Västerås stad", "Göteborgs Stad".
    Stad,
    /// "Region Gotland", "Region Jämtland Härjedalen", "Västra Götalandsregionen".
    Region,
    /// "Jämtlands län", "Jämtlands läns": the whole county.
    County,
    /// A bare name ("Sala"), only from [`Registry::resolve_loose`].
    Name,
}

/// One issuer found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The phrase as printed, `text[span]`.
    pub phrase: String,
    /// Byte range in the text given to `resolve`.
    pub span: Range<usize>,
    /// Kommunkoder, sorted: one for a kommun, every kommun of the län for a
    /// region or a county (Region Gotland: just 0980).
    pub codes: Vec<String>,
    /// Länskod when the phrase names a region or a county, so a caller can
    /// tell "Region Gotland" (`Some("09")`) from "Gotlands kommun" (`None`).
    pub region: Option<String>,
    pub kind: MatchKind,
}

/// Why a table did not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    /// 1-based line in the CSV, when the fault is in one row.
    pub line: Option<u64>,
    pub reason: String,
}

impl RegistryError {
    fn at(line: Option<u64>, reason: impl Into<String>) -> Self {
        RegistryError {
            line,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "municipalities.csv line {line}: {}", self.reason),
            None => write!(f, "municipalities.csv: {}", self.reason),
        }
    }
}

impl std::error::Error for RegistryError {}

/// What a key in the regex's alternations stands for.
#[derive(Debug, Clone)]
struct Matchers {
    strict: Regex,
    loose: Regex,
    /// Folded kommun name → index into `entries`.
    kommun: HashMap<String, usize>,
    /// Folded name after "Region " (or the whole name, for names like
    /// "Västra Götalandsregionen") → länskod.
    region: HashMap<String, String>,
    /// Folded county stem ("jamtland") → länskod.
    county: HashMap<String, String>,
}

/// The kommuner and regions, with the matchers built from their names.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Sorted by code.
    entries: Vec<Municipality>,
    by_code: HashMap<String, usize>,
    /// Länskod → its kommunkoder, sorted.
    county_kommuner: BTreeMap<String, Vec<String>>,
    /// `None` only for the empty fallback of [`Registry::bundled`].
    matchers: Option<Matchers>,
}

impl Registry {
    /// The compiled-in table, parsed once. Never panics: if the embedded CSV
    /// did not parse (the test `bundled_table_parses` rules that out), this
    /// is an empty registry that resolves nothing.
    pub fn bundled() -> &'static Registry {
        static BUNDLED: OnceLock<Registry> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Registry::from_csv(BUNDLED_CSV).unwrap_or_else(|_| Registry::empty()))
    }

    fn empty() -> Registry {
        Registry {
            entries: Vec::new(),
            by_code: HashMap::new(),
            county_kommuner: BTreeMap::new(),
            matchers: None,
        }
    }

    /// Parses and checks a table in the layout of data/municipalities.csv.
    pub fn from_csv(data: &str) -> Result<Registry, RegistryError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(data.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| RegistryError::at(Some(1), e.to_string()))?;
        if header.iter().ne(HEADER) {
            return Err(RegistryError::at(
                Some(1),
                format!("header must be {}", HEADER.join(",")),
            ));
        }
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record
                .map_err(|e| RegistryError::at(e.position().map(|p| p.line()), e.to_string()))?;
            let line = record.position().map(|p| p.line());
            let err = |reason: String| RegistryError::at(line, reason);
            // csv already rejects rows whose length differs from the header's.
            if record.len() != HEADER.len() {
                return Err(err(format!("{} fields, want 5", record.len())));
            }
            let [code, name, kind, county_code, county_name] =
                [0, 1, 2, 3, 4].map(|i| record.get(i).unwrap_or("").trim().to_string());
            let kind = match kind.as_str() {
                "kommun" => Kind::Kommun,
                "region" => Kind::Region,
                other => return Err(err(format!("kind {other:?} is not kommun or region"))),
            };
            let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
            if !digits(&county_code, 2) {
                return Err(err(format!("county_code {county_code:?} is not 2 digits")));
            }
            // A kommunkod starts with its länskod; a region's code is its länskod.
            let code_ok = match kind {
                Kind::Kommun => digits(&code, 4) && code.starts_with(&county_code),
                Kind::Region => code == county_code,
            };
            if !code_ok {
                return Err(err(format!(
                    "code {code:?} does not fit county {county_code}"
                )));
            }
            if name.is_empty() {
                return Err(err("empty name".into()));
            }
            // The county matcher is built from the stem before " län".
            if county_name.strip_suffix(" län").is_none_or(str::is_empty) {
                return Err(err(format!(
                    "county_name {county_name:?} must end in \" län\""
                )));
            }
            entries.push(Municipality {
                code,
                name,
                kind,
                county_code,
                county_name,
            });
        }
        Registry::from_entries(entries)
    }

    fn from_entries(mut entries: Vec<Municipality>) -> Result<Registry, RegistryError> {
        entries.sort_by(|a, b| a.code.cmp(&b.code));
        let mut by_code = HashMap::new();
        let mut county_kommuner: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut county_names: BTreeMap<&str, &str> = BTreeMap::new();
        let mut kommun: HashMap<String, usize> = HashMap::new();
        let mut region = HashMap::new();
        // Official names without the "Region " prefix ("Västra Götalandsregionen").
        let mut region_whole = HashSet::new();
        let mut county = HashMap::new();
        for (i, m) in entries.iter().enumerate() {
            if by_code.insert(m.code.clone(), i).is_some() {
                return Err(RegistryError::at(None, format!("code {} twice", m.code)));
            }
            let known = county_names.entry(&m.county_code).or_insert(&m.county_name);
            if *known != m.county_name {
                return Err(RegistryError::at(
                    None,
                    format!(
                        "county {} named both {known} and {}",
                        m.county_code, m.county_name
                    ),
                ));
            }
            let stem = m.county_name.trim_end_matches(" län");
            // "Jämtlands" → "Jämtland": the regex adds the genitive -s back.
            let base = fold(stem.strip_suffix('s').unwrap_or(stem)).text;
            match m.kind {
                Kind::Kommun => {
                    county_kommuner
                        .entry(m.county_code.clone())
                        .or_default()
                        .push(m.code.clone());
                    // Two kommuner folding alike would make a phrase ambiguous.
                    if let Some(other) = kommun.insert(fold(&m.name).text, i) {
                        let other = entries.get(other).map_or("?", |o| o.name.as_str());
                        return Err(RegistryError::at(
                            None,
                            format!("{other} and {} fold alike", m.name),
                        ));
                    }
                }
                Kind::Region => {
                    // "Region Gotland" is matched as "region" + "gotland";
                    // "Västra Götalandsregionen" as a whole.
                    let official = fold(&m.name).text;
                    let key = match official.strip_prefix("region ") {
                        Some(rest) => rest.to_string(),
                        None => {
                            region_whole.insert(strip(&official));
                            region_whole.insert(official.clone());
                            official
                        }
                    };
                    region.insert(key, m.county_code.clone());
                    // "Region Jämtland", "Region Jönköpings län" also name it.
                    region.insert(fold(&m.county_name).text, m.county_code.clone());
                    region.insert(base.clone(), m.county_code.clone());
                }
            }
            county.insert(base, m.county_code.clone());
        }
        let regions: Vec<&Municipality> =
            entries.iter().filter(|m| m.kind == Kind::Region).collect();
        if kommun.is_empty() || regions.is_empty() {
            return Err(RegistryError::at(None, "no kommun or no region rows"));
        }
        if let Some(m) = regions
            .iter()
            .find(|m| !county_kommuner.contains_key(&m.county_code))
        {
            return Err(RegistryError::at(
                None,
                format!("region {} has no kommuner", m.code),
            ));
        }
        add_stripped(&mut kommun);
        add_stripped(&mut region);
        add_stripped(&mut county);
        let matchers = Matchers::build(kommun, region, &region_whole, county)?;
        Ok(Registry {
            entries,
            by_code,
            county_kommuner,
            matchers: Some(matchers),
        })
    }

    /// A kommun ("1981") or a region ("23") by its code.
    pub fn by_code(&self, code: &str) -> Option<&Municipality> {
        self.by_code.get(code).and_then(|&i| self.entries.get(i))
    }

    /// All rows, sorted by code.
    pub fn iter(&self) -> impl Iterator<Item = &Municipality> {
        self.entries.iter()
    }

    /// The kommunkoder of a län ("23" → 2303 … 2380), sorted.
    pub fn county_kommuner(&self, county_code: &str) -> &[String] {
        self.county_kommuner
            .get(county_code)
            .map_or(&[], Vec::as_slice)
    }

    /// Issuers named with "kommun", "stad", "län" or "Region", in text order.
    pub fn resolve(&self, text: &str) -> Vec<Resolution> {
        let Some(m) = &self.matchers else {
            return Vec::new();
        };
        let folded = fold(text);
        self.strict(m, text, &folded)
    }

    /// As [`Registry::resolve`], plus bare kommun names printed exactly as
    /// SCB spells them ("Sala", "Malung-Sälen"; not "sala" or "SALA"). Use
    /// only where a name is expected, e.g. a "Kommun:" field: "Berg" and
    /// "Mora" are also ordinary words.
    pub fn resolve_loose(&self, text: &str) -> Vec<Resolution> {
        let Some(m) = &self.matchers else {
            return Vec::new();
        };
        let folded = fold(text);
        let mut found = self.strict(m, text, &folded);
        let taken: Vec<Range<usize>> = found.iter().map(|r| r.span.clone()).collect();
        for caps in m.loose.captures_iter(&folded.text) {
            let (Some(all), Some(name)) = (caps.get(0), caps.name("kn")) else {
                continue;
            };
            let span = folded.span(all.range());
            if taken
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
            {
                continue;
            }
            let Some(&i) = m.kommun.get(name.as_str()) else {
                continue;
            };
            let Some(entry) = self.entries.get(i) else {
                continue;
            };
            let printed = text.get(folded.span(name.range())).unwrap_or("");
            if canonical(printed) != canonical(&entry.name) {
                continue;
            }
            found.push(resolution(
                text,
                span,
                vec![entry.code.clone()],
                None,
                MatchKind::Name,
            ));
        }
        found.sort_by_key(|r| r.span.start);
        found
    }

    fn strict(&self, m: &Matchers, text: &str, folded: &Folded) -> Vec<Resolution> {
        let mut found = Vec::new();
        for caps in m.strict.captures_iter(&folded.text) {
            let Some(all) = caps.get(0) else { continue };
            let span = folded.span(all.range());
            // The name part must be capitalised: "Sala kommun", not "vara kommun".
            let name = ["rn", "rw", "cn", "kn"]
                .iter()
                .find_map(|g| caps.name(g).map(|n| (*g, n)));
            let Some((group, name)) = name else { continue };
            let capitalised = text
                .get(folded.span(name.range()))
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_uppercase);
            if !capitalised {
                continue;
            }
            let key = name.as_str();
            let resolution = match group {
                "rn" | "rw" => m.region.get(key).map(|county| {
                    let codes = self.county_kommuner(county).to_vec();
                    resolution(text, span, codes, Some(county.clone()), MatchKind::Region)
                }),
                "cn" => m.county.get(key).map(|county| {
                    let codes = self.county_kommuner(county).to_vec();
                    resolution(text, span, codes, Some(county.clone()), MatchKind::County)
                }),
                _ => m
                    .kommun
                    .get(key)
                    .and_then(|&i| self.entries.get(i))
                    .map(|e| {
                        let kind = if caps.name("stad").is_some() {
                            MatchKind::Stad
                        } else {
                            MatchKind::Kommun
                        };
                        resolution(text, span, vec![e.code.clone()], None, kind)
                    }),
            };
            found.extend(resolution);
        }
        found
    }
}

fn resolution(
    text: &str,
    span: Range<usize>,
    codes: Vec<String>,
    region: Option<String>,
    kind: MatchKind,
) -> Resolution {
    Resolution {
        phrase: text.get(span.clone()).unwrap_or("").to_string(),
        span,
        codes,
        region,
        kind,
    }
}

impl Matchers {
    fn build(
        kommun: HashMap<String, usize>,
        region: HashMap<String, String>,
        whole: &HashSet<String>,
        county: HashMap<String, String>,
    ) -> Result<Matchers, RegistryError> {
        let prefixed = region.keys().filter(|k| !whole.contains(*k));
        let kn = alternation(kommun.keys());
        // ASCII \b: the folded text's letters are ASCII, and the lazy DFA
        // can run ASCII boundaries where Unicode ones would fall back to a
        // slow engine on a long plan.
        let mut branches = vec![format!("region (?P<rn>{})s?", alternation(prefixed))];
        if !whole.is_empty() {
            branches.push(format!("(?P<rw>{})s?", alternation(whole.iter())));
        }
        // "län", folded (see `fold`), or "lan" from OCR.
        branches.push(format!("(?P<cn>{})s? l[Ba]ns?", alternation(county.keys())));
        branches.push(format!("(?P<kn>{kn})s? (?:kommun|(?P<stad>stad))s?"));
        let strict = format!(r"(?-u:\b)(?:{})(?-u:\b)", branches.join("|"));
        let loose = format!(r"(?-u:\b)(?P<kn>{kn})s?(?-u:\b)");
        let compile = |p: &str| Regex::new(p).map_err(|e| RegistryError::at(None, e.to_string()));
        Ok(Matchers {
            strict: compile(&strict)?,
            loose: compile(&loose)?,
            kommun,
            region,
            county,
        })
    }
}

/// Longest first, so "upplands vasby" is tried before a shorter name at the
/// same place; sorted for a deterministic pattern.
fn alternation<'a>(keys: impl IntoIterator<Item = &'a String>) -> String {
    let mut keys: Vec<&String> = keys.into_iter().collect();
    keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    keys.iter()
        .map(|k| regex::escape(k))
        .collect::<Vec<_>>()
        .join("|")
}

/// Text folded for matching, with each byte's source range in the original.
#[derive(Debug, Default)]
struct Folded {
    text: String,
    start: Vec<usize>,
    end: Vec<usize>,
}

impl Folded {
    fn push(&mut self, c: char, from: usize, to: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.start.push(from);
            self.end.push(to);
        }
    }

    /// The original byte range of a non-empty folded range.
    fn span(&self, r: Range<usize>) -> Range<usize> {
        let start = self.start.get(r.start).copied().unwrap_or(0);
        let end = r
            .end
            .checked_sub(1)
            .and_then(|last| self.end.get(last).copied())
            .unwrap_or(start);
        start..end
    }
}

/// Hyphens join parts of a name ("Malung-Sälen", "Dals-Ed") that texts
/// also print with a space.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// Lowercase; hyphens and whitespace runs → one space. å ä ö become the
/// stand-ins `A` `B` `C`: still distinct (Håbo is not Habo), still ASCII
/// word characters, so the regex can use ASCII word boundaries, which run
/// ~20× faster than Unicode ones on Swedish text; no other uppercase is
/// left after lowercasing. Other accents are dropped; any other non-ASCII
/// letter becomes `x`.
fn fold(text: &str) -> Folded {
    let mut out = Folded::default();
    let mut gap: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c == '\u{ad}' {
            // A soft hyphen is invisible: the word goes on.
            continue;
        }
        if c.is_whitespace() || is_hyphen(c) {
            gap.get_or_insert((i, end));
            continue;
        }
        if let Some((from, to)) = gap.take() {
            if !out.text.is_empty() {
                out.push(' ', from, to);
            }
        }
        for lower in c.to_lowercase() {
            let folded = match lower {
                'å' => 'A',
                'ä' | 'æ' => 'B',
                'ö' | 'ø' => 'C',
                'à' | 'á' | 'â' | 'ã' => 'a',
                'ò' | 'ó' | 'ô' | 'õ' => 'o',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ü' | 'ú' | 'ù' => 'u',
                c if !c.is_ascii() && c.is_alphanumeric() => 'x',
                c => c,
            };
            out.push(folded, i, end);
        }
    }
    out
}

/// A folded key as OCR prints it when the marks are lost: "alingsAs" →
/// "alingsas".
fn strip(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            'A' | 'B' => 'a',
            'C' => 'o',
            c => c,
        })
        .collect()
}

/// Adds each key's unmarked spelling ([`strip`]) unless it would name
/// something else: "habo" stays Habo's, never Håbo's.
fn add_stripped<V: Clone + PartialEq>(map: &mut HashMap<String, V>) {
    let mut alternates: HashMap<String, Option<V>> = HashMap::new();
    for (key, value) in map.iter() {
        let alternate = strip(key);
        if alternate != *key {
            alternates
                .entry(alternate)
                .and_modify(|v| {
                    if v.as_ref() != Some(value) {
                        *v = None;
                    }
                })
                .or_insert_with(|| Some(value.clone()));
        }
    }
    for (alternate, value) in alternates {
        if let Some(value) = value {
            map.entry(alternate).or_insert(value);
        }
    }
}

/// A name as printed, with hyphen and whitespace variants made one.
fn canonical(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || is_hyphen(c))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAMTLAND: [&str; 8] = [
        "2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380",
    ];

    fn reg() -> &'static Registry {
        Registry::bundled()
    }

    fn codes(text: &str) -> Vec<Vec<String>> {
        reg().resolve(text).into_iter().map(|r| r.codes).collect()
    }

    fn one(text: &str) -> Resolution {
        let mut found = reg().resolve(text);
        assert_eq!(found.len(), 1, "{text:?} → {found:?}");
        found.remove(0)
    }

    #[test]
    fn bundled_table_parses() {
        let parsed = Registry::from_csv(BUNDLED_CSV);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        // bundled() is the same table, not the empty fallback.
        assert_eq!(reg().iter().count(), 311);
    }

    #[test]
    fn table_has_290_kommuner_and_21_regions() {
        let count = |k| reg().iter().filter(|m| m.kind == k).count();
        assert_eq!(count(Kind::Kommun), 290);
        assert_eq!(count(Kind::Region), 21);
        assert_eq!(reg().county_kommuner("23"), JAMTLAND);
        let per_county: Vec<(&str, usize)> = vec![
            ("01", 26),
            ("03", 8),
            ("04", 9),
            ("05", 13),
            ("06", 13),
            ("07", 8),
            ("08", 12),
            ("09", 1),
            ("10", 5),
            ("12", 33),
            ("13", 6),
            ("14", 49),
            ("17", 16),
            ("18", 12),
            ("19", 10),
            ("20", 15),
            ("21", 10),
            ("22", 7),
            ("23", 8),
            ("24", 15),
            ("25", 14),
        ];
        for (county, n) in per_county {
            assert_eq!(reg().county_kommuner(county).len(), n, "county {county}");
            assert_eq!(reg().by_code(county).map(|m| m.kind), Some(Kind::Region));
        }
        let codes: Vec<&str> = reg().iter().map(|m| m.code.as_str()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
    }

    #[test]
    fn by_code_finds_kommuner_and_regions() {
        let sala = reg().by_code("1981");
        assert_eq!(sala.map(|m| m.name.as_str()), Some("Sala"));
        assert_eq!(
            sala.map(|m| m.county_name.as_str()),
            Some("Västmanlands län")
        );
        let by_name = |c| reg().by_code(c).map(|m| m.name.as_str());
        assert_eq!(by_name("0980"), Some("Gotland"));
        assert_eq!(by_name("1489"), Some("Alingsås"));
        assert_eq!(by_name("2380"), Some("Östersund"));
        assert_eq!(by_name("23"), Some("Region Jämtland Härjedalen"));
        assert_eq!(by_name("09"), Some("Region Gotland"));
        assert_eq!(by_name("9999"), None);
    }

    #[test]
    fn match_keys_are_ascii_and_unambiguous() {
        let Some(m) = &reg().matchers else {
            panic!("bundled registry has no matchers");
        };
        // 290 names, and an unmarked spelling for most of the marked ones.
        assert!(m.kommun.len() > 290);
        for (key, i) in &m.kommun {
            assert!(key.is_ascii(), "{key}");
            // A genitive -s must not turn one kommun into another.
            let genitive = m.kommun.get(&format!("{key}s"));
            assert!(genitive.is_none_or(|j| j == i), "{key}");
        }
    }

    #[test]
    fn ocr_without_diacritics() {
        assert_eq!(codes("Alingsas kommun"), [["1489"]]);
        assert_eq!(codes("Vasteras stad inom"), [["1980"]]);
        assert_eq!(codes("Ostersunds kommun"), [["2380"]]);
        assert_eq!(codes("Jamtlands lan"), [JAMTLAND]);
        assert_eq!(codes("Vastra Gotalandsregionen").len(), 1);
        // Håbo and Habo differ only by the ring: unmarked "Habo" is Habo.
        assert_eq!(codes("Håbo kommun"), [["0305"]]);
        assert_eq!(codes("Habo kommun"), [["0643"]]);
    }

    #[test]
    fn real_phrases() {
        let sala = one("Insatserna riktar sig till personer som är folkbokförda i Sala kommun");
        assert_eq!(sala.codes, ["1981"]);
        assert_eq!(
            (sala.phrase.as_str(), sala.kind),
            ("Sala kommun", MatchKind::Kommun)
        );

        let gotland = one("Region Gotland · Socialförvaltningen");
        assert_eq!(gotland.codes, ["0980"]);
        assert_eq!(gotland.region.as_deref(), Some("09"));
        assert_eq!(
            (gotland.phrase.as_str(), gotland.kind),
            ("Region Gotland", MatchKind::Region)
        );

        assert_eq!(codes("Alingsås kommun · Socialnämnden"), [["1489"]]);

        // 003: title line, then the document's scope.
        let text = "Insatser som länsverksamheterna tillhandahåller utan individuell \
                    behovsprövning \n…\nFamiljerådgivningen och Barnahus i Jämtlands län ";
        let county = one(text);
        assert_eq!(county.codes, JAMTLAND);
        assert_eq!(county.region.as_deref(), Some("23"));
        assert_eq!(
            (county.phrase.as_str(), county.kind),
            ("Jämtlands län", MatchKind::County)
        );
        assert_eq!(&text[county.span.clone()], "Jämtlands län");

        let vasteras = one("Västerås stad inom Individ och familjeförvaltningen");
        assert_eq!(vasteras.codes, ["1980"]);
        assert_eq!(vasteras.kind, MatchKind::Stad);

        assert!(reg()
            .resolve("Det ska inte krävas någon bedömning av …")
            .is_empty());
        assert!(reg()
            .resolve_loose("Det ska inte krävas någon bedömning av …")
            .is_empty());
    }

    #[test]
    fn genitive_case_and_variants() {
        assert_eq!(one("Sala kommuns riktlinjer").phrase, "Sala kommuns");
        assert_eq!(codes("SALA KOMMUN"), [["1981"]]);
        assert_eq!(one("Region Gotlands insatser").phrase, "Region Gotlands");
        let gotlands = one("Gotlands kommun");
        assert_eq!(
            (gotlands.codes.as_slice(), gotlands.region),
            (&["0980".to_string()][..], None)
        );
        let nämnd = one("Socialnämnden i Östersunds kommun");
        assert_eq!(
            (nämnd.phrase.as_str(), nämnd.codes.as_slice()),
            ("Östersunds kommun", &["2380".to_string()][..])
        );
        assert_eq!(one("Jämtlands läns kommuner").phrase, "Jämtlands läns");
        assert_eq!(codes("Stockholms stad"), [["0180"]]);
        assert_eq!(codes("Göteborgs Stad"), [["1480"]]);
        assert_eq!(codes("Upplands Väsby kommun"), [["0114"]]);
        assert_eq!(codes("Upplands-Bro kommun"), [["0139"]]);
        assert_eq!(codes("Upplands Bro kommun"), [["0139"]]);
        assert_eq!(codes("Malung-Sälens kommun"), [["2023"]]);
        assert_eq!(codes("Malung Sälen kommun"), [["2023"]]);
        assert_eq!(codes("Dals-Eds kommun"), [["1438"]]);
        assert_eq!(codes("Dals Ed kommun"), [["1438"]]);
        assert_eq!(codes("Lilla\nEdets kommun"), [["1462"]]);
        assert_eq!(
            codes("Ale kommun, Åre kommun och Bergs kommun"),
            [["1440"], ["2321"], ["2326"]]
        );
    }

    #[test]
    fn regions() {
        let jh = one("Region Jämtland Härjedalen ansvarar för");
        assert_eq!(
            (jh.kind, jh.region.as_deref()),
            (MatchKind::Region, Some("23"))
        );
        assert_eq!(jh.codes, JAMTLAND);
        assert_eq!(jh.phrase, "Region Jämtland Härjedalen");
        assert_eq!(
            one("Region Jämtland-Härjedalens").region.as_deref(),
            Some("23")
        );
        assert_eq!(one("Region Jämtland").region.as_deref(), Some("23"));
        let jkpg = one("Region Jönköpings län");
        assert_eq!(
            (jkpg.phrase.as_str(), jkpg.region.as_deref()),
            ("Region Jönköpings län", Some("06"))
        );
        assert_eq!(one("Region Sörmland").region.as_deref(), Some("04"));
        assert_eq!(one("Region Södermanland").region.as_deref(), Some("04"));
        let vgr = one("Västra Götalandsregionen");
        assert_eq!((vgr.region.as_deref(), vgr.codes.len()), (Some("14"), 49));
        assert_eq!(one("Västra Götalands län").region.as_deref(), Some("14"));
        assert_eq!(one("Region Skåne").region.as_deref(), Some("12"));
        assert_eq!(one("Stockholms län").codes.len(), 26);
    }

    #[test]
    fn common_words_alone_do_not_match() {
        for text in [
            "Det ska vara kommunens ansvar",
            "det kan vara kommun eller region",
            "ale, mora och åre",
            "Berg och dal, Åre runt, Mora nu",
            "Sala är en stad",
            "Kil, Tibro, Bjuv",
            "på egen mark kommun",
            "region",
        ] {
            assert!(
                reg().resolve(text).is_empty(),
                "{text:?} → {:?}",
                reg().resolve(text)
            );
        }
    }

    #[test]
    fn loose_matching_takes_exact_names_only() {
        let found = reg().resolve_loose("Vi bor i Mora, nära Malung-Sälen och Sala kommun.");
        let got: Vec<(&str, MatchKind)> =
            found.iter().map(|r| (r.phrase.as_str(), r.kind)).collect();
        assert_eq!(
            got,
            [
                ("Mora", MatchKind::Name),
                ("Malung-Sälen", MatchKind::Name),
                ("Sala kommun", MatchKind::Kommun)
            ]
        );
        assert!(reg().resolve_loose("mora, MORA, sala").is_empty());
    }

    #[test]
    fn spans_are_byte_ranges_of_the_input() {
        let text = "Åtgärder – Ärenden hos Östersunds kommuns socialnämnd";
        let r = one(text);
        assert_eq!(&text[r.span.clone()], "Östersunds kommuns");
        assert_eq!(r.span.start, text.find("Öster").unwrap_or(usize::MAX));
    }

    #[test]
    fn bad_tables_are_errors_not_panics() {
        let head = "code,name,kind,county_code,county_name\n";
        let region = "19,Region Västmanland,region,19,Västmanlands län\n";
        let sala = "1981,Sala,kommun,19,Västmanlands län\n";
        let ok = format!("{head}{region}{sala}");
        assert!(Registry::from_csv(&ok).is_ok());
        for bad in [
            String::new(),
            "code,name\n19,x\n".to_string(),
            format!("{head}{region}"),
            format!("{head}{region}{sala}{sala}"),
            format!("{head}{region}1981,Sala,kommun,20,Västmanlands län\n"),
            format!("{head}{region}198,Sala,kommun,19,Västmanlands län\n"),
            format!("{head}{region}1981,Sala,town,19,Västmanlands län\n"),
            format!("{head}{region}1981,Sala,kommun,19,Västmanland\n"),
            format!("{head}{region}1981,Sala,kommun,19\n"),
            format!("{head}{region}{sala}1982,SALA,kommun,19,Västmanlands län\n"),
        ] {
            assert!(Registry::from_csv(&bad).is_err(), "{bad:?}");
        }
    }
}
