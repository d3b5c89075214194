//! Fonts as the text extractor needs them: how a shown string splits into
//! codes, the text of each code and its advance width. Built once per font
//! object per document (pdf-extract rebuilt every font, and re-parsed its
//! ToUnicode CMap, on every page).

use super::cmap::{CMap, Range};
use super::encoding;
use crate::pdf::objects::{dict_entry, number, resolve};
use lopdf::{Dictionary, Document, Object};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Width used when a font gives none at all (1/1000 em).
const FALLBACK_WIDTH: f64 = 500.0;
/// Entries read from a `/W` array at most (real fonts have a few thousand).
const MAX_WIDTH_ENTRIES: usize = 100_000;

pub struct Font {
    kind: Kind,
    bold: bool,
    /// `/BaseFont` without a subset prefix, for warnings.
    name: Box<str>,
}

enum Kind {
    Simple(Box<Simple>),
    Composite(Box<Composite>),
}

/// One byte per code: text and width (1/1000 of text space) per code.
struct Simple {
    table: Box<[(Option<Box<str>>, f64)]>,
    /// Set when `table` holds only the ToUnicode text: the encoding's text
    /// of the codes the map leaves out is read on first need, because
    /// reading it can mean inflating the whole font program, and most
    /// fonts only show codes their map has.
    unmapped: Option<Unmapped>,
}

struct Unmapped {
    dict: Dictionary,
    max: u64,
    texts: OnceCell<Box<[Option<Box<str>>]>>,
}

struct Composite {
    encoding: Option<CMap>,
    to_unicode: Option<CMap>,
    /// CID → text from the embedded font program, for fonts without a
    /// ToUnicode map.
    embedded_unicode: HashMap<u32, Box<str>>,
    widths: Vec<Range<CidWidth>>,
    default_width: f64,
}

enum CidWidth {
    Same(f64),
    /// Widths of consecutive CIDs from the range start.
    Each(Vec<f64>),
}

/// A stream entry's decoded data (a CMap, a font program); `None` when
/// absent or not decodable within `max` bytes.
fn stream_bytes(doc: &Document, dict: &Dictionary, key: &[u8], max: u64) -> Option<Vec<u8>> {
    match dict_entry(doc, dict, key)? {
        Object::Stream(s) => crate::pdf::filters::decode(doc, s, max).ok(),
        _ => None,
    }
}

/// Words in a font name that mean a heavy weight ("ABCDEF+NotoSans-Bold",
/// "Arial,Bold", "Nimbus-Sans-Bold", "SourceSansPro-Semibold", "Roboto-Black").
const BOLD_NAME_WORDS: &[&str] = &["bold", "black", "heavy", "semibold", "demi", "extrab"];
/// `/FontWeight` from this value up is bold (600 = semibold).
const BOLD_WEIGHT: f64 = 600.0;
/// `/Flags` bit 19: ForceBold.
const FORCE_BOLD: i64 = 1 << 18;

/// Whether a font dictionary (simple or Type0 with its descendant) is bold.
fn is_bold(doc: &Document, dict: &Dictionary) -> bool {
    let descendant = match dict_entry(doc, dict, b"DescendantFonts") {
        Some(Object::Array(fonts)) => match fonts.first().map(|f| resolve(doc, f)) {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        },
        _ => None,
    };
    let name_says = |d: &Dictionary| match dict_entry(doc, d, b"BaseFont") {
        Some(Object::Name(n)) => {
            let name = String::from_utf8_lossy(n).to_ascii_lowercase();
            let name = name.rsplit('+').next().unwrap_or("");
            BOLD_NAME_WORDS.iter().any(|w| name.contains(w))
        }
        _ => false,
    };
    let descriptor_says = |d: &Dictionary| match dict_entry(doc, d, b"FontDescriptor") {
        Some(Object::Dictionary(fd)) => {
            dict_entry(doc, fd, b"FontWeight")
                .and_then(number)
                .is_some_and(|w| w >= BOLD_WEIGHT)
                || dict_entry(doc, fd, b"Flags")
                    .and_then(number)
                    .is_some_and(|f| (f as i64) & FORCE_BOLD != 0)
        }
        _ => false,
    };
    std::iter::once(dict)
        .chain(descendant)
        .any(|d| name_says(d) || descriptor_says(d))
}

/// The standard font a base font name stands for ("ABCDEF+Arial,Bold" →
/// "Helvetica-Bold"), so fonts without `/Widths` still get their metrics.
fn standard_font(base_font: &[u8]) -> Option<&'static str> {
    let name = String::from_utf8_lossy(base_font);
    let name = name.rsplit('+').next().unwrap_or("").to_ascii_lowercase();
    let bold = name.contains("bold") || name.contains("black") || name.contains("heavy");
    let italic = name.contains("italic") || name.contains("oblique");
    let family = if name.starts_with("courier") {
        "Courier"
    } else if name.starts_with("times") {
        "Times"
    } else if name.starts_with("helvetica") || name.starts_with("arial") {
        "Helvetica"
    } else if name.starts_with("symbol") {
        return Some("Symbol");
    } else if name.starts_with("zapfdingbats") {
        return Some("ZapfDingbats");
    } else {
        return None;
    };
    Some(match (family, bold, italic) {
        ("Times", false, false) => "Times-Roman",
        ("Times", true, false) => "Times-Bold",
        ("Times", false, true) => "Times-Italic",
        ("Times", true, true) => "Times-BoldItalic",
        ("Helvetica", false, false) => "Helvetica",
        ("Helvetica", true, false) => "Helvetica-Bold",
        ("Helvetica", false, true) => "Helvetica-Oblique",
        ("Helvetica", true, true) => "Helvetica-BoldOblique",
        (_, false, false) => "Courier",
        (_, true, false) => "Courier-Bold",
        (_, false, true) => "Courier-Oblique",
        _ => "Courier-BoldOblique",
    })
}

/// Helvetica's advance width of a character (1/1000 em), for text iub
/// draws itself (form-field values); 556, a digit's, when not listed.
pub fn helvetica_width(c: char) -> f64 {
    core14()
        .get("Helvetica")
        .and_then(|m| m.get(format!("{:04X}", u32::from(c)).as_str()).copied())
        .unwrap_or(556.0)
}

/// Widths of the standard 14 fonts, keyed by `U+hex` for text fonts and by
/// `cXX` (code) for Symbol and ZapfDingbats; see data/pdf/.
fn core14() -> &'static HashMap<&'static str, HashMap<&'static str, f64>> {
    static TABLE: OnceLock<HashMap<&'static str, HashMap<&'static str, f64>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../../data/pdf/core14_widths.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut cells = line.split(' ');
                let name = cells.next()?;
                let widths = cells
                    .filter_map(|cell| {
                        let (key, width) = cell.split_once('=')?;
                        Some((key, width.parse().ok()?))
                    })
                    .collect();
                Some((name, widths))
            })
            .collect()
    })
}

/// `uniXXXX…` and `uXXXX[XX]` glyph names (the forms a ToUnicode CMap may
/// give as a name); other names carry no text we can trust.
pub fn glyph_name_to_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let hex_chars = |hex: &str, width: usize| -> Option<String> {
        if hex.is_empty() || hex.len() % width != 0 {
            return None;
        }
        (0..hex.len() / width)
            .map(|i| {
                u32::from_str_radix(hex.get(i * width..(i + 1) * width)?, 16)
                    .ok()
                    .and_then(char::from_u32)
            })
            .collect()
    };
    if let Some(hex) = name.strip_prefix("uni") {
        return hex_chars(hex, 4);
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            return hex_chars(hex, hex.len());
        }
    }
    None
}

impl Font {
    /// `max`: bytes a font's streams may decode to (`--max-stream-bytes`).
    pub fn load(doc: &Document, dict: &Dictionary, max: u64) -> Font {
        let subtype = match dict_entry(doc, dict, b"Subtype") {
            Some(Object::Name(n)) => n.as_slice(),
            _ => b"",
        };
        let to_unicode = stream_bytes(doc, dict, b"ToUnicode", max).map(|b| CMap::parse(&b));
        let bold = is_bold(doc, dict);
        let name = match dict_entry(doc, dict, b"BaseFont") {
            Some(Object::Name(n)) => String::from_utf8_lossy(n)
                .rsplit('+')
                .next()
                .unwrap_or_default()
                .into(),
            _ => String::from_utf8_lossy(subtype).into(),
        };
        if subtype == b"Type0" {
            return Font {
                kind: Kind::Composite(Box::new(Composite::load(doc, dict, to_unicode, max))),
                bold,
                name,
            };
        }
        Font {
            kind: Kind::Simple(Box::new(simple_table(
                doc,
                dict,
                subtype,
                to_unicode.as_ref(),
                max,
            ))),
            bold,
            name,
        }
    }

    /// The base font name, without a subset prefix.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A bold face, by name or by the descriptor's weight.
    pub fn bold(&self) -> bool {
        self.bold
    }

    /// Calls `show(code, length, text, width)` for each code of `bytes`;
    /// `text` is `None` when the font does not say what the glyph means.
    pub fn decode(
        &self,
        doc: &Document,
        bytes: &[u8],
        mut show: impl FnMut(u32, usize, Option<&str>, f64) -> bool,
    ) {
        match &self.kind {
            Kind::Simple(font) => {
                for &b in bytes {
                    let (text, width) = &font.table[usize::from(b)];
                    let text = text.as_deref().or_else(|| {
                        let unmapped = font.unmapped.as_ref()?;
                        let texts = unmapped
                            .texts
                            .get_or_init(|| encoded_texts(doc, &unmapped.dict, unmapped.max));
                        texts[usize::from(b)].as_deref()
                    });
                    if !show(u32::from(b), 1, text, *width) {
                        return;
                    }
                }
            }
            Kind::Composite(font) => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (code, len) = font.next_code(rest);
                    rest = rest.get(len..).unwrap_or_default();
                    let cid = match &font.encoding {
                        Some(cmap) => cmap.cid(code).unwrap_or(code),
                        None => code,
                    };
                    let text = font
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.unicode(code))
                        .or_else(|| font.embedded_text(cid));
                    if !show(code, len, text.as_deref(), font.width(cid)) {
                        return;
                    }
                }
            }
        }
    }
}

/// What a simple font's codes name (§9.6.5): the base encoding — named,
/// or else the font program's own (Type 1 clear text, CFF, a symbolic
/// TrueType's cmap and post names), or else the standard Symbol and
/// ZapfDingbats encodings, or StandardEncoding — then `/Differences`.
fn simple_encoding(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    standard: Option<&str>,
    max: u64,
) -> encoding::Names {
    let descriptor = match dict_entry(doc, dict, b"FontDescriptor") {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let builtin = || {
        let descriptor = descriptor?;
        if let Some(program) = stream_bytes(doc, descriptor, b"FontFile", max) {
            return encoding::type1_builtin(&program);
        }
        if let Some(program) = stream_bytes(doc, descriptor, b"FontFile3", max) {
            return encoding::cff_builtin(&program)
                .or_else(|| encoding::truetype_builtin(&program));
        }
        let program = stream_bytes(doc, descriptor, b"FontFile2", max)?;
        encoding::truetype_builtin(&program)
    };
    let standard_builtin = || match standard {
        Some(name @ ("Symbol" | "ZapfDingbats")) => encoding::named(name),
        _ => None,
    };
    let base_named = |name: &[u8]| encoding::named(&String::from_utf8_lossy(name));
    let encoding = dict_entry(doc, dict, b"Encoding");
    let base = match encoding {
        Some(Object::Name(name)) => base_named(name),
        Some(Object::Dictionary(d)) => match dict_entry(doc, d, b"BaseEncoding") {
            Some(Object::Name(name)) => base_named(name),
            _ => None,
        },
        _ => None,
    };
    // A TrueType font's own cmap is only its encoding when it is symbolic
    // or names none (a non-symbolic one means StandardEncoding).
    let truetype_symbolic = subtype != b"TrueType"
        || descriptor
            .and_then(|d| dict_entry(doc, d, b"Flags"))
            .and_then(number)
            .is_some_and(|f| (f as i64) & 4 != 0);
    let mut names = base
        .or_else(|| truetype_symbolic.then(builtin).flatten())
        .or_else(standard_builtin)
        .or_else(|| encoding::named("StandardEncoding"))
        .unwrap_or_else(|| std::array::from_fn(|_| None));
    if let Some(Object::Dictionary(d)) = encoding {
        if let Some(Object::Array(items)) = dict_entry(doc, d, b"Differences") {
            let items = items.iter().filter_map(|item| match resolve(doc, item) {
                Object::Integer(code) => Some(encoding::Difference::Code(*code)),
                Object::Real(code) => Some(encoding::Difference::Code(*code as i64)),
                Object::Name(name) => Some(encoding::Difference::Name(name)),
                _ => None,
            });
            encoding::apply_differences(&mut names, items);
        }
    }
    names
}

/// The text of each code by the font's encoding (its `/Encoding`, the
/// program's own or a standard one), ToUnicode aside.
fn encoded_texts(doc: &Document, dict: &Dictionary, max: u64) -> Box<[Option<Box<str>>]> {
    let subtype = match dict_entry(doc, dict, b"Subtype") {
        Some(Object::Name(n)) => n.as_slice(),
        _ => b"",
    };
    let standard = standard_font(&base_font_name(doc, dict));
    let symbolic = matches!(standard, Some("Symbol" | "ZapfDingbats"));
    let names = simple_encoding(doc, dict, subtype, standard, max);
    // Codes no name explains read as the code itself in a Latin encoding,
    // as poppler reads them (Type 3 and TeX bitmap fonts name their glyphs
    // g17, a0, …, and draw ASCII at ASCII codes).
    let fallback = if symbolic {
        None
    } else if subtype == b"TrueType" {
        encoding::named("WinAnsiEncoding")
    } else {
        encoding::named("StandardEncoding")
    };
    (0..=255u8)
        .map(|code| {
            let name = |table: &encoding::Names| {
                table[usize::from(code)]
                    .as_deref()
                    .and_then(encoding::glyph_text)
            };
            name(&names)
                .or_else(|| fallback.as_ref().and_then(name))
                .map(String::into_boxed_str)
        })
        .collect()
}

fn base_font_name(doc: &Document, dict: &Dictionary) -> Vec<u8> {
    match dict_entry(doc, dict, b"BaseFont") {
        Some(Object::Name(n)) => n.clone(),
        _ => Vec::new(),
    }
}

fn simple_table(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    to_unicode: Option<&CMap>,
    max: u64,
) -> Simple {
    let standard = standard_font(&base_font_name(doc, dict));
    let symbolic = matches!(standard, Some("Symbol" | "ZapfDingbats"));

    let first_char = dict_entry(doc, dict, b"FirstChar")
        .and_then(number)
        .unwrap_or(0.0) as i64;
    let widths: Vec<f64> = match dict_entry(doc, dict, b"Widths") {
        Some(Object::Array(items)) => items
            .iter()
            .map(|w| number(resolve(doc, w)).unwrap_or(0.0))
            .collect(),
        _ => Vec::new(),
    };
    let descriptor = match dict_entry(doc, dict, b"FontDescriptor") {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let missing_width = descriptor
        .and_then(|d| dict_entry(doc, d, b"MissingWidth"))
        .and_then(number);
    let average_width = descriptor
        .and_then(|d| dict_entry(doc, d, b"AvgWidth"))
        .and_then(number)
        .filter(|w| *w > 0.0);
    // Type 3 glyph widths are in glyph space; FontMatrix maps them to text
    // space (usually ×0.001), and the interpreter expects 1/1000 units.
    let type3_scale = if subtype == b"Type3" {
        match dict_entry(doc, dict, b"FontMatrix") {
            Some(Object::Array(m)) => m
                .first()
                .and_then(number)
                .map(|a| a * 1000.0)
                .unwrap_or(1.0),
            _ => 1.0,
        }
    } else {
        1.0
    };
    let metrics = standard.and_then(|name| core14().get(name));
    // With ToUnicode and /Widths no width depends on the encoding's text,
    // so that text can wait until a code the map lacks is shown.
    let deferred = to_unicode.is_some() && !widths.is_empty();
    let encoded = (!deferred).then(|| encoded_texts(doc, dict, max));

    let table = (0..=255u8)
        .map(|code| {
            let text = to_unicode
                .and_then(|m| m.unicode(u32::from(code)))
                .map(String::into_boxed_str)
                .or_else(|| encoded.as_ref()?[usize::from(code)].clone());
            let index = i64::from(code) - first_char;
            let width = if !widths.is_empty() {
                usize::try_from(index)
                    .ok()
                    .and_then(|i| widths.get(i).copied())
                    .or(missing_width)
                    .unwrap_or(0.0)
                    * type3_scale
            } else {
                let key = if symbolic {
                    Some(format!("c{code:02X}"))
                } else {
                    text.as_deref()
                        .and_then(|t| t.chars().next())
                        .map(|c| format!("{:04X}", u32::from(c)))
                };
                key.and_then(|k| metrics.and_then(|m| m.get(k.as_str())).copied())
                    .or(missing_width)
                    .or(average_width)
                    .unwrap_or(FALLBACK_WIDTH)
            };
            (text, width)
        })
        .collect();
    Simple {
        table,
        unmapped: deferred.then(|| Unmapped {
            dict: dict.clone(),
            max,
            texts: OnceCell::new(),
        }),
    }
}

/// What each CID of a descendant font means, read from its embedded
/// program when the font has no ToUnicode map: a TrueType (or OpenType)
/// program's Unicode cmap turned around (CID → glyph by /CIDToGIDMap),
/// or a CFF program's glyph names. CID-keyed CFF programs name no glyph.
fn embedded_cid_unicode(
    doc: &Document,
    descendant: &Dictionary,
    max: u64,
) -> HashMap<u32, Box<str>> {
    let mut out = HashMap::new();
    let Some(Object::Dictionary(descriptor)) = dict_entry(doc, descendant, b"FontDescriptor")
    else {
        return out;
    };
    let program = stream_bytes(doc, descriptor, b"FontFile2", max)
        .or_else(|| stream_bytes(doc, descriptor, b"FontFile3", max));
    let Some(program) = program else {
        // No program: a viewer draws the CIDs with a system font, so a
        // producer that writes Identity CIDs without ToUnicode means them
        // as Unicode (Office's Arial, Calibri; poppler reads them so).
        let identity = matches!(dict_entry(doc, descendant, b"CIDSystemInfo"),
            Some(Object::Dictionary(info)) if matches!(dict_entry(doc, info, b"Ordering"),
                Some(Object::String(o, _)) if o == b"Identity"));
        if identity && descriptor_has_no_program(doc, descriptor) {
            // Marked by one entry past any CID; `Composite::text` reads it.
            out.insert(CID_IS_UNICODE, Box::from(""));
        }
        return out;
    };
    if let Ok(face) = ttf_parser::Face::parse(&program, 0) {
        // glyph → the first (lowest) code point that maps to it.
        let mut by_glyph: HashMap<u16, char> = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables {
                if !subtable.is_unicode() {
                    continue;
                }
                subtable.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), subtable.glyph_index(cp)) {
                        by_glyph
                            .entry(g.0)
                            .and_modify(|e| *e = (*e).min(c))
                            .or_insert(c);
                    }
                });
            }
        }
        let cid_to_gid: Option<Vec<u8>> = match dict_entry(doc, descendant, b"CIDToGIDMap") {
            Some(Object::Stream(s)) => crate::pdf::filters::decode(doc, s, max).ok(),
            _ => None,
        };
        let glyphs = face.number_of_glyphs();
        let cids: Box<dyn Iterator<Item = (u32, u16)>> = match &cid_to_gid {
            Some(map) => Box::new(
                map.chunks_exact(2)
                    .enumerate()
                    .map(|(cid, g)| (cid as u32, u16::from_be_bytes([g[0], g[1]]))),
            ),
            None => Box::new((0..glyphs).map(|g| (u32::from(g), g))),
        };
        for (cid, glyph) in cids {
            if glyph == 0 {
                continue;
            }
            let text = by_glyph.get(&glyph).map(|c| c.to_string()).or_else(|| {
                face.glyph_name(ttf_parser::GlyphId(glyph))
                    .and_then(encoding::glyph_text)
            });
            if let Some(text) = text {
                out.insert(cid, text.into_boxed_str());
            }
        }
        return out;
    }
    if let Some(table) = ttf_parser::cff::Table::parse(&program) {
        for glyph in 1..table.number_of_glyphs() {
            let id = ttf_parser::GlyphId(glyph);
            if let Some(text) = table.glyph_name(id).and_then(encoding::glyph_text) {
                out.insert(u32::from(glyph), text.into_boxed_str());
            }
        }
    }
    out
}

fn descriptor_has_no_program(doc: &Document, descriptor: &Dictionary) -> bool {
    [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
        .iter()
        .all(|key| dict_entry(doc, descriptor, key).is_none())
}

/// Key of `Composite::embedded_unicode` saying that CIDs are Unicode.
const CID_IS_UNICODE: u32 = u32::MAX;

impl Composite {
    fn embedded_text(&self, cid: u32) -> Option<String> {
        if let Some(text) = self.embedded_unicode.get(&cid) {
            return Some(text.to_string());
        }
        if self.embedded_unicode.contains_key(&CID_IS_UNICODE) {
            return char::from_u32(cid)
                .filter(|c| !c.is_control())
                .map(String::from);
        }
        None
    }

    fn load(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, max: u64) -> Composite {
        let encoding = stream_bytes(doc, dict, b"Encoding", max).map(|b| CMap::parse(&b));
        let descendant = match dict_entry(doc, dict, b"DescendantFonts") {
            Some(Object::Array(fonts)) => match fonts.first().map(|f| resolve(doc, f)) {
                Some(Object::Dictionary(d)) => Some(d),
                _ => None,
            },
            _ => None,
        };
        let default_width = descendant
            .and_then(|d| dict_entry(doc, d, b"DW"))
            .and_then(number)
            .unwrap_or(1000.0);
        let mut widths = Vec::new();
        if let Some(Object::Array(w)) = descendant.and_then(|d| dict_entry(doc, d, b"W")) {
            let items: Vec<&Object> = w.iter().map(|o| resolve(doc, o)).collect();
            let mut entries = 0usize;
            let mut i = 0;
            while i + 1 < items.len() && entries < MAX_WIDTH_ENTRIES {
                let Some(first) = number(items[i]).map(|v| v as u32) else {
                    i += 1;
                    continue;
                };
                match items[i + 1] {
                    Object::Array(each) => {
                        let each: Vec<f64> = each
                            .iter()
                            .map(|o| number(resolve(doc, o)).unwrap_or(default_width))
                            .collect();
                        entries += each.len();
                        if !each.is_empty() {
                            let last = first.saturating_add(each.len() as u32 - 1);
                            widths.push(Range {
                                lo: first,
                                hi: last,
                                target: CidWidth::Each(each),
                            });
                        }
                        i += 2;
                    }
                    other => {
                        let last = number(other).map(|v| v as u32);
                        let width = items.get(i + 2).and_then(|o| number(o));
                        if let (Some(last), Some(width)) = (last, width) {
                            widths.push(Range {
                                lo: first,
                                hi: last.max(first),
                                target: CidWidth::Same(width),
                            });
                            entries += 1;
                        }
                        i += 3;
                    }
                }
            }
        }
        widths.sort_by_key(|r| r.lo);
        let embedded_unicode = if to_unicode.is_none() {
            descendant
                .map(|d| embedded_cid_unicode(doc, d, max))
                .unwrap_or_default()
        } else {
            HashMap::new()
        };
        Composite {
            encoding,
            to_unicode,
            embedded_unicode,
            widths,
            default_width,
        }
    }

    /// Codes are two bytes (Identity and the predefined CMaps plans use)
    /// unless an embedded encoding CMap or the ToUnicode CMap says otherwise.
    fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let by_cmap = [self.encoding.as_ref(), self.to_unicode.as_ref()]
            .into_iter()
            .flatten()
            .find(|m| m.has_codespace())
            .and_then(|m| m.next_code(bytes));
        if let Some(found) = by_cmap {
            return found;
        }
        match bytes {
            [hi, lo, ..] => (u32::from(*hi) << 8 | u32::from(*lo), 2),
            [one] => (u32::from(*one), 1),
            [] => (0, 1),
        }
    }

    fn width(&self, cid: u32) -> f64 {
        Range::find(&self.widths, cid)
            .and_then(|r| match &r.target {
                CidWidth::Same(w) => Some(*w),
                CidWidth::Each(each) => each.get((cid - r.lo) as usize).copied(),
            })
            .unwrap_or(self.default_width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_names_and_aliases() {
        assert_eq!(standard_font(b"Helvetica"), Some("Helvetica"));
        assert_eq!(
            standard_font(b"ABCDEF+Arial,BoldItalic"),
            Some("Helvetica-BoldOblique")
        );
        assert_eq!(standard_font(b"TimesNewRomanPS-BoldMT"), Some("Times-Bold"));
        assert_eq!(standard_font(b"LiberationSans"), None);
    }

    #[test]
    fn core14_widths_are_there() {
        let helvetica = &core14()["Helvetica"];
        assert_eq!(helvetica.get("0041"), Some(&667.0)); // A
        assert_eq!(helvetica.get("00E5"), Some(&556.0)); // å
        assert_eq!(core14()["Courier"].get("0061"), Some(&600.0));
    }

    #[test]
    fn glyph_names_with_code_points() {
        assert_eq!(glyph_name_to_text(b"uni00E400F6").as_deref(), Some("äö"));
        assert_eq!(glyph_name_to_text(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_to_text(b"adieresis"), None);
    }

    #[test]
    fn a_standard_font_without_widths_decodes_win_ansi() {
        let doc = Document::with_version("1.5");
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Font".to_vec()));
        dict.set("Subtype", Object::Name(b"Type1".to_vec()));
        dict.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
        dict.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        let font = Font::load(&doc, &dict, 1 << 20);
        let mut shown = Vec::new();
        font.decode(&doc, b"H\xe5r \x96", |_, _, text, width| {
            shown.push((text.unwrap_or("?").to_string(), width));
            true
        });
        let texts: Vec<&str> = shown.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["H", "å", "r", " ", "–"]);
        assert_eq!(shown[0].1, 722.0);
    }

    #[test]
    fn codes_a_to_unicode_map_lacks_read_the_encoding() {
        let mut doc = Document::with_version("1.5");
        let cmap = b"begincmap\n1 begincodespacerange <00> <FF> endcodespacerange\n\
                     1 beginbfchar <48> <0058> endbfchar\nendcmap";
        let to_unicode = doc.add_object(lopdf::Stream::new(Dictionary::new(), cmap.to_vec()));
        let mut dict = Dictionary::new();
        dict.set("Subtype", Object::Name(b"Type1".to_vec()));
        dict.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
        dict.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        dict.set("FirstChar", Object::Integer(0));
        dict.set("Widths", Object::Array(vec![Object::Integer(600); 256]));
        dict.set("ToUnicode", Object::Reference(to_unicode));
        let font = Font::load(&doc, &dict, 1 << 20);
        let mut texts = Vec::new();
        font.decode(&doc, b"H\xe5", |_, _, text, _| {
            texts.push(text.unwrap_or("?").to_string());
            true
        });
        // The map's text where it has one, the encoding's elsewhere.
        assert_eq!(texts, ["X", "å"]);
    }
}
