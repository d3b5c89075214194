//! Runs the pipeline over many inputs: each document independently (in
//! parallel), each result written atomically as `OUT/<stem>.json`, each
//! failure recorded in `OUT/errors.jsonl`. Every input ends up in exactly
//! one of the two.
//!
//! By default ([`Isolation::Process`]) documents run in worker processes
//! (see [`crate::worker`]): a crash, a runaway loop or runaway memory ends
//! one worker and becomes that document's error record. In
//! [`Isolation::Thread`] they run in this process, on threads.

use crate::classify::manifest::Manifest;
use crate::error::{DocError, Stage};
use crate::limits::Limits;
use crate::pdf::PdfBackend;
use crate::pipeline::{extract, output_stem, read_input};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub use crate::worker::{Extracted, WorkerCommand};

/// One document to process: a file, or bytes compiled into the binary.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub bundled: Option<&'static [u8]>,
}

impl Input {
    pub fn file(path: PathBuf) -> Self {
        Input {
            path,
            bundled: None,
        }
    }

    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// The inputs named on the command line: files as given, directories walked
/// for `.pdf` and `.txt` files. Sorted by path, so output order never depends
/// on the file system.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<DocError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors, 0);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(DocError::new(
                path.display().to_string(),
                Stage::Read,
                "no such file or directory",
            ));
        }
    }
    files.sort();
    files.dedup();
    (files.into_iter().map(Input::file).collect(), errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<DocError>, depth: usize) {
    if depth > 32 {
        errors.push(DocError::new(
            dir.display().to_string(),
            Stage::Read,
            "directory nesting deeper than 32",
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(DocError::new(
                dir.display().to_string(),
                Stage::Read,
                format!("cannot list: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files, errors, depth + 1);
        } else if kind.is_file() {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase());
            if matches!(ext.as_deref(), Some("pdf") | Some("txt")) {
                files.push(path);
            }
        }
    }
}

/// What one document produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Written {
        stem: String,
        interventions: usize,
        pages: usize,
        /// Skipped by `--resume`: the output was already there.
        resumed: bool,
    },
    Failed(DocError),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub documents: usize,
    pub extracted: usize,
    /// Of `extracted`, how many `--resume` found already done.
    pub resumed: usize,
    pub interventions: usize,
    pub pages: usize,
    pub errors: Vec<DocError>,
}

/// Where documents run. Outputs are byte-identical either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Isolation {
    /// On threads of this process: cheapest, but a stack overflow or an
    /// allocation failure aborts the whole batch, and a document over
    /// `--max-seconds` is abandoned while its thread runs on.
    #[default]
    Thread,
    /// In worker processes started from this command, which always use the
    /// default PDF backend (the `backend` argument of [`run_with`] is not
    /// sent to them). A worker that dies or runs over time costs one
    /// document, and is replaced.
    Process(WorkerCommand),
}

/// How a batch runs.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Overrides detected issuer codes and dates.
    pub manifest: Option<&'a Manifest>,
    /// Skip inputs whose `<stem>.json` exists for the same sha256.
    pub resume: bool,
    /// `interventions.csv` with `;` and a UTF-8 BOM (Swedish Excel).
    pub csv_excel: bool,
    /// Show a progress bar (the caller decides: a terminal, not `--quiet`).
    pub progress: bool,
    pub isolation: Isolation,
}

/// Extracts every input into `out` with default options.
pub fn run(
    inputs: &[Input],
    out: &Path,
    backend: &'static dyn PdfBackend,
    limits: &Limits,
) -> io::Result<Summary> {
    run_with(inputs, out, backend, limits, &RunOptions::default())
}

/// Extracts every input into `out`: `<stem>.json` per document (written
/// atomically), then `errors.jsonl`, `interventions.jsonl`,
/// `interventions.csv` and `summary.json`, all in input order so the
/// outputs are byte-identical across runs and thread counts. Inputs whose
/// stems collide are errors (the output name is a contract), never silently
/// overwritten.
pub fn run_with(
    inputs: &[Input],
    out: &Path,
    backend: &'static dyn PdfBackend,
    limits: &Limits,
    options: &RunOptions,
) -> io::Result<Summary> {
    std::fs::create_dir_all(out)?;
    remove_stale_temporaries(out)?;
    let mut first_with_stem: BTreeMap<String, usize> = BTreeMap::new();
    let mut collisions: BTreeMap<usize, String> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        let stem = output_stem(&input.path);
        if let Some(&first) = first_with_stem.get(&stem) {
            collisions.insert(i, inputs[first].name());
        } else {
            first_with_stem.insert(stem, i);
        }
    }
    let progress = Progress::new(inputs.len(), options.progress);
    // Dropped at the end of this function: every worker is killed and reaped.
    let pool = match &options.isolation {
        Isolation::Thread => None,
        Isolation::Process(command) => Some(crate::worker::Pool::new(command.clone())),
    };
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let outcome = match collisions.get(&i) {
                Some(other) => Outcome::Failed(DocError::new(
                    input.name(),
                    Stage::Output,
                    format!("output name collides with {other}"),
                )),
                None => process(input, out, backend, limits, options, pool.as_ref()),
            };
            progress.record(&outcome);
            outcome
        })
        .collect();
    progress.finish();
    let mut summary = Summary {
        documents: inputs.len(),
        ..Summary::default()
    };
    let mut written = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Written { stem, resumed, .. } => {
                summary.extracted += 1;
                summary.resumed += usize::from(resumed);
                written.push(out.join(format!("{stem}.json")));
            }
            Outcome::Failed(e) => summary.errors.push(e),
        }
    }
    let mut errors = String::new();
    for e in &summary.errors {
        errors.push_str(&serde_json::to_string(e).unwrap_or_default());
        errors.push('\n');
    }
    write_atomic(&out.join("errors.jsonl"), errors.as_bytes())?;
    let totals = crate::dataset::write_datasets(out, &written, options.csv_excel)?;
    summary.pages = totals.pages;
    summary.interventions = totals.interventions;
    let summary_json = serde_json::json!({
        "documents": summary.documents,
        "extracted": summary.extracted,
        "failed": summary.errors.len(),
        "pages": totals.pages,
        "interventions": totals.interventions,
        "regimes": totals.regimes,
        "errors": summary.errors,
    });
    let mut text = serde_json::to_string_pretty(&summary_json).unwrap_or_default();
    text.push('\n');
    write_atomic(&out.join("summary.json"), text.as_bytes())?;
    Ok(summary)
}

/// The progress bar: files, pages, interventions, errors, ETA. Hidden when
/// not wanted, so a batch under cron or in a pipe stays quiet.
struct Progress {
    bar: indicatif::ProgressBar,
    pages: AtomicUsize,
    interventions: AtomicUsize,
    errors: AtomicUsize,
}

impl Progress {
    fn new(len: usize, visible: bool) -> Self {
        let bar = if visible {
            let bar = indicatif::ProgressBar::new(len as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} files · {msg} · ETA {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Progress {
            bar,
            pages: AtomicUsize::new(0),
            interventions: AtomicUsize::new(0),
            errors: AtomicUsize::new(0),
        }
    }

    fn record(&self, outcome: &Outcome) {
        match outcome {
            Outcome::Written {
                interventions,
                pages,
                ..
            } => {
                self.pages.fetch_add(*pages, Ordering::Relaxed);
                self.interventions
                    .fetch_add(*interventions, Ordering::Relaxed);
            }
            Outcome::Failed(_) => {
                self.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.bar.set_message(format!(
            "{} pages · {} interventions · {} errors",
            self.pages.load(Ordering::Relaxed),
            self.interventions.load(Ordering::Relaxed),
            self.errors.load(Ordering::Relaxed)
        ));
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn process(
    input: &Input,
    out: &Path,
    backend: &'static dyn PdfBackend,
    limits: &Limits,
    options: &RunOptions,
    pool: Option<&crate::worker::Pool>,
) -> Outcome {
    let name = input.name();
    let bytes = match input.bundled {
        Some(b) => b.to_vec(),
        None => match read_input(&input.path, limits) {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(e),
        },
    };
    let stem = output_stem(&input.path);
    let target = out.join(format!("{stem}.json"));
    if options.resume {
        if let Some((pages, interventions)) = already_done(&target, &bytes) {
            return Outcome::Written {
                stem,
                interventions,
                pages,
                resumed: true,
            };
        }
    }
    let manifest = options.manifest.and_then(|m| m.entry(&input.path));
    let extracted = match pool {
        Some(pool) => pool.extract(&name, &input.path, &bytes, limits, manifest),
        None => extract_within_time(&name, &input.path, bytes, backend, limits)
            .map(|plan| Extracted::from_plan(plan, manifest)),
    };
    let extracted = match extracted {
        Ok(e) => e,
        Err(e) => return Outcome::Failed(e),
    };
    match write_atomic(&target, extracted.json.as_bytes()) {
        Ok(()) => Outcome::Written {
            stem,
            interventions: extracted.interventions,
            pages: extracted.pages,
            resumed: false,
        },
        Err(e) => Outcome::Failed(DocError::new(
            name,
            Stage::Output,
            format!("cannot write {}: {e}", target.display()),
        )),
    }
}

/// Thread mode: runs the pipeline on its own thread (with a large stack:
/// parsers recurse) and gives up after `limits.max_seconds`: the document
/// becomes an error record and the batch goes on. The abandoned thread
/// cannot be killed; it ends with the process.
fn extract_within_time(
    name: &str,
    path: &Path,
    bytes: Vec<u8>,
    backend: &'static dyn PdfBackend,
    limits: &Limits,
) -> Result<crate::output::Plan, DocError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let (worker_name, worker_path, worker_limits) =
        (name.to_string(), path.to_path_buf(), limits.clone());
    let spawned = std::thread::Builder::new()
        .name("iub-document".into())
        .stack_size(crate::worker::DOCUMENT_STACK_BYTES)
        .spawn(move || {
            let result = extract(&worker_name, &worker_path, &bytes, backend, &worker_limits);
            let _ = sender.send(result);
        });
    if let Err(e) = spawned {
        return Err(DocError::new(
            name,
            Stage::Limits,
            format!("cannot start a worker thread: {e}"),
        ));
    }
    match receiver.recv_timeout(std::time::Duration::from_secs(limits.max_seconds)) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(DocError::new(
            name,
            Stage::Limits,
            format!("abandoned after {} s (--max-seconds)", limits.max_seconds),
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(DocError::new(
            name,
            Stage::Limits,
            "the worker stopped without a result",
        )),
    }
}

/// `--resume`: the output exists, parses, and was made from these bytes.
fn already_done(target: &Path, bytes: &[u8]) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(target).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let recorded = v.get("document")?.get("sha256")?.as_str()?;
    if recorded != crate::pipeline::sha256_hex(bytes) {
        return None;
    }
    let pages = v["document"]["pages"].as_u64().unwrap_or(0) as usize;
    let interventions = v["interventions"].as_array().map_or(0, Vec::len);
    Some((pages, interventions))
}

/// Temporary files left by a run that was killed: never outputs, removed.
fn remove_stale_temporaries(out: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(out)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Writes a temporary file beside the target and renames it over the
/// target: a reader never sees half a file, an interrupted run leaves none.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, target)
}
