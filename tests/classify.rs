//! Classification on the corpus plans: the gold plans meet the targets of
//! the field guide, and values a careful reader reads off the two plans
//! without gold (001, 003) come out. Each pinned value was read in the plan.

use iub::eval::evaluate_dirs;
use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::extract_file;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn plan(stem: &str) -> Value {
    let plan = extract_file(
        &root().join(format!("fixtures/pdf/{stem}.pdf")),
        default_backend(),
        &Limits::default(),
    )
    .unwrap();
    serde_json::to_value(&plan).unwrap()
}

fn out_dir() -> &'static Path {
    static OUT: OnceLock<std::path::PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("iub-classify-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let (inputs, _) = iub::batch::collect_inputs(&[root().join("fixtures/pdf")]);
        iub::batch::run(&inputs, &out, default_backend(), &Limits::default()).unwrap();
        out
    })
}

#[test]
fn documentation_and_target_fields_meet_their_targets_on_gold() {
    let report = evaluate_dirs(&root().join("fixtures/gold"), out_dir()).unwrap();
    let acc = |f: &str| report.fields[f].accuracy();
    assert!(
        acc("documentation.regime") >= 0.97,
        "{}",
        acc("documentation.regime")
    );
    assert!(
        acc("documentation.legal_basis") >= 0.97,
        "{}",
        acc("documentation.legal_basis")
    );
    assert!(
        acc("documentation.reason") >= 0.95,
        "{}",
        acc("documentation.reason")
    );
    assert!(acc("category") >= 0.90, "{}", acc("category"));
    assert!(
        acc("target_group.age_min") >= 0.95,
        "{}",
        acc("target_group.age_min")
    );
    assert!(
        acc("target_group.age_max") >= 0.95,
        "{}",
        acc("target_group.age_max")
    );
    assert!(
        acc("residency_required") >= 0.95,
        "{}",
        acc("residency_required")
    );
    assert!(
        acc("target_group.audiences") >= 0.90,
        "{}",
        acc("target_group.audiences")
    );
    for d in &report.documents {
        for field in [
            "issuer",
            "body",
            "decided",
            "valid_from",
            "reference",
            "layout",
        ] {
            assert!(d.document_fields[field], "{}: {field}", d.stem);
        }
    }
}

#[test]
fn gotland_metadata_from_header_and_margin() {
    let v = plan("000_dd9dd5d9f3fd4b54");
    let d = &v["document"];
    assert_eq!(d["issuer"], "Region Gotland");
    assert_eq!(d["body"], "Socialnämnden");
    assert_eq!(d["decided"], "2025-06-12");
    assert_eq!(d["valid_from"], "2025-07-01");
    assert_eq!(d["reference"], "SON 2025/281");
    let first = &v["interventions"][0];
    assert_eq!(first["documentation"]["regime"], "full");
    assert_eq!(first["target_group"]["age_min"], 75);
    assert_eq!(first["residency_required"], true);
    assert_eq!(
        first["evidence"]["documentation.regime"],
        "Ska dokumenteras"
    );
}

#[test]
fn landscape_grid_yes_no_columns() {
    // 001: DOKUMENTATION OM PERSONLIGA FÖRHÅLLANDEN is Ja/Nej or "Max 5 samtal …",
    // ORSAK gives the reason, BEHOVSPRÖVAD INSATS IDAG / FRÅN 1 JULI the assessment.
    let v = plan("001_a06a560caf5de8c2");
    let items = v["interventions"].as_array().unwrap();
    assert_eq!(v["document"]["reference"], "25SON70, 25SON71");
    assert_eq!(v["document"]["body"], "Socialnämnden");
    let first = &items[0]; // Grinden: Stödgrupper för barn/unga — "Nej", "Säkra anonymitet"
    assert_eq!(first["documentation"]["regime"], "identity_exempt");
    assert_eq!(first["documentation"]["reason"], "anonymity");
    // IDAG "Nej", FRÅN 1 JULI "Nej": not needs-assessed; the print stays in cells.
    assert_eq!(first["needs_assessed"], false);
    assert_eq!(first["category"], "group");
    let talks = &items[1]; // Grinden: Råd och stödsamtal — "Max 5 samtal utan dokumentation …"
    assert_eq!(talks["documentation"]["regime"], "conditional");
    assert_eq!(talks["target_group"]["age_min"], 6);
    assert_eq!(talks["target_group"]["age_max"], 20);
    let medling = &items[2]; // "Saknas skäl till dokumentation"
    assert_eq!(medling["documentation"]["reason"], "not_needed");
    assert_eq!(medling["category"], "coordination");
}

#[test]
fn jamtland_sections_cite_their_paragraphs() {
    let v = plan("003_23c55e2100791a7b");
    let items = v["interventions"].as_array().unwrap();
    // 2.1 Informationssamtal: "Enligt 14 kap 4 § SoL då samtalen är av rådgivande karaktär"
    assert_eq!(items[0]["documentation"]["regime"], "advice_exempt");
    assert_eq!(items[0]["documentation"]["legal_basis"], "14:4");
    // 2.2 Stödsamtal för våldsutsatta: 14 kap 5 §, "Villkor: 15 år och uppåt"
    assert_eq!(items[1]["documentation"]["legal_basis"], "14:5");
    assert_eq!(items[1]["target_group"]["age_min"], 15);
    // 3.3 A-CRA: documented in full under 14 kap 3 §.
    let acra = items.iter().find(|i| i["name"] == "A-CRA").unwrap();
    assert_eq!(acra["documentation"]["regime"], "full");
    assert_eq!(acra["category"], "treatment");
    // 4.1 Familjerådgivning: advice, adults.
    let fam = items
        .iter()
        .find(|i| i["name"] == "Familjerådgivning")
        .unwrap();
    assert_eq!(fam["documentation"]["regime"], "advice_exempt");
    assert_eq!(fam["target_group"]["age_min"], 18);
}

#[test]
fn sala_document_wide_rules_bind_every_row() {
    let v = plan("004_6d4ffd2d5a89017a");
    let items = v["interventions"].as_array().unwrap();
    // "Insatserna riktar sig till personer som är folkbokförda i Sala kommun"
    assert!(items.iter().all(|i| i["residency_required"] == true));
    // Komet 3-11 år: "Undantag … enligt 14 kap 5 § då det inte är behövligt eller lämpligt"
    assert_eq!(items[1]["documentation"]["regime"], "identity_exempt");
    assert_eq!(items[1]["documentation"]["reason"], "not_needed");
    assert_eq!(items[1]["documentation"]["legal_basis"], "14:5");
}

#[test]
fn a_manifest_overrides_detection_and_disagreements_are_warnings() {
    let dir = std::env::temp_dir().join(format!("iub-manifest-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = dir.join("manifest.csv");
    std::fs::write(
        &manifest,
        "path,kommunkod,date\n000_dd9dd5d9f3fd4b54.pdf,0980,2025-06-13\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(root().join("fixtures/pdf/000_dd9dd5d9f3fd4b54.pdf"))
        .arg("--out")
        .arg(&out)
        .arg("--manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("000_dd9dd5d9f3fd4b54.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        v["document"]["municipality_codes"],
        serde_json::json!(["0980"])
    );
    assert_eq!(v["document"]["decided"], "2025-06-13");
    let warnings = v["document"]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w == "manifest says decided 2025-06-13, the text says 2025-06-12"),
        "{warnings:?}"
    );
    // A manifest with an unknown code is a setup error naming the row.
    std::fs::write(&manifest, "000.pdf,9999\n").unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(["extract", "--out"])
        .arg(&out)
        .arg("--manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&run.stderr)
        .contains("manifest.csv:1: kommunkod 9999 is not in SCB's table"));
}

#[test]
fn programmes_are_detected_by_name() {
    let v = plan("003_23c55e2100791a7b");
    let items = v["interventions"].as_array().unwrap();
    let of = |name: &str| items.iter().find(|i| i["name"] == name).unwrap()["programmes"].clone();
    // "A-CRA" is its own programme and not also CRA.
    assert_eq!(of("A-CRA"), serde_json::json!(["A-CRA"]));
    assert_eq!(
        of("Funktionell familjeterapi (FFT)"),
        serde_json::json!(["FFT"])
    );
    let v = plan("001_a06a560caf5de8c2");
    let row = v["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Föräldragrupper med föräldraskapsprogram")
        .unwrap();
    // "- Trygghetscirkeln - Alla barn i centrum": one row, two programmes.
    assert_eq!(
        row["programmes"],
        serde_json::json!(["ABC", "Trygghetscirkeln"])
    );
}
