//! The command line as a newcomer meets it: exit statuses that tell a bad
//! setup from failed documents, `--jobs` refused at once above its bound,
//! messages that name the file and the true reason, `restore` on Latin-1
//! input, shell completions and the man page.

use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{root, temp};

fn iub(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn jobs_above_the_bound_are_refused_before_anything_is_read() {
    let dir = temp("cli", "jobs");
    let out = dir.join("out");
    let pdf = root().join("fixtures/pdf");
    let run = iub(&[
        "extract",
        path(&pdf),
        "--jobs",
        "100000",
        "--out",
        path(&out),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("--jobs 100000 is more than"),
        "{}",
        stderr(&run)
    );
    assert!(!out.exists(), "refused before the output folder is made");

    let run = Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(["extract", path(&pdf), "--out", path(&out)])
        .env("RAYON_NUM_THREADS", "100000")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("RAYON_NUM_THREADS 100000 is more than"));

    // More jobs than inputs is fine: one input, one job.
    let one = root().join("fixtures/pdf/003_23c55e2100791a7b.pdf");
    let run = iub(&["extract", path(&one), "--jobs", "2", "--out", path(&out)]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn a_bad_output_folder_is_a_setup_error_naming_it() {
    let dir = temp("cli", "out");
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let one = root().join("fixtures/pdf/003_23c55e2100791a7b.pdf");
    let run = iub(&["extract", path(&one), "--out", path(&file)]);
    assert_eq!(run.status.code(), Some(3));
    assert!(
        stderr(&run).contains(&format!("--out {} is a file, not a folder", file.display())),
        "{}",
        stderr(&run)
    );
    let below = file.join("sub");
    let run = iub(&["extract", path(&one), "--out", path(&below)]);
    assert_eq!(run.status.code(), Some(3));
    assert!(
        stderr(&run).contains(&format!(
            "cannot write to the output folder {}",
            below.display()
        )),
        "{}",
        stderr(&run)
    );
    // Failed documents are 1, usage errors 2: the three stay apart.
    let empty = root().join("fixtures/bad/empty.pdf");
    let run = iub(&["extract", path(&empty), "--out", path(&dir.join("o"))]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("empty.pdf: read stage: empty file (0 bytes)"),
        "{}",
        stderr(&run)
    );
    assert_eq!(iub(&["extract", "--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn help_and_the_man_page_list_the_exit_statuses() {
    let help = iub(&["extract", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    for line in [
        "0    every input processed",
        "3    setup error",
        "130  interrupted",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    let man = iub(&["man"]);
    assert!(man.status.success());
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH iub 1"),
        "{page}"
    );
    assert!(page.contains("130"), "exit statuses in the man page");
    assert!(!page.contains("__worker"));

    let dir = temp("cli", "man");
    let run = iub(&["man", "--dir", path(&dir)]);
    assert!(run.status.success(), "{}", stderr(&run));
    for page in ["iub.1", "iub-extract.1", "iub-restore.1"] {
        assert!(dir.join(page).exists(), "{page}");
    }
}

#[test]
fn completions_cover_the_subcommands_and_hide_the_worker() {
    for shell in ["bash", "zsh", "fish"] {
        let run = iub(&["completions", shell]);
        assert!(run.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&run.stdout);
        assert!(
            script.contains("extract") && script.contains("resume"),
            "{shell}"
        );
        assert!(!script.contains("__worker"), "{shell}");
    }
    assert_eq!(iub(&["completions", "cmd.exe"]).status.code(), Some(2));
}

fn restore(input: &[u8], args: &[&str]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("restore")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn restore_accepts_latin1_as_extract_does() {
    // fixtures/bad/latin1.txt is "Rådgivning för anhöriga" in Latin-1.
    let latin1 = std::fs::read(root().join("fixtures/bad/latin1.txt")).unwrap();
    let run = restore(&latin1, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        String::from_utf8(run.stdout.clone()).unwrap().trim_end(),
        "Rådgivning för anhöriga"
    );
    assert!(stderr(&run).contains("decoded as Windows-1252/Latin-1"));
}

#[test]
fn restore_messages_name_the_word_list_and_do_not_contradict() {
    let run = restore(b"hej", &["--words", "nosuch-words.txt"]);
    assert_eq!(run.status.code(), Some(3));
    assert!(
        stderr(&run).contains("--words nosuch-words.txt: No such file"),
        "{}",
        stderr(&run)
    );
    // Too short for extract's automatic check, restored because asked.
    let run = restore("Radgivning for anhoriga".as_bytes(), &[]);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "Rådgivning för anhöriga"
    );
    let said = stderr(&run);
    assert!(
        said.contains("restored 3 of 3 words on request")
            && said.contains("would have left this text as it is: too_little_text"),
        "{said}"
    );
}

/// `cargo install` installs every `[[bin]]` (and every `src/bin/*.rs`):
/// only `iub` may be one; `cargo run` needs to know it is the one; and the
/// licence must cover the CC-BY-SA word list the binary embeds
/// (data/restore/README.md).
#[test]
fn only_iub_installs_and_the_licence_covers_the_data() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert_eq!(manifest.matches("[[bin]]").count(), 1);
    assert!(manifest.contains("[[bin]]\nname = \"iub\""));
    assert!(!root().join("src/bin").exists());
    assert!(manifest.contains("default-run = \"iub\""));
    for bench in ["bench", "restore_bench"] {
        assert!(
            manifest.contains(&format!("[[bench]]\nname = \"{bench}\"\nharness = false")),
            "{bench}"
        );
    }
    assert!(manifest.contains("license = \"(MIT OR Apache-2.0) AND CC-BY-SA-4.0\""));
    let data = std::fs::read_to_string(root().join("data/restore/README.md")).unwrap();
    assert!(data.contains("CC-BY-SA 4.0"));
}
