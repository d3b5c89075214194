//! `--manifest FILE.csv`: what a national collection already knows about
//! each file (who sent it, when it was decided). It overrides detection; a
//! disagreement with what the text says becomes a warning on the document.
//!
//! Columns: `path,kommunkod[,date]`, a header row optional. `path` matches
//! an input by its path as given, or by its file name when exactly one
//! input has it. `kommunkod` is one or more SCB codes (`1981`, a region's
//! `23`; several joined by `|`), each checked against
//! `data/municipalities.csv`; a single code also gives the issuer's name.

use super::municipality::{Kind, Registry};
use std::collections::BTreeMap;
use std::path::Path;

/// Serialisable: a batch sends it with the document to a worker process.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ManifestEntry {
    pub codes: Vec<String>,
    pub date: Option<String>,
    /// The issuer SCB's table names for a single code ("Sala kommun",
    /// "Region Jämtland Härjedalen"); `None` for several codes.
    pub issuer: Option<String>,
}

/// One row: its line in the file, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    line: usize,
    entry: ManifestEntry,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The file, as messages name it.
    source: String,
    by_key: BTreeMap<String, Row>,
}

impl Manifest {
    /// Reads a manifest; every malformed row is an error naming its line.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let name = path.display().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(|e| format!("{name}: {e}"))?;
        let registry = Registry::bundled();
        let mut by_key = BTreeMap::new();
        for (i, row) in reader.records().enumerate() {
            let line = i + 1;
            let row = row.map_err(|e| format!("{name}:{line}: {e}"))?;
            let file = row.get(0).unwrap_or("");
            let code = row.get(1).unwrap_or("");
            if line == 1 && code.eq_ignore_ascii_case("kommunkod") {
                continue; // header
            }
            if file.is_empty() {
                return Err(format!("{name}:{line}: no path"));
            }
            let codes: Vec<String> = code
                .split(['|', ';', ' '])
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            if codes.is_empty()
                || codes
                    .iter()
                    .any(|c| !(matches!(c.len(), 2 | 4) && c.chars().all(|d| d.is_ascii_digit())))
            {
                return Err(format!(
                    "{name}:{line}: kommunkod must be four digits (a kommun) or two (a region), got {code:?}"
                ));
            }
            if let Some(unknown) = codes.iter().find(|c| registry.by_code(c).is_none()) {
                return Err(format!(
                    "{name}:{line}: kommunkod {unknown} is not in SCB's table of kommuner and regioner (data/municipalities.csv)"
                ));
            }
            let date = row.get(2).filter(|d| !d.is_empty()).map(str::to_string);
            if let Some(d) = &date {
                let ok = d.len() == 10
                    && d.chars().enumerate().all(|(i, c)| {
                        if i == 4 || i == 7 {
                            c == '-'
                        } else {
                            c.is_ascii_digit()
                        }
                    });
                if !ok {
                    return Err(format!("{name}:{line}: date must be YYYY-MM-DD, got {d:?}"));
                }
            }
            let key = normalise(file);
            if let Some(first) = by_key.get(&key).map(|r: &Row| r.line) {
                return Err(format!("{name}:{line}: {file} is already on line {first}"));
            }
            let issuer = match codes.as_slice() {
                [only] => issuer_of(registry, only),
                _ => None,
            };
            let entry = ManifestEntry {
                codes,
                date,
                issuer,
            };
            by_key.insert(key, Row { line, entry });
        }
        Ok(Manifest {
            source: name,
            by_key,
        })
    }

    /// The entry for an input: by its path as given, else by its file name.
    /// (For a batch, [`Manifest::match_inputs`] also refuses a file name
    /// that several inputs share.)
    pub fn entry(&self, input: &Path) -> Option<&ManifestEntry> {
        self.by_key
            .get(&normalise(&input.display().to_string()))
            .or_else(|| {
                input
                    .file_name()
                    .and_then(|n| self.by_key.get(&n.to_string_lossy().into_owned()))
            })
            .map(|r| &r.entry)
    }

    /// Each input's entry, and warnings for the rows that match no input
    /// and for file names that several inputs share (such a row applies to
    /// none of them: the path tells which was meant).
    pub fn match_inputs(&self, inputs: &[&Path]) -> (Vec<Option<ManifestEntry>>, Vec<String>) {
        let paths: Vec<String> = inputs
            .iter()
            .map(|p| normalise(&p.display().to_string()))
            .collect();
        let mut sharing: BTreeMap<String, usize> = BTreeMap::new();
        for input in inputs {
            if let Some(n) = input.file_name() {
                *sharing.entry(n.to_string_lossy().into_owned()).or_default() += 1;
            }
        }
        let file_name_of = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
        let entries = inputs
            .iter()
            .zip(&paths)
            .map(|(input, path)| {
                let by_name = || {
                    let name = file_name_of(input)?;
                    (sharing.get(&name) == Some(&1))
                        .then(|| self.by_key.get(&name))
                        .flatten()
                };
                self.by_key
                    .get(path)
                    .or_else(by_name)
                    .map(|r| r.entry.clone())
            })
            .collect();
        let mut warnings = Vec::new();
        for (key, row) in &self.by_key {
            if paths.contains(key) {
                continue;
            }
            let at = format!("{}:{}: {key}", self.source, row.line);
            match sharing.get(key).copied().unwrap_or(0) {
                0 => warnings.push(format!("{at} matches no input")),
                1 => {}
                n => warnings.push(format!(
                    "{at} is the file name of {n} inputs; applied to none (give the path)"
                )),
            }
        }
        (entries, warnings)
    }
}

/// `./a/plan.pdf` and `a/plan.pdf` are the same path as given.
fn normalise(path: &str) -> String {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

/// The issuer's name for a code, as plans print it: "Sala kommun"; a
/// region's official name. A kommun that is its county's only one is the
/// region itself (Gotland, 0980: "Region Gotland" is both).
pub fn issuer_of(registry: &Registry, code: &str) -> Option<String> {
    let m = registry.by_code(code)?;
    match m.kind {
        Kind::Region => Some(m.name.clone()),
        Kind::Kommun => {
            let only_one = registry.county_kommuner(&m.county_code).len() == 1;
            match registry.by_code(&m.county_code) {
                Some(region) if only_one && region.kind == Kind::Region => {
                    Some(region.name.clone())
                }
                _ => Some(format!("{} kommun", m.name)),
            }
        }
    }
}

/// Applies an entry to a plan's document record.
pub fn apply(plan: &mut crate::output::Plan, entry: &ManifestEntry) {
    let doc = &mut plan.document;
    let codes_differ = doc.municipality_codes != entry.codes;
    if !doc.municipality_codes.is_empty() && codes_differ {
        doc.warnings.push(format!(
            "manifest says kommunkod {}, the text says {}",
            entry.codes.join(","),
            doc.municipality_codes.join(",")
        ));
    }
    // The issuer as printed stays when it has the manifest's code; when the
    // text names no issuer, or another one, SCB's name for the code is it.
    if let Some(issuer) = entry
        .issuer
        .as_ref()
        .filter(|_| codes_differ || doc.issuer.is_none())
    {
        if let Some(printed) = doc.issuer.as_ref().filter(|p| *p != issuer) {
            doc.warnings.push(format!(
                "manifest's kommunkod {} is {issuer}, the text says {printed}",
                entry.codes.join(",")
            ));
        }
        doc.issuer = Some(issuer.clone());
        doc.evidence.insert(
            "issuer".into(),
            "(manifest: SCB's name for the code)".into(),
        );
    }
    doc.municipality_codes = entry.codes.clone();
    doc.evidence
        .insert("municipality_codes".into(), "(manifest)".into());
    if let Some(date) = &entry.date {
        if doc.decided.as_ref().is_some_and(|d| d != date) {
            doc.warnings.push(format!(
                "manifest says decided {date}, the text says {}",
                doc.decided.as_deref().unwrap_or("")
            ));
        }
        doc.decided = Some(date.clone());
        doc.evidence.insert("decided".into(), "(manifest)".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_refuses_bad_ones() {
        let dir = std::env::temp_dir().join(format!("iub-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.csv");
        std::fs::write(
            &good,
            "path,kommunkod,date\nplans/sala.pdf,1981,2025-06-01\n000.pdf,0980\nj.pdf,23\n",
        )
        .unwrap();
        let m = Manifest::read(&good).unwrap();
        let sala = m.entry(Path::new("plans/sala.pdf")).unwrap();
        assert_eq!(sala.date.as_deref(), Some("2025-06-01"));
        // SCB: 1981 Sala (kommun); 23 Region Jämtland Härjedalen; 0980
        // Gotland, the only kommun of län 09, whose region it is.
        assert_eq!(sala.issuer.as_deref(), Some("Sala kommun"));
        let gotland = m.entry(Path::new("/data/in/000.pdf")).unwrap();
        assert_eq!(gotland.codes, vec!["0980"]);
        assert_eq!(gotland.issuer.as_deref(), Some("Region Gotland"));
        assert_eq!(
            m.entry(Path::new("j.pdf")).unwrap().issuer.as_deref(),
            Some("Region Jämtland Härjedalen")
        );
        let refused = |rows: &str| {
            let bad = dir.join("bad.csv");
            std::fs::write(&bad, rows).unwrap();
            Manifest::read(&bad).unwrap_err()
        };
        assert!(refused("a.pdf,98\n").contains("bad.csv:1: kommunkod 98 is not in SCB's table"));
        assert!(refused("path,kommunkod\na.pdf,1981\nb.pdf,9999\n")
            .contains("bad.csv:3: kommunkod 9999 is not in SCB's table"));
        assert!(refused("a.pdf,19811\n").contains("bad.csv:1: kommunkod must be four digits"));
        assert!(refused("a.pdf,1981\n./a.pdf,1980\n")
            .contains("bad.csv:2: ./a.pdf is already on line 1"));
    }

    #[test]
    fn rows_match_inputs_and_the_others_are_warnings() {
        let dir = std::env::temp_dir().join(format!("iub-manifest-match-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("m.csv");
        std::fs::write(
            &file,
            "in/sala.pdf,1981\ngone.pdf,0980\nplan.pdf,23\nx/other.pdf,0180\n",
        )
        .unwrap();
        let m = Manifest::read(&file).unwrap();
        let inputs = [
            Path::new("./in/sala.pdf"),
            Path::new("a/plan.pdf"),
            Path::new("b/plan.pdf"),
            Path::new("y/other.pdf"),
        ];
        let (entries, warnings) = m.match_inputs(&inputs);
        let codes: Vec<Option<&str>> = entries
            .iter()
            .map(|e| e.as_ref().map(|e| e.codes[0].as_str()))
            .collect();
        // By path (./ ignored); a file name two inputs share applies to
        // neither; a path that names another folder matches nothing.
        assert_eq!(codes, vec![Some("1981"), None, None, None]);
        let name = file.display();
        assert_eq!(
            warnings,
            vec![
                format!("{name}:2: gone.pdf matches no input"),
                format!("{name}:3: plan.pdf is the file name of 2 inputs; applied to none (give the path)"),
                format!("{name}:4: x/other.pdf matches no input"),
            ]
        );
    }
}
