//! Held-out plans kept as regression fixtures (fixtures/heldout/README.md):
//! each reads as its gold says, record for record.

mod common;

use common::{interventions, names, plan_of, root};
use serde_json::Value;

fn gold(stem: &str) -> Value {
    let path = root().join(format!("fixtures/heldout/{stem}.gold.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The plan a held-out PDF gives.
fn plan(stem: &str) -> Value {
    plan_of(&root().join(format!("fixtures/heldout/{stem}.pdf")))
}

/// (name, section) of each record, in order.
fn named_sections(v: &Value) -> Vec<(String, String)> {
    interventions(v)
        .iter()
        .map(|i| {
            let text = |k: &str| i[k].as_str().unwrap_or_default().to_string();
            (text("name"), text("section"))
        })
        .collect()
}

#[test]
fn group_headings_run_over_a_column_start_are_sections_not_records() {
    let stem = "h-f6-07-chromium-gs";
    let v = plan(stem);
    let expected = named_sections(&gold(stem));
    assert_eq!(named_sections(&v), expected);
    assert!(expected
        .iter()
        .any(|(_, section)| section == "Insatser för barn, unga och familjer"));
}

#[test]
fn labels_at_page_edges_and_label_like_headings_stay_in_the_body() {
    let stem = "h-f5-05-wkhtmltopdf";
    let v = plan(stem);
    assert_eq!(names(&v), names(&gold(stem)));
    let furniture = v["document"]["furniture"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        !furniture
            .iter()
            .any(|f| f["text"] == "Om insatsen" || f["text"] == "Så dokumenterar vi"),
        "{furniture:?}"
    );
}

#[test]
fn tables_stacked_a_few_points_apart_keep_their_own_columns() {
    let stem = "h-f1-02-reportlab-seed3";
    let v = plan(stem);
    assert_eq!(names(&v), names(&gold(stem)));
    // The first table's rows, lost before.
    let first = &interventions(&v)[0];
    assert_eq!(first["name"], "Gruppverksamhet");
    assert_eq!(first["source"]["page"], 1);
    // The row cut by the page foot keeps its documentation's last lines,
    // printed alone at the foot of page 1 and on top of page 2.
    let psykosocial = interventions(&v)
        .iter()
        .find(|i| i["name"] == "Psykosocial behandling Gruppverksamhet")
        .unwrap();
    let doc = psykosocial["documentation"]["text"].as_str().unwrap();
    assert!(doc.contains("personuppgifter bedöms obehövliga"), "{doc}");
}

#[test]
fn numbered_lines_over_a_hanging_indent_are_items_not_headings() {
    let stem = "h-f3-05-reportlab-seed4";
    let v = plan(stem);
    assert_eq!(names(&v), names(&gold(stem)));
    let first = &interventions(&v)[0];
    assert_eq!(
        first["name"],
        "Informationssamtal för adoptionsintresserade"
    );
    assert_eq!(first["section"], "Familj och föräldraskap");
    assert_eq!(first["documentation"]["regime"], "advice_exempt");
}

#[test]
fn a_ruled_table_cut_off_at_the_page_edge_is_one_table() {
    let stem = "h-f1-02-pdflatex-gs-seed4";
    let v = plan(stem);
    let expected = names(&gold(stem));
    let found = names(&v);
    let shared = found.iter().filter(|n| expected.contains(n)).count();
    assert_eq!(
        (expected.len(), found.len(), shared),
        (17, 16, 16),
        "{found:?}"
    );
    // One grid a page, of five columns (the cut-off one included), where
    // each row had been a grid of its own. The pages do not join yet, and
    // the columns are typed by their cells.
    let readings = v["document"]["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 4);
    assert!(readings
        .iter()
        .all(|r| r["columns"].as_array().map(Vec::len) == Some(5)));
}

#[test]
fn stacked_tables_whose_headers_wrap_apart_keep_their_own_columns() {
    let stem = "h-f2-01-reportlab-seed4";
    let v = plan(stem);
    assert_eq!(names(&v), names(&gold(stem)));
    let fossam = interventions(&v)
        .iter()
        .find(|i| i["name"] == "FOSSAM")
        .unwrap();
    assert_eq!(fossam["section"], "2. Familj och föräldraskap");
    assert_eq!(fossam["documentation"]["regime"], "advice_exempt");
}
