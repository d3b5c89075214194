//! Runs the pipeline over many inputs: each document independently (in
//! parallel), each result written atomically as `OUT/<stem>.json`, each
//! failure recorded in `OUT/errors.jsonl`. Every input ends up in exactly
//! one of the two (or, after Ctrl-C, is reported as not finished).
//!
//! `OUT/summary.json` is the batch's record: it lists the `<stem>.json`
//! files of the batch (`outputs`), written as `running` before the first
//! document and rewritten at the end. The next batch into the same folder
//! removes the files that record lists and the new batch does not make
//! again, so a folder's datasets and `iub compare` cover one batch; a
//! folder with files no summary lists is refused unless `--force`, and
//! nothing iub did not list is ever deleted.
//!
//! By default ([`Isolation::Process`]) documents run in worker processes
//! (see [`crate::worker`]): a crash, a runaway loop or runaway memory ends
//! one worker and becomes that document's error record. In
//! [`Isolation::Thread`] they run in this process, on threads.

use crate::classify::manifest::{Manifest, ManifestEntry};
use crate::error::{DocError, SetupError, Stage};
use crate::limits::Limits;
use crate::pdf::PdfBackend;
use crate::pipeline::{output_stem, read_input};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

pub use crate::worker::{Extracted, Job, WorkerCommand};

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
    /// Not started, or abandoned, because the batch was interrupted.
    Interrupted,
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
    /// Stopped by Ctrl-C (or SIGTERM): `documents - extracted - errors`
    /// documents did not finish.
    pub interrupted: bool,
    /// About the batch rather than one document (manifest rows that match
    /// no input, say).
    pub warnings: Vec<String>,
    /// Documents written but not fully read (no records, or text that
    /// reads like interventions in none): named so nobody trusts them blind.
    pub needs_review: Vec<crate::dataset::NeedsReview>,
}

impl Summary {
    /// Documents that neither finished nor failed (interrupted).
    pub fn not_finished(&self) -> usize {
        self.documents
            .saturating_sub(self.extracted + self.errors.len())
    }
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
    /// Skip inputs whose `<stem>.json` was made from the same bytes, by the
    /// same iub version, with the same options.
    pub resume: bool,
    /// Write into a folder that holds files no iub summary lists.
    pub force: bool,
    /// `interventions.csv` with `;` and a UTF-8 BOM (Swedish Excel).
    pub csv_excel: bool,
    /// Show a progress bar (the caller decides: a terminal, not `--quiet`).
    pub progress: bool,
    pub isolation: Isolation,
    /// Set by a signal handler (Ctrl-C): no document starts after it, the
    /// running ones are abandoned (workers killed), and the outputs of the
    /// finished ones are written with the batch marked `interrupted`.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Which pages are read by OCR (`--ocr`).
    pub ocr: crate::ocr::OcrOptions,
}

impl RunOptions<'_> {
    fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|i| i.load(Ordering::Relaxed))
    }
}

/// Extracts every input into `out` with default options.
pub fn run(
    inputs: &[Input],
    out: &Path,
    backend: &'static dyn PdfBackend,
    limits: &Limits,
) -> Result<Summary, SetupError> {
    run_with(inputs, out, backend, limits, &RunOptions::default())
}

/// The batch's record in the output folder.
pub const SUMMARY_FILE: &str = "summary.json";

/// What `iub compare` writes beside a batch.
const COMPARISON_FILES: [&str; 2] = ["comparison.csv", "comparison.html"];

/// What `OUT/summary.json` says about the batch that wrote the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRecord {
    /// `running` (started, not finished: killed), `interrupted` or `complete`.
    pub status: String,
    /// The batch's `<stem>.json` files, in input order.
    pub outputs: Vec<String>,
}

/// Reads `OUT/summary.json` if an iub batch wrote it: `None` when there is
/// none, or it is not one (no `outputs` list, as before iub kept one).
/// Names that are not plain `<name>.json` files in `out` are left out, so
/// a doctored summary cannot point iub at files elsewhere.
pub fn read_batch_record(out: &Path) -> Option<BatchRecord> {
    let text = std::fs::read_to_string(out.join(SUMMARY_FILE)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let outputs = v
        .get("outputs")?
        .as_array()?
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| is_plan_file_name(n))
        .map(str::to_string)
        .collect();
    let status = v.get("status")?.as_str()?.to_string();
    Some(BatchRecord { status, outputs })
}

/// `<name>.json`, one path component, not one of the batch's own files.
fn is_plan_file_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(_)), None)
    ) && name.ends_with(".json")
        && !name.starts_with('.')
        && name != SUMMARY_FILE
}

/// Distinct, deterministic output stems. A file's stem (`plan.pdf` →
/// `plan`) unless another input has the same one (compared ignoring case,
/// for case-insensitive file systems); those get the fewest parent folders
/// that tell them apart (`a/plan.pdf` → `a_plan`, `b/plan.pdf` → `b_plan`),
/// or, when the folders cannot (`plan.pdf` and `plan.txt` side by side),
/// `plan`, `plan~2`, … in path order. Never depends on the order given.
pub fn assign_stems(inputs: &[Input]) -> Vec<String> {
    let mut stems: Vec<String> = inputs.iter().map(|i| output_stem(&i.path)).collect();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, stem) in stems.iter().enumerate() {
        groups.entry(stem.to_lowercase()).or_default().push(i);
    }
    let mut taken: BTreeSet<String> = groups
        .iter()
        .filter(|(_, members)| members.len() == 1)
        .map(|(key, _)| key.clone())
        .collect();
    for members in groups.values_mut().filter(|m| m.len() > 1) {
        members.sort_by(|&a, &b| inputs[a].path.cmp(&inputs[b].path));
        let deepest = members
            .iter()
            .map(|&m| parent_names(&inputs[m].path).len())
            .max()
            .unwrap_or(0);
        let by_folders = (1..=deepest).find_map(|depth| {
            let names: Vec<String> = members
                .iter()
                .map(|&m| with_parents(&stems[m], &inputs[m].path, depth))
                .collect();
            let keys: BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
            (keys.len() == names.len() && keys.is_disjoint(&taken)).then_some(names)
        });
        let names = by_folders.unwrap_or_else(|| {
            let mut names = Vec::new();
            let mut n = 1;
            for &m in members.iter() {
                let stem = &stems[m];
                let mut name = if n == 1 {
                    stem.clone()
                } else {
                    format!("{stem}~{n}")
                };
                while taken.contains(&name.to_lowercase()) {
                    n += 1;
                    name = format!("{stem}~{n}");
                }
                n += 1;
                taken.insert(name.to_lowercase());
                names.push(name);
            }
            names
        });
        for (&m, name) in members.iter().zip(names) {
            taken.insert(name.to_lowercase());
            stems[m] = name;
        }
    }
    stems
}

fn parent_names(path: &Path) -> Vec<String> {
    path.parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `stem` behind the last `depth` folder names of `path`, joined with `_`.
fn with_parents(stem: &str, path: &Path, depth: usize) -> String {
    let parents = parent_names(path);
    let mut parts = parents[parents.len().saturating_sub(depth)..].to_vec();
    parts.push(stem.to_string());
    parts.join("_")
}

/// Extracts every input into `out`: `<stem>.json` per document (written
/// atomically), then `errors.jsonl`, `interventions.jsonl`,
/// `interventions.csv` and `summary.json`, all in input order so the
/// outputs are byte-identical across runs and thread counts. Same-named
/// inputs get distinct stems ([`assign_stems`]). The folder is checked and
/// cleared of the previous batch first (see the module documentation); a
/// problem with the folder is a [`SetupError`], a problem with one document
/// is an error record.
pub fn run_with(
    inputs: &[Input],
    out: &Path,
    backend: &'static dyn PdfBackend,
    limits: &Limits,
    options: &RunOptions,
) -> Result<Summary, SetupError> {
    let unwritable = |e: io::Error| SetupError::OutUnwritable {
        path: out.to_path_buf(),
        reason: e.to_string(),
    };
    if out.exists() && !out.is_dir() {
        return Err(SetupError::OutNotAFolder(out.to_path_buf()));
    }
    std::fs::create_dir_all(out).map_err(unwritable)?;
    let had_record = read_batch_record(out).is_some();
    let previous = previous_outputs(out, options.force)?;
    remove_stale_temporaries(out).map_err(unwritable)?;
    let stems = assign_stems(inputs);
    let planned: Vec<String> = stems.iter().map(|s| format!("{s}.json")).collect();
    let planned_set: BTreeSet<&String> = planned.iter().collect();
    for name in previous.iter().filter(|n| !planned_set.contains(n)) {
        remove_if_present(&out.join(name)).map_err(unwritable)?;
    }
    if had_record {
        // `iub compare`'s pages describe the previous batch.
        for name in COMPARISON_FILES {
            remove_if_present(&out.join(name)).map_err(unwritable)?;
        }
    }
    // Claims the names before any is written: a batch killed from here on
    // leaves a record that lists them, so the next batch knows them as iub's.
    let running = serde_json::json!({
        "iub_version": env!("CARGO_PKG_VERSION"),
        "status": "running",
        "documents": inputs.len(),
        "outputs": planned,
    });
    write_json(&out.join(SUMMARY_FILE), &running).map_err(unwritable)?;

    let mut summary = Summary {
        documents: inputs.len(),
        ..Summary::default()
    };
    let paths: Vec<&Path> = inputs.iter().map(|i| i.path.as_path()).collect();
    let entries = match options.manifest {
        Some(m) => {
            let (entries, warnings) = m.match_inputs(&paths);
            summary.warnings = warnings;
            entries
        }
        None => vec![None; inputs.len()],
    };
    let backend_name = match &options.isolation {
        Isolation::Thread => backend.name(),
        Isolation::Process(_) => crate::pdf::default_backend().name(),
    };
    let progress = Progress::new(inputs.len(), options.progress);
    // Dropped at the end of this function: every worker is killed and reaped.
    let pool = match &options.isolation {
        Isolation::Thread => None,
        Isolation::Process(command) => Some(crate::worker::Pool::interruptible(
            command.clone(),
            options.interrupt.clone(),
        )),
    };
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .zip(stems.par_iter())
        .zip(entries.into_par_iter())
        .map(|((input, stem), manifest)| {
            let job = Job {
                name: input.name(),
                path: input.path.clone(),
                stem: stem.clone(),
                limits: limits.clone(),
                options_sha256: Some(options_digest(
                    &input.path,
                    stem,
                    limits,
                    manifest.as_ref(),
                    backend_name,
                    options.ocr,
                )),
                manifest,
                ocr: options.ocr,
            };
            let outcome = process(input, &job, out, backend, options, pool.as_ref());
            progress.record(&outcome);
            outcome
        })
        .collect();
    drop(pool);
    progress.finish();
    summary.interrupted = options.interrupted();
    let mut written = Vec::new();
    let mut outputs = Vec::new();
    for (outcome, name) in outcomes.into_iter().zip(&planned) {
        match outcome {
            Outcome::Written { resumed, .. } => {
                summary.extracted += 1;
                summary.resumed += usize::from(resumed);
                written.push(out.join(name));
                outputs.push(name.clone());
            }
            Outcome::Failed(e) => {
                // The previous batch's result for an input that fails now
                // is not this batch's: it goes, like any stale output.
                if previous.contains(name) {
                    remove_if_present(&out.join(name)).map_err(unwritable)?;
                }
                summary.errors.push(e);
            }
            Outcome::Interrupted => {}
        }
    }
    let mut errors = String::new();
    for e in &summary.errors {
        errors.push_str(&serde_json::to_string(e).unwrap_or_default());
        errors.push('\n');
    }
    write_atomic(&out.join("errors.jsonl"), errors.as_bytes()).map_err(unwritable)?;
    let totals =
        crate::dataset::write_datasets(out, &written, options.csv_excel).map_err(unwritable)?;
    summary.pages = totals.pages;
    summary.interventions = totals.interventions;
    summary.needs_review = totals.needs_review;
    let record = serde_json::json!({
        "iub_version": env!("CARGO_PKG_VERSION"),
        "schema_version": crate::output::SCHEMA_VERSION,
        "status": if summary.interrupted { "interrupted" } else { "complete" },
        "documents": summary.documents,
        "extracted": summary.extracted,
        "failed": summary.errors.len(),
        "not_finished": summary.not_finished(),
        "pages": totals.pages,
        "interventions": totals.interventions,
        "regimes": totals.regimes,
        "outputs": outputs,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "needs_review": summary.needs_review,
    });
    write_json(&out.join(SUMMARY_FILE), &record).map_err(unwritable)?;
    Ok(summary)
}

/// The files the previous batch in `out` listed, which this batch may
/// remove. A folder with no such record but other files is refused unless
/// `force` (then nothing in it counts as iub's).
fn previous_outputs(out: &Path, force: bool) -> Result<Vec<String>, SetupError> {
    if let Some(record) = read_batch_record(out) {
        return Ok(record.outputs);
    }
    if force {
        return Ok(Vec::new());
    }
    let mut others: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| SetupError::OutUnwritable {
            path: out.to_path_buf(),
            reason: format!("cannot list it: {e}"),
        })?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !is_temporary(n))
        .collect();
    if others.is_empty() {
        return Ok(Vec::new());
    }
    others.sort();
    let count = others.len();
    others.truncate(3);
    Err(SetupError::OutHoldsOtherFiles {
        path: out.to_path_buf(),
        examples: others,
        count,
    })
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn write_json(target: &Path, value: &serde_json::Value) -> io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    write_atomic(target, text.as_bytes())
}

/// What `--resume` compares besides the input's bytes: everything that
/// changes a document's record. Limits that can only refuse a document
/// (wall time, input size) are left out: they never change a record that
/// was written. (The worker memory limit and `--isolation` only refuse, too;
/// outputs are byte-identical across isolation modes.)
#[derive(serde::Serialize)]
struct RecordOptions<'a> {
    source_path: String,
    stem: &'a str,
    manifest: Option<&'a ManifestEntry>,
    backend: &'static str,
    limits: Limits,
    ocr: crate::ocr::OcrOptions,
    /// Whether `--password` was given; never the password itself, which a
    /// digest would only hide from a slow guesser.
    password_given: bool,
}

fn options_digest(
    path: &Path,
    stem: &str,
    limits: &Limits,
    manifest: Option<&ManifestEntry>,
    backend: &'static str,
    ocr: crate::ocr::OcrOptions,
) -> String {
    let options = RecordOptions {
        source_path: path.display().to_string(),
        stem,
        manifest,
        backend,
        ocr,
        password_given: limits.password.is_some(),
        limits: Limits {
            max_seconds: 0,
            max_input_bytes: 0,
            password: None,
            ..limits.clone()
        },
    };
    crate::pipeline::sha256_hex(&serde_json::to_vec(&options).unwrap_or_default())
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
            Outcome::Interrupted => return,
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
    job: &Job,
    out: &Path,
    backend: &'static dyn PdfBackend,
    options: &RunOptions,
    pool: Option<&crate::worker::Pool>,
) -> Outcome {
    if options.interrupted() {
        return Outcome::Interrupted;
    }
    let bytes = match input.bundled {
        Some(b) => b.to_vec(),
        None => match read_input(&input.path, &job.limits) {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(e),
        },
    };
    let target = out.join(format!("{}.json", job.stem));
    if options.resume {
        if let Some((pages, interventions)) = already_done(&target, &bytes, job) {
            return Outcome::Written {
                stem: job.stem.clone(),
                interventions,
                pages,
                resumed: true,
            };
        }
    }
    let extracted = match pool {
        Some(pool) => pool.extract(job, &bytes),
        None => extract_within_time(job, bytes, backend, options.interrupt.clone()),
    };
    let extracted = match extracted {
        Ok(e) => e,
        // A worker killed or abandoned because of Ctrl-C is no error of the
        // document's: it did not finish, and `--resume` runs it again.
        Err(_) if options.interrupted() => return Outcome::Interrupted,
        Err(e) => return Outcome::Failed(e),
    };
    match write_atomic(&target, extracted.json.as_bytes()) {
        Ok(()) => Outcome::Written {
            stem: job.stem.clone(),
            interventions: extracted.interventions,
            pages: extracted.pages,
            resumed: false,
        },
        Err(e) => Outcome::Failed(DocError::new(
            &job.name,
            Stage::Output,
            format!("cannot write {}: {e}", target.display()),
        )),
    }
}

/// Thread mode: runs the pipeline on its own thread (with a large stack:
/// parsers recurse) and gives up after `limits.max_seconds`, or on Ctrl-C:
/// the document becomes an error record and the batch goes on. The
/// abandoned thread cannot be killed; it ends with the process.
fn extract_within_time(
    job: &Job,
    bytes: Vec<u8>,
    backend: &'static dyn PdfBackend,
    interrupt: Option<Arc<AtomicBool>>,
) -> Result<Extracted, DocError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let worker_job = job.clone();
    let spawned = std::thread::Builder::new()
        .name("iub-document".into())
        .stack_size(crate::worker::DOCUMENT_STACK_BYTES)
        .spawn(move || {
            let _ = sender.send(worker_job.run(&bytes, backend));
        });
    if let Err(e) = spawned {
        return Err(DocError::new(
            &job.name,
            Stage::Limits,
            format!("cannot start a worker thread: {e}"),
        ));
    }
    let seconds = job.limits.max_seconds;
    let timeout = std::time::Duration::from_secs(seconds);
    match crate::worker::wait_for_reply(&receiver, timeout, interrupt.as_deref()) {
        Ok(result) => result,
        Err(crate::worker::Wait::TimedOut) => Err(DocError::new(
            &job.name,
            Stage::Limits,
            format!("abandoned after {seconds} s (--max-seconds)"),
        )),
        Err(crate::worker::Wait::Interrupted) => Err(DocError::new(
            &job.name,
            Stage::Limits,
            crate::worker::INTERRUPTED,
        )),
        Err(crate::worker::Wait::Disconnected) => Err(DocError::new(
            &job.name,
            Stage::Limits,
            "the worker stopped without a result",
        )),
    }
}

/// `--resume`: the output exists, parses, and was made from these bytes by
/// this iub version with the same options (`produced_by`); anything else
/// runs the document again.
fn already_done(target: &Path, bytes: &[u8], job: &Job) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(target).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let document = v.get("document")?;
    let made_by = document.get("produced_by")?;
    let same = document.get("sha256")?.as_str()? == crate::pipeline::sha256_hex(bytes)
        && made_by.get("iub_version")?.as_str()? == env!("CARGO_PKG_VERSION")
        && made_by.get("options_sha256")?.as_str() == job.options_sha256.as_deref();
    if !same {
        return None;
    }
    let pages = document["pages"].as_u64().unwrap_or(0) as usize;
    let interventions = v["interventions"].as_array().map_or(0, Vec::len);
    Some((pages, interventions))
}

/// A file [`write_atomic`] (or the dataset writer) had not renamed yet.
fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// Temporary files left by a run that was killed: never outputs, removed.
fn remove_stale_temporaries(out: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(out)?.flatten() {
        if is_temporary(&entry.file_name().to_string_lossy()) {
            remove_if_present(&entry.path())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stems_of(paths: &[&str]) -> Vec<String> {
        let inputs: Vec<Input> = paths.iter().map(|p| Input::file(p.into())).collect();
        assign_stems(&inputs)
    }

    #[test]
    fn same_named_inputs_get_their_folders_in_front() {
        assert_eq!(
            stems_of(&["in/a/plan.pdf", "in/b/plan.pdf", "in/c/sala.pdf"]),
            vec!["a_plan", "b_plan", "sala"]
        );
        // One folder is not enough: the fewest that are.
        assert_eq!(
            stems_of(&["x/a/plan.pdf", "y/a/plan.pdf"]),
            vec!["x_a_plan", "y_a_plan"]
        );
        // A name with a folder in front must not take another input's stem.
        // Here no folder tells them apart without that: numbered.
        assert_eq!(
            stems_of(&["a/plan.pdf", "b/plan.pdf", "c/a_plan.pdf"]),
            vec!["plan", "plan~2", "a_plan"]
        );
    }

    #[test]
    fn stems_do_not_depend_on_the_order_given() {
        let forward = stems_of(&["a/plan.pdf", "b/plan.pdf", "plan.txt"]);
        let backward = stems_of(&["plan.txt", "b/plan.pdf", "a/plan.pdf"]);
        assert_eq!(forward, vec!["a_plan", "b_plan", "plan"]);
        assert_eq!(backward, vec!["plan", "b_plan", "a_plan"]);
    }

    #[test]
    fn side_by_side_and_case_only_differences_are_numbered() {
        assert_eq!(
            stems_of(&["in/plan.pdf", "in/plan.txt"]),
            vec!["plan", "plan~2"]
        );
        assert_eq!(
            stems_of(&["in/Plan.pdf", "in/plan.pdf"]),
            vec!["Plan", "plan~2"]
        );
    }

    #[test]
    fn only_plain_json_names_count_as_listed_outputs() {
        assert!(is_plan_file_name("a_plan.json"));
        for bad in [
            "../x.json",
            "/etc/x.json",
            "sub/x.json",
            "summary.json",
            ".x.json",
            "x.csv",
        ] {
            assert!(!is_plan_file_name(bad), "{bad}");
        }
    }
}
