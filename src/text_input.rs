//! Stage 1 for text inputs — already extracted or OCR'd plans (`.txt`).
//!
//! Lines have no coordinates; a form feed is a page break. Old OCR tools
//! write Latin-1 / Windows-1252: such files are detected (not valid UTF-8)
//! and decoded, and the decoding is reported as a warning, never silent.

/// A text input split into pages of raw lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextDocument {
    pub pages: Vec<Vec<String>>,
    /// The file's line number (1-based) of each page's first line: a
    /// record read from text names the lines it came from.
    pub first_lines: Vec<u32>,
    pub warnings: Vec<String>,
}

/// Windows-1252 code points for 0x80..=0x9F (the rest of the byte range is
/// Latin-1). Undefined slots decode to U+FFFD and are counted.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

/// Decodes bytes as UTF-8 (a BOM is dropped), or as Windows-1252 when they are
/// not valid UTF-8. Binary data (NUL bytes) is refused.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary data (NUL bytes) in a text input".to_string());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(e) => {
            let text: String = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                })
                .collect();
            let undefined = text.chars().filter(|&c| c == '\u{FFFD}').count();
            let mut note = format!(
                "not valid UTF-8 (first bad byte at offset {}): decoded as Windows-1252/Latin-1",
                e.valid_up_to()
            );
            if undefined > 0 {
                note.push_str(&format!(
                    "; {undefined} bytes undefined in Windows-1252 became U+FFFD"
                ));
            }
            Ok((text, Some(note)))
        }
    }
}

/// Splits decoded text into pages (form feeds) of lines.
pub fn read_text(bytes: &[u8]) -> Result<TextDocument, String> {
    let (text, warning) = decode(bytes)?;
    let mut pages = Vec::new();
    let mut first_lines = Vec::new();
    let mut line = 1u32;
    for page in text.split('\u{0C}') {
        first_lines.push(line);
        let newlines = page.bytes().filter(|&b| b == b'\n').count();
        line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        pages.push(
            page.lines()
                .map(|l| l.trim_end_matches('\r').to_string())
                .collect(),
        );
    }
    // pdftotext ends every page with a form feed: nothing after the last.
    if pages.len() > 1
        && pages
            .last()
            .is_some_and(|p: &Vec<String>| p.iter().all(|l| l.trim().is_empty()))
    {
        pages.pop();
        first_lines.pop();
    }
    Ok(TextDocument {
        pages,
        first_lines,
        warnings: warning.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_a_bom_is_dropped() {
        let (text, warning) = decode("\u{FEFF}Rådgivning".as_bytes()).unwrap();
        assert_eq!(text, "Rådgivning");
        assert!(warning.is_none());
    }

    #[test]
    fn latin1_is_decoded_and_reported() {
        let (text, warning) = decode(b"R\xe5dgivning f\xf6r \x96 alla").unwrap();
        assert_eq!(text, "Rådgivning för – alla");
        assert!(warning.unwrap().contains("offset 1"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"%PDF\x00\x01").is_err());
    }

    #[test]
    fn form_feeds_break_pages() {
        let doc = read_text(b"a\r\nb\x0cc\n\x0c\nd\n\x0c").unwrap();
        assert_eq!(doc.pages, vec![vec!["a", "b"], vec!["c"], vec!["", "d"]]);
        // "c" is on the file's second line, after the form feed; "d" on its
        // fourth. The form feed that ends the last page starts none.
        assert_eq!(doc.first_lines, vec![1, 2, 3]);
    }
}
