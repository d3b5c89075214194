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
    LegalBasis,
    Comment,
    FollowUp,
}

impl Field {
    /// The field's name in warnings and `iub inspect` (snake case).
    pub fn name(self) -> &'static str {
        match self {
            Field::Provider => "provider",
            Field::Name => "name",
            Field::Category => "category",
            Field::TargetGroup => "target_group",
            Field::Conditions => "conditions",
            Field::Description => "description",
            Field::Method => "method",
            Field::NeedsAssessedBefore => "needs_assessed_before",
            Field::NeedsAssessed => "needs_assessed",
            Field::Documentation => "documentation",
            Field::Reason => "reason",
            Field::LegalBasis => "legal_basis",
            Field::Comment => "comment",
            Field::FollowUp => "follow_up",
        }
    }
}

/// One word (or phrase) that points a column header or paragraph label at a
/// field. Labels are typed by the sum of the weights of the words they
/// contain, so "Namn på insatsen", "Insatsens namn" and "Insats" all name the
/// intervention, whatever the word order, extra words, case or OCR noise.
#[derive(Debug, Clone, Copy)]
pub struct LabelWord {
    /// Folded. A single word matches any word that starts with it
    /// ("dokument" → "Dokumentationsskyldighet", "dokumenteras"), or only
    /// itself when it ends in `$` ("insats$");
    /// a phrase (with a space) matches where the folded label contains it.
    pub stem: &'static str,
    pub field: Field,
    pub weight: f64,
    /// The plan phrase this entry exists for.
    pub seen_in: &'static str,
}

const fn word(stem: &'static str, field: Field, weight: f64, seen_in: &'static str) -> LabelWord {
    LabelWord {
        stem,
        field,
        weight,
        seen_in,
    }
}

/// The words of column headers and paragraph labels. A label's first word
/// weighs most (Swedish labels lead with their head noun: "Motivering till
/// undantag", "Vem riktar sig insatsen till"); see [`label_scores`].
pub const LABEL_WORDS: &[LabelWord] = &[
    word(
        "insats$",
        Field::Name,
        2.5,
        "Insats (000); Öppen insats (f6)",
    ),
    word("insatser$", Field::Name, 2.5, "Insatser"),
    word("insatsens$", Field::Name, 2.5, "Insatsens namn (f4)"),
    // The definite form is what a label asks about, not the name: "Vem
    // riktar sig insatsen till" (f4), "Hur insatsen dokumenteras".
    word(
        "insatsen$",
        Field::Name,
        1.0,
        "Vem riktar sig insatsen till (f4)",
    ),
    word("namn", Field::Name, 2.5, "Namn på insatsen (f1)"),
    word(
        "benamning",
        Field::Name,
        3.0,
        "Benämning (a form's label for the name)",
    ),
    word("aktor", Field::Provider, 3.0, "Aktör (000)"),
    word(
        "utfor",
        Field::Provider,
        3.0,
        "Utförare (004); Utförs av (f6)",
    ),
    word(
        "ansvar",
        Field::Provider,
        2.5,
        "Ansvarig verksamhet (f1); Ansvarig (f4)",
    ),
    word("verksamhet", Field::Provider, 2.0, "Verksamhet: (f5)"),
    word("enhet", Field::Provider, 2.0, "Ansvarig enhet"),
    word("anordnare", Field::Provider, 2.5, "Anordnare"),
    word("ges av", Field::Provider, 2.0, "Ges av"),
    // Outweighs the "vem" of a target group's question ("Vem kan delta").
    word(
        "ger$",
        Field::Provider,
        3.5,
        "Vem ger insatsen? (held-out f6)",
    ),
    word("ges$", Field::Provider, 2.5, "Här ges insatsen"),
    word(
        "har finns vi",
        Field::Provider,
        3.0,
        "Här finns vi: Beroendeenheten (bulleted labels, held-out m02)",
    ),
    word("kategori", Field::Category, 3.0, "KATEGORI (001)"),
    word("typ av insats", Field::Category, 3.0, "Typ av insats"),
    word(
        "malgrupp",
        Field::TargetGroup,
        3.0,
        "Målgrupp/kriterier (000); Målgrupp (002)",
    ),
    word(
        "vem",
        Field::TargetGroup,
        2.5,
        "För vem (f2); Vem riktar sig insatsen till (f4); Vem kan få stödet (f5)",
    ),
    word("vilka", Field::TargetGroup, 2.5, "Vilka kan ta del? (f1)"),
    word(
        "riktar sig",
        Field::TargetGroup,
        2.5,
        "Riktar sig till: Föräldrar med barn i åldern 3-11 år (held-out web page)",
    ),
    word("ta del", Field::TargetGroup, 1.0, "Vilka kan ta del? (f1)"),
    word("alder", Field::TargetGroup, 2.0, "Ålder"),
    word(
        "villkor",
        Field::Conditions,
        2.5,
        "Villkor (002); Villkor: (003, f6)",
    ),
    word("krav", Field::Conditions, 2.5, "Krav för att ta del (f4)"),
    // Alone it is a label of its own: "… ska det finnas angiven målgrupp
    // och eventuellt kriterier" (000); after "Målgrupp/" the target group
    // outweighs it.
    word(
        "kriteri",
        Field::Conditions,
        2.5,
        "Målgrupp/kriterier (000); Kriterier",
    ),
    word("forutsattning", Field::Conditions, 2.0, "Förutsättningar"),
    word(
        "beskriv",
        Field::Description,
        2.5,
        "Beskrivning (000); Kort beskrivning (f6)",
    ),
    word("innehall", Field::Description, 2.5, "Innehåll (002, 004)"),
    word(
        "sa har gar det till",
        Field::Description,
        3.0,
        "Så här går det till: (f5)",
    ),
    word("om insatsen", Field::Description, 3.0, "Om insatsen"),
    word("syfte", Field::Description, 2.0, "Syfte (003)"),
    word(
        "genomforande",
        Field::Description,
        1.5,
        "Innehåll och genomförande (003)",
    ),
    word(
        "arbetssatt",
        Field::Method,
        2.5,
        "Arbetssätt och vetenskapligt stöd (004)",
    ),
    word("metod", Field::Method, 2.5, "Metod (002)"),
    word(
        "behovsprov",
        Field::NeedsAssessed,
        3.0,
        "BEHOVSPRÖVAD INSATS FRÅN 1 JULI (001)",
    ),
    word(
        "dokument",
        Field::Documentation,
        3.0,
        "Dokumentation (002); Dokumentationsskyldighet (f1); Dokumenteras på individnivå (f6)",
    ),
    word(
        "individdokument",
        Field::Documentation,
        3.0,
        "Individdokumentation (Ja/Nej) (f6)",
    ),
    word("journal", Field::Documentation, 2.0, "Journalföring"),
    word("skal", Field::Reason, 2.5, "Skäl och kommentar (f6)"),
    // Not a bare stem: "Motivationsgrupp" (held-out f2, f4, f6) and
    // "Motiverande samtal" are interventions' names.
    word(
        "motivering",
        Field::Reason,
        2.5,
        "Motivering (f1); Motivering till undantag (f4); Kommentar/motivering (f6)",
    ),
    word(
        "motiv$",
        Field::Reason,
        2.5,
        "Motiv för undantag (f4 as text); Motiv (held-out f1: \"Motiv\" as a column)",
    ),
    word("orsak", Field::Reason, 2.5, "ORSAK (001)"),
    word(
        "darfor",
        Field::Reason,
        3.5,
        "Därför dokumenterar vi inte: (f5)",
    ),
    word("lagrum", Field::LegalBasis, 3.0, "Lagrum"),
    word("lagstod", Field::LegalBasis, 3.0, "Lagstöd"),
    word("stod i sol", Field::LegalBasis, 3.0, "Stöd i SoL"),
    word(
        "stod i socialtjanstlagen",
        Field::LegalBasis,
        3.0,
        "Stöd i socialtjänstlagen",
    ),
    word("paragraf", Field::LegalBasis, 2.5, "Paragraf"),
    word(
        "kommentar",
        Field::Comment,
        2.0,
        "KOMMENTAR (001); Skäl och kommentar (f6)",
    ),
    word("ovrigt", Field::Comment, 2.0, "Övrigt"),
    word("uppfoljning", Field::FollowUp, 2.5, "Uppföljning (002)"),
];

/// "BEHOVSPRÖVAD INSATS IDAG" (001): the assessment before the new law.
const BEFORE_WORDS: &[&str] = &["idag", "i dag", "tidigare", "fore 1 juli"];

/// Words that carry no meaning in a label ("Vem kan ta del av insatsen?").
const LABEL_STOPWORDS: &[&str] = &[
    "och", "pa", "for", "till", "av", "i", "att", "som", "kan", "vi", "inte", "den", "det", "sig",
    "om", "med", "ska", "far", "de", "en", "ett", "ja", "nej", "hur", "vad", "har", "sa",
];

/// Finite verbs that make a short line a sentence, not a label
/// ("Målgruppen är vuxna"). Not "har" (has): it folds like "här" (here),
/// as in "Så här går det till" (f5).
const SENTENCE_VERBS: &[&str] = &[
    "ar", "blir", "ges", "galler", "erbjuds", "innebar", "finns", "kommer", "utfors",
];

/// A label whose best field scores below this is not typed.
pub const MIN_LABEL_SCORE: f64 = 2.0;
/// Each later meaningful word of a label counts this much less than the one before.
const LABEL_WORD_DECAY: f64 = 0.8;
/// A label has at most this many words; longer text is prose.
pub const MAX_LABEL_WORDS: usize = 8;

/// The fields a label's words point at, with their scores, best first.
/// Empty for text that is too long to be a label.
pub fn label_scores(label: &str) -> Vec<(Field, f64)> {
    // Each whitespace-separated token with a letter or digit folds to at
    // least one word: prose is turned away before it is folded.
    let tokens = label
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count();
    if tokens > MAX_LABEL_WORDS {
        return Vec::new();
    }
    let folded = fold(label);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > MAX_LABEL_WORDS {
        return Vec::new();
    }
    let meaningful: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !LABEL_STOPWORDS.contains(w))
        .collect();
    let spaced = format!(" {} ", words.join(" "));
    let mut scores: Vec<(Field, f64)> = Vec::new();
    for entry in LABEL_WORDS {
        let weight = if entry.stem.contains(' ') {
            starts_a_word(&spaced, entry.stem).then_some(entry.weight)
        } else {
            // Whole-word entries tell inflections apart ("insats",
            // "insatsen", "insatser"), so they match exactly.
            let matches = |w: &str| match entry.stem.strip_suffix('$') {
                Some(whole) => w == whole,
                None => word_has_stem(w, entry.stem),
            };
            meaningful
                .iter()
                .position(|w| matches(w))
                .map(|i| entry.weight * LABEL_WORD_DECAY.powi(i as i32))
        };
        let Some(weight) = weight else { continue };
        match scores.iter_mut().find(|(f, _)| *f == entry.field) {
            Some((_, s)) => *s += weight,
            None => scores.push((entry.field, weight)),
        }
    }
    if let Some(before) = scores.iter_mut().find(|(f, _)| *f == Field::NeedsAssessed) {
        if BEFORE_WORDS
            .iter()
            .any(|w| spaced.contains(&format!(" {w} ")))
        {
            before.0 = Field::NeedsAssessedBefore;
        }
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scores
}

/// `phrase` occurs in `spaced` (words with a space before each) at the
/// start of a word.
fn starts_a_word(spaced: &str, phrase: &str) -> bool {
    spaced
        .match_indices(phrase)
        .any(|(i, _)| spaced[..i].ends_with(' '))
}

/// The field a label names, with its score, if it scores at least
/// [`MIN_LABEL_SCORE`].
pub fn type_label(label: &str) -> Option<(Field, f64)> {
    label_scores(label)
        .into_iter()
        .next()
        .filter(|(_, s)| *s >= MIN_LABEL_SCORE)
}

/// A word starts with a stem, allowing one OCR error in stems of five
/// letters or more ("Utférare", "Dokumentatlon").
fn word_has_stem(word: &str, stem: &str) -> bool {
    if word.starts_with(stem) {
        return true;
    }
    let stem_chars = stem.chars().count();
    // Short stems must keep their first two letters: "utférare" is
    // "utforare", but one error anywhere in five letters matches too much.
    let same_start = word.chars().take(2).eq(stem.chars().take(2));
    if stem_chars < 5 || !same_start || word.chars().count() + 1 < stem_chars {
        return false;
    }
    // The word's start as long as the stem or one longer (a letter misread
    // or one too many); not one shorter, which would let "insatsen" match
    // "insatsens".
    (stem_chars..=stem_chars + 1).any(|n| {
        let prefix: String = word.chars().take(n).collect();
        prefix.chars().count() == n && bounded_distance(&prefix, stem, 1).is_some()
    })
}

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
        Some((l, r)) if l.split_whitespace().count() <= MAX_LABEL_WORDS => (l.trim(), r.trim()),
        _ => (trimmed.trim_end_matches('.'), ""),
    };
    // A label on a line of its own is short and no sentence; a label
    // phrase of the table ("Här finns vi") holds its verb.
    let folded = fold(label);
    let sentence = trimmed.ends_with('.')
        || (folded
            .split_whitespace()
            .any(|w| SENTENCE_VERBS.contains(&w))
            && !is_label_phrase(&folded));
    if rest.is_empty() && (label.split_whitespace().count() > 5 || sentence) {
        return None;
    }
    let (field, _) = type_label(label)?;
    Some((field, label.to_string(), rest.to_string()))
}

/// Whether folded text is one of [`LABEL_WORDS`]' phrases, whole.
fn is_label_phrase(folded: &str) -> bool {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    LABEL_WORDS
        .iter()
        .any(|w| w.stem.contains(' ') && w.stem == joined)
}

/// Lowercase, diacritics and the commonest OCR stand-ins folded away
/// (å ä → a, ö ø → o, é è → e), whitespace collapsed. "Målgrupp",
/// "Malgrupp" and "MÅLGRUPP" fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut push = |c: char| {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' => 'u',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    };
    for c in text.chars() {
        // Most of a plan is ASCII: lower-casing it needs no Unicode tables.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
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

/// The column a header cell names, if any.
pub fn column_field(cell: &str) -> Option<Field> {
    type_label(cell.trim_end_matches([':', '.'])).map(|(f, _)| f)
}

/// A date or a clock time written in figures ("12/2/26, 4:08 PM",
/// "2025-07-01"): a value, never a column's label.
static DATE_OR_TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\b\d{1,2}:\d{2}\b")
        .expect("valid pattern")
});

/// Whether a row of cells reads as a table's header row: at least two cells
/// name distinct columns, and most cells name one. A cell with a date or a
/// time in it is a value: the row is a browser's running header ("12/2/26,
/// 4:08 PM | Insatser utan behovsprövning – … beslut om | dokumentation -
/// Linköpings kommun") or a body row.
pub fn is_header_row<S: AsRef<str>>(cells: &[S]) -> bool {
    if cells.iter().any(|c| DATE_OR_TIME.is_match(c.as_ref())) {
        return false;
    }
    let mut fields = Vec::new();
    let mut unknown = 0;
    for cell in cells {
        match column_field(cell.as_ref()) {
            Some(f) if !fields.contains(&f) => fields.push(f),
            Some(_) => {}
            None => unknown += 1,
        }
    }
    fields.len() >= 2 && unknown * 2 <= cells.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_with_a_date_or_a_time_is_no_header_row() {
        // Chromium's print header: date and time, the page title cut in two.
        let running = [
            "12/2/26, 4:08 PM",
            "Insatser utan behovsprövning – förteckning och beslut om",
            "dokumentation - Linköpings kommun",
        ];
        assert!(!is_header_row(&running));
        assert!(is_header_row(&running[1..]));
        assert!(is_header_row(&["Insats", "Målgrupp", "Dokumentation"]));
    }

    #[test]
    fn the_act_a_column_cites_is_its_legal_basis() {
        assert_eq!(column_field("Stöd i SoL"), Some(Field::LegalBasis));
        assert_eq!(
            column_field("Stöd i socialtjänstlagen"),
            Some(Field::LegalBasis)
        );
        assert_eq!(column_field("Stödets namn"), Some(Field::Name));
    }

    #[test]
    fn names_that_start_like_a_reason_label_are_no_labels() {
        for name in ["Motivationsgrupp", "Motiverande samtal"] {
            assert_eq!(type_label(name).map(|(f, _)| f), None, "{name}");
        }
        for label in [
            "Motivering",
            "Motivering till undantag",
            "Motiv för undantag",
        ] {
            assert_eq!(
                type_label(label).map(|(f, _)| f),
                Some(Field::Reason),
                "{label}"
            );
        }
    }

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
        assert_eq!(column_field("Aktör"), Some(Field::Provider));
        assert_eq!(column_field("Målgrupp/kriterier"), Some(Field::TargetGroup));
        assert_eq!(column_field("Dokumentation/"), Some(Field::Documentation));
        assert_eq!(
            column_field("Dokumentation/motivering"),
            Some(Field::Documentation)
        );
        // 001
        assert_eq!(column_field("KATEGORI"), Some(Field::Category));
        assert_eq!(
            column_field("BEHOVSPRÖVAD INSATS IDAG Ja/Nej"),
            Some(Field::NeedsAssessedBefore)
        );
        assert_eq!(
            column_field("BEHOVSPRÖVAD INSATS FRÅN 1 JULI Ja/Nej"),
            Some(Field::NeedsAssessed)
        );
        assert_eq!(
            column_field("DOKUMENTATION OM PERSONLIGA FÖRHÅLLANDEN"),
            Some(Field::Documentation)
        );
        // 004 Sala, OCR'd: "Utférare" is one error away from "utforare".
        assert_eq!(column_field("Utférare"), Some(Field::Provider));
        assert_eq!(column_field("Malgrupp och"), Some(Field::TargetGroup));
        assert_eq!(column_field("Arbetssatt och"), Some(Field::Method));
        assert_eq!(column_field("Hemtjänst"), None);
    }

    #[test]
    fn headers_are_typed_by_their_words_not_by_a_phrase_list() {
        // The families' headers, none of which was in the old phrase list.
        let typed = |h: &str| column_field(h);
        assert_eq!(typed("Namn på insatsen"), Some(Field::Name));
        assert_eq!(typed("Insatsens namn"), Some(Field::Name));
        assert_eq!(typed("Öppen insats"), Some(Field::Name));
        assert_eq!(typed("Ansvarig verksamhet"), Some(Field::Provider));
        assert_eq!(typed("Utförs av"), Some(Field::Provider));
        assert_eq!(typed("Här finns vi"), Some(Field::Provider));
        assert_eq!(typed("Riktar sig till"), Some(Field::TargetGroup));
        assert_eq!(typed("Vilka kan ta del?"), Some(Field::TargetGroup));
        assert_eq!(typed("För vem"), Some(Field::TargetGroup));
        assert_eq!(
            typed("Vem riktar sig insatsen till"),
            Some(Field::TargetGroup)
        );
        assert_eq!(typed("Krav för att ta del"), Some(Field::Conditions));
        assert_eq!(
            typed("Dokumentationsskyldighet"),
            Some(Field::Documentation)
        );
        assert_eq!(
            typed("Dokumentation (SoL 14 kap.)"),
            Some(Field::Documentation)
        );
        assert_eq!(
            typed("Dokumenteras på individnivå"),
            Some(Field::Documentation)
        );
        assert_eq!(typed("Motivering"), Some(Field::Reason));
        assert_eq!(typed("Motivering till undantag"), Some(Field::Reason));
        assert_eq!(typed("Skäl och kommentar"), Some(Field::Reason));
        assert_eq!(typed("Kort beskrivning"), Some(Field::Description));
        // "Vem" asks for a target group, unless the question is who gives.
        assert_eq!(typed("Vem ger insatsen?"), Some(Field::Provider));
        assert_eq!(typed("Vem kan delta"), Some(Field::TargetGroup));
        // Word order, extra words, case, punctuation and OCR noise.
        assert_eq!(typed("INSATSENS NAMN:"), Some(Field::Name));
        assert_eq!(typed("Målgrupp för insatsen"), Some(Field::TargetGroup));
        assert_eq!(typed("Dokumentatlon"), Some(Field::Documentation));
        assert_eq!(typed("Lagrum"), Some(Field::LegalBasis));
        // Prose is not a label.
        assert_eq!(
            typed("Insatsen ges av familjeenheten till alla som bor i kommunen och vill ha stöd"),
            None
        );
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
        // f5: inline labels of any phrasing.
        assert_eq!(
            section_label("Vem kan få stödet: Vuxna").map(|l| l.0),
            Some(Field::TargetGroup)
        );
        assert_eq!(
            section_label("Därför dokumenterar vi inte: Motiv …").map(|l| l.0),
            Some(Field::Reason)
        );
        assert_eq!(
            section_label("Så här går det till: Öppna träffpunkter").map(|l| l.0),
            Some(Field::Description)
        );
        // A label phrase with its verb is still a label, in any case; the
        // verb alone still makes a sentence.
        assert_eq!(
            section_label("Här finns vi").map(|l| l.0),
            Some(Field::Provider)
        );
        assert_eq!(
            section_label("HÄR FINNS VI: Familjerätten").map(|l| (l.0, l.2)),
            Some((Field::Provider, "Familjerätten".to_string()))
        );
        assert_eq!(section_label("Målgrupp finns i bilagan"), None);
        assert_eq!(
            section_label("KRITERIER").map(|l| l.0),
            Some(Field::Conditions)
        );
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
