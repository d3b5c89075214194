//! Splitting text into word runs for diacritic restoration.
//!
//! The restorer only ever rewrites the bytes of a word run; everything between
//! runs (punctuation, whitespace, line breaks) is copied untouched, which is how
//! "keep punctuation and whitespace exactly" is guaranteed by construction.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What the restorer may do with a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RunKind {
    /// A word whose letters (and OCR look-alikes) may be rewritten.
    Word,
    /// Digits only ("14", "2025", "3" in "3-12 år"): never an OCR ö/ä/å.
    Number,
    /// Kept as is but still context for the neighbours (single letters,
    /// URL and e-mail parts, codes such as "B12").
    Fixed,
    /// A short all-capital word among ordinary words: probably an acronym
    /// ("IFO", "DO"), restored only on overwhelming evidence ("OPPEN").
    Caps,
}

/// A maximal run of word characters.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub range: Range<usize>,
    pub kind: RunKind,
    /// A sentence or paragraph break lies between this run and the previous
    /// one, so the bigram context restarts here.
    pub boundary_before: bool,
}

/// Characters that belong to a run. Digits and '&' are included because OCR
/// puts them inside words ("6ppna", "&r"); whether they are read as letters is
/// decided per run.
pub(crate) fn is_run_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || c == '&'
}

/// Digits that OCR produces for ö (6), ä (4) and å (3).
pub(crate) fn is_confusable_digit(c: char) -> bool {
    matches!(c, '3' | '4' | '6')
}

/// Whitespace-delimited chunks that look like URLs, e-mail addresses or file
/// names: their letters are not Swedish prose and must not be "restored".
static PROTECTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(://|www\.|@|[a-z0-9]\.(se|nu|com|org|net|eu|io|info|gov|edu|html?|pdf|docx?|xlsx?|aspx?|php)(\b|/))",
    )
    .ok()
});

fn protected_ranges(text: &str) -> Vec<Range<usize>> {
    let Some(re) = PROTECTED.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                if re.is_match(&text[s..i]) {
                    out.push(s..i);
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Does the text between two runs end a sentence or paragraph?
fn is_boundary(gap: &str) -> bool {
    gap.contains(['.', '!', '?', ';', ':']) || gap.matches('\n').count() >= 2
}

/// Longest run treated as a word, in characters.
const MAX_WORD: usize = 64;

/// Classify one run by its characters.
fn classify(run: &str) -> RunKind {
    let mut letters = 0usize;
    let mut lower = 0usize;
    let mut digits = 0usize;
    let mut bad_digit = false;
    let mut prev_digit = false;
    for c in run.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            // Two digits in a row or a digit OCR does not confuse with a
            // letter means a code or a number glued to a word ("B12").
            if prev_digit || !is_confusable_digit(c) {
                bad_digit = true;
            }
            prev_digit = true;
        } else {
            if c.is_alphabetic() {
                letters += 1;
                lower += usize::from(c.is_lowercase());
            }
            prev_digit = false;
        }
    }
    if letters == 0 && digits > 0 {
        return RunKind::Number;
    }
    let len = run.chars().count();
    if len > MAX_WORD {
        // No Swedish word is this long: an encoded blob or a run-together
        // line, and the compound search would only waste time on it.
        return RunKind::Fixed;
    }
    if len < 2 {
        // "a", "o", "&", "3": too little evidence, and "bl.a." must survive.
        return RunKind::Fixed;
    }
    // One letter is enough next to a single look-alike digit when it is
    // lowercase ("p3" for på); "4H" or "3D" are codes.
    if digits > 0 && (bad_digit || letters == 0 || (letters == 1 && (lower == 0 || digits > 1))) {
        return RunKind::Fixed;
    }
    RunKind::Word
}

/// All runs of the text, in order.
pub(crate) fn runs(text: &str) -> Vec<Run> {
    let protected = protected_ranges(text);
    let mut out = Vec::new();
    let mut prev_end = 0usize;
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, prev_end: &mut usize, out: &mut Vec<Run>| {
        let in_protected = protected.iter().any(|r| r.start <= s && e <= r.end);
        let kind = if in_protected {
            RunKind::Fixed
        } else {
            classify(&text[s..e])
        };
        out.push(Run {
            range: s..e,
            kind,
            boundary_before: out.is_empty() || is_boundary(&text[*prev_end..s]),
        });
        *prev_end = e;
    };
    for (i, c) in text.char_indices() {
        if is_run_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            push(s, i, &mut prev_end, &mut out);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut prev_end, &mut out);
    }
    mark_acronyms(text, &mut out);
    out
}

/// Longest all-capital word still taken for an acronym ("IFO", "UNGDOK").
const MAX_ACRONYM: usize = 6;

fn is_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// A short all-capital word among ordinary words is more often an acronym
/// ("IFO", "DO") than a shouted Swedish word. Inside an all-capital heading
/// ("ANSVAR OCH UPPFOLJNING") words are ordinary words.
fn mark_acronyms(text: &str, runs: &mut [Run]) {
    let caps: Vec<bool> = runs
        .iter()
        .map(|r| is_caps(&text[r.range.clone()]))
        .collect();
    let has_letter: Vec<bool> = runs
        .iter()
        .map(|r| text[r.range.clone()].chars().any(char::is_alphabetic))
        .collect();
    for i in 0..runs.len() {
        let len = text[runs[i].range.clone()].chars().count();
        if runs[i].kind != RunKind::Word || !caps[i] || len > MAX_ACRONYM {
            continue;
        }
        let prev = (0..i).rev().find(|&j| has_letter[j]);
        let next = (i + 1..runs.len()).find(|&j| has_letter[j]);
        let caps_neighbour = prev.is_some_and(|j| caps[j]) || next.is_some_and(|j| caps[j]);
        if !caps_neighbour {
            runs[i].kind = RunKind::Caps;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, RunKind)> {
        runs(text)
            .into_iter()
            .map(|r| (text[r.range].to_string(), r.kind))
            .collect()
    }

    #[test]
    fn numbers_and_paragraphs_are_not_words() {
        let k = kinds("14 kap 3§ och 3-12 år, 6 samtal");
        assert_eq!(k[0], ("14".into(), RunKind::Number));
        assert_eq!(k[2], ("3".into(), RunKind::Number));
        assert_eq!(k[4], ("3".into(), RunKind::Number));
        assert_eq!(k[5], ("12".into(), RunKind::Number));
        assert_eq!(k[7], ("6".into(), RunKind::Number));
    }

    #[test]
    fn ocr_digits_inside_words_are_words() {
        let k = kinds("6ppna uppst3 B12 covid19 p3 4H");
        assert_eq!(k[0].1, RunKind::Word);
        assert_eq!(k[1].1, RunKind::Word);
        assert_eq!(k[2].1, RunKind::Fixed);
        assert_eq!(k[3].1, RunKind::Fixed);
        assert_eq!(k[4].1, RunKind::Word);
        assert_eq!(k[5].1, RunKind::Fixed);
    }

    #[test]
    fn urls_and_mail_are_fixed() {
        let k = kinds("se www.sala.se/forum eller mejla info@sala.se nu");
        let fixed: Vec<&str> = k
            .iter()
            .filter(|(_, kind)| *kind == RunKind::Fixed)
            .map(|(w, _)| w.as_str())
            .collect();
        assert_eq!(fixed, ["www", "sala", "se", "forum", "info", "sala", "se"]);
        assert_eq!(k.last().map(|x| x.1), Some(RunKind::Word));
    }

    #[test]
    fn boundaries_follow_sentence_punctuation() {
        let r = runs("det ar. Har vi\n\nnya");
        let b: Vec<bool> = r.iter().map(|r| r.boundary_before).collect();
        assert_eq!(b, [true, false, true, false, true]);
    }
}
