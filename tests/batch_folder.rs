//! One output folder, one batch: a second batch into a used folder removes
//! the first batch's files (only those its summary lists), a folder with
//! files of no iub batch is refused without `--force`, `compare` reads the
//! batch's own files, same-named inputs both come out, and `--resume`
//! re-runs a document when its options or the iub version changed.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{root, temp};

/// Region Gotland's plan (its header names the issuer).
const GOTLAND: &str = "fixtures/pdf/000_dd9dd5d9f3fd4b54.pdf";
/// A socialnämnd's table that names no municipality anywhere.
const UNNAMED: &str = "fixtures/pdf/001_a06a560caf5de8c2.pdf";
/// Familjerådgivningen och Barnahus i Jämtlands län.
const JAMTLAND: &str = "fixtures/pdf/003_23c55e2100791a7b.pdf";

fn iub(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args)
        .output()
        .unwrap()
}

fn extract(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["extract".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["--out".as_ref(), out.as_os_str()]);
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    iub(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The folder's file names, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_second_batch_into_a_used_folder_does_not_mix_with_the_first() {
    let out = temp("folder", "second").join("out");
    let first = extract(&[root().join("fixtures/pdf")], &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let compared = iub(&["compare".as_ref(), out.as_os_str()]);
    assert!(compared.status.success());
    assert!(out.join("comparison.html").exists());

    let second = extract(&[root().join(JAMTLAND)], &out, &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        names(&out),
        vec![
            "003_23c55e2100791a7b.json",
            "errors.jsonl",
            "interventions.csv",
            "interventions.jsonl",
            "summary.json"
        ],
        "the first batch's plans and its comparison pages are gone"
    );
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["status"], "complete");
    assert_eq!(
        summary["outputs"],
        serde_json::json!(["003_23c55e2100791a7b.json"])
    );
    let jsonl = std::fs::read_to_string(out.join("interventions.jsonl")).unwrap();
    assert!(jsonl
        .lines()
        .all(|l| l.contains("\"source_file\":\"003_23c55e2100791a7b.pdf\"")));
    let compared = iub(&["compare".as_ref(), out.as_os_str()]);
    assert!(
        stderr(&compared).contains("(1 plans)"),
        "{}",
        stderr(&compared)
    );
}

#[test]
fn a_folder_of_other_files_is_refused_unless_forced() {
    let out = temp("folder", "foreign");
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    // A plan-shaped JSON iub did not write: compare must not read it.
    let stranger = json(&root().join("fixtures/gold/004_6d4ffd2d5a89017a.json"));
    std::fs::write(out.join("stranger.json"), stranger.to_string()).unwrap();

    let refused = extract(&[root().join(JAMTLAND)], &out, &[]);
    assert_eq!(refused.status.code(), Some(3));
    let said = stderr(&refused);
    assert!(
        said.contains("holds 2 file(s) no iub summary.json lists (notes.txt, stranger.json)")
            && said.contains("--force"),
        "{said}"
    );
    assert_eq!(
        names(&out),
        vec!["notes.txt", "stranger.json"],
        "nothing written"
    );

    let forced = extract(&[root().join(JAMTLAND)], &out, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(out.join("stranger.json").exists());
    let compared = iub(&["compare".as_ref(), out.as_os_str()]);
    assert!(
        stderr(&compared).contains("(1 plans)"),
        "{}",
        stderr(&compared)
    );

    // The next batch knows the folder by its summary, and still leaves
    // what iub did not list alone.
    let again = extract(&[root().join(UNNAMED)], &out, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(out.join("notes.txt").exists() && out.join("stranger.json").exists());
    assert!(!out.join("003_23c55e2100791a7b.json").exists());
}

#[test]
fn same_named_inputs_both_come_out_under_distinct_stems() {
    let dir = temp("folder", "same-name");
    for (folder, fixture) in [("a", JAMTLAND), ("b", UNNAMED)] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::copy(root().join(fixture), dir.join(folder).join("plan.pdf")).unwrap();
    }
    let out = dir.join("out");
    let run = extract(&[dir.join("b"), dir.join("a")], &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let alone = temp("folder", "same-name-alone");
    assert!(
        extract(&[root().join(JAMTLAND), root().join(UNNAMED)], &alone, &[])
            .status
            .success()
    );
    for (stem, folder, fixture_stem) in [
        ("a_plan", "a", "003_23c55e2100791a7b"),
        ("b_plan", "b", "001_a06a560caf5de8c2"),
    ] {
        let plan = json(&out.join(format!("{stem}.json")));
        let same = json(&alone.join(format!("{fixture_stem}.json")));
        let doc = &plan["document"];
        assert_eq!(doc["source_file"], "plan.pdf");
        assert_eq!(
            doc["source_path"],
            dir.join(folder).join("plan.pdf").display().to_string()
        );
        assert_eq!(doc["sha256"], same["document"]["sha256"], "{stem}");
        let items = plan["interventions"].as_array().unwrap();
        let expected = same["interventions"].as_array().unwrap();
        assert_eq!(items.len(), expected.len(), "{stem}");
        assert_eq!(items[0]["id"], format!("{stem}-001"));
        assert_eq!(items[0]["name"], expected[0]["name"]);
    }
}

/// The options digest of a finished record.
fn options_of(path: &Path) -> Value {
    json(path)["document"]["produced_by"]["options_sha256"].clone()
}

#[test]
fn resume_reruns_what_a_changed_manifest_or_iub_version_would_change() {
    let dir = temp("folder", "resume");
    let manifest = dir.join("manifest.csv");
    let out = dir.join("out");
    let input = [root().join(JAMTLAND)];
    let target = out.join("003_23c55e2100791a7b.json");
    let with_manifest = |code: &str| {
        std::fs::write(&manifest, format!("003_23c55e2100791a7b.pdf,{code}\n")).unwrap();
        let m = manifest.to_str().unwrap().to_string();
        extract(&input, &out, &["--resume", "--manifest", &m])
    };
    let first = with_manifest("2380");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(!stderr(&first).contains("already done"));
    let digest = options_of(&target);

    let same = with_manifest("2380");
    assert!(
        stderr(&same).contains("1 already done (--resume)"),
        "{}",
        stderr(&same)
    );

    // Another code changes the record: the document runs again.
    let changed = with_manifest("23");
    assert!(
        !stderr(&changed).contains("already done"),
        "{}",
        stderr(&changed)
    );
    let plan = json(&target);
    assert_eq!(
        plan["document"]["municipality_codes"],
        serde_json::json!(["23"])
    );
    assert_ne!(options_of(&target), digest);

    // A record from another iub version is not taken as done either.
    let text = std::fs::read_to_string(&target).unwrap().replace(
        &format!("\"iub_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"iub_version\": \"0.0.0-old\"",
    );
    std::fs::write(&target, text).unwrap();
    let upgraded = with_manifest("23");
    assert!(!stderr(&upgraded).contains("already done"));
    assert_eq!(
        json(&target)["document"]["produced_by"]["iub_version"],
        env!("CARGO_PKG_VERSION")
    );
}

#[test]
fn manifest_rows_fill_the_issuer_and_unmatched_ones_are_warned_about() {
    let dir = temp("folder", "manifest");
    let manifest = dir.join("manifest.csv");
    // Plan 001 names no municipality; 1980 is Västerås in SCB's table.
    std::fs::write(
        &manifest,
        "path,kommunkod\n001_a06a560caf5de8c2.pdf,1980\nmissing.pdf,1981\n",
    )
    .unwrap();
    let out = dir.join("out");
    let m = manifest.to_str().unwrap();
    let run = extract(&[root().join(UNNAMED)], &out, &["--manifest", m]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(&format!("warning: {m}:3: missing.pdf matches no input")),
        "{}",
        stderr(&run)
    );
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["warnings"].as_array().unwrap().len(), 1);
    let doc = &json(&out.join("001_a06a560caf5de8c2.json"))["document"];
    assert_eq!(doc["municipality_codes"], serde_json::json!(["1980"]));
    assert_eq!(doc["issuer"], "Västerås kommun");

    // Plan 003 names Jämtlands län's kommuner, no issuer: the region's code
    // gives SCB's name for the region, and the disagreement is a warning.
    std::fs::write(&manifest, "003_23c55e2100791a7b.pdf,23\n").unwrap();
    let run = extract(&[root().join(JAMTLAND)], &out, &["--manifest", m]);
    assert!(run.status.success(), "{}", stderr(&run));
    let doc = &json(&out.join("003_23c55e2100791a7b.json"))["document"];
    assert_eq!(doc["issuer"], "Region Jämtland Härjedalen");
    assert!(doc["warnings"].as_array().unwrap().iter().any(|w| w
        .as_str()
        .unwrap()
        .starts_with("manifest says kommunkod 23, the text says 2303,")));

    // Gotland's plan prints its issuer: a manifest that agrees keeps it.
    std::fs::write(&manifest, "000_dd9dd5d9f3fd4b54.pdf,0980\n").unwrap();
    let run = extract(&[root().join(GOTLAND)], &out, &["--manifest", m]);
    assert!(run.status.success(), "{}", stderr(&run));
    let doc = &json(&out.join("000_dd9dd5d9f3fd4b54.json"))["document"];
    assert_eq!(doc["issuer"], "Region Gotland");
    assert_ne!(
        doc["evidence"]["issuer"],
        "(manifest: SCB's name for the code)"
    );
}
