//! Benchmark for `iub::restore`, plus the two data generators it ships with.
//!
//! `cargo bench --bench restore_bench` — accuracy on the clean seed
//! plans 000–003, leave-one-document-out (the bigram model never saw the plan
//! it restores), after stripping diacritics and after injecting OCR
//! confusions; speed; and a check against the Sala gold strings.
//!
//! `restore_bench build-lexicon IN.tsv OUT.fst` — word list → fst.
//! `restore_bench build-ngrams OUT.tsv` — n-gram counts of seeds 000–003.
//! `restore_bench --errors` — also list the most frequent mistakes.
//! `restore_bench --filter` — restore stdin to stdout (for trying phrases).
//! `restore_bench --explain WORD…` — candidate readings of single words.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use iub::restore::{build_word_fst, restore, restore_if_needed, Lexicon, NgramCounts};

const CLEAN_SEEDS: [&str; 4] = [
    "000_dd9dd5d9f3fd4b54",
    "001_a06a560caf5de8c2",
    "002_09609c45e4b02379",
    "003_23c55e2100791a7b",
];
const OCR_SEED: &str = "004_6d4ffd2d5a89017a";

/// OCR confusion rates per diacritic letter, P(printed | meant). Estimated by
/// aligning the Sala OCR text (seed 004) with its gold strings: gold words of
/// ≥ 5 letters with å/ä/ö against OCR words of the same length that agree on
/// every other letter (327 ä, 368 å, 421 ö). ä: a 83%, d 9%, i 5.5%, é 3%;
/// å: a 93.5%, d 5%, i 1.4%; ö: o 73%, é 22%, 6 2.4%, d 2%. The rarer forms
/// the task names (&, 4, 3, A, "oé") get small rates of their own.
const OCR_AE: &[(&str, f64)] = &[
    ("a", 0.820),
    ("d", 0.090),
    ("i", 0.050),
    ("é", 0.030),
    ("&", 0.004),
    ("4", 0.003),
    ("A", 0.003),
];
const OCR_AA: &[(&str, f64)] = &[
    ("a", 0.925),
    ("d", 0.050),
    ("i", 0.014),
    ("é", 0.003),
    ("&", 0.005),
    ("3", 0.003),
];
const OCR_OE: &[(&str, f64)] = &[
    ("o", 0.725),
    ("é", 0.220),
    ("6", 0.025),
    ("d", 0.020),
    ("oé", 0.010),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_seed(name: &str) -> Result<String, String> {
    let p = root().join("fixtures/seeds").join(format!("{name}.txt"));
    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
}

/// splitmix64: a fixed-seed generator so every run injects the same errors.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, table: &[(&'a str, f64)]) -> &'a str {
        let mut x = self.next_f64();
        for (s, p) in table {
            if x < *p {
                return s;
            }
            x -= p;
        }
        table.first().map_or("", |t| t.0)
    }
}

fn strip_char(c: char) -> char {
    match c {
        'å' | 'ä' => 'a',
        'Å' | 'Ä' => 'A',
        'ö' => 'o',
        'Ö' => 'O',
        'é' => 'e',
        'É' => 'E',
        _ => c,
    }
}

fn strip(text: &str) -> String {
    text.chars().map(strip_char).collect()
}

fn inject_ocr(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let table = match c {
            'ä' => OCR_AE,
            'å' => OCR_AA,
            'ö' => OCR_OE,
            _ => {
                out.push(strip_char(c));
                continue;
            }
        };
        let mut s = rng.pick(table);
        let inside = i > 0
            && chars[i - 1].is_lowercase()
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        // A capital A only shows up between lowercase letters.
        if s == "A" && !inside {
            s = "a";
        }
        out.push_str(s);
    }
    out
}

/// Word runs as the restorer sees them (letters, digits, '&').
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphabetic() || c.is_ascii_digit() || c == '&'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

fn has_diacritic(w: &str) -> bool {
    w.contains(['å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é', 'É'])
}

#[derive(Default)]
struct Score {
    words: usize,
    correct: usize,
    dia: usize,
    dia_correct: usize,
    plain: usize,
    plain_changed: usize,
    misaligned: usize,
    /// (input→output, expected) → count and the first place it happened.
    errors: HashMap<(String, String), (usize, String)>,
}

/// Words around position `i` of the restored text, the mistake in brackets,
/// so a listed error shows the context the model saw.
fn context(words: &[&str], i: usize) -> String {
    let from = i.saturating_sub(3);
    let to = (i + 3).min(words.len());
    (from..to)
        .map(|j| {
            if j == i {
                format!("[{}]", words[j])
            } else {
                words[j].to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Score {
    fn add(&mut self, clean: &str, input: &str, restored: &str) {
        let (c, i, r) = (words(clean), words(input), words(restored));
        if c.len() != r.len() || c.len() != i.len() {
            self.misaligned += 1;
            return;
        }
        for (k, ((cw, iw), rw)) in c.iter().zip(&i).zip(&r).enumerate() {
            self.words += 1;
            let ok = cw == rw;
            self.correct += usize::from(ok);
            if has_diacritic(cw) {
                self.dia += 1;
                self.dia_correct += usize::from(ok);
            } else {
                self.plain += 1;
                self.plain_changed += usize::from(iw != rw);
            }
            if !ok {
                self.errors
                    .entry((format!("{iw}→{rw}"), cw.to_string()))
                    .or_insert_with(|| (0, context(&r, k)))
                    .0 += 1;
            }
        }
    }

    fn line(&self, name: &str) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        format!(
            "{name:<9} {:>6} {:>7.2}% {:>9} {:>7.2}% {:>7} {:>8.3}%{}",
            self.words,
            pct(self.correct, self.words),
            self.dia,
            pct(self.dia_correct, self.dia),
            self.plain,
            pct(self.plain_changed, self.plain),
            if self.misaligned > 0 {
                format!("  ({} docs misaligned)", self.misaligned)
            } else {
                String::new()
            }
        )
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn bench(show_errors: bool) -> Result<(), String> {
    let clean: Vec<String> = CLEAN_SEEDS
        .iter()
        .map(|s| read_seed(s))
        .collect::<Result<_, _>>()?;
    let mut stripped = Score::default();
    let mut ocr = Score::default();
    let mut rng = Rng(0x5EED_0004);
    let mut decisions = Vec::new();
    for (i, text) in clean.iter().enumerate() {
        let others: Vec<&str> = clean
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, t)| t.as_str())
            .collect();
        let lex =
            Lexicon::with_ngrams(&NgramCounts::from_texts(&others)).map_err(|e| e.to_string())?;
        let s_in = strip(text);
        let (s_out, d1) = restore_if_needed(&s_in, &lex);
        stripped.add(text, &s_in, &s_out);
        let o_in = inject_ocr(text, &mut rng);
        let (o_out, d2) = restore_if_needed(&o_in, &lex);
        ocr.add(text, &o_in, &o_out);
        decisions.push(format!("{}: {}/{}", CLEAN_SEEDS[i], d1.reason, d2.reason));
    }
    println!("restore_bench: seeds 000-003, leave-one-document-out (bigrams built without the held-out plan)");
    println!("decisions (stripped/ocr): {}", decisions.join(", "));
    println!("mode       words     acc  dia-words     acc   plain  false-chg");
    println!("{}", stripped.line("stripped"));
    println!("{}", ocr.line("ocr"));
    println!(
        "ocr rates injected (from 004 vs gold): ä→a .82 d .09 i .05 é .03 & .004 4 .003 A .003; \
         å→a .925 d .05 i .014 é .003 & .005 3 .003; ö→o .725 é .22 6 .025 d .02 oé .01"
    );
    if show_errors {
        for (name, s) in [("stripped", &stripped), ("ocr", &ocr)] {
            let mut e: Vec<_> = s.errors.iter().collect();
            e.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
            println!("-- {name} errors (input→output, expected: count; first context)");
            for ((got, want), (n, ctx)) in e.iter().take(60) {
                println!("   {got}  want {want}: {n}   | {ctx}");
            }
        }
    }

    // Speed, with the shipped lexicon.
    let t = Instant::now();
    let mut lex = Lexicon::bundled().map_err(|e| e.to_string())?;
    let mut load = t.elapsed();
    for _ in 0..4 {
        let t = Instant::now();
        lex = Lexicon::bundled().map_err(|e| e.to_string())?;
        load = load.min(t.elapsed());
    }
    let inputs: Vec<String> = clean
        .iter()
        .map(|t| strip(t))
        .chain(clean.iter().map(|t| inject_ocr(t, &mut rng)))
        .chain(std::iter::once(read_seed(OCR_SEED)?))
        .collect();
    let bytes: usize = inputs.iter().map(String::len).sum();
    let t = Instant::now();
    let reps = 3;
    let mut changed = 0;
    for _ in 0..reps {
        for s in &inputs {
            changed += restore(s, &lex).changed_words;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "speed: {:.2} MB/s ({} bytes x {reps}, {:.2} s, {} changes); Lexicon::bundled() load {:.1} ms",
        (bytes * reps) as f64 / secs / 1e6,
        bytes,
        secs,
        changed / reps,
        load.as_secs_f64() * 1e3
    );

    // Sala: OCR text vs its gold names and documentation texts.
    let sala = read_seed(OCR_SEED)?;
    let (restored, d) = restore_if_needed(&sala, &lex);
    let gold_path = root().join(format!("fixtures/gold/{OCR_SEED}.json"));
    let gold: serde_json::Value = std::fs::read_to_string(&gold_path)
        .map_err(|e| format!("{}: {e}", gold_path.display()))
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))?;
    let mut strings = Vec::new();
    if let Some(list) = gold["interventions"].as_array() {
        for iv in list {
            for v in [&iv["name"], &iv["documentation"]["text"]] {
                if let Some(s) = v.as_str() {
                    strings.push(collapse(s));
                }
            }
        }
    }
    strings.sort();
    strings.dedup();
    let (before, after) = (collapse(&sala), collapse(&restored));
    let found = |hay: &str| strings.iter().filter(|s| hay.contains(s.as_str())).count();
    println!(
        "sala (004): decision {} ({} suspect words, share {:.4}); distinct gold names+doc texts found verbatim: {}/{} after, {}/{} before",
        d.reason,
        d.ocr_suspect_words,
        d.diacritic_share(),
        found(&after),
        strings.len(),
        found(&before),
        strings.len()
    );
    if show_errors {
        for s in strings.iter().filter(|s| !after.contains(s.as_str())) {
            println!("   missing: {s}");
        }
    }
    Ok(())
}

fn build_lexicon(input: &str, output: &str) -> Result<(), String> {
    let tsv = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let bytes = build_word_fst(&tsv).map_err(|e| e.to_string())?;
    std::fs::write(output, &bytes).map_err(|e| format!("{output}: {e}"))?;
    println!("wrote {output}: {} bytes", bytes.len());
    Ok(())
}

fn build_ngrams(output: &str) -> Result<(), String> {
    let texts: Vec<String> = CLEAN_SEEDS
        .iter()
        .map(|s| read_seed(s))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tsv = NgramCounts::from_texts(&refs).to_tsv();
    std::fs::write(output, &tsv).map_err(|e| format!("{output}: {e}"))?;
    println!("wrote {output}: {} bytes", tsv.len());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` appends `--bench` to every bench target's arguments.
    let args: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--bench")
        .collect();
    let result = match args.as_slice() {
        [] => bench(false),
        ["--errors"] => bench(true),
        ["build-lexicon", input, output] => build_lexicon(input, output),
        ["build-ngrams", output] => build_ngrams(output),
        ["--filter"] => {
            iub::restore::run_restore(&mut std::io::stdin(), &mut std::io::stdout(), None)
                .map(|stats| eprintln!("{stats:?}"))
                .map_err(|e| e.to_string())
        }
        ["--explain", words @ ..] => Lexicon::with_ngrams(&NgramCounts::default())
            .map_err(|e| e.to_string())
            .map(|lex| {
                for w in words {
                    println!("{w}:");
                    for line in iub::restore::explain(w, &lex, true) {
                        println!("  {line}");
                    }
                }
            }),
        _ => Err(
            "usage: restore_bench [--errors] | build-lexicon IN.tsv OUT.fst | build-ngrams OUT.tsv"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("restore_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
