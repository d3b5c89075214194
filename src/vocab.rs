//! Vocabulary as data: the words plans use for table columns and labelled
//! paragraphs, each entry with the plan that justifies it. A maintainer adds
//! a layout by adding rows here and a fixture, not code.
//!
//! All matching goes through [`fold`], so OCR'd text without its diacritics
//! ("Malgrupp", "Innehall") matches as well as clean text.

/// The field a table column or a labelled paragraph fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Provider,
    Name,
    Category,
    TargetGroup,
    Conditions,
    Description,
    Method,
    NeedsAssessedBefore,
    NeedsAssessed,
    Documentation,
    Reason,
    Comment,
    FollowUp,
}

/// Column headers of grid layouts, folded. Longest synonyms first within a
/// field does not matter: matching takes the best score.
pub const COLUMN_HEADERS: &[(&str, Field)] = &[
    // 000 Gotland: Aktör | Målgrupp/kriterier | Insats | Beskrivning | Dokumentation/motivering
    ("aktor", Field::Provider),
    ("utforare", Field::Provider), // 004 Sala
    ("verksamhet", Field::Provider),
    ("ansvarig verksamhet", Field::Provider),
    ("enhet", Field::Provider),
    ("insats", Field::Name),
    ("insatser", Field::Name),
    ("insatsens namn", Field::Name),
    ("kategori", Field::Category), // 001
    ("malgrupp/kriterier", Field::TargetGroup),
    ("malgrupp /kriterier", Field::TargetGroup),
    ("malgrupp och villkor", Field::TargetGroup), // 004
    ("malgrupp och kriterier", Field::TargetGroup),
    ("malgrupp", Field::TargetGroup),
    ("villkor", Field::Conditions),
    ("kriterier", Field::Conditions),
    ("beskrivning", Field::Description),
    ("innehall", Field::Description), // 004
    ("beskrivning av insatsen", Field::Description),
    ("arbetssatt och vetenskapligt stod", Field::Method), // 004
    ("arbetssatt", Field::Method),
    ("metod", Field::Method),
    (
        "behovsprovad insats idag ja/nej",
        Field::NeedsAssessedBefore,
    ), // 001
    ("behovsprovad insats idag", Field::NeedsAssessedBefore),
    (
        "behovsprovad insats fran 1 juli ja/nej",
        Field::NeedsAssessed,
    ), // 001
    ("behovsprovad insats fran 1 juli", Field::NeedsAssessed),
    ("dokumentation/motivering", Field::Documentation), // 000
    ("dokumentation / motivering", Field::Documentation),
    (
        "dokumentation om personliga forhallanden",
        Field::Documentation,
    ), // 001
    ("dokumentation", Field::Documentation),
    ("dokumentationskrav", Field::Documentation),
    ("orsak", Field::Reason), // 001
    ("motivering", Field::Reason),
    ("kommentar", Field::Comment), // 001
    ("uppfoljning", Field::FollowUp),
];

/// Labels of labelled paragraphs under a numbered heading (the "sections"
/// layout): a line holding only the label, or "Label: text".
pub const SECTION_LABELS: &[(&str, Field)] = &[
    // 002 Alingsås: Innehåll, Metod, Målgrupp, Villkor, Dokumentation, Uppföljning
    ("innehall", Field::Description),
    ("metod", Field::Method),
    ("malgrupp", Field::TargetGroup),
    ("villkor", Field::Conditions),
    ("dokumentation", Field::Documentation),
    ("uppfoljning", Field::FollowUp),
    // 003 Jämtland: Målgrupp, Innehåll och genomförande, Dokumentation, "Villkor: 15 år och uppåt"
    ("innehall och genomforande", Field::Description),
    ("beskrivning", Field::Description),
    ("syfte", Field::Description),
    ("genomforande", Field::Description),
    ("arbetssatt", Field::Method),
    ("malgrupp och villkor", Field::TargetGroup),
    ("kriterier", Field::Conditions),
    ("utforare", Field::Provider),
    ("ansvarig verksamhet", Field::Provider),
    ("dokumentationskrav", Field::Documentation),
];

/// Words that make a heading or a phrase an organisation (a provider) rather
/// than a kind of intervention: "2. Centrum mot våld" (003) is the service
/// giving its sub-sections; "3.1. Rådgivning" (002) is only a grouping.
/// Matched against folded words, as whole words or word endings.
pub const PROVIDER_HEAD_WORDS: &[&str] = &[
    "centrum",             // Centrum mot våld (003)
    "maria",               // Mini Maria (002), Mini-Maria Jämtland Härjedalen (003)
    "mottagning",          // Socialmedicinsk mottagning (002)
    "mottagningen",        // Mika-mottagningen (004)
    "barnahus",            // Barnahus i Jämtlands län (003)
    "familjeradgivningen", // 4. Familjerådgivningen (003)
    "enheten",
    "enhet",
    "teamet",
    "familjecentral",
    "familjecentralen",
    "familjecentralerna",
    "boendestodet", // "Boendestödet utför insatsen." (002)
];

/// Whether a folded phrase names an organisation per [`PROVIDER_HEAD_WORDS`].
pub fn names_organisation(phrase: &str) -> bool {
    fold(phrase)
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PROVIDER_HEAD_WORDS.contains(&w))
}

/// The field a paragraph label names: the whole line is the label
/// ("Målgrupp") or the line starts "Label:" ("Villkor: 15 år och uppåt").
/// Returns the field, the label as printed and the text after it.
pub fn section_label(line: &str) -> Option<(Field, String, String)> {
    let trimmed = line.trim();
    let (label, rest) = match trimmed.split_once(':') {
        Some((l, r)) if l.chars().count() <= 40 => (l.trim(), r.trim()),
        _ => (trimmed.trim_end_matches('.'), ""),
    };
    let folded = fold(label);
    SECTION_LABELS
        .iter()
        .find(|(l, _)| *l == folded)
        .map(|&(_, field)| (field, label.to_string(), rest.to_string()))
}

/// Lowercase, diacritics and the commonest OCR stand-ins folded away
/// (å ä → a, ö ø → o, é è → e), whitespace collapsed. "Målgrupp",
/// "Malgrupp" and "MÅLGRUPP" fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' => 'u',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Levenshtein distance over chars, for OCR-tolerant matching of short labels.
pub fn edit_distance(a: &str, b: &str) -> usize {
    bounded_distance(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The Levenshtein distance if it is at most `max`; `None` as soon as a
/// whole row of the table exceeds `max` (no later row can come back under).
fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for j in 1..=b.len() {
            let cost = usize::from(ca != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        if cur.iter().all(|&d| d > max) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// Whether folded `text` is `label`, allowing one OCR error per 8 characters.
/// Called for every cell of every line against every column header, so it
/// rejects by length before it compares characters.
pub fn matches_label(text: &str, label: &str) -> bool {
    if text == label {
        return true;
    }
    let label_chars = label.chars().count();
    let allowed = label_chars / 8;
    // A char is at most 4 bytes: longer texts cannot be within reach.
    if allowed == 0 || text.len() > 4 * (label_chars + allowed) {
        return false;
    }
    text.chars().count().abs_diff(label_chars) <= allowed
        && bounded_distance(text, label, allowed).is_some()
}

/// The column a header cell names, if any. A header cell may be cut in two
/// lines ("Målgrupp och" / "villkor"): the caller matches the first line
/// with `prefix = true` to accept the start of a synonym.
pub fn column_field(cell: &str, prefix: bool) -> Option<Field> {
    let folded = fold(cell.trim_end_matches([':', '.']));
    if folded.is_empty() {
        return None;
    }
    let mut best: Option<(usize, Field)> = None;
    for &(label, field) in COLUMN_HEADERS {
        let exact = matches_label(&folded, label);
        let starts = prefix && folded.chars().count() >= 4 && label.starts_with(&folded);
        if exact || starts {
            let score = label.len();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, field));
            }
        }
    }
    best.map(|(_, f)| f)
}

/// Whether a row of cells reads as a table's header row: at least two cells
/// name distinct columns and at most one cell names none.
pub fn is_header_row<S: AsRef<str>>(cells: &[S]) -> bool {
    let mut fields = Vec::new();
    let mut unknown = 0;
    for cell in cells {
        match column_field(cell.as_ref(), true) {
            Some(f) if !fields.contains(&f) => fields.push(f),
            Some(_) => {}
            None => unknown += 1,
        }
    }
    fields.len() >= 2 && unknown <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "dokumentation",
            "dokumentatlon",
            "dokumentasion",
            "dokument",
            "malgrupp",
            "rnalgrupp",
            "",
            "x",
        ];
        for a in words {
            for b in words {
                for max in 0..4 {
                    let full = edit_distance(a, b);
                    assert_eq!(
                        bounded_distance(a, b, max),
                        (full <= max).then_some(full),
                        "{a} {b} {max}"
                    );
                }
            }
        }
        assert_eq!(edit_distance("dokumentatlon", "dokumentation"), 1);
        assert_eq!(edit_distance("rnalgrupp", "malgrupp"), 2);
        assert_eq!(edit_distance("dokument", "dokumentation"), 5);
        assert_eq!(edit_distance("", "x"), 1);
        assert!(matches_label("dokumentatlon", "dokumentation"));
        assert!(!matches_label(
            "dokumentation av personlig information",
            "dokumentation"
        ));
    }

    #[test]
    fn folding_makes_ocr_and_clean_text_alike() {
        assert_eq!(fold("MÅLGRUPP  och Villkor"), "malgrupp och villkor");
        assert_eq!(fold("Malgrupp och villkor"), "malgrupp och villkor");
    }

    #[test]
    fn column_headers_of_the_corpus_layouts() {
        // 000 Gotland
        assert_eq!(column_field("Aktör", false), Some(Field::Provider));
        assert_eq!(
            column_field("Målgrupp/kriterier", false),
            Some(Field::TargetGroup)
        );
        assert_eq!(
            column_field("Dokumentation/", true),
            Some(Field::Documentation)
        );
        // 001
        assert_eq!(column_field("KATEGORI", false), Some(Field::Category));
        assert_eq!(
            column_field("BEHOVSPRÖVAD INSATS IDAG Ja/Nej", false),
            Some(Field::NeedsAssessedBefore)
        );
        assert_eq!(
            column_field("BEHOVSPRÖVAD INSATS FRÅN 1 JULI Ja/Nej", false),
            Some(Field::NeedsAssessed)
        );
        // 004 Sala, OCR'd: "Utférare" is one error away from "utforare".
        assert_eq!(column_field("Utférare", false), Some(Field::Provider));
        assert_eq!(column_field("Malgrupp och", true), Some(Field::TargetGroup));
        assert_eq!(column_field("Arbetssatt och", true), Some(Field::Method));
        assert_eq!(column_field("Hemtjänst", false), None);
    }

    #[test]
    fn section_labels_of_the_corpus_layouts() {
        assert_eq!(
            section_label("Innehåll").map(|l| l.0),
            Some(Field::Description)
        );
        assert_eq!(
            section_label("Innehåll och genomförande").map(|l| l.0),
            Some(Field::Description)
        );
        let (field, label, rest) = section_label("Villkor: 15 år och uppåt").unwrap();
        assert_eq!(
            (field, label.as_str(), rest.as_str()),
            (Field::Conditions, "Villkor", "15 år och uppåt")
        );
        assert_eq!(section_label("Målgruppen är vuxna"), None);
    }

    #[test]
    fn organisations_are_told_from_groupings() {
        assert!(names_organisation("Centrum mot våld"));
        assert!(names_organisation("Mini-Maria Jämtland Härjedalen"));
        assert!(!names_organisation("Rådgivning"));
        assert!(!names_organisation("Individuellt riktade insatser"));
    }

    #[test]
    fn header_rows_are_told_from_data_rows() {
        assert!(is_header_row(&[
            "Insats",
            "Malgrupp och",
            "Innehall",
            "Arbetssatt och",
            "Utférare",
            "Dokumentation"
        ]));
        assert!(!is_header_row(&[
            "Hemtjänst",
            "75 +år",
            "Städning",
            "Hjälp från hemtjänst",
            "Ska dokumenteras i"
        ]));
    }
}
