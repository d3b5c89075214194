//! README.md's first command, as written, and its output example: the
//! command must exit 0 and write the five bundled plans; the example must
//! be an excerpt of what it wrote (the first plan, long strings and lists
//! of records cut by fixed rules). When the output changes on purpose, regenerate the
//! example with
//!
//!     UPDATE_README=1 cargo test --test readme
//!
//! (`.ci/run` also runs the first command itself, through cargo.)

use serde_json::Value;
use std::path::Path;
use std::process::Command;

mod common;
use common::{root, temp};

/// The line before the example's ```json block.
const MARKER: &str = "<!-- output example: the first plan the first command writes, cut short; UPDATE_README=1 cargo test --test readme regenerates it -->";

/// Longest string shown whole; longer ones keep their first `CUT` chars.
const LONGEST: usize = 72;
const CUT: usize = 60;
/// Lines of the example are at most this wide where a value allows it.
const WIDTH: usize = 96;

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The first line of the README's first ```sh block, without its comment.
fn first_command(readme: &str) -> String {
    let block = readme
        .split("```sh\n")
        .nth(1)
        .expect("README.md has a ```sh block");
    let line = block.lines().next().unwrap();
    line.split(" #").next().unwrap().trim().to_string()
}

/// The example's JSON text and where it sits in the README.
fn example(readme: &str) -> (usize, usize) {
    let marker = readme
        .find(MARKER)
        .expect("README.md marks its output example");
    let open = marker + readme[marker..].find("```json\n").unwrap() + "```json\n".len();
    let close = open + readme[open..].find("```\n").unwrap();
    (open, close)
}

/// JSON with its members in file order (serde_json's `Value` sorts them).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Scalar(serde_json::Value),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::Scalar(v.into()))
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Scalar(Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Json::Object(members))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The rules that make the example from a plan: strings over `LONGEST`
/// chars are cut, lists of records keep their first and a "…" (lists of
/// plain values, such as a bbox, stay whole).
fn excerpt(v: &Json) -> Json {
    match v {
        Json::Scalar(Value::String(s)) if s.chars().count() > LONGEST => {
            Json::Scalar(Value::String(s.chars().take(CUT).collect::<String>() + "…"))
        }
        Json::Array(items) if items.len() > 1 && !matches!(items[0], Json::Scalar(_)) => {
            Json::Array(vec![excerpt(&items[0]), Json::Scalar("…".into())])
        }
        Json::Array(items) => Json::Array(items.iter().map(excerpt).collect()),
        Json::Object(members) => Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), excerpt(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// JSON as a reader wants it: a value on one line when it fits in `WIDTH`
/// after the `lead` characters before it, else one member per line.
fn render(v: &Json, indent: usize, lead: usize) -> String {
    let flat = flat(v);
    if lead + flat.chars().count() <= WIDTH {
        return flat;
    }
    let pad = " ".repeat(indent + 2);
    let (open, close, members): (&str, &str, Vec<String>) = match v {
        Json::Object(members) => (
            "{",
            "}",
            members
                .iter()
                .map(|(k, v)| {
                    let key = format!("{}: ", Value::String(k.clone()));
                    let lead = indent + 2 + key.chars().count();
                    format!("{key}{}", render(v, indent + 2, lead))
                })
                .collect(),
        ),
        Json::Array(items) => (
            "[",
            "]",
            items
                .iter()
                .map(|i| render(i, indent + 2, indent + 2))
                .collect(),
        ),
        Json::Scalar(_) => return flat,
    };
    let body: Vec<String> = members.iter().map(|m| format!("{pad}{m}")).collect();
    format!(
        "{open}\n{}\n{}{close}",
        body.join(",\n"),
        " ".repeat(indent)
    )
}

fn flat(v: &Json) -> String {
    match v {
        Json::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), flat(v)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(flat).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Scalar(v) => v.to_string(),
    }
}

/// A line diff (longest common subsequence): `-` README, `+` real output.
fn diff(expected: &str, actual: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] > lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    out
}

#[test]
fn the_first_command_writes_the_bundled_plans_and_the_example_is_its_output() {
    let readme = readme();
    let command = first_command(&readme);
    // `.ci/run` runs it through cargo; here the built binary takes its arguments.
    let args = command
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("the first command runs iub through cargo: {command}"));
    let dir = temp("readme", "first");
    let run = Command::new(env!("CARGO_BIN_EXE_iub"))
        .args(args.split_whitespace())
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = dir.join("out");
    let stems: Vec<String> = iub::bundled::BUNDLED
        .iter()
        .map(|(name, _)| iub::pipeline::output_stem(Path::new(name)))
        .collect();
    assert_eq!(stems.len(), 5, "the five bundled plans");
    for stem in &stems {
        assert!(out.join(format!("{stem}.json")).exists(), "{stem}.json");
    }

    let first = out.join(format!("{}.json", stems[0]));
    let plan: Json = serde_json::from_str(&std::fs::read_to_string(first).unwrap()).unwrap();
    let real = format!("{}\n", render(&excerpt(&plan), 0, 0));
    let (open, close) = example(&readme);
    let shown = &readme[open..close];
    if shown == real {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{real}{}", &readme[..open], &readme[close..]);
        std::fs::write(root().join("README.md"), updated).unwrap();
        return;
    }
    panic!(
        "README.md's output example is not what `{command}` writes now \
         (- README, + real):\n{}\nIf the change is intended: UPDATE_README=1 cargo test --test readme",
        diff(shown, &real)
    );
}

#[test]
fn the_diff_shows_what_changed() {
    assert_eq!(diff("a\nb\nc\n", "a\nB\nc\nd\n"), "- b\n+ B\n+ d\n");
}
