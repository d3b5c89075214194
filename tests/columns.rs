//! Tables written one column at a time (src/segment/columns.rs): Sala's
//! OCR text (fixtures/seeds/004_*.txt: on each page all the names, then
//! all the target groups, …, then all the documentation cells) and a
//! held-out TSV plan written the same way by bench/columnwise/make.py
//! (fixtures/columns/). Expected values are read off the gold files and
//! the plans' PDF (fixtures/pdf/004_*.pdf).

mod common;

use common::{find, interventions, plan_of, root};
use serde_json::Value;
use std::path::PathBuf;

fn sala_text() -> PathBuf {
    root().join("fixtures/seeds/004_6d4ffd2d5a89017a.txt")
}

fn gold(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

#[test]
fn sala_as_text_pairs_each_name_with_its_documentation_cell() {
    let v = plan_of(&sala_text());
    // The plan's table: "Medling", "Individuellt anpassad insats - KAA",
    // "Familjerådgivning", "Nätverksmöte" on one page, their documentation
    // cells four columns later, in the same order.
    let medling = find(&v, "Medling");
    assert_eq!(medling["documentation"]["regime"], "identity_exempt");
    assert_eq!(medling["documentation"]["legal_basis"], "14:5");
    let kaa = find(&v, "Individuellt anpassad insats - KAA");
    assert_eq!(kaa["documentation"]["regime"], "full");
    assert_eq!(kaa["documentation"]["legal_basis"], "14:3");
    let familj = find(&v, "Familjerådgivning");
    assert_eq!(familj["documentation"]["regime"], "advice_exempt");
    assert_eq!(familj["documentation"]["legal_basis"], "14:4");
    // "Skuldrådgivning och" / "skuldsanering": "Full dokumentation enligt
    // SoL 14 kap 3§ i systemet BOSS".
    let skuld = find(&v, "Skuldrådgivning och skuldsanering");
    assert_eq!(skuld["documentation"]["regime"], "full");
    // Target groups from the cell that opens "Målgrupp:", the label left
    // out: "Målgrupp: Insatsen är främst avsedd för lagöverträdare …".
    assert!(medling["target_group"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Insatsen är främst avsedd för lagöverträdare under 21 år"));
    // The record starts at the name's line in the file (line 736).
    assert_eq!(medling["source"]["lines"][0], 736);
}

#[test]
fn sala_names_broken_by_blank_lines_are_one_name() {
    let v = plan_of(&sala_text());
    // "Öppen ingång - råd" / blank / "och stöd" / "(Föräldrar)" is one
    // name cell in the PDF; its documentation is "… 14 kap 4 § då Insatsen
    // är en rådgörande insats".
    let open = find(&v, "Öppen ingång - råd och stöd (Föräldrar)");
    assert_eq!(open["documentation"]["regime"], "advice_exempt");
    // "(15-21 år)" and "Provtagning/" on adjacent lines are two names.
    let prov = find(&v, "Provtagning/Drogscreening (barn och unga under 18 år)");
    assert_eq!(prov["documentation"]["regime"], "identity_exempt");
    assert_eq!(prov["documentation"]["reason"], "anonymity");
    // Names on the last table page: "Mika-mottagningen", "KAST-mottagningen".
    assert_eq!(
        find(&v, "Mika-mottagningen")["documentation"]["reason"],
        "anonymity"
    );
    // No header label or page furniture is read as a name.
    for i in interventions(&v) {
        let name = i["name"].as_str().unwrap();
        assert!(!name.contains("Utförare") && !name.contains("Dokumentation"));
        assert!(!name.starts_with("Riktlinje") && !name.starts_with("SALA KOMMUN"));
    }
}

#[test]
fn a_documentation_cell_goes_on_at_the_top_of_the_next_page() {
    let v = plan_of(&sala_text());
    // Samarbetssamtal's cell ends "Rapporteras statistik / till MFOF,
    // Myndigheten" at the bottom of one page and "för familjerätt och /
    // föräldraskapsstöd." opens the documentation column on the next.
    let text = find(&v, "Samarbetssamtal")["documentation"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.ends_with("Myndigheten för familjerätt och föräldraskapsstöd."),
        "{text}"
    );
}

#[test]
fn sala_as_text_scores_against_its_gold() {
    let v = plan_of(&sala_text());
    let g = gold("fixtures/gold/004_6d4ffd2d5a89017a.json");
    let report = iub::eval::evaluate("004", &g, Some(&v));
    // 34 interventions; "Krisstöd" is not in the OCR text at all (its row's
    // other cells are), so 33 can be found.
    assert_eq!(report.segmentation.gold, 34);
    assert!(report.segmentation.matched >= 33, "{report:?}");
    assert!(report.segmentation.f1 >= 0.95, "{report:?}");
}

#[test]
fn a_tsv_plan_written_column_by_column_reads_as_its_rows() {
    let path = root().join("fixtures/columns/h-f1-04-reportlab-colwise.txt");
    let v = plan_of(&path);
    let g = gold("fixtures/columns/h-f1-04-reportlab-colwise.json");
    // Twenty rows under "Insatsens namn | Ansvarig | Vilka kan ta del? | …".
    assert_eq!(interventions(&v).len(), 20);
    let report = iub::eval::evaluate("h-f1-04", &g, Some(&v));
    assert_eq!(report.segmentation.matched, 20, "{report:?}");
    // "Trygghetslarm" (line 23, the sixth name) is "Äldreomsorgen"'s, the
    // sixth cell under "Ansvarig", with full documentation.
    let larm = find(&v, "Trygghetslarm");
    assert_eq!(larm["provider"], "Äldreomsorgen");
    assert_eq!(larm["documentation"]["regime"], "full");
    assert_eq!(larm["source"]["lines"][0], 23);
    let mika = find(&v, "Mika-mottagningen");
    assert_eq!(mika["provider"], "Relationsvåldsenheten");
    assert_eq!(mika["documentation"]["legal_basis"], "14:5");
}
