//! The bodies of the fuzz targets in `fuzz/`, here so that
//! `tests/fuzz_regressions.rs` replays saved inputs through exactly the code
//! the fuzzers ran. Each function panics on a finding: a panic outside
//! containment, a contained panic located in iub's own code, or a broken
//! invariant.

use crate::isolate::mentions_own_panic;
use crate::limits::Limits;
use lopdf::{dictionary, Document, Object, Stream};

fn check_pdf(bytes: &[u8], limits: &Limits) -> Option<crate::pdf::PdfDocument> {
    match crate::pdf::default_backend().extract(bytes, limits) {
        Ok(pdf) => {
            if let Some(w) = pdf.warnings.iter().find(|w| mentions_own_panic(w)) {
                panic!("contained panic in iub's code: {w}");
            }
            Some(pdf)
        }
        Err(reason) => {
            assert!(
                !mentions_own_panic(&reason),
                "contained panic in iub's code: {reason}"
            );
            None
        }
    }
}

/// Whole files through the PDF layer and layout.
pub fn pdf_layer(data: &[u8]) {
    let limits = Limits {
        max_pages: 50,
        max_glyphs_per_page: 50_000,
        max_stream_bytes: 8 * 1024 * 1024,
        max_document_bytes: 32 * 1024 * 1024,
        ..Limits::default()
    };
    if let Some(pdf) = check_pdf(data, &limits) {
        let _ = crate::layout::from_pdf(pdf);
    }
}

/// A one-page PDF whose content stream, Form XObject and ToUnicode CMaps
/// are all `data`, with a simple and a composite font: small inputs reach
/// the interpreter, lexer and CMap parser thousands of times a second.
pub fn pdf_around(data: &[u8]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let cmap = doc.add_object(Stream::new(dictionary! {}, data.to_vec()));
    let simple = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial,Bold",
        "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![Object::Integer(128), Object::Name(b"adieresis".to_vec())] },
        "ToUnicode" => cmap,
    });
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "X", "DW" => 500,
        "W" => vec![Object::Integer(3), Object::Array(vec![Object::Integer(250), Object::Real(333.5)]),
                    Object::Integer(10), Object::Integer(20), Object::Integer(600)],
    });
    let composite = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid)], "ToUnicode" => cmap,
    });
    let form = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 5.into(), 5.into()] },
        data.to_vec(),
    ));
    let resources = dictionary! {
        "Font" => dictionary! { "F1" => simple, "F2" => composite },
        "XObject" => dictionary! { "X1" => form },
    };
    let content = doc.add_object(Stream::new(dictionary! {}, data.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    // Writing to memory does not fail; an empty result is just an unreadable PDF.
    let _ = doc.save_to(&mut bytes);
    bytes
}

/// Small inputs as content stream, form and CMaps (see [`pdf_around`]).
pub fn content_stream(data: &[u8]) {
    if data.len() > 64 * 1024 {
        return;
    }
    let limits = Limits {
        max_glyphs_per_page: 20_000,
        ..Limits::default()
    };
    let _ = check_pdf(&pdf_around(data), &limits);
}

/// Text input, normalisation (idempotent) and diacritic restoration.
pub fn text_stages(data: &[u8]) {
    if let Ok(text) = crate::text_input::read_text(data) {
        for page in &text.pages {
            for line in page {
                let normalised = crate::normalize::normalize_text(line);
                assert_eq!(crate::normalize::normalize_text(&normalised), normalised);
            }
            let _ = crate::normalize::join_lines(page);
        }
        if let Ok(lexicon) = crate::pipeline::lexicon() {
            let joined = text.pages.concat().join("\n");
            let _ = crate::restore::restore(&joined, lexicon);
        }
    }
}

/// Segmentation and classification on text lines.
pub fn segmenter(data: &[u8]) {
    if let Ok(text) = crate::text_input::read_text(data) {
        let doc = crate::layout::from_text(text);
        let segmented = crate::segment::segment(&doc);
        let _ = crate::classify::classify(&doc, &segmented);
    }
}
