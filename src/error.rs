//! One error type for the whole pipeline: every failure names the file, the
//! stage that gave up and why, so a batch can report it and go on.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The pipeline stage where a document failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the file from disk, size limits, file type.
    Read,
    /// Parsing the PDF and interpreting its pages.
    Pdf,
    /// Decoding a text input.
    Text,
    Layout,
    /// Restoring lost diacritics.
    Restore,
    Segment,
    Classify,
    Output,
    /// A resource limit (such as the wall time per document) stopped it.
    Limits,
    /// The worker process running the document died (a crash that could
    /// not be contained inside a process, such as a stack overflow).
    Worker,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Stage::Read => "read",
            Stage::Pdf => "pdf",
            Stage::Text => "text",
            Stage::Layout => "layout",
            Stage::Restore => "restore",
            Stage::Segment => "segment",
            Stage::Classify => "classify",
            Stage::Output => "output",
            Stage::Limits => "limits",
            Stage::Worker => "worker",
        };
        f.write_str(name)
    }
}

/// A document that could not be processed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocError {
    pub file: String,
    pub stage: Stage,
    pub reason: String,
}

impl DocError {
    pub fn new(file: impl Into<String>, stage: Stage, reason: impl Into<String>) -> Self {
        DocError {
            file: file.into(),
            stage,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} stage: {}", self.file, self.stage, self.reason)
    }
}

impl std::error::Error for DocError {}

/// A batch that cannot start or cannot finish its outputs: the fault is the
/// setup (the output folder, the manifest), not one document. The CLI exits
/// with its own status for these (see `main.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// `--out` names something that exists and is not a folder.
    OutNotAFolder(std::path::PathBuf),
    /// The output folder cannot be created or written.
    OutUnwritable {
        path: std::path::PathBuf,
        reason: String,
    },
    /// The output folder holds files that no iub summary lists: a batch
    /// into it would mix with them (overridden by `--force`).
    OutHoldsOtherFiles {
        path: std::path::PathBuf,
        examples: Vec<String>,
        count: usize,
    },
    /// The manifest cannot be read or has a bad row.
    Manifest(String),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::OutNotAFolder(path) => {
                write!(f, "--out {} is a file, not a folder", path.display())
            }
            SetupError::OutUnwritable { path, reason } => {
                write!(
                    f,
                    "cannot write to the output folder {}: {reason}",
                    path.display()
                )
            }
            SetupError::OutHoldsOtherFiles {
                path,
                examples,
                count,
            } => {
                let more = count.saturating_sub(examples.len());
                write!(
                    f,
                    "{} holds {count} file(s) no iub summary.json lists ({}{}): a batch there \
                     would mix with them. Use a new or empty folder, or --force to write into \
                     it anyway (iub never deletes a file it did not write)",
                    path.display(),
                    examples.join(", "),
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                )
            }
            SetupError::Manifest(reason) => write!(f, "manifest: {reason}"),
        }
    }
}

impl std::error::Error for SetupError {}
