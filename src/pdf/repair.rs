//! Damaged files, opened the way qpdf, poppler and MuPDF open them. When
//! lopdf cannot read the cross-reference table (missing, truncated, rows of
//! the wrong width, offsets counted from before junk ahead of `%PDF-`, a
//! `/Prev` chain into garbage) or objects it points to do not parse (a wrong
//! stream `/Length`, comments in an object stream, an abbreviated filter
//! name), the file is rewritten from the objects found by scanning for
//! `N G obj` — the last definition of a number wins, as in an incremental
//! update — with every stream's `/Length` measured up to its `endstream`,
//! the objects of object streams written out on their own, and a fresh
//! table; then lopdf reads that. lopdf's own API has no way to add parsed
//! objects, so the repair is done on the bytes.
//!
//! A page tree that lists no page (a `/Pages` entry pointing at the page
//! itself, `/Type` misspelt, kids that loop) is replaced by the pages found
//! under the catalog's `/Pages`, or else by every page object in the file.

use super::filters;
use super::native::lexer::{Lexer, Token};
use super::objects::{entry, number};
use crate::limits::Limits;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use regex::bytes::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// `N G obj`. Object numbers past ten digits are not numbers a table can hold.
static OBJECT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj")
        .expect("object header pattern is valid")
});
/// Highest object number a rebuilt table keeps (PDF 32000 Annex C: 8,388,607).
const MAX_OBJECT_NUMBER: u32 = 8_388_607;
/// Pages of a replacement page tree, at most (the page limit applies later).
const MAX_TREE_NODES: usize = 100_000;

fn is_regular(b: u8) -> bool {
    !matches!(
        b,
        b' ' | b'\n'
            | b'\r'
            | b'\t'
            | b'\x0c'
            | b'\0'
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// Whether the bytes begin, after white space and comments, with `N G obj`.
pub fn starts_with_object(bytes: &[u8]) -> bool {
    let start = skip_white_and_comments(bytes, 0);
    OBJECT_HEADER
        .find_at(bytes, start)
        .is_some_and(|m| m.start() == start)
}

/// One object as it will be written into the rebuilt file.
struct Found {
    number: u32,
    generation: u16,
    /// Where it was defined (its container's offset for objects of object
    /// streams): a later definition replaces an earlier one.
    position: usize,
    /// The object's value, and for a stream its data.
    value: Vec<u8>,
    data: Option<Vec<u8>>,
}

/// What a scan of the raw bytes finds.
struct Scan {
    objects: Vec<Found>,
    /// `trailer << … >>` dictionaries, with their offsets.
    trailers: Vec<(usize, Vec<u8>)>,
}

/// The end of the dictionary that starts at `start` (just past its `>>`),
/// and its `/Length` when that is a direct integer.
fn dictionary_end(bytes: &[u8], start: usize) -> Option<(usize, Option<usize>)> {
    let mut lexer = Lexer::new(bytes.get(start..)?);
    let mut depth = 0usize;
    let mut length = None;
    let mut after_length_key = false;
    while let Some(token) = lexer.next_token() {
        let was_length_key = std::mem::take(&mut after_length_key);
        match token {
            Token::DictOpen => depth += 1,
            Token::DictClose => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((start + lexer.position(), length));
                }
            }
            Token::Name(name) if depth == 1 && name == b"Length" => after_length_key = true,
            Token::Number(n) if was_length_key && n >= 0.0 && n.fract() == 0.0 => {
                length = Some(n as usize);
            }
            // `/Length 12 0 R`: an indirect length, measured instead.
            Token::Keyword(b"R") if depth == 1 => length = None,
            Token::Keyword(b"stream" | b"endobj" | b"obj") => return None,
            _ => {}
        }
    }
    None
}

fn skip_white_and_comments(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&b) = bytes.get(at) {
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0') {
            at += 1;
        } else if b == b'%' {
            while bytes.get(at).is_some_and(|&c| c != b'\n' && c != b'\r') {
                at += 1;
            }
        } else {
            break;
        }
    }
    at
}

/// Finds every `N G obj` in file order. Stream data is skipped (so a header
/// inside it is not taken for an object) up to its `endstream`.
fn scan(bytes: &[u8]) -> Scan {
    let mut objects = Vec::new();
    let mut cursor = 0;
    while let Some(m) = OBJECT_HEADER.captures_at(bytes, cursor) {
        let whole = m
            .get(0)
            .map(|g| (g.start(), g.end()))
            .unwrap_or((cursor, cursor + 1));
        cursor = whole.1;
        let number = m
            .get(1)
            .and_then(|g| std::str::from_utf8(g.as_bytes()).ok()?.parse().ok());
        let generation = m
            .get(2)
            .and_then(|g| std::str::from_utf8(g.as_bytes()).ok()?.parse().ok());
        let standalone = (whole.0 == 0 || !is_regular(bytes[whole.0 - 1]))
            && bytes.get(whole.1).is_none_or(|&b| !is_regular(b));
        let (Some(number), Some(generation)) = (number, generation) else {
            continue;
        };
        if !standalone || number == 0 || number > MAX_OBJECT_NUMBER {
            continue;
        }
        let next_header = OBJECT_HEADER
            .find_at(bytes, whole.1)
            .map(|n| n.start())
            .unwrap_or(bytes.len());
        let start = skip_white_and_comments(bytes, whole.1);
        let dict = (bytes.get(start..start + 2) == Some(b"<<"))
            .then(|| dictionary_end(bytes, start))
            .flatten();
        let mut object = Found {
            number,
            generation,
            position: whole.0,
            value: Vec::new(),
            data: None,
        };
        if let Some((dict_end, declared)) = dict {
            let after = skip_white_and_comments(bytes, dict_end);
            if bytes.get(after..after + 6) == Some(b"stream") {
                let mut data_start = after + 6;
                if bytes.get(data_start) == Some(&b'\r') {
                    data_start += 1;
                }
                if bytes.get(data_start) == Some(&b'\n') {
                    data_start += 1;
                }
                let ends_at = |end: usize| {
                    let rest = skip_white_and_comments(bytes, end);
                    bytes.get(rest..rest + 9) == Some(b"endstream")
                };
                let data_end = match declared {
                    Some(n) if data_start + n <= bytes.len() && ends_at(data_start + n) => {
                        data_start + n
                    }
                    _ => {
                        let end = find(bytes, b"endstream", data_start).unwrap_or(next_header);
                        let mut end = end.max(data_start);
                        if end > data_start && bytes[end - 1] == b'\n' {
                            end -= 1;
                        }
                        if end > data_start && bytes[end - 1] == b'\r' {
                            end -= 1;
                        }
                        end
                    }
                };
                object.value = bytes[start..dict_end].to_vec();
                object.data = Some(bytes[data_start..data_end].to_vec());
                cursor = cursor.max(data_end);
                objects.push(object);
                continue;
            }
        }
        let end = find(&bytes[..next_header], b"endobj", start).unwrap_or(next_header);
        object.value = bytes[start..end.max(start)].to_vec();
        objects.push(object);
    }
    let mut trailers = Vec::new();
    let mut at = 0;
    while let Some(found) = find(bytes, b"trailer", at) {
        at = found + 7;
        let start = skip_white_and_comments(bytes, at);
        if bytes.get(start..start + 2) == Some(b"<<") {
            if let Some((end, _)) = dictionary_end(bytes, start) {
                trailers.push((found, bytes[start..end].to_vec()));
            }
        }
    }
    Scan { objects, trailers }
}

/// Writes a file lopdf can read: the objects, one table, and `trailer`.
fn write_file(objects: &[&Found], trailer: &[u8]) -> Vec<u8> {
    let size: usize = objects
        .iter()
        .map(|o| o.value.len() + o.data.as_ref().map_or(0, Vec::len) + 64)
        .sum();
    let mut out = Vec::with_capacity(size + 64 + objects.len() * 20);
    out.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    let mut offsets: BTreeMap<u32, (usize, u16)> = BTreeMap::new();
    for object in objects {
        offsets.insert(object.number, (out.len(), object.generation));
        out.extend_from_slice(format!("{} {} obj\n", object.number, object.generation).as_bytes());
        match &object.data {
            Some(data) => {
                // The dictionary without its `>>`, the measured length (a
                // later key wins in lopdf), and the data.
                let open = object.value.len().saturating_sub(2);
                out.extend_from_slice(&object.value[..open]);
                out.extend_from_slice(format!(" /Length {} >>\nstream\n", data.len()).as_bytes());
                out.extend_from_slice(data);
                out.extend_from_slice(b"\nendstream");
            }
            None => out.extend_from_slice(&object.value),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    let numbers: Vec<u32> = offsets.keys().copied().collect();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", numbers[i], j - i + 1).as_bytes());
        for n in &numbers[i..=j] {
            let (offset, generation) = offsets[n];
            out.extend_from_slice(format!("{offset:010} {generation:05} n \n").as_bytes());
        }
        i = j + 1;
    }
    let size = numbers.last().map_or(1, |n| n + 1);
    out.extend_from_slice(b"trailer\n<< /Size ");
    out.extend_from_slice(size.to_string().as_bytes());
    out.extend_from_slice(trailer);
    out.extend_from_slice(b" >>\nstartxref\n");
    out.extend_from_slice(xref.to_string().as_bytes());
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

/// A simple object (what a trailer holds) as PDF syntax.
fn write_object(object: &Object, out: &mut Vec<u8>, depth: usize) {
    if depth > 8 {
        out.extend_from_slice(b"null");
        return;
    }
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(n) => {
            out.push(b'/');
            for &b in n {
                if is_regular(b) && (b'!'..=b'~').contains(&b) && b != b'#' {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Object::String(s, _) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for item in items {
                write_object(item, out, depth + 1);
                out.push(b' ');
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            for (k, v) in d.iter() {
                write_object(&Object::Name(k.clone()), out, depth + 1);
                out.push(b' ');
                write_object(v, out, depth + 1);
                out.push(b' ');
            }
            out.extend_from_slice(b">>");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
        Object::Stream(_) => out.extend_from_slice(b"null"),
    }
}

/// The last definition of each object number, in file order.
fn latest(objects: &[Found]) -> Vec<&Found> {
    let mut by_number: BTreeMap<u32, &Found> = BTreeMap::new();
    for object in objects {
        match by_number.get(&object.number) {
            Some(old) if old.position > object.position => {}
            _ => {
                by_number.insert(object.number, object);
            }
        }
    }
    let mut list: Vec<&Found> = by_number.into_values().collect();
    list.sort_by_key(|o| o.position);
    list
}

fn is_type(dict: &Dictionary, name: &[u8]) -> bool {
    matches!(entry(dict, b"Type"), Some(Object::Name(n)) if n == name)
}

/// The objects of an object stream (§7.5.7), read from its decoded data:
/// the index of number/offset pairs may hold comments, and an offset past
/// the data is skipped.
fn object_stream_members(data: &[u8], first: usize, position: usize) -> Vec<Found> {
    let index = data.get(..first.min(data.len())).unwrap_or_default();
    let mut numbers = Vec::new();
    let mut lexer = Lexer::new(index);
    while let Some(token) = lexer.next_token() {
        if let Token::Number(n) = token {
            numbers.push(n);
        }
    }
    let pairs: Vec<(u32, usize)> = numbers
        .chunks_exact(2)
        .filter(|p| p[0] >= 1.0 && p[1] >= 0.0)
        .map(|p| (p[0] as u32, first + p[1] as usize))
        .filter(|&(n, offset)| n <= MAX_OBJECT_NUMBER && offset < data.len())
        .collect();
    let mut starts: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    starts.sort_unstable();
    pairs
        .iter()
        .map(|&(number, offset)| {
            let end = starts
                .iter()
                .find(|&&s| s > offset)
                .copied()
                .unwrap_or(data.len());
            Found {
                number,
                generation: 0,
                position,
                value: data[offset..end].to_vec(),
                data: None,
            }
        })
        .collect()
}

/// Trailer keys a rebuilt file needs, each from the last trailer (or
/// cross-reference stream) that has it; and every `/Root` named, latest
/// first, to choose from once the objects are read.
fn trailer_entries(
    first_pass: &Document,
    candidates: &[(usize, ObjectId)],
    encryption: Encryption,
) -> (Vec<u8>, Vec<ObjectId>) {
    let mut chosen: BTreeMap<&[u8], &Object> = BTreeMap::new();
    let mut roots = Vec::new();
    for (_, id) in candidates {
        let dict = match first_pass.objects.get(id) {
            Some(Object::Dictionary(d)) => d,
            Some(Object::Stream(s)) => &s.dict,
            _ => continue,
        };
        for key in [&b"Info"[..], b"Encrypt", b"ID"] {
            if let Some(value) = entry(dict, key) {
                chosen.insert(key, value);
            }
        }
        if let Some(Object::Reference(root)) = entry(dict, b"Root") {
            roots.insert(0, *root);
        }
    }
    if encryption == Encryption::Drop {
        chosen.remove(&b"Encrypt"[..]);
    }
    let empty_id = Object::Array(vec![
        Object::String(Vec::new(), lopdf::StringFormat::Hexadecimal),
        Object::String(Vec::new(), lopdf::StringFormat::Hexadecimal),
    ]);
    if encryption == Encryption::EmptyId {
        chosen.insert(b"ID", &empty_id);
    }
    let mut out = Vec::new();
    for (key, value) in chosen {
        out.push(b' ');
        write_object(&Object::Name(key.to_vec()), &mut out, 0);
        out.push(b' ');
        write_object(value, &mut out, 0);
    }
    (out, roots)
}

/// Points the trailer at a catalog: the latest named `/Root` that is a
/// dictionary with `/Pages`, else the last `/Type /Catalog` object.
fn choose_root(doc: &mut Document, roots: &[ObjectId]) {
    let is_catalog = |id: &ObjectId| matches!(doc.objects.get(id), Some(Object::Dictionary(d)) if entry(d, b"Pages").is_some());
    let root = roots.iter().copied().find(is_catalog).or_else(|| {
        doc.objects
            .iter()
            .rev()
            .find(|(_, o)| matches!(o, Object::Dictionary(d) if is_type(d, b"Catalog")))
            .map(|(id, _)| *id)
    });
    if let Some(root) = root {
        doc.trailer.set("Root", Object::Reference(root));
    }
}

/// The first pass keeps object streams as they are: lopdf drops one it
/// cannot read, and its dictionary is what says where the members are.
const UNREAD_OBJECT_STREAM: &[u8] = b"IubUnreadObjStm";

fn keep_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(s) = object {
        if is_type(&s.dict, b"ObjStm") {
            s.dict
                .set("Type", Object::Name(UNREAD_OBJECT_STREAM.to_vec()));
        }
    }
    Some((id, object.clone()))
}

fn load(bytes: &[u8], password: Option<&str>, first_pass: bool) -> Result<Document, String> {
    let options = LoadOptions {
        password: password.map(str::to_string),
        filter: first_pass.then_some(keep_object_streams as lopdf::FilterFunc),
        ..LoadOptions::default()
    };
    crate::isolate::contain(|| Document::load_mem_with_options(bytes, options))?
        .map_err(|e| e.to_string())
}

/// What a rebuilt trailer changes about encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    /// As the file says.
    Keep,
    /// Left out: only attachments are encrypted (`/StmF` and `/StrF` are
    /// `/Identity`), the rest is plain and needs no key.
    Drop,
    /// An `/ID` of two empty strings where the file has none or a broken
    /// one (the key is computed from it; poppler and qpdf use empty).
    EmptyId,
}

/// Whether an encrypted document lopdf could not open needs no key (only
/// its attachments are encrypted) or lacks a usable `/ID`.
pub fn locked_fix(doc: &Document) -> Option<Encryption> {
    let encrypt = match doc.trailer.get(b"Encrypt").ok()? {
        Object::Reference(id) => doc.objects.get(id)?.as_dict().ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let version = entry(encrypt, b"V").and_then(number).unwrap_or(0.0);
    let identity = |key: &[u8]| match entry(encrypt, key) {
        None => true,
        Some(Object::Name(n)) => n == b"Identity",
        Some(_) => false,
    };
    if version >= 4.0 && identity(b"StmF") && identity(b"StrF") {
        return Some(Encryption::Drop);
    }
    let id_ok = matches!(doc.trailer.get(b"ID"), Ok(Object::Array(ids))
        if ids.len() == 2 && ids.iter().all(|i| matches!(i, Object::String(..))));
    (!id_ok).then_some(Encryption::EmptyId)
}

/// Rebuilds the file from its objects and loads it; `None` when no object
/// is found (then the file is not a damaged PDF but something else).
pub fn rebuild(
    bytes: &[u8],
    password: Option<&str>,
    encryption: Encryption,
    limits: &Limits,
) -> Option<Document> {
    let Scan {
        mut objects,
        trailers,
    } = scan(bytes);
    if objects.is_empty() {
        return None;
    }
    // First pass: the objects as found, and each trailer as an object of
    // its own past the last number, so that lopdf parses their dictionaries.
    let first_free = objects.iter().map(|o| o.number).max().unwrap_or(0) + 1;
    let pseudo: Vec<Found> = (first_free..)
        .zip(&trailers)
        .map(|(number, (position, dict))| Found {
            number,
            generation: 0,
            position: *position,
            value: dict.clone(),
            data: None,
        })
        .collect();
    let mut candidates: Vec<(usize, ObjectId)> =
        pseudo.iter().map(|p| (p.position, (p.number, 0))).collect();
    let kept = latest(&objects);
    let mut first_objects: Vec<&Found> = kept.clone();
    first_objects.extend(pseudo.iter());
    let first_pass = load(&write_file(&first_objects, b""), None, true).ok()?;
    for object in &kept {
        let id = (object.number, object.generation);
        if let Some(Object::Stream(s)) = first_pass.objects.get(&id) {
            if is_type(&s.dict, b"XRef") {
                candidates.push((object.position, id));
            }
        }
    }
    candidates.sort_by_key(|c| c.0);
    let (trailer, roots) = trailer_entries(&first_pass, &candidates, encryption);
    let encrypted = encryption != Encryption::Drop
        && candidates
            .iter()
            .any(|(_, id)| match first_pass.objects.get(id) {
                Some(Object::Dictionary(d)) => entry(d, b"Encrypt").is_some(),
                Some(Object::Stream(s)) => entry(&s.dict, b"Encrypt").is_some(),
                _ => false,
            });
    // Second pass: the members of object streams as objects of their own.
    // Encrypted files keep their object streams (their members are not
    // encrypted one by one; lopdf decrypts and reads the streams).
    if !encrypted {
        let mut total = 0u64;
        let mut members = Vec::new();
        for object in &kept {
            let Some(Object::Stream(s)) =
                first_pass.objects.get(&(object.number, object.generation))
            else {
                continue;
            };
            if !is_type(&s.dict, UNREAD_OBJECT_STREAM) {
                continue;
            }
            let Some(first) = entry(&s.dict, b"First").and_then(number) else {
                continue;
            };
            let Ok(data) = filters::decode(&first_pass, s, limits.max_stream_bytes) else {
                continue;
            };
            total += data.len() as u64;
            if total > limits.max_document_bytes {
                break;
            }
            members.extend(object_stream_members(
                &data,
                first.max(0.0) as usize,
                object.position,
            ));
        }
        objects.append(&mut members);
    }
    let kept = latest(&objects);
    let mut doc = load(&write_file(&kept, &trailer), password, false).ok()?;
    choose_root(&mut doc, &roots);
    Some(doc)
}

/// The page objects under `node`, depth first, whatever their `/Type` says:
/// a node with `/Kids` is a tree node, any other dictionary a page.
fn collect_pages(
    doc: &Document,
    node: ObjectId,
    seen: &mut BTreeSet<ObjectId>,
    out: &mut Vec<ObjectId>,
) {
    let mut stack = vec![node];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) || seen.len() > MAX_TREE_NODES {
            continue;
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        match entry(dict, b"Kids").map(|k| super::objects::resolve(doc, k)) {
            Some(Object::Array(kids)) => {
                for kid in kids.iter().rev() {
                    if let Object::Reference(kid) = kid {
                        stack.push(*kid);
                    }
                }
            }
            _ => out.push(id),
        }
    }
}

/// When lopdf finds no page, replaces the page tree by the pages found
/// under the catalog's `/Pages` (types ignored) or else every `/Type /Page`
/// object in number order. Returns whether it did.
pub fn repair_page_tree(doc: &mut Document) -> bool {
    if !doc.get_pages().is_empty() {
        return false;
    }
    let root = match doc.trailer.get(b"Root") {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let tree =
        root.and_then(|r| doc.get_dictionary(r).ok())
            .and_then(|c| match entry(c, b"Pages") {
                Some(Object::Reference(id)) => Some(*id),
                _ => None,
            });
    let mut pages = Vec::new();
    if let Some(tree) = tree {
        collect_pages(doc, tree, &mut BTreeSet::new(), &mut pages);
    }
    pages.retain(|id| {
        doc.get_dictionary(*id)
            .is_ok_and(|d| entry(d, b"Contents").is_some() || is_type(d, b"Page"))
    });
    if pages.is_empty() {
        pages = doc
            .objects
            .iter()
            .filter(|(_, o)| matches!(o, Object::Dictionary(d) if is_type(d, b"Page")))
            .map(|(id, _)| *id)
            .take(MAX_TREE_NODES)
            .collect();
    }
    if pages.is_empty() {
        return false;
    }
    let tree_id = (doc.max_id + 1, 0);
    doc.max_id += 1;
    let mut node = Dictionary::new();
    node.set("Type", Object::Name(b"Pages".to_vec()));
    node.set("Count", Object::Integer(pages.len() as i64));
    node.set(
        "Kids",
        Object::Array(pages.iter().map(|id| Object::Reference(*id)).collect()),
    );
    doc.objects.insert(tree_id, Object::Dictionary(node));
    for id in &pages {
        if let Ok(page) = doc.get_dictionary_mut(*id) {
            page.set("Type", Object::Name(b"Page".to_vec()));
        }
    }
    let catalog_id = match root {
        Some(id) if doc.get_dictionary(id).is_ok() => id,
        _ => {
            let id = (doc.max_id + 1, 0);
            doc.max_id += 1;
            let mut catalog = Dictionary::new();
            catalog.set("Type", Object::Name(b"Catalog".to_vec()));
            doc.objects.insert(id, Object::Dictionary(catalog));
            doc.trailer.set("Root", Object::Reference(id));
            id
        }
    };
    if let Ok(catalog) = doc.get_dictionary_mut(catalog_id) {
        catalog.set("Pages", Object::Reference(tree_id));
    }
    !doc.get_pages().is_empty()
}

/// How many objects lopdf lost: listed in its table but not read (a wrong
/// offset), or read as a bare dictionary where a stream's `/Length` did not
/// reach its `endstream` (lopdf then drops the data silently).
pub fn lost_objects(doc: &Document) -> usize {
    use lopdf::xref::XrefEntry;
    if doc.encryption_state.is_some() {
        return 0; // lopdf drops the encryption dictionary on purpose
    }
    let unread = doc
        .reference_table
        .entries
        .iter()
        .filter(|(n, e)| {
            matches!(e, XrefEntry::Normal { .. } | XrefEntry::Compressed { .. })
                && **n != 0
                && doc
                    .objects
                    .range((**n, 0)..=(**n, u16::MAX))
                    .next()
                    .is_none()
        })
        .count();
    // An encryption dictionary has a /Length (of its key) and /O and /U.
    let cut_off = doc
        .objects
        .values()
        .filter(|o| {
            matches!(o, Object::Dictionary(d)
                if entry(d, b"Length").is_some() && entry(d, b"O").is_none() && entry(d, b"U").is_none())
        })
        .count();
    unread + cut_off
}
