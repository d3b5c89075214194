//! The encoded data of image XObjects, for a stage that needs a page's
//! pixels (OCR). Only what can be handed on as it is stored: a baseline
//! JPEG (DCTDecode) in gray or RGB with no decode array and no mask is a
//! complete JPEG file, which Tesseract reads itself. Anything else (CCITT,
//! JBIG2, JPEG 2000, Flate samples, masks, CMYK, inverted decode arrays)
//! is left to a rasteriser, which gets every one of them right.

use super::objects::{dict_entry, entry, number, resolve};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A parsed PDF whose image streams can be fetched by object id.
pub struct ImageFile {
    doc: Document,
}

impl ImageFile {
    /// Parses the file (already checked by a backend; this only reads
    /// objects, it interprets no content).
    pub fn open(bytes: &[u8]) -> Result<ImageFile, String> {
        let doc = crate::isolate::contain(|| Document::load_mem(bytes))?
            .map_err(|e| format!("not a readable PDF: {e}"))?;
        Ok(ImageFile { doc })
    }

    /// The JPEG file stored as image XObject `object`, or why it is not one
    /// that can be used as it is.
    pub fn jpeg(&self, object: (u32, u16)) -> Result<&[u8], String> {
        let id: ObjectId = object;
        let stream = match self.doc.get_object(id) {
            Ok(Object::Stream(s)) => s,
            _ => return Err(format!("object {} {} R is not a stream", id.0, id.1)),
        };
        plain_jpeg(&self.doc, &stream.dict)?;
        if !stream.content.starts_with(&[0xFF, 0xD8]) {
            return Err("the JPEG data does not start with a JPEG marker".to_string());
        }
        Ok(&stream.content)
    }
}

/// Why an image dictionary is not a JPEG usable without the PDF around it.
fn plain_jpeg(doc: &Document, dict: &Dictionary) -> Result<(), String> {
    let filters: Vec<&[u8]> = match dict_entry(doc, dict, b"Filter") {
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|o| match resolve(doc, o) {
                Object::Name(n) => Some(n.as_slice()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if !matches!(filters.as_slice(), [b"DCTDecode" | b"DCT"]) {
        return Err(format!(
            "not a plain JPEG (filters {})",
            filters
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for key in [&b"SMask"[..], b"Mask", b"Decode"] {
        if entry(dict, key).is_some() {
            return Err(format!(
                "the JPEG has /{} (pixels differ from the file's)",
                String::from_utf8_lossy(key)
            ));
        }
    }
    if matches!(
        dict_entry(doc, dict, b"ImageMask"),
        Some(Object::Boolean(true))
    ) {
        return Err("an image mask, not a picture".to_string());
    }
    match color_components(doc, dict_entry(doc, dict, b"ColorSpace")) {
        Some(1) | Some(3) => Ok(()),
        _ => Err("colour space is not gray or RGB".to_string()),
    }
}

/// Components of the colour spaces whose JPEG samples are the pixels as shown.
fn color_components(doc: &Document, space: Option<&Object>) -> Option<i64> {
    match space? {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(1),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(3),
            _ => None,
        },
        Object::Array(items) => match items.as_slice() {
            [Object::Name(kind), profile] if kind == b"ICCBased" => match resolve(doc, profile) {
                Object::Stream(s) => dict_entry(doc, &s.dict, b"N")
                    .and_then(number)
                    .map(|n| n as i64),
                _ => None,
            },
            [Object::Name(kind), ..] if kind == b"CalGray" => Some(1),
            [Object::Name(kind), ..] if kind == b"CalRGB" => Some(3),
            _ => None,
        },
        _ => None,
    }
}
