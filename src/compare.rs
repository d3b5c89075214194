//! `iub compare OUT`: reads a finished batch (`OUT/<stem>.json`) and writes a
//! cross-municipality comparison beside it: `comparison.csv` (long rows, one
//! per municipality × key × value) and `comparison.html` (one self-contained
//! page: summary, matrices as inline SVG, sortable and filterable tables).
//!
//! Both files are byte-identical for the same inputs: no timestamps, no
//! paths, no hash-map iteration order.

use crate::batch::write_atomic;
use crate::classify::municipality::Registry;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// Categories in the order of `fixtures/ANNOTATION.md`; "unclassified" is
/// a null category. Values outside the list follow, sorted.
pub const CATEGORIES: [&str; 9] = [
    "advice",
    "counselling",
    "group",
    "meeting_place",
    "treatment",
    "home_care",
    "coordination",
    "other",
    UNCLASSIFIED,
];

/// Documentation regimes, from the strictest; "unclassified" is a null regime.
pub const REGIMES: [&str; 6] = [
    "full",
    "advice_exempt",
    "identity_exempt",
    "conditional",
    "unspecified",
    UNCLASSIFIED,
];

pub const UNCLASSIFIED: &str = "unclassified";

/// A comparison that could not be made, naming the file at fault.
#[derive(Debug)]
pub struct CompareError {
    pub file: PathBuf,
    pub reason: String,
}

impl CompareError {
    fn new(file: &Path, reason: impl Into<String>) -> Self {
        CompareError {
            file: file.to_path_buf(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.reason)
    }
}

impl std::error::Error for CompareError {}

/// One intervention, reduced to what the comparison shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub category: String,
    pub regime: String,
    pub legal_basis: String,
    pub reason: String,
    pub audiences: Vec<String>,
    pub programmes: Vec<String>,
    /// Where it starts: page, and the input file as given (for the link).
    pub page: Option<u64>,
    pub source_path: String,
    /// Classified field → the phrase that decided it, as printed.
    pub evidence: Vec<(String, String)>,
}

/// All plans of one municipality (usually one plan).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The issuer, else the registry name of the first code, else the file.
    pub label: String,
    /// Codes of all its plans, in first-seen order.
    pub codes: Vec<String>,
    /// County of the first code, when the registry knows it.
    pub county: Option<String>,
    /// SCB's names of the codes ("Ragunda", …): a county plan's kommuner.
    pub names: Vec<String>,
    pub sources: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Group {
    /// Interventions per regime.
    pub fn by_regime(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.entries {
            *counts.entry(e.regime.as_str()).or_insert(0) += 1;
        }
        counts
    }

    /// Count of interventions per key (category or programme) and regime.
    fn tally(&self, keys: impl Fn(&Entry) -> Vec<&str>) -> BTreeMap<(&str, &str), usize> {
        let mut counts = BTreeMap::new();
        for e in &self.entries {
            for k in keys(e) {
                *counts.entry((k, e.regime.as_str())).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// The batch, grouped by municipality in the order of the first plan's file name.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub groups: Vec<Group>,
    pub documents: usize,
}

impl Comparison {
    pub fn interventions(&self) -> usize {
        self.groups.iter().map(|g| g.entries.len()).sum()
    }

    /// Categories present, in canonical order, unknown ones after.
    fn categories(&self) -> Vec<String> {
        ordered(
            &CATEGORIES,
            self.groups
                .iter()
                .flat_map(|g| g.entries.iter().map(|e| e.category.as_str())),
        )
    }

    /// Regime columns: all canonical ones (a zero is worth seeing), unknown after.
    fn regimes(&self) -> Vec<String> {
        let present = ordered(
            &REGIMES,
            self.groups
                .iter()
                .flat_map(|g| g.entries.iter().map(|e| e.regime.as_str())),
        );
        let mut all: Vec<String> = REGIMES.iter().map(|r| (*r).to_string()).collect();
        all.extend(
            present
                .into_iter()
                .filter(|r| !REGIMES.contains(&r.as_str())),
        );
        all
    }

    /// Programmes present, sorted by name.
    fn programmes(&self) -> Vec<String> {
        ordered(
            &[],
            self.groups
                .iter()
                .flat_map(|g| g.entries.iter().flat_map(|e| e.programmes.iter()))
                .map(String::as_str),
        )
    }
}

/// `canonical` values that occur, in that order, then any others sorted.
fn ordered<'a>(canonical: &[&str], present: impl Iterator<Item = &'a str>) -> Vec<String> {
    let present: std::collections::BTreeSet<&str> = present.collect();
    let mut out: Vec<String> = canonical
        .iter()
        .filter(|c| present.contains(*c))
        .map(|c| (*c).to_string())
        .collect();
    out.extend(
        present
            .iter()
            .filter(|p| !canonical.contains(p))
            .map(|p| (*p).to_string()),
    );
    // Readers expect "Barnbyrån" before "BRA-samtal": case-insensitive, with
    // the exact string breaking ties so the order stays total.
    out[canonical.iter().filter(|c| present.contains(*c)).count()..]
        .sort_by_key(|p| (p.to_lowercase(), p.clone()));
    out
}

/// What `run` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub municipalities: usize,
    pub interventions: usize,
}

/// Reads `out`, writes `out/comparison.csv` and `out/comparison.html`.
pub fn run(out: &Path) -> Result<Summary, CompareError> {
    let comparison = load(out)?;
    let csv = render_csv(&comparison).map_err(|e| CompareError::new(out, e.to_string()))?;
    let html = render_html(&comparison);
    for (name, bytes) in [
        ("comparison.csv", csv.as_slice()),
        ("comparison.html", html.as_bytes()),
    ] {
        let target = out.join(name);
        write_atomic(&target, bytes).map_err(|e| CompareError::new(&target, e.to_string()))?;
    }
    Ok(Summary {
        documents: comparison.documents,
        municipalities: comparison.groups.len(),
        interventions: comparison.interventions(),
    })
}

/// Reads the plan JSONs of the batch in `out`: the `<stem>.json` files its
/// `summary.json` lists, or, in a folder no `iub extract` wrote (no such
/// list), every plan JSON there (a file with `document` and
/// `interventions`); sorted by file name.
pub fn load(out: &Path) -> Result<Comparison, CompareError> {
    let mut files = Vec::new();
    match crate::batch::read_batch_record(out) {
        Some(record) if record.status == "running" => {
            return Err(CompareError::new(
                out,
                "its batch did not finish (summary.json says running): run iub extract again with --resume".to_string(),
            ));
        }
        Some(record) => files.extend(record.outputs.iter().map(|n| out.join(n))),
        None => {
            let dir = std::fs::read_dir(out).map_err(|e| CompareError::new(out, e.to_string()))?;
            for entry in dir {
                let path = entry
                    .map_err(|e| CompareError::new(out, e.to_string()))?
                    .path();
                let is_json = path.extension().is_some_and(|x| x == "json");
                // summary.json is the batch's counts, not a plan.
                if is_json
                    && path.file_name().is_some_and(|n| n != "summary.json")
                    && path.is_file()
                {
                    files.push(path);
                }
            }
        }
    }
    files.sort();

    let mut groups: Vec<Group> = Vec::new();
    let mut documents = 0;
    for path in &files {
        let bytes = std::fs::read(path).map_err(|e| CompareError::new(path, e.to_string()))?;
        let json: Value = serde_json::from_slice(&bytes)
            .map_err(|e| CompareError::new(path, format!("not JSON: {e}")))?;
        let (Some(document), Some(interventions)) =
            (json.get("document"), json.get("interventions"))
        else {
            continue; // some other JSON file, not a plan
        };
        let plan = read_plan(path, document, interventions)?;
        documents += 1;
        match groups.iter_mut().find(|g| g.label == plan.label) {
            Some(g) => {
                for c in plan.codes {
                    if !g.codes.contains(&c) {
                        g.codes.push(c);
                    }
                }
                g.sources.extend(plan.sources);
                g.entries.extend(plan.entries);
                if g.county.is_none() {
                    g.county = plan.county;
                }
                for n in plan.names {
                    if !g.names.contains(&n) {
                        g.names.push(n);
                    }
                }
            }
            None => groups.push(plan),
        }
    }
    if documents == 0 {
        return Err(CompareError::new(
            out,
            "no plan JSON files (run `iub extract … --out` into this directory first)",
        ));
    }
    Ok(Comparison { groups, documents })
}

fn read_plan(path: &Path, document: &Value, interventions: &Value) -> Result<Group, CompareError> {
    let bad = |what: &str| CompareError::new(path, what.to_string());
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = text(document.get("source_file")).unwrap_or(stem);
    let codes = strings(document.get("municipality_codes"))
        .ok_or_else(|| bad("document.municipality_codes is not a list of strings"))?;
    let registry = Registry::bundled();
    let first = codes.first().and_then(|c| registry.by_code(c));
    // A plan for several kommuner of one county (Jämtlands län's joint
    // services) is labelled by the county, not by its first kommun.
    let whole_county = first.filter(|m| {
        codes.len() > 1
            && codes.len() == registry.county_kommuner(&m.county_code).len()
            && codes.iter().all(|c| {
                registry
                    .by_code(c)
                    .is_some_and(|k| k.county_code == m.county_code)
            })
    });
    // The issuer (as printed, or the manifest's); else SCB's name for the
    // codes; the file only when nothing names the plan's owner.
    let label = text(document.get("issuer"))
        .or_else(|| whole_county.map(|m| m.county_name.clone()))
        .or_else(|| {
            codes
                .first()
                .and_then(|c| crate::classify::manifest::issuer_of(registry, c))
        })
        .unwrap_or_else(|| source.clone());
    let county = first.map(|m| m.county_name.clone());
    let names: Vec<String> = codes
        .iter()
        .filter_map(|c| registry.by_code(c).map(|m| m.name.clone()))
        .collect();
    let source_path = text(document.get("source_path")).unwrap_or_else(|| source.clone());

    let list = interventions
        .as_array()
        .ok_or_else(|| bad("interventions is not a list"))?;
    let mut entries = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let at = |field: &str| bad(&format!("interventions[{i}].{field} has the wrong type"));
        let tg = item.get("target_group");
        let doc = item.get("documentation");
        entries.push(Entry {
            id: text(item.get("id")).unwrap_or_default(),
            name: text(item.get("name")).unwrap_or_default(),
            provider: text(item.get("provider")).unwrap_or_default(),
            category: text(item.get("category")).unwrap_or_else(|| UNCLASSIFIED.into()),
            regime: text(doc.and_then(|d| d.get("regime"))).unwrap_or_else(|| UNCLASSIFIED.into()),
            legal_basis: text(doc.and_then(|d| d.get("legal_basis"))).unwrap_or_default(),
            reason: text(doc.and_then(|d| d.get("reason"))).unwrap_or_default(),
            audiences: strings(tg.and_then(|t| t.get("audiences")))
                .ok_or_else(|| at("target_group.audiences"))?,
            // Older outputs have no `programmes`: an empty list.
            programmes: strings(item.get("programmes")).ok_or_else(|| at("programmes"))?,
            page: item
                .get("source")
                .and_then(|s| s.get("page"))
                .and_then(Value::as_u64),
            source_path: source_path.clone(),
            evidence: item
                .get("evidence")
                .and_then(Value::as_object)
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(Group {
        label,
        codes,
        county,
        names,
        sources: vec![source],
        entries,
    })
}

/// A non-empty string value; null, missing and "" are all "none".
fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A list of strings; missing or null is empty, anything else malformed is `None`.
fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect(),
        Some(_) => None,
    }
}

/// `municipality,codes,kind,key,value,count`: one row per municipality ×
/// key × value with a count above zero.
pub fn render_csv(c: &Comparison) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["municipality", "codes", "kind", "key", "value", "count"])?;
    let categories = c.categories();
    let programmes = c.programmes();
    let regimes = c.regimes();
    for g in &c.groups {
        let codes = g.codes.join("|");
        let by_category = g.tally(|e| vec![e.category.as_str()]);
        let by_programme = g.tally(|e| e.programmes.iter().map(String::as_str).collect());
        for (kind, keys, counts) in [
            ("category_regime", &categories, &by_category),
            ("programme", &programmes, &by_programme),
        ] {
            for key in keys {
                for regime in &regimes {
                    let n = counts
                        .get(&(key.as_str(), regime.as_str()))
                        .copied()
                        .unwrap_or(0);
                    if n > 0 {
                        w.write_record([&g.label, &codes, kind, key, regime, &n.to_string()])?;
                    }
                }
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Escapes text for HTML element content and quoted attribute values (and
/// SVG, which is XML).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Swedish labels of the enumeration codes (`docs/codebook.md`); the code
/// itself is shown in the label's tooltip.
pub fn label(code: &str) -> &str {
    match code {
        "full" => "Full dokumentation (14 kap. 3 §)",
        "advice_exempt" => "Undantag, rådgivning (14 kap. 4 §)",
        "identity_exempt" => "Nämndens undantag (14 kap. 5 §)",
        "conditional" => "Undantag upp till en gräns",
        "unspecified" => "Ej angivet",
        "advice" => "Rådgivning",
        "counselling" => "Stödsamtal",
        "group" => "Gruppverksamhet",
        "meeting_place" => "Mötesplats",
        "treatment" => "Behandling",
        "home_care" => "Hemtjänst",
        "coordination" => "Samordning",
        "other" => "Övrigt",
        "anonymity" => "Anonymitet",
        "not_needed" => "Inte behövligt",
        "children" => "barn",
        "youth" => "unga",
        "adults" => "vuxna",
        "elderly" => "äldre",
        "parents" => "föräldrar",
        "relatives" => "anhöriga",
        "families" => "familjer",
        "couples" => "par",
        "victims" => "våldsutsatta",
        "perpetrators" => "våldsutövare",
        "professionals" => "yrkesverksamma",
        UNCLASSIFIED => "Ej klassad",
        other => other,
    }
}

/// A code as its Swedish label with the code in the tooltip.
fn labelled(code: &str) -> String {
    format!("<span title=\"{}\">{}</span>", esc(code), esc(label(code)))
}

/// A whole-number percentage of `n` in `total` ("34 %"; Swedish spacing).
fn share(n: usize, total: usize) -> String {
    if total == 0 {
        return "–".to_string();
    }
    format!("{} %", (n * 100 + total / 2) / total)
}

const STYLE: &str = r#"
:root { --accent: #1f5f99; --line: #d6dbe1; --muted: #5b6672; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 0 auto; padding: 1.5rem 2rem 4rem; max-width: 1400px; color: #1b232b; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
p.note, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; cursor: pointer; user-select: none; }
.scroll { overflow-x: auto; }
th:focus { outline: 2px solid var(--accent); outline-offset: -2px; }
th[aria-sort="ascending"]::after { content: " \25B2"; }
th[aria-sort="descending"]::after { content: " \25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num .pct { color: var(--muted); font-size: .85em; margin-left: .3em; }
#summary { font-size: 13px; }
#summary th, #summary td { padding: .3rem .4rem; }
tbody tr:nth-child(even) { background: #f8fafc; }
.controls { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; padding: .6rem .8rem;
            background: #f3f6f9; border: 1px solid var(--line); border-radius: 6px; position: sticky; top: 0; z-index: 2; }
.controls input[type=search] { min-width: 18rem; padding: .3rem .5rem; font: inherit; }
.controls select, .controls button { padding: .3rem; font: inherit; }
.shown { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; padding: 0 .35rem; border-radius: 3px; font-size: .85rem; white-space: nowrap; }
.r-full { background: #fde2e1; } .r-advice_exempt { background: #e1f0fd; }
.r-identity_exempt { background: #e3f6e3; } .r-conditional { background: #fff1d6; }
.r-unspecified, .r-unclassified { background: #ececec; }
.legend { display: flex; gap: .8rem; flex-wrap: wrap; align-items: center; margin: .3rem 0 .8rem; font-size: .9rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; vertical-align: -.2em; margin-right: .3em; border: 1px solid var(--line); }
.kommuner { color: var(--muted); font-size: .9rem; }
details.evidence summary { cursor: pointer; color: var(--accent); }
details.evidence dl { margin: .3rem 0 0; font-size: .85rem; }
details.evidence dt { font-weight: 600; }
details.evidence dd { margin: 0 0 .2rem .5rem; }
svg { display: block; max-width: 100%; height: auto; margin: .5rem 0 1rem; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
"#;

/// Sorting, filtering, CSV export and the `#selftest` hook. Data never
/// enters the script: it reads the DOM, so escaping the HTML is enough.
const SCRIPT: &str = r#"
(function () {
  'use strict';
  var collator = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });
  function value(row, i) {
    var c = row.cells[i];
    if (!c) return '';
    return c.hasAttribute('data-sort') ? c.getAttribute('data-sort') : c.textContent.trim();
  }
  function sortBy(th) {
    var table = th.closest('table');
    var tbody = table.tBodies[0];
    var cells = th.parentNode.cells;
    var i = Array.prototype.indexOf.call(cells, th);
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    for (var k = 0; k < cells.length; k++) cells[k].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(tbody.rows);
    var numeric = rows.every(function (r) { var v = value(r, i); return v !== '' && !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = value(a, i), y = value(b, i);
      var d = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return asc ? d : -d;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    th.tabIndex = 0;
    th.addEventListener('click', function () { sortBy(th); });
    th.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(th); }
    });
  });

  var query = document.getElementById('filter');
  var regime = document.getElementById('regime-filter');
  var category = document.getElementById('category-filter');
  var municipality = document.getElementById('municipality-filter');
  function applyFilter() {
    var q = query.value.trim().toLowerCase();
    var r = regime.value, c = category.value, m = municipality.value;
    var total = 0;
    document.querySelectorAll('section.municipality').forEach(function (s) {
      var inPlace = !m || s.getAttribute('data-group') === m;
      var shown = 0, rows = s.querySelectorAll('table.interventions tbody tr');
      rows.forEach(function (row) {
        var ok = inPlace &&
                 (!q || row.textContent.toLowerCase().indexOf(q) >= 0) &&
                 (!r || row.getAttribute('data-regime') === r) &&
                 (!c || row.getAttribute('data-category') === c);
        row.hidden = !ok;
        if (ok) shown++;
      });
      s.hidden = !inPlace;
      total += shown;
      var out = s.querySelector('.shown');
      if (out) out.textContent = shown + ' av ' + rows.length + ' visas';
    });
    document.getElementById('shown-total').textContent = total + ' insatser visas';
    return total;
  }
  [query].forEach(function (e) { e.addEventListener('input', applyFilter); });
  [regime, category, municipality].forEach(function (e) { e.addEventListener('change', applyFilter); });

  // The shown rows as CSV: codes, not labels, so the file joins the dataset.
  function field(v) { return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function shownCsv() {
    var lines = ['municipality,id,name,provider,category,documentation_regime,documentation_legal_basis,documentation_reason,audiences,programmes,page'];
    document.querySelectorAll('section.municipality').forEach(function (s) {
      s.querySelectorAll('table.interventions tbody tr').forEach(function (row) {
        if (row.hidden) return;
        var d = function (k) { return row.getAttribute('data-' + k) || ''; };
        lines.push([s.getAttribute('data-municipality'), row.id, d('name'), d('provider'), d('category'),
                    d('regime'), d('basis'), d('reason'), d('audiences'), d('programmes'), d('page')]
                   .map(field).join(','));
      });
    });
    return lines.join('\n') + '\n';
  }
  document.getElementById('export').addEventListener('click', function () {
    var a = document.createElement('a');
    a.href = 'data:text/csv;charset=utf-8,' + encodeURIComponent('\ufeff' + shownCsv());
    a.download = 'insatser-urval.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  applyFilter();

  // Lets a headless browser check the page without a driver: load the page
  // with #selftest and read pre#selftest from the dumped DOM.
  if (location.hash === '#selftest') {
    var lines = [];
    var th = document.querySelector('#summary th[data-key="interventions"]');
    th.click();
    var i = Array.prototype.indexOf.call(th.parentNode.cells, th);
    var rows = Array.prototype.slice.call(document.querySelectorAll('#summary tbody tr'));
    lines.push('sort ' + th.getAttribute('aria-sort') + ': ' +
               rows.map(function (r) { return value(r, i); }).join(','));
    lines.push('order: ' + rows.map(function (r) { return r.cells[0].textContent.trim(); }).join(' | '));
    query.value = 'ABC';
    lines.push('filter ABC: ' + applyFilter());
    query.value = '';
    regime.value = 'full';
    lines.push('regime full: ' + applyFilter());
    regime.value = '';
    category.value = 'group';
    lines.push('category group: ' + applyFilter());
    municipality.value = 'm0';
    lines.push('category group in m0: ' + applyFilter());
    var csv = shownCsv().trim().split('\n');
    lines.push('export rows: ' + (csv.length - 1));
    lines.push('export header: ' + csv[0]);
    category.value = '';
    lines.push('municipality m0: ' + applyFilter());
    municipality.value = '';
    lines.push('all: ' + applyFilter());
    lines.push('export all rows: ' + (shownCsv().trim().split('\n').length - 1));
    var pre = document.createElement('pre');
    pre.id = 'selftest';
    pre.textContent = lines.join('\n');
    document.body.appendChild(pre);
  }
})();
"#;

/// The whole page.
pub fn render_html(c: &Comparison) -> String {
    let regimes = c.regimes();
    let categories = c.categories();
    let programmes = c.programmes();
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>Insatser utan behovsprövning: jämförelse</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(
        h,
        "<h1>Insatser utan individuell behovsprövning: jämförelse</h1>\n\
         <p class=\"note\">{} planer, {} kommuner och regioner, {} insatser. \
         Klicka på en kolumnrubrik för att sortera; filtren gäller insatstabellerna, \
         och det filtrerade urvalet kan sparas som CSV. Koderna (som i interventions.csv) \
         visas när muspekaren hålls över en etikett.</p>",
        c.documents,
        c.groups.len(),
        c.interventions()
    );

    h.push_str("<div class=\"controls\">\n<label>Sök <input id=\"filter\" type=\"search\" placeholder=\"namn, utförare, målgrupp, program…\" autocomplete=\"off\"></label>\n");
    select(
        &mut h,
        "regime-filter",
        "Dokumentation",
        regimes.iter().map(|r| (r.clone(), label(r).to_string())),
    );
    select(
        &mut h,
        "category-filter",
        "Kategori",
        categories.iter().map(|k| (k.clone(), label(k).to_string())),
    );
    select(
        &mut h,
        "municipality-filter",
        "Kommun",
        c.groups
            .iter()
            .enumerate()
            .map(|(n, g)| (format!("m{n}"), g.label.clone())),
    );
    h.push_str("<button id=\"export\" type=\"button\">Spara urvalet som CSV</button>\n<span id=\"shown-total\" class=\"shown\"></span>\n</div>\n");

    summary_table(&mut h, c, &regimes);

    h.push_str("<h2 id=\"category-regime\">Kategori × dokumentation</h2>\n\
                <p class=\"note\">Antal insatser per kategori och dokumentationsform, med andelen av kategorins insatser.</p>\n");
    category_regime(&mut h, c, &categories, &regimes);

    h.push_str("<h2 id=\"categories\">Kategorier × kommuner</h2>\n");
    matrix(&mut h, c, &categories, "categories", |e| {
        vec![e.category.as_str()]
    });
    h.push_str("<h2 id=\"programmes\">Namngivna program × kommuner</h2>\n");
    if programmes.is_empty() {
        h.push_str("<p class=\"note\">Inga namngivna program i dessa planer.</p>\n");
    } else {
        matrix(&mut h, c, &programmes, "programmes", |e| {
            e.programmes.iter().map(String::as_str).collect()
        });
    }

    h.push_str("<h2 id=\"interventions\">Insatser per kommun</h2>\n");
    regime_legend(&mut h, &regimes);
    for (n, g) in c.groups.iter().enumerate() {
        intervention_section(&mut h, n, g);
    }
    h.push_str("<script>");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

fn select(h: &mut String, id: &str, name: &str, options: impl Iterator<Item = (String, String)>) {
    let _ = write!(
        h,
        "<label>{name} <select id=\"{id}\"><option value=\"\">alla</option>"
    );
    for (value, text) in options {
        let _ = write!(
            h,
            "<option value=\"{}\" title=\"{}\">{}</option>",
            esc(&value),
            esc(&value),
            esc(&text)
        );
    }
    h.push_str("</select></label>\n");
}

/// What the regime colours mean.
fn regime_legend(h: &mut String, regimes: &[String]) {
    h.push_str("<div class=\"legend\" id=\"regime-legend\"><strong>Dokumentation:</strong>");
    for r in regimes {
        let _ = write!(
            h,
            "<span class=\"tag r-{code}\" title=\"{code}\">{}</span>",
            esc(label(r)),
            code = esc(r)
        );
    }
    h.push_str("</div>\n");
}

/// What a matrix cell's shade means: from none to the largest count.
fn shade_legend(h: &mut String, max: usize) {
    h.push_str("<div class=\"legend\"><strong>Antal:</strong>");
    let _ = write!(
        h,
        "<span><span class=\"swatch\" style=\"background:{}\"></span>0</span>",
        fill(0, max)
    );
    for step in [0.25, 0.5, 0.75, 1.0] {
        let n = ((max as f64) * step).round().max(1.0) as usize;
        let _ = write!(
            h,
            "<span><span class=\"swatch\" style=\"background:{}\"></span>{n}</span>",
            fill(n, max)
        );
    }
    h.push_str("</div>\n");
}

/// A cell's shade for `n` of at most `max`.
fn fill(n: usize, max: usize) -> String {
    if n == 0 {
        return "#f4f6f8".to_string();
    }
    let alpha = 0.12 + 0.88 * (n as f64 / max.max(1) as f64);
    format!("rgba(31,95,153,{alpha:.3})")
}

fn summary_table(h: &mut String, c: &Comparison, regimes: &[String]) {
    h.push_str("<h2 id=\"summary-heading\">Översikt</h2>\n\
                <p class=\"note\">Insatser per dokumentationsform, med andelen av kommunens insatser.</p>\n\
                <div class=\"scroll\"><table id=\"summary\" class=\"sortable\">\n<thead><tr>");
    h.push_str("<th scope=\"col\" data-key=\"municipality\">kommun / region</th><th scope=\"col\" data-key=\"codes\">koder</th><th scope=\"col\" data-key=\"county\">län</th><th scope=\"col\" data-key=\"plans\">planer</th><th scope=\"col\" data-key=\"interventions\">insatser</th>");
    for r in regimes {
        let _ = write!(
            h,
            "<th scope=\"col\" data-key=\"{code}\" title=\"{code}\">{}</th>",
            esc(label(r)),
            code = esc(r)
        );
    }
    h.push_str("<th scope=\"col\" data-key=\"programmes\">med namngivet program</th></tr></thead>\n<tbody>\n");
    for (n, g) in c.groups.iter().enumerate() {
        let by_regime = g.by_regime();
        let named: usize = g
            .entries
            .iter()
            .filter(|e| !e.programmes.is_empty())
            .count();
        let total = g.entries.len();
        let _ = write!(
            h,
            "<tr><td data-sort=\"{label}\"><a href=\"#m{n}\">{label}</a>{kommuner}</td><td title=\"{all_codes}\">{codes}</td><td>{county}</td>\
             <td title=\"{sources}\" class=\"num\">{plans}</td><td class=\"num\">{total}</td>",
            label = esc(&g.label),
            kommuner = kommuner(g),
            codes = esc(&short_codes(&g.codes)),
            all_codes = esc(&g.codes.join(", ")),
            county = esc(g.county.as_deref().unwrap_or("")),
            sources = esc(&g.sources.join(", ")),
            plans = g.sources.len(),
        );
        for r in regimes {
            let k = by_regime.get(r.as_str()).copied().unwrap_or(0);
            let _ = write!(
                h,
                "<td class=\"num\" data-sort=\"{k}\">{k}<span class=\"pct\">{}</span></td>",
                share(k, total)
            );
        }
        let _ = writeln!(
            h,
            "<td class=\"num\" data-sort=\"{named}\">{named}<span class=\"pct\">{}</span></td></tr>",
            share(named, total)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
}

/// A plan for several kommuner (a county's joint services) names them all.
fn kommuner(g: &Group) -> String {
    if g.names.len() > 1 {
        format!("<div class=\"kommuner\">{}</div>", esc(&g.names.join(", ")))
    } else {
        String::new()
    }
}

/// Categories (rows) × regimes (columns) over all plans: count, share of
/// the category's interventions, shaded by count.
fn category_regime(h: &mut String, c: &Comparison, categories: &[String], regimes: &[String]) {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in c.groups.iter().flat_map(|g| g.entries.iter()) {
        *counts
            .entry((e.category.as_str(), e.regime.as_str()))
            .or_insert(0) += 1;
    }
    let max = counts.values().copied().max().unwrap_or(0);
    let all = c.interventions();
    h.push_str("<div class=\"scroll\"><table id=\"category-regime-matrix\">\n<thead><tr><th scope=\"col\">kategori</th>");
    for r in regimes {
        let _ = write!(
            h,
            "<th scope=\"col\" title=\"{code}\"><span class=\"tag r-{code}\">{}</span></th>",
            esc(label(r)),
            code = esc(r)
        );
    }
    h.push_str("<th scope=\"col\">totalt</th></tr></thead>\n<tbody>\n");
    for k in categories {
        let row_total: usize = regimes
            .iter()
            .map(|r| counts.get(&(k.as_str(), r.as_str())).copied().unwrap_or(0))
            .sum();
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", labelled(k));
        for r in regimes {
            let n = counts.get(&(k.as_str(), r.as_str())).copied().unwrap_or(0);
            let ink = if n > 0 && 0.12 + 0.88 * (n as f64 / max.max(1) as f64) > 0.55 {
                "#ffffff"
            } else {
                "#1b232b"
            };
            let _ = write!(
                h,
                "<td class=\"num\" data-category=\"{kc}\" data-regime=\"{rc}\" style=\"background:{bg};color:{ink}\" \
                 title=\"{kl} · {rl}: {n} av {row_total} ({pct} av kategorin, {pct_all} av alla)\">{n}<span class=\"pct\" style=\"color:{ink}\">{pct}</span></td>",
                kc = esc(k),
                rc = esc(r),
                bg = fill(n, max),
                kl = esc(label(k)),
                rl = esc(label(r)),
                pct = share(n, row_total),
                pct_all = share(n, all),
            );
        }
        let _ = writeln!(
            h,
            "<td class=\"num\">{row_total}<span class=\"pct\">{}</span></td></tr>",
            share(row_total, all)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    shade_legend(h, max);
}

/// Keys (rows) × municipalities (columns) as an SVG grid, each cell shaded
/// by its count relative to the largest, with the number and a tooltip
/// giving the share and the regimes behind it.
fn matrix(
    h: &mut String,
    c: &Comparison,
    keys: &[String],
    id: &str,
    of: impl Fn(&Entry) -> Vec<&str>,
) {
    const LEFT: usize = 170;
    const TOP: usize = 130;
    const CELL_W: usize = 104;
    const CELL_H: usize = 30;
    let tallies: Vec<_> = c.groups.iter().map(|g| g.tally(&of)).collect();
    let count = |col: usize, key: &str| -> (usize, Vec<(&str, usize)>) {
        let mut total = 0;
        let mut split = Vec::new();
        for ((k, r), n) in &tallies[col] {
            if *k == key {
                total += n;
                split.push((*r, *n));
            }
        }
        (total, split)
    };
    let max = (0..c.groups.len())
        .flat_map(|col| keys.iter().map(move |k| (col, k)))
        .map(|(col, k)| count(col, k).0)
        .max()
        .unwrap_or(0)
        .max(1);
    let width = LEFT + CELL_W * c.groups.len() + 10;
    let height = TOP + CELL_H * keys.len() + 10;
    let _ = writeln!(
        h,
        "<svg id=\"matrix-{id}\" class=\"matrix\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{id} per kommun\">"
    );
    for (col, g) in c.groups.iter().enumerate() {
        // Rotated, so long names fit without widening every column.
        let x = LEFT + col * CELL_W + CELL_W / 2;
        let _ = writeln!(
            h,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-35 {x} {y})\" font-size=\"12\">{}<title>{}</title></text>",
            esc(&truncate(&g.label, 26)),
            esc(&g.label),
            y = TOP - 8,
        );
    }
    for (row, key) in keys.iter().enumerate() {
        let y = TOP + row * CELL_H;
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}<title>{}</title></text>",
            LEFT - 8,
            y + CELL_H / 2 + 4,
            esc(&truncate(label(key), 24)),
            esc(key)
        );
        for (col, g) in c.groups.iter().enumerate() {
            let (n, split) = count(col, key);
            let x = LEFT + col * CELL_W;
            let alpha = 0.12 + 0.88 * (n as f64 / max as f64);
            let ink = if n == 0 {
                "#9aa4ae"
            } else if alpha > 0.55 {
                "#ffffff"
            } else {
                "#1b232b"
            };
            let detail: Vec<String> = split
                .iter()
                .map(|(r, k)| format!("{} {k}", label(r)))
                .collect();
            let _ = writeln!(
                h,
                "<g><title>{}: {} {} av {} ({}){}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{hh}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"/>\
                 <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"13\" fill=\"{ink}\">{n}</text></g>",
                esc(&g.label),
                esc(label(key)),
                n,
                g.entries.len(),
                esc(&share(n, g.entries.len())),
                if detail.is_empty() { String::new() } else { esc(&format!(" – {}", detail.join(", "))) },
                fill = fill(n, max),
                w = CELL_W,
                hh = CELL_H,
                tx = x + CELL_W / 2,
                ty = y + CELL_H / 2 + 5,
            );
        }
    }
    h.push_str("</svg>\n");
    shade_legend(h, max);
}

/// A joint plan of eight kommuner would stretch the summary: show three
/// codes and how many more (all of them are in the cell's title).
fn short_codes(codes: &[String]) -> String {
    if codes.len() <= 3 {
        codes.join(", ")
    } else {
        format!("{} +{}", codes[..3].join(", "), codes.len() - 3)
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The fields whose evidence a row shows, with Swedish names.
const EVIDENCE_FIELDS: &[(&str, &str)] = &[
    ("documentation.regime", "dokumentation"),
    ("documentation.legal_basis", "lagrum"),
    ("documentation.reason", "skäl"),
    ("category", "kategori"),
    ("target_group.ages", "ålder"),
    ("residency_required", "folkbokföring"),
    ("guardian_consent", "samtycke"),
    ("needs_assessed", "behovsprövning"),
    ("programmes", "program"),
];

fn intervention_section(h: &mut String, n: usize, g: &Group) {
    let _ = writeln!(
        h,
        "<section class=\"municipality\" id=\"m{n}\" data-group=\"m{n}\" data-municipality=\"{label}\">\n\
         <h3>{label} <span class=\"muted\">({codes})</span></h3>{kommuner}\n\
         <p class=\"note\">{plans}: {sources} · <span class=\"shown\"></span></p>",
        label = esc(&g.label),
        kommuner = kommuner(g),
        codes = if g.codes.is_empty() {
            "ingen kommunkod".to_string()
        } else {
            esc(&g.codes.join(", "))
        },
        plans = if g.sources.len() == 1 {
            "Plan"
        } else {
            "Planer"
        },
        sources = esc(&g.sources.join(", ")),
    );
    h.push_str("<div class=\"scroll\"><table class=\"sortable interventions\">\n<thead><tr>");
    for col in [
        "namn",
        "utförare",
        "kategori",
        "dokumentation",
        "lagrum",
        "skäl",
        "målgrupper",
        "program",
        "sida",
        "underlag",
    ] {
        let _ = write!(h, "<th scope=\"col\">{col}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for e in &g.entries {
        let page = e.page.map(|p| p.to_string()).unwrap_or_default();
        // The page in the plan: a PDF viewer opens the file at #page=N.
        let page_link = match e.page {
            Some(p) => format!(
                "<a href=\"{}#page={p}\" title=\"{}, sida {p}\">s. {p}</a>",
                esc(&e.source_path),
                esc(&e.source_path)
            ),
            None => String::new(),
        };
        let evidence: Vec<String> = EVIDENCE_FIELDS
            .iter()
            .filter_map(|(k, name)| {
                e.evidence.iter().find(|(f, _)| f == k).map(|(_, v)| {
                    format!("<dt title=\"{}\">{name}</dt><dd>{}</dd>", esc(k), esc(v))
                })
            })
            .collect();
        let evidence = if evidence.is_empty() {
            String::new()
        } else {
            format!(
                "<details class=\"evidence\"><summary>visa</summary><dl>{}</dl></details>",
                evidence.concat()
            )
        };
        let audiences: Vec<&str> = e.audiences.iter().map(|a| label(a)).collect();
        let _ = writeln!(
            h,
            "<tr class=\"intervention\" id=\"{id}\" data-regime=\"{regime}\" data-category=\"{category}\" \
             data-name=\"{name}\" data-provider=\"{provider}\" data-basis=\"{basis}\" data-reason=\"{reason}\" \
             data-audiences=\"{audience_codes}\" data-programmes=\"{programmes_codes}\" data-page=\"{page}\">\
             <td>{name}</td><td>{provider}</td><td>{category_label}</td>\
             <td><span class=\"tag r-{regime}\" title=\"{regime}\">{regime_label}</span></td><td>{basis}</td>\
             <td>{reason_label}</td><td title=\"{audience_codes}\">{audiences}</td><td>{programmes}</td>\
             <td data-sort=\"{page}\">{page_link}</td><td>{evidence}</td></tr>",
            id = esc(&e.id),
            regime = esc(&e.regime),
            category = esc(&e.category),
            name = esc(&e.name),
            provider = esc(&e.provider),
            category_label = labelled(&e.category),
            regime_label = esc(label(&e.regime)),
            basis = esc(&e.legal_basis),
            reason = esc(&e.reason),
            reason_label = if e.reason.is_empty() { String::new() } else { labelled(&e.reason) },
            audience_codes = esc(&e.audiences.join("|")),
            audiences = esc(&audiences.join(", ")),
            programmes_codes = esc(&e.programmes.join("|")),
            programmes = esc(&e.programmes.join(", ")),
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}
