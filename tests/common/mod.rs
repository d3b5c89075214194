//! Helpers shared by the integration tests: paths, scratch folders, output
//! snapshots, and PDFs written byte by byte (hostile ones included).
// Each test crate uses only some of these.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A plan extracted in process, as its JSON output reads.
pub fn plan_of(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap();
    let plan = iub::pipeline::extract(
        &path.display().to_string(),
        path,
        &bytes,
        iub::pdf::default_backend(),
        &iub::limits::Limits::default(),
    )
    .unwrap();
    serde_json::from_str(&iub::output::to_json(&plan)).unwrap()
}

pub fn interventions(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v["interventions"].as_array().unwrap()
}

/// The interventions' names, in order.
pub fn names(v: &serde_json::Value) -> Vec<String> {
    interventions(v)
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

/// The intervention of that name.
pub fn find<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    interventions(v)
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no intervention named {name}"))
}

/// An empty scratch folder `iub-<suite>-<name>-<pid>` under the temp dir.
pub fn temp(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iub-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file of a folder by name, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A PDF of the given (number, body) objects with a classic xref table;
/// object 1 is the catalog.
pub fn pdf(objects: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = BTreeMap::new();
    for (number, body) in objects {
        offsets.insert(*number, out.len());
        out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let size = objects.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        let offset = offsets.get(&n).copied().unwrap_or(0);
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// A stream object body: `<< dict /Length n >> stream … endstream`.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(b"\nendstream");
    body
}
