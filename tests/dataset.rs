//! The batch datasets on the corpus plans: every CSV column named in the
//! codebook, each row carrying its plan's municipality and county from SCB's
//! table, provenance and position; JSONL rows valid against their schema;
//! the versions in summary.json.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::{root, temp};

/// `iub extract fixtures/pdf` once for all tests of this file.
fn batch() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp("dataset", "batch");
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
            .arg("extract")
            .arg(root().join("fixtures/pdf"))
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        out
    })
}

/// CSV rows as header → value maps.
fn csv_rows() -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut rdr = csv::Reader::from_path(batch().join("interventions.csv")).unwrap();
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (headers, rows)
}

#[test]
fn the_codebook_names_every_csv_column() {
    let codebook = std::fs::read_to_string(root().join("docs/codebook.md")).unwrap();
    let (headers, _) = csv_rows();
    assert_eq!(
        headers,
        iub::dataset::CSV_COLUMNS
            .iter()
            .map(|(h, _)| h.to_string())
            .collect::<Vec<_>>()
    );
    for (header, path) in iub::dataset::CSV_COLUMNS {
        // A table row of its own: | `column` | `json.path` | meaning |
        let row = format!("| `{header}` | `{path}` |");
        assert!(codebook.contains(&row), "docs/codebook.md has no row {row}");
    }
    // Every enumeration value of the contract, with its Swedish meaning.
    for value in [
        "full",
        "advice_exempt",
        "identity_exempt",
        "conditional",
        "unspecified",
        "14:3",
        "14:4",
        "14:5",
        "anonymity",
        "not_needed",
        "not_required_15plus",
        "mixed",
    ] {
        assert!(codebook.contains(&format!("| `{value}` |")), "{value}");
    }
    for paragraph in ["14 kap. 3 §", "14 kap. 4 §", "14 kap. 5 §"] {
        assert!(codebook.contains(paragraph), "{paragraph}");
    }
}

#[test]
fn rows_carry_scb_names_provenance_and_position() {
    let (_, rows) = csv_rows();
    let of = |prefix: &str| -> Vec<&BTreeMap<String, String>> {
        rows.iter()
            .filter(|r| r["source_file"].starts_with(prefix))
            .collect()
    };
    // 003: the Jämtland county services serve all eight kommuner of the län.
    let jamtland = of("003_");
    assert!(!jamtland.is_empty());
    for r in &jamtland {
        assert_eq!(r["county_codes"], "23");
        assert_eq!(r["county_names"], "Jämtlands län");
        assert_eq!(
            r["municipality_names"],
            "Ragunda|Bräcke|Krokom|Strömsund|Åre|Berg|Härjedalen|Östersund"
        );
    }
    // 004: Sala kommun, Västmanlands län.
    for r in of("004_") {
        assert_eq!(r["municipality_codes"], "1981");
        assert_eq!(r["municipality_names"], "Sala");
        assert_eq!(r["county_codes"], "19");
        assert_eq!(r["county_names"], "Västmanlands län");
    }
    let version = env!("CARGO_PKG_VERSION");
    for r in &rows {
        assert_eq!(r["iub_version"], version);
        assert_eq!(r["schema_version"], iub::output::SCHEMA_VERSION);
        assert_eq!(r["sha256"].len(), 64);
        assert!(r["page"].parse::<u32>().unwrap() >= 1);
        // x0|top|x1|bottom inside an A4 page, either orientation.
        let b: Vec<f64> = r["bbox"].split('|').map(|x| x.parse().unwrap()).collect();
        assert_eq!(b.len(), 4, "{}", r["id"]);
        assert!(b[0] < b[2] && b[1] < b[3] && b[2] <= 842.0 && b[3] <= 842.0);
    }
    // 000's first row (Städning) starts on page 1; 001's first (Grinden's
    // support groups) is "Nej" in BEHOVSPRÖVAD … FRÅN 1 JULI.
    assert_eq!(of("000_")[0]["page"], "1");
    assert_eq!(of("001_")[0]["needs_assessed"], "false");
    // Gotland's Målgrupp/kriterier "75 +år / Folkbokförd på Gotland": two villkor.
    assert_eq!(of("000_")[0]["conditions"], "75 +år|Folkbokförd på Gotland");
}

#[test]
fn jsonl_rows_follow_their_schema_and_summary_has_the_versions() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/intervention-row.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the row schema is valid");
    let text = std::fs::read_to_string(batch().join("interventions.jsonl")).unwrap();
    let mut lines = 0;
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", v["id"]);
        lines += 1;
    }
    let (_, rows) = csv_rows();
    assert_eq!(lines, rows.len());

    // The row schema's intervention is the plan schema's.
    let plan: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let intervention = &plan["$defs"]["intervention"]["properties"];
    for (k, v) in intervention.as_object().unwrap() {
        assert_eq!(&schema["properties"][k], v, "{k}");
    }

    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(batch().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["iub_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(summary["schema_version"], iub::output::SCHEMA_VERSION);
}
