//! Runs the pipeline over many inputs: each document independently (in
//! parallel), each result written atomically as `OUT/<stem>.json`, each
//! failure recorded in `OUT/errors.jsonl`. Every input ends up in exactly
//! one of the two.

use crate::classify::manifest::Manifest;
use crate::error::{DocError, Stage};
use crate::limits::Limits;
use crate::output::to_json;
use crate::pdf::PdfBackend;
use crate::pipeline::{extract, output_stem, read_input};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    },
    Failed(DocError),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub documents: usize,
    pub extracted: usize,
    pub interventions: usize,
    pub pages: usize,
    pub errors: Vec<DocError>,
}

/// Extracts every input into `out`. Inputs whose stems collide are errors
/// (the output name is a contract), never silently overwritten.
pub fn run(
    inputs: &[Input],
    out: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
) -> io::Result<Summary> {
    run_with(inputs, out, backend, limits, None)
}

/// [`run`], with a manifest whose entries override detected metadata.
pub fn run_with(
    inputs: &[Input],
    out: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
    manifest: Option<&Manifest>,
) -> io::Result<Summary> {
    std::fs::create_dir_all(out)?;
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
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| match collisions.get(&i) {
            Some(other) => Outcome::Failed(DocError::new(
                input.name(),
                Stage::Output,
                format!("output name collides with {other}"),
            )),
            None => process(input, out, backend, limits, manifest),
        })
        .collect();
    let mut summary = Summary {
        documents: inputs.len(),
        ..Summary::default()
    };
    for outcome in outcomes {
        match outcome {
            Outcome::Written {
                interventions,
                pages,
                ..
            } => {
                summary.extracted += 1;
                summary.interventions += interventions;
                summary.pages += pages;
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
    Ok(summary)
}

fn process(
    input: &Input,
    out: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
    manifest: Option<&Manifest>,
) -> Outcome {
    let name = input.name();
    let bytes = match input.bundled {
        Some(b) => b.to_vec(),
        None => match read_input(&input.path, limits) {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(e),
        },
    };
    let mut plan = match extract(&name, &input.path, &bytes, backend, limits) {
        Ok(p) => p,
        Err(e) => return Outcome::Failed(e),
    };
    if let Some(entry) = manifest.and_then(|m| m.entry(&input.path)) {
        crate::classify::manifest::apply(&mut plan, entry);
    }
    let stem = output_stem(&input.path);
    let target = out.join(format!("{stem}.json"));
    match write_atomic(&target, to_json(&plan).as_bytes()) {
        Ok(()) => Outcome::Written {
            stem,
            interventions: plan.interventions.len(),
            pages: plan.document.pages,
        },
        Err(e) => Outcome::Failed(DocError::new(
            name,
            Stage::Output,
            format!("cannot write {}: {e}", target.display()),
        )),
    }
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
