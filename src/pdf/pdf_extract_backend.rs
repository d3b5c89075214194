//! Backend on lopdf + pdf-extract's `OutputDev`: pdf-extract interprets the
//! content streams (fonts, encodings, ToUnicode, text and graphics state) and
//! calls us back per glyph and per painted path; we turn those calls into
//! display-space glyph boxes and ruling lines.

use super::{Glyph, PdfBackend, PdfDocument, PdfPage, Ruling};
use crate::geom::BBox;
use crate::isolate::contain;
use crate::limits::Limits;
use lopdf::{Document, Object};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// Share of the font size above the baseline and below it, for glyph boxes
/// (pdf-extract reports no font ascent/descent; these are typical values).
const ASCENT: f64 = 0.78;
const DESCENT: f64 = 0.22;
/// A path thinner than this (points) is a line, whatever way it was painted.
const RULING_MAX_THICKNESS: f64 = 3.0;
const RULING_MIN_LENGTH: f64 = 3.0;

pub struct PdfExtractBackend;

impl PdfBackend for PdfExtractBackend {
    fn name(&self) -> &'static str {
        "pdf-extract"
    }

    fn extract(&self, bytes: &[u8], limits: &Limits) -> Result<PdfDocument, String> {
        let mut doc = contain(|| Document::load_mem(bytes))?
            .map_err(|e| format!("not a readable PDF: {e}"))?;
        if doc.is_encrypted() && doc.encryption_state.is_none() {
            return Err("encrypted PDF that needs a password".to_string());
        }
        strip_images(&mut doc);
        super::guard::check_form_nesting(&doc, limits)?;
        super::guard::check_decompressed_sizes(&doc, limits)?;
        compact_identity_cmaps(&mut doc);
        let producer = info_string(&doc, b"Producer");
        let pages = doc.get_pages();
        if pages.is_empty() {
            return Err("the PDF has no pages".to_string());
        }
        if pages.len() > limits.max_pages {
            return Err(format!(
                "{} pages, more than the limit of {} (--max-pages)",
                pages.len(),
                limits.max_pages
            ));
        }
        let mut out = PdfDocument {
            producer,
            ..PdfDocument::default()
        };
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
                if collector.glyph_limit_hit {
                    return Err(format!(
                        "page {number} has more than {} glyphs (--max-glyphs-per-page)",
                        limits.max_glyphs_per_page
                    ));
                }
                out.warnings
                    .push(format!("page {number}: text could not be read ({reason})"));
            }
            out.pages.push(collector.into_page());
        }
        if out.pages.iter().all(|p| p.glyphs.is_empty()) && !out.warnings.is_empty() {
            return Err(format!(
                "no page could be read: {}",
                out.warnings.join("; ")
            ));
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

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    match info.as_dict().ok()?.get(key).ok()? {
        Object::String(bytes, _) => Some(
            lopdf::decode_text_string(&Object::String(bytes.clone(), lopdf::StringFormat::Literal))
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        ),
        _ => None,
    }
}

/// `/Rotate`, inherited through the page tree (bounded walk: trees can loop).
fn page_rotation(doc: &Document, page_id: lopdf::ObjectId) -> u16 {
    let mut current = doc.get_object(page_id).ok();
    for _ in 0..64 {
        let Some(dict) = current.and_then(|o| o.as_dict().ok()) else {
            break;
        };
        if let Ok(value) = dict.get(b"Rotate") {
            let degrees = match value {
                Object::Integer(i) => *i,
                Object::Real(r) => *r as i64,
                _ => 0,
            };
            return (degrees.rem_euclid(360) / 90 * 90) as u16;
        }
        current = match dict.get(b"Parent") {
            Ok(Object::Reference(id)) => doc.get_object(*id).ok(),
            _ => None,
        };
    }
    0
}

/// Maps user-space points of one page to display space.
#[derive(Debug, Clone, Copy)]
struct PageFrame {
    llx: f64,
    ury: f64,
    width: f64,
    height: f64,
    rotation: u16,
}

impl PageFrame {
    fn display_size(&self) -> (f64, f64) {
        match self.rotation {
            90 | 270 => (self.height, self.width),
            _ => (self.width, self.height),
        }
    }

    fn map(&self, x: f64, y: f64) -> (f64, f64) {
        // Unrotated, origin top-left, y down.
        let (ux, uy) = (x - self.llx, self.ury - y);
        match self.rotation {
            90 => (self.height - uy, ux),
            180 => (self.width - ux, self.height - uy),
            270 => (uy, self.width - ux),
            _ => (ux, uy),
        }
    }
}

struct Collector {
    number: u32,
    rotation: u16,
    frame: PageFrame,
    glyphs: Vec<Glyph>,
    rulings: Vec<Ruling>,
    max_glyphs: usize,
    glyph_limit_hit: bool,
}

impl Collector {
    fn new(number: u32, rotation: u16, max_glyphs: usize) -> Self {
        Collector {
            number,
            rotation,
            frame: PageFrame {
                llx: 0.0,
                ury: 0.0,
                width: 0.0,
                height: 0.0,
                rotation,
            },
            glyphs: Vec::new(),
            rulings: Vec::new(),
            max_glyphs,
            glyph_limit_hit: false,
        }
    }

    fn into_page(self) -> PdfPage {
        let (width, height) = self.frame.display_size();
        PdfPage {
            number: self.number,
            width,
            height,
            rotation: self.rotation,
            glyphs: self.glyphs,
            rulings: self.rulings,
        }
    }

    fn push_segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        let (ax, ay) = self.frame.map(a.0, a.1);
        let (bx, by) = self.frame.map(b.0, b.1);
        let bbox = BBox::new(ax, ay, bx, by);
        let thin = bbox.width().min(bbox.height()) <= 1.0;
        if thin && bbox.width().max(bbox.height()) >= RULING_MIN_LENGTH {
            self.rulings.push(Ruling { bbox });
        }
    }

    fn paths(&mut self, ctm: &Transform, path: &Path, filled: bool) -> Result<(), OutputError> {
        let apply = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                x * ctm.m12 + y * ctm.m22 + ctm.m32,
            )
        };
        let mut start = (0.0, 0.0);
        let mut current = (0.0, 0.0);
        for op in &path.ops {
            if self.rulings.len() >= self.max_glyphs {
                self.glyph_limit_hit = true;
                return Err(OutputError::FormatError(std::fmt::Error));
            }
            match *op {
                PathOp::MoveTo(x, y) => {
                    current = apply(x, y);
                    start = current;
                }
                PathOp::LineTo(x, y) => {
                    let next = apply(x, y);
                    if !filled {
                        self.push_segment(current, next);
                    }
                    current = next;
                }
                PathOp::CurveTo(_, _, _, _, x, y) => current = apply(x, y),
                PathOp::Rect(x, y, w, h) => {
                    let corners = [
                        apply(x, y),
                        apply(x + w, y),
                        apply(x + w, y + h),
                        apply(x, y + h),
                    ];
                    let (p0, p2) = (
                        self.frame.map(corners[0].0, corners[0].1),
                        self.frame.map(corners[2].0, corners[2].1),
                    );
                    let bbox = BBox::new(p0.0, p0.1, p2.0, p2.1);
                    let thickness = bbox.width().min(bbox.height());
                    if thickness <= RULING_MAX_THICKNESS {
                        if bbox.width().max(bbox.height()) >= RULING_MIN_LENGTH {
                            self.rulings.push(Ruling { bbox });
                        }
                    } else if !filled {
                        for i in 0..4 {
                            self.push_segment(corners[i], corners[(i + 1) % 4]);
                        }
                    }
                    current = corners[0];
                    start = current;
                }
                PathOp::Close => {
                    if !filled {
                        self.push_segment(current, start);
                    }
                    current = start;
                }
            }
        }
        Ok(())
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.frame = PageFrame {
            llx: media_box.llx.min(media_box.urx),
            ury: media_box.ury.max(media_box.lly),
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            rotation: self.rotation,
        };
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
        if text.chars().all(|c| c.is_whitespace()) {
            if let Some(last) = self.glyphs.last_mut() {
                last.space_after = true;
            }
            return Ok(());
        }
        if self.glyphs.len() >= self.max_glyphs {
            self.glyph_limit_hit = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // Text space → user space: origin, advance and "up" vectors.
        let origin = (trm.m31, trm.m32);
        let advance = width * font_size;
        let along = (advance * trm.m11, advance * trm.m12);
        let up = (font_size * trm.m21, font_size * trm.m22);
        let size = (up.0 * up.0 + up.1 * up.1).sqrt();
        if !size.is_finite() || !origin.0.is_finite() || !origin.1.is_finite() || size == 0.0 {
            return Ok(()); // degenerate matrix: nothing visible to place
        }
        let corner = |a: f64, u: f64| {
            self.frame.map(
                origin.0 + along.0 * a + up.0 * u,
                origin.1 + along.1 * a + up.1 * u,
            )
        };
        let points = [
            corner(0.0, -DESCENT),
            corner(1.0, -DESCENT),
            corner(0.0, ASCENT),
            corner(1.0, ASCENT),
        ];
        let mut bbox = BBox::new(points[0].0, points[0].1, points[0].0, points[0].1);
        for p in &points[1..] {
            bbox = bbox.union(&BBox::new(p.0, p.1, p.0, p.1));
        }
        // Reading direction on the displayed page, from the baseline vector.
        let o = self.frame.map(origin.0, origin.1);
        let d = self.frame.map(origin.0 + trm.m11, origin.1 + trm.m12);
        let (dx, dy) = (d.0 - o.0, d.1 - o.1);
        let upright = dx > 0.0 && dy.abs() <= dx * 0.2;
        self.glyphs.push(Glyph {
            text: text.to_string(),
            bbox,
            font_size: size,
            upright,
            space_after: false,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
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
        self.paths(ctm, path, false)
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.paths(ctm, path, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_maps_corners_of_the_page() {
        let frame = PageFrame {
            llx: 0.0,
            ury: 842.0,
            width: 595.0,
            height: 842.0,
            rotation: 90,
        };
        // The unrotated top-left corner shows at the top-right after a
        // clockwise quarter turn; the bottom-left at the top-left.
        assert_eq!(frame.map(0.0, 842.0), (842.0, 0.0));
        assert_eq!(frame.map(0.0, 0.0), (0.0, 0.0));
        assert_eq!(frame.display_size(), (842.0, 595.0));
    }
}
