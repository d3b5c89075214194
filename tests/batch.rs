//! The batch outputs: every input accounted for once, deterministic files
//! across thread counts, and a killed run finished by `--resume` ending with
//! the same outputs as an uninterrupted one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{files, root};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iub-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn extract(out: &Path, extra: &[&str], threads: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(root().join("fixtures/pdf"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

#[test]
fn outputs_are_identical_across_thread_counts_and_complete() {
    let one = temp("one");
    let two = temp("two");
    assert!(extract(&one, &[], "1").status.success());
    assert!(extract(&two, &[], "2").status.success());
    let a = files(&one);
    assert_eq!(a, files(&two));
    for name in [
        "interventions.jsonl",
        "interventions.csv",
        "errors.jsonl",
        "summary.json",
    ] {
        assert!(a.contains_key(name), "{name}");
    }
    // The datasets hold each document's interventions, however many the
    // fixture folder's plans give.
    let per_document: usize = a
        .iter()
        .filter(|(name, _)| name.ends_with(".json") && *name != "summary.json")
        .map(|(_, bytes)| {
            let plan: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            plan["interventions"].as_array().unwrap().len()
        })
        .sum();
    assert!(per_document > 0);
    let jsonl = String::from_utf8(a["interventions.jsonl"].clone()).unwrap();
    assert_eq!(jsonl.lines().count(), per_document);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["document"]["issuer"], "Region Gotland");
    assert_eq!(first["name"], "Städning");
    let csv = String::from_utf8(a["interventions.csv"].clone()).unwrap();
    assert_eq!(
        csv.lines().count(),
        per_document + 1,
        "header + one row per intervention"
    );
    assert!(csv
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("000_dd9dd5d9f3fd4b54.pdf,Region Gotland,0980,"));
    let summary: serde_json::Value = serde_json::from_slice(&a["summary.json"]).unwrap();
    assert_eq!(summary["extracted"], 5);
    assert_eq!(summary["interventions"], per_document);
}

#[test]
fn excel_csv_has_a_bom_and_semicolons() {
    let out = temp("excel");
    assert!(extract(&out, &["--csv-excel"], "2").status.success());
    let csv = std::fs::read(out.join("interventions.csv")).unwrap();
    assert!(csv.starts_with("\u{FEFF}source_file;issuer;".as_bytes()));
}

#[test]
fn every_input_is_accounted_for_exactly_once() {
    let out = temp("bad");
    let run = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(root().join("fixtures/bad"))
        .arg(root().join("fixtures/pdf/003_23c55e2100791a7b.pdf"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "some inputs failed");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let outputs: Vec<String> = files(&out)
        .keys()
        .filter(|k| k.ends_with(".json") && *k != "summary.json")
        .cloned()
        .collect();
    // 7 bad inputs (latin1.txt is readable, bitflipped.pdf is rebuilt from
    // its objects) + 1 good PDF.
    assert_eq!(errors.lines().count(), 5, "{errors}");
    assert_eq!(
        outputs,
        vec![
            "003_23c55e2100791a7b.json",
            "bitflipped.json",
            "latin1.json"
        ]
    );
}

#[test]
fn a_killed_batch_resumed_ends_like_an_uninterrupted_one() {
    let whole = temp("whole");
    assert!(extract(&whole, &[], "1").status.success());

    let killed = temp("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(root().join("fixtures/pdf"))
        .arg("--out")
        .arg(&killed)
        .env("RAYON_NUM_THREADS", "1")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as the first document is written.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let done = std::fs::read_dir(&killed)
            .map(|d| {
                d.flatten().any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.ends_with(".json") && name != "summary.json"
                })
            })
            .unwrap_or(false);
        if done || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = files(&killed);
    let record: serde_json::Value = serde_json::from_slice(&partial["summary.json"]).unwrap();
    assert_eq!(record["status"], "running", "killed before the end");
    assert_eq!(record["outputs"].as_array().unwrap().len(), 5);

    let resumed = extract(&killed, &["--resume"], "1");
    assert!(resumed.status.success());
    assert!(String::from_utf8_lossy(&resumed.stderr).contains("already done (--resume)"));
    assert_eq!(files(&whole), files(&killed));
}
