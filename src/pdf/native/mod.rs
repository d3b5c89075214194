//! iub's own content-stream interpreter on lopdf's object model: the
//! default backend. It does only what text extraction needs (text state and
//! showing, the CTM, Form XObjects, painted paths for rulings), parses each
//! font once per document, keeps CMap ranges unexpanded, and tokenizes
//! content with a hand-written lexer; together that made the PDF stage
//! about twice as fast as pdf-extract on the corpus.

mod cmap;
mod encoding;
mod font;
pub(super) mod lexer;

use super::filters;
use super::geometry::{self, Matrix, PageBuilder, PathOp, IDENTITY};
use super::objects::{dict_entry, entry, info_string, inherited, number, page_rotation, resolve};
use super::{ImageSource, PageSeen, PdfBackend, PdfDocument};
use crate::isolate::contain;
use crate::limits::Limits;
use font::Font;
use lexer::{Lexer, Token};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Nested `q` beyond this are counted but not saved (a hostile stream can
/// push millions).
const MAX_SAVED_STATES: usize = 256;
/// Operands kept before an operator; more means garbage.
const MAX_OPERANDS: usize = 4096;
/// A `TJ` move right of this many thousandths of an em breaks a word.
const TJ_SPACE_THOUSANDTHS: f64 = 100.0;
/// Default page size (US Letter) when no `/MediaBox` is found.
const LETTER: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

pub struct NativeBackend;

impl PdfBackend for NativeBackend {
    fn name(&self) -> &'static str {
        "native"
    }

    fn extract(&self, bytes: &[u8], limits: &Limits) -> Result<PdfDocument, String> {
        let super::Loaded { doc, warnings } = super::load_checked(bytes, limits)?;
        let pages = doc.get_pages();
        let mut out = PdfDocument {
            producer: info_string(&doc, b"Producer"),
            warnings,
            ..PdfDocument::default()
        };
        let mut cache = DocumentCache::default();
        let mut failures = Vec::new();
        for (&number, &page_id) in &pages {
            let rotation = page_rotation(&doc, page_id);
            let mut page = PageBuilder::new(number, rotation, limits.max_glyphs_per_page);
            let mut seen = PageSeen::default();
            let run =
                contain(|| interpret_page(&doc, page_id, &mut page, &mut cache, &mut seen, limits));
            if page.limit_hit {
                return Err(format!(
                    "page {number} has more than {} glyphs (--max-glyphs-per-page)",
                    limits.max_glyphs_per_page
                ));
            }
            if let Ok(Err(PageError::TooManyOperations)) = run {
                return Err(format!(
                    "page {number} runs more than {} content operators (--max-operations-per-page): forms drawn over and over?",
                    limits.max_operations_per_page
                ));
            }
            if let Err(reason) = run.and_then(|r| r.map_err(|e| e.to_string())) {
                failures.push(format!("page {number}: text could not be read ({reason})"));
            } else if page.is_empty_of_text() {
                out.warnings.push(seen.no_text_reason(number));
            } else if page.has_no_words() {
                out.warnings.push(format!(
                    "page {number}: no words: only punctuation and symbols"
                ));
            }
            if page.outside_crop > 0 {
                out.warnings.push(format!(
                    "page {number}: {} glyphs outside the page (its crop or media box) left out",
                    page.outside_crop
                ));
            }
            out.annotations.extend(
                seen.annotations
                    .into_iter()
                    .map(|a| super::AnnotationText { page: number, ..a }),
            );
            out.pages.push(page.into_page());
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

/// Why a page stopped early.
#[derive(Debug)]
enum PageError {
    /// `--max-operations-per-page`: the whole document is refused.
    TooManyOperations,
    /// Anything else: the page is reported, the others go on.
    Other(String),
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::TooManyOperations => f.write_str("too many content operators"),
            PageError::Other(reason) => f.write_str(reason),
        }
    }
}

impl From<String> for PageError {
    fn from(reason: String) -> Self {
        PageError::Other(reason)
    }
}

/// Fonts and form content by object id, for the whole document.
#[derive(Default)]
struct DocumentCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
    /// Decoded Form XObject content: a logo drawn on every page, or a form
    /// drawn thousands of times, is inflated once.
    forms: HashMap<ObjectId, Rc<[u8]>>,
}

fn media_box(doc: &Document, page_id: ObjectId) -> [f64; 4] {
    let Some(Object::Array(items)) = inherited(doc, page_id, b"MediaBox") else {
        return LETTER;
    };
    let values: Vec<f64> = items
        .iter()
        .filter_map(|o| number(resolve(doc, o)))
        .collect();
    match values.as_slice() {
        [a, b, c, d] if (c - a).abs() > 0.0 && (d - b).abs() > 0.0 => [*a, *b, *c, *d],
        _ => LETTER,
    }
}

/// The page's content: its `/Contents` stream, or the streams of the array
/// joined by white space (§7.8.2), each decoded within the limits.
fn page_content(doc: &Document, page_id: ObjectId, limits: &Limits) -> Result<Vec<u8>, String> {
    let page = doc
        .get_dictionary(page_id)
        .map_err(|e| format!("page object: {e}"))?;
    let parts: Vec<&Object> = match dict_entry(doc, page, b"Contents") {
        Some(Object::Array(items)) => items.iter().map(|i| resolve(doc, i)).collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let mut content = Vec::new();
    for part in parts {
        let Object::Stream(stream) = part else {
            continue;
        };
        let bytes = filters::decode(doc, stream, limits.max_stream_bytes)
            .map_err(|e| format!("content stream: {e}"))?;
        content.extend_from_slice(&bytes);
        content.push(b'\n');
    }
    Ok(content)
}

/// The `/CropBox` (inherited), when it is smaller than the media box; a
/// crop box reaching past the media box is clipped to it (§14.11.2).
fn crop_box(doc: &Document, page_id: ObjectId, media: [f64; 4]) -> Option<[f64; 4]> {
    let [a, b, c, d] = rectangle(doc, inherited(doc, page_id, b"CropBox"))?;
    let [m0, m1, m2, m3] = [
        media[0].min(media[2]),
        media[1].min(media[3]),
        media[0].max(media[2]),
        media[1].max(media[3]),
    ];
    let clipped = [a.max(m0), b.max(m1), c.min(m2), d.min(m3)];
    let inside = clipped[2] > clipped[0] && clipped[3] > clipped[1];
    let smaller = clipped != [m0, m1, m2, m3];
    (inside && smaller).then_some(clipped)
}

fn interpret_page(
    doc: &Document,
    page_id: ObjectId,
    page: &mut PageBuilder,
    cache: &mut DocumentCache,
    seen: &mut PageSeen,
    limits: &Limits,
) -> Result<(), PageError> {
    let media = media_box(doc, page_id);
    page.set_media_box(media);
    // What lies outside the page's visible box is not on the page: a
    // producer's text drawn past the media box (a template's other pages,
    // pdf.js issue7454) is what no viewer shows and pdftotext leaves out.
    page.set_crop_box(crop_box(doc, page_id, media).unwrap_or(media));
    let resources = match inherited(doc, page_id, b"Resources") {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let content = page_content(doc, page_id, limits)?;
    let mut interpreter = Interpreter {
        doc,
        page,
        cache,
        seen,
        limits,
        forms: Vec::new(),
        state: GraphicsState::default(),
        saved: Vec::new(),
        unsaved: 0,
        text_matrix: IDENTITY,
        line_matrix: IDENTITY,
        path: Vec::new(),
        operations: 0,
    };
    let drawn = interpreter.run(&content, resources);
    if let Err(PageError::TooManyOperations) = drawn {
        return drawn;
    }
    interpreter.draw_annotations(page_id)?;
    drawn
}

/// Annotation flags (§12.5.3) that keep an annotation off the screen.
const HIDDEN: i64 = 1 << 1;
const NO_VIEW: i64 = 1 << 5;

/// A form field's full name: its `/T` after its parents' (§12.7.4.2).
fn field_name(doc: &Document, widget: &Dictionary) -> Option<String> {
    let mut parts = Vec::new();
    let mut node = Some(widget);
    for _ in 0..32 {
        let Some(d) = node else { break };
        if let Some(Object::String(t, _)) = dict_entry(doc, d, b"T") {
            parts.push(
                lopdf::decode_text_string(&Object::String(t.clone(), lopdf::StringFormat::Literal))
                    .unwrap_or_else(|_| String::from_utf8_lossy(t).into_owned()),
            );
        }
        node = match dict_entry(doc, d, b"Parent") {
            Some(Object::Dictionary(p)) => Some(p),
            _ => None,
        };
    }
    parts.reverse();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// A field attribute, inherited from the field's parents (§12.7.4.1).
fn inherited_field<'d>(
    doc: &'d Document,
    widget: &'d Dictionary,
    key: &[u8],
) -> Option<&'d Object> {
    let mut node = widget;
    for _ in 0..32 {
        if let Some(value) = dict_entry(doc, node, key) {
            return Some(value);
        }
        node = match dict_entry(doc, node, b"Parent") {
            Some(Object::Dictionary(parent)) => parent,
            _ => return None,
        };
    }
    None
}

/// The font size of a default-appearance string (`/Helv 10 Tf 0 g`).
fn da_font_size(da: &str) -> Option<f64> {
    let words: Vec<&str> = da.split_ascii_whitespace().collect();
    let at = words.iter().position(|w| *w == "Tf")?;
    words.get(at.checked_sub(1)?)?.parse().ok()
}

/// The bounds of a rectangle `[x0 y0 x1 y1]` after `matrix`.
fn transformed_box(rect: [f64; 4], matrix: &Matrix) -> [f64; 4] {
    let corners = [
        geometry::apply(matrix, rect[0], rect[1]),
        geometry::apply(matrix, rect[2], rect[1]),
        geometry::apply(matrix, rect[0], rect[3]),
        geometry::apply(matrix, rect[2], rect[3]),
    ];
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    let min = |v: [f64; 4]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: [f64; 4]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    [min(xs), min(ys), max(xs), max(ys)]
}

fn rectangle(doc: &Document, object: Option<&Object>) -> Option<[f64; 4]> {
    let Some(Object::Array(items)) = object else {
        return None;
    };
    let v: Vec<f64> = items
        .iter()
        .filter_map(|o| number(resolve(doc, o)))
        .collect();
    let [a, b, c, d] = <[f64; 4]>::try_from(v.as_slice()).ok()?;
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

fn form_matrix(doc: &Document, form: &lopdf::Stream) -> Matrix {
    match dict_entry(doc, &form.dict, b"Matrix") {
        Some(Object::Array(items)) => {
            let values: Vec<f64> = items.iter().filter_map(number).collect();
            <[f64; 6]>::try_from(values.as_slice()).unwrap_or(IDENTITY)
        }
        _ => IDENTITY,
    }
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// `Tz` / 100.
    horizontal_scaling: f64,
    leading: f64,
    rise: f64,
    /// `Tr`: 2 fills and strokes each glyph (a producer's fake bold).
    render_mode: i64,
    /// The non-stroking colour is white (a page or cell painted white).
    fill_white: bool,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            ctm: IDENTITY,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
            fill_white: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Number(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

struct Interpreter<'a, 'p> {
    doc: &'a Document,
    page: &'p mut PageBuilder,
    cache: &'p mut DocumentCache,
    seen: &'p mut PageSeen,
    limits: &'p Limits,
    /// Form XObjects being drawn, innermost last (loops, depth).
    forms: Vec<ObjectId>,
    state: GraphicsState,
    saved: Vec<GraphicsState>,
    /// `q`s past [`MAX_SAVED_STATES`], so their `Q`s do not pop real states.
    unsaved: usize,
    text_matrix: Matrix,
    line_matrix: Matrix,
    path: Vec<PathOp>,
    /// Operators run so far on this page, forms included.
    operations: usize,
}

/// Whether a colour operator sets white: gray 1, RGB 1 1 1, CMYK 0 0 0 0.
/// `sc`/`scn` are read by their operand count; a pattern is not white.
fn is_white(op: &[u8], operands: &[Operand]) -> bool {
    let values: Vec<f64> = operands
        .iter()
        .filter_map(|o| match o {
            Operand::Number(v) => Some(*v),
            _ => None,
        })
        .collect();
    if values.len() != operands.len() || values.is_empty() {
        return false;
    }
    let cmyk = op == b"k" || (op != b"g" && op != b"rg" && values.len() == 4);
    if cmyk {
        values.iter().all(|v| *v <= 0.03)
    } else {
        values.iter().all(|v| *v >= 0.97)
    }
}

fn numbers<const N: usize>(operands: &[Operand]) -> Option<[f64; N]> {
    let tail = operands.get(operands.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (slot, operand) in out.iter_mut().zip(tail) {
        match operand {
            Operand::Number(n) => *slot = *n,
            _ => return None,
        }
    }
    Some(out)
}

fn translate(tx: f64, ty: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

impl<'a> Interpreter<'a, '_> {
    fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) -> Result<(), PageError> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        // Arrays being built, innermost last.
        let mut arrays: Vec<Vec<Operand>> = Vec::new();
        let mut dict_depth = 0usize;
        while let Some(token) = lexer.next_token() {
            let operand = match token {
                Token::DictOpen => {
                    dict_depth += 1;
                    continue;
                }
                Token::DictClose => {
                    if dict_depth > 0 {
                        dict_depth -= 1;
                        if dict_depth == 0 {
                            operands.push(Operand::Other);
                        }
                    }
                    continue;
                }
                // Inside an inline dictionary (marked-content properties)
                // nothing is an operator.
                _ if dict_depth > 0 => continue,
                Token::ArrayOpen => {
                    if arrays.len() < self.limits.max_nesting {
                        arrays.push(Vec::new());
                    }
                    continue;
                }
                Token::ArrayClose => {
                    let Some(done) = arrays.pop() else { continue };
                    Operand::Array(done)
                }
                Token::Number(n) => Operand::Number(n),
                Token::Name(n) => Operand::Name(n),
                Token::Str(s) => Operand::Str(s),
                // true/false/null, or any keyword inside an array, is an operand.
                Token::Keyword(_) if !arrays.is_empty() => Operand::Other,
                Token::Keyword(b"true" | b"false" | b"null") => Operand::Other,
                Token::Keyword(op) => {
                    self.operations += 1;
                    if self.operations > self.limits.max_operations_per_page {
                        return Err(PageError::TooManyOperations);
                    }
                    if op == b"ID" {
                        self.seen.images += 1;
                        self.inline_image(&operands);
                        lexer.skip_inline_image_data();
                    } else {
                        self.operator(op, &operands, resources)?;
                    }
                    operands.clear();
                    continue;
                }
            };
            match arrays.last_mut() {
                Some(array) if array.len() < MAX_OPERANDS => array.push(operand),
                Some(_) => {}
                None if operands.len() < MAX_OPERANDS => operands.push(operand),
                None => operands.clear(),
            }
        }
        Ok(())
    }

    fn operator(
        &mut self,
        op: &[u8],
        operands: &[Operand],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), PageError> {
        let max_glyphs = self.limits.max_glyphs_per_page;
        let limit = move |_| PageError::Other(format!("more than {max_glyphs} glyphs"));
        match op {
            b"q" => {
                if self.saved.len() < MAX_SAVED_STATES {
                    self.saved.push(self.state.clone());
                } else {
                    self.unsaved += 1;
                }
            }
            b"Q" => {
                if self.unsaved > 0 {
                    self.unsaved -= 1;
                } else if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            b"cm" => {
                if let Some(m) = numbers::<6>(operands) {
                    self.state.ctm = geometry::multiply(&m, &self.state.ctm);
                }
            }
            b"BT" => {
                self.text_matrix = IDENTITY;
                self.line_matrix = IDENTITY;
            }
            b"Tc" => self.set(operands, |s, [v]| s.char_spacing = v),
            b"Tw" => self.set(operands, |s, [v]| s.word_spacing = v),
            b"Tz" => self.set(operands, |s, [v]| s.horizontal_scaling = v / 100.0),
            b"TL" => self.set(operands, |s, [v]| s.leading = v),
            b"Ts" => self.set(operands, |s, [v]| s.rise = v),
            b"Tr" => self.set(operands, |s, [v]| s.render_mode = v as i64),
            // Non-stroking colour: only "white or not" matters (backgrounds).
            b"g" | b"rg" | b"k" | b"sc" | b"scn" => {
                self.state.fill_white = is_white(op, operands);
            }
            b"Tf" => {
                if let [.., Operand::Name(name), Operand::Number(size)] = operands {
                    self.state.font = self.font(resources, name);
                    self.state.font_size = *size;
                }
            }
            b"Td" => {
                if let Some([tx, ty]) = numbers::<2>(operands) {
                    self.next_line(tx, ty);
                }
            }
            b"TD" => {
                if let Some([tx, ty]) = numbers::<2>(operands) {
                    self.state.leading = -ty;
                    self.next_line(tx, ty);
                }
            }
            b"Tm" => {
                if let Some(m) = numbers::<6>(operands) {
                    self.text_matrix = m;
                    self.line_matrix = m;
                }
            }
            b"T*" => self.next_line(0.0, -self.state.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = operands.last() {
                    self.show(s).map_err(limit)?;
                }
            }
            b"'" => {
                self.next_line(0.0, -self.state.leading);
                if let Some(Operand::Str(s)) = operands.last() {
                    self.show(s).map_err(limit)?;
                }
            }
            b"\"" => {
                if let [.., Operand::Number(aw), Operand::Number(ac), Operand::Str(s)] = operands {
                    self.state.word_spacing = *aw;
                    self.state.char_spacing = *ac;
                    self.next_line(0.0, -self.state.leading);
                    self.show(s).map_err(limit)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = operands.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s).map_err(limit)?,
                            Operand::Number(adjust) => {
                                // A move right of a tenth of an em or more is
                                // a word break where the producer drew no
                                // space (poppler's and pdf.js's threshold).
                                if -adjust >= TJ_SPACE_THOUSANDTHS {
                                    self.page.space_after_last();
                                }
                                let tx = -adjust / 1000.0
                                    * self.state.font_size
                                    * self.state.horizontal_scaling;
                                self.text_matrix =
                                    geometry::multiply(&translate(tx, 0.0), &self.text_matrix);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"m" => {
                if let Some([x, y]) = numbers::<2>(operands) {
                    self.path.push(PathOp::MoveTo(x, y));
                }
            }
            b"l" => {
                if let Some([x, y]) = numbers::<2>(operands) {
                    self.path.push(PathOp::LineTo(x, y));
                }
            }
            b"c" | b"v" | b"y" => {
                if let Some([x, y]) = numbers::<2>(operands) {
                    self.path.push(PathOp::CurveTo(x, y));
                }
            }
            b"re" => {
                if let Some([x, y, w, h]) = numbers::<4>(operands) {
                    self.path.push(PathOp::Rect(x, y, w, h));
                }
            }
            b"h" => self.path.push(PathOp::Close),
            b"S" => self.paint(false).map_err(limit)?,
            b"s" => {
                self.path.push(PathOp::Close);
                self.paint(false).map_err(limit)?;
            }
            b"f" | b"F" | b"f*" => self.paint(true).map_err(limit)?,
            // Filled and stroked: the outline is drawn, so it counts as stroked.
            b"B" | b"B*" => self.paint(false).map_err(limit)?,
            b"b" | b"b*" => {
                self.path.push(PathOp::Close);
                self.paint(false).map_err(limit)?;
            }
            b"n" => self.path.clear(),
            b"Do" => {
                if let Some(Operand::Name(name)) = operands.last() {
                    self.draw_xobject(resources, name)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn set<const N: usize>(
        &mut self,
        operands: &[Operand],
        apply: impl FnOnce(&mut GraphicsState, [f64; N]),
    ) {
        if let Some(values) = numbers::<N>(operands) {
            apply(&mut self.state, values);
        }
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.line_matrix = geometry::multiply(&translate(tx, ty), &self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    fn paint(&mut self, filled: bool) -> Result<(), geometry::LimitHit> {
        let path = std::mem::take(&mut self.path);
        let shaded = filled && !self.state.fill_white;
        self.page.path(&self.state.ctm, &path, filled, shaded)
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = match resources.and_then(|r| dict_entry(self.doc, r, b"Font")) {
            Some(Object::Dictionary(d)) => d,
            _ => return None,
        };
        match entry(fonts, name)? {
            Object::Reference(id) => {
                if let Some(font) = self.cache.by_id.get(id) {
                    return Some(font.clone());
                }
                let font = match self.doc.get_object(*id).ok()? {
                    Object::Dictionary(d) => {
                        Rc::new(Font::load(self.doc, d, self.limits.max_stream_bytes))
                    }
                    _ => return None,
                };
                self.cache.by_id.insert(*id, font.clone());
                Some(font)
            }
            Object::Dictionary(d) => Some(Rc::new(Font::load(
                self.doc,
                d,
                self.limits.max_stream_bytes,
            ))),
            _ => None,
        }
    }

    /// Shows a string: one glyph per code, advancing the text matrix
    /// (PDF 32000 §9.4.4).
    fn show(&mut self, bytes: &[u8]) -> Result<(), geometry::LimitHit> {
        let Some(font) = self.state.font.clone() else {
            return Ok(());
        };
        self.page
            .begin_run(font.bold() || self.state.render_mode == 2);
        let state = &self.state;
        let scaling = state.horizontal_scaling;
        let text_space = [scaling, 0.0, 0.0, 1.0, 0.0, state.rise];
        let mut result = Ok(());
        let page = &mut *self.page;
        let text_matrix = &mut self.text_matrix;
        let mut unmapped = 0;
        font.decode(self.doc, bytes, |code, length, text, width| {
            let w0 = width / 1000.0;
            // A map to control characters (a code written out as U+0003)
            // says no more than no map at all.
            let text = text.filter(|t| !t.chars().all(|c| c.is_control()));
            if text.is_none() {
                unmapped += 1;
            }
            if let Some(text) = text {
                let trm =
                    geometry::multiply(&geometry::multiply(&text_space, text_matrix), &state.ctm);
                if let Err(hit) = page.glyph(&trm, w0, state.font_size, text) {
                    result = Err(hit);
                    return false;
                }
            }
            let mut spacing = state.char_spacing;
            // Word spacing applies to the single-byte code 32 only.
            if code == 32 && length == 1 {
                spacing += state.word_spacing;
            }
            let tx = (w0 * state.font_size + spacing) * scaling;
            *text_matrix = geometry::multiply(&translate(tx, 0.0), text_matrix);
            true
        });
        if unmapped > 0 {
            self.seen.unmapped += unmapped;
            if !self.seen.unmapped_fonts.contains(font.name()) {
                self.seen.unmapped_fonts.insert(font.name().to_string());
            }
        }
        result
    }

    /// `BI … ID`: the operands hold the image dictionary (`/W 100 /H 50 …`).
    fn inline_image(&mut self, operands: &[Operand]) {
        let size = |keys: [&[u8]; 2]| {
            operands.windows(2).find_map(|pair| match pair {
                [Operand::Name(k), Operand::Number(v)] if keys.contains(&k.as_slice()) => {
                    Some(*v as u32)
                }
                _ => None,
            })
        };
        let source = ImageSource::Inline {
            width: size([b"W", b"Width"]).unwrap_or(0),
            height: size([b"H", b"Height"]).unwrap_or(0),
        };
        self.page.image(&self.state.ctm, source);
    }

    /// Draws the normal appearance of each visible annotation (§12.5.5):
    /// its form mapped from its bounding box onto the annotation's /Rect.
    /// Form fields' values and free-text comments are text a reader sees.
    fn draw_annotations(&mut self, page_id: ObjectId) -> Result<(), PageError> {
        let doc = self.doc;
        let Some(Object::Array(annotations)) = doc
            .get_dictionary(page_id)
            .ok()
            .and_then(|p| dict_entry(doc, p, b"Annots"))
        else {
            return Ok(());
        };
        let acro_form = doc
            .trailer
            .get(b"Root")
            .ok()
            .map(|r| resolve(doc, r))
            .and_then(|c| c.as_dict().ok())
            .and_then(|c| dict_entry(doc, c, b"AcroForm"))
            .and_then(|f| f.as_dict().ok());
        let form_resources = acro_form
            .and_then(|f| dict_entry(doc, f, b"DR"))
            .and_then(|r| r.as_dict().ok());
        // The viewer is asked to draw the fields' values afresh (§12.7.3).
        let need_appearances = acro_form
            .and_then(|f| dict_entry(doc, f, b"NeedAppearances"))
            .is_some_and(|v| matches!(v, Object::Boolean(true)));
        for annotation in annotations.iter().take(MAX_OPERANDS) {
            let Object::Dictionary(annotation) = resolve(doc, annotation) else {
                continue;
            };
            let flags = dict_entry(doc, annotation, b"F")
                .and_then(number)
                .unwrap_or(0.0) as i64;
            let kind = match dict_entry(doc, annotation, b"Subtype") {
                Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
                _ => String::new(),
            };
            if flags & (HIDDEN | NO_VIEW) != 0 || kind == "Popup" {
                continue;
            }
            let appearance = match dict_entry(doc, annotation, b"AP") {
                Some(Object::Dictionary(ap)) => entry(ap, b"N"),
                _ => None,
            };
            let reference = match appearance.map(|n| resolve(doc, n)) {
                // One appearance per state: the one /AS names.
                Some(Object::Dictionary(states)) => match dict_entry(doc, annotation, b"AS") {
                    Some(Object::Name(state)) => entry(states, state),
                    _ => None,
                },
                _ => appearance,
            };
            let field_type = inherited_field(doc, annotation, b"FT").and_then(|t| match t {
                Object::Name(n) => Some(n.as_slice()),
                _ => None,
            });
            let regenerate = kind == "Widget"
                && (reference.is_none()
                    || (need_appearances && matches!(field_type, Some(b"Tx" | b"Ch"))));
            let Some(rect) = rectangle(doc, dict_entry(doc, annotation, b"Rect")) else {
                continue;
            };
            if regenerate {
                let first = self.page.glyph_count();
                self.draw_field_value(annotation, field_type, rect, acro_form)
                    .map_err(|_| PageError::Other("more glyphs than the limit".into()))?;
                let last = self.page.glyph_count();
                if last > first {
                    self.seen.annotations.push(super::AnnotationText {
                        page: 0,
                        kind,
                        field: field_name(doc, annotation),
                        glyphs: first..last,
                    });
                }
                continue;
            }
            let Some(Object::Reference(form_id)) = reference else {
                continue;
            };
            let Ok(Object::Stream(form)) = doc.get_object(*form_id) else {
                continue;
            };
            let Some(bbox) = rectangle(doc, dict_entry(doc, &form.dict, b"BBox")) else {
                continue;
            };
            let [x0, y0, x1, y1] = transformed_box(bbox, &form_matrix(doc, form));
            if x1 - x0 <= 0.0 || y1 - y0 <= 0.0 {
                continue;
            }
            let (sx, sy) = (
                (rect[2] - rect[0]) / (x1 - x0),
                (rect[3] - rect[1]) / (y1 - y0),
            );
            let onto_rect = [sx, 0.0, 0.0, sy, rect[0] - sx * x0, rect[1] - sy * y0];
            let saved = std::mem::take(&mut self.state);
            self.state.ctm = onto_rect;
            let first = self.page.glyph_count();
            let drawn = self.draw_form(*form_id, form, form_resources);
            self.state = saved;
            match drawn {
                Err(PageError::TooManyOperations) => return drawn,
                // A broken appearance costs that annotation only.
                Err(PageError::Other(_)) | Ok(()) => {}
            }
            let last = self.page.glyph_count();
            if last > first {
                let field = (kind == "Widget")
                    .then(|| field_name(doc, annotation))
                    .flatten();
                self.seen.annotations.push(super::AnnotationText {
                    page: 0,
                    kind,
                    field,
                    glyphs: first..last,
                });
            }
        }
        Ok(())
    }

    /// A form field's value drawn as a viewer draws it when the field has
    /// no appearance or the form asks for fresh ones: a text field's value,
    /// a list box's options top down, a combo box's value, the mark of a
    /// check box or radio button that is on; in Helvetica at the size its
    /// /DA gives (auto: to fit), from the left of its /Rect.
    fn draw_field_value(
        &mut self,
        widget: &'a Dictionary,
        field_type: Option<&[u8]>,
        rect: [f64; 4],
        acro_form: Option<&'a Dictionary>,
    ) -> Result<(), geometry::LimitHit> {
        let doc = self.doc;
        let text_of = |o: &Object| match o {
            Object::String(bytes, _) => Some(
                lopdf::decode_text_string(&Object::String(
                    bytes.clone(),
                    lopdf::StringFormat::Literal,
                ))
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
            ),
            _ => None,
        };
        let flags = inherited_field(doc, widget, b"Ff")
            .and_then(number)
            .unwrap_or(0.0) as i64;
        let mut dingbat = false;
        let lines: Vec<String> = match field_type {
            Some(b"Tx") => inherited_field(doc, widget, b"V")
                .and_then(text_of)
                .map(|v| v.lines().map(str::to_string).collect())
                .unwrap_or_default(),
            // Bit 18: a combo box shows its value; a list box its options.
            Some(b"Ch") if flags & (1 << 17) != 0 => inherited_field(doc, widget, b"V")
                .and_then(text_of)
                .into_iter()
                .collect(),
            Some(b"Ch") => match inherited_field(doc, widget, b"Opt") {
                Some(Object::Array(options)) => options
                    .iter()
                    .filter_map(|o| match resolve(doc, o) {
                        Object::Array(pair) => {
                            pair.get(1).map(|d| resolve(doc, d)).and_then(text_of)
                        }
                        other => text_of(other),
                    })
                    .collect(),
                _ => Vec::new(),
            },
            // Bit 17: a push button has no on state.
            Some(b"Btn") if flags & (1 << 16) == 0 => {
                let on =
                    matches!(dict_entry(doc, widget, b"AS"), Some(Object::Name(n)) if n != b"Off");
                let caption = match dict_entry(doc, widget, b"MK") {
                    Some(Object::Dictionary(mk)) => dict_entry(doc, mk, b"CA").and_then(text_of),
                    _ => None,
                };
                // Radio buttons default to a dot (ZapfDingbats l), check boxes to a tick (3),
                // as poppler draws them.
                let code = caption
                    .and_then(|c| c.bytes().next())
                    .unwrap_or(if flags & (1 << 15) != 0 { b'l' } else { b'3' });
                dingbat = true;
                let mark = encoding::named("ZapfDingbats").and_then(|names| {
                    names[usize::from(code)]
                        .as_deref()
                        .and_then(encoding::glyph_text)
                });
                if on {
                    mark.into_iter().collect()
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        };
        let da = inherited_field(doc, widget, b"DA")
            .or_else(|| acro_form.and_then(|f| dict_entry(doc, f, b"DA")))
            .and_then(text_of)
            .unwrap_or_default();
        let height = rect[3] - rect[1];
        let size = da_font_size(&da)
            .filter(|s| *s > 0.0)
            .unwrap_or_else(|| (height * 0.7).clamp(4.0, 12.0));
        let single = lines.len() == 1 && !matches!(field_type, Some(b"Ch")) || dingbat;
        for (k, line) in lines.iter().enumerate() {
            let baseline = if single {
                rect[1] + (height - size) / 2.0 + size * 0.22
            } else {
                rect[3] - 2.0 - size * 0.78 - k as f64 * size * 1.15
            };
            if baseline < rect[1] - size {
                break;
            }
            let mut x = rect[0] + 2.0;
            // Each line of a field's value is a run of its own.
            self.page.begin_run(false);
            for c in line.chars() {
                let width = font::helvetica_width(c) / 1000.0;
                let trm = [1.0, 0.0, 0.0, 1.0, x, baseline];
                self.page
                    .glyph(&trm, width, size, c.encode_utf8(&mut [0; 4]))?;
                x += width * size;
            }
        }
        Ok(())
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<(), PageError> {
        let doc = self.doc;
        let Some(Object::Dictionary(xobjects)) =
            resources.and_then(|r| dict_entry(doc, r, b"XObject"))
        else {
            return Ok(());
        };
        let Some(Object::Reference(id)) = entry(xobjects, name) else {
            return Ok(());
        };
        let Ok(Object::Stream(form)) = doc.get_object(*id) else {
            return Ok(());
        };
        match entry(&form.dict, b"Subtype") {
            Some(Object::Name(n)) if n == b"Form" => {}
            Some(Object::Name(n)) if n == b"Image" => {
                // No text, but where it lies tells a scanned page (OCR).
                self.seen.images += 1;
                let pixels = |key| dict_entry(doc, &form.dict, key).and_then(number);
                let (width, height) = (pixels(b"Width"), pixels(b"Height"));
                let source = ImageSource::XObject {
                    object: *id,
                    width: width.unwrap_or(0.0) as u32,
                    height: height.unwrap_or(0.0) as u32,
                };
                self.page.image(&self.state.ctm, source);
                return Ok(());
            }
            _ => return Ok(()),
        }
        self.draw_form(*id, form, resources)
    }

    /// Runs a Form XObject (or an annotation's appearance) in its own
    /// graphics and text context; `resources` serve a form without its own.
    fn draw_form(
        &mut self,
        form_id: ObjectId,
        form: &'a lopdf::Stream,
        resources: Option<&'a Dictionary>,
    ) -> Result<(), PageError> {
        let doc = self.doc;
        let id = &form_id;
        if self.forms.contains(id) || self.forms.len() >= self.limits.max_nesting {
            return Err(PageError::Other(format!(
                "Form XObject {} {} R draws itself or nests deeper than {} (--max-nesting)",
                id.0, id.1, self.limits.max_nesting
            )));
        }
        let content = match self.cache.forms.get(id) {
            Some(content) => content.clone(),
            None => {
                let content: Rc<[u8]> = filters::decode(doc, form, self.limits.max_stream_bytes)
                    .map_err(|e| format!("Form XObject {} {} R: {e}", id.0, id.1))?
                    .into();
                self.cache.forms.insert(*id, content.clone());
                content
            }
        };
        let form_resources = match dict_entry(doc, &form.dict, b"Resources") {
            Some(Object::Dictionary(d)) => Some(d),
            _ => resources,
        };
        let matrix = form_matrix(doc, form);
        // A form runs in its own graphics and text context.
        let saved_state = self.state.clone();
        let outer_saved = std::mem::take(&mut self.saved);
        let outer_unsaved = std::mem::replace(&mut self.unsaved, 0);
        let saved_text = (
            self.text_matrix,
            self.line_matrix,
            std::mem::take(&mut self.path),
        );
        self.state.ctm = geometry::multiply(&matrix, &self.state.ctm);
        self.forms.push(*id);
        let result = self.run(&content, form_resources);
        self.forms.pop();
        self.state = saved_state;
        self.saved = outer_saved;
        self.unsaved = outer_unsaved;
        (self.text_matrix, self.line_matrix, self.path) = saved_text;
        result
    }
}
