//! Stage 1 — PDF → positioned glyphs and ruling lines, per page.
//!
//! The rest of the pipeline sees only [`PdfDocument`]; the backend that reads
//! the file is behind [`PdfBackend`] so it can be swapped without touching a
//! later stage. Coordinates are display coordinates (see [`crate::geom`]).

pub(crate) mod filters;
mod geometry;
pub mod guard;
pub mod image;
mod native;
pub(crate) mod objects;
mod pdf_extract_backend;
mod repair;

pub use native::NativeBackend;
pub use pdf_extract_backend::PdfExtractBackend;

use crate::geom::BBox;
use crate::limits::Limits;

/// One glyph as drawn: its Unicode text (usually one character, more for a
/// ligature), the box it occupies and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub bbox: BBox,
    /// Font size in points as displayed (text matrix and CTM applied).
    pub font_size: f64,
    /// Baseline runs left to right on the displayed page. Rotated text
    /// (a vertical diarienummer in the margin) is `false`.
    pub upright: bool,
    /// The producer drew a space right after this glyph.
    pub space_after: bool,
    /// Drawn in a bold face (the font's name or weight says so) or made
    /// bold by stroking its outline (render mode 2). Headings and labels
    /// are often told from body text by weight alone.
    pub bold: bool,
    /// The text-showing operation (`Tj`, `TJ`, `'`, `"`) that drew it, counted
    /// per page: two runs drawn over each other stay apart in words.
    pub run: u32,
}

/// A straight horizontal or vertical line drawn on the page (table borders).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    pub bbox: BBox,
}

impl Ruling {
    pub fn is_vertical(&self) -> bool {
        self.bbox.height() > self.bbox.width()
    }
}

/// An image drawn on the page (a scan is one image covering the page).
#[derive(Debug, Clone, PartialEq)]
pub struct PageImage {
    /// Where it shows, in display coordinates.
    pub bbox: BBox,
    /// Image space (the unit square, row 0 of the pixels at v = 1) to
    /// display space: `(a·u + c·v + e, b·u + d·v + f)`.
    pub transform: [f64; 6],
    pub source: ImageSource,
}

/// Where an image's pixels are, for a stage that needs them (OCR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// An image XObject: object number and generation, size in pixels.
    XObject {
        object: (u32, u16),
        width: u32,
        height: u32,
    },
    /// Inline image data in the content stream (`BI … ID … EI`).
    Inline { width: u32, height: u32 },
}

impl PageImage {
    /// Pixel rows run top to bottom and columns left to right on the
    /// displayed page, with no rotation or shear: pixel boxes map to the
    /// page by scaling alone.
    pub fn is_upright(&self) -> bool {
        let [a, b, c, d, _, _] = self.transform;
        let tiny = 1e-6 * (a.abs() + d.abs());
        a > 0.0 && d < 0.0 && b.abs() <= tiny && c.abs() <= tiny
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: u32,
    /// Displayed size in points (after `/Rotate`).
    pub width: f64,
    pub height: f64,
    /// `/Rotate` of the page, normalised to 0, 90, 180 or 270.
    pub rotation: u16,
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// Filled areas in a colour other than white, too thick to be rulings:
    /// cell and row backgrounds (a shaded header or group row).
    pub fills: Vec<BBox>,
    pub images: Vec<PageImage>,
    /// Set when the glyphs were read from the page image by OCR.
    pub ocr: Option<crate::ocr::PageOcr>,
}

/// Text an annotation's appearance drew (a form field's value, a free-text
/// comment, a stamp) rather than the page's content: its glyphs are page
/// text like any other, and this says which they are.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationText {
    /// 1-based page number.
    pub page: u32,
    /// The annotation's `/Subtype`: `Widget` for a form field, `FreeText`, …
    pub kind: String,
    /// A form field's full name (its `/T` and its parents'), for widgets.
    pub field: Option<String>,
    /// Which of the page's glyphs it drew.
    pub glyphs: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfDocument {
    pub pages: Vec<PdfPage>,
    /// Glyphs drawn by annotations, by page, in drawing order.
    pub annotations: Vec<AnnotationText>,
    /// `/Producer` of the info dictionary, for the record.
    pub producer: Option<String>,
    /// Problems that did not stop extraction (a page that failed, …).
    pub warnings: Vec<String>,
}

/// What a page drew that did not become text, counted so that a page
/// without text can say why (issue 17: no empty "ok").
#[derive(Debug, Default, Clone)]
pub(crate) struct PageSeen {
    /// Glyphs shown in fonts that give no Unicode for them, and those fonts.
    pub unmapped: usize,
    pub unmapped_fonts: std::collections::BTreeSet<String>,
    /// Image XObjects and inline images drawn.
    pub images: usize,
    /// Annotations whose appearance drew glyphs (page number left 0).
    pub annotations: Vec<AnnotationText>,
}

impl PageSeen {
    /// The warning for page `number` when it gave no text.
    pub fn no_text_reason(&self, number: u32) -> String {
        let fonts = || {
            let names: Vec<&str> = self.unmapped_fonts.iter().map(String::as_str).collect();
            names.join(", ")
        };
        if self.unmapped > 0 {
            format!(
                "page {number}: no text: {} glyphs in fonts without a Unicode mapping ({})",
                self.unmapped,
                fonts()
            )
        } else if self.images > 0 {
            format!("page {number}: no text layer: the page is only images (a scan without OCR?)")
        } else {
            format!("page {number}: no text: nothing on the page is text")
        }
    }
}

/// The document-level warning when no page gave text.
pub(crate) const NO_TEXT_AT_ALL: &str =
    "no page has text: the document needs OCR or a reader's review";

/// A PDF reader. `extract` must not panic on bad input (implementations wrap
/// third-party parsers with [`crate::isolate::contain`]) and must respect the
/// limits; the error string says why the file could not be read.
pub trait PdfBackend: Send + Sync {
    fn name(&self) -> &'static str;
    fn extract(&self, bytes: &[u8], limits: &Limits) -> Result<PdfDocument, String>;
}

/// The backend `iub` uses unless told otherwise.
pub fn default_backend() -> &'static dyn PdfBackend {
    &NativeBackend
}

/// Every backend, for `--pdf-backend` and for cross-checks.
pub fn backends() -> [&'static dyn PdfBackend; 2] {
    [&NativeBackend, &PdfExtractBackend]
}

/// lopdf's error without its plea to file an issue upstream.
fn lopdf_reason(error: &lopdf::Error) -> String {
    let text = error.to_string();
    match text.find("; please open an issue") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

const WRONG_PASSWORD: &str =
    "encrypted PDF: the password given (--password) opens it neither as user nor as owner";

/// A parsed file that passed the checks, and what had to be repaired.
pub(crate) struct Loaded {
    pub doc: lopdf::Document,
    pub warnings: Vec<String>,
}

/// Parses the file — rebuilding a damaged one from its objects, see
/// [`repair`] — and runs the checks every backend needs before any content
/// is interpreted: encryption, decompression bombs, Form XObject loops and
/// depth, page count.
pub(crate) fn load_checked(bytes: &[u8], limits: &Limits) -> Result<Loaded, String> {
    let mut warnings = Vec::new();
    let password = limits.password.as_ref().map(|p| p.0.as_str());
    let options = lopdf::LoadOptions {
        password: password.map(str::to_string),
        ..lopdf::LoadOptions::default()
    };
    let loaded =
        match crate::isolate::contain(|| lopdf::Document::load_mem_with_options(bytes, options)) {
            Ok(Err(lopdf::Error::InvalidPassword)) => return Err(WRONG_PASSWORD.to_string()),
            Ok(result) => result.map_err(|e| lopdf_reason(&e)),
            Err(panic) => Err(panic),
        };
    // A file lopdf reads with objects missing, or without a page even when
    // its page tree is repaired, is rebuilt too.
    let (mut doc, mut damage) = match loaded {
        Err(reason) => (None, Some(reason)),
        Ok(doc) => {
            let locked = doc.is_encrypted() && doc.encryption_state.is_none();
            let damage = match repair::lost_objects(&doc) {
                n if n > 0 && !locked => Some(format!(
                    "{n} objects of its cross-reference table do not parse"
                )),
                _ => None,
            };
            (Some(doc), damage)
        }
    };
    let mut tree_repaired = false;
    if let (Some(d), None) = (doc.as_mut(), &damage) {
        let locked = d.is_encrypted() && d.encryption_state.is_none();
        if !locked && d.get_pages().is_empty() {
            tree_repaired = repair::repair_page_tree(d);
            if !tree_repaired {
                damage = Some("no page in its page tree".to_string());
            }
        }
    }
    if let Some(damage) = &damage {
        // A rebuilt file with fewer pages than lopdf read is a worse reading
        // (scanning took garbage for objects): the first one stays.
        let pages_read = doc.as_ref().map_or(0, |d| d.get_pages().len());
        let rebuilt = repair::rebuild(bytes, password, repair::Encryption::Keep, limits)
            .filter(|d| !d.objects.is_empty() && d.get_pages().len().max(1) >= pages_read);
        if let Some(mut rebuilt) = rebuilt {
            tree_repaired = repair::repair_page_tree(&mut rebuilt);
            warnings.push(format!(
                "damaged file ({damage}): its cross-reference table was rebuilt by scanning for objects"
            ));
            doc = Some(rebuilt);
        }
    }
    let Some(doc) = doc else {
        return Err(format!(
            "not a readable PDF: {}",
            damage.unwrap_or_default()
        ));
    };
    if tree_repaired {
        warnings.push("damaged page tree: its pages were found by their objects".to_string());
    }
    let mut doc = doc;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        // Only attachments encrypted, or a key lopdf could not compute for
        // want of an /ID: rebuilt, the text opens without a password.
        let opened = repair::locked_fix(&doc)
            .and_then(|fix| repair::rebuild(bytes, password, fix, limits).map(|d| (fix, d)))
            .filter(|(_, d)| !(d.is_encrypted() && d.encryption_state.is_none()));
        match opened {
            Some((fix, rebuilt)) => {
                warnings.push(match fix {
                    repair::Encryption::Drop => {
                        "only the attachments are encrypted: the text was read without a password"
                            .to_string()
                    }
                    _ => "encrypted without a valid /ID: opened with an empty one, as poppler does"
                        .to_string(),
                });
                doc = rebuilt;
                repair::repair_page_tree(&mut doc);
            }
            None if password.is_some() => return Err(WRONG_PASSWORD.to_string()),
            None => {
                return Err(
                    "encrypted PDF that needs a password (give it with --password)".to_string(),
                )
            }
        }
    }
    guard::check_form_nesting(&doc, limits)?;
    guard::check_decompressed_sizes(&doc, limits)?;
    let pages = doc.get_pages().len();
    if pages == 0 {
        // A page tree that loops is the reason, whether or not the file
        // needed rebuilding to find it.
        return Err(match (guard::page_tree_loop(&doc), damage) {
            (Some(looped), _) => looped,
            (None, Some(damage)) => format!(
                "not a readable PDF: {damage}; rebuilt from the objects it holds, it has no pages"
            ),
            (None, None) => "the PDF has no pages".to_string(),
        });
    }
    if pages > limits.max_pages {
        return Err(format!(
            "{pages} pages, more than the limit of {} (--max-pages)",
            limits.max_pages
        ));
    }
    Ok(Loaded { doc, warnings })
}

/// Whether `bytes` look like a PDF: `%PDF-` within the first KiB, as
/// readers allow, or (a header lost) an object `N G obj` first thing after
/// comments, which poppler and qpdf still open.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-") || repair::starts_with_object(head)
}
