//! A document the segmenter cannot read is not trusted blind: the batch
//! names it in `summary.json` under `needs_review` and on stderr, while a
//! plan that reads cleanly is not listed.

use serde_json::Value;
use std::process::Command;

mod common;
use common::{root, temp};

/// Only the law's background, no intervention in any layout.
const PROSE_ONLY: &str = "Bakgrund\n\n\
Enligt 11 kap. 5 § socialtjänstlagen (2025:400) får nämnden besluta att vissa \
insatser får ges utan individuell behovsprövning. Nämnden ska i sitt beslut ange \
vilka insatser som avses och hur de ska dokumenteras.\n\n\
Beslutet gäller från och med den 1 juli 2025 och följs upp årligen av nämnden.\n";

#[test]
fn a_document_without_records_is_listed_for_review_and_named_on_stderr() {
    let dir = temp("review", "prose");
    let prose = dir.join("bakgrund.txt");
    std::fs::write(&prose, PROSE_ONLY).unwrap();
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(&prose)
        .arg(root().join("fixtures/pdf/002_09609c45e4b02379.pdf"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("needs review: bakgrund.txt: no intervention table"),
        "{stderr}"
    );
    assert!(stderr.contains("1 need review"), "{stderr}");

    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let listed = summary["needs_review"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["file"], "bakgrund.txt");
    assert!(listed[0]["reasons"][0]
        .as_str()
        .unwrap()
        .starts_with("no intervention table, form, list or labelled sections found"));
}
