//! The inspection page: header, layer switches, one SVG per page, the
//! record panel. Styles and script are `page.css` and `page.js`, inlined.

use super::PageImage;
use crate::compare::esc;
use crate::geom::{round2, BBox};
use crate::layout::{Furniture, Page};
use crate::pipeline::Stages;
use crate::segment::{Record, Region, RegionColumn, RegionKind};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The switchable layers, bottom to top: (key, label in the controls).
const LAYERS: [(&str, &str); 10] = [
    ("image", "page image"),
    ("grid", "line grid"),
    ("fills", "fills"),
    ("rulings", "rulings"),
    ("furniture", "furniture"),
    ("words", "words"),
    ("regions", "regions"),
    ("columns", "columns"),
    ("rows", "rows"),
    ("records", "records"),
];

/// The line grid of a text input: one row per line, segments side by side
/// (their columns are lost with the spaces between them).
const GRID_ROW: f64 = 12.0;
const GRID_CHAR: f64 = 6.0;
const GRID_LEFT: f64 = 36.0;
const GRID_TOP: f64 = 12.0;
/// Characters between two segments of a text line (the gutter, drawn as a gap).
const GRID_GUTTER_CHARS: usize = 3;

/// One page as drawn: its size, and where each of its lines is.
struct PageView<'a> {
    page: &'a Page,
    width: f64,
    height: f64,
    /// Text input: drawn as the line grid.
    text_grid: bool,
    /// Each line's box (the grid row for text inputs).
    line_boxes: Vec<Option<BBox>>,
}

impl<'a> PageView<'a> {
    fn new(page: &'a Page, positioned: bool) -> Self {
        if positioned {
            return PageView {
                page,
                width: page.width.unwrap_or(595.0),
                height: page.height.unwrap_or(842.0),
                text_grid: false,
                line_boxes: page.lines.iter().map(|l| l.bbox).collect(),
            };
        }
        let line_boxes: Vec<Option<BBox>> = page
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let top = GRID_TOP + i as f64 * GRID_ROW;
                let right = grid_segments(line).last().map_or(GRID_LEFT, |(b, _)| b.x1);
                Some(BBox::new(GRID_LEFT, top, right, top + GRID_ROW))
            })
            .collect();
        let right = line_boxes
            .iter()
            .flatten()
            .map(|b| b.x1)
            .fold(400.0, f64::max);
        PageView {
            page,
            width: right + GRID_LEFT,
            height: GRID_TOP * 2.0 + page.lines.len() as f64 * GRID_ROW,
            text_grid: true,
            line_boxes,
        }
    }
}

/// A text line's segments placed on the grid's row 0 (shift by the row's top).
fn grid_segments(line: &crate::layout::Line) -> Vec<(BBox, &str)> {
    let mut x = GRID_LEFT;
    line.segments
        .iter()
        .map(|s| {
            let w = s.text.chars().count() as f64 * GRID_CHAR;
            let b = BBox::new(x, 0.0, x + w, GRID_ROW);
            x += w + GRID_GUTTER_CHARS as f64 * GRID_CHAR;
            (b, s.text.as_str())
        })
        .collect()
}

/// The OCR engine and quality of a page whose words OCR read, for the
/// page's heading; its word boxes are then drawn as OCR boxes.
fn ocr_note(page: &Page) -> Option<String> {
    page.ocr.as_ref().map(|o| {
        format!(
            "{}, {:.0} dpi, {} words, mean confidence {:.0}",
            o.engine, o.dpi, o.words, o.mean_confidence
        )
    })
}

/// Everything drawn for one document, looked up by page.
struct Drawing<'a> {
    views: BTreeMap<u32, PageView<'a>>,
    /// Per record: its box on each page it is on.
    record_boxes: Vec<BTreeMap<u32, BBox>>,
    /// Per region: its box on each page it is on.
    region_boxes: Vec<Vec<(u32, BBox)>>,
    /// Per region: where each record starts.
    region_rows: Vec<Vec<(u32, f64)>>,
}

impl<'a> Drawing<'a> {
    fn new(stages: &'a Stages) -> Self {
        let doc = &stages.laid_out;
        let views: BTreeMap<u32, PageView> = doc
            .pages
            .iter()
            .map(|p| (p.number, PageView::new(p, doc.positioned)))
            .collect();
        let places = crate::segment::body_line_places(doc);
        let boxes_of = |lines: &mut dyn Iterator<Item = usize>| {
            let mut by_page: BTreeMap<u32, BBox> = BTreeMap::new();
            for i in lines {
                let Some(&(page, index)) = places.get(i) else {
                    continue;
                };
                let Some(b) = views
                    .get(&page)
                    .and_then(|v| v.line_boxes.get(index).copied().flatten())
                else {
                    continue;
                };
                by_page
                    .entry(page)
                    .and_modify(|u| *u = u.union(&b))
                    .or_insert(b);
            }
            by_page
        };
        let records = &stages.segmented.records;
        let record_boxes: Vec<BTreeMap<u32, BBox>> = records
            .iter()
            .map(|r| {
                let mut boxes = boxes_of(&mut r.lines.iter().copied());
                // The record's own box on its first page is the one its
                // JSON gives (`source.bbox`).
                if let (Some(b), true) = (r.bbox, doc.positioned) {
                    boxes.insert(r.page, b);
                }
                boxes
            })
            .collect();
        let regions = &stages.segmented.regions;
        let region_boxes = regions
            .iter()
            .map(|region| {
                if doc.positioned {
                    region.boxes.clone()
                } else {
                    boxes_of(&mut region.lines.clone()).into_iter().collect()
                }
            })
            .collect();
        let region_rows = regions
            .iter()
            .map(|region| {
                if doc.positioned {
                    return region.rows.clone();
                }
                region
                    .records
                    .iter()
                    .filter_map(|&r| {
                        let first = *records.get(r)?.lines.first()?;
                        boxes_of(&mut std::iter::once(first))
                            .into_iter()
                            .next()
                            .map(|(page, b)| (page, b.top))
                    })
                    .collect()
            })
            .collect();
        Drawing {
            views,
            record_boxes,
            region_boxes,
            region_rows,
        }
    }
}

/// The whole page for one document. `drawn`: the page numbers to draw;
/// `images`: page images by page number; `notes`: said at the top.
pub fn render(
    stages: &Stages,
    drawn: &[u32],
    images: &BTreeMap<u32, PageImage>,
    notes: &[String],
) -> String {
    let plan = &stages.plan;
    let drawing = Drawing::new(stages);
    let mut h = String::with_capacity(256 * 1024);
    let title = &plan.document.source_file;
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>iub inspect: {}</title>\n<style>{STYLE}",
        esc(title)
    );
    for (key, _) in LAYERS {
        let _ = writeln!(h, "body.hide-{key} .L-{key} {{ display: none; }}");
    }
    h.push_str("</style>\n</head>\n<body>\n");
    header(&mut h, stages, &drawing, notes);
    controls(&mut h, stages, drawn, images);
    h.push_str("<div id=\"main\">\n<div id=\"pages\">\n");
    for n in drawn {
        if let Some(view) = drawing.views.get(n) {
            page_section(&mut h, stages, &drawing, view, images.get(n));
        }
    }
    h.push_str("</div>\n");
    details(&mut h, stages, &drawing, drawn);
    h.push_str("</div>\n<script>");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

fn header(h: &mut String, stages: &Stages, drawing: &Drawing, notes: &[String]) {
    let doc = &stages.plan.document;
    let layout = doc.layout.map_or("none".to_string(), json_name);
    let _ = write!(
        h,
        "<header>\n<h1>{} <span class=\"muted\">{}</span></h1>\n\
         <p class=\"facts\"><b>{}</b> pages · layout <b>{}</b> · <b>{}</b> interventions · \
         coverage <b>{:.1} %</b> of body lines{} · iub {}</p>\n",
        esc(&doc.source_file),
        esc(&doc.source_path),
        doc.pages,
        esc(&layout),
        stages.plan.interventions.len(),
        doc.coverage * 100.0,
        if stages.laid_out.positioned {
            ""
        } else {
            " · text input: pages drawn as their line grid"
        },
        esc(doc.produced_by.iub_version)
    );
    if doc.needs_review.is_empty() {
        h.push_str("<p class=\"ok\">needs_review: nothing</p>\n");
    } else {
        h.push_str("<div class=\"review\"><b>needs_review</b><ul>");
        for r in &doc.needs_review {
            let _ = write!(h, "<li>{}</li>", esc(r));
        }
        h.push_str("</ul></div>\n");
    }
    if !doc.warnings.is_empty() || !notes.is_empty() {
        h.push_str("<div class=\"warnings\"><b>warnings</b><ul>");
        for w in &doc.warnings {
            let _ = write!(h, "<li>{}</li>", esc(w));
        }
        for n in notes {
            let _ = write!(h, "<li class=\"note\">inspect: {}</li>", esc(n));
        }
        h.push_str("</ul></div>\n");
    }
    readings_table(h, stages, drawing);
    h.push_str("</header>\n");
}

/// The readings as `document.readings` gives them, with every column's
/// header and the field it was typed as.
fn readings_table(h: &mut String, stages: &Stages, drawing: &Drawing) {
    let regions = &stages.segmented.regions;
    if regions.is_empty() {
        h.push_str("<p class=\"review\">The segmenter kept no reading of any part of this document: no grid, form, sections or list with complete records.</p>\n");
        return;
    }
    h.push_str("<table id=\"readings\"><thead><tr><th>reading</th><th>kind</th><th>pages</th><th>interventions</th><th>columns: header as printed → field</th></tr></thead><tbody>\n");
    for (i, region) in regions.iter().enumerate() {
        let boxes = &drawing.region_boxes[i];
        let pages = match (boxes.first(), boxes.last()) {
            (Some((a, _)), Some((b, _))) if a != b => format!("{a}–{b}"),
            (Some((a, _)), _) => a.to_string(),
            _ => String::new(),
        };
        let ids: Vec<String> = region
            .records
            .iter()
            .filter_map(|&r| stages.plan.interventions.get(r))
            .map(|r| r.id.clone())
            .collect();
        let span = match (ids.first(), ids.last()) {
            (Some(a), Some(b)) if a != b => format!("{} ({a} – {b})", ids.len()),
            (Some(a), _) => format!("1 ({a})"),
            _ => "0".to_string(),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td><span class=\"kind k-{}\">{}</span></td><td>{}</td><td>{}</td><td>",
            i + 1,
            kind_name(region.kind),
            kind_name(region.kind),
            esc(&pages),
            esc(&span)
        );
        for c in &region.columns {
            let (class, text) = column_label(c);
            let _ = write!(h, "<span class=\"chip {class}\">{}</span> ", esc(&text));
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// An enumeration's value as the JSON writes it ("page_number", "table").
fn json_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn kind_name(kind: RegionKind) -> &'static str {
    match kind {
        RegionKind::Grid => "grid",
        RegionKind::Form => "form",
        RegionKind::Sections => "sections",
        RegionKind::List => "list",
    }
}

/// A column's label and its class: `known` (typed by its header),
/// `content` (the header named nothing, the cells did), `unknown` (kept in
/// `cells` only: a header `vocab.rs` does not know).
pub fn column_label(c: &RegionColumn) -> (&'static str, String) {
    let header = if c.header.is_empty() {
        "(no header)"
    } else {
        c.header.as_str()
    };
    match (c.field, c.typed_by) {
        (None, _) => ("unknown", format!("{header} → ? (unknown)")),
        (Some(field), "header") => ("known", format!("{header} → {field}")),
        (Some(field), by) => ("content", format!("{header} → {field} (by {by})")),
    }
}

fn controls(h: &mut String, stages: &Stages, drawn: &[u32], images: &BTreeMap<u32, PageImage>) {
    h.push_str("<nav id=\"controls\"><span class=\"group\">Layers:");
    for (key, label) in LAYERS {
        let pages = &stages.laid_out.pages;
        let present = match key {
            "image" => !images.is_empty(),
            "grid" => !stages.laid_out.positioned,
            "fills" => pages.iter().any(|p| !p.fills.is_empty()),
            "rulings" => pages.iter().any(|p| !p.rulings.is_empty()),
            "furniture" => !stages.laid_out.furniture.is_empty(),
            "columns" => stages
                .segmented
                .regions
                .iter()
                .any(|r| !r.columns.is_empty()),
            _ => true,
        };
        if present {
            let _ = write!(
                h,
                " <label class=\"sw-{key}\"><input type=\"checkbox\" id=\"layer-{key}\" data-layer=\"{key}\" checked> {label}</label>"
            );
        }
    }
    h.push_str("</span> <span class=\"group\">Pages:");
    for n in drawn {
        let _ = write!(h, " <a href=\"#page-{n}\">{n}</a>");
    }
    h.push_str("</span></nav>\n");
}

/// A number for SVG: rounded to 0.01 pt, no trailing zeros.
fn num(v: f64) -> String {
    let r = round2(v);
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn rect(h: &mut String, class: &str, b: &BBox) {
    let _ = write!(
        h,
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        num(b.x0),
        num(b.top),
        num(b.width().max(0.3)),
        num(b.height().max(0.3))
    );
}

/// Text fitted into a box: the baseline a fifth of the height above the
/// bottom, stretched or squeezed to the box's width, as the words were.
fn fitted_text(h: &mut String, class: &str, b: &BBox, text: &str) {
    let size = (b.height() * 0.82).clamp(1.0, 40.0);
    let _ = write!(
        h,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
        num(b.x0),
        num(b.bottom - b.height() * 0.2),
        num(size),
        num(b.width().max(0.5)),
        esc(text)
    );
}

/// A small label: a filled tab with text, at (x, y) = its top-left.
fn label(h: &mut String, class: &str, x: f64, y: f64, size: f64, text: &str) {
    // 0.6 em per character holds bold DejaVu Sans, the widest face used.
    let width = text.chars().count() as f64 * size * 0.6 + size * 0.6;
    let _ = write!(
        h,
        "<g class=\"{class}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text></g>",
        num(x),
        num(y),
        num(width),
        num(size * 1.35),
        num(x + size * 0.3),
        num(y + size * 1.05),
        num(size),
        esc(text)
    );
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

fn page_section(
    h: &mut String,
    stages: &Stages,
    drawing: &Drawing,
    view: &PageView,
    image: Option<&PageImage>,
) {
    let page = view.page;
    let n = page.number;
    let ocr = ocr_note(page);
    let _ = write!(
        h,
        "<section class=\"page\" id=\"page-{n}\" data-page=\"{n}\">\n<h2>Page {n} <span class=\"muted\">"
    );
    if view.text_grid {
        let _ = write!(h, "text input, {} lines", page.lines.len());
    } else {
        let _ = write!(
            h,
            "{} × {} pt · rotation {} · {} lines · {} rulings · {} fills",
            num(view.width),
            num(view.height),
            page.rotation,
            page.lines.len(),
            page.rulings.len(),
            page.fills.len()
        );
    }
    if let Some(ocr) = &ocr {
        let _ = write!(h, " · OCR: {}", esc(ocr));
    }
    h.push_str("</span></h2>\n");
    let _ = write!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sheet\" viewBox=\"0 0 {w} {ht}\" width=\"{pw}\" height=\"{ph}\" data-width=\"{w}\" data-height=\"{ht}\">\n\
         <rect class=\"paper\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{ht}\"/>\n",
        w = num(view.width),
        ht = num(view.height),
        pw = num(view.width * 1.5),
        ph = num(view.height * 1.5)
    );
    if let Some(img) = image {
        let _ = writeln!(
            h,
            "<g class=\"layer L-image\"><image x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" data-pixels=\"{}x{}\" href=\"data:image/png;base64,{}\"/></g>",
            num(view.width),
            num(view.height),
            img.width,
            img.height,
            img.png_base64
        );
    }
    if view.text_grid {
        h.push_str("<g class=\"layer L-grid\">");
        for (i, b) in view.line_boxes.iter().enumerate() {
            let Some(b) = b else { continue };
            let stripe = BBox::new(0.0, b.top, view.width, b.bottom);
            rect(h, if i % 2 == 0 { "row-even" } else { "row-odd" }, &stripe);
            let _ = write!(
                h,
                "<text class=\"lineno\" x=\"{}\" y=\"{}\" font-size=\"8\">{}</text>",
                num(GRID_LEFT - 4.0),
                num(b.bottom - 3.0),
                i + 1
            );
        }
        h.push_str("</g>\n");
    }
    h.push_str("<g class=\"layer L-fills\">");
    for b in &page.fills {
        rect(h, "fill", b);
    }
    h.push_str("</g>\n<g class=\"layer L-rulings\">");
    for b in &page.rulings {
        rect(h, "ruling", b);
    }
    h.push_str("</g>\n<g class=\"layer L-furniture\">");
    for f in stages.laid_out.furniture.iter().filter(|f| f.page == n) {
        furniture(h, f);
    }
    h.push_str("</g>\n");
    words(h, view, ocr.is_some());
    regions(h, stages, drawing, n);
    records(h, stages, drawing, n);
    h.push_str("</svg>\n");
    let unplaced: Vec<&Furniture> = stages
        .laid_out
        .furniture
        .iter()
        .filter(|f| f.page == n && (f.bbox.is_none() || view.text_grid))
        .collect();
    if !unplaced.is_empty() {
        h.push_str("<ul class=\"layer L-furniture furniture-list\">");
        for f in unplaced {
            let _ = write!(h, "<li>{}: {}</li>", json_name(f.kind), esc(&f.text));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn furniture(h: &mut String, f: &Furniture) {
    let Some(b) = f.bbox else { return };
    rect(h, "furn", &b);
    if b.height() > b.width() * 2.0 {
        // Margin text runs up the page: rotate it back along its box.
        let size = (b.width() * 0.82).clamp(1.0, 40.0);
        let (x, y) = (b.x1 - b.width() * 0.2, b.bottom);
        let _ = write!(
            h,
            "<text class=\"furn-t\" x=\"{x}\" y=\"{y}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" transform=\"rotate(-90 {x} {y})\">{}</text>",
            num(size),
            num(b.height()),
            esc(&f.text),
            x = num(x),
            y = num(y)
        );
    } else {
        fitted_text(h, "furn-t", &b, &f.text);
    }
}

fn words(h: &mut String, view: &PageView, ocr: bool) {
    h.push_str("<g class=\"layer L-words\">");
    let box_class = if ocr { "w ocr" } else { "w" };
    for (line, line_box) in view.page.lines.iter().zip(&view.line_boxes) {
        if view.text_grid {
            let top = line_box.map_or(0.0, |b| b.top);
            for (b, text) in grid_segments(line) {
                let b = BBox::new(b.x0, top + 1.0, b.x1, top + GRID_ROW - 1.0);
                rect(h, "seg", &b);
                let _ = write!(
                    h,
                    "<text class=\"wt mono\" x=\"{}\" y=\"{}\" font-size=\"9.6\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
                    num(b.x0),
                    num(top + GRID_ROW - 3.0),
                    num(b.width().max(0.5)),
                    esc(text)
                );
            }
            continue;
        }
        for seg in &line.segments {
            if seg.words.is_empty() {
                if let Some(b) = seg.bbox {
                    rect(h, box_class, &b);
                    fitted_text(h, if seg.bold { "wt b" } else { "wt" }, &b, &seg.text);
                }
                continue;
            }
            for w in &seg.words {
                rect(h, box_class, &w.bbox);
                fitted_text(h, if w.bold { "wt b" } else { "wt" }, &w.bbox, &w.text);
            }
        }
    }
    h.push_str("</g>\n");
}

fn regions(h: &mut String, stages: &Stages, drawing: &Drawing, page: u32) {
    let regions = &stages.segmented.regions;
    let on_page = |i: usize| {
        drawing.region_boxes[i]
            .iter()
            .filter(move |(p, _)| *p == page)
    };
    h.push_str("<g class=\"layer L-regions\">");
    for (i, region) in regions.iter().enumerate() {
        for (_, b) in on_page(i) {
            let kind = kind_name(region.kind);
            let _ = write!(
                h,
                "<g class=\"region k-{kind}\" data-reading=\"{}\">",
                i + 1
            );
            rect(h, "region-box", b);
            let text = format!(
                "reading {} · {kind} · {} records",
                i + 1,
                region.records.len()
            );
            label(h, "region-label", b.x0, b.bottom + 1.0, 6.0, &text);
            h.push_str("</g>");
        }
    }
    h.push_str("</g>\n");
    let has_columns = regions.iter().any(|r| !r.columns.is_empty());
    if has_columns && !drawing.views.get(&page).is_some_and(|v| v.text_grid) {
        h.push_str("<g class=\"layer L-columns\">");
        for (i, region) in regions.iter().enumerate() {
            for (_, b) in on_page(i) {
                columns(h, region, b);
            }
        }
        h.push_str("</g>\n");
    }
    h.push_str("<g class=\"layer L-rows\">");
    for (i, _) in regions.iter().enumerate() {
        let Some((_, b)) = on_page(i).next() else {
            continue;
        };
        let (x0, x1) = on_page(i).fold((b.x0, b.x1), |(a, z), (_, b)| (a.min(b.x0), z.max(b.x1)));
        for &(p, top) in &drawing.region_rows[i] {
            if p == page {
                let _ = write!(
                    h,
                    "<line class=\"row\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
                    num(x0 - 4.0),
                    num(x1 + 4.0),
                    y = num(top - 0.5)
                );
            }
        }
    }
    h.push_str("</g>\n");
}

/// A grid's or form's columns as bands over its box on one page, each
/// labelled above the box with its header and field.
fn columns(h: &mut String, region: &Region, b: &BBox) {
    for (i, c) in region.columns.iter().enumerate() {
        let (class, text) = column_label(c);
        let band = BBox::new(c.x0.max(b.x0 - 2.0), b.top, c.x1.min(b.x1 + 2.0), b.bottom);
        let _ = write!(
            h,
            "<g class=\"col {class}\" data-field=\"{}\">",
            c.field.unwrap_or("")
        );
        rect(h, "col-band", &band);
        // Alternate label heights so neighbouring labels do not overlap.
        let y = b.top - 9.5 - if i % 2 == 1 { 8.5 } else { 0.0 };
        let chars = ((band.width() / (5.5 * 0.6)) as usize).max(12);
        label(h, "col-label", band.x0, y, 5.5, &truncate(&text, chars * 2));
        h.push_str("</g>");
    }
}

fn records(h: &mut String, stages: &Stages, drawing: &Drawing, page: u32) {
    h.push_str("<g class=\"layer L-records\">");
    for (i, (boxes, iv)) in drawing
        .record_boxes
        .iter()
        .zip(&stages.plan.interventions)
        .enumerate()
    {
        let Some(b) = boxes.get(&page) else { continue };
        // The first page it is drawn on carries its id; later pages of a
        // record that runs on are its parts.
        let first_drawn = boxes.keys().next() == Some(&page);
        let attr = if first_drawn {
            "data-record-id"
        } else {
            "data-record-part"
        };
        let _ = write!(
            h,
            "<g class=\"record\" {attr}=\"{}\" data-ordinal=\"{}\">",
            esc(&iv.id),
            i + 1
        );
        rect(h, "record-box", b);
        let name = if iv.name.is_empty() {
            "(no name)"
        } else {
            iv.name.as_str()
        };
        let text = format!(
            "{}{} {}",
            iv.id,
            if first_drawn { "" } else { " (cont.)" },
            truncate(name, 48)
        );
        // Across the box's top edge: the padding above a row's first line
        // and below the previous row's last is where it hides least text.
        label(h, "record-label", b.x0 + 0.5, b.top - 3.5, 5.0, &text);
        h.push_str("</g>");
    }
    h.push_str("</g>\n");
}

/// The side panel: every record's JSON (shown when its box is clicked) and
/// an index of the records.
fn details(h: &mut String, stages: &Stages, drawing: &Drawing, drawn: &[u32]) {
    h.push_str("<aside id=\"details\">\n<h2>Record</h2>\n<p id=\"hint\" class=\"muted\">Click a record's box (or a name below) to see its JSON: fields, evidence, cells, warnings. A link to a record: <code>#record=ID</code>.</p>\n");
    for iv in &stages.plan.interventions {
        let json = serde_json::to_string_pretty(iv).unwrap_or_default();
        let _ = writeln!(
            h,
            "<pre class=\"json\" data-json-for=\"{}\" hidden>{}</pre>",
            esc(&iv.id),
            esc(&json)
        );
    }
    h.push_str("<h3>Interventions</h3>\n<ol id=\"record-index\">\n");
    let records: &[Record] = &stages.segmented.records;
    for (i, iv) in stages.plan.interventions.iter().enumerate() {
        let on = drawing
            .record_boxes
            .get(i)
            .and_then(|b| b.keys().find(|p| drawn.contains(p)));
        let page = records.get(i).map_or(0, |r| r.page);
        // A record with no box on any page (no line of it has a position)
        // is clicked here instead: its entry carries its id.
        let unplaced = drawing.record_boxes.get(i).is_none_or(|b| b.is_empty());
        let (where_, id_attr) = match on {
            Some(p) => (format!("<a href=\"#page-{p}\">p. {p}</a>"), String::new()),
            None if unplaced => (
                "no position".to_string(),
                format!(" data-record-id=\"{}\"", esc(&iv.id)),
            ),
            None => (format!("p. {page}, not drawn"), String::new()),
        };
        let _ = writeln!(
            h,
            "<li data-select=\"{}\"{id_attr}><code>{}</code> {} <span class=\"muted\">{}</span></li>",
            esc(&iv.id),
            esc(iv.id.rsplit('-').next().unwrap_or("")),
            esc(&truncate(&iv.name, 60)),
            where_
        );
    }
    h.push_str("</ol>\n</aside>\n");
}

const STYLE: &str = include_str!("page.css");

/// Layer switches, record selection, `#record=ID` and the `#selftest`
/// hook. Data never enters the script: it reads the DOM.
const SCRIPT: &str = include_str!("page.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_headers_stand_out() {
        let column =
            |header: &str, field: Option<&'static str>, typed_by: &'static str| RegionColumn {
                header: header.to_string(),
                field,
                typed_by,
                x0: 0.0,
                x1: 10.0,
            };
        assert_eq!(
            column_label(&column("Aktör", Some("provider"), "header")),
            ("known", "Aktör → provider".to_string())
        );
        assert_eq!(
            column_label(&column("Övrigt att veta", None, "none")),
            ("unknown", "Övrigt att veta → ? (unknown)".to_string())
        );
        assert_eq!(
            column_label(&column("", Some("documentation"), "content")),
            (
                "content",
                "(no header) → documentation (by content)".to_string()
            )
        );
    }
}
