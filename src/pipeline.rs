//! Wires the stages for one input file: read → (pdf → OCR | text) → layout.
//! Every failure comes back as a [`DocError`] naming the file and the stage;
//! nothing here panics on file data.

use crate::error::{DocError, Stage};
use crate::layout::{self, Document};
use crate::limits::Limits;
use crate::ocr::OcrOptions;
use crate::pdf::{looks_like_pdf, PdfBackend};
use crate::text_input;
use std::path::Path;

/// What kind of input a file is, decided by content first, extension second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Pdf,
    Text,
}

pub fn input_kind(path: &Path, bytes: &[u8]) -> Option<InputKind> {
    if looks_like_pdf(bytes) {
        return Some(InputKind::Pdf);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("txt") | Some("text") => Some(InputKind::Text),
        Some("pdf") => Some(InputKind::Pdf),
        _ => None,
    }
}

/// Reads a file within the size limit.
pub fn read_input(path: &Path, limits: &Limits) -> Result<Vec<u8>, DocError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| DocError::new(&name, Stage::Read, format!("cannot read: {e}")))?;
    if meta.len() > limits.max_input_bytes {
        return Err(DocError::new(
            &name,
            Stage::Read,
            format!(
                "{} bytes, more than the limit of {} (--max-input-bytes)",
                meta.len(),
                limits.max_input_bytes
            ),
        ));
    }
    std::fs::read(path).map_err(|e| DocError::new(&name, Stage::Read, format!("cannot read: {e}")))
}

/// Runs the text stages on one input already in memory (scanned pages
/// OCR'd: `--ocr auto`).
pub fn lay_out(
    name: &str,
    path: &Path,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
) -> Result<Document, DocError> {
    lay_out_with(name, path, bytes, backend, limits, &OcrOptions::default())
}

/// [`lay_out`] with the pages `ocr` asks for read by OCR.
pub fn lay_out_with(
    name: &str,
    path: &Path,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
    ocr: &OcrOptions,
) -> Result<Document, DocError> {
    if bytes.is_empty() {
        return Err(DocError::new(name, Stage::Read, "empty file (0 bytes)"));
    }
    let started = std::time::Instant::now();
    match input_kind(path, bytes) {
        Some(InputKind::Pdf) => {
            if !looks_like_pdf(bytes) {
                return Err(DocError::new(
                    name,
                    Stage::Pdf,
                    "not a PDF: no %PDF- header",
                ));
            }
            let mut pdf = backend
                .extract(bytes, limits)
                .map_err(|reason| DocError::new(name, Stage::Pdf, reason))?;
            let deadline = crate::ocr::deadline(started, limits);
            if let Err(reason) =
                crate::isolate::contain(|| crate::ocr::apply(&mut pdf, bytes, ocr, deadline))
            {
                pdf.warnings.push(format!("OCR stopped: {reason}"));
            }
            crate::isolate::contain(|| layout::from_pdf(pdf))
                .map_err(|reason| DocError::new(name, Stage::Layout, reason))
        }
        Some(InputKind::Text) => {
            let text = text_input::read_text(bytes)
                .map_err(|reason| DocError::new(name, Stage::Text, reason))?;
            crate::isolate::contain(|| layout::from_text(text))
                .map_err(|reason| DocError::new(name, Stage::Layout, reason))
        }
        None => Err(DocError::new(
            name,
            Stage::Read,
            "unsupported input: neither a PDF nor a .txt file",
        )),
    }
}

/// Reads and lays out one file.
pub fn lay_out_file(
    path: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
) -> Result<Document, DocError> {
    lay_out_file_with(path, backend, limits, &OcrOptions::default())
}

/// [`lay_out_file`] with the pages `ocr` asks for read by OCR.
pub fn lay_out_file_with(
    path: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
    ocr: &OcrOptions,
) -> Result<Document, DocError> {
    let bytes = read_input(path, limits)?;
    lay_out_with(
        &path.display().to_string(),
        path,
        &bytes,
        backend,
        limits,
        ocr,
    )
}

/// Runs every stage on one input in memory and returns its output record,
/// named after the file's stem (scanned pages OCR'd: `--ocr auto`).
pub fn extract(
    name: &str,
    path: &Path,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
) -> Result<crate::output::Plan, DocError> {
    extract_with(name, path, bytes, backend, limits, &OcrOptions::default())
}

/// [`extract`] with the pages `ocr` asks for read by OCR.
pub fn extract_with(
    name: &str,
    path: &Path,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
    ocr: &OcrOptions,
) -> Result<crate::output::Plan, DocError> {
    extract_as(name, path, &output_stem(path), bytes, backend, limits, ocr)
}

/// [`extract_with`] under a given stem (the `<stem>-NNN` ids): a batch
/// gives same-named inputs distinct stems.
pub fn extract_as(
    name: &str,
    path: &Path,
    stem: &str,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
    ocr: &OcrOptions,
) -> Result<crate::output::Plan, DocError> {
    let read = read_stages(name, path, bytes, backend, limits, ocr)?;
    Ok(read.into_plan(name, path, stem, bytes).0)
}

/// What every stage made of one input: the laid-out document (diacritics
/// restored, as segmentation read it), the segmentation, and the output
/// record [`extract_as`] gives. `iub inspect` draws all three.
pub struct Stages {
    pub laid_out: Document,
    pub segmented: crate::segment::Segmented,
    pub plan: crate::output::Plan,
}

/// [`extract_as`], keeping the stages' results.
pub fn extract_stages_as(
    name: &str,
    path: &Path,
    stem: &str,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
    ocr: &OcrOptions,
) -> Result<Stages, DocError> {
    let read = read_stages(name, path, bytes, backend, limits, ocr)?;
    let segmented = read.segmented.clone();
    let (plan, laid_out) = read.into_plan(name, path, stem, bytes);
    Ok(Stages {
        laid_out,
        segmented,
        plan,
    })
}

/// The stages up to classification, before the output record is built.
struct ReadStages {
    laid_out: Document,
    segmented: crate::segment::Segmented,
    classified: crate::classify::Classified,
    restoration: Option<crate::restore::RestorationReport>,
}

fn read_stages(
    name: &str,
    path: &Path,
    bytes: &[u8],
    backend: &dyn PdfBackend,
    limits: &Limits,
    ocr: &OcrOptions,
) -> Result<ReadStages, DocError> {
    let mut laid_out = lay_out_with(name, path, bytes, backend, limits, ocr)?;
    let restoration = match lexicon() {
        Ok(lexicon) => Some(
            crate::isolate::contain(|| crate::restore::restore_document(&mut laid_out, lexicon))
                .map_err(|reason| DocError::new(name, Stage::Restore, reason))?,
        ),
        Err(e) => {
            laid_out
                .warnings
                .push(format!("diacritic restoration skipped: {e}"));
            None
        }
    };
    let mut segmented = crate::isolate::contain(|| crate::segment::segment(&laid_out))
        .map_err(|reason| DocError::new(name, Stage::Segment, reason))?;
    // Pages OCR never read hold interventions nobody has seen.
    segmented.needs_review.extend(
        laid_out
            .warnings
            .iter()
            .filter(|w| w.ends_with(crate::ocr::UNREAD_FOR_TIME))
            .cloned(),
    );
    let classified = crate::isolate::contain(|| crate::classify::classify(&laid_out, &segmented))
        .map_err(|reason| DocError::new(name, Stage::Classify, reason))?;
    Ok(ReadStages {
        laid_out,
        segmented,
        classified,
        restoration,
    })
}

impl ReadStages {
    /// The output record, and the laid-out document it was built from.
    fn into_plan(
        self,
        name: &str,
        path: &Path,
        stem: &str,
        bytes: &[u8],
    ) -> (crate::output::Plan, Document) {
        let file_name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.to_string());
        let mut plan = crate::output::build_plan(
            stem,
            &file_name,
            &sha256_hex(bytes),
            &self.laid_out,
            self.segmented,
            self.classified,
            self.restoration,
        );
        plan.document.source_path = path.display().to_string();
        (plan, self.laid_out)
    }
}

/// The bundled lexicon, loaded once per process.
pub fn lexicon() -> Result<&'static crate::restore::Lexicon, String> {
    static LEXICON: std::sync::OnceLock<Result<crate::restore::Lexicon, String>> =
        std::sync::OnceLock::new();
    LEXICON
        .get_or_init(|| crate::restore::Lexicon::bundled().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Reads and extracts one file.
pub fn extract_file(
    path: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
) -> Result<crate::output::Plan, DocError> {
    let bytes = read_input(path, limits)?;
    extract(&path.display().to_string(), path, &bytes, backend, limits)
}

/// The output name of an input: its file stem (`plan.pdf` → `plan`).
pub fn output_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".to_string())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
