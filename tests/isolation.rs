//! Process isolation with real triggers made by the test: a PDF that
//! overflows lopdf's stack, an object-stream decompression bomb, a page
//! whose forms draw each other billions of times (never finishes), and a good plan
//! next to them. In worker processes each costs one document; in thread
//! mode the stack overflow takes the whole batch down, which is why
//! process isolation is the default.

use flate2::{Compress, Compression, FlushCompress};
use iub::batch::{run_with, Input, Isolation, RunOptions, WorkerCommand};
use iub::limits::Limits;
use iub::pdf::default_backend;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{files, pdf, root, stream, temp};

/// Catalog, page tree, one page with an empty content stream.
fn one_page() -> Vec<(u32, Vec<u8>)> {
    vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        ),
        (4, b"<< /Length 5 >>\nstream\nBT ET\nendstream".to_vec()),
    ]
}

/// 200,000 streams, each with its /Length in the next one: lopdf resolves
/// the lengths recursively while loading and overflows even a 64 MiB stack
/// (50,000 already do).
fn stack_overflow_pdf() -> Vec<u8> {
    let mut objects = one_page();
    let depth = 200_000u32;
    for i in 10..10 + depth {
        let body = format!("<< /Length {} 0 R >>\nstream\nx\nendstream", i + 1);
        objects.push((i, body.into_bytes()));
    }
    objects.push((10 + depth, b"1".to_vec()));
    pdf(&objects)
}

/// An object stream of 4 MB that inflates to `gib` GiB of zeros, through a
/// PNG predictor. lopdf inflates object streams while loading the file,
/// before any of our checks can look at it; the predictor copies the data
/// with infallible allocations.
fn object_stream_bomb_pdf(gib: u64) -> Vec<u8> {
    // The zlib stream is built, not compressed: after a full flush every
    // MiB of zeros compresses to the same block, so it is repeated.
    let mib = vec![0u8; 1 << 20];
    let mut z = Compress::new(Compression::best(), true);
    let mut deflate = |flush| {
        let mut out = Vec::with_capacity(1 << 20);
        let before = z.total_in();
        z.compress_vec(&mib, &mut out, flush).unwrap();
        assert_eq!(z.total_in() - before, mib.len() as u64);
        out
    };
    let first = deflate(FlushCompress::Full);
    let block = deflate(FlushCompress::Full);
    assert_eq!(block, deflate(FlushCompress::Full), "a steady block");
    let mut data = first;
    for _ in 2..gib * 1024 {
        data.extend_from_slice(&block);
    }
    data.extend_from_slice(&[0x03, 0x00]); // the final, empty block
                                           // Adler-32 of n zeros: a = 1, b = n mod 65521.
    let n = gib << 30;
    data.extend_from_slice(&((((n % 65521) << 16) | 1) as u32).to_be_bytes());
    let mut objects = one_page();
    let mut body = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 1000 >> /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    body.extend_from_slice(&data);
    body.extend_from_slice(b"\nendstream");
    objects.push((5, body));
    pdf(&objects)
}

/// A page that draws a Form XObject 50,000 times, which draws another
/// 50,000 times: 2.5 billion form runs, no loop and no deep nesting, so no
/// check refuses it up front and no reader finishes it ("billion laughs").
fn endless_loop_pdf() -> Vec<u8> {
    let mut objects = one_page();
    objects[2].1 = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>".to_vec();
    objects[3].1 = stream("", "/X Do\n".repeat(50_000).as_bytes());
    objects.push((
        5,
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Y 6 0 R >> >>",
            "/Y Do\n".repeat(50_000).as_bytes(),
        ),
    ));
    objects.push((
        6,
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b"q Q"),
    ));
    pdf(&objects)
}

const GOOD: &str = "fixtures/pdf/001_a06a560caf5de8c2.pdf";

fn errors_by_file(out: &Path) -> BTreeMap<String, serde_json::Value> {
    std::fs::read_to_string(out.join("errors.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let file = Path::new(v["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, v)
        })
        .collect()
}

/// Largest resident set of any waited-for descendant of this process, MiB.
fn children_peak_rss_mib() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    usage.ru_maxrss as f64 / 1024.0
}

#[test]
fn a_crash_a_bomb_and_a_loop_cost_one_document_each() {
    let dir = temp("isolation", "hostile");
    std::fs::write(dir.join("deep.pdf"), stack_overflow_pdf()).unwrap();
    std::fs::write(dir.join("bomb.pdf"), object_stream_bomb_pdf(4)).unwrap();
    std::fs::write(dir.join("loop.pdf"), endless_loop_pdf()).unwrap();
    std::fs::copy(root().join(GOOD), dir.join("good.pdf")).unwrap();
    let out = dir.join("out");
    let (inputs, missing) = iub::batch::collect_inputs(std::slice::from_ref(&dir));
    assert!(missing.is_empty());
    let options = RunOptions {
        isolation: Isolation::Process(WorkerCommand {
            program: PathBuf::from(env!("CARGO_BIN_EXE_iub")),
            max_memory_mib: 1024,
        }),
        ..RunOptions::default()
    };
    // Without the operation budget the form-reuse bomb runs until
    // --max-seconds: that is the limit this test is about.
    let limits = Limits {
        max_seconds: 5,
        max_operations_per_page: usize::MAX,
        ..Limits::default()
    };
    let started = Instant::now();
    let summary = run_with(&inputs, &out, default_backend(), &limits, &options).unwrap();
    assert_eq!(summary.documents, 4);
    assert_eq!(summary.extracted, 1, "{:?}", summary.errors);
    assert!(out.join("good.json").exists());
    assert!(summary.interventions > 0);
    let errors = errors_by_file(&out);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(errors["deep.pdf"]["stage"], "worker");
    assert_eq!(
        errors["deep.pdf"]["reason"],
        "worker process crashed: stack overflow (signal 6, SIGABRT)"
    );
    assert_eq!(errors["bomb.pdf"]["stage"], "limits");
    let bomb = errors["bomb.pdf"]["reason"].as_str().unwrap();
    assert!(
        bomb.starts_with("exceeded the memory limit of 1024 MiB (--max-worker-memory)"),
        "{bomb}"
    );
    assert_eq!(errors["loop.pdf"]["stage"], "limits");
    assert_eq!(
        errors["loop.pdf"]["reason"],
        "abandoned after 5 s (--max-seconds), worker killed"
    );
    // The bomb inflates to 4 GiB (8 GiB with the predictor's copy); no
    // worker got past its limit, and the loop did not outlive its limit.
    let peak = children_peak_rss_mib();
    assert!(peak < 1024.0, "a worker peaked at {peak:.0} MiB");
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn in_thread_mode_the_stack_overflow_aborts_the_whole_batch() {
    let dir = temp("isolation", "thread-abort");
    std::fs::write(dir.join("deep.pdf"), stack_overflow_pdf()).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(dir.join("deep.pdf"))
        .arg(root().join(GOOD))
        .args(["--isolation", "thread", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), None, "killed by a signal: {stderr}");
    assert!(stderr.contains("has overflowed its stack"), "{stderr}");
    // The batch's record still says it never finished.
    let record = std::fs::read_to_string(dir.join("out/summary.json")).unwrap();
    assert!(record.contains("\"status\": \"running\""), "{record}");
}

#[test]
fn outputs_are_identical_across_isolation_modes() {
    let dir = temp("isolation", "modes");
    let manifest = dir.join("manifest.csv");
    std::fs::write(&manifest, "001_a06a560caf5de8c2.pdf,0180,2025-01-01\n").unwrap();
    let run = |isolation: &str, jobs: &str| {
        let out = dir.join(format!("{isolation}-{jobs}"));
        let run = Command::new(env!("CARGO_BIN_EXE_iub"))
            .arg("extract")
            .arg(root().join("fixtures/pdf"))
            .arg(root().join("fixtures/bad"))
            .arg("--manifest")
            .arg(&manifest)
            .args(["--isolation", isolation, "--jobs", jobs, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "the bad inputs fail");
        files(&out)
    };
    let thread = run("thread", "2");
    assert!(thread["001_a06a560caf5de8c2.json"]
        .windows(4)
        .any(|w| w == b"0180"));
    assert_eq!(thread, run("process", "2"));
    assert_eq!(thread, run("process", "1"));
}

/// A worker that answers garbage, or exits without a word: error records
/// naming what happened, never a panic of the batch.
#[test]
fn a_garbled_or_silent_worker_is_an_error_record() {
    let dir = temp("isolation", "garbled");
    let script = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(&path, permissions).unwrap();
        path
    };
    let garbage = script(
        "garbage.sh",
        "printf 'not a frame at all'; exec cat >/dev/null",
    );
    let silent = script("silent.sh", "echo 'cannot go on' >&2; exit 7");
    let inputs = vec![Input::file(root().join(GOOD))];
    for (program, expected) in [
        (garbage, "worker process sent a garbled reply (a frame of "),
        (
            silent,
            "worker process exited without a result (status 7): cannot go on",
        ),
    ] {
        let options = RunOptions {
            isolation: Isolation::Process(WorkerCommand {
                program,
                max_memory_mib: 0,
            }),
            ..RunOptions::default()
        };
        let out = dir.join("out");
        let summary = run_with(
            &inputs,
            &out,
            default_backend(),
            &Limits::default(),
            &options,
        )
        .unwrap();
        assert_eq!(summary.errors.len(), 1);
        let e = &summary.errors[0];
        assert!(e.file.ends_with("001_a06a560caf5de8c2.pdf"), "{e}");
        assert!(e.reason.starts_with(expected), "{e}");
    }
    let missing = RunOptions {
        isolation: Isolation::Process(WorkerCommand {
            program: dir.join("no-such-worker"),
            max_memory_mib: 0,
        }),
        ..RunOptions::default()
    };
    let summary = run_with(
        &inputs,
        &dir.join("out"),
        default_backend(),
        &Limits::default(),
        &missing,
    )
    .unwrap();
    assert!(
        summary.errors[0]
            .reason
            .starts_with("cannot start a worker process"),
        "{:?}",
        summary.errors
    );
}

/// The processes whose environment carries `marker`.
fn marked_processes(marker: &str) -> Vec<u32> {
    let needle = format!("IUB_TEST_MARK={marker}");
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .map(|env| env.split(|&b| b == 0).any(|v| v == needle.as_bytes()))
                .unwrap_or(false)
        })
        .collect()
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

/// Workers end with their batch: when it finishes, and when it is killed
/// while a worker is stuck in an endless loop.
#[test]
fn no_worker_outlives_its_batch() {
    let dir = temp("isolation", "orphans");
    std::fs::write(dir.join("loop.pdf"), endless_loop_pdf()).unwrap();
    let marker = format!("orphans-{}", std::process::id());
    let finished = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(root().join(GOOD))
        .arg("--out")
        .arg(dir.join("out-finished"))
        .env("IUB_TEST_MARK", &marker)
        .output()
        .unwrap();
    assert!(finished.status.success());
    assert_eq!(marked_processes(&marker), Vec::<u32>::new());

    let marker = format!("killed-{}", std::process::id());
    let mut batch = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(dir.join("loop.pdf"))
        .arg("--out")
        .arg(dir.join("out-killed"))
        .arg("--max-operations-per-page")
        .arg(usize::MAX.to_string())
        .env("IUB_TEST_MARK", &marker)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        wait_until(Duration::from_secs(30), || marked_processes(&marker).len()
            == 2),
        "the batch and its worker are running"
    );
    batch.kill().unwrap();
    batch.wait().unwrap();
    assert!(
        wait_until(Duration::from_secs(5), || marked_processes(&marker)
            .is_empty()),
        "left behind: {:?}",
        marked_processes(&marker)
    );
}

/// With the operation budget the same bomb is refused in its own right,
/// long before --max-seconds, and the reason says what to raise.
#[test]
fn a_form_reuse_bomb_ends_at_the_operation_budget() {
    let limits = Limits {
        max_operations_per_page: 1_000_000,
        ..Limits::default()
    };
    let started = Instant::now();
    let path = PathBuf::from("bomb.pdf");
    let error = iub::pipeline::extract(
        "bomb.pdf",
        &path,
        &endless_loop_pdf(),
        default_backend(),
        &limits,
    )
    .expect_err("the bomb is refused");
    assert_eq!(
        error.reason,
        "page 1 runs more than 1000000 content operators (--max-operations-per-page): forms drawn over and over?"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// Ctrl-C as a terminal sends it (SIGINT to the whole process group, the
/// workers included) while a worker is stuck: the batch stops at once,
/// writes what finished, says how far it got, leaves no temporary file and
/// no worker, and exits 130; `--resume` then finishes the batch.
#[test]
fn ctrl_c_reports_what_finished_and_leaves_nothing_behind() {
    use std::os::unix::process::CommandExt;
    let dir = temp("isolation", "ctrl-c");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(root().join(GOOD), inputs.join("a.pdf")).unwrap();
    std::fs::write(inputs.join("loop.pdf"), endless_loop_pdf()).unwrap();
    let out = dir.join("out");
    let marker = format!("ctrl-c-{}", std::process::id());
    let mut batch = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(&inputs)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "1", "--max-operations-per-page"])
        .arg(usize::MAX.to_string())
        .env("IUB_TEST_MARK", &marker)
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap();
    // a.pdf comes first (one job, input order); then the worker is stuck.
    assert!(
        wait_until(Duration::from_secs(60), || out.join("a.json").exists()),
        "a.pdf finished"
    );
    std::thread::sleep(Duration::from_millis(300));
    let group = -(batch.id() as i32);
    // SAFETY: kill(2) on the process group this test started.
    assert_eq!(unsafe { libc::kill(group, libc::SIGINT) }, 0);
    let stopped = wait_until(Duration::from_secs(20), || {
        matches!(batch.try_wait(), Ok(Some(_)))
    });
    if !stopped {
        let _ = batch.kill();
    }
    let status = batch.wait().unwrap();
    let mut said = String::new();
    std::io::Read::read_to_string(&mut batch.stderr.take().unwrap(), &mut said).unwrap();
    assert!(stopped, "still running after Ctrl-C: {said}");
    assert_eq!(status.code(), Some(130), "{said}");
    assert!(
        said.contains("interrupted: 1 of 2 documents finished; run again with --resume"),
        "{said}"
    );
    let written = files(&out);
    assert!(
        written.keys().all(|name| !name.ends_with(".tmp")),
        "{:?}",
        written.keys()
    );
    let summary: serde_json::Value = serde_json::from_slice(&written["summary.json"]).unwrap();
    assert_eq!(summary["status"], "interrupted");
    assert_eq!(summary["outputs"], serde_json::json!(["a.json"]));
    assert_eq!(summary["not_finished"], 1);
    assert_eq!(summary["failed"], 0, "the abandoned document is no error");
    let jsonl = String::from_utf8(written["interventions.jsonl"].clone()).unwrap();
    assert!(jsonl.lines().count() > 0);
    assert!(
        wait_until(Duration::from_secs(5), || marked_processes(&marker)
            .is_empty()),
        "left behind: {:?}",
        marked_processes(&marker)
    );

    // The same options (--max-seconds does not change a record, so a.pdf
    // is still done), and the stuck document is abandoned after 2 s.
    let resumed = Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(&inputs)
        .arg("--out")
        .arg(&out)
        .args(["--resume", "--jobs", "1", "--max-seconds", "2"])
        .arg("--max-operations-per-page")
        .arg(usize::MAX.to_string())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&resumed.stderr);
    assert_eq!(resumed.status.code(), Some(1), "{said}");
    assert!(said.contains("1 already done (--resume)"), "{said}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "complete");
    assert_eq!(summary["failed"], 1);
}
