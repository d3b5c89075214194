//! Bad input ends in a clear error naming the file and the reason, never a
//! panic; the CLI reports it and goes on with the other files.

use iub::error::Stage;
use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::lay_out_file;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn error_of(name: &str) -> (Stage, String, String) {
    let path = fixture(name);
    let e =
        lay_out_file(&path, default_backend(), &Limits::default()).expect_err("bad input fails");
    (e.stage, e.reason.clone(), e.to_string())
}

#[test]
fn each_bad_pdf_gets_its_reason() {
    let cases = [
        ("bad/empty.pdf", Stage::Read, "empty file (0 bytes)"),
        ("bad/not_a_pdf.pdf", Stage::Pdf, "no %PDF- header"),
        ("bad/truncated.pdf", Stage::Pdf, "not a readable PDF"),
        (
            "bad/encrypted.pdf",
            Stage::Pdf,
            "encrypted PDF that needs a password",
        ),
        // Object 3 (a /Pages node under 2) lists 2 among its /Kids.
        (
            "bad/page_tree_loop.pdf",
            Stage::Pdf,
            "the page tree loops: 3 0 R lists 2 0 R",
        ),
    ];
    for (name, expected_stage, reason) in cases {
        let (stage, why, message) = error_of(name);
        assert_eq!(stage, expected_stage, "{name}");
        assert!(why.contains(reason), "{name}: {why}");
        assert!(
            message.contains(name),
            "the message names the file: {message}"
        );
    }
}

#[test]
fn a_bitflipped_pdf_is_rebuilt_and_read_with_a_warning() {
    // Its cross-reference table is garbled; rebuilt from its objects, as
    // poppler and qpdf do, page 1 gives the plan's title block back.
    let doc = lay_out_file(
        &fixture("bad/bitflipped.pdf"),
        default_backend(),
        &Limits::default(),
    )
    .expect("rebuilt");
    assert!(
        doc.warnings.iter().any(|w| w.contains("rebuilt")),
        "{:?}",
        doc.warnings
    );
    let first: Vec<&str> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert!(first.contains(&"Dnr: 25SON70, 25SON71"), "{first:?}");
}

#[test]
fn limits_are_enforced_with_a_clear_reason() {
    let path = fixture("pdf/002_09609c45e4b02379.pdf");
    let tight = Limits {
        max_pages: 3,
        ..Limits::default()
    };
    let e = lay_out_file(&path, default_backend(), &tight).unwrap_err();
    assert!(
        e.reason.contains("15 pages, more than the limit of 3"),
        "{e}"
    );
    let tight = Limits {
        max_input_bytes: 1000,
        ..Limits::default()
    };
    let e = lay_out_file(&path, default_backend(), &tight).unwrap_err();
    assert_eq!(e.stage, Stage::Read);
    let tight = Limits {
        max_glyphs_per_page: 100,
        ..Limits::default()
    };
    let e = lay_out_file(&path, default_backend(), &tight).unwrap_err();
    assert!(e.reason.contains("more than 100 glyphs"), "{e}");
}

#[test]
fn latin1_text_is_decoded_and_the_decoding_reported() {
    let path = fixture("bad/latin1.txt");
    let doc = lay_out_file(&path, default_backend(), &Limits::default()).unwrap();
    assert_eq!(doc.pages[0].lines[0].text, "Rådgivning för anhöriga");
    assert!(
        doc.warnings[0].contains("Windows-1252"),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn the_cli_reports_bad_files_and_goes_on() {
    let out = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("text")
        .arg(fixture("bad/truncated.pdf"))
        .arg(fixture("pdf/003_23c55e2100791a7b.pdf"))
        .arg(fixture("bad/encrypted.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("Centrum mot våld"),
        "the good file is printed"
    );
    assert!(
        stderr.contains("truncated.pdf: pdf stage: not a readable PDF"),
        "{stderr}"
    );
    assert!(
        stderr.contains("encrypted.pdf: pdf stage: encrypted"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_cli_json_view_has_coordinates() {
    let out = Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(["text", "--json"])
        .arg(fixture("pdf/001_a06a560caf5de8c2.pdf"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let line = &v["pages"][0]["lines"][0];
    assert_eq!(line["text"], "Bilaga");
    assert_eq!(line["bbox"].as_array().unwrap().len(), 4);
    assert_eq!(v["pages"][0]["width"], 841.89);
}
