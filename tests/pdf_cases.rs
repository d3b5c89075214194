//! The cases of fixtures/pdf-cases (made by its make.py): files poppler,
//! qpdf and pdf.js read, each with one kind of damage or one less common
//! construct, must give their text back, with a warning when the file had
//! to be repaired; and every filter stays under the stream limit.

use iub::limits::Limits;
use iub::pdf::{default_backend, PdfDocument};
use std::path::Path;

mod common;
use common::{pdf, stream};

/// The line make.py draws on the page of every simple case.
const LINE: &str = "Öppen förskola för föräldrar";

fn read(name: &str) -> Result<PdfDocument, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf-cases")
        .join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    default_backend().extract(&bytes, &Limits::default())
}

/// A page's glyphs as text, a space where the producer drew one.
fn page_text(doc: &PdfDocument, page: usize) -> String {
    let mut text = String::new();
    for glyph in &doc.pages[page].glyphs {
        text.push_str(&glyph.text);
        if glyph.space_after {
            text.push(' ');
        }
    }
    text.trim_end().to_string()
}

fn assert_reads(name: &str, repaired: bool) {
    let doc = read(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(doc.pages.len(), 1, "{name}");
    assert_eq!(page_text(&doc, 0), LINE, "{name}");
    let warned = doc.warnings.iter().any(|w| w.contains("damaged"));
    assert_eq!(warned, repaired, "{name}: {:?}", doc.warnings);
}

#[test]
fn every_content_filter_decodes() {
    for name in [
        "asciihex_content.pdf",
        "ascii85_flate_abbreviated.pdf",
        "lzw_content.pdf",
        "runlength_content.pdf",
        "flate_png_predictor.pdf",
    ] {
        assert_reads(name, false);
    }
}

#[test]
fn damaged_files_are_rebuilt_from_their_objects() {
    for name in [
        "wrong_length_short.pdf",
        "wrong_length_long.pdf",
        "xref_offsets_wrong.pdf",
        "xref_missing.pdf",
        "junk_before_header.pdf",
        "no_header.pdf",
        "page_tree_is_page.pdf",
        "object_stream_comments.pdf",
        "object_stream_abbreviated_filter.pdf",
    ] {
        assert_reads(name, true);
    }
}

#[test]
fn a_prev_loop_still_gives_the_updated_page() {
    // The update replaces the content "alldeles fel" of the first revision;
    // its trailer's /Prev points at itself, so the first table is never
    // reached and the file is rebuilt: the later definition must win.
    assert_reads("prev_loop.pdf", true);
}

fn one_page_with_content(filter: &str, data: &[u8]) -> Vec<u8> {
    pdf(&[
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        ),
        (4, stream(filter, data)),
    ])
}

#[test]
fn run_length_and_lzw_bombs_stop_at_the_stream_limit() {
    let tight = Limits {
        max_stream_bytes: 10_000,
        ..Limits::default()
    };
    // 100 runs of 128 spaces: 12,800 bytes from 200.
    let run_length = one_page_with_content("/Filter /RunLengthDecode", &[129, b' '].repeat(100));
    let e = default_backend()
        .extract(&run_length, &tight)
        .expect_err("over the limit");
    assert!(e.contains("more than 10000 bytes"), "{e}");
    // An LZW stream of 20,000 spaces: codes for ever longer runs.
    let mut encoder = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let lzw = encoder.encode(&[b' '; 20_000]).expect("encodes");
    let e = default_backend()
        .extract(&one_page_with_content("/Filter /LZWDecode", &lzw), &tight)
        .expect_err("over the limit");
    assert!(e.contains("more than 10000 bytes"), "{e}");
    // Under the limit the same filters read.
    let small = one_page_with_content("/Filter /RunLengthDecode", &[129, b' '].repeat(10));
    assert!(default_backend().extract(&small, &tight).is_ok());
}

#[test]
fn garbage_with_object_headers_is_still_an_error() {
    // Something that scans like objects but holds no page.
    let bytes = b"%PDF-1.4\n1 0 obj\n<< /Foo 1 >>\nendobj\n2 0 obj\n(text)\nendobj\n";
    let e = default_backend()
        .extract(bytes, &Limits::default())
        .expect_err("no pages");
    assert!(e.contains("no pages"), "{e}");
}

#[test]
fn a_page_without_text_says_why() {
    let doc = read("no_text_reasons.pdf").expect("reads");
    assert!(doc.pages.iter().all(|p| p.glyphs.is_empty()));
    let expected = [
        "page 1: no text layer: the page is only images (a scan without OCR?)",
        "page 2: no text: 5 glyphs in fonts without a Unicode mapping (Unnamed)",
        "page 3: no text: nothing on the page is text",
        "no page has text: the document needs OCR or a reader's review",
    ];
    assert_eq!(doc.warnings, expected);
    // A page with text gets no such warning.
    let doc = read("asciihex_content.pdf").expect("reads");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn simple_fonts_read_by_their_encodings() {
    let doc = read("simple_encodings.pdf").expect("reads");
    let texts: Vec<&str> = doc.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    // Ligature glyphs stay ligatures here; normalisation splits them later.
    assert_eq!(
        texts.concat(),
        "ef\u{FB01}cient\u{FB02}owα≥β✔ABBA",
        "{texts:?}"
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn annotation_appearances_are_page_text_and_say_so() {
    let doc = read("annotations.pdf").expect("reads");
    assert_eq!(
        page_text(&doc, 0),
        "Sidans textAnna Anderssonkommentar",
        "the hidden annotation and the pop-up are not drawn"
    );
    let marked: Vec<(&str, Option<&str>, String)> = doc
        .annotations
        .iter()
        .map(|a| {
            let text: String = doc.pages[0].glyphs[a.glyphs.clone()]
                .iter()
                .map(|g| g.text.as_str())
                .collect();
            (a.kind.as_str(), a.field.as_deref(), text)
        })
        .collect();
    assert_eq!(
        marked,
        [
            ("Widget", Some("person.Namn"), "AnnaAndersson".to_string()),
            ("FreeText", None, "kommentar".to_string()),
        ]
    );
    // The widget's 100 × 20 appearance is drawn onto its 200 × 40 /Rect:
    // 10 pt text at twice the size, from x = 72 + 2 × 2.
    let a = &doc.pages[0].glyphs[doc.annotations[0].glyphs.start];
    assert!((a.font_size - 20.0).abs() < 0.01, "{a:?}");
    assert!((a.bbox.x0 - 76.0).abs() < 0.01, "{a:?}");
}

#[test]
fn a_tj_move_of_a_tenth_of_an_em_breaks_a_word() {
    let doc = read("tj_word_breaks.pdf").expect("reads");
    // -329 after "Dynamic" is a word break; -30 after "languages" kerning.
    assert_eq!(page_text(&doc, 0), "Dynamic languagesx");
}

#[test]
fn identity_h_without_to_unicode_reads_through_the_font() {
    let doc = read("identity_h_without_to_unicode.pdf").expect("reads");
    let lines: Vec<String> = doc.pages[0]
        .glyphs
        .chunk_by(|a, b| (a.bbox.top - b.bbox.top).abs() < 1.0)
        .map(|line| line.iter().map(|g| g.text.as_str()).collect())
        .collect();
    // The embedded subset's cmap, turned around; and Unicode CIDs of a
    // font without a program.
    assert_eq!(lines, ["Rådochstöd", "Målgrupp"]);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

fn read_with(name: &str, limits: &Limits) -> Result<PdfDocument, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf-cases")
        .join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    default_backend().extract(&bytes, limits)
}

#[test]
fn an_empty_user_password_opens_every_method() {
    for name in [
        "encrypted_rc4_40_empty_user.pdf",
        "encrypted_aes128_empty_user.pdf",
        "encrypted_aes256_r5_empty_user.pdf",
        "encrypted_aes256_r6_empty_user.pdf",
    ] {
        assert_reads(name, false);
    }
}

#[test]
fn attachment_only_encryption_does_not_block_the_text() {
    let doc = read("encrypted_attachments_only.pdf").expect("reads");
    assert_eq!(page_text(&doc, 0), LINE);
    assert_eq!(
        doc.warnings,
        ["only the attachments are encrypted: the text was read without a password"]
    );
}

#[test]
fn a_user_password_opens_with_password_and_only_then() {
    let name = "encrypted_aes256_user_password.pdf";
    let e = read(name).expect_err("locked");
    assert!(
        e.contains("needs a password (give it with --password)"),
        "{e}"
    );
    for password in ["bibliotek", "kansli"] {
        // The user password, and the owner password.
        let limits = Limits {
            password: Some(iub::limits::Password(password.to_string())),
            ..Limits::default()
        };
        let doc = read_with(name, &limits).unwrap_or_else(|e| panic!("{password}: {e}"));
        assert_eq!(page_text(&doc, 0), LINE);
    }
    let wrong = Limits {
        password: Some(iub::limits::Password("fel".to_string())),
        ..Limits::default()
    };
    let e = read_with(name, &wrong).expect_err("wrong password");
    assert!(e.contains("neither as user nor as owner"), "{e}");
    // The password never shows in debug output.
    assert!(!format!("{wrong:?}").contains("fel"));
}

#[test]
fn the_cli_takes_a_password() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf-cases/encrypted_aes256_user_password.pdf");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(["text", "--password", "bibliotek"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(LINE));
}

#[test]
fn form_fields_show_their_values_when_asked_for_fresh_appearances() {
    let doc = read("form_fields.pdf").expect("reads");
    let fields: Vec<(Option<&str>, String)> = doc
        .annotations
        .iter()
        .map(|a| {
            let text = doc.pages[0].glyphs[a.glyphs.clone()]
                .iter()
                .map(|g| g.text.as_str())
                .collect();
            (a.field.as_deref(), text)
        })
        .collect();
    // The value, not the stale appearance ("gammalt"); a list box's
    // options (the display half of [export display]); a tick for "on".
    assert_eq!(
        fields,
        [
            (Some("namn"), "nyttvärde".to_string()),
            (Some("insats"), "BoendeStöd".to_string()),
            (Some("samtycke"), "✓".to_string()),
        ]
    );
    // The text field's /DA says 10 pt.
    assert!((doc.pages[0].glyphs[0].font_size - 10.0).abs() < 0.01);
}

#[test]
fn a_page_of_punctuation_only_says_it_has_no_words() {
    let bytes = pdf(&[
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        ),
        (
            4,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_vec(),
        ),
        (5, stream("", b"BT /F1 12 Tf 72 720 Td (- \\225 -) Tj ET")),
    ]);
    let doc = default_backend()
        .extract(&bytes, &Limits::default())
        .expect("reads");
    assert_eq!(page_text(&doc, 0), "- • -");
    assert_eq!(
        doc.warnings,
        ["page 1: no words: only punctuation and symbols"]
    );
}

#[test]
fn text_outside_the_crop_box_is_left_out_and_counted() {
    let doc = read("crop_box.pdf").expect("reads");
    assert_eq!(page_text(&doc, 0), "synlig");
    assert_eq!(
        doc.warnings,
        ["page 1: 10 glyphs outside the page (its crop or media box) left out"]
    );
}

#[test]
fn text_drawn_past_the_media_box_is_not_on_the_page() {
    // No crop box: the media box is what a viewer shows (a template's
    // text placed above the page, as in pdf.js's issue7454.pdf).
    let bytes = pdf(&[
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        ),
        (4, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()),
        (
            5,
            stream("", b"BT /F1 12 Tf 10 50 Td (synlig) Tj 0 150 Td (dold) Tj ET"),
        ),
    ]);
    let doc = default_backend()
        .extract(&bytes, &Limits::default())
        .expect("reads");
    assert_eq!(page_text(&doc, 0), "synlig");
    assert_eq!(
        doc.warnings,
        ["page 1: 4 glyphs outside the page (its crop or media box) left out"]
    );
}
