//! `--manifest FILE.csv`: what a national collection already knows about
//! each file (who sent it, when it was decided). It overrides detection; a
//! disagreement with what the text says becomes a warning on the document.
//!
//! Columns: `path,kommunkod[,date]`, a header row optional. `path` matches
//! an input by its path as given or by its file name.

use std::collections::BTreeMap;
use std::path::Path;

/// Serialisable: a batch sends it with the document to a worker process.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ManifestEntry {
    pub codes: Vec<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    by_key: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    /// Reads a manifest; every malformed row is an error naming its line.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let name = path.display();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(|e| format!("{name}: {e}"))?;
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
                    .any(|c| !(c.len() == 4 && c.chars().all(|d| d.is_ascii_digit())))
            {
                return Err(format!(
                    "{name}:{line}: kommunkod must be four digits, got {code:?}"
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
            by_key.insert(file.to_string(), ManifestEntry { codes, date });
        }
        Ok(Manifest { by_key })
    }

    /// The entry for an input: by its path as given, else by its file name.
    pub fn entry(&self, input: &Path) -> Option<&ManifestEntry> {
        self.by_key.get(&input.display().to_string()).or_else(|| {
            input
                .file_name()
                .and_then(|n| self.by_key.get(&n.to_string_lossy().into_owned()))
        })
    }
}

/// Applies an entry to a plan's document record.
pub fn apply(plan: &mut crate::output::Plan, entry: &ManifestEntry) {
    let doc = &mut plan.document;
    if !doc.municipality_codes.is_empty() && doc.municipality_codes != entry.codes {
        doc.warnings.push(format!(
            "manifest says kommunkod {}, the text says {}",
            entry.codes.join(","),
            doc.municipality_codes.join(",")
        ));
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
            "path,kommunkod,date\nplans/sala.pdf,1981,2025-06-01\n000.pdf,0980\n",
        )
        .unwrap();
        let m = Manifest::read(&good).unwrap();
        assert_eq!(
            m.entry(Path::new("plans/sala.pdf"))
                .unwrap()
                .date
                .as_deref(),
            Some("2025-06-01")
        );
        assert_eq!(
            m.entry(Path::new("/data/in/000.pdf")).unwrap().codes,
            vec!["0980"]
        );
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "a.pdf,98\n").unwrap();
        assert!(Manifest::read(&bad)
            .unwrap_err()
            .contains("bad.csv:1: kommunkod must be four digits"));
    }
}
