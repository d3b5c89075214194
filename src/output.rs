//! Stage 6 — the output contract: one JSON document per input, field names
//! and enumerations as in `fixtures/ANNOTATION.md`, plus provenance. The
//! shape is described by `schema/plan.schema.json`; `SCHEMA_VERSION` changes
//! when it does.
//!
//! Fields a stage has not determined are present and null (or empty), never
//! guessed.

use crate::classify::{Classification, Classified};
use crate::geom::BBox;
use crate::layout::{self, FurnitureKind};
use crate::segment::{LayoutKind, Record, Segmented};
use crate::vocab::Field;
use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: &str = "0.2.0";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub document: DocumentRecord,
    pub interventions: Vec<Intervention>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRecord {
    pub schema_version: &'static str,
    /// The input's file name (`plan.pdf`).
    pub source_file: String,
    /// The input's path as given or found (`a/plan.pdf`): which of two
    /// same-named files this is. Set by the pipeline, which knows the path.
    pub source_path: String,
    pub sha256: String,
    pub produced_by: Provenance,
    pub pages: usize,
    pub issuer: Option<String>,
    pub municipality_codes: Vec<String>,
    pub body: Option<String>,
    pub decided: Option<String>,
    pub valid_from: Option<String>,
    pub reference: Option<String>,
    pub layout: Option<LayoutKind>,
    /// How the segmenter read each part of the document: grid, form,
    /// sections or list, where, and which interventions came from it.
    pub readings: Vec<ReadingRecord>,
    /// Share of body lines that ended in an intervention (3 decimals).
    pub coverage: f64,
    /// Why a person should look at this document; empty when nothing is
    /// suspect.
    pub needs_review: Vec<String>,
    /// Document field → the line it was read from.
    pub evidence: BTreeMap<String, String>,
    pub furniture: Vec<FurnitureRecord>,
    /// Whether lost diacritics were restored, and the evidence for it.
    pub restoration: Option<crate::restore::RestorationReport>,
    pub warnings: Vec<String>,
}

/// One reading of a part of the document (see [`crate::segment::Region`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingRecord {
    pub kind: crate::segment::RegionKind,
    /// First and last page it covers.
    pub pages: [u32; 2],
    /// Grids and forms: each column's header as printed and the field it
    /// was typed as (null: kept in `cells` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnRecord>,
    /// Ids of the interventions read from it.
    pub interventions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnRecord {
    pub header: String,
    pub field: Option<&'static str>,
    pub typed_by: &'static str,
}

/// What made a record: the iub version and a digest of the options that
/// shape it, so `--resume` re-runs a document when either changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub iub_version: &'static str,
    /// SHA-256 of the options (manifest row, limits, backend, stem, path),
    /// set by a batch; null for a record made outside one.
    pub options_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FurnitureRecord {
    pub kind: FurnitureKind,
    pub page: u32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intervention {
    pub id: String,
    pub name: String,
    pub provider: Option<String>,
    pub section: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    pub target_group: TargetGroup,
    pub conditions: Vec<String>,
    pub residency_required: Option<bool>,
    pub guardian_consent: Option<String>,
    /// From a column saying whether the intervention is needs-assessed:
    /// `true`, `false`, `"mixed"` ("Ja och nej"); null without one.
    pub needs_assessed: Option<crate::classify::Assessed>,
    pub documentation: Documentation,
    /// Named programmes and methods (ABC, KOMET, CRAFT, A-CRA, MI, …).
    pub programmes: Vec<String>,
    pub cells: BTreeMap<String, String>,
    /// Classified field (JSON path) → the phrase that decided it.
    pub evidence: BTreeMap<String, String>,
    /// Disagreeing rules and other doubts about this record.
    pub warnings: Vec<String>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TargetGroup {
    pub text: Option<String>,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub audiences: Vec<String>,
    pub problem_areas: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Documentation {
    pub regime: Option<String>,
    pub legal_basis: Option<String>,
    pub reason: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub page: u32,
    /// Where on the page (PDF input); null for text input.
    pub bbox: Option<BBox>,
    /// Text input: the first and last line of the file the record was read
    /// from (1-based), in place of a box.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<[u32; 2]>,
    pub raw: String,
}

/// Builds the output record of one document from its stages' results.
pub fn build_plan(
    stem: &str,
    source_file: &str,
    sha256: &str,
    laid_out: &layout::Document,
    segmented: Segmented,
    classified: Classified,
    restoration: Option<crate::restore::RestorationReport>,
) -> Plan {
    let mut warnings = laid_out.warnings.clone();
    warnings.extend(segmented.warnings);
    warnings.extend(classified.document.warnings.iter().cloned());
    let meta = classified.document;
    let readings = segmented
        .regions
        .iter()
        .map(|region| ReadingRecord {
            kind: region.kind,
            pages: [
                region.boxes.first().map_or(0, |(p, _)| *p),
                region.boxes.last().map_or(0, |(p, _)| *p),
            ],
            columns: region
                .columns
                .iter()
                .filter(|_| region.kind == crate::segment::RegionKind::Grid)
                .map(|c| ColumnRecord {
                    header: c.header.clone(),
                    field: c.field,
                    typed_by: c.typed_by,
                })
                .collect(),
            interventions: region
                .records
                .iter()
                .map(|i| intervention_id(stem, i + 1))
                .collect(),
        })
        .collect();
    let document = DocumentRecord {
        schema_version: SCHEMA_VERSION,
        source_file: source_file.to_string(),
        source_path: source_file.to_string(),
        sha256: sha256.to_string(),
        produced_by: Provenance {
            iub_version: env!("CARGO_PKG_VERSION"),
            options_sha256: None,
        },
        pages: laid_out.pages.len(),
        issuer: meta.issuer,
        municipality_codes: meta.municipality_codes,
        body: meta.body,
        decided: meta.decided,
        valid_from: meta.valid_from,
        reference: meta.reference,
        layout: segmented.layout,
        readings,
        coverage: (segmented.coverage * 1000.0).round() / 1000.0,
        needs_review: segmented.needs_review.clone(),
        evidence: meta.evidence,
        furniture: laid_out
            .furniture
            .iter()
            .map(|f| FurnitureRecord {
                kind: f.kind,
                page: f.page,
                text: f.text.clone(),
            })
            .collect(),
        restoration,
        warnings,
    };
    // Body lines in the order the segmenter numbered them.
    let body: Vec<&layout::Line> = laid_out.pages.iter().flat_map(|p| &p.lines).collect();
    let interventions = segmented
        .records
        .into_iter()
        .zip(classified.interventions)
        .enumerate()
        .map(|(i, (r, c))| {
            let lines = source_lines(&body, &r.lines);
            let mut out = intervention(stem, i + 1, r, c);
            if !laid_out.positioned {
                // Text coordinates are character cells, not a place on a page.
                out.source.bbox = None;
                out.source.lines = lines;
            }
            out
        })
        .collect();
    Plan {
        document,
        interventions,
    }
}

fn intervention(stem: &str, ordinal: usize, r: Record, c: Classification) -> Intervention {
    let text = |f: Field| r.field(f).map(str::to_string);
    Intervention {
        id: intervention_id(stem, ordinal),
        description: text(Field::Description),
        target_group: TargetGroup {
            text: text(Field::TargetGroup),
            age_min: c.age_min,
            age_max: c.age_max,
            audiences: c.audiences,
            problem_areas: c.problem_areas,
        },
        documentation: Documentation {
            regime: c.regime,
            legal_basis: c.legal_basis,
            reason: c.reason,
            text: text(Field::Documentation),
        },
        name: r.name,
        provider: r.provider,
        section: r.section,
        category: c.category,
        conditions: c.conditions,
        residency_required: c.residency_required,
        guardian_consent: c.guardian_consent,
        needs_assessed: c.needs_assessed,
        programmes: c.programmes,
        cells: r.cells,
        evidence: c.evidence,
        warnings: c.warnings,
        source: Source {
            page: r.page,
            bbox: r.bbox,
            lines: None,
            raw: r.raw,
        },
    }
}

/// The first and last file line of a text record's body lines.
fn source_lines(body: &[&layout::Line], record_lines: &[usize]) -> Option<[u32; 2]> {
    let numbers = record_lines
        .iter()
        .filter_map(|&i| body.get(i).and_then(|l| l.source_line));
    let (first, last) = numbers.fold(None, |acc: Option<(u32, u32)>, n| match acc {
        Some((a, b)) => Some((a.min(n), b.max(n))),
        None => Some((n, n)),
    })?;
    Some([first, last])
}

/// An intervention's id: `<stem>-<ordinal, 3 digits>`.
pub fn intervention_id(stem: &str, ordinal: usize) -> String {
    format!("{stem}-{ordinal:03}")
}

/// The value at a dotted path ("documentation.regime") of an output read
/// back as JSON, `null` where any part is missing.
pub fn value_at<'a>(v: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    path.split('.')
        .fold(v, |cur, k| cur.get(k).unwrap_or(&serde_json::Value::Null))
}

/// Pretty JSON with a final newline: byte-identical for the same input.
pub fn to_json(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).unwrap_or_else(|e| {
        // Serialising plain data cannot fail; keep a record rather than panic.
        format!("{{\"error\": \"serialisation failed: {e}\"}}")
    });
    s.push('\n');
    s
}
