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
