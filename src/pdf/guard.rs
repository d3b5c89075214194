//! Checks run on a parsed PDF before any content is interpreted, so that a
//! hostile file fails with a clear reason instead of exhausting memory or
//! the stack: streams that inflate past a limit (decompression bombs) and
//! Form XObjects that draw themselves or nest too deep (pdf-extract walks
//! them recursively).

use super::filters::{self, FilterError};
use super::objects::{dict_entry, entry, inherited, resolve};
use crate::limits::Limits;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeSet;

/// Refuses documents whose streams decode past the per-stream or the
/// per-document limit. A stream whose [`filters::decoded_bound`] is within
/// the per-stream limit cannot break it and is not decoded for it (both
/// backends decode what they read again, and decoding every stream twice
/// cost a twentieth of the time); the others are decoded (all content
/// filters, each capped, see [`super::filters`]) into a counting sink that
/// stops at the limit. The document's sum takes a stream's bound until the
/// bounds could pass the document limit; then they are decoded too, so a
/// document is refused only for what its streams really decode to. Memory
/// stays at one read buffer for Flate and LZW, the filters bombs are made of.
pub fn check_decompressed_sizes(doc: &Document, limits: &Limits) -> Result<(), String> {
    let too_large = |id: &ObjectId| {
        format!(
            "stream {} {} R inflates to more than {} bytes (--max-stream-bytes): a decompression bomb?",
            id.0, id.1, limits.max_stream_bytes
        )
    };
    let over_document_limit = || {
        format!(
            "streams inflate to more than {} bytes in all (--max-document-bytes)",
            limits.max_document_bytes
        )
    };
    // Adds what the stream really decodes to; image data under another
    // name is never decoded and counts nothing.
    let decode_and_count = |id: &ObjectId, stream: &lopdf::Stream, decoded: &mut u64| {
        *decoded += match filters::decoded_size(doc, stream, limits.max_stream_bytes) {
            Ok(size) => size,
            Err(FilterError::TooLarge) => return Err(too_large(id)),
            Err(FilterError::Unsupported(_)) => 0,
        };
        if *decoded > limits.max_document_bytes {
            return Err(over_document_limit());
        }
        Ok(())
    };
    let mut decoded: u64 = 0;
    let mut bounded: Vec<(&ObjectId, &lopdf::Stream, u64)> = Vec::new();
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        // Images are never decoded (neither backend reads pixels), so a bomb
        // there is harmless and decoding them would only cost time.
        let is_image =
            matches!(entry(&stream.dict, b"Subtype"), Some(Object::Name(n)) if n == b"Image");
        if is_image || entry(&stream.dict, b"Filter").is_none() {
            continue;
        }
        match filters::decoded_bound(doc, stream) {
            Ok(bound) if bound <= limits.max_stream_bytes => {
                bounded.push((id, stream, bound));
                continue;
            }
            // Image data under another name: never decoded.
            Err(FilterError::Unsupported(_)) => continue,
            _ => {}
        }
        decode_and_count(id, stream, &mut decoded)?;
    }
    let mut unsure: u64 = bounded.iter().map(|(_, _, bound)| bound).sum();
    for (id, stream, bound) in bounded {
        if decoded.saturating_add(unsure) <= limits.max_document_bytes {
            return Ok(());
        }
        unsure -= bound;
        decode_and_count(id, stream, &mut decoded)?;
    }
    Ok(())
}

/// The Form XObjects a resource dictionary names, by object id.
fn forms_of(doc: &Document, resources: Option<&Object>) -> Vec<ObjectId> {
    let Some(Object::Dictionary(resources)) = resources.map(|r| resolve(doc, r)) else {
        return Vec::new();
    };
    let Some(Object::Dictionary(xobjects)) = dict_entry(doc, resources, b"XObject") else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(_, value)| match value {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(Object::Stream(s)) if matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") => Some(*id),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Refuses Form XObjects that draw themselves (directly or through others)
/// or nest deeper than the limit.
pub fn check_form_nesting(doc: &Document, limits: &Limits) -> Result<(), String> {
    fn visit(
        doc: &Document,
        id: ObjectId,
        path: &mut Vec<ObjectId>,
        done: &mut BTreeSet<ObjectId>,
        limit: usize,
    ) -> Result<(), String> {
        if path.contains(&id) {
            return Err(format!(
                "Form XObject {} {} R draws itself (a loop)",
                id.0, id.1
            ));
        }
        if path.len() >= limit {
            return Err(format!(
                "Form XObjects nested deeper than {limit} (--max-nesting)"
            ));
        }
        if done.contains(&id) {
            return Ok(());
        }
        path.push(id);
        let resources = match doc.get_object(id) {
            Ok(Object::Stream(s)) => s.dict.get(b"Resources").ok(),
            _ => None,
        };
        for child in forms_of(doc, resources) {
            visit(doc, child, path, done, limit)?;
        }
        path.pop();
        done.insert(id);
        Ok(())
    }
    let mut done = BTreeSet::new();
    for (_, page_id) in doc.get_pages() {
        // Inherited, as both backends read them: forms named only on a
        // parent /Pages node are drawn too.
        for form in forms_of(doc, inherited(doc, page_id, b"Resources")) {
            visit(doc, form, &mut Vec::new(), &mut done, limits.max_nesting)?;
        }
    }
    Ok(())
}

/// Why a PDF whose page tree gives no pages has none, when the reason is a
/// loop: `/Kids` that list a node's own ancestor (lopdf then stops and
/// returns no pages). `None` for a tree that is merely empty.
pub fn page_tree_loop(doc: &Document) -> Option<String> {
    fn visit(
        doc: &Document,
        id: ObjectId,
        path: &mut Vec<ObjectId>,
        budget: &mut usize,
    ) -> Option<String> {
        if let Some(&parent) = path.last().filter(|_| path.contains(&id)) {
            return Some(format!(
                "the page tree loops: {} {} R lists {} {} R, itself or a node above it, among its /Kids",
                parent.0, parent.1, id.0, id.1
            ));
        }
        // Bounded: a tree this deep or this large is not looked through.
        if path.len() >= 64 || *budget == 0 {
            return None;
        }
        *budget -= 1;
        let kids = match dict_entry(doc, doc.get_dictionary(id).ok()?, b"Kids") {
            Some(Object::Array(kids)) => kids,
            _ => return None,
        };
        path.push(id);
        let found = kids.iter().find_map(|kid| match kid {
            Object::Reference(kid) => visit(doc, *kid, path, budget),
            _ => None,
        });
        path.pop();
        found
    }
    let root = resolve(doc, doc.trailer.get(b"Root").ok()?)
        .as_dict()
        .ok()?;
    match root.get(b"Pages").ok()? {
        Object::Reference(pages) => visit(doc, *pages, &mut Vec::new(), &mut 100_000),
        _ => None,
    }
}
