//! Stream filters (PDF 32000 §7.4), decoded by iub with a cap on the output
//! of every stage: a decompression bomb stops at `--max-stream-bytes`
//! whatever the filter. lopdf decodes only Flate, LZW and ASCII85, without a
//! cap and without the abbreviated names (`/Fl`, `/AHx`, …) that some
//! producers write outside inline images.
//!
//! Damaged data gives what decoded before the damage, as poppler and pdf.js
//! do: a truncated Flate stream still shows its first lines.

use super::objects::{entry, number, resolve};
use lopdf::{Dictionary, Document, Object, Stream};

/// Bytes decoded per read from Flate and LZW.
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// The output passed the cap (`--max-stream-bytes`).
    TooLarge,
    /// An image filter (DCT, CCITT, JBIG2, JPX) or an unknown name: the
    /// stream holds no content a text extractor can read.
    Unsupported(String),
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FilterError::TooLarge => f.write_str("decodes past --max-stream-bytes"),
            FilterError::Unsupported(name) => write!(f, "filter /{name} is not a content filter"),
        }
    }
}

/// The filters that carry text, by full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Flate,
    Lzw,
    AsciiHex,
    Ascii85,
    RunLength,
    /// `/Crypt`: lopdf has already decrypted the data (or the crypt filter
    /// is `/Identity`).
    Crypt,
}

fn filter_named(name: &[u8]) -> Result<Filter, FilterError> {
    Ok(match name {
        // The abbreviations of §8.9.7 (inline images); producers use them
        // in stream dictionaries too, and poppler and qpdf accept them.
        b"FlateDecode" | b"Fl" => Filter::Flate,
        b"LZWDecode" | b"LZW" => Filter::Lzw,
        b"ASCIIHexDecode" | b"AHx" => Filter::AsciiHex,
        b"ASCII85Decode" | b"A85" => Filter::Ascii85,
        b"RunLengthDecode" | b"RL" => Filter::RunLength,
        b"Crypt" => Filter::Crypt,
        other => {
            return Err(FilterError::Unsupported(
                String::from_utf8_lossy(other).into_owned(),
            ))
        }
    })
}

/// The stream's filters in decoding order, each with its `/DecodeParms`.
fn chain<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
) -> Result<Vec<(Filter, Option<&'a Dictionary>)>, FilterError> {
    let names: Vec<&[u8]> = match entry(dict, b"Filter").map(|f| resolve(doc, f)) {
        None | Some(Object::Null) => return Ok(Vec::new()),
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|i| match resolve(doc, i) {
                Object::Name(n) => Some(n.as_slice()),
                _ => None,
            })
            .collect(),
        Some(_) => return Ok(Vec::new()),
    };
    let params: Vec<Option<&Dictionary>> =
        match entry(dict, b"DecodeParms").map(|p| resolve(doc, p)) {
            Some(Object::Dictionary(d)) => vec![Some(d)],
            Some(Object::Array(items)) => items
                .iter()
                .map(|i| match resolve(doc, i) {
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
    names
        .iter()
        .enumerate()
        .map(|(i, name)| Ok((filter_named(name)?, params.get(i).copied().flatten())))
        .collect()
}

/// Where a stage writes: kept or only counted, never past the cap.
struct Output {
    bytes: Vec<u8>,
    len: u64,
    max: u64,
    keep: bool,
}

impl Output {
    fn new(max: u64, keep: bool) -> Self {
        Output {
            bytes: Vec::new(),
            len: 0,
            max,
            keep,
        }
    }

    fn push(&mut self, data: &[u8]) -> Result<(), FilterError> {
        self.len += data.len() as u64;
        if self.len > self.max {
            return Err(FilterError::TooLarge);
        }
        if self.keep {
            self.bytes.extend_from_slice(data);
        }
        Ok(())
    }
}

/// The stream's data with every filter undone, at most `max` bytes per stage.
pub fn decode(doc: &Document, stream: &Stream, max: u64) -> Result<Vec<u8>, FilterError> {
    run(doc, stream, max, true).map(|out| out.bytes)
}

/// Most bytes the stream can decode to, from its length and filters alone:
/// no filter expands its input by more than a fixed factor. Flate: 1032:1,
/// a 258-byte match in two bits; LZW: a code of at least 9 bits stands for
/// at most 4,096 bytes (the table's size); ASCII85: `z` is 4 bytes; run
/// length: 2 bytes give 128. Predictors never add bytes.
pub fn decoded_bound(doc: &Document, stream: &Stream) -> Result<u64, FilterError> {
    let mut bound = stream.content.len() as u64;
    for (filter, _) in chain(doc, &stream.dict)? {
        bound = match filter {
            Filter::Flate => bound.saturating_mul(1032).saturating_add(1024),
            Filter::Lzw => (bound.saturating_mul(8) / 9 + 1).saturating_mul(4096),
            Filter::AsciiHex => bound / 2 + 1,
            Filter::Ascii85 => bound.saturating_mul(4).saturating_add(4),
            Filter::RunLength => bound.saturating_mul(64).saturating_add(128),
            Filter::Crypt => bound,
        };
    }
    Ok(bound)
}

/// How many bytes the stream decodes to, without keeping them when the last
/// filter can be counted as it runs (Flate and LZW, the ones bombs use).
pub fn decoded_size(doc: &Document, stream: &Stream, max: u64) -> Result<u64, FilterError> {
    run(doc, stream, max, false).map(|out| out.len)
}

fn run(doc: &Document, stream: &Stream, max: u64, keep: bool) -> Result<Output, FilterError> {
    let stages = chain(doc, &stream.dict)?;
    if stages.is_empty() {
        let mut out = Output::new(max, keep);
        out.push(&stream.content)?;
        return Ok(out);
    }
    let mut input: Vec<u8> = Vec::new();
    let mut first = true;
    let last = stages.len() - 1;
    for (i, (filter, params)) in stages.into_iter().enumerate() {
        let predictor = params
            .and_then(|p| entry(p, b"Predictor"))
            .and_then(number)
            .unwrap_or(1.0) as i64;
        let has_predictor = predictor > 1 && matches!(filter, Filter::Flate | Filter::Lzw);
        let mut out = Output::new(max, keep || i < last || has_predictor);
        let data: &[u8] = if first { &stream.content } else { &input };
        match filter {
            Filter::Flate => inflate(data, &mut out)?,
            Filter::Lzw => lzw(data, params, &mut out)?,
            Filter::AsciiHex => ascii_hex(data, &mut out)?,
            Filter::Ascii85 => ascii85(data, &mut out)?,
            Filter::RunLength => run_length(data, &mut out)?,
            Filter::Crypt => out.push(data)?,
        }
        if has_predictor {
            if let Some(p) = params {
                out.bytes = unpredict(predictor, p, out.bytes);
                out.len = out.bytes.len() as u64;
            }
        }
        if i == last {
            return Ok(out);
        }
        input = out.bytes;
        first = false;
    }
    Ok(Output::new(max, keep))
}

/// Inflates with flate2's low-level API, so that the output of the call
/// that meets damage (a bad checksum, a truncated stream) is kept: the
/// `Read` adapter drops it with the error. Returns whether the data ended
/// cleanly.
fn inflate_with(data: &[u8], zlib_header: bool, out: &mut Output) -> Result<bool, FilterError> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut inflater = Decompress::new(zlib_header);
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let (before_in, before_out) = (inflater.total_in(), inflater.total_out());
        let rest = data.get(before_in as usize..).unwrap_or_default();
        let status = inflater.decompress(rest, &mut buffer, FlushDecompress::None);
        let produced = (inflater.total_out() - before_out) as usize;
        let consumed = inflater.total_in() - before_in;
        out.push(&buffer[..produced.min(buffer.len())])?;
        match status {
            Ok(Status::StreamEnd) => return Ok(true),
            Ok(_) if produced == 0 && consumed == 0 => return Ok(rest.is_empty()),
            Ok(_) => {}
            Err(_) => return Ok(false),
        }
    }
}

fn inflate(data: &[u8], out: &mut Output) -> Result<(), FilterError> {
    if inflate_with(data, true, out)? {
        return Ok(());
    }
    // Damaged: the deflate data after the zlib header without its checksum
    // (a wrong checksum loses the last chunk's output), or deflate data
    // written without a header at all; whichever gives more.
    for (body, skip) in [(data.get(2..).unwrap_or_default(), true), (data, false)] {
        if !skip && out.len > 0 {
            break;
        }
        let mut retry = Output::new(out.max, out.keep);
        inflate_with(body, false, &mut retry)?;
        if retry.len > out.len {
            *out = retry;
        }
    }
    Ok(())
}

fn lzw(data: &[u8], params: Option<&Dictionary>, out: &mut Output) -> Result<(), FilterError> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let early_change = params
        .and_then(|p| entry(p, b"EarlyChange"))
        .and_then(number)
        .is_none_or(|v| v != 0.0);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut buffer = vec![0u8; CHUNK];
    let mut rest = data;
    loop {
        let result = decoder.decode_bytes(rest, &mut buffer);
        rest = &rest[result.consumed_in..];
        out.push(&buffer[..result.consumed_out])?;
        match result.status {
            Ok(LzwStatus::Ok) if result.consumed_in + result.consumed_out > 0 => {}
            _ => return Ok(()),
        }
    }
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn ascii_hex(data: &[u8], out: &mut Output) -> Result<(), FilterError> {
    let mut decoded = Vec::with_capacity(data.len() / 2);
    let mut high: Option<u8> = None;
    for &b in data {
        if b == b'>' {
            break;
        }
        let Some(v) = hex_digit(b) else { continue };
        match high.take() {
            Some(h) => decoded.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        decoded.push(h << 4);
    }
    out.push(&decoded)
}

fn ascii85(data: &[u8], out: &mut Output) -> Result<(), FilterError> {
    let mut decoded = Vec::with_capacity(data.len() / 5 * 4 + 4);
    let mut group = [0u8; 5];
    let mut n = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => decoded.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    let value = group.iter().fold(0u64, |acc, &d| acc * 85 + u64::from(d));
                    decoded.extend_from_slice(&(value as u32).to_be_bytes());
                    n = 0;
                }
            }
            // White space and stray bytes.
            _ => {}
        }
    }
    if n > 1 {
        // A final partial group is padded with 'u' and gives n - 1 bytes.
        for slot in &mut group[n..] {
            *slot = 84;
        }
        let value = group.iter().fold(0u64, |acc, &d| acc * 85 + u64::from(d));
        decoded.extend_from_slice(&(value as u32).to_be_bytes()[..n - 1]);
    }
    out.push(&decoded)
}

fn run_length(data: &[u8], out: &mut Output) -> Result<(), FilterError> {
    let mut i = 0;
    while let Some(&length) = data.get(i) {
        match length {
            0..=127 => {
                let run = usize::from(length) + 1;
                let end = (i + 1 + run).min(data.len());
                out.push(&data[i + 1..end])?;
                i += 1 + run;
            }
            128 => break,
            _ => {
                let Some(&byte) = data.get(i + 1) else { break };
                out.push(&[byte; 128][..257 - usize::from(length)])?;
                i += 2;
            }
        }
    }
    Ok(())
}

/// Undoes a TIFF (2) or PNG (10–15) predictor (§7.4.4.4). Data it cannot
/// make sense of is returned as it is.
fn unpredict(predictor: i64, params: &Dictionary, data: Vec<u8>) -> Vec<u8> {
    let get = |key: &[u8], default: f64| {
        entry(params, key)
            .and_then(number)
            .unwrap_or(default)
            .clamp(1.0, 1.0e6) as usize
    };
    let colors = get(b"Colors", 1.0);
    let bits = get(b"BitsPerComponent", 8.0);
    let columns = get(b"Columns", 1.0);
    // A row longer than the data is one partial row; capped, a hostile
    // /Columns cannot make the row buffers below an allocation bomb.
    let row = colors
        .saturating_mul(bits)
        .saturating_mul(columns)
        .div_ceil(8)
        .min(data.len());
    let pixel = colors.saturating_mul(bits).div_ceil(8).max(1);
    if row == 0 {
        return data;
    }
    if predictor == 2 {
        if bits != 8 {
            return data;
        }
        let mut data = data;
        for line in data.chunks_mut(row) {
            for i in pixel..line.len() {
                line[i] = line[i].wrapping_add(line[i - pixel]);
            }
        }
        return data;
    }
    let mut decoded = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row];
    for line in data.chunks(row + 1) {
        let (&kind, bytes) = match line.split_first() {
            Some(split) => split,
            None => break,
        };
        let mut current = bytes.to_vec();
        current.resize(row, 0);
        for i in 0..row {
            let left = if i >= pixel { current[i - pixel] } else { 0 };
            let up = previous[i];
            let up_left = if i >= pixel { previous[i - pixel] } else { 0 };
            current[i] = match kind {
                1 => current[i].wrapping_add(left),
                2 => current[i].wrapping_add(up),
                3 => current[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => current[i].wrapping_add(paeth(left, up, up_left)),
                _ => current[i],
            };
        }
        decoded.extend_from_slice(&current[..bytes.len().min(row)]);
        previous = current;
    }
    decoded
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn stream(filter: Object, content: &[u8]) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", filter);
        Stream::new(dict, content.to_vec())
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    #[test]
    fn ascii_filters_decode_their_spec_examples() {
        let doc = Document::with_version("1.5");
        let hex = stream(name("ASCIIHexDecode"), b"42 54 20 2F46 31 3>");
        assert_eq!(decode(&doc, &hex, 100).ok(), Some(b"BT /F10".to_vec()));
        // "Man " and "sure." in ASCII85 (the classic Wikipedia example).
        let a85 = stream(name("A85"), b"9jqo^F*2M7/c~>");
        assert_eq!(decode(&doc, &a85, 100).ok(), Some(b"Man sure.".to_vec()));
        let rl = stream(name("RL"), &[2, b'a', b'b', b'c', 253, b'x', 128, b'z']);
        assert_eq!(decode(&doc, &rl, 100).ok(), Some(b"abcxxxx".to_vec()));
    }

    #[test]
    fn abbreviated_flate_in_a_chain_with_ascii85() {
        let doc = Document::with_version("1.5");
        let packed = zlib(b"BT (Hej) Tj ET");
        // ASCII85-encode the zlib bytes by hand: 4 bytes → 5 digits.
        let mut a85 = Vec::new();
        for chunk in packed.chunks(4) {
            let mut group = [0u8; 4];
            group[..chunk.len()].copy_from_slice(chunk);
            let mut value = u32::from_be_bytes(group);
            let mut digits = [0u8; 5];
            for d in digits.iter_mut().rev() {
                *d = (value % 85) as u8 + b'!';
                value /= 85;
            }
            a85.extend_from_slice(&digits[..chunk.len() + 1]);
        }
        a85.extend_from_slice(b"~>");
        let s = stream(Object::Array(vec![name("A85"), name("Fl")]), &a85);
        assert_eq!(decode(&doc, &s, 100).ok(), Some(b"BT (Hej) Tj ET".to_vec()));
    }

    #[test]
    fn every_filter_stops_at_the_cap() {
        let doc = Document::with_version("1.5");
        let zeros = vec![0u8; 10_000];
        let flate = stream(name("FlateDecode"), &zlib(&zeros));
        assert_eq!(decode(&doc, &flate, 9_999), Err(FilterError::TooLarge));
        assert_eq!(decoded_size(&doc, &flate, 10_000), Ok(10_000));
        // 128 repeats of a byte per two input bytes.
        let rl = stream(name("RunLengthDecode"), &[129, 0].repeat(100));
        assert_eq!(decode(&doc, &rl, 12_799), Err(FilterError::TooLarge));
        let lzw_bomb = {
            let mut e = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
            e.encode(&zeros).unwrap_or_default()
        };
        let lzw = stream(name("LZWDecode"), &lzw_bomb);
        assert_eq!(decoded_size(&doc, &lzw, 10_000), Ok(10_000));
        assert_eq!(decode(&doc, &lzw, 5_000), Err(FilterError::TooLarge));
    }

    #[test]
    fn truncated_flate_keeps_what_came_before() {
        let doc = Document::with_version("1.5");
        let text: Vec<u8> = (0..2000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let packed = zlib(&text);
        let cut = stream(name("FlateDecode"), &packed[..packed.len() / 2]);
        let out = decode(&doc, &cut, 1 << 20).unwrap_or_default();
        assert!(out.starts_with(b"line 0\nline 1\n"), "{} bytes", out.len());
    }

    #[test]
    fn png_up_predictor() {
        let mut params = Dictionary::new();
        params.set("Predictor", Object::Integer(12));
        params.set("Columns", Object::Integer(3));
        // Rows of type 2 (Up): the second row adds to the first.
        let data = vec![2, 1, 2, 3, 2, 1, 1, 1];
        assert_eq!(unpredict(12, &params, data), vec![1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn the_bound_holds_for_the_densest_data_of_every_filter() {
        let doc = Document::with_version("1.5");
        let zeros = vec![0u8; 4 << 20];
        let best = {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            let _ = e.write_all(&zeros);
            e.finish().unwrap_or_default()
        };
        let lzw_zeros = {
            let mut e = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
            e.encode(&zeros).unwrap_or_default()
        };
        let cases = [
            stream(name("FlateDecode"), &best),
            stream(name("LZWDecode"), &lzw_zeros),
            stream(name("RunLengthDecode"), &[129, 0].repeat(1000)),
            stream(name("ASCII85Decode"), &[b'z'; 1000]),
            stream(name("ASCIIHexDecode"), b"0"),
        ];
        for s in &cases {
            let size = decoded_size(&doc, s, u64::MAX).unwrap_or(u64::MAX);
            let bound = decoded_bound(&doc, s).unwrap_or(0);
            assert!(size > 0 && bound >= size, "{:?}: {size} > {bound}", s.dict);
        }
        // Flate's bound is near what zlib reaches, so a real plan's streams
        // fall under the limits without being decoded.
        let flate = decoded_bound(&doc, &cases[0]).unwrap_or(0);
        assert!(flate < 2 * zeros.len() as u64, "{flate}");
    }

    #[test]
    fn a_predictor_row_wider_than_the_data_allocates_no_more_than_the_data() {
        let mut params = Dictionary::new();
        params.set("Predictor", Object::Integer(12));
        params.set("Colors", Object::Integer(1_000_000));
        params.set("Columns", Object::Integer(1_000_000));
        params.set("BitsPerComponent", Object::Integer(16));
        assert_eq!(unpredict(12, &params, vec![0, 1, 2, 3]), vec![1, 2, 3]);
    }

    #[test]
    fn image_filters_are_not_content() {
        let doc = Document::with_version("1.5");
        let s = stream(name("DCTDecode"), b"\xff\xd8");
        assert_eq!(
            decode(&doc, &s, 100),
            Err(FilterError::Unsupported("DCTDecode".into()))
        );
    }
}
