//! `iub eval`: scores extraction outputs against gold annotations.
//!
//! Interventions are matched one-to-one by diacritic-folded name and provider
//! similarity (ties broken by position in the document); then segmentation
//! precision/recall/F1 and, on matched pairs, per-field accuracy (set-valued
//! fields score their set F1). Comparisons of text fold case and diacritics
//! (restoring diacritics is a stage of its own) and collapse whitespace.

use crate::output::value_at;
use crate::vocab::{edit_distance, fold};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// A pair whose names are less similar than this is not a match.
const MIN_NAME_SIMILARITY: f64 = 0.5;

/// Per-intervention fields scored on matched pairs, as JSON paths.
const FIELDS: &[&str] = &[
    "name",
    "provider",
    "section",
    "category",
    "target_group.text",
    "target_group.age_min",
    "target_group.age_max",
    "target_group.audiences",
    "target_group.problem_areas",
    "conditions",
    "residency_required",
    "guardian_consent",
    "needs_assessed",
    "documentation.regime",
    "documentation.legal_basis",
    "documentation.reason",
    "documentation.text",
];

const DOCUMENT_FIELDS: &[&str] = &[
    "issuer",
    "municipality_codes",
    "body",
    "decided",
    "valid_from",
    "reference",
    "layout",
];

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FieldScore {
    /// Sum of per-pair scores (1 for a match, set F1 for sets).
    pub score: f64,
    pub pairs: usize,
}

impl FieldScore {
    pub fn accuracy(&self) -> f64 {
        if self.pairs == 0 {
            0.0
        } else {
            self.score / self.pairs as f64
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Counts {
    fn new(gold: usize, predicted: usize, matched: usize) -> Self {
        let precision = ratio(matched, predicted);
        let recall = ratio(matched, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Counts {
            gold,
            predicted,
            matched,
            precision,
            recall,
            f1,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        if a == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentReport {
    pub stem: String,
    /// Whether the output file existed.
    pub output_found: bool,
    pub segmentation: Counts,
    pub fields: BTreeMap<String, FieldScore>,
    /// Document metadata field → whether it equals the gold value.
    pub document_fields: BTreeMap<String, bool>,
    pub missed: Vec<String>,
    pub extra: Vec<String>,
    /// Matched pairs whose name or provider differ: (gold, predicted).
    pub name_or_provider_differs: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub documents: Vec<DocumentReport>,
    pub overall: Counts,
    pub fields: BTreeMap<String, FieldScore>,
}

/// Scores every gold file in `gold_dir` against `out_dir/<stem>.json`.
pub fn evaluate_dirs(gold_dir: &Path, out_dir: &Path) -> Result<Report, String> {
    let mut golds: Vec<_> = std::fs::read_dir(gold_dir)
        .map_err(|e| format!("{}: cannot list: {e}", gold_dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        return Err(format!("{}: no gold .json files", gold_dir.display()));
    }
    let mut documents = Vec::new();
    for gold_path in golds {
        let stem = crate::pipeline::output_stem(&gold_path);
        let gold = read_json(&gold_path)?;
        let out_path = out_dir.join(format!("{stem}.json"));
        let predicted = if out_path.exists() {
            Some(read_json(&out_path)?)
        } else {
            None
        };
        documents.push(evaluate(&stem, &gold, predicted.as_ref()));
    }
    let (mut g, mut p, mut m) = (0, 0, 0);
    let mut fields: BTreeMap<String, FieldScore> = BTreeMap::new();
    for d in &documents {
        g += d.segmentation.gold;
        p += d.segmentation.predicted;
        m += d.segmentation.matched;
        for (k, v) in &d.fields {
            let e = fields.entry(k.clone()).or_default();
            e.score += v.score;
            e.pairs += v.pairs;
        }
    }
    Ok(Report {
        documents,
        overall: Counts::new(g, p, m),
        fields,
    })
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))
}

fn interventions(v: &Value) -> Vec<&Value> {
    v.get("interventions")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn text_key(v: &Value) -> Option<String> {
    v.as_str().map(fold).filter(|s| !s.is_empty())
}

/// 1 − normalised edit distance of the folded strings.
fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f64 / longest as f64
}

pub fn evaluate(stem: &str, gold: &Value, predicted: Option<&Value>) -> DocumentReport {
    let empty = Value::Null;
    let pred_doc = predicted.unwrap_or(&empty);
    let gold_items = interventions(gold);
    let pred_items = interventions(pred_doc);
    let key = |v: &Value| {
        (
            text_key(value_at(v, "name")).unwrap_or_default(),
            text_key(value_at(v, "provider")),
        )
    };
    let gold_keys: Vec<_> = gold_items.iter().map(|v| key(v)).collect();
    let pred_keys: Vec<_> = pred_items.iter().map(|v| key(v)).collect();

    // Greedy one-to-one matching, best score first; ties by document position.
    let mut candidates: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (gi, (gn, gp)) in gold_keys.iter().enumerate() {
        for (pi, (pn, pp)) in pred_keys.iter().enumerate() {
            let name_sim = similarity(gn, pn);
            if name_sim < MIN_NAME_SIMILARITY {
                continue;
            }
            let provider_sim = match (gp, pp) {
                (None, None) => 1.0,
                (Some(a), Some(b)) => similarity(a, b),
                _ => 0.5,
            };
            let score = 0.75 * name_sim + 0.25 * provider_sim;
            let position = (gi as f64 / gold_keys.len().max(1) as f64
                - pi as f64 / pred_keys.len().max(1) as f64)
                .abs();
            candidates.push((score, position, gi, pi));
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut gold_used = vec![false; gold_items.len()];
    let mut pred_used = vec![false; pred_items.len()];
    let mut pairs = Vec::new();
    for (_, _, gi, pi) in candidates {
        if !gold_used[gi] && !pred_used[pi] {
            gold_used[gi] = true;
            pred_used[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs.sort();

    let mut fields: BTreeMap<String, FieldScore> = BTreeMap::new();
    let mut differs = Vec::new();
    for &(gi, pi) in &pairs {
        let (g, p) = (gold_items[gi], pred_items[pi]);
        for &field in FIELDS {
            let (gv, pv) = (value_at(g, field), value_at(p, field));
            let score = if field == "needs_assessed" {
                field_score(&assessed(gv), &assessed(pv))
            } else {
                field_score(gv, pv)
            };
            let e = fields.entry(field.to_string()).or_default();
            e.score += score;
            e.pairs += 1;
        }
        if field_score(value_at(g, "name"), value_at(p, "name")) < 1.0
            || field_score(value_at(g, "provider"), value_at(p, "provider")) < 1.0
        {
            differs.push((describe(g), describe(p)));
        }
    }
    let document_fields = DOCUMENT_FIELDS
        .iter()
        .map(|&f| {
            let gv = value_at(gold, &format!("document.{f}"));
            let pv = value_at(pred_doc, &format!("document.{f}"));
            (f.to_string(), field_score(gv, pv) == 1.0)
        })
        .collect();
    let names = |items: &[&Value], used: &[bool]| -> Vec<String> {
        items
            .iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(v, _)| describe(v))
            .collect()
    };
    DocumentReport {
        stem: stem.to_string(),
        output_found: predicted.is_some(),
        segmentation: Counts::new(gold_items.len(), pred_items.len(), pairs.len()),
        fields,
        document_fields,
        missed: names(&gold_items, &gold_used),
        extra: names(&pred_items, &pred_used),
        name_or_provider_differs: differs,
    }
}

/// `needs_assessed` in either form, as the enumeration: `true`, `false`,
/// `"mixed"` or null. Gold written before the enumeration holds the
/// printed answers `{"before": "nej", "after": "ja och nej"}`; the answer
/// for when the plan applies (`after`, else `before`) decides, as in the
/// output: "ja" → true, "nej" → false, "ja och nej" → "mixed".
fn assessed(v: &Value) -> Value {
    let word = |s: &str| match fold(s).trim() {
        "ja" | "true" => Value::Bool(true),
        "nej" | "false" => Value::Bool(false),
        "ja och nej" | "mixed" => Value::String("mixed".into()),
        _ => Value::Null,
    };
    match v {
        Value::Bool(_) => v.clone(),
        Value::String(s) => word(s),
        Value::Object(o) => {
            let answer = |k: &str| o.get(k).and_then(Value::as_str).map(word);
            answer("after")
                .filter(|a| !a.is_null())
                .or_else(|| answer("before"))
                .unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

fn describe(v: &Value) -> String {
    let name = value_at(v, "name").as_str().unwrap_or("?");
    match value_at(v, "provider").as_str() {
        Some(p) => format!("{name} [{p}]"),
        None => name.to_string(),
    }
}

/// 1.0 for equal values (text folded), set F1 for arrays, 0.0 otherwise.
fn field_score(gold: &Value, predicted: &Value) -> f64 {
    match (gold, predicted) {
        (Value::Array(g), Value::Array(p)) => {
            let gs: BTreeSet<String> = g.iter().map(normalised).collect();
            let ps: BTreeSet<String> = p.iter().map(normalised).collect();
            if gs.is_empty() && ps.is_empty() {
                return 1.0;
            }
            let common = gs.intersection(&ps).count() as f64;
            if common == 0.0 {
                return 0.0;
            }
            let precision = common / ps.len() as f64;
            let recall = common / gs.len() as f64;
            2.0 * precision * recall / (precision + recall)
        }
        (Value::Array(g), Value::Null) if g.is_empty() => 1.0,
        _ => f64::from(u8::from(normalised(gold) == normalised(predicted))),
    }
}

fn normalised(v: &Value) -> String {
    match v {
        Value::String(s) => fold(s),
        Value::Object(_) => {
            // Objects compare field by field, text folded.
            let mut m = serde_json::Map::new();
            if let Value::Object(o) = v {
                for (k, x) in o {
                    m.insert(k.clone(), Value::String(normalised(x)));
                }
            }
            Value::Object(m).to_string()
        }
        other => other.to_string(),
    }
}

impl Report {
    /// A plain-text report for people.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for d in &self.documents {
            let c = &d.segmentation;
            let _ =
                writeln!(
                s,
                "== {}{}\nsegmentation: gold {} predicted {} matched {}  P {:.3} R {:.3} F1 {:.3}",
                d.stem,
                if d.output_found { "" } else { " (no output file)" },
                c.gold,
                c.predicted,
                c.matched,
                c.precision,
                c.recall,
                c.f1
            );
            for (field, score) in &d.fields {
                let _ = writeln!(
                    s,
                    "  {field:<28} {:.3}  ({} pairs)",
                    score.accuracy(),
                    score.pairs
                );
            }
            let ok: Vec<_> = d
                .document_fields
                .iter()
                .filter(|(_, v)| **v)
                .map(|(k, _)| k.as_str())
                .collect();
            let bad: Vec<_> = d
                .document_fields
                .iter()
                .filter(|(_, v)| !**v)
                .map(|(k, _)| k.as_str())
                .collect();
            let _ = writeln!(s, "  document fields right: {}", ok.join(", "));
            let _ = writeln!(s, "  document fields wrong: {}", bad.join(", "));
            for m in &d.missed {
                let _ = writeln!(s, "  missed: {m}");
            }
            for m in &d.extra {
                let _ = writeln!(s, "  extra:  {m}");
            }
            for (g, p) in &d.name_or_provider_differs {
                let _ = writeln!(s, "  differs: gold {g}  |  output {p}");
            }
        }
        let c = &self.overall;
        let _ = writeln!(
            s,
            "== overall\nsegmentation: gold {} predicted {} matched {}  P {:.3} R {:.3} F1 {:.3}",
            c.gold, c.predicted, c.matched, c.precision, c.recall, c.f1
        );
        for (field, score) in &self.fields {
            let _ = writeln!(
                s,
                "  {field:<28} {:.3}  ({} pairs)",
                score.accuracy(),
                score.pairs
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matching_is_one_to_one_and_scores_fields() {
        let gold = json!({"interventions": [
            {"name": "Nätverksmöten", "provider": "Nätverksteamet", "category": "coordination"},
            {"name": "Nätverksmöten", "provider": "Nätverksteamet", "category": "coordination"},
            {"name": "Städning", "provider": "Hemtjänst", "category": "home_care"}
        ]});
        let out = json!({"interventions": [
            {"name": "Natverksmoten", "provider": "Natverksteamet", "category": "coordination"},
            {"name": "Städning", "provider": "Hemtjänst", "category": null},
            {"name": "Aktör", "provider": null, "category": null}
        ]});
        let r = evaluate("x", &gold, Some(&out));
        assert_eq!(r.segmentation.matched, 2);
        assert_eq!(r.missed, vec!["Nätverksmöten [Nätverksteamet]"]);
        assert_eq!(r.extra, vec!["Aktör"]);
        assert_eq!(r.fields["name"].accuracy(), 1.0);
        assert_eq!(r.fields["category"].accuracy(), 0.5);
        assert!((r.segmentation.f1 - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn needs_assessed_scores_gold_objects_against_the_enumeration() {
        // 001's columns: BEHOVSPRÖVAD INSATS IDAG "Ja", FRÅN 1 JULI "Nej".
        let gold = json!({"interventions": [
            {"name": "Medling", "needs_assessed": {"before": "ja", "after": "nej"}},
            {"name": "Råd", "needs_assessed": {"before": "nej", "after": "ja och nej"}},
            {"name": "Grupp", "needs_assessed": null}
        ]});
        let out = json!({"interventions": [
            {"name": "Medling", "needs_assessed": false},
            {"name": "Råd", "needs_assessed": true},
            {"name": "Grupp", "needs_assessed": null}
        ]});
        let r = evaluate("x", &gold, Some(&out));
        assert_eq!(r.fields["needs_assessed"].score, 2.0);
        assert_eq!(
            assessed(&json!({"before": "nej", "after": "ja och nej"})),
            json!("mixed")
        );
        assert_eq!(assessed(&json!("mixed")), json!("mixed"));
    }

    #[test]
    fn sets_score_their_f1() {
        assert_eq!(field_score(&json!(["a", "b"]), &json!(["a"])), 2.0 / 3.0);
        assert_eq!(field_score(&json!([]), &json!([])), 1.0);
    }
}
