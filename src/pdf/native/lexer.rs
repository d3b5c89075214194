//! A tokenizer for content streams and CMaps (PDF 32000 §7.2–7.3). It never
//! fails: bytes it cannot make sense of are skipped, because a damaged
//! stream should still give whatever text it holds.

/// One token. Strings are decoded (escapes, hex); names keep their bytes
/// after `#xx` decoding.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Number(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// Any other run of regular characters: an operator, `true`, `null`, …
    Keyword(&'a [u8]),
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Skips inline image data after `ID`: one white-space byte, then up to
    /// `EI` standing alone.
    pub fn skip_inline_image_data(&mut self) {
        self.pos += 1;
        let rest = &self.data[self.pos.min(self.data.len())..];
        let end = rest.windows(2).enumerate().position(|(i, w)| {
            w == b"EI"
                && (i == 0 || is_white(rest[i - 1]))
                && rest.get(i + 2).is_none_or(|&b| !is_regular(b))
        });
        self.pos = match end {
            Some(i) => self.pos + i + 2,
            None => self.data.len(),
        };
    }

    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_white_and_comments();
            let b = self.peek()?;
            match b {
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.name()));
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Str(self.literal_string()));
                }
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::DictOpen);
                    }
                    self.pos += 1;
                    return Some(Token::Str(self.hex_string()));
                }
                b'>' => {
                    if self.data.get(self.pos + 1) == Some(&b'>') {
                        self.pos += 2;
                        return Some(Token::DictClose);
                    }
                    self.pos += 1; // stray '>': skip
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayOpen);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayClose);
                }
                b'{' | b'}' | b')' => self.pos += 1, // PostScript procedures, strays
                _ => {
                    let start = self.pos;
                    while self.peek().is_some_and(is_regular) {
                        self.pos += 1;
                    }
                    let word = &self.data[start..self.pos];
                    return Some(match parse_number(word) {
                        Some(n) => Token::Number(n),
                        None => Token::Keyword(word),
                    });
                }
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek().filter(|&b| is_regular(b)) {
            self.pos += 1;
            if b == b'#' {
                let hi = self.data.get(self.pos).copied().and_then(hex_value);
                let lo = self.data.get(self.pos + 1).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    if depth == 0 {
                        return out;
                    }
                    depth -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_value(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4); // an odd digit count ends with an implied 0
        }
        out
    }
}

/// PDF numbers: `12`, `-3.5`, `.5`, `+4.`; anything else is not a number.
fn parse_number(word: &[u8]) -> Option<f64> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    if !word
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    std::str::from_utf8(word)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<Token<'_>> {
        let mut lexer = Lexer::new(data);
        std::iter::from_fn(|| lexer.next_token()).collect()
    }

    #[test]
    fn operators_operands_and_strings() {
        let t = tokens(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (a\\(b\\)\\351) Tj <48 6> Tj [(x) -250 (y)] TJ ET % c\n");
        assert_eq!(t[0], Token::Keyword(b"BT"));
        assert_eq!(t[1], Token::Name(b"F1".to_vec()));
        assert_eq!(t[2], Token::Number(12.0));
        assert_eq!(t[9], Token::Number(-0.5));
        assert_eq!(t[11], Token::Str(b"a(b)\xe9".to_vec()));
        assert_eq!(t[13], Token::Str(vec![0x48, 0x60]));
        assert_eq!(t[15], Token::ArrayOpen);
        assert_eq!(t[17], Token::Number(-250.0));
        assert_eq!(t.last(), Some(&Token::Keyword(b"ET")));
    }

    #[test]
    fn nested_parentheses_and_name_escapes() {
        let t = tokens(b"(a (nested) string) /A#20B");
        assert_eq!(t[0], Token::Str(b"a (nested) string".to_vec()));
        assert_eq!(t[1], Token::Name(b"A B".to_vec()));
    }

    #[test]
    fn inline_image_data_is_skipped() {
        let data = b"BI /W 2 /H 1 ID \x00EI\xff EI Q";
        let mut lexer = Lexer::new(data);
        while let Some(tok) = lexer.next_token() {
            if tok == Token::Keyword(b"ID") {
                lexer.skip_inline_image_data();
                break;
            }
        }
        // The first "EI" runs on into the data; the second stands alone.
        assert_eq!(lexer.next_token(), Some(Token::Keyword(b"Q")));
    }

    #[test]
    fn garbage_never_panics() {
        for data in [
            &b"((("[..],
            b"<<<<",
            b"<4",
            b"\\",
            b")]>}",
            b"/",
            b"1.2.3 --",
            b"(\\",
        ] {
            let _ = tokens(data);
        }
    }
}
