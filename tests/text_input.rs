//! Plans as text (issue 15): `pdftotext -layout` grids, one cell per line
//! (a Word form pasted into an editor), tab-separated rows, stdin, and the
//! line numbers text records carry in place of a box. Expected values are
//! read off the fixture files (fixtures/families/txt).

mod common;

use common::{find, interventions, names, plan_of, root, temp};
use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::extract;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// The plan a held-out text in fixtures/text gives.
fn text_plan(stem: &str) -> Value {
    plan_of(&root().join(format!("fixtures/text/{stem}.txt")))
}

/// That text's gold.
fn text_gold(stem: &str) -> Value {
    let path = root().join(format!("fixtures/text/{stem}.gold.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn family(stem: &str) -> Value {
    plan_of(&root().join(format!("fixtures/families/txt/{stem}.txt")))
}

fn schema_errors(v: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator.iter_errors(v).map(|e| e.to_string()).collect()
}

#[test]
fn a_layout_grid_reads_row_by_row_across_its_pages() {
    let v = family("t-f1-orebro-grid-layout");
    // Twelve rows under the header "Namn på insatsen | Ansvarig
    // verksamhet | …", repeated on each of the three pages.
    assert_eq!(interventions(&v).len(), 12);
    let inkop = find(&v, "Inköp");
    assert_eq!(inkop["provider"], "Hemtjänst");
    assert_eq!(inkop["source"]["page"], 1);
    // The row starts on line 35 of the file; text has no box.
    assert_eq!(inkop["source"]["lines"][0], 35);
    assert!(inkop["source"]["bbox"].is_null());
    // Page 2 (after the first form feed), a name wrapped over two lines.
    let budget = find(&v, "Budget- och skuldrådgivning");
    assert_eq!(budget["provider"], "Konsument- och skuldrådgivningen");
    assert_eq!(budget["source"]["page"], 2);
    assert_eq!(budget["source"]["lines"][0], 72);
    // The page footer "Bilaga 1, § 88 · 1 av 3" is furniture, in no record.
    let furniture = v["document"]["furniture"].as_array().unwrap();
    assert!(furniture
        .iter()
        .any(|f| f["text"] == "Bilaga 1, § 88 · 1 av 3" && f["kind"] == "footer"));
    assert!(interventions(&v)
        .iter()
        .all(|i| !i["source"]["raw"].as_str().unwrap().contains("Bilaga 1, §")));
    assert!(schema_errors(&v).is_empty(), "{:?}", schema_errors(&v));
}

#[test]
fn a_form_pasted_one_cell_per_line_reads_label_then_value() {
    let v = family("t-f4-jonkoping-form-cells");
    assert_eq!(interventions(&v).len(), 12);
    // Lines 8–19: "Insatsens namn" / "Städning" / "Ansvarig" / "Hemtjänst"
    // / … / "Motivering till undantag" / "–".
    let stadning = find(&v, "Städning");
    assert_eq!(stadning["provider"], "Hemtjänst");
    assert_eq!(stadning["target_group"]["text"], "75 +år");
    assert_eq!(stadning["source"]["lines"], serde_json::json!([8, 19]));
    assert_eq!(stadning["documentation"]["regime"], "full");
    assert_eq!(
        find(&v, "Aktiviteter – enstaka arrangemang")["provider"],
        "Seniorverksamheten"
    );
    assert!(schema_errors(&v).is_empty(), "{:?}", schema_errors(&v));
}

#[test]
fn a_layout_form_reads_each_line_as_label_cell_then_value_cell() {
    // `pdftotext -layout` of the f4 forms: "Insatsens namn    Städning" on
    // line 22, "Ansvarig    Hemtjänst" under it, the form ending with
    // "Motivering till undantag    –" on line 30.
    let v = family("t-f4-jonkoping-form-layout");
    assert_eq!(interventions(&v).len(), 12);
    let stadning = find(&v, "Städning");
    assert_eq!(stadning["provider"], "Hemtjänst");
    assert_eq!(stadning["target_group"]["text"], "75 +år");
    assert_eq!(stadning["source"]["lines"], serde_json::json!([22, 30]));
    assert_eq!(
        find(&v, "Aktiviteter – enstaka arrangemang")["provider"],
        "Seniorverksamheten"
    );
}

#[test]
fn a_group_row_in_layout_text_is_the_section_of_the_rows_under_it() {
    // Line 18: "Barn, unga och föräldrar" alone in the first column, right
    // above the row "Samtal för råd och stöd/ | … | Familjestödsenheten";
    // text has no bold to set the group row apart.
    let v = family("t-f6-karlstad-groups-layout");
    assert!(interventions(&v)
        .iter()
        .all(|i| i["name"] != "Barn, unga och föräldrar"));
    let samtal = interventions(&v)
        .iter()
        .find(|i| i["provider"] == "Familjestödsenheten" && i["source"]["lines"][0] == 19)
        .unwrap();
    assert_eq!(
        samtal["name"],
        "Samtal för råd och stöd/ inklusive insatser"
    );
    assert_eq!(samtal["section"], "Barn, unga och föräldrar");
}

#[test]
fn reading_order_cells_are_assigned_to_the_header_before_them() {
    // Plain pdftotext of per-area tables: "Stöd till äldre", then the
    // header "Insats" / "För vem" / "Dokumentation (SoL 14 kap.)", then
    // each row's cells one after another, blank lines between.
    let v = family("t-f2-gavle-areas-raw");
    let tvatt = find(&v, "Tvätt");
    assert_eq!(tvatt["section"], "Stöd till äldre");
    assert_eq!(
        tvatt["target_group"]["text"],
        "75 +år. Folkbokförd i Gävle kommun."
    );
    assert!(tvatt["documentation"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Ska dokumenteras i genomförande."));
    assert_eq!(tvatt["source"]["lines"], serde_json::json!([25, 35]));
    // A name over two lines ("Öppen träffpunkt" / "”Mötesplatsen Gråbo”").
    assert_eq!(
        find(&v, "Öppen träffpunkt ”Mötesplatsen Gråbo”")["target_group"]["text"],
        "Över 65+ år."
    );
}

#[test]
fn an_area_title_above_a_repeated_header_is_the_section_not_a_name() {
    // "Stöd vid missbruk och beroende" stands right above the header
    // "Insats" / "För vem" / "Dokumentation (SoL 14 kap.)" printed again
    // (line 125): it names the rows under it and is no intervention.
    let v = family("t-f2-gavle-areas-raw");
    assert!(interventions(&v)
        .iter()
        .all(|i| i["name"] != "Stöd vid missbruk och beroende"));
    let open = find(
        &v,
        "Öppen ingång - råd och stöd (Skadligt bruk och beroende)",
    );
    assert_eq!(open["section"], "Stöd vid missbruk och beroende");
    assert_eq!(open["source"]["lines"][0], 132);
    // "Barn och familj" (line 95) likewise, above the header on page 2.
    // The area titles, with no type to set them apart in text, are not
    // found as headings yet: the records carry no section.
    assert_eq!(interventions(&v).len(), 12);
}

#[test]
fn a_running_header_in_the_middle_of_a_reading_order_page_is_furniture() {
    // Plain pdftotext of fixtures/families/pdf/f6-karlstad-groups.pdf: the
    // running line "AMSN 2025/0214" stands at the top of pages 1 and 2 but
    // mid-page on page 3 (line 273), inside the rows of "Våld i nära
    // relationer".
    let v = family("t-f6-karlstad-groups-raw");
    let furniture = v["document"]["furniture"].as_array().unwrap();
    let pages: Vec<&Value> = furniture
        .iter()
        .filter(|f| f["text"] == "AMSN 2025/0214")
        .map(|f| &f["page"])
        .collect();
    assert_eq!(pages, [1, 2, 3]);
    assert!(interventions(&v).iter().all(|i| !i["source"]["raw"]
        .as_str()
        .unwrap()
        .contains("AMSN 2025/0214")));
}

#[test]
fn prose_across_the_page_after_a_reading_order_table_is_no_cell() {
    // Plain pdftotext of fixtures/families/pdf/f1-orebro-grid.pdf: the last
    // row's cells wrap at their column ("individ- och" / "verksamhetsnivå.",
    // line 299); "Socialförvaltningen redovisar uppföljningen …" (line 301)
    // runs across the page after the table.
    let v = family("t-f1-orebro-grid-raw");
    let last = interventions(&v).last().unwrap();
    assert_eq!(last["name"], "Samtal för råd och stöd/ inklusive insatser");
    assert_eq!(last["provider"], "Mini Maria");
    assert_eq!(last["source"]["lines"], serde_json::json!([276, 299]));
    assert!(!last["source"]["raw"]
        .as_str()
        .unwrap()
        .contains("Socialförvaltningen redovisar"));
}

#[test]
fn a_label_at_the_top_of_a_reading_order_page_is_no_running_header() {
    // Plain pdftotext of fixtures/families/pdf/f4-jonkoping-form.pdf: the
    // form's blocks at the top of pages 2 and 3 open with "Insatsens namn"
    // (lines 112 and 232), as every block does; the label is no page
    // header, and its block is read.
    let v = family("t-f4-jonkoping-form-raw");
    let furniture = v["document"]["furniture"].as_array().unwrap();
    assert!(furniture
        .iter()
        .all(|f| f["text"] != "Insatsens namn" && f["text"] != "Ansvarig"));
    let group = find(&v, "Psykosocial behandling Gruppverksamhet");
    assert_eq!(group["provider"], "Beroendeteamet");
    assert_eq!(group["source"]["page"], 2);
    assert_eq!(group["source"]["lines"][0], 112);
    assert_eq!(find(&v, "Samarbetssamtal")["provider"], "Familjerätten");
}

#[test]
fn tab_separated_rows_are_rows_and_tabs_are_columns() {
    let dir = temp("text-input", "tsv");
    let path = dir.join("plan.txt");
    std::fs::write(
        &path,
        "Socialnämnden\n\
         Insatser utan individuell behovsprövning\n\
         Insats\tUtförare\tMålgrupp\tDokumentation\n\
         Städning\tHemtjänst\t75 år och äldre. Folkbokförd i kommunen.\tSka dokumenteras i genomförande.\n\
         Anhöriggrupp\tAnhörigstödet\tAnhöriga till personer med demenssjukdom som vill träffa andra i samma situation.\tPersonuppgifter ska inte dokumenteras i genomförande.\n\
         Familjerådgivning\tFamiljerådgivningen\tPar och familjer.\tUndantag enligt 14 kap. 4 § socialtjänstlagen.\n",
    )
    .unwrap();
    let v = plan_of(&path);
    let rows: Vec<(String, String)> = interventions(&v)
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["provider"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Städning".to_string(), "Hemtjänst".to_string()),
            ("Anhöriggrupp".to_string(), "Anhörigstödet".to_string()),
            (
                "Familjerådgivning".to_string(),
                "Familjerådgivningen".to_string()
            ),
        ]
    );
    let grupp = find(&v, "Anhöriggrupp");
    assert_eq!(grupp["source"]["lines"], serde_json::json!([5, 5]));
    assert_eq!(
        grupp["target_group"]["text"],
        "Anhöriga till personer med demenssjukdom som vill träffa andra i samma situation."
    );
    assert_eq!(
        find(&v, "Familjerådgivning")["documentation"]["legal_basis"],
        "14:4"
    );
}

#[test]
fn text_without_structure_is_named_for_review() {
    let dir = temp("text-input", "prose");
    let path = dir.join("notes.txt");
    std::fs::write(
        &path,
        "Protokoll från nämndens sammanträde.\n\nNämnden beslutade att lägga informationen till handlingarna.\nNästa sammanträde hålls i september.\n",
    )
    .unwrap();
    let v = plan_of(&path);
    assert!(interventions(&v).is_empty());
    let review = v["document"]["needs_review"].as_array().unwrap();
    assert_eq!(review.len(), 1, "{review:?}");
    let reason = review[0].as_str().unwrap();
    assert!(reason.starts_with("no intervention table"), "{reason}");
    assert!(v["document"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w == reason));
}

fn iub(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_dash_reads_the_plan_from_stdin() {
    let text =
        std::fs::read(root().join("fixtures/families/txt/t-f4-jonkoping-form-cells.txt")).unwrap();
    let out = temp("text-input", "stdin");
    let run = iub(
        &[
            "extract",
            "-",
            "--name",
            "jonkoping",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--isolation",
            "thread",
        ],
        &text,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("jonkoping.json")).unwrap())
            .unwrap();
    assert_eq!(v["document"]["source_file"], "jonkoping.txt");
    assert_eq!(interventions(&v)[0]["id"], "jonkoping-001");
    assert_eq!(interventions(&v)[0]["name"], "Städning");

    // Without --name the stem is "stdin"; `text -` lays the text out.
    let run = iub(&["text", "-"], b"Insats   Utf\xc3\xb6rare\n");
    assert!(run.status.success());
    let shown = String::from_utf8_lossy(&run.stdout);
    assert!(shown.starts_with("== stdin"), "{shown}");
    assert!(shown.contains("Insats ┃ [x45.0] Utförare"), "{shown}");
}

#[test]
fn text_output_is_byte_identical_across_runs() {
    let path = root().join("fixtures/families/txt/t-f1-orebro-grid-layout.txt");
    let bytes = std::fs::read(&path).unwrap();
    let once = || {
        let plan = extract("a", &path, &bytes, default_backend(), &Limits::default()).unwrap();
        iub::output::to_json(&plan)
    };
    assert_eq!(once(), once());
}

#[test]
fn a_reading_order_grid_starts_its_rows_where_the_first_column_recurs() {
    // Seed 000 (Gotland) as plain reading-order text: the five-column grid
    // "Aktör | Målgrupp/kriterier | Insats | Beskrivning |
    // Dokumentation/motivering", its header repeated at page tops, rows
    // opening with the unit ("Hemtjänst", "Familjefrid", …), some lines
    // holding two cells ("Hemtjänst  75 +år"), a vertical watermark's
    // letters inside the "Nätverksmöten" row.
    let v = plan_of(&root().join("fixtures/seeds/000_dd9dd5d9f3fd4b54.txt"));
    assert_eq!(interventions(&v).len(), 35);
    let stadning = find(&v, "Städning");
    assert_eq!(stadning["provider"], "Hemtjänst");
    assert_eq!(
        stadning["section"],
        "1.1 Insatser utan behovsprövning inom Hemtjänst, OOF, Anhörigstöd och Hälsa 65+"
    );
    assert_eq!(stadning["documentation"]["regime"], "full");
    // "Hemtjänst  75 +år" / "Folkbokförd på" / "Gotland": the unit's cell
    // ends where the target group's begins.
    assert_eq!(
        stadning["target_group"]["text"],
        "75 +år Folkbokförd på Gotland"
    );
    // Printed right under the row before, with no blank line between.
    assert_eq!(find(&v, "Tvätt")["provider"], "Hemtjänst");
    assert_eq!(
        find(&v, "Aktiviteter – enstaka arrangemang")["provider"],
        "Hälsa 65+"
    );
    let lots = find(&v, "Efterlevandelots");
    assert_eq!(lots["provider"], "Anhörigstöd");
    assert_eq!(lots["documentation"]["regime"], "advice_exempt");
    let barnsamtal: Vec<&Value> = interventions(&v)
        .iter()
        .filter(|i| i["name"] == "Barnsamtal")
        .collect();
    assert_eq!(barnsamtal.len(), 2);
    assert_eq!(barnsamtal[0]["provider"], "Familjefrid");
    assert_eq!(
        barnsamtal[0]["section"],
        "1.2 Insatser utan behovsprövning inom Individ och familjeomsorgen"
    );
    assert_eq!(barnsamtal[0]["documentation"]["regime"], "identity_exempt");
    // The watermark's letters ("S", "ON", "D ok") are no intervention.
    let names: Vec<&str> = interventions(&v)
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names.iter().filter(|n| **n == "Nätverksmöten").count(), 3);
    assert!(names.iter().all(|n| n.chars().count() > 3), "{names:?}");
}

#[test]
fn each_label_of_a_layout_form_opens_its_row() {
    // `pdftotext -layout` of a label | value form with labels wrapped over
    // two lines ("Villkor för" / "deltagande", "Beslut om" /
    // "dokumentation"): a short label under a longer one ("Insatsens namn"
    // / "Målgrupp") is a row of its own, not the longer one's wrapped end.
    let block = |name: &str, unit: &str, decision: &str, motive: &str, page_break: bool| {
        let mut s = format!(
            "  Insatsens namn             {name}\n  Målgrupp                   Vuxna från 18 år som behöver stöd i vardagen och\n                             som själva söker sig till verksamheten.\n  Villkor för                Folkbokförd i kommunen\n  deltagande\n  Ansvarig                   {unit}\n  Beslut om                  {decision}\n  dokumentation\n"
        );
        if page_break {
            s.push_str("\n\nSocialnämnden                                                      1\n\u{c}Socialnämnden                                                2025-05-10\n\n\n");
        }
        s.push_str(&format!("  Motiv för undantag         {motive}\n\n"));
        s
    };
    let text = format!(
        "Socialnämnden\n\nÖppna insatser enligt 11 kap. 5 § socialtjänstlagen\n\n{}{}{}{}",
        block(
            "Budgetrådgivning",
            "Skuldrådgivningen",
            "Undantag enligt 14 kap. 4 §.",
            "Insatsen är rådgivande.",
            false
        ),
        block(
            "Anhöriggrupp",
            "Anhörigstödet",
            "Undantag enligt 14 kap. 5 §.",
            "-",
            true
        ),
        block(
            "Boendecoachning",
            "Bostadsenheten",
            "Ska dokumenteras i genomförande.",
            "-",
            false
        ),
        block(
            "Samtalsstöd",
            "Familjeenheten",
            "Undantag enligt 14 kap. 5 §.",
            "Målgruppen behöver vara anonym.",
            false
        ),
    );
    let v = plan_of_text("form-page-break", &text);
    assert_eq!(
        names(&v),
        [
            "Budgetrådgivning",
            "Anhöriggrupp",
            "Boendecoachning",
            "Samtalsstöd"
        ]
    );
    let coach = find(&v, "Boendecoachning");
    assert_eq!(coach["provider"], "Bostadsenheten");
    assert_eq!(coach["documentation"]["regime"], "full");
    assert_eq!(
        find(&v, "Anhöriggrupp")["documentation"]["regime"],
        "identity_exempt"
    );
}

#[test]
fn a_layout_form_block_cut_by_a_page_break_stays_a_form() {
    // fixtures/text/README.md: page 3 opens with the last row of a block
    // ("Motiv för undantag  -") over the next block's label lines; read as
    // a grid header they made a record of every line below them.
    let (v, gold) = (
        text_plan("h-f4-04-chromium-layout"),
        text_gold("h-f4-04-chromium-layout"),
    );
    assert_eq!(names(&v), names(&gold));
    let grief = find(&v, "Sorgbearbetning individuellt");
    assert_eq!(grief["provider"], "Alkohol- och drogrådgivningen (ADR)");
    assert_eq!(grief["documentation"]["regime"], "identity_exempt");
}

#[test]
fn a_layout_header_that_fills_its_columns_is_no_part_of_the_first_row() {
    // fixtures/text/README.md: the header labels fill their narrow columns
    // ("Vem ger insatsen?"), so the first row's cells looked like their
    // wrapped ends and header and first row read as one row of no header.
    let v = plan_of(&root().join("fixtures/text/h-f1-06-libreoffice-layout.txt"));
    let stadning = find(&v, "Städning");
    assert_eq!(stadning["provider"], "Hemtjänst");
    assert_eq!(stadning["target_group"]["text"], "75 +år");
    assert_eq!(stadning["documentation"]["regime"], "full");
    assert_eq!(
        find(&v, "Gruppverksamhet anhöriga")["provider"],
        "Mini Maria"
    );
    assert_eq!(find(&v, "Anhörigstöd - grupp")["provider"], "Våldsteamet");
}

/// A four-column reading-order grid's header run and its first row
/// ("Stödsamtal", lines 11–18), as plain pdftotext prints them.
const GRID_HEAD_AND_FIRST_ROW: &str = "Förteckning över insatser\n\
\n\
Insatsens namn\n\
\n\
Ansvarig\n\
\n\
Vilka kan ta del?\n\
\n\
Beslut om dokumentation\n\
\n\
Stödsamtal\n\
\n\
Ungdomsenheten\n\
\n\
Unga mellan 13 och 20 år.\n\
\n\
Undantag från dokumentation av\n\
personlig information enligt 14 kap 4 §.\n\
\n\
";

/// The plan of a text written for a test, as its JSON output reads.
fn plan_of_text(name: &str, text: &str) -> Value {
    let dir = temp("text_input", name);
    let path = dir.join(format!("{name}.txt"));
    std::fs::write(&path, text).unwrap();
    plan_of(&path)
}

#[test]
fn an_empty_label_and_the_next_label_on_one_line_are_two_labels() {
    // Plain pdftotext joins an empty value cell with the next label cell:
    // "Motivering: Insats: Sorggrupp" is the end of one block and the
    // start of the next.
    let text = "Förteckning\n\n\
        Insats: Samtalsstöd\n\
        Utförare: Familjeteamet\n\
        För vem: Föräldrar med barn 0-18 år.\n\
        Dokumentation av genomförande: Ska dokumenteras.\n\
        Motivering: Insats: Sorggrupp\n\
        Utförare: Anhörigstödet\n\
        För vem: Vuxna anhöriga.\n\
        Dokumentation av genomförande: Personuppgifter ska inte dokumenteras.\n\
        Motivering: -\n";
    let v = plan_of_text("empty-label", text);
    let names: Vec<&str> = interventions(&v)
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["Samtalsstöd", "Sorggrupp"]);
    assert_eq!(find(&v, "Sorggrupp")["provider"], "Anhörigstödet");
    assert_eq!(find(&v, "Samtalsstöd")["provider"], "Familjeteamet");
    assert_eq!(find(&v, "Sorggrupp")["source"]["lines"][0], 7);
}

#[test]
fn a_name_and_the_next_cell_on_one_line_are_cut_apart() {
    // Plain pdftotext prints a row's first two cells at one height as one
    // line ("Drogtest för unga Beroendeenheten", line 20), the name's
    // second line "(vuxna)" under it; the row had no name and was lost.
    let text = format!(
        "{GRID_HEAD_AND_FIRST_ROW}Drogtest för unga Beroendeenheten\n\
(vuxna)\n\
\n\
Personer över 18 år som vill\n\
visa drogfrihet.\n\
\n\
Undantag från dokumentation av\n\
personlig information enligt 14 kap 5 §.\n\
\n\
Samtalsgrupp\n\
\n\
Beroendeenheten\n\
\n\
Vuxna anhöriga till personer med\n\
skadligt bruk.\n\
\n\
Ska dokumenteras i genomförande.\n\
"
    );
    let v = plan_of_text("joined-cells", &text);
    assert_eq!(interventions(&v).len(), 3);
    let test = find(&v, "Drogtest för unga (vuxna)");
    assert_eq!(test["provider"], "Beroendeenheten");
    assert_eq!(
        test["target_group"]["text"],
        "Personer över 18 år som vill visa drogfrihet."
    );
    assert_eq!(test["source"]["lines"], serde_json::json!([20, 27]));
    assert_eq!(find(&v, "Samtalsgrupp")["provider"], "Beroendeenheten");
}

#[test]
fn a_name_printed_under_its_group_after_its_cells_names_the_row_before() {
    // Plain pdftotext prints a row's cells first ("Beroendeenheten" /
    // "Personer över 18 år …" / "Undantag …", lines 20–25), then the group
    // row over it and its name ("Stöd vid beroende" / "Provtagning för
    // vuxna", lines 28–29), then the next group and its first row.
    let text = format!(
        "{GRID_HEAD_AND_FIRST_ROW}Beroendeenheten\n\
\n\
Personer över 18 år som vill\n\
visa drogfrihet.\n\
\n\
Undantag från dokumentation av\n\
personlig information enligt 14 kap 5 §.\n\
\n\
Stöd vid beroende\n\
Provtagning för vuxna\n\
\n\
Ekonomi och skulder\n\
Budgetrådgivning\n\
\n\
Beroendeenheten\n\
\n\
Vuxna anhöriga till personer med\n\
skadligt bruk.\n\
\n\
Ska dokumenteras i genomförande.\n\
"
    );
    let v = plan_of_text("late-name", &text);
    assert_eq!(interventions(&v).len(), 3);
    let test = find(&v, "Provtagning för vuxna");
    assert_eq!(test["provider"], "Beroendeenheten");
    assert_eq!(test["section"], "Stöd vid beroende");
    assert_eq!(
        test["target_group"]["text"],
        "Personer över 18 år som vill visa drogfrihet."
    );
    assert_eq!(test["source"]["lines"], serde_json::json!([20, 29]));
    let budget = find(&v, "Budgetrådgivning");
    assert_eq!(budget["section"], "Ekonomi och skulder");
    assert_eq!(budget["provider"], "Beroendeenheten");
}

#[test]
fn a_name_that_starts_like_a_label_word_is_a_value() {
    // "Motivationsgrupp" (line 19) starts as "Motivering" does, but names
    // the intervention under "Insatsens namn"; it is no Reason label.
    let text = "Förteckning över insatser\n\
\n\
Insatsens namn\n\
\n\
Samtalsstöd\n\
\n\
Ansvarig verksamhet\n\
\n\
Familjeteamet\n\
\n\
Vem kan få insatsen\n\
\n\
Föräldrar med barn 0-18 år.\n\
\n\
Motivering\n\
\n\
Insatsen är rådgivande.\n\
\n\
Insatsens namn\n\
\n\
Motivationsgrupp\n\
\n\
Ansvarig verksamhet\n\
\n\
Beroendeenheten\n\
\n\
Vem kan få insatsen\n\
\n\
Personer över 18 år som vill förändra sitt bruk.\n\
\n\
Motivering\n\
\n\
Deltagarna kan vara anonyma.\n\
";
    let v = plan_of_text("motivation", text);
    assert_eq!(interventions(&v).len(), 2);
    let group = find(&v, "Motivationsgrupp");
    assert_eq!(group["provider"], "Beroendeenheten");
    assert_eq!(
        group["target_group"]["text"],
        "Personer över 18 år som vill förändra sitt bruk."
    );
    assert_eq!(group["source"]["lines"][0], 19);
    assert_eq!(
        find(&v, "Samtalsstöd")["documentation"]["text"],
        "Insatsen är rådgivande."
    );
}

#[test]
fn a_line_broken_after_a_preposition_is_not_cut_into_a_name() {
    // "Träffar för den som funderar över Personer över 18 år som" (line
    // 20) joins two cells' sentences, not a name and a cell: the cut
    // after "över" leaves a phrase open, and the row, without its name,
    // gives no record.
    let text = format!(
        "{GRID_HEAD_AND_FIRST_ROW}Träffar för den som funderar över Personer över 18 år som\n\
sitt bruk.\n\
\n\
Personer över 18 år som vill\n\
visa drogfrihet.\n\
\n\
Undantag från dokumentation av\n\
personlig information enligt 14 kap 5 §.\n\
\n\
Samtalsgrupp\n\
\n\
Beroendeenheten\n\
\n\
Vuxna anhöriga till personer med\n\
skadligt bruk.\n\
\n\
Ska dokumenteras i genomförande.\n\
"
    );
    let v = plan_of_text("open-phrase", &text);
    let names: Vec<&str> = interventions(&v)
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["Stödsamtal", "Samtalsgrupp"]);
}

#[test]
fn a_word_table_copied_as_text_reads_its_capitals_header_and_its_cells() {
    // Seed 001 as the text a viewer copies out of its Word table: an
    // eight-column header in capitals, wrapped with no case to tell a
    // label's second line from the next label ("BEHOVSPRÖVAD" / "INSATS
    // IDAG" / "Ja/Nej"); a line of spaces inside a cell between the unit
    // and the name, an empty line between cells; answers side by side
    // ("Nej Nej Nej Saknas skäl"); the header again at page tops.
    let v = plan_of(&root().join("fixtures/seeds/001_a06a560caf5de8c2.txt"));
    let pdf = plan_of(&root().join("fixtures/pdf/001_a06a560caf5de8c2.pdf"));
    let mut from_pdf = names(&pdf);
    let mut text_names = names(&v);
    from_pdf.sort();
    text_names.sort();
    assert_eq!(text_names, from_pdf);
    assert_eq!(text_names.len(), 20);
    // Rows the copy mixed with their neighbours keep their names: a name set
    // one space in under the comment before it (" Trygghet ur stöd - …"), a
    // name under its unit that reads as a label ("Förebyggande enheten:" /
    // "Samordnande insats"), a target group's last paragraph carried over a
    // page break (" Gravida och blivande föräldrar", no row of its own).
    assert_eq!(
        find(
            &v,
            "Samordnande insats Skola, Socialtjänst, Polis och Fritid SSPF"
        )["provider"],
        "Förebyggande enheten"
    );
    let first = find(&v, "Stödgrupper för barn/unga");
    assert_eq!(
        first["provider"],
        "Grinden – stödverksamhet för barn och unga"
    );
    assert_eq!(first["documentation"]["regime"], "identity_exempt");
    assert_eq!(
        first["cells"]["BEHOVSPRÖVAD INSATS FRÅN 1 JULI Ja/Nej"],
        "Nej"
    );
    assert_eq!(
        first["cells"]["MÅLGRUPP /KRITERIER"]
            .as_str()
            .map(|t| t.starts_with("Barn/unga med")),
        Some(true)
    );
    // "Förebyggandeenheten" / " " / "Medling", then "Nej Nej Nej Saknas
    // skäl …" on one line.
    let medling = find(&v, "Medling");
    assert_eq!(medling["provider"], "Förebyggandeenheten");
    assert_eq!(
        medling["cells"]["DOKUMENTATION OM PERSONLIGA FÖRHÅLLANDEN"],
        "Nej"
    );
    assert_eq!(
        find(&v, "Orossamtal med föräldrar och barn/ungdom")["documentation"]["regime"],
        "conditional"
    );
}

#[test]
fn a_capitals_header_wraps_its_labels_and_answers_on_one_line_are_cells() {
    let text = "INSATS  MÅLGRUPP\n\n\
        BEHOVSPRÖVAD\nINSATS FRÅN\n1 JULI    Ja/Nej\n\n\
        DOKUMENTATION\nOM PERSONLIGA\nFÖRHÅLLANDEN\n\n\
        KOMMENTAR\n\n\
        Sorggrupp\n\nVuxna anhöriga\n\nNej Nej\n\nGruppen är anonym.\n\n\
        Enskilda samtal\n\nVuxna över 18 år\n\nNej Ja\n\nSamtalen dokumenteras.\n";
    let v = plan_of_text("capitals-header", text);
    assert_eq!(names(&v), ["Sorggrupp", "Enskilda samtal"]);
    let samtal = find(&v, "Enskilda samtal");
    assert_eq!(
        samtal["cells"]["BEHOVSPRÖVAD INSATS FRÅN 1 JULI Ja/Nej"],
        "Nej"
    );
    assert_eq!(
        samtal["cells"]["DOKUMENTATION OM PERSONLIGA FÖRHÅLLANDEN"],
        "Ja"
    );
    assert_eq!(samtal["documentation"]["regime"], "full");
    assert_eq!(
        find(&v, "Sorggrupp")["cells"]["KOMMENTAR"],
        "Gruppen är anonym."
    );
}

#[test]
fn bullets_printed_before_their_items_go_to_the_items() {
    // fixtures/text/README.md: plain pdftotext of a LibreOffice list
    // prints a section's bullets one after another ("•" / "•" / …), then
    // the items, each a title line over its prose; one bullet before a
    // page's running header belongs to the first item under it.
    let (v, gold) = (
        text_plan("h-f3-03-libreoffice-raw"),
        text_gold("h-f3-03-libreoffice-raw"),
    );
    assert_eq!(names(&v).len(), 16);
    assert_eq!(names(&v), names(&gold));
    let medling = find(&v, "Medling");
    assert_eq!(medling["provider"], "Fältgruppen");
    assert_eq!(
        find(&v, "Motivationsgrupp")["provider"],
        "Öppenvården vuxen"
    );
    assert_eq!(
        find(&v, "Skuldrådgivning och skuldsanering")["documentation"]["regime"],
        "full"
    );
}

#[test]
fn an_area_title_over_a_list_item_is_the_section_of_the_items_under_it() {
    // Text has no weight or size to tell an area title: "Barn och familj"
    // stands alone over "•" / "Krisstöd" and its prose; four areas.
    let (v, gold) = (
        text_plan("h-f3-03-libreoffice-raw"),
        text_gold("h-f3-03-libreoffice-raw"),
    );
    let sections = |p: &Value| -> Vec<Value> {
        p["interventions"]
            .as_array()
            .map(|a| a.iter().map(|r| r["section"].clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(sections(&v), sections(&gold));
    assert_eq!(find(&v, "Krisstöd")["section"], "Barn och familj");
    assert_eq!(
        find(&v, "Motivationsgrupp")["section"],
        "Missbruk och beroende"
    );
}

#[test]
fn names_printed_after_a_pages_rows_go_to_those_rows_in_order() {
    // fixtures/text/README.md: page 2 ends with the names of its last two
    // rows, after their cells, each under its group row; the second one's
    // first line ("Öppen ingång - råd och") ends two pages and is no footer.
    let v = plan_of(&root().join("fixtures/text/h-f6-04-libreoffice-raw.txt"));
    let budget = find(&v, "Budget- och skuldrådgivning");
    assert_eq!(budget["provider"], "Skuldrådgivningen");
    assert_eq!(budget["section"], "Stöd till vuxna");
    let open = find(&v, "Öppen ingång - råd och stöd (psykosocialt stöd)");
    assert_eq!(open["provider"], "Mottagningsenheten vuxen");
    assert_eq!(open["documentation"]["regime"], "advice_exempt");
    assert_eq!(names(&v).len(), 14);
}

#[test]
fn a_group_row_right_after_a_cells_last_sentence_is_no_name() {
    // fixtures/text/README.md: "… syftet med insatsen." / "Barn, unga och
    // föräldrar" / "Föräldraskap i Sverige", no blank line between.
    let v = plan_of(&root().join("fixtures/text/h-f6-06-weasyprint-raw.txt"));
    let parents = find(&v, "Föräldraskap i Sverige");
    assert_eq!(parents["provider"], "Föräldrastödet");
    assert_eq!(parents["section"], "Barn, unga och föräldrar");
    assert!(!names(&v).contains(&"Barn, unga och föräldrar".to_string()));
    assert_eq!(names(&v).len(), 11);
}

#[test]
fn a_name_cell_in_lower_case_makes_no_record() {
    // fixtures/text/README.md: reading order interleaves the lines of a
    // row's cells; rows named by a line in lower case ("återfallsprevention
    // och") were records (63 for the plan's 15).
    let v = plan_of(&root().join("fixtures/text/h-f1-04-libreoffice-raw.txt"));
    let found = names(&v);
    assert!(
        found.iter().all(|n| !n.starts_with(char::is_lowercase)),
        "{found:?}"
    );
    assert_eq!(found.len(), 30);
    for name in ["Nätverksmöten", "Boendecoachning", "Föräldraträffar ABC"] {
        assert!(found.contains(&name.to_string()), "{name}");
    }
}

#[test]
fn numbers_that_run_on_across_area_headings_are_list_items() {
    // Held-out set 4's h-f3-05 as plain text: "1. Name" on a line of its
    // own, its prose on the next, the numbers going on under each area's
    // heading. No indent is left to tell an item from a numbered section.
    let text = "Insatser utan behovsprövning\n\
        Inledning\n\
        Huvudregeln är att genomförandet av en insats dokumenteras.\n\
        Äldre\n\
        1. Inköp\n\
        Personer över 75 år. Folkbokförd i kommunen. Hjälp med inköp en gång i veckan. Ska dokumenteras i genomförande.\n\
        2. Städning\n\
        Personer över 75 år. Folkbokförd i kommunen. Hjälp med städning. Ska dokumenteras i genomförande.\n\
        Barn och familj\n\
        3. Samarbetssamtal\n\
        Föräldrar som har separerat. Folkbokförd i kommunen. Samtal under sakkunnig ledning. Personuppgifter ska inte dokumenteras i genomförande.\n";
    let v = plan_of_text("numbered-items", text);
    assert_eq!(names(&v), ["Inköp", "Städning", "Samarbetssamtal"]);
    // The area titles, with no type to set them apart in text, are not
    // found as headings yet: the records carry no section.
    assert_eq!(find(&v, "Inköp")["documentation"]["regime"], "full");
}

#[test]
fn a_header_over_a_cell_carried_from_the_page_before_is_no_record() {
    // fixtures/text/h-f1-06-libreoffice-layout.txt, line 44: the header
    // repeated on page 2, a cell of the row cut at page 1's foot going on
    // under it ("som har behov av stöd utifrån", line 45). Read as one row
    // the header was no header, and came out as a record "Insats" (twice).
    let stem = "h-f1-06-libreoffice-layout";
    let (v, gold) = (text_plan(stem), text_gold(stem));
    assert_eq!(names(&v), names(&gold));
}

#[test]
fn a_bare_yes_no_answer_never_names_a_row() {
    // fixtures/text/README.md: the header run stops a column short, and the
    // rows' "JA" / "NEJ" had stood in the name column.
    let v = text_plan("h-f6-06-wkhtmltopdf-raw");
    let names = names(&v);
    assert!(
        !names.iter().any(|n| ["JA", "NEJ"].contains(&n.as_str())),
        "{names:?}"
    );
    for name in ["Komet 12-18", "Stödgrupper för barn", "Mika-mottagningen"] {
        assert!(names.contains(&name.to_string()), "{name}: {names:?}");
    }
}
