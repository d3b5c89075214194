//! Lists whose items carry no marker (src/segment/list.rs): the bullets a
//! scan's OCR did not read, or a list set with indents and spacing only.
//! fixtures/lists/unmarked_list.pdf (made by fixtures/lists/make.py) has
//! two areas: items that open with "Name." and items whose name stands on
//! a line of its own.

mod common;

use common::{find, names, plan_of, root};

#[test]
fn paragraphs_set_in_under_an_area_heading_are_its_items() {
    let v = plan_of(&root().join("fixtures/lists/unmarked_list.pdf"));
    assert_eq!(
        names(&v),
        [
            "Enskilda samtal",
            "Anhöriggrupp",
            "Budgetrådgivning",
            "Boendecoachning"
        ]
    );
    let samtal = find(&v, "Enskilda samtal");
    assert_eq!(samtal["section"], "Stöd till anhöriga");
    assert_eq!(samtal["documentation"]["regime"], "identity_exempt");
    // The name on its own line is the item's, not the section of the
    // items after it.
    let coach = find(&v, "Boendecoachning");
    assert_eq!(coach["section"], "Ekonomi och boende");
    assert_eq!(coach["provider"], "Bostadsenheten");
    assert_eq!(coach["documentation"]["regime"], "full");
    assert_eq!(
        find(&v, "Budgetrådgivning")["documentation"]["regime"],
        "advice_exempt"
    );
}
