//! `iub compare` end to end: the real pipeline on the corpus plans, then the
//! comparison; comparison.csv checked against the plan JSONs, the page
//! checked for escaping and self-containment, and rendered in headless
//! Chromium (sorting and filtering exercised through the page's `#selftest`
//! hook) when /usr/bin/chromium exists.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;
use common::{root, temp};

fn iub(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args)
        .output()
        .unwrap()
}

fn compare(dir: &Path) -> std::process::Output {
    iub(&["compare".as_ref(), dir.as_os_str()])
}

/// `iub extract fixtures/pdf` then `iub compare`, once for all tests.
fn batch() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp("compare", "batch");
        let pdf = root().join("fixtures/pdf");
        let r = iub(&[
            "extract".as_ref(),
            pdf.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--quiet".as_ref(),
        ]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let r = compare(&out);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        out
    })
}

/// The plan JSONs as the comparison should see them: (label, codes, interventions).
fn plans(dir: &Path) -> Vec<(String, Vec<String>, Vec<Value>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n != "summary.json")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            let doc = &v["document"];
            let codes: Vec<String> = doc["municipality_codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            // The labels as a reader of the plans names them: the issuer,
            // the county for Jämtland's joint plan, the file for 001.
            let source = doc["source_file"].as_str().unwrap();
            let label = match &source[..3] {
                "000" => "Region Gotland",
                "001" => "001_a06a560caf5de8c2.pdf",
                "002" => "Alingsås kommun",
                "003" => "Jämtlands län",
                "004" => "Sala kommun",
                other => panic!("unexpected plan {other}"),
            }
            .to_string();
            (label, codes, v["interventions"].as_array().unwrap().clone())
        })
        .collect()
}

fn or_unclassified(v: &Value) -> String {
    v.as_str().unwrap_or("unclassified").to_string()
}

type Rows = BTreeMap<(String, String, String, String), u64>;

fn csv_rows(dir: &Path) -> (Rows, BTreeMap<String, String>) {
    let mut rdr = csv::Reader::from_path(dir.join("comparison.csv")).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["municipality", "codes", "kind", "key", "value", "count"]
    );
    let mut rows = Rows::new();
    let mut codes = BTreeMap::new();
    for rec in rdr.records() {
        let r = rec.unwrap();
        let count: u64 = r[5].parse().unwrap();
        assert!(count > 0, "zero row: {r:?}");
        let key = (
            r[0].to_string(),
            r[2].to_string(),
            r[3].to_string(),
            r[4].to_string(),
        );
        assert!(rows.insert(key, count).is_none(), "duplicate row: {r:?}");
        codes.insert(r[0].to_string(), r[1].to_string());
    }
    (rows, codes)
}

#[test]
fn csv_counts_match_the_plan_outputs() {
    let dir = batch();
    let (rows, codes) = csv_rows(dir);

    // Interventions per municipality, read off the outputs of the five plans.
    let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
    for ((m, kind, _, _), n) in &rows {
        if kind == "category_regime" {
            *totals.entry(m.as_str()).or_default() += n;
        }
    }
    let expected: BTreeMap<&str, u64> = [
        ("Region Gotland", 35),
        ("001_a06a560caf5de8c2.pdf", 20), // no issuer, no code in the text
        ("Alingsås kommun", 21),
        ("Jämtlands län", 18), // joint plan of all eight Jämtland kommuner
        ("Sala kommun", 34),
    ]
    .into_iter()
    .collect();
    assert_eq!(totals, expected);
    assert_eq!(codes["Sala kommun"], "1981");
    assert_eq!(codes["Region Gotland"], "0980");
    assert_eq!(codes["001_a06a560caf5de8c2.pdf"], "");
    assert_eq!(
        codes["Jämtlands län"],
        "2303|2305|2309|2313|2321|2326|2361|2380"
    );
    let get = |m: &str, kind: &str, k: &str, v: &str| {
        rows.get(&(m.into(), kind.into(), k.into(), v.into()))
            .copied()
    };
    assert_eq!(
        get("Sala kommun", "category_regime", "group", "identity_exempt"),
        Some(10)
    );
    assert_eq!(
        get("Region Gotland", "category_regime", "home_care", "full"),
        Some(4)
    );
    assert_eq!(
        get(
            "001_a06a560caf5de8c2.pdf",
            "category_regime",
            "advice",
            "conditional"
        ),
        Some(6)
    );

    // Every row, recomputed independently from the plan JSONs.
    let mut recomputed = Rows::new();
    for (label, _, interventions) in plans(dir) {
        for i in interventions {
            let regime = or_unclassified(&i["documentation"]["regime"]);
            let cat = or_unclassified(&i["category"]);
            *recomputed
                .entry((label.clone(), "category_regime".into(), cat, regime.clone()))
                .or_default() += 1;
            for p in i["programmes"].as_array().into_iter().flatten() {
                let p = p.as_str().unwrap().to_string();
                *recomputed
                    .entry((label.clone(), "programme".into(), p, regime.clone()))
                    .or_default() += 1;
            }
        }
    }
    assert_eq!(rows, recomputed);
}

#[test]
fn outputs_are_byte_identical_across_runs_and_directories() {
    let dir = batch();
    let csv = std::fs::read(dir.join("comparison.csv")).unwrap();
    let html = std::fs::read(dir.join("comparison.html")).unwrap();

    // The same plans elsewhere (and without the other batch files).
    let copy = temp("compare", "copy");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "summary.json" {
            std::fs::copy(&p, copy.join(&name)).unwrap();
        }
    }
    assert!(compare(&copy).status.success());
    assert!(compare(&copy).status.success());
    assert_eq!(std::fs::read(copy.join("comparison.csv")).unwrap(), csv);
    assert_eq!(std::fs::read(copy.join("comparison.html")).unwrap(), html);
    let _ = std::fs::remove_dir_all(&copy);
}

#[test]
fn page_is_self_contained() {
    let html = std::fs::read_to_string(batch().join("comparison.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    // The SVG namespace is an identifier, not a fetch.
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for needle in [
        "http:", "https:", "//cdn", "<link", "src=", "@import", "url(",
    ] {
        assert!(!without_ns.contains(needle), "page references {needle}");
    }
    assert_eq!(html.matches("<section class=\"municipality\"").count(), 5);
    assert_eq!(html.matches("<svg id=\"matrix-").count(), 2);
    // The category × regime matrix, legends, Swedish labels with the codes
    // in tooltips, and each intervention linked to its page.
    assert!(html.contains("<table id=\"category-regime-matrix\">"));
    assert!(html.contains("id=\"regime-legend\""));
    assert!(html.contains("title=\"identity_exempt\">Nämndens undantag (14 kap. 5 §)</span>"));
    assert!(html.contains("<span title=\"home_care\">Hemtjänst</span>"));
    // (Städning, 000's first row, starts on page 1.)
    assert!(html.contains("000_dd9dd5d9f3fd4b54.pdf#page=1\""));
    // Jämtland's joint plan names its eight kommuner.
    assert!(html.contains("Ragunda, Bräcke, Krokom, Strömsund, Åre, Berg, Härjedalen, Östersund"));
}

/// One plan JSON with the given intervention names (and no `programmes`
/// key, as outputs from before programmes were detected).
fn write_plan(dir: &Path, stem: &str, issuer: &str, names: &[&str]) {
    let interventions: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            serde_json::json!({
                "id": format!("{stem}-{:03}", i + 1),
                "name": n,
                "provider": "Råd & stöd <\"Familjen\">",
                "category": null,
                "target_group": {"audiences": ["parents"], "problem_areas": []},
                "documentation": {"regime": "advice_exempt", "legal_basis": "14:4", "reason": "advice"}
            })
        })
        .collect();
    let plan = serde_json::json!({
        "document": {"source_file": format!("{stem}.pdf"), "issuer": issuer,
                     "municipality_codes": [], "layout": "table"},
        "interventions": interventions
    });
    std::fs::write(dir.join(format!("{stem}.json")), plan.to_string()).unwrap();
}

#[test]
fn names_are_escaped_and_missing_programmes_are_empty() {
    let dir = temp("compare", "escape");
    let nasty = "Samtal ”Föräldrastöd” & \"ABC\" <script>alert('x')</script>";
    write_plan(&dir, "a", "Ö & <Kommun>", &[nasty, "Öppen förskola"]);
    std::fs::write(dir.join("summary.json"), "{\"documents\": 1}").unwrap();
    std::fs::write(dir.join("notes.json"), "{\"other\": true}").unwrap();
    let r = compare(&dir);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));

    let html = std::fs::read_to_string(dir.join("comparison.html")).unwrap();
    assert!(html.contains(
        "Samtal ”Föräldrastöd” &amp; &quot;ABC&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    ));
    assert!(html.contains("Råd &amp; stöd &lt;&quot;Familjen&quot;&gt;"));
    assert!(html.contains("data-municipality=\"Ö &amp; &lt;Kommun&gt;\""));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<Kommun>"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(html.contains("Inga namngivna program"));

    let csv = std::fs::read_to_string(dir.join("comparison.csv")).unwrap();
    assert_eq!(
        csv,
        "municipality,codes,kind,key,value,count\n\
         Ö & <Kommun>,,category_regime,unclassified,advice_exempt,2\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_plan_is_an_error_naming_the_file() {
    let dir = temp("compare", "broken");
    write_plan(&dir, "a", "Sala kommun", &["Råd"]);
    std::fs::write(dir.join("b.json"), "{\"document\": ").unwrap();
    let r = compare(&dir);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("b.json") && err.contains("not JSON"), "{err}");

    std::fs::write(
        dir.join("b.json"),
        r#"{"document": {}, "interventions": [{"programmes": "ABC"}]}"#,
    )
    .unwrap();
    let err = String::from_utf8_lossy(&compare(&dir).stderr).into_owned();
    assert!(
        err.contains("b.json") && err.contains("interventions[0].programmes"),
        "{err}"
    );

    let empty = temp("compare", "empty");
    let err = String::from_utf8_lossy(&compare(&empty).stderr).into_owned();
    assert!(err.contains("no plan JSON files"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&empty);
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

#[test]
fn page_renders_sorts_and_filters_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        // CI installs chromium and sets IUB_REQUIRE_BROWSER: there a missing
        // browser is a failure, not a skip.
        assert!(
            std::env::var_os("IUB_REQUIRE_BROWSER").is_none(),
            "{CHROMIUM} is required (IUB_REQUIRE_BROWSER is set)"
        );
        println!("notice: {CHROMIUM} not found; skipping the browser test (.ci/run installs it)");
        return;
    }
    let dir = batch();
    let plans = plans(dir);
    let url = format!("file://{}", dir.join("comparison.html").display());
    let scratch = temp("compare", "chromium");

    let dom = chromium(&scratch, "dom", &["--dump-dom"], &url);
    assert!(dom.contains("<table id=\"summary\""), "no summary table");
    let summary = dom
        .split("<table id=\"summary\"")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .unwrap();
    assert_eq!(summary.matches("<tr>").count(), 1 + 5, "header + 5 rows");
    let sections: Vec<&str> = dom
        .split("<section class=\"municipality\"")
        .skip(1)
        .collect();
    assert_eq!(sections.len(), 5);
    for ((label, _, interventions), section) in plans.iter().zip(&sections) {
        assert!(
            section.contains(&format!("data-municipality=\"{label}\"")),
            "{label}"
        );
        assert_eq!(
            section.matches("<tr class=\"intervention\"").count(),
            interventions.len(),
            "rows of {label}"
        );
    }
    // Decoded as UTF-8 (a wrong charset would give "AlingsÃ¥s"), and the
    // script ran (it fills in the counter).
    assert!(dom.contains("Alingsås kommun"));
    assert!(dom.contains("<span id=\"shown-total\" class=\"shown\">128 insatser visas</span>"));
    assert!(
        !dom.contains("<pre id=\"selftest\">"),
        "self-test ran without #selftest"
    );

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
    let line = |prefix: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {report}"))
            .to_string()
    };
    let order: Vec<usize> = line("sort ascending: ")
        .split(',')
        .map(|n| n.parse().unwrap())
        .collect();
    let mut expected: Vec<usize> = plans.iter().map(|p| p.2.len()).collect();
    expected.sort();
    assert_eq!(order, expected, "summary sorted by interventions");
    let full = plans
        .iter()
        .flat_map(|p| p.2.iter())
        .filter(|i| i["documentation"]["regime"] == "full")
        .count();
    assert_eq!(line("regime full: "), full.to_string());
    assert_eq!(line("all: "), "128");
    // Filters by category and municipality (m0: the first plan, Gotland),
    // and the filtered rows exported as CSV.
    let category = |plan: &[Value]| plan.iter().filter(|i| i["category"] == "group").count();
    let groups: usize = plans.iter().map(|p| category(&p.2)).sum();
    assert_eq!(line("category group: "), groups.to_string());
    let in_first = category(&plans[0].2);
    assert_eq!(line("category group in m0: "), in_first.to_string());
    assert_eq!(line("export rows: "), in_first.to_string());
    assert_eq!(
        line("export header: "),
        "municipality,id,name,provider,category,documentation_regime,documentation_legal_basis,documentation_reason,audiences,programmes,page"
    );
    assert_eq!(line("municipality m0: "), plans[0].2.len().to_string());
    assert_eq!(line("export all rows: "), "128");
    let abc: usize = line("filter ABC: ").parse().unwrap();
    assert!(abc > 0 && abc < 128, "filter ABC kept {abc}");

    let png = dir.join("comparison.png");
    chromium(
        &scratch,
        "screenshot",
        &[
            format!("--screenshot={}", png.display()).as_str(),
            "--window-size=1280,1600",
        ],
        &url,
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.len() > 1000 && bytes.starts_with(b"\x89PNG"),
        "{}",
        png.display()
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
