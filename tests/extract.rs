//! End to end on the corpus plans: every output validates against the JSON
//! Schema, segmentation meets its targets against the gold files, values read
//! off the plans come out, and output is byte-identical across runs.

mod common;

use common::names;
use iub::batch::{collect_inputs, run};
use iub::eval::evaluate_dirs;
use iub::limits::Limits;
use iub::pdf::default_backend;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Extracts the five corpus PDFs once for all tests of this file.
fn extracted() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("iub-extract-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let (inputs, missing) = collect_inputs(&[root().join("fixtures/pdf")]);
        assert!(missing.is_empty());
        let summary = run(&inputs, &out, default_backend(), &Limits::default()).unwrap();
        assert_eq!(summary.extracted, 5, "{:?}", summary.errors);
        out
    })
}

fn output(stem: &str) -> Value {
    let text = std::fs::read_to_string(extracted().join(format!("{stem}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_output_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let mut checked = 0;
    for entry in std::fs::read_dir(extracted()).unwrap() {
        let path = entry.unwrap().path();
        let is_plan = path.extension().is_some_and(|e| e == "json")
            && path.file_name().is_some_and(|n| n != "summary.json");
        if is_plan {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&v)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 5);
}

#[test]
fn segmentation_meets_its_targets_on_the_gold_plans() {
    let report = evaluate_dirs(&root().join("fixtures/gold"), extracted()).unwrap();
    assert_eq!(report.documents.len(), 3);
    for d in &report.documents {
        assert!(d.output_found, "{}", d.stem);
        assert!(
            d.segmentation.f1 >= 0.97,
            "{}: F1 {:.3}; missed {:?} extra {:?}",
            d.stem,
            d.segmentation.f1,
            d.missed,
            d.extra
        );
    }
    // Providers match exactly (case and diacritics folded) on the matched pairs.
    assert!(
        report.fields["provider"].accuracy() >= 0.95,
        "{:?}",
        report.fields["provider"]
    );
}

#[test]
fn gotland_rows_read_off_the_plan() {
    let v = output("000_dd9dd5d9f3fd4b54");
    assert_eq!(v["document"]["layout"], "table");
    assert_eq!(v["document"]["pages"], 13);
    let first = &v["interventions"][0];
    assert_eq!(first["id"], "000_dd9dd5d9f3fd4b54-001");
    assert_eq!(first["name"], "Städning");
    assert_eq!(first["provider"], "Hemtjänst");
    assert_eq!(
        first["section"],
        "1.1 Insatser utan behovsprövning inom Hemtjänst, OOF, Anhörigstöd och Hälsa 65+"
    );
    assert_eq!(
        first["target_group"]["text"],
        "75 +år Folkbokförd på Gotland"
    );
    assert_eq!(
        first["description"],
        "Hjälp från hemtjänst med städning av upp till två rum och kök var tredje vecka."
    );
    assert_eq!(first["cells"]["Insats"], "Städning 1 gång var tredje vecka");
    assert_eq!(first["source"]["page"], 1);
    assert!(first["documentation"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Ska dokumenteras i genomförande."));
    // A word broken at the column edge without a hyphen is joined again.
    let providers: Vec<&str> = v["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["provider"].as_str())
        .collect();
    assert!(providers.contains(&"Familjestödsenheten, Råd och stöd"));
    assert!(providers.contains(&"Nätverksteamet"));
    // The row continued over the page break 11 → 12 is one record.
    let group = v["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["name"] == "Gruppverksamhet" && i["provider"] == "Alkohol- och drogrådgivningen (ADR)"
        })
        .expect("the ADR group row");
    assert_eq!(group["source"]["page"], 11);
    assert_eq!(v["interventions"].as_array().unwrap().len(), 35);
}

#[test]
fn alingsas_sections_read_off_the_plan() {
    let v = output("002_09609c45e4b02379");
    assert_eq!(v["document"]["layout"], "sections");
    let all = names(&v);
    assert_eq!(all.len(), 21);
    assert_eq!(all[0], "Familjerådgivning");
    assert_eq!(all[20], "Beroendestöd vid Socialmedicinsk mottagning");
    let first = &v["interventions"][0];
    assert_eq!(first["section"], "3.1. Rådgivning");
    assert_eq!(
        first["target_group"]["text"],
        "Vuxna personer med samlevnadsproblem och konflikter i familjerelationer."
    );
    assert_eq!(first["cells"]["Villkor"], "Folkbokförd i Alingsås kommun.");
    assert_eq!(first["cells"]["Metod"], "-");
    let boende = v["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Anhörigstöd vid psykisk ohälsa")
        .unwrap();
    assert_eq!(boende["provider"], "Boendestödet");
}

#[test]
fn jamtland_chapters_give_the_provider() {
    let v = output("003_23c55e2100791a7b");
    let items = v["interventions"].as_array().unwrap();
    // The table of contents on page 1 lists the same headings: not records.
    assert_eq!(items.len(), 18);
    assert_eq!(items[0]["name"], "Informationssamtal");
    assert_eq!(items[0]["provider"], "Centrum mot våld");
    assert_eq!(items[0]["source"]["page"], 2);
    assert_eq!(items[10]["provider"], "Mini-Maria Jämtland Härjedalen");
    assert_eq!(items[17]["name"], "Krissamtal");
}

#[test]
fn sala_scan_rows_and_no_appendix_repeats() {
    let v = output("004_6d4ffd2d5a89017a");
    let items = v["interventions"].as_array().unwrap();
    // Bilaga 1 repeats every intervention in a risk analysis: not new ones.
    assert_eq!(items.len(), 34);
    // The OCR layer reads "ABC 3-12 ar", "Visteras stad … pa Centrum mot vald":
    // restoration gives the plan's Swedish back.
    assert_eq!(items[0]["name"], "ABC 3-12 år");
    assert_eq!(items[5]["name"], "Öppen ingång - råd och stöd (Föräldrar)");
    assert_eq!(
        items[1]["documentation"]["text"],
        "Undantag från dokumentation av personlig information enligt 14 kap 5 § då det inte är behövligt eller lämpligt för insatsen."
    );
    assert_eq!(v["document"]["restoration"]["applied"], true);
    assert_eq!(
        items[0]["provider"],
        "Social- och arbetsmarknadskontoret Sala kommun"
    );
    assert_eq!(items[33]["name"], "KAST-mottagningen");
    assert_eq!(
        items[33]["provider"],
        "Västerås stad inom Individ och familjeförvaltningen (IFF) på Centrum mot våld, CMV"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let again = std::env::temp_dir().join(format!("iub-extract-again-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&again);
    let (inputs, _) = collect_inputs(&[root().join("fixtures/pdf/001_a06a560caf5de8c2.pdf")]);
    run(&inputs, &again, default_backend(), &Limits::default()).unwrap();
    let a = std::fs::read(extracted().join("001_a06a560caf5de8c2.json")).unwrap();
    let b = std::fs::read(again.join("001_a06a560caf5de8c2.json")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_cli_runs_the_bundled_plans_and_eval_reads_them() {
    let out = std::env::temp_dir().join(format!("iub-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(["extract", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(String::from_utf8_lossy(&status.stderr).contains("extracted 5 of 5 documents"));
    assert_eq!(
        std::fs::read_to_string(out.join("errors.jsonl")).unwrap(),
        ""
    );
    let eval = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("eval")
        .arg(root().join("fixtures/gold"))
        .arg(&out)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&eval.stdout);
    assert!(report.contains("== overall"), "{report}");
    assert!(report.contains("F1 1.000"), "{report}");
}

#[test]
fn landscape_grid_units_and_rows_over_page_breaks() {
    let v = output("001_a06a560caf5de8c2");
    let items = v["interventions"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    // "Unit: Name" in one cell, and a unit repeated as the cell's first sentence.
    assert_eq!(items[6]["name"], "Råd och stödsamtal");
    assert_eq!(items[6]["provider"], "Familjestödet");
    assert_eq!(items[0]["name"], "Stödgrupper för barn/unga");
    assert_eq!(
        items[0]["provider"],
        "Grinden – stödverksamhet för barn och unga"
    );
    // "Familjerådgivningen:" at the foot of page 3, "Rådgivningssamtal" on page 4: one row.
    let row = items
        .iter()
        .find(|i| i["provider"] == "Familjerådgivningen")
        .unwrap();
    assert_eq!(row["name"], "Rådgivningssamtal");
    assert_eq!(row["source"]["page"], 3);
    // Eight columns, the multi-line headers joined back.
    let cells = row["cells"].as_object().unwrap();
    assert!(
        cells.contains_key("BEHOVSPRÖVAD INSATS IDAG Ja/Nej"),
        "{:?}",
        cells.keys()
    );
    assert!(
        cells.contains_key("DOKUMENTATION OM PERSONLIGA FÖRHÅLLANDEN"),
        "{:?}",
        cells.keys()
    );
    assert_eq!(cells["KATEGORI"], "Rådgivning");
}
