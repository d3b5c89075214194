//! Batch-level datasets built from the per-document outputs of a run:
//! `interventions.jsonl` (one intervention per line with its document's key
//! fields), `interventions.csv` (flattened, sets joined with `|`; the Excel
//! variant uses `;` and a UTF-8 BOM so Swedish Excel opens it right) and
//! `summary.json`. Writers only read finished `<stem>.json` files, one at a
//! time, so memory does not grow with the batch.

use crate::classify::municipality::Registry;
use crate::output::value_at;
use serde_json::{json, Map, Value};
use std::io::{self, Write};
use std::path::Path;

/// Document fields repeated on every intervention line (`document.…` in
/// the JSONL rows; `docs/codebook.md` describes each).
const DOCUMENT_KEYS: &[&str] = &[
    "source_file",
    "sha256",
    "schema_version",
    "iub_version",
    "issuer",
    "municipality_codes",
    "municipality_names",
    "county_codes",
    "county_names",
    "body",
    "decided",
    "valid_from",
    "reference",
    "layout",
    "warnings",
];

/// CSV columns: (header, JSON path within the JSONL row: the intervention,
/// or `document.…`). `docs/codebook.md` describes every one (a test holds
/// it to this list).
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("source_file", "document.source_file"),
    ("issuer", "document.issuer"),
    ("municipality_codes", "document.municipality_codes"),
    ("municipality_names", "document.municipality_names"),
    ("county_codes", "document.county_codes"),
    ("county_names", "document.county_names"),
    ("body", "document.body"),
    ("decided", "document.decided"),
    ("valid_from", "document.valid_from"),
    ("reference", "document.reference"),
    ("layout", "document.layout"),
    ("sha256", "document.sha256"),
    ("iub_version", "document.iub_version"),
    ("schema_version", "document.schema_version"),
    ("document_warnings", "document.warnings"),
    ("id", "id"),
    ("name", "name"),
    ("provider", "provider"),
    ("section", "section"),
    ("category", "category"),
    ("description", "description"),
    ("target_group", "target_group.text"),
    ("age_min", "target_group.age_min"),
    ("age_max", "target_group.age_max"),
    ("audiences", "target_group.audiences"),
    ("problem_areas", "target_group.problem_areas"),
    ("conditions", "conditions"),
    ("residency_required", "residency_required"),
    ("guardian_consent", "guardian_consent"),
    ("needs_assessed", "needs_assessed"),
    ("documentation_regime", "documentation.regime"),
    ("documentation_legal_basis", "documentation.legal_basis"),
    ("documentation_reason", "documentation.reason"),
    ("documentation_text", "documentation.text"),
    ("programmes", "programmes"),
    ("page", "source.page"),
    ("bbox", "source.bbox"),
    ("warnings", "warnings"),
];

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("|"),
        other => other.to_string(),
    }
}

/// The document fields of a plan as every row carries them: the plan's own,
/// its versions from `produced_by`, and the kommun and county names of its
/// codes from SCB's table (a region's code names the region and its län).
fn document_fields(document: &Value) -> Map<String, Value> {
    let registry = Registry::bundled();
    let codes: Vec<&str> = document
        .get("municipality_codes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let known: Vec<_> = codes.iter().filter_map(|c| registry.by_code(c)).collect();
    let mut county_codes: Vec<String> = Vec::new();
    let mut county_names: Vec<String> = Vec::new();
    for m in &known {
        if !county_codes.contains(&m.county_code) {
            county_codes.push(m.county_code.clone());
            county_names.push(m.county_name.clone());
        }
    }
    let mut fields = Map::new();
    for &k in DOCUMENT_KEYS {
        let v = match k {
            "iub_version" => value_at(document, "produced_by.iub_version").clone(),
            "municipality_names" => {
                json!(known.iter().map(|m| m.name.as_str()).collect::<Vec<_>>())
            }
            "county_codes" => json!(county_codes),
            "county_names" => json!(county_names),
            _ => document.get(k).cloned().unwrap_or(Value::Null),
        };
        fields.insert(k.to_string(), v);
    }
    fields
}

/// Counts gathered while writing, for the summary.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Totals {
    pub documents: usize,
    pub interventions: usize,
    pub pages: usize,
    pub regimes: std::collections::BTreeMap<String, usize>,
    /// Documents whose `document.needs_review` is not empty: file name and
    /// reasons, in input order.
    pub needs_review: Vec<NeedsReview>,
}

/// A document the segmenter could not fully read, and why.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct NeedsReview {
    pub file: String,
    pub reasons: Vec<String>,
}

/// Writes `interventions.jsonl` and `interventions.csv` into `out` from the
/// given per-document JSON files, in the order given.
pub fn write_datasets(
    out: &Path,
    documents: &[std::path::PathBuf],
    excel: bool,
) -> io::Result<Totals> {
    let jsonl_tmp = out.join(".interventions.jsonl.tmp");
    let csv_tmp = out.join(".interventions.csv.tmp");
    let mut jsonl = io::BufWriter::new(std::fs::File::create(&jsonl_tmp)?);
    let mut csv_file = io::BufWriter::new(std::fs::File::create(&csv_tmp)?);
    if excel {
        csv_file.write_all("\u{FEFF}".as_bytes())?;
    }
    let mut csv = csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_writer(csv_file);
    csv.write_record(CSV_COLUMNS.iter().map(|(h, _)| *h))
        .map_err(io::Error::other)?;
    let mut totals = Totals::default();
    for path in documents {
        let text = std::fs::read_to_string(path)?;
        let plan: Value = serde_json::from_str(&text).map_err(io::Error::other)?;
        let document = plan.get("document").cloned().unwrap_or(Value::Null);
        let key_fields = document_fields(&document);
        totals.documents += 1;
        totals.pages += document.get("pages").and_then(Value::as_u64).unwrap_or(0) as usize;
        let reasons: Vec<String> = document
            .get("needs_review")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        if !reasons.is_empty() {
            let file = document
                .get("source_file")
                .and_then(Value::as_str)
                .map_or_else(|| path.display().to_string(), String::from);
            totals.needs_review.push(NeedsReview { file, reasons });
        }
        let empty = Vec::new();
        let items = plan
            .get("interventions")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for item in items {
            totals.interventions += 1;
            let regime = value_at(item, "documentation.regime")
                .as_str()
                .unwrap_or("null")
                .to_string();
            *totals.regimes.entry(regime).or_default() += 1;
            let mut line = Map::new();
            line.insert("document".into(), Value::Object(key_fields.clone()));
            if let Value::Object(fields) = item {
                for (k, v) in fields {
                    line.insert(k.clone(), v.clone());
                }
            }
            serde_json::to_writer(&mut jsonl, &Value::Object(line)).map_err(io::Error::other)?;
            jsonl.write_all(b"\n")?;
            let with_doc = json!({"document": &key_fields});
            let row: Vec<String> = CSV_COLUMNS
                .iter()
                .map(|(_, p)| match p.strip_prefix("document.") {
                    Some(_) => cell(value_at(&with_doc, p)),
                    None => cell(value_at(item, p)),
                })
                .collect();
            csv.write_record(&row).map_err(io::Error::other)?;
        }
    }
    jsonl.flush()?;
    drop(jsonl);
    let mut inner = csv
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    inner.flush()?;
    drop(inner);
    std::fs::rename(&jsonl_tmp, out.join("interventions.jsonl"))?;
    std::fs::rename(&csv_tmp, out.join("interventions.csv"))?;
    Ok(totals)
}
