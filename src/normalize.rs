//! Stage 2 — text normalisation: correct, composed Unicode.
//!
//! Three levels, each used by the layout stage:
//! - glyphs: accents drawn as their own glyph beside or over a letter are
//!   composed into that letter by position ([`compose_accent_glyphs`]);
//! - strings: ligatures, soft hyphens, odd spaces, spacing accents, NFC,
//!   whitespace ([`normalize_text`]);
//! - lines: line-end hyphenation joined when lines are read as one text
//!   ([`join_lines`]).
//!
//! Normalisation never changes letters otherwise: restoring lost diacritics
//! is a separate stage.

use crate::pdf::Glyph;
use unicode_normalization::UnicodeNormalization;

/// Spacing accents (and combining marks drawn on their own) → the combining
/// mark they stand for. Producers that lack a precomposed "å" draw "a" and a
/// ring; OCR and old converters emit "a¨".
const ACCENTS: &[(char, char)] = &[
    ('\u{00A8}', '\u{0308}'), // ¨ diaeresis: ä ö
    ('\u{0308}', '\u{0308}'),
    ('\u{02DA}', '\u{030A}'), // ˚ ring: å
    ('\u{030A}', '\u{030A}'),
    ('\u{00B4}', '\u{0301}'), // ´ acute: é
    ('\u{0301}', '\u{0301}'),
    ('\u{02CA}', '\u{0301}'),
    ('\u{0060}', '\u{0300}'), // ` grave: è (glyph level only, see below)
    ('\u{0300}', '\u{0300}'),
    ('\u{02C6}', '\u{0302}'), // ˆ circumflex
    ('\u{0302}', '\u{0302}'),
    ('\u{02DC}', '\u{0303}'), // ˜ tilde
    ('\u{0303}', '\u{0303}'),
];

fn combining_for(c: char) -> Option<char> {
    ACCENTS.iter().find(|(a, _)| *a == c).map(|(_, m)| *m)
}

/// Letters that take the accents above in Swedish text (names included).
fn takes_accent(c: char) -> bool {
    "aoeuiyAOEUIYnN".contains(c)
}

const LIGATURES: &[(char, &str)] = &[
    ('\u{FB00}', "ff"),
    ('\u{FB01}', "fi"),
    ('\u{FB02}', "fl"),
    ('\u{FB03}', "ffi"),
    ('\u{FB04}', "ffl"),
    ('\u{FB05}', "st"),
    ('\u{FB06}', "st"),
    ('\u{0132}', "IJ"),
    ('\u{0133}', "ij"),
];

/// Composes accent glyphs with the letter they sit over or beside. An accent
/// belongs to the letter whose box holds the accent's centre horizontally
/// (or is nearest within a third of the font size) and that it does not sit
/// far above or below.
pub fn compose_accent_glyphs(glyphs: &mut Vec<Glyph>) {
    let is_accent = |g: &Glyph| {
        let mut chars = g.text.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if combining_for(c).is_some())
    };
    if !glyphs.iter().any(is_accent) {
        return;
    }
    let mut remove = vec![false; glyphs.len()];
    for i in 0..glyphs.len() {
        if !is_accent(&glyphs[i]) {
            continue;
        }
        let accent = &glyphs[i];
        let Some(mark) = accent.text.chars().next().and_then(combining_for) else {
            continue;
        };
        let cx = accent.bbox.center_x();
        let size = accent.font_size.max(1.0);
        let mut best: Option<(usize, f64)> = None;
        for (j, base) in glyphs.iter().enumerate() {
            if j == i || remove[j] || !base.upright {
                continue;
            }
            let mut chars = base.text.chars();
            let (Some(letter), None) = (chars.next(), chars.next()) else {
                continue;
            };
            if !takes_accent(letter) {
                continue;
            }
            // Same line of text: the accent is within a line height of the letter.
            if (base.bbox.center_y() - accent.bbox.center_y()).abs() > base.font_size.max(size) {
                continue;
            }
            let distance = if cx >= base.bbox.x0 && cx <= base.bbox.x1 {
                0.0
            } else {
                (cx - base.bbox.x0).abs().min((cx - base.bbox.x1).abs())
            };
            if distance <= size / 3.0 && best.is_none_or(|(_, d)| distance < d) {
                best = Some((j, distance));
            }
        }
        if let Some((j, _)) = best {
            let composed: String = format!("{}{}", glyphs[j].text, mark).nfc().collect();
            glyphs[j].text = composed;
            glyphs[j].space_after |= glyphs[i].space_after && i > j;
            remove[i] = true;
        }
    }
    let mut index = 0;
    glyphs.retain(|_| {
        let keep = !remove[index];
        index += 1;
        keep
    });
}

/// Normalises one run of text (a word, a line): ligatures expanded, soft
/// hyphens dropped (a line-final one becomes "-" so [`join_lines`] can join
/// it), every kind of space made a plain space, control and zero-width
/// characters removed, spacing accents next to a letter composed, NFC, runs
/// of whitespace collapsed and the ends trimmed.
pub fn normalize_text(input: &str) -> String {
    let trimmed_end = input.trim_end_matches([' ', '\t', '\u{a0}']);
    let ends_with_soft_hyphen = trimmed_end.ends_with('\u{AD}');
    let mut chars: Vec<char> = Vec::with_capacity(input.len());
    for c in input.chars() {
        if let Some((_, expansion)) = LIGATURES.iter().find(|(l, _)| *l == c) {
            chars.extend(expansion.chars());
            continue;
        }
        match c {
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                chars.push(' ')
            }
            '\u{2010}' | '\u{2011}' => chars.push('-'),
            c if c.is_control() => chars.push(' '),
            c => chars.push(c),
        }
    }
    if ends_with_soft_hyphen {
        chars.push('-');
    }
    let chars = compose_spacing_accents(&chars);
    let composed: String = chars.into_iter().nfc().collect();
    collapse_whitespace(&composed)
}

/// "a¨" and "¨a" → "ä" (likewise ˚ ´): a spacing accent that touches a letter
/// that takes it. The grave accent and a lone accent are left as printed.
fn compose_spacing_accents(chars: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mark = if c == '`' { None } else { combining_for(c) };
        let spacing = mark.is_some() && !('\u{0300}'..='\u{036F}').contains(&c);
        if let (true, Some(mark)) = (spacing, mark) {
            let prev_letter = out.last().copied().filter(|p| takes_accent(*p));
            let next_letter = chars.get(i + 1).copied().filter(|n| takes_accent(*n));
            // Prefer the following letter when the accent starts a word
            // ("¨ar"), the preceding one otherwise ("a¨r").
            let prev_is_word = i >= 2 && chars[i - 2].is_alphabetic();
            match (prev_letter, next_letter) {
                (Some(_), _) if prev_is_word || next_letter.is_none() => {
                    out.push(mark);
                    i += 1;
                    continue;
                }
                (_, Some(n)) => {
                    out.push(n);
                    out.push(mark);
                    i += 2;
                    continue;
                }
                (Some(_), None) => unreachable!("covered by the first arm"),
                (None, None) => {}
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Words after which a line-final hyphen is a suspended compound
/// ("Råd- och stöd", "barn- eller ungdomsgrupp"), not a break inside a word.
const SUSPENSION_WORDS: &[&str] = &[
    "och",
    "eller",
    "samt",
    "respektive",
    "resp.",
    "till",
    "som",
    "men",
    "&",
];

/// Joins the lines of one paragraph or table cell into one string.
///
/// A line ending in a hyphen after a letter is a word broken across lines:
/// "dokument-" + "ation" → "dokumentation". The hyphen stays where it
/// carries meaning: before a conjunction ("Råd-" + "och stöd" → "Råd- och
/// stöd"), after an abbreviation or a digit ("KBT-" + "behandling" →
/// "KBT-behandling", "0-" + "21 år" → "0-21 år"), and before a capital
/// ("Covid-" + "Sverige" keeps its hyphen). Other lines are joined by a space.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if out.ends_with('-') && !out.ends_with(" -") && !out.ends_with("--") {
            let before: String = out
                .trim_end_matches('-')
                .chars()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let next_word = line.split_whitespace().next().unwrap_or("");
            let next_first = next_word.chars().next().unwrap_or(' ');
            let before_last = before.chars().last().unwrap_or(' ');
            let lower_next = next_word.to_lowercase();
            if SUSPENSION_WORDS.contains(&lower_next.as_str()) {
                out.push(' ');
            } else if before_last.is_ascii_digit()
                || (before.chars().count() >= 2
                    && before
                        .chars()
                        .all(|c| c.is_uppercase() || !c.is_alphabetic()))
                || next_first.is_uppercase()
                || next_first.is_ascii_digit()
            {
                // keep the hyphen, no space
            } else if before_last.is_alphabetic() && next_first.is_lowercase() {
                out.pop();
            } else {
                out.push(' ');
            }
            out.push_str(line);
            continue;
        }
        // "Provtagning/" + "Drogscreening": a slash at the line end binds.
        if !out.ends_with('/') {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;

    fn glyph(text: &str, x0: f64, top: f64, width: f64) -> Glyph {
        Glyph {
            text: text.to_string(),
            bbox: BBox::new(x0, top, x0 + width, top + 10.0),
            font_size: 10.0,
            upright: true,
            space_after: false,
            bold: false,
            run: 0,
        }
    }

    fn texts(glyphs: &[Glyph]) -> String {
        glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn nfc_composes_decomposed_letters() {
        assert_eq!(
            normalize_text("fo\u{0308}rha\u{030A}llanden"),
            "förhållanden"
        );
    }

    #[test]
    fn spacing_accents_beside_a_letter_compose() {
        assert_eq!(normalize_text("a¨ven"), "även");
        assert_eq!(normalize_text("¨ar"), "är");
        assert_eq!(normalize_text("ra˚dgivning"), "rådgivning");
        assert_eq!(
            normalize_text("Ha¨lso- och sjukva˚rd"),
            "Hälso- och sjukvård"
        );
        assert_eq!(normalize_text("Andre´"), "André");
        // A lone accent with no letter to take it is left as printed.
        assert_eq!(normalize_text("tecknet ¨ ensamt"), "tecknet ¨ ensamt");
    }

    #[test]
    fn accent_glyphs_compose_by_position() {
        // "sta¨lle" drawn as s t a l l e plus a diaeresis over the "a",
        // emitted at the end of the stream; and a ring drawn before its "A".
        let mut glyphs = vec![
            glyph("s", 0.0, 0.0, 5.0),
            glyph("t", 5.0, 0.0, 5.0),
            glyph("a", 10.0, 0.0, 5.0),
            glyph("l", 15.0, 0.0, 5.0),
            glyph("l", 20.0, 0.0, 5.0),
            glyph("e", 25.0, 0.0, 5.0),
            glyph("\u{00A8}", 10.5, -3.0, 4.0),
        ];
        compose_accent_glyphs(&mut glyphs);
        assert_eq!(texts(&glyphs), "ställe");

        let mut glyphs = vec![
            glyph("\u{02DA}", 100.5, -3.0, 4.0),
            glyph("A", 100.0, 0.0, 6.0),
        ];
        compose_accent_glyphs(&mut glyphs);
        assert_eq!(texts(&glyphs), "Å");
    }

    #[test]
    fn an_accent_far_from_any_letter_stays() {
        let mut glyphs = vec![glyph("a", 0.0, 0.0, 5.0), glyph("\u{00B4}", 40.0, 0.0, 4.0)];
        compose_accent_glyphs(&mut glyphs);
        assert_eq!(texts(&glyphs), "a\u{00B4}");
    }

    #[test]
    fn ligatures_expand() {
        assert_eq!(
            normalize_text("e\u{FB00}ekt \u{FB01}nns \u{FB02}era"),
            "effekt finns flera"
        );
    }

    #[test]
    fn soft_hyphens_and_odd_spaces() {
        assert_eq!(normalize_text("doku\u{AD}men\u{AD}tation"), "dokumentation");
        assert_eq!(
            normalize_text("14\u{a0}kap.\u{202F}5\u{a0}§"),
            "14 kap. 5 §"
        );
        assert_eq!(normalize_text("dokumen\u{AD}"), "dokumen-");
        assert_eq!(normalize_text("a\u{200B}b\u{FEFF}"), "ab");
    }

    #[test]
    fn whitespace_collapses_and_trims() {
        assert_eq!(normalize_text("  Råd   och\tstöd \n"), "Råd och stöd");
    }

    #[test]
    fn normalisation_is_idempotent() {
        for s in ["a¨ven ﬁnns", "  x\u{AD}y  ", "Råd- och stöd", "¨ar ra˚d"] {
            let once = normalize_text(s);
            assert_eq!(normalize_text(&once), once);
        }
    }

    #[test]
    fn line_end_hyphenation_joins_words() {
        assert_eq!(
            join_lines(&["all dokument-", "ation sparas"]),
            "all dokumentation sparas"
        );
        assert_eq!(
            join_lines(&["Grupp-", "verksamhet för barn"]),
            "Gruppverksamhet för barn"
        );
    }

    #[test]
    fn meaningful_hyphens_are_kept() {
        assert_eq!(join_lines(&["Råd-", "och stöd"]), "Råd- och stöd");
        assert_eq!(
            join_lines(&["Råd- och stöd till", "föräldrar"]),
            "Råd- och stöd till föräldrar"
        );
        assert_eq!(join_lines(&["KBT-", "behandling"]), "KBT-behandling");
        assert_eq!(join_lines(&["barn 0-", "21 år"]), "barn 0-21 år");
        assert_eq!(join_lines(&["Region -", "Gotland"]), "Region - Gotland");
        assert_eq!(
            join_lines(&["Provtagning/", "Drogscreening"]),
            "Provtagning/Drogscreening"
        );
    }
}
