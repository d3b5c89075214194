//! Backend on lopdf + pdf-extract's `OutputDev`: pdf-extract interprets the
//! content streams (fonts, encodings, ToUnicode, text and graphics state) and
//! calls us back per glyph and per painted path; we turn those calls into
//! display-space glyph boxes and ruling lines.

use super::geometry::{self, PageBuilder};
use super::objects::{info_string, page_rotation};
use super::{PdfBackend, PdfDocument};
use crate::isolate::contain;
use crate::limits::Limits;
use lopdf::{Document, Object};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

pub struct PdfExtractBackend;

impl PdfBackend for PdfExtractBackend {
    fn name(&self) -> &'static str {
        "pdf-extract"
    }

    fn extract(&self, bytes: &[u8], limits: &Limits) -> Result<PdfDocument, String> {
        let super::Loaded { mut doc, warnings } = super::load_checked(bytes, limits)?;
        strip_images(&mut doc);
        compact_identity_cmaps(&mut doc);
        let producer = info_string(&doc, b"Producer");
        let pages = doc.get_pages();
        let mut out = PdfDocument {
            producer,
            warnings,
            ..PdfDocument::default()
        };
        let mut failures = Vec::new();
        for (&number, &page_id) in &pages {
            let rotation = page_rotation(&doc, page_id);
            let mut collector = Collector::new(number, rotation, limits.max_glyphs_per_page);
            let run = contain(|| pdf_extract::output_doc_page(&doc, &mut collector, number));
            let failure = match run {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(format!("{e:?}")),
                Err(panic) => Some(panic),
            };
            if let Some(reason) = failure {
                if collector.page.limit_hit {
                    return Err(format!(
                        "page {number} has more than {} glyphs (--max-glyphs-per-page)",
                        limits.max_glyphs_per_page
                    ));
                }
                failures.push(format!("page {number}: text could not be read ({reason})"));
            } else if collector.page.is_empty_of_text() {
                out.warnings.push(format!("page {number}: no text"));
            }
            out.pages.push(collector.page.into_page());
        }
        if out.pages.iter().all(|p| p.glyphs.is_empty()) && !failures.is_empty() {
            return Err(format!("no page could be read: {}", failures.join("; ")));
        }
        out.warnings.append(&mut failures);
        if out.pages.iter().all(|p| p.glyphs.is_empty()) {
            out.warnings.push(super::NO_TEXT_AT_ALL.to_string());
        }
        Ok(out)
    }
}

/// Image data is never needed for text, but pdf-extract decodes and walks
/// every image XObject a page draws; emptying them first made the scanned
/// Sala plan ~15× faster.
fn strip_images(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            let is_image =
                matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image");
            if is_image {
                stream.content.clear();
                stream.dict.remove(b"Filter");
                stream.dict.remove(b"DecodeParms");
            }
        }
    }
}

/// OCR tools (Tesseract's GlyphLessFont) give every page a font whose
/// ToUnicode CMap is one identity range over all 65,536 codes; pdf-extract
/// expands it into a 65,536-entry map on every page, which made a 16-page
/// scan take half a second. The same mapping restricted to the codes the
/// document actually shows is equivalent and tiny.
fn compact_identity_cmaps(doc: &mut Document) {
    const BIG_RANGE: u32 = 4096;
    let identity = |bytes: &[u8]| -> bool {
        let text = String::from_utf8_lossy(bytes);
        if text.contains("beginbfchar") || text.matches("beginbfrange").count() != 1 {
            return false;
        }
        let Some(body) = text
            .split("beginbfrange")
            .nth(1)
            .and_then(|r| r.split("endbfrange").next())
        else {
            return false;
        };
        let hex: Vec<u32> = body
            .split(['<', '>'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .filter_map(|t| u32::from_str_radix(t, 16).ok())
            .collect();
        // One range "<lo> <hi> <lo>", mapping each code to itself.
        matches!(hex.as_slice(), [lo, hi, dst] if lo == dst && hi.saturating_sub(*lo) >= BIG_RANGE)
    };
    // Only the streams a font names as its /ToUnicode: reading every stream
    // of every document cost ~9% of the pipeline.
    let referenced: std::collections::BTreeSet<lopdf::ObjectId> = doc
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Dictionary(d) => d.get(b"ToUnicode").ok(),
            _ => None,
        })
        .filter_map(|o| o.as_reference().ok())
        .collect();
    let targets: Vec<lopdf::ObjectId> = referenced
        .into_iter()
        .filter(|id| match doc.objects.get(id) {
            Some(Object::Stream(s)) => {
                let content = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                identity(&content)
            }
            _ => false,
        })
        .collect();
    if targets.is_empty() {
        return;
    }
    let Some(codes) = shown_codes(doc) else {
        return; // content we cannot read fully: leave the CMaps as they are
    };
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /iub-compact def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let codes: Vec<u16> = codes.into_iter().collect();
    for chunk in codes.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for code in chunk {
            cmap.push_str(&format!("<{code:04X}> <{code:04X}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    for id in targets {
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(cmap.clone().into_bytes());
        }
    }
}

/// Every two-byte code shown by a text operator in any page or form
/// content. `None` when some content cannot be decoded, or when the codes
/// are so many that compacting gains nothing.
fn shown_codes(doc: &Document) -> Option<std::collections::BTreeSet<u16>> {
    let mut streams: Vec<Vec<u8>> = Vec::new();
    for (_, page_id) in doc.get_pages() {
        streams.push(doc.get_page_content(page_id).ok()?);
    }
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            if matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") {
                streams.push(
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone()),
                );
            }
        }
    }
    let mut codes = std::collections::BTreeSet::new();
    let mut add = |bytes: &[u8]| {
        for pair in bytes.chunks(2) {
            let code = match pair {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                [one] => u16::from(*one),
                _ => continue,
            };
            codes.insert(code);
        }
    };
    for stream in streams {
        let content = lopdf::content::Content::decode(&stream).ok()?;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tj" | "'" | "\"" => {
                    for operand in &op.operands {
                        if let Object::String(bytes, _) = operand {
                            add(bytes);
                        }
                    }
                }
                "TJ" => {
                    for operand in &op.operands {
                        if let Object::Array(items) = operand {
                            for item in items {
                                if let Object::String(bytes, _) = item {
                                    add(bytes);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (codes.len() <= 4096).then_some(codes)
}

/// pdf-extract's callbacks, fed to the shared [`PageBuilder`].
struct Collector {
    page: PageBuilder,
}

impl Collector {
    fn new(number: u32, rotation: u16, max_glyphs: usize) -> Self {
        Collector {
            page: PageBuilder::new(number, rotation, max_glyphs),
        }
    }

    fn paths(
        &mut self,
        ctm: &Transform,
        path: &Path,
        filled: bool,
        shaded: bool,
    ) -> Result<(), OutputError> {
        let ops: Vec<geometry::PathOp> = path
            .ops
            .iter()
            .map(|op| match *op {
                PathOp::MoveTo(x, y) => geometry::PathOp::MoveTo(x, y),
                PathOp::LineTo(x, y) => geometry::PathOp::LineTo(x, y),
                PathOp::CurveTo(_, _, _, _, x, y) => geometry::PathOp::CurveTo(x, y),
                PathOp::Rect(x, y, w, h) => geometry::PathOp::Rect(x, y, w, h),
                PathOp::Close => geometry::PathOp::Close,
            })
            .collect();
        self.page
            .path(&matrix(ctm), &ops, filled, shaded)
            .map_err(|_| OutputError::FormatError(std::fmt::Error))
    }
}

fn matrix(t: &Transform) -> geometry::Matrix {
    [t.m11, t.m12, t.m21, t.m22, t.m31, t.m32]
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page
            .set_media_box([media_box.llx, media_box.lly, media_box.urx, media_box.ury]);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.page
            .glyph(&matrix(trm), width, font_size, text)
            .map_err(|_| OutputError::FormatError(std::fmt::Error))
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        // pdf-extract says neither which font nor which operator: a word is
        // the closest thing to a run it reports, and weight is unknown.
        self.page.begin_run(false);
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.paths(ctm, path, false, false)
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        let white = match color.len() {
            4 => color.iter().all(|v| *v <= 0.03),
            1 | 3 => color.iter().all(|v| *v >= 0.97),
            _ => false,
        };
        self.paths(ctm, path, true, !white)
    }
}
