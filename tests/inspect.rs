//! `iub inspect` end to end on the corpus plans: one self-contained HTML per
//! document whose record boxes carry exactly the ids `iub extract` writes,
//! one SVG per page at the page's size, the options (`--pages`,
//! `--page-image`) and text inputs; then the page in headless Chromium
//! (layers switched through the page's `#selftest` hook, a record clicked,
//! a screenshot that is not blank) when /usr/bin/chromium exists.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;
use common::{root, temp};

fn iub(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(r: &Output) {
    assert!(
        r.status.success(),
        "{}\n{}",
        r.status,
        String::from_utf8_lossy(&r.stderr)
    );
}

/// `iub extract fixtures/pdf` and `iub inspect fixtures/pdf`, once for all tests.
fn corpus() -> &'static (PathBuf, PathBuf) {
    static DIRS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DIRS.get_or_init(|| {
        let pdf = root().join("fixtures/pdf");
        let extracted = temp("inspect", "extract");
        ok(&iub(&[
            "extract".as_ref(),
            pdf.as_os_str(),
            "--out".as_ref(),
            extracted.as_os_str(),
            "--quiet".as_ref(),
        ]));
        let inspected = temp("inspect", "html");
        ok(&iub(&[
            "inspect".as_ref(),
            pdf.as_os_str(),
            "--out".as_ref(),
            inspected.as_os_str(),
        ]));
        (extracted, inspected)
    })
}

const STEMS: [&str; 5] = [
    "000_dd9dd5d9f3fd4b54",
    "001_a06a560caf5de8c2",
    "002_09609c45e4b02379",
    "003_23c55e2100791a7b",
    "004_6d4ffd2d5a89017a",
];

fn plan(dir: &Path, stem: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(format!("{stem}.json"))).unwrap()).unwrap()
}

fn ids_in_plan(plan: &Value) -> Vec<String> {
    let mut ids: Vec<String> = plan["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// Every value of `attr="…"` in a page, sorted (repeats kept).
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut values: Vec<String> = html
        .split(&needle)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect();
    values.sort();
    values
}

fn read_html(dir: &Path, stem: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{stem}.html"))).unwrap()
}

#[test]
fn record_boxes_carry_exactly_the_extract_ids_on_the_corpus_plans() {
    let (extracted, inspected) = corpus();
    let mut html_files: Vec<String> = std::fs::read_dir(inspected)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    html_files.sort();
    let expected: Vec<String> = STEMS.iter().map(|s| format!("{s}.html")).collect();
    assert_eq!(html_files, expected, "one HTML per document, nothing else");
    for stem in STEMS {
        let html = read_html(inspected, stem);
        let ids = ids_in_plan(&plan(extracted, stem));
        assert!(!ids.is_empty(), "{stem} has interventions");
        // One box per intervention: each id exactly once.
        assert_eq!(attribute_values(&html, "data-record-id"), ids, "{stem}");
        // And its JSON beside the page, once.
        assert_eq!(attribute_values(&html, "data-json-for"), ids, "{stem}");
    }
}

#[test]
fn each_page_is_one_svg_at_the_pages_size() {
    let (_, inspected) = corpus();
    // Page sizes as pdfinfo reports them: 001 is landscape A4
    // (841.89 × 595.304 pt), 000 portrait (595.304 × 841.89), rounded to
    // 0.01 pt as every coordinate iub writes.
    for (stem, pages, view_box) in [
        ("001_a06a560caf5de8c2", 5, "0 0 841.89 595.3"),
        ("000_dd9dd5d9f3fd4b54", 13, "0 0 595.3 841.89"),
    ] {
        let html = read_html(inspected, stem);
        assert_eq!(html.matches("<svg ").count(), pages, "{stem}");
        assert_eq!(
            attribute_values(&html, "viewBox"),
            vec![view_box.to_string(); pages],
            "{stem}"
        );
        let numbers: Vec<String> = (1..=pages).map(|n| n.to_string()).collect();
        let mut drawn = attribute_values(&html, "data-page");
        drawn.sort_by_key(|n| n.parse::<u32>().unwrap());
        assert_eq!(drawn, numbers);
    }
}

#[test]
fn pages_are_self_contained_and_deterministic() {
    let (_, inspected) = corpus();
    for stem in STEMS {
        let html = read_html(inspected, stem);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        // The SVG namespace is an identifier, not a fetch.
        let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for needle in [
            "http:", "https:", "//cdn", "<link", "src=", "@import", "url(", "file:",
        ] {
            assert!(!without_ns.contains(needle), "{stem} references {needle}");
        }
        assert_eq!(html.matches("<script>").count(), 1, "only the page's own");
    }
    // The same inputs again, elsewhere: the same bytes.
    let again = temp("inspect", "again");
    let pdf = root().join("fixtures/pdf");
    ok(&iub(&[
        "inspect".as_ref(),
        pdf.as_os_str(),
        "--out".as_ref(),
        again.as_os_str(),
    ]));
    for stem in STEMS {
        assert!(
            read_html(&again, stem) == read_html(inspected, stem),
            "{stem} differs between runs"
        );
    }
    let _ = std::fs::remove_dir_all(&again);
}

#[test]
fn grid_columns_show_the_header_as_printed_and_its_field() {
    let (extracted, inspected) = corpus();
    // 001's table header, as printed on its first page: eight columns.
    let html = read_html(inspected, "001_a06a560caf5de8c2");
    for label in [
        "INSATS → name",
        "KATEGORI → category",
        "ORSAK → reason",
        "KOMMENTAR → comment",
    ] {
        assert!(html.contains(label), "no column label {label:?}");
    }
    let page_1 = html
        .split("<section class=\"page\" id=\"page-1\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    assert_eq!(page_1.matches("<g class=\"col ").count(), 8);
    // The fields the bands name are the readings' fields.
    let readings = &plan(extracted, "001_a06a560caf5de8c2")["document"]["readings"];
    let fields: Vec<String> = readings[0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap_or("").to_string())
        .collect();
    let mut fields_sorted = fields.clone();
    fields_sorted.sort();
    assert_eq!(attribute_values(page_1, "data-field"), fields_sorted);
    // Sections (002) have no columns: no band, no switch for them.
    let html = read_html(inspected, "002_09609c45e4b02379");
    assert!(!html.contains("<g class=\"col "));
    assert!(!html.contains("id=\"layer-columns\""));
    assert!(html.contains("id=\"layer-regions\""));
}

#[test]
fn document_warnings_coverage_and_review_reasons_are_at_the_top() {
    let (extracted, inspected) = corpus();
    let html = read_html(inspected, "000_dd9dd5d9f3fd4b54");
    let top = html.split("<nav id=\"controls\">").next().unwrap();
    let coverage = plan(extracted, "000_dd9dd5d9f3fd4b54")["document"]["coverage"]
        .as_f64()
        .unwrap();
    assert!(top.contains(&format!("coverage <b>{:.1} %</b>", coverage * 100.0)));
    assert!(top.contains("needs_review: nothing"));
    assert!(top.contains("<table id=\"readings\">"));

    // A plan in which the segmenter finds nothing says so, and why.
    let dir = temp("inspect", "review");
    let text = root().join("fixtures/bad/latin1.txt");
    let r = iub(&[
        "inspect".as_ref(),
        text.as_os_str(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]);
    ok(&r);
    let html = read_html(&dir, "latin1");
    let top = html.split("<nav id=\"controls\">").next().unwrap();
    assert!(
        top.contains("<div class=\"review\"><b>needs_review</b>"),
        "{top}"
    );
    assert!(top.contains("The segmenter kept no reading"));
    // The Windows-1252 decoding is a document warning.
    assert!(top.contains("<div class=\"warnings\">"), "{top}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pages_option_draws_only_those_pages() {
    let dir = temp("inspect", "pages");
    let pdf = root().join("fixtures/pdf/000_dd9dd5d9f3fd4b54.pdf");
    ok(&iub(&[
        "inspect".as_ref(),
        pdf.as_os_str(),
        "--pages".as_ref(),
        "2-4".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]));
    let html = read_html(&dir, "000_dd9dd5d9f3fd4b54");
    assert_eq!(attribute_values(&html, "data-page"), ["2", "3", "4"]);
    assert_eq!(html.matches("<svg ").count(), 3);

    let r = iub(&[
        "inspect".as_ref(),
        pdf.as_os_str(),
        "--pages".as_ref(),
        "4-2".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(
        r.status.code(),
        Some(2),
        "a backwards range is a usage error"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_inputs_are_drawn_as_their_line_grid() {
    let dir = temp("inspect", "text");
    let seed = root().join("fixtures/seeds/002_09609c45e4b02379.txt");
    ok(&iub(&[
        "inspect".as_ref(),
        seed.as_os_str(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]));
    let extracted = temp("inspect", "text-extract");
    ok(&iub(&[
        "extract".as_ref(),
        seed.as_os_str(),
        "--out".as_ref(),
        extracted.as_os_str(),
        "--quiet".as_ref(),
    ]));
    let html = read_html(&dir, "002_09609c45e4b02379");
    // One grid row per line the layout stage made of each page.
    let text = iub(&["text".as_ref(), "--json".as_ref(), seed.as_os_str()]);
    ok(&text);
    let laid_out: Value = serde_json::from_slice(&text.stdout).unwrap();
    let lines: usize = laid_out["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["lines"].as_array().unwrap().len())
        .sum();
    assert!(lines > 100);
    assert_eq!(html.matches("<text class=\"lineno\"").count(), lines);
    assert!(html.contains("id=\"layer-grid\""));
    let ids = ids_in_plan(&plan(&extracted, "002_09609c45e4b02379"));
    assert_eq!(attribute_values(&html, "data-record-id"), ids);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&extracted);
}

#[test]
fn a_broken_file_is_named_and_the_others_are_inspected() {
    let dir = temp("inspect", "broken");
    let bad = root().join("fixtures/bad/truncated.pdf");
    let good = root().join("fixtures/pdf/003_23c55e2100791a7b.pdf");
    let r = iub(&[
        "inspect".as_ref(),
        bad.as_os_str(),
        good.as_os_str(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("truncated.pdf"), "{err}");
    assert!(dir.join("003_23c55e2100791a7b.html").exists());
    assert!(!dir.join("truncated.html").exists());
    // An --out that is a file is a setup error, not a document's.
    let file = dir.join("003_23c55e2100791a7b.html");
    let r = iub(&[
        "inspect".as_ref(),
        good.as_os_str(),
        "--out".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&r.stderr).contains("--out"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The size in pixels pdftoppm gives a page of `points` at 96 dpi.
fn pixels(points: f64) -> u32 {
    (points * 96.0 / 72.0).ceil() as u32
}

#[test]
fn page_image_is_an_embedded_png_of_the_page_or_a_note_why_not() {
    let dir = temp("inspect", "image");
    let pdf = root().join("fixtures/pdf/001_a06a560caf5de8c2.pdf");
    let args = [
        "inspect".as_ref(),
        pdf.as_os_str(),
        "--page-image".as_ref(),
        "--pages".as_ref(),
        "2".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ];
    if Path::new("/usr/bin/pdftoppm").exists() {
        ok(&iub(&args));
        let html = read_html(&dir, "001_a06a560caf5de8c2");
        // 841.89 × 595.304 pt (pdfinfo) at 96 dpi.
        let (w, h) = (pixels(841.89), pixels(595.304));
        assert_eq!(attribute_values(&html, "data-pixels"), [format!("{w}x{h}")]);
        let b64 = html
            .split("href=\"data:image/png;base64,")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        let png = decode_base64(b64);
        let image = decode_png(&png);
        assert_eq!((image.width, image.height), (w, h));
        // A page with a table on it: dark pixels, not a blank sheet.
        assert!(image.dark_share() > 0.005, "{}", image.dark_share());
        assert!(html.contains("id=\"layer-image\""));
    }
    // Without pdftoppm on PATH: the page all the same, and a note why.
    let r = Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args)
        .env("PATH", "")
        .output()
        .unwrap();
    ok(&r);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("pdftoppm not found"), "{err}");
    let html = read_html(&dir, "001_a06a560caf5de8c2");
    assert!(!html.contains("<image"));
    assert!(html.contains("inspect: no page image: pdftoppm not found"));
    assert_eq!(attribute_values(&html, "data-page"), ["2"]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let n = data
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | value(c) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..data.len()]);
    }
    out
}

/// An 8-bit, non-interlaced PNG (greyscale, RGB or RGBA), decoded.
struct Image {
    width: u32,
    height: u32,
    channels: usize,
    pixels: Vec<u8>,
}

impl Image {
    fn pixel(&self, i: usize) -> &[u8] {
        &self.pixels[i * self.channels..(i + 1) * self.channels]
    }

    fn count(&self) -> usize {
        (self.width * self.height) as usize
    }

    /// Share of pixels darker than light grey (colour channels only).
    fn dark_share(&self) -> f64 {
        let colour = self.channels.min(3);
        let dark = (0..self.count())
            .filter(|&i| self.pixel(i)[..colour].iter().any(|&v| v < 160))
            .count();
        dark as f64 / self.count() as f64
    }

    fn distinct_colours(&self) -> usize {
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..self.count() {
            seen.insert(self.pixel(i).to_vec());
        }
        seen.len()
    }
}

fn decode_png(png: &[u8]) -> Image {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let mut at = 8;
    let (mut width, mut height, mut channels) = (0, 0, 0);
    let mut idat = Vec::new();
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap());
                height = u32::from_be_bytes(data[4..8].try_into().unwrap());
                assert_eq!(data[8], 8, "8-bit");
                assert_eq!(data[12], 0, "not interlaced");
                channels = match data[9] {
                    0 => 1,
                    2 => 3,
                    4 => 2,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width as usize * channels;
    let mut pixels = vec![0u8; stride * height as usize];
    for y in 0..height as usize {
        let row = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let (filter, data) = (row[0], &row[1..]);
        for x in 0..stride {
            let a = if x >= channels {
                pixels[y * stride + x - channels]
            } else {
                0
            };
            let b = if y > 0 {
                pixels[(y - 1) * stride + x]
            } else {
                0
            };
            let c = if y > 0 && x >= channels {
                pixels[(y - 1) * stride + x - channels]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("filter {other}"),
            };
            pixels[y * stride + x] = data[x].wrapping_add(predicted);
        }
    }
    Image {
        width,
        height,
        channels,
        pixels,
    }
}

const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium with a fresh profile; its stdout, or a panic
/// after two minutes (the child is killed, not left behind).
fn chromium(scratch: &Path, name: &str, extra: &[&str], url: &str) -> String {
    let profile = scratch.join(format!("profile-{name}"));
    let stdout_path = scratch.join(format!("{name}.stdout"));
    let stdout = std::fs::File::create(&stdout_path).unwrap();
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium timed out on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "chromium failed on {url}: {status}");
    std::fs::read_to_string(&stdout_path).unwrap()
}

/// A 1400 × 1000 screenshot of `url`.
fn screenshot(scratch: &Path, name: &str, url: &str) -> PathBuf {
    let png = scratch.join(format!("{name}.png"));
    chromium(
        scratch,
        name,
        &[
            format!("--screenshot={}", png.display()).as_str(),
            "--window-size=1400,1000",
        ],
        url,
    );
    png
}

fn browser() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    // CI installs chromium and sets IUB_REQUIRE_BROWSER: there a missing
    // browser is a failure, not a skip.
    assert!(
        std::env::var_os("IUB_REQUIRE_BROWSER").is_none(),
        "{CHROMIUM} is required (IUB_REQUIRE_BROWSER is set)"
    );
    println!("notice: {CHROMIUM} not found; skipping the browser test (.ci/run installs it)");
    false
}

#[test]
fn in_headless_chromium_records_layers_and_a_click_work() {
    if !browser() {
        return;
    }
    let (extracted, inspected) = corpus();
    let scratch = temp("inspect", "chromium");
    let stem = "000_dd9dd5d9f3fd4b54";
    let ids = ids_in_plan(&plan(extracted, stem));
    let url = format!(
        "file://{}",
        inspected.join(format!("{stem}.html")).display()
    );

    // The DOM as the browser built it: one record box per intervention.
    let dom = chromium(&scratch, "dom", &["--dump-dom"], &url);
    assert_eq!(attribute_values(&dom, "data-record-id"), ids);
    assert!(dom.contains("Region Gotland"), "decoded as UTF-8");
    assert!(!dom.contains("<pre id=\"selftest\">"));

    let dom = chromium(
        &scratch,
        "selftest",
        &["--dump-dom"],
        &format!("{url}#selftest"),
    );
    let report = dom
        .split("<pre id=\"selftest\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .expect("selftest report");
    println!("selftest report:\n{report}");
    assert!(report.contains(&format!("record boxes: {}\n", ids.len())));
    let mut layers: BTreeMap<String, String> = BTreeMap::new();
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("layer ") {
            let (key, what) = rest.split_once(": ").unwrap();
            layers.insert(key.to_string(), what.to_string());
        }
    }
    // 000 is a ruled grid with running headers and no shading: these
    // switches at least, each hiding a group on every one of its 13 pages.
    for key in [
        "rulings",
        "furniture",
        "words",
        "regions",
        "columns",
        "rows",
        "records",
    ] {
        assert!(layers.contains_key(key), "no switch for {key}: {report}");
    }
    for (key, what) in &layers {
        assert!(
            what.ends_with(
                "groups, visible true, hidden after click true, visible after second click true"
            ),
            "{key}: {what}"
        );
        let groups: usize = what.split(' ').next().unwrap().parse().unwrap();
        assert!(groups >= 13, "{key}: {what}");
    }
    assert!(report.contains(&format!("clicked {}: shows {}", ids[0], ids[0])));

    // A screenshot of the plan as it opens: not blank. (Headless Chromium
    // paints a screenshot of a page that scrolled while loading only in
    // part, so this one does not select a record.)
    let png = screenshot(&scratch, "screenshot", &url);
    let image = decode_png(&std::fs::read(&png).unwrap());
    assert_eq!((image.width, image.height), (1400, 1000));
    assert!(
        image.dark_share() > 0.02,
        "screenshot nearly blank: {}",
        image.dark_share()
    );
    assert!(
        image.distinct_colours() > 50,
        "{}",
        image.distinct_colours()
    );

    // docs/inspect.png: 001's first page (an eight-column grid) with its
    // second record selected, which is in view without scrolling.
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let dir = scratch.join("docs");
        // Run from the repository, so the page names the plan as a reader
        // of the README would type it.
        ok(&Command::new(env!("CARGO_BIN_EXE_iub"))
            .current_dir(root())
            .args([
                "inspect",
                "fixtures/pdf/001_a06a560caf5de8c2.pdf",
                "--pages",
                "1",
            ])
            .arg("--out")
            .arg(&dir)
            .output()
            .unwrap());
        let url = format!(
            "file://{}#record=001_a06a560caf5de8c2-002",
            dir.join("001_a06a560caf5de8c2.html").display()
        );
        let png = screenshot(&scratch, "docs", &url);
        std::fs::copy(&png, root().join("docs/inspect.png")).unwrap();
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
