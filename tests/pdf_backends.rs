//! The native interpreter against pdf-extract on every fixture PDF: the same
//! pages, the same text in the same order, glyph boxes in the same places.
//! pdf-extract is the reference because it is a mature, independent reader;
//! where they differ, the test names the page and the first difference.

use iub::limits::Limits;
use iub::pdf::{NativeBackend, PdfBackend, PdfExtractBackend};
use std::path::Path;

fn pdfs_in(folder: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// The corpus plans. (Not fixtures/producers: pdf-extract reads the
/// `first last width` form of a CIDFont's /W as the default width, so on
/// fpdf2's file it is the one that is wrong.)
fn fixture_pdfs() -> Vec<std::path::PathBuf> {
    pdfs_in("fixtures/pdf")
}

/// The lines fixtures/producers/make.py writes into each of its PDFs.
const PRODUCER_TEXT: [&str; 4] = [
    "Insatser utan behovsprövning enligt 11 kap. 5 § SoL",
    "Öppen förskola – råd och stöd för föräldrar",
    "Dokumentation: undantag enligt 14 kap. 5 §, då det inte är behövligt",
    "Målgrupp: barn och unga 13–20 år; anhöriga",
];

#[test]
fn other_producers_give_their_lines_back() {
    // fpdf2: Type0 / Identity-H with /W; ReportLab: TrueType subset with
    // 8-bit codes, a scaled Form XObject, a page turned by /Rotate.
    let files = pdfs_in("fixtures/producers");
    assert_eq!(files.len(), 2);
    for path in files {
        let bytes = std::fs::read(&path).expect("read fixture");
        let pdf = NativeBackend
            .extract(&bytes, &Limits::default())
            .expect("native");
        if path.ends_with("fpdf2_type0_identity.pdf") {
            // "11" in line 1: CIDs 39–41 are 636 units wide by `39 41 636`
            // in /W (pdftotext -bbox measures the word 13.992 pt at 11 pt).
            let one = pdf.pages[0]
                .glyphs
                .iter()
                .find(|g| g.text == "1")
                .expect("a 1");
            assert!((one.bbox.width() - 6.996).abs() < 0.001, "{:?}", one.bbox);
        }
        let laid_out = iub::layout::from_pdf(pdf);
        let lines: Vec<&str> = laid_out.pages[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(lines, PRODUCER_TEXT, "{}", path.display());
    }
}

#[test]
fn native_backend_reads_what_pdf_extract_reads() {
    let limits = Limits::default();
    for path in fixture_pdfs() {
        let bytes = std::fs::read(&path).expect("read fixture");
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let native = NativeBackend.extract(&bytes, &limits).expect("native");
        let reference = PdfExtractBackend
            .extract(&bytes, &limits)
            .expect("pdf-extract");
        assert_eq!(
            native.pages.len(),
            reference.pages.len(),
            "{name}: page count"
        );
        assert_eq!(native.producer, reference.producer, "{name}: producer");
        for (a, b) in native.pages.iter().zip(&reference.pages) {
            let where_ = format!("{name} page {}", a.number);
            assert_eq!(
                (a.width, a.height, a.rotation),
                (b.width, b.height, b.rotation),
                "{where_}: size"
            );
            let text_a: String = a.glyphs.iter().map(|g| g.text.as_str()).collect();
            let text_b: String = b.glyphs.iter().map(|g| g.text.as_str()).collect();
            if text_a != text_b {
                let first = text_a
                    .chars()
                    .zip(text_b.chars())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                let a_tail: String = text_a
                    .chars()
                    .skip(first.saturating_sub(20))
                    .take(60)
                    .collect();
                let b_tail: String = text_b
                    .chars()
                    .skip(first.saturating_sub(20))
                    .take(60)
                    .collect();
                panic!("{where_}: text differs at char {first}:\n native: {a_tail:?}\n pdf-extract: {b_tail:?}");
            }
            for (i, (ga, gb)) in a.glyphs.iter().zip(&b.glyphs).enumerate() {
                let close = (ga.bbox.x0 - gb.bbox.x0).abs() < 0.01
                    && (ga.bbox.x1 - gb.bbox.x1).abs() < 0.01
                    && (ga.bbox.top - gb.bbox.top).abs() < 0.01
                    && (ga.bbox.bottom - gb.bbox.bottom).abs() < 0.01;
                assert!(
                    close,
                    "{where_}: glyph {i} {:?} at {:?}, pdf-extract {:?}",
                    ga.text, ga.bbox, gb.bbox
                );
                assert_eq!(
                    ga.space_after, gb.space_after,
                    "{where_}: space after glyph {i} {:?}",
                    ga.text
                );
                assert_eq!(ga.upright, gb.upright, "{where_}: direction of glyph {i}");
                assert!(
                    (ga.font_size - gb.font_size).abs() < 0.01,
                    "{where_}: size of glyph {i} {:?}: {} vs {}",
                    ga.text,
                    ga.font_size,
                    gb.font_size
                );
            }
            // lopdf reads reals as f32, the native lexer as f64: compare to 0.01 pt.
            assert_eq!(a.rulings.len(), b.rulings.len(), "{where_}: ruling count");
            for (ra, rb) in a.rulings.iter().zip(&b.rulings) {
                let (p, q) = (ra.bbox, rb.bbox);
                let close = [
                    (p.x0, q.x0),
                    (p.x1, q.x1),
                    (p.top, q.top),
                    (p.bottom, q.bottom),
                ]
                .iter()
                .all(|(u, v)| (u - v).abs() < 0.01);
                assert!(close, "{where_}: ruling {p:?}, pdf-extract {q:?}");
            }
        }
    }
}
