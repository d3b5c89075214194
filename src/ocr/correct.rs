//! Corrections of OCR output where the reading is certain from context.
//!
//! Tesseract's Swedish model (`swe.traineddata` as Debian ships it) has no
//! "§" in its character set, so every section sign of a plan comes out as
//! the nearest shape it knows. In a legal reference — "14 kap. 4 §" — a
//! chapter and a paragraph number are always followed by the sign, so a
//! look-alike there is put back. A list's bullets and dashes come out as
//! whatever mark is nearest; their shape and place say what they are.

use super::hocr::PxBox;

/// What the model printed for "§", each with the plan where it was seen
/// (the Örebro scan, `fixtures/families/pdf/f7-orebro-scan.pdf`, at 200
/// dpi; the same plan's PDF rasterised at 300 dpi by `--ocr always`).
const SECTION_SIGN_READINGS: &[&str] = &[
    "8", // "11 kap. 5 8 socialtjänstlagen" (f7 p1)
    "5", // "(14 kap. 5 5)." (f7 p1)
    "3", // "information enligt 14 kap 4 3." (f1 at 300 dpi, p2)
    "$", // "personlig information enligt 14 kap 4 $." (a Chromium list plan, printed and scanned at 300 dpi)
];

/// What Tesseract reads a list's bullet or dash as: ".", "»", "+", "—-"
/// for "•" and "–" (list plans printed and scanned at 300 dpi), and a
/// lone "e" or "o" for a filled dot. A mark of its own at a line's start
/// with a marker's gap after it is the marker, whatever it was read as.
const MARKER_READINGS: &[&str] = &[
    ".", "·", "•", "»", "«", "+", "*", "°", "®", "©", "¢", "e", "o", "-", "—", "–", "—-", "--", "~",
];
/// The gap after a list marker, in text sizes: the text starts at a tab
/// stop (1.5–2.5 sizes in the scanned plans); words of prose are a quarter
/// of a size apart.
const MIN_MARKER_GAP: f64 = 0.8;
/// A marker is small: at most this many text sizes wide and tall.
const MAX_MARKER_SIZE: f64 = 0.7;

/// A line's first word when it is a list marker OCR misread: "•" for a
/// dot, "–" for a dash (wider than tall). `first` and `next` are the
/// first two words' boxes, `size` the line's text size (pixels).
pub fn list_marker(text: &str, first: &PxBox, next: &PxBox, size: f64) -> Option<&'static str> {
    if !MARKER_READINGS.contains(&text) || size <= 0.0 {
        return None;
    }
    let gap = next.x0 - first.x1;
    let small = first.width() <= MAX_MARKER_SIZE * size && first.height() <= MAX_MARKER_SIZE * size;
    if gap < MIN_MARKER_GAP * size || !small {
        return None;
    }
    Some(if first.width() > 1.5 * first.height() {
        "–"
    } else {
        "•"
    })
}

/// What may follow the sign in the same word: "(14 kap. 4 §).".
const TRAILING_PUNCTUATION: [char; 5] = [')', '.', ',', ';', ':'];

/// The word for "chapter" that precedes the paragraph number ("14 kap. 4 §").
const CHAPTER_WORDS: &[&str] = &["kap.", "kap"];

/// Puts "§" back where OCR read it as a look-alike after "<n> kap. <m>".
/// Words are one line's, in reading order; the result has the same length.
pub fn section_signs(words: &[String]) -> Vec<String> {
    let mut out = words.to_vec();
    for i in 2..words.len() {
        let chapter = CHAPTER_WORDS.contains(&words[i - 2].to_lowercase().as_str());
        if !chapter || !is_paragraph_number(&words[i - 1]) {
            continue;
        }
        let word = &words[i];
        let core_end = word.find(TRAILING_PUNCTUATION).unwrap_or(word.len());
        let (core, tail) = word.split_at(core_end);
        if !tail.chars().all(|c| TRAILING_PUNCTUATION.contains(&c)) {
            continue;
        }
        if SECTION_SIGN_READINGS.contains(&core) {
            out[i] = format!("§{tail}");
        }
    }
    out
}

/// "4", "5a": a paragraph number as cited.
fn is_paragraph_number(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let rest = &word[digits..];
    (1..=3).contains(&digits)
        && (rest.is_empty() || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn look_alikes_after_a_chapter_and_paragraph_become_section_signs() {
        // As Tesseract read page 1 and 2 of the Örebro scan.
        assert_eq!(
            section_signs(&words("enligt 11 kap. 5 8 socialtjänstlagen")).join(" "),
            "enligt 11 kap. 5 § socialtjänstlagen"
        );
        assert_eq!(
            section_signs(&words("dokumenteras (14 kap. 4 5). Finns")).join(" "),
            "dokumenteras (14 kap. 4 §). Finns"
        );
        assert_eq!(
            section_signs(&words("information enligt 14 kap 4 8.")).join(" "),
            "information enligt 14 kap 4 §."
        );
        assert_eq!(
            section_signs(&words("information enligt 14 kap 4 3.")).join(" "),
            "information enligt 14 kap 4 §."
        );
    }

    #[test]
    fn numbers_elsewhere_are_left_alone() {
        for text in [
            "protokoll 2025-06-24, 8 88",
            "75 +år, 5 dagar",
            "14 kap. 4, 5 och 8",
            "enligt 14 kap. 4 § och 5",
            "kap. 12 800 kronor",
        ] {
            assert_eq!(section_signs(&words(text)).join(" "), text);
        }
    }

    fn px(x0: f64, y0: f64, x1: f64, y1: f64) -> PxBox {
        PxBox { x0, y0, x1, y1 }
    }

    #[test]
    fn a_misread_mark_before_a_tab_is_a_list_marker() {
        // Boxes as Tesseract gave them on a list plan scanned at 300 dpi
        // (text size 46 px): ". ┃ Rådgivning …", "—- ┃ Anhörigstöd …".
        let text = px(340.0, 1000.0, 520.0, 1046.0);
        assert_eq!(
            list_marker(".", &px(245.0, 1015.0, 258.0, 1028.0), &text, 46.0),
            Some("•")
        );
        assert_eq!(
            list_marker("—-", &px(236.0, 1018.0, 262.0, 1024.0), &text, 46.0),
            Some("–")
        );
        // A word, or a mark close to the next word, is left alone.
        assert_eq!(
            list_marker("Ja", &px(245.0, 1010.0, 280.0, 1046.0), &text, 46.0),
            None
        );
        assert_eq!(
            list_marker("-", &px(320.0, 1018.0, 330.0, 1024.0), &text, 46.0),
            None
        );
    }
}
