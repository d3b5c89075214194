//! Corrupted PDFs: every fixture truncated at many offsets and with bytes
//! flipped at many positions. Every case must end in an output or a clear
//! error naming the file — never a panic escaping, a hang or an abort — and
//! `iub extract` over a folder of them accounts for each input exactly once.

use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::extract;
use std::path::{Path, PathBuf};

/// Cases per fixture and kind; 5 fixtures × 2 kinds × 200 = 2,000 cases.
const CASES_PER_KIND: usize = 200;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// xorshift64*: a fixed seed gives the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The corrupted variants of one file: truncations spread over the file
/// (denser near the end, where the xref and trailer live) and files with a
/// few bytes flipped.
fn variants(bytes: &[u8], rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for i in 0..CASES_PER_KIND {
        let at = if i % 2 == 0 {
            rng.below(bytes.len())
        } else {
            bytes.len() - 1 - rng.below(bytes.len().min(4096))
        };
        out.push((format!("truncated-at-{at}"), bytes[..at].to_vec()));
    }
    for _ in 0..CASES_PER_KIND {
        let mut copy = bytes.to_vec();
        let flips = 1 + rng.below(8);
        let mut first = 0;
        for k in 0..flips {
            let at = rng.below(copy.len());
            if k == 0 {
                first = at;
            }
            copy[at] ^= 1 << rng.below(8);
        }
        out.push((format!("flipped-{flips}-from-{first}"), copy));
    }
    out
}

#[test]
fn two_thousand_corrupted_pdfs_end_in_output_or_a_clear_error() {
    use rayon::prelude::*;
    let limits = Limits::default();
    let mut rng = Rng(0x1b5_2025_0701);
    let cases: Vec<(String, Vec<u8>)> = fixtures()
        .into_iter()
        .flat_map(|(name, bytes)| {
            variants(&bytes, &mut rng)
                .into_iter()
                .map(move |(variant, data)| (format!("{name}#{variant}"), data))
                .collect::<Vec<_>>()
        })
        .collect();
    // A panic escaping `extract` fails the test (rayon re-raises it). A
    // panic contained per page is fine in a third-party parser, but one
    // located in iub's own code is a bug.
    let outcomes: Vec<bool> = cases
        .par_iter()
        .map(|(label, data)| {
            let path = PathBuf::from(format!("{label}.pdf"));
            match extract(label, &path, data, default_backend(), &limits) {
                Ok(plan) => {
                    // The record is well-formed JSON.
                    let json = iub::output::to_json(&plan);
                    assert!(
                        !iub::isolate::mentions_own_panic(&json),
                        "{label}: contained panic in iub's code"
                    );
                    assert!(
                        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                        "{label}"
                    );
                    true
                }
                Err(e) => {
                    assert!(
                        e.to_string().starts_with(label.as_str()),
                        "the error names the file: {e}"
                    );
                    assert!(!e.reason.is_empty());
                    assert!(!iub::isolate::mentions_own_panic(&e.reason), "{label}: {e}");
                    false
                }
            }
        })
        .collect();
    let cases = outcomes.len();
    let ok = outcomes.iter().filter(|o| **o).count();
    let failed = cases - ok;
    assert_eq!(cases, 2_000);
    assert_eq!(ok + failed, cases);
    eprintln!("{cases} corrupted cases: {ok} extracted, {failed} clear errors");
}

#[test]
fn a_folder_of_corrupted_files_is_accounted_for_exactly_once() {
    let dir = std::env::temp_dir().join(format!("iub-corrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut rng = Rng(42);
    let mut names = Vec::new();
    for (name, bytes) in fixtures() {
        let stem = name.trim_end_matches(".pdf");
        for (variant, data) in variants(&bytes, &mut rng).into_iter().step_by(20) {
            let file = format!("{stem}-{variant}.pdf");
            std::fs::write(input.join(&file), data).unwrap();
            names.push(file);
        }
    }
    let out = dir.join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        run.status.code() == Some(0) || run.status.code() == Some(1),
        "{stderr}"
    );
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let errored: Vec<String> = errors
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let file = v["file"].as_str().unwrap().to_string();
            Path::new(&file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for name in &names {
        let json = out.join(name.replace(".pdf", ".json"));
        let has_output = json.exists();
        let has_error = errored.iter().filter(|e| *e == name).count();
        assert!(
            has_output ^ (has_error == 1),
            "{name}: output {has_output}, error lines {has_error}"
        );
    }
    assert_eq!(names.len(), 100);
}
