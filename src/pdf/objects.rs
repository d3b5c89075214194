//! Reading lopdf objects the way both backends need: references resolved,
//! dictionary entries without lopdf's per-call error allocation, page
//! attributes inherited through a page tree that may loop.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// How far up a page tree inherited attributes are looked for (trees loop).
const MAX_TREE_WALK: usize = 64;

/// The object a reference points to; anything else as it is.
pub fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// `dict[key]`. lopdf's `Dictionary::get` formats an error string on every
/// call, found or not, which made a form drawn millions of times spend most
/// of its time allocating; dictionaries are small, so a scan is cheaper.
pub fn entry<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.iter()
        .find(|(k, _)| k.as_slice() == key)
        .map(|(_, v)| v)
}

/// `dict[key]` with a reference resolved.
pub fn dict_entry<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    entry(dict, key).map(|o| resolve(doc, o))
}

/// A finite number (integer or real).
pub fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

/// A page attribute, inherited through the page tree (bounded walk).
pub fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..MAX_TREE_WALK {
        if let Some(value) = dict_entry(doc, node, key) {
            return Some(value);
        }
        node = match entry(node, b"Parent") {
            Some(Object::Reference(id)) => doc.get_dictionary(*id).ok()?,
            _ => return None,
        };
    }
    None
}

/// `/Rotate`, inherited, normalised to 0, 90, 180 or 270.
pub fn page_rotation(doc: &Document, page_id: ObjectId) -> u16 {
    let degrees = inherited(doc, page_id, b"Rotate")
        .and_then(number)
        .unwrap_or(0.0) as i64;
    (degrees.rem_euclid(360) / 90 * 90) as u16
}

/// A text entry of the document information dictionary (`/Producer`, …).
pub fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = resolve(doc, doc.trailer.get(b"Info").ok()?);
    match entry(info.as_dict().ok()?, key)? {
        Object::String(bytes, _) => Some(
            lopdf::decode_text_string(&Object::String(bytes.clone(), lopdf::StringFormat::Literal))
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        ),
        _ => None,
    }
}
