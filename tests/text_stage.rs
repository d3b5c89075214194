//! The foundation on the real corpus plans: positioned, normalised lines with
//! the page furniture set aside. Expected values were read off the PDFs.

use iub::layout::{Document, FurnitureKind};
use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::lay_out_file;
use std::path::Path;

fn lay_out(path: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    lay_out_file(&path, default_backend(), &Limits::default()).expect("fixture lays out")
}

fn body_text(doc: &Document) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn furniture(doc: &Document, kind: FurnitureKind) -> Vec<(u32, &str)> {
    doc.furniture
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| (f.page, f.text.as_str()))
        .collect()
}

#[test]
fn gotland_grid_furniture_is_set_aside_and_kept() {
    let doc = lay_out("fixtures/pdf/000_dd9dd5d9f3fd4b54.pdf");
    assert_eq!(doc.pages.len(), 13);
    let body = body_text(&doc);
    assert!(!body.contains("Region Gotland · Socialförvaltningen"));
    assert!(!body.contains("<Document::"));
    assert!(!body.contains("3 (13)"));
    let headers = furniture(&doc, FurnitureKind::Header);
    assert_eq!(headers.len(), 13);
    assert_eq!(
        headers[0],
        (
            1,
            "Region Gotland · Socialförvaltningen · Plan för insatser utan behovsprövning"
        )
    );
    assert!(furniture(&doc, FurnitureKind::PageNumber).contains(&(8, "8 (13)")));
    // The vertical diarienummer in the margin, kept for the metadata.
    let margin = furniture(&doc, FurnitureKind::Margin);
    assert!(
        margin[0]
            .1
            .starts_with("Ärendenr SON 2025/281 Datum 2025-06-12"),
        "{margin:?}"
    );
    assert!(!furniture(&doc, FurnitureKind::Placeholder).is_empty());
}

#[test]
fn gotland_grid_rows_are_split_at_the_ruled_columns() {
    let doc = lay_out("fixtures/pdf/000_dd9dd5d9f3fd4b54.pdf");
    let page = &doc.pages[0];
    assert!(!page.rulings.is_empty());
    let header = page
        .lines
        .iter()
        .find(|l| l.text.starts_with("Aktör"))
        .expect("header row on page 1");
    let cells: Vec<&str> = header.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        cells,
        [
            "Aktör",
            "Målgrupp/kriterier",
            "Insats",
            "Beskrivning",
            "Dokumentation/"
        ]
    );
    let row = page
        .lines
        .iter()
        .find(|l| l.text.starts_with("Hemtjänst"))
        .expect("first data row");
    let cells: Vec<&str> = row.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        cells,
        [
            "Hemtjänst",
            "75 +år",
            "Städning",
            "Hjälp från hemtjänst",
            "Ska dokumenteras i"
        ]
    );
    // Segments carry positions: the "Insats" column starts right of "Målgrupp".
    let x = |i: usize| row.segments[i].bbox.expect("positioned").x0;
    assert!(x(0) < x(1) && x(1) < x(2) && x(2) < x(3) && x(3) < x(4));
}

#[test]
fn sala_scan_reads_row_by_row_with_ocr_columns_split() {
    // The OCR text layer is written column by column (see the seed text);
    // lines must come from positions.
    let doc = lay_out("fixtures/pdf/004_6d4ffd2d5a89017a.pdf");
    assert_eq!(doc.pages.len(), 16);
    let page = &doc.pages[1];
    let row = page
        .lines
        .iter()
        .find(|l| l.text.starts_with("ABC 3-12"))
        .expect("first row of the Sala table");
    let cells: Vec<&str> = row.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        cells,
        [
            "ABC 3-12 ar",
            "Malgrupp:",
            "Foraldragrupp som halls",
            "Programmet har",
            "Social- och",
            "Undantag fran"
        ]
    );
    // The repeated table header row is data, the running title is furniture.
    assert!(doc.pages[4]
        .lines
        .iter()
        .any(|l| l.text.starts_with("Insats Malgrupp och")));
    assert_eq!(furniture(&doc, FurnitureKind::Header).len(), 16);
    // The OCR'd footer differs from page to page and is still one footer.
    assert_eq!(furniture(&doc, FurnitureKind::Footer).len(), 16);
}

#[test]
fn alingsas_page_numbers_and_header_leave_the_body() {
    let doc = lay_out("fixtures/pdf/002_09609c45e4b02379.pdf");
    assert_eq!(doc.pages.len(), 15);
    let body = body_text(&doc);
    assert!(!body.contains("Sida 9 av 15"));
    assert!(furniture(&doc, FurnitureKind::PageNumber).contains(&(9, "Sida 9 av 15")));
    assert!(body.contains("2.3.2"));
}

#[test]
fn text_input_enters_the_same_stages() {
    let doc = lay_out("fixtures/seeds/000_dd9dd5d9f3fd4b54.txt");
    assert!(!doc.positioned);
    let body = body_text(&doc);
    assert!(body.contains("1. Insatser utan behovsprövning enligt 11 kap 5 § socialtjänstlagen"));
    // Text lines sit at character cells and name their line in the file.
    let first = &doc.pages[0].lines[0];
    assert_eq!(first.source_line, Some(1));
    assert_eq!(first.bbox.map(|b| b.x0), Some(iub::layout::TEXT_CHAR_WIDTH));
    assert!(doc.pages[0].lines.iter().all(|l| l.bbox.is_some()));
}

#[test]
fn layout_is_deterministic() {
    let a = serde_json::to_string(&lay_out("fixtures/pdf/001_a06a560caf5de8c2.pdf")).unwrap();
    let b = serde_json::to_string(&lay_out("fixtures/pdf/001_a06a560caf5de8c2.pdf")).unwrap();
    assert_eq!(a, b);
}
