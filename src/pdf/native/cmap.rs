//! CMaps: `/ToUnicode` (codes → text) and embedded `/Encoding` CMaps of
//! composite fonts (codes → CIDs), PDF 32000 §9.7.5 and §9.10.3. Ranges are
//! kept as ranges: OCR tools write one range over all 65,536 codes, and
//! expanding it per document is what made the old backend slow.

use super::lexer::{Lexer, Token};
use std::collections::HashMap;

/// More entries than any real font has; a hostile CMap stops there.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, Clone)]
enum Target {
    /// `<lo> <hi> <dst>`: code `lo + i` maps to `dst` with its last UTF-16
    /// unit increased by `i`.
    Offset(Vec<u16>),
    /// `<lo> <hi> [<d0> <d1> …]`.
    Each(Vec<String>),
}

/// Codes (or CIDs) `lo..=hi` and what they map to.
#[derive(Debug, Clone)]
pub(super) struct Range<T> {
    pub lo: u32,
    pub hi: u32,
    pub target: T,
}

impl<T> Range<T> {
    /// The range holding `code` in `ranges` sorted by `lo`. Only the last
    /// few ranges starting at or before the code are candidates: producers
    /// do not write overlapping ranges.
    pub(super) fn find(ranges: &[Range<T>], code: u32) -> Option<&Range<T>> {
        let i = ranges.partition_point(|r| r.lo <= code);
        ranges[..i].iter().rev().take(4).find(|r| code <= r.hi)
    }
}

#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// `(bytes, lo, hi)` from `begincodespacerange`.
    codespace: Vec<(u8, u32, u32)>,
    chars: HashMap<u32, String>,
    ranges: Vec<Range<Target>>,
    cid_chars: HashMap<u32, u32>,
    cid_ranges: Vec<Range<u32>>,
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let value = bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
    Some((bytes.len() as u8, value))
}

/// UTF-16BE bytes (with surrogate pairs) → text; a ToUnicode destination.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            [one] => u16::from(*one),
            _ => 0,
        })
        .collect()
}

fn units_to_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer::new(data);
        let mut entries = 0usize;
        // Operands since the last keyword.
        let mut operands: Vec<Token> = Vec::new();
        while let Some(token) = lexer.next_token() {
            if entries > MAX_ENTRIES {
                break;
            }
            match token {
                Token::Keyword(b"endcodespacerange") => {
                    for pair in operands.chunks(2) {
                        if let [Token::Str(lo), Token::Str(hi)] = pair {
                            if let (Some((n, lo)), Some((_, hi))) = (code_of(lo), code_of(hi)) {
                                cmap.codespace.push((n, lo, hi.max(lo)));
                            }
                        }
                    }
                }
                Token::Keyword(b"endbfchar") => {
                    for pair in operands.chunks(2) {
                        let text = match pair {
                            [Token::Str(_), Token::Str(dst)] => units_to_string(&utf16_units(dst)),
                            [Token::Str(_), Token::Name(name)] => {
                                super::font::glyph_name_to_text(name).unwrap_or_default()
                            }
                            _ => continue,
                        };
                        if let [Token::Str(src), _] = pair {
                            if let Some((_, code)) = code_of(src) {
                                cmap.chars.insert(code, text);
                                entries += 1;
                            }
                        }
                    }
                }
                Token::Keyword(b"endbfrange") => {
                    let mut i = 0;
                    while i + 2 < operands.len() {
                        let (Token::Str(lo), Token::Str(hi)) = (&operands[i], &operands[i + 1])
                        else {
                            i += 1;
                            continue;
                        };
                        let (Some((_, lo)), Some((_, hi))) = (code_of(lo), code_of(hi)) else {
                            i += 3;
                            continue;
                        };
                        let hi = hi.max(lo);
                        match &operands[i + 2] {
                            Token::Str(dst) => {
                                cmap.ranges.push(Range {
                                    lo,
                                    hi,
                                    target: Target::Offset(utf16_units(dst)),
                                });
                                entries += 1;
                                i += 3;
                            }
                            Token::ArrayOpen => {
                                let mut each = Vec::new();
                                let mut j = i + 3;
                                while let Some(Token::Str(dst)) = operands.get(j) {
                                    each.push(units_to_string(&utf16_units(dst)));
                                    j += 1;
                                }
                                entries += each.len();
                                cmap.ranges.push(Range {
                                    lo,
                                    hi,
                                    target: Target::Each(each),
                                });
                                // Past the closing bracket.
                                i = j + 1;
                            }
                            _ => i += 3,
                        }
                    }
                }
                Token::Keyword(b"endcidchar") => {
                    for pair in operands.chunks(2) {
                        if let [Token::Str(src), Token::Number(cid)] = pair {
                            if let Some((_, code)) = code_of(src) {
                                cmap.cid_chars.insert(code, *cid as u32);
                                entries += 1;
                            }
                        }
                    }
                }
                Token::Keyword(b"endcidrange") => {
                    for triple in operands.chunks(3) {
                        if let [Token::Str(lo), Token::Str(hi), Token::Number(cid)] = triple {
                            if let (Some((_, lo)), Some((_, hi))) = (code_of(lo), code_of(hi)) {
                                cmap.cid_ranges.push(Range {
                                    lo,
                                    hi: hi.max(lo),
                                    target: *cid as u32,
                                });
                                entries += 1;
                            }
                        }
                    }
                }
                Token::Keyword(_) => {}
                other => {
                    operands.push(other);
                    continue;
                }
            }
            operands.clear();
        }
        cmap.ranges.sort_by_key(|r| r.lo);
        cmap.cid_ranges.sort_by_key(|r| r.lo);
        cmap
    }

    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// The next code at the start of `bytes` and its length, by the
    /// codespace ranges; `None` when no range matches (the caller decides).
    pub fn next_code(&self, bytes: &[u8]) -> Option<(u32, usize)> {
        for len in 1..=4usize {
            let Some((_, code)) = bytes.get(..len).and_then(code_of) else {
                break;
            };
            let fits = self
                .codespace
                .iter()
                .any(|&(n, lo, hi)| usize::from(n) == len && (lo..=hi).contains(&code));
            if fits {
                return Some((code, len));
            }
        }
        None
    }

    pub fn unicode(&self, code: u32) -> Option<String> {
        if let Some(text) = self.chars.get(&code) {
            return Some(text.clone());
        }
        let range = Range::find(&self.ranges, code)?;
        let offset = code - range.lo;
        match &range.target {
            Target::Offset(units) => {
                let mut units = units.clone();
                let last = units.last_mut()?;
                *last = last.wrapping_add(offset as u16);
                Some(units_to_string(&units))
            }
            Target::Each(each) => each.get(offset as usize).cloned(),
        }
    }

    pub fn cid(&self, code: u32) -> Option<u32> {
        if let Some(cid) = self.cid_chars.get(&code) {
            return Some(*cid);
        }
        let range = Range::find(&self.cid_ranges, code)?;
        Some(range.target.wrapping_add(code - range.lo))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <00E5> endbfchar
2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<0066006C> <D83DDE00>] endbfrange
endcmap";

    #[test]
    fn chars_ranges_ligatures_and_surrogates() {
        let cmap = CMap::parse(TO_UNICODE);
        assert_eq!(cmap.unicode(0x11).as_deref(), Some("å"));
        assert_eq!(cmap.unicode(0x25).as_deref(), Some("B"));
        assert_eq!(cmap.unicode(0x30).as_deref(), Some("fl"));
        assert_eq!(cmap.unicode(0x31).as_deref(), Some("😀"));
        assert_eq!(cmap.unicode(0x27), None);
        assert_eq!(cmap.next_code(&[0, 0x11, 0]), Some((0x11, 2)));
    }

    #[test]
    fn one_range_over_all_codes_stays_one_range() {
        let cmap = CMap::parse(b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange");
        assert_eq!(cmap.ranges.len(), 1);
        assert_eq!(cmap.unicode(0xe4).as_deref(), Some("ä"));
    }

    #[test]
    fn cid_ranges() {
        let cmap = CMap::parse(
            b"1 begincidrange <0100> <01FF> 500 endcidrange 1 begincidchar <02> 7 endcidchar",
        );
        assert_eq!(cmap.cid(0x0105), Some(505));
        assert_eq!(cmap.cid(0x02), Some(7));
        assert_eq!(cmap.cid(0x03), None);
    }

    #[test]
    fn broken_cmaps_parse_to_something() {
        for data in [
            &b"beginbfrange <00> endbfrange"[..],
            b"endbfchar",
            b"<01> <02> [ endbfrange",
            b"1 beginbfrange <0000> <FFFF> [ ] endbfrange",
        ] {
            let _ = CMap::parse(data).unicode(1);
        }
    }
}
