//! Stage 1b — OCR: pages without a text layer get their words from
//! Tesseract (Swedish model), as positioned glyphs on the [`PdfPage`], so
//! layout, restoration and segmentation read them like printed text.
//!
//! Runs between the PDF layer and layout, on the PDF's bytes (the page's
//! own JPEG, or poppler's `pdftoppm` for anything else). Never fails a
//! document: what it cannot do (no Tesseract, no Swedish data, a page that
//! fails, the document's time running out) is a warning naming the pages.
//!
//! The page image, by measurement on the Örebro scan (3 pages, 200 dpi
//! gray JPEGs; word accuracy against the same plan's text layer): the
//! embedded JPEG as it is, 97.8% of words in 5.1 s of Tesseract;
//! rasterised by `pdftoppm -r 300 -gray`, 97.5% in 6.5 s (rasterising
//! 0.3 s, and a larger image to read); the whole pipeline 0.50 against
//! 0.35 pages per CPU-second (`bench --ocr-only`). Tesseract reads the
//! JPEG file itself; it is decoded here only to find the table borders
//! in its pixels (`lines.rs`). Every other image kind is rasterised.

mod correct;
pub mod hocr;
mod lines;
mod process;
mod weight;
mod words;

use crate::geom::BBox;
use crate::limits::Limits;
use crate::pdf::image::ImageFile;
use crate::pdf::{ImageSource, PageImage, PdfDocument, PdfPage};
use process::RunError;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use words::PixelMap;

/// Which pages are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum OcrMode {
    /// The pages that have no text layer and are covered by images.
    #[default]
    Auto,
    /// Every page, its text layer replaced (a broken or garbage text layer).
    Always,
    /// None; scanned pages are still named in the warnings.
    Never,
}

/// Where the image OCR reads comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageImages {
    /// The page's own JPEG where the page is one, else rasterised.
    #[default]
    Embedded,
    /// Always rasterised (for measuring the two against each other).
    Rasterised,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OcrOptions {
    pub mode: OcrMode,
    #[serde(default)]
    pub page_images: PageImages,
}

impl OcrOptions {
    pub fn mode(mode: OcrMode) -> Self {
        OcrOptions {
            mode,
            ..OcrOptions::default()
        }
    }
}

/// How a page was OCR'd: on the page of the layout stage and in `iub text --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageOcr {
    /// "tesseract 5.3.0 (swe)".
    pub engine: String,
    pub image: OcrImage,
    /// Resolution of the image read, pixels per inch on the page.
    #[serde(serialize_with = "round1")]
    pub dpi: f64,
    pub words: usize,
    /// Tesseract's mean word confidence, 0–100.
    #[serde(serialize_with = "round1")]
    pub mean_confidence: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OcrImage {
    /// The page's own JPEG, as stored in the PDF.
    EmbeddedJpeg,
    /// The page rendered by `pdftoppm -gray`.
    Rasterised,
}

fn round1<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((v * 10.0).round() / 10.0)
}

/// Fewer letters and digits than this in a page's text layer is no text
/// layer: a scanner's page stamp ("Sida 1 av 3", "Dnr KS 2025/123") is
/// not the page's text; the shortest real page of the corpus plans has
/// several hundred.
const MIN_TEXT_LAYER_CHARS: usize = 40;
/// Share of the page that images must cover for a page without text to
/// count as scanned (the rest is an empty page, or one of vector drawings).
const MIN_IMAGE_COVERAGE: f64 = 0.5;
/// A page's own image is used when it alone covers this share of the page.
const MIN_FULL_PAGE_IMAGE: f64 = 0.9;
/// Cells per side of the grid coverage is counted on.
const COVERAGE_GRID: usize = 64;
/// Rasterising resolution: Tesseract's documented sweet spot.
const RASTER_DPI: f64 = 300.0;
/// A rasterised page is kept under this many pixels (an A0 poster at 300
/// dpi would be 140 million): its resolution is lowered to fit.
const MAX_RASTER_PIXELS: f64 = 40e6;
/// Ruling lines found in a page image are at least this long and at most
/// this thick (points): a table's shortest cell border, a drawn line.
const MIN_LINE_LENGTH: f64 = 40.0;
const MAX_LINE_THICKNESS: f64 = 3.0;
/// OCR may use this share of `--max-seconds`; the rest is left to the
/// stages after it, so a long scan ends with the pages read so far.
const SHARE_OF_DEADLINE: f64 = 0.9;
/// hOCR of one page is a few hundred KB; more is not Tesseract's output.
const MAX_HOCR_BYTES: usize = 64 << 20;
/// Time allowed to ask Tesseract for its version and languages.
const ENGINE_PROBE_SECONDS: u64 = 20;
/// The model: the plans are Swedish.
const LANGUAGE: &str = "swe";

/// Letters and digits of a page's text layer.
fn text_layer_chars(page: &PdfPage) -> usize {
    page.glyphs
        .iter()
        .map(|g| g.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum()
}

/// Share of the page's area under at least one image.
fn image_coverage(page: &PdfPage) -> f64 {
    if page.images.is_empty() || page.width <= 0.0 || page.height <= 0.0 {
        return 0.0;
    }
    let (cw, ch) = (
        page.width / COVERAGE_GRID as f64,
        page.height / COVERAGE_GRID as f64,
    );
    let mut covered = 0usize;
    for row in 0..COVERAGE_GRID {
        let y = (row as f64 + 0.5) * ch;
        for col in 0..COVERAGE_GRID {
            let x = (col as f64 + 0.5) * cw;
            let inside = |b: &BBox| b.x0 <= x && x <= b.x1 && b.top <= y && y <= b.bottom;
            if page.images.iter().any(|i| inside(&i.bbox)) {
                covered += 1;
            }
        }
    }
    covered as f64 / (COVERAGE_GRID * COVERAGE_GRID) as f64
}

/// A page with no text layer that images cover: a scan, for `--ocr auto`.
pub fn is_scanned(page: &PdfPage) -> bool {
    text_layer_chars(page) < MIN_TEXT_LAYER_CHARS && image_coverage(page) >= MIN_IMAGE_COVERAGE
}

/// The instant OCR must be done by, for a document started at `started`.
pub fn deadline(started: Instant, limits: &Limits) -> Instant {
    started + Duration::from_secs_f64(limits.max_seconds as f64 * SHARE_OF_DEADLINE)
}

/// "page 2", "pages 1–3", "pages 1–3, 5".
pub fn name_pages(numbers: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    let text: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let noun = if numbers.len() == 1 { "page" } else { "pages" };
    format!("{noun} {}", text.join(", "))
}

/// "page 2 is a scanned image without text", "pages 1–3 are scanned images without text".
fn scanned_pages(numbers: &[u32]) -> String {
    match numbers {
        [one] => format!("page {one} is a scanned image without text"),
        _ => format!("{} are scanned images without text", name_pages(numbers)),
    }
}

/// Tesseract, as found on this machine.
#[derive(Debug, Clone)]
struct Engine {
    /// "tesseract 5.3.0 (swe)".
    name: String,
}

/// Looks for Tesseract and its Swedish data once per process.
fn engine() -> Result<&'static Engine, &'static str> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(probe_engine)
        .as_ref()
        .map_err(String::as_str)
}

fn probe_engine() -> Result<Engine, String> {
    let install = "install tesseract-ocr and tesseract-ocr-swe, or pass --ocr never";
    let deadline = Instant::now() + Duration::from_secs(ENGINE_PROBE_SECONDS);
    let ask = |arg: &str| process::run("tesseract", &[arg], b"", deadline, 1 << 20);
    let version = match ask("--version") {
        Ok(out) => String::from_utf8_lossy(&out)
            .lines()
            .next()
            .unwrap_or("tesseract")
            .trim()
            .to_string(),
        Err(RunError::NotFound) => return Err(format!("Tesseract is not installed: {install}")),
        Err(RunError::TimedOut) => return Err("Tesseract did not answer --version".to_string()),
        Err(RunError::Failed(e)) => return Err(format!("Tesseract does not run ({e}): {install}")),
    };
    let languages = ask("--list-langs").map_err(|e| format!("Tesseract --list-langs: {e:?}"))?;
    let has_swedish = String::from_utf8_lossy(&languages)
        .lines()
        .skip(1)
        .any(|l| l.trim() == LANGUAGE);
    if !has_swedish {
        return Err(format!(
            "Tesseract has no Swedish data ({LANGUAGE}): install tesseract-ocr-swe, or pass --ocr never"
        ));
    }
    Ok(Engine {
        name: format!("{version} ({LANGUAGE})"),
    })
}

/// Why one page was not OCR'd.
enum PageFailure {
    TimedOut,
    Failed(String),
}

impl From<RunError> for PageFailure {
    fn from(e: RunError) -> Self {
        match e {
            RunError::TimedOut => PageFailure::TimedOut,
            RunError::NotFound => PageFailure::Failed("a program is missing".to_string()),
            RunError::Failed(reason) => PageFailure::Failed(reason),
        }
    }
}

/// OCRs the pages `options` asks for, in place, and says what it did in
/// the document's warnings. `bytes` is the PDF the pages come from.
/// The end of the warning for image pages left unread when the document's
/// time ran out; such a document is also named for review.
pub const UNREAD_FOR_TIME: &str =
    "not read by OCR: the document's time ran out (raise --max-seconds)";

pub fn apply(pdf: &mut PdfDocument, bytes: &[u8], options: &OcrOptions, deadline: Instant) {
    let scanned: Vec<u32> = pdf
        .pages
        .iter()
        .filter(|p| is_scanned(p))
        .map(|p| p.number)
        .collect();
    // Scanned pages are this stage's to name (read, not read, or why not):
    // the PDF layer's "no text layer" for them would say it twice.
    if !scanned.is_empty() {
        let theirs: Vec<String> = scanned
            .iter()
            .map(|n| format!("page {n}: no text layer:"))
            .collect();
        pdf.warnings
            .retain(|w| !theirs.iter().any(|t| w.starts_with(t.as_str())));
        let all_scanned = pdf
            .pages
            .iter()
            .all(|p| scanned.contains(&p.number) || !p.glyphs.is_empty());
        if all_scanned {
            pdf.warnings
                .retain(|w| w.as_str() != crate::pdf::NO_TEXT_AT_ALL);
        }
    }
    let targets: Vec<usize> = match options.mode {
        OcrMode::Never => Vec::new(),
        OcrMode::Auto => (0..pdf.pages.len())
            .filter(|&i| is_scanned(&pdf.pages[i]))
            .collect(),
        OcrMode::Always => (0..pdf.pages.len()).collect(),
    };
    let what = if scanned.is_empty() {
        let numbers: Vec<u32> = targets.iter().map(|&i| pdf.pages[i].number).collect();
        format!("{} not read by OCR (--ocr always)", name_pages(&numbers))
    } else {
        scanned_pages(&scanned)
    };
    if options.mode == OcrMode::Never {
        if !scanned.is_empty() {
            pdf.warnings.push(format!("{what}; not read (--ocr never)"));
        }
        return;
    }
    if targets.is_empty() {
        return;
    }
    let engine = match engine() {
        Ok(e) => e,
        Err(missing) => {
            pdf.warnings.push(format!("{what}; {missing}"));
            return;
        }
    };
    let mut images: Option<Result<ImageFile, String>> = None;
    let mut read = Vec::new();
    let mut unread = Vec::new();
    let mut failures = Vec::new();
    let mut confidence = (0.0, 0usize);
    for i in targets {
        let page = &mut pdf.pages[i];
        if Instant::now() >= deadline {
            unread.push(page.number);
            continue;
        }
        match ocr_page(page, bytes, &mut images, engine, options, deadline) {
            Ok(ocr) => {
                confidence.0 += ocr.mean_confidence * ocr.words as f64;
                confidence.1 += ocr.words;
                read.push(page.number);
            }
            Err(PageFailure::TimedOut) => unread.push(page.number),
            Err(PageFailure::Failed(reason)) => {
                failures.push(format!("page {}: OCR failed: {reason}", page.number))
            }
        }
    }
    if !read.is_empty() {
        let mean = if confidence.1 > 0 {
            confidence.0 / confidence.1 as f64
        } else {
            0.0
        };
        let how = if options.mode == OcrMode::Always {
            "--ocr always"
        } else {
            "no text layer"
        };
        pdf.warnings.push(format!(
            "{} read by OCR ({how}; {}), mean word confidence {:.0}",
            name_pages(&read),
            engine.name,
            mean
        ));
    }
    if !unread.is_empty() {
        pdf.warnings
            .push(format!("{} {UNREAD_FOR_TIME}", name_pages(&unread)));
    }
    pdf.warnings.append(&mut failures);
}

/// The page's one image, when it is a JPEG drawn upright over (nearly)
/// the whole page.
fn full_page_jpeg_candidate(page: &PdfPage) -> Option<&PageImage> {
    let [image] = page.images.as_slice() else {
        return None;
    };
    let area = page.width * page.height;
    let shown = BBox::new(
        image.bbox.x0.max(0.0),
        image.bbox.top.max(0.0),
        image.bbox.x1.min(page.width),
        image.bbox.bottom.min(page.height),
    );
    let covers = area > 0.0 && shown.width() * shown.height() >= MIN_FULL_PAGE_IMAGE * area;
    (covers && image.is_upright() && matches!(image.source, ImageSource::XObject { .. }))
        .then_some(image)
}

/// OCRs one page and puts its words on it.
fn ocr_page(
    page: &mut PdfPage,
    bytes: &[u8],
    images: &mut Option<Result<ImageFile, String>>,
    engine: &Engine,
    options: &OcrOptions,
    deadline: Instant,
) -> Result<PageOcr, PageFailure> {
    let embedded = match (options.page_images, full_page_jpeg_candidate(page)) {
        (PageImages::Embedded, Some(image)) => {
            let file = images.get_or_insert_with(|| ImageFile::open(bytes));
            match (file, image.source) {
                (Ok(file), ImageSource::XObject { object, width, .. }) if width > 0 => file
                    .jpeg(object)
                    .ok()
                    .map(|jpeg| (jpeg.to_vec(), image.bbox, width)),
                _ => None,
            }
        }
        _ => None,
    };
    let mut bold = Vec::new();
    let (hocr, kind, map, dpi) = match embedded {
        Some((jpeg, shown, width)) => {
            // The image's resolution on the page, from its drawn width. A
            // JPEG's own density is often absent (f7's says 1:1), and
            // Tesseract's guess then (221 for 200 dpi) loses table borders
            // in its layout analysis.
            let dpi = (f64::from(width) * 72.0 / shown.width()).round();
            let mut hocr = tesseract(&jpeg, dpi, deadline)?;
            if let Some((w, h, gray)) = decode_gray_jpeg(&jpeg) {
                find_rulings(&mut hocr, w, h, &gray, dpi);
                bold = measure_weight(&hocr, w, h, &gray);
            }
            let (sx, sy) = (shown.width() / hocr.width, shown.height() / hocr.height);
            let map = PixelMap {
                x0: shown.x0,
                top: shown.top,
                sx,
                sy,
            };
            (hocr, OcrImage::EmbeddedJpeg, map, dpi)
        }
        None => {
            let area_in2 = page.width * page.height / (72.0 * 72.0);
            let dpi = RASTER_DPI
                .min((MAX_RASTER_PIXELS / area_in2.max(1e-6)).sqrt())
                .floor()
                .max(1.0);
            let pgm = rasterise(bytes, page.number, dpi, page.width, page.height, deadline)?;
            let mut hocr = tesseract(&pgm, dpi, deadline)?;
            if let Some((w, h, gray)) = lines::parse_pgm(&pgm) {
                find_rulings(&mut hocr, w, h, gray, dpi);
                bold = measure_weight(&hocr, w, h, gray);
            }
            let map = PixelMap {
                x0: 0.0,
                top: 0.0,
                sx: page.width / hocr.width,
                sy: page.height / hocr.height,
            };
            (hocr, OcrImage::Rasterised, map, dpi)
        }
    };
    let read = words::page_words(&hocr, map, usize::MAX, &bold);
    if kind == OcrImage::Rasterised {
        // The rendering holds whatever text layer the page had.
        page.glyphs = read.glyphs;
    } else {
        page.glyphs.extend(read.glyphs);
    }
    if page.rulings.is_empty() {
        page.rulings = read.rulings;
    }
    let ocr = PageOcr {
        engine: engine.name.clone(),
        image: kind,
        dpi,
        words: read.words,
        mean_confidence: read.mean_confidence,
    };
    page.ocr = Some(ocr.clone());
    Ok(ocr)
}

/// Replaces Tesseract's separators by the lines found in the image it read
/// (see `lines.rs`), when the image is the one Tesseract measured.
fn find_rulings(hocr: &mut hocr::Page, width: usize, height: usize, gray: &[u8], dpi: f64) {
    if (width as f64, height as f64) != (hocr.width, hocr.height) {
        return;
    }
    let image = lines::Gray {
        width,
        height,
        pixels: gray,
    };
    let px = dpi / 72.0;
    let slope = words::page_slope(hocr);
    hocr.separators =
        lines::find_lines(&image, slope, MIN_LINE_LENGTH * px, MAX_LINE_THICKNESS * px);
}

/// Which of Tesseract's words are bold, measured on the image it read
/// (see `weight.rs`); nothing when the image is not that one.
fn measure_weight(hocr: &hocr::Page, width: usize, height: usize, gray: &[u8]) -> Vec<bool> {
    if (width as f64, height as f64) != (hocr.width, hocr.height) {
        return Vec::new();
    }
    let image = lines::Gray {
        width,
        height,
        pixels: gray,
    };
    weight::bold_words(&weight::stem_widths(hocr, &image, &words::line_sizes(hocr)))
}

/// The gray pixels of a JPEG, or `None` where it cannot be decoded (the
/// rulings are then Tesseract's own) or is larger than a rasterised page
/// may be.
fn decode_gray_jpeg(jpeg: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let side = MAX_RASTER_PIXELS.sqrt() as usize * 4;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(side)
        .set_max_height(side);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(jpeg), options);
    decoder.decode_headers().ok()?;
    let (w, h) = decoder.dimensions()?;
    if (w as f64) * (h as f64) > MAX_RASTER_PIXELS {
        return None;
    }
    let pixels = crate::isolate::contain(|| decoder.decode()).ok()?.ok()?;
    (pixels.len() == w * h).then_some((w, h, pixels))
}

/// Tesseract on one image (any format Leptonica reads: JPEG, PNM, …) of
/// `dpi` pixels per inch on the page.
fn tesseract(image: &[u8], dpi: f64, deadline: Instant) -> Result<hocr::Page, PageFailure> {
    let dpi_text = format!("{dpi:.0}");
    let args = [
        "stdin",
        "stdout",
        "-l",
        LANGUAGE,
        "--psm",
        "3",
        "--dpi",
        dpi_text.as_str(),
        "-c",
        "tessedit_create_hocr=1",
    ];
    let out = process::run("tesseract", &args, image, deadline, MAX_HOCR_BYTES)?;
    let page = hocr::parse(&String::from_utf8_lossy(&out)).map_err(PageFailure::Failed)?;
    if page.width <= 0.0 || page.height <= 0.0 {
        return Err(PageFailure::Failed(
            "Tesseract saw an empty image".to_string(),
        ));
    }
    Ok(page)
}

/// One page rendered in gray by `pdftoppm` (as displayed: media box, `/Rotate`).
fn rasterise(
    bytes: &[u8],
    number: u32,
    dpi: f64,
    width: f64,
    height: f64,
    deadline: Instant,
) -> Result<Vec<u8>, PageFailure> {
    let (dpi_text, page_text) = (format!("{dpi:.0}"), number.to_string());
    let args = [
        "-r",
        dpi_text.as_str(),
        "-gray",
        "-f",
        page_text.as_str(),
        "-l",
        page_text.as_str(),
        "-",
    ];
    let pixels = (width * dpi / 72.0 + 2.0) * (height * dpi / 72.0 + 2.0);
    let cap = pixels as usize + 4096;
    process::run("pdftoppm", &args, bytes, deadline, cap).map_err(|e| match e {
        RunError::NotFound => {
            PageFailure::Failed("pdftoppm is not installed (install poppler-utils)".to_string())
        }
        other => other.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Glyph;

    fn page(glyph_text: &str, images: Vec<BBox>) -> PdfPage {
        PdfPage {
            number: 1,
            width: 600.0,
            height: 800.0,
            rotation: 0,
            glyphs: glyph_text
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(|t| Glyph {
                    text: t.to_string(),
                    bbox: BBox::new(10.0, 10.0, 20.0, 20.0),
                    font_size: 10.0,
                    upright: true,
                    space_after: true,
                    bold: false,
                    run: 0,
                })
                .collect(),
            rulings: Vec::new(),
            fills: Vec::new(),
            images: images
                .into_iter()
                .map(|bbox| PageImage {
                    bbox,
                    transform: [bbox.width(), 0.0, 0.0, -bbox.height(), bbox.x0, bbox.bottom],
                    source: ImageSource::XObject {
                        object: (9, 0),
                        width: 1654,
                        height: 2339,
                    },
                })
                .collect(),
            ocr: None,
        }
    }

    #[test]
    fn a_page_of_one_image_and_no_text_is_scanned() {
        let full = BBox::new(0.0, 0.0, 600.0, 800.0);
        assert!(is_scanned(&page("", vec![full])));
        // A scanner's stamp is not a text layer.
        assert!(is_scanned(&page("Sida 1 av 3", vec![full])));
        // Text over a full-page background is.
        let text = "Insatser som ges utan individuell behovsprövning från och med 2025-07-01";
        assert!(!is_scanned(&page(text, vec![full])));
        // A logo on an empty page is not a scan.
        assert!(!is_scanned(&page(
            "",
            vec![BBox::new(20.0, 20.0, 120.0, 80.0)]
        )));
        // Two half-page strips are.
        let strips = vec![
            BBox::new(0.0, 0.0, 600.0, 400.0),
            BBox::new(0.0, 400.0, 600.0, 800.0),
        ];
        assert!(is_scanned(&page("", strips)));
    }

    #[test]
    fn only_one_upright_image_over_the_page_is_read_as_it_is() {
        let full = BBox::new(0.0, 0.0, 600.0, 800.0);
        assert!(full_page_jpeg_candidate(&page("", vec![full])).is_some());
        let mut flipped = page("", vec![full]);
        flipped.images[0].transform = [600.0, 0.0, 0.0, 800.0, 0.0, 0.0];
        assert!(full_page_jpeg_candidate(&flipped).is_none());
        let half = BBox::new(0.0, 0.0, 600.0, 400.0);
        assert!(full_page_jpeg_candidate(&page("", vec![half])).is_none());
        assert!(full_page_jpeg_candidate(&page("", vec![full, half])).is_none());
    }

    #[test]
    fn pages_are_named_in_runs() {
        assert_eq!(name_pages(&[2]), "page 2");
        assert_eq!(name_pages(&[1, 2, 3]), "pages 1–3");
        assert_eq!(name_pages(&[1, 2, 3, 5, 7, 8]), "pages 1–3, 5, 7–8");
    }
}
