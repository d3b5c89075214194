//! Simple-font encodings (PDF 32000 §9.6.5, Annex D): a code names a glyph
//! — by the base encoding, the font program's own encoding, or
//! `/Differences` — and the glyph name says the text (the Adobe Glyph List,
//! `uniXXXX`, ligature names like `f_f_i`). Tables in data/pdf/, made by
//! make_glyph_tables.py.
//!
//! lopdf reads `/Differences` too, but gives up on the whole encoding when
//! it meets a name it does not know (`/.notdef` in the middle), which lost
//! every ligature of TeX's fonts ("ef cient").

use std::collections::HashMap;
use std::sync::OnceLock;

/// Code → glyph name, for one encoding.
pub type Names = [Option<Box<str>>; 256];

fn glyph_table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../../data/pdf/glyph_names.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .collect()
    })
}

fn encoding_table() -> &'static HashMap<&'static str, HashMap<u8, &'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, HashMap<u8, &'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../../data/pdf/encodings.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut cells = line.split(' ');
                let name = cells.next()?;
                let codes = cells
                    .filter_map(|cell| {
                        let (code, glyph) = cell.split_once('=')?;
                        Some((u8::from_str_radix(code, 16).ok()?, glyph))
                    })
                    .collect();
                Some((name, codes))
            })
            .collect()
    })
}

/// A named encoding: StandardEncoding, WinAnsiEncoding, MacRomanEncoding,
/// MacExpertEncoding, or the built-in encodings `Symbol` and `ZapfDingbats`.
pub fn named(name: &str) -> Option<Names> {
    let table = encoding_table().get(name)?;
    Some(std::array::from_fn(|code| {
        table.get(&(code as u8)).map(|g| Box::from(*g))
    }))
}

fn hex_text(hex: &str, width: usize) -> Option<String> {
    if hex.is_empty() || hex.len() % width != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..hex.len() / width)
        .map(|i| {
            let unit = u32::from_str_radix(hex.get(i * width..(i + 1) * width)?, 16).ok()?;
            // Surrogates are not characters; uniD800 names nothing.
            char::from_u32(unit)
        })
        .collect()
}

/// The text a glyph name stands for (the Adobe Glyph List specification:
/// a suffix after `.` is dropped, `_` joins components, each component is
/// a listed name, `uniXXXX…` or `uXXXX[XX]`). Names that only number a
/// glyph (`g17`, `cid123`, `.notdef`) give nothing.
pub fn glyph_text(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or_default();
    if base.is_empty() {
        return None;
    }
    let mut out = String::new();
    for component in base.split('_') {
        if let Some(codes) = glyph_table().get(component) {
            for code in codes.split('+') {
                out.push(char::from_u32(u32::from_str_radix(code, 16).ok()?)?);
            }
        } else if let Some(hex) = component.strip_prefix("uni") {
            out.push_str(&hex_text(hex, 4)?);
        } else if let Some(hex) = component
            .strip_prefix('u')
            .filter(|h| (4..=6).contains(&h.len()))
        {
            out.push_str(&hex_text(hex, hex.len())?);
        } else {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Applies a `/Differences` array (codes, then the names from there on).
pub fn apply_differences<'a>(names: &mut Names, items: impl IntoIterator<Item = Difference<'a>>) {
    let mut code: Option<usize> = None;
    for item in items {
        match item {
            Difference::Code(c) => code = usize::try_from(c).ok().filter(|c| *c < 256),
            Difference::Name(name) => {
                if let Some(c) = code {
                    names[c] = Some(String::from_utf8_lossy(name).into());
                    code = Some(c + 1).filter(|c| *c < 256);
                }
            }
        }
    }
}

/// One element of a `/Differences` array.
pub enum Difference<'a> {
    Code(i64),
    Name(&'a [u8]),
}

/// The encoding a Type 1 font program declares in its clear-text part:
/// `/Encoding StandardEncoding def`, or an array filled by
/// `dup <code> /<name> put`.
pub fn type1_builtin(program: &[u8]) -> Option<Names> {
    // The clear-text part ends where encryption starts.
    let end = find(program, b"eexec").unwrap_or(program.len());
    let clear = &program[..end];
    let at = find(clear, b"/Encoding")?;
    let rest = &clear[at + 9..];
    if rest.trim_ascii_start().starts_with(b"StandardEncoding") {
        return named("StandardEncoding");
    }
    let mut names: Names = std::array::from_fn(|_| None);
    let mut found = false;
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_ascii_whitespace().peekable();
    while let Some(word) = words.next() {
        if word == "readonly" || word == "def" {
            break;
        }
        if word != "dup" {
            continue;
        }
        let Some(code) = words.next().and_then(|c| c.parse::<usize>().ok()) else {
            continue;
        };
        let Some(name) = words.next().and_then(|n| n.strip_prefix('/')) else {
            continue;
        };
        if code < 256 {
            names[code] = Some(name.into());
            found = true;
        }
    }
    found.then_some(names)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The encoding of a bare CFF font program (FontFile3 /Type1C): code →
/// glyph (its encoding) → glyph name (its charset).
pub fn cff_builtin(program: &[u8]) -> Option<Names> {
    let table = ttf_parser::cff::Table::parse(program)?;
    let mut found = false;
    let names = std::array::from_fn(|code| {
        let name = table
            .glyph_index(code as u8)
            .filter(|g| g.0 != 0)
            .and_then(|g| table.glyph_name(g))
            .map(Box::from);
        found |= name.is_some();
        name
    });
    found.then_some(names)
}

/// The glyph names a symbolic TrueType program gives its codes: through
/// the (3,0) cmap (codes at U+F000 + code, or the code itself) or the
/// (1,0) cmap, then the `post` table's names.
pub fn truetype_builtin(program: &[u8]) -> Option<Names> {
    let face = ttf_parser::Face::parse(program, 0).ok()?;
    let cmap = face.tables().cmap?;
    let subtable = |platform: ttf_parser::PlatformId, encoding: u16| {
        cmap.subtables
            .into_iter()
            .find(|s| s.platform_id == platform && s.encoding_id == encoding)
    };
    let symbol = subtable(ttf_parser::PlatformId::Windows, 0);
    let mac = subtable(ttf_parser::PlatformId::Macintosh, 0);
    let mut found = false;
    let names = std::array::from_fn(|code| {
        let code = code as u32;
        let glyph = symbol
            .and_then(|s| s.glyph_index(0xF000 + code).or_else(|| s.glyph_index(code)))
            .or_else(|| mac.and_then(|s| s.glyph_index(code)))
            .filter(|g| g.0 != 0)?;
        let name = face.glyph_name(glyph).map(Box::from);
        found |= name.is_some();
        name
    });
    found.then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_by_the_glyph_list_rules() {
        assert_eq!(glyph_text("adieresis").as_deref(), Some("ä"));
        assert_eq!(glyph_text("fi").as_deref(), Some("ﬁ"));
        assert_eq!(glyph_text("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_text("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_text("uni00E400F6").as_deref(), Some("äö"));
        assert_eq!(glyph_text("u1F600").as_deref(), Some("😀"));
        // Dingbat names mean something in ZapfDingbats only (Type 3 fonts
        // name glyphs a73, a97, … by their codes).
        for meaningless in [".notdef", "g17", "cid123", "uniD800", "a20"] {
            assert_eq!(glyph_text(meaningless), None, "{meaningless}");
        }
    }

    #[test]
    fn differences_survive_a_notdef_in_the_middle() {
        // TeX's 8r-style arrays: .notdef at 173 must not cost the fi at 147.
        let mut names = named("WinAnsiEncoding").unwrap_or_else(|| std::array::from_fn(|_| None));
        apply_differences(
            &mut names,
            [
                Difference::Code(147),
                Difference::Name(b"fi"),
                Difference::Code(173),
                Difference::Name(b".notdef"),
                Difference::Name(b"registered"),
            ],
        );
        assert_eq!(names[147].as_deref(), Some("fi"));
        assert_eq!(names[174].as_deref(), Some("registered"));
        assert_eq!(names[0x41].as_deref(), Some("A"));
    }

    #[test]
    fn symbol_and_dingbats_built_in_encodings() {
        let symbol = named("Symbol").unwrap_or_else(|| std::array::from_fn(|_| None));
        assert_eq!(symbol[0x61].as_deref(), Some("alpha"));
        assert_eq!(
            glyph_text(symbol[0xB3].as_deref().unwrap_or("")).as_deref(),
            Some("≥")
        );
        let dingbats = named("ZapfDingbats").unwrap_or_else(|| std::array::from_fn(|_| None));
        assert_eq!(
            glyph_text(dingbats[0x34].as_deref().unwrap_or("")).as_deref(),
            Some("✔")
        );
    }

    #[test]
    fn a_type1_clear_text_encoding() {
        let program = b"%!PS-AdobeFont-1.1: CMSY8\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 3 /asteriskmath put\ndup 15 /bullet put\nreadonly def\ncurrentfile eexec\n\xd9\xd6";
        let names = type1_builtin(program).unwrap_or_else(|| std::array::from_fn(|_| None));
        assert_eq!(names[15].as_deref(), Some("bullet"));
        assert_eq!(names[3].as_deref(), Some("asteriskmath"));
        assert_eq!(names[65], None);
    }
}
