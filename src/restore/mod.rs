//! Restore Swedish diacritics lost in extraction or OCR
//! ("forhallanden" → "förhållanden", "behovsprévning" → "behovsprövning").
//!
//! Pipeline per text:
//! 1. [`needs_restoration`] counts the evidence: the share of å/ä/ö among
//!    letters (clean Swedish plans have ~4–5%) and OCR look-alikes inside
//!    words ("6ver", "stéd", "&r", "nAmnden").
//! 2. Every word gets candidates: lexicon words reachable by putting back
//!    diacritics or reading look-alikes as letters (`candidates`), each with a
//!    cost −ln P(what was printed | candidate). Unknown words that are not in
//!    the lexicon may still be read as compounds of known words (joined
//!    directly, by "s" or by a linking vowel). A word broken across lines
//!    ("drogradgi / vningen") takes its letters from the joined reading.
//! 3. A Viterbi pass over each sentence picks the sequence that maximises
//!    word-bigram probability minus costs, so "3-12 ar" becomes "år" but
//!    "det ar" becomes "är".
//!
//! Only the characters of word runs are rewritten; numbers, paragraph
//! references, URLs and e-mail addresses are never touched, and everything
//! between words is copied byte for byte.

mod candidates;
mod lexicon;
mod tokens;

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::Path;

use serde::Serialize;

mod document;
pub use document::{restore_document, RestorationReport};

use candidates::{compounds, options, search, Params};
pub use lexicon::{build_word_fst, Lexicon, NgramCounts};
use lexicon::{END, NUM, OOV_PROB, START};
use tokens::{runs, Run, RunKind};

/// Result of [`restore`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub text: String,
    /// Words whose spelling changed.
    pub changed_words: usize,
    /// Words (runs containing a letter) seen.
    pub words: usize,
}

/// Whether a text needs its diacritics restored, with the evidence, so the
/// caller can record why a document was (not) rewritten.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub restore: bool,
    /// `diacritics_missing`, `ocr_confusions`, `diacritics_present`,
    /// `too_little_text` or `not_swedish`.
    pub reason: &'static str,
    pub letters: usize,
    /// å, ä, ö in either case.
    pub diacritic_letters: usize,
    pub words: usize,
    /// Words with an OCR look-alike inside ("6ver", "stéd", "&r", "nAmnden").
    pub ocr_suspect_words: usize,
    /// Common Swedish function words ("och", "att", "som", …; not "for",
    /// which English shares), to tell Swedish without diacritics from another
    /// language.
    pub swedish_marker_words: usize,
}

impl Decision {
    /// å/ä/ö per letter.
    pub fn diacritic_share(&self) -> f64 {
        if self.letters == 0 {
            0.0
        } else {
            self.diacritic_letters as f64 / self.letters as f64
        }
    }

    /// OCR look-alikes are frequent enough to read d, i, é, … as å/ä/ö.
    pub fn ocr_evidence(&self) -> bool {
        self.ocr_suspect_words >= 1 && self.ocr_suspect_words * 1000 >= self.words * OCR_PER_MILLE
    }
}

/// Share of å/ä/ö among letters in clean Swedish plan text (the four clean
/// seed plans measure 5.0–5.4%, general prose is lower, ~4%).
const EXPECTED_SHARE: f64 = 0.045;
/// Below this share, diacritics count as missing: a third of normal leaves a
/// wide margin on both sides.
const MISSING_SHARE: f64 = 0.015;
/// Enough letters for the share to mean something.
const MIN_LETTERS: usize = 200;
/// OCR look-alike words per thousand words that switch on OCR readings.
const OCR_PER_MILLE: usize = 3;
/// Function words per word below which text is not taken as Swedish
/// (Swedish prose has 15–25%).
const MIN_MARKER_SHARE: f64 = 0.05;
const MARKERS: &[&str] = &[
    "och", "att", "som", "det", "av", "med", "den", "till", "om", "ett", "inte", "kan", "ska",
    "eller", "de", "en", "har", "vid", "sig", "ar", "pa",
];

fn is_consonant(c: char) -> bool {
    c.is_alphabetic() && !"aeiouyåäöéAEIOUYÅÄÖÉ".contains(c)
}

/// Does a word show an OCR look-alike inside it?
fn is_ocr_suspect(word: &str) -> bool {
    // Runs over every word of every document: no allocation.
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        let rest = &word[i + c.len_utf8()..];
        let next = rest.chars().next();
        match c {
            '0'..='9' | '&' => return true,
            'A' if prev.is_some_and(char::is_lowercase) && next.is_some_and(char::is_lowercase) => {
                return true
            }
            'é' => {
                // Loanword endings ("idé", "armén", "kafét", "idéer") are real
                // é; é before any other consonant is OCR for ö/ä.
                let legit = matches!(rest, "" | "n" | "ns" | "t" | "r" | "rs" | "s")
                    || rest.starts_with('e');
                if prev == Some('o') || (!legit && next.is_some_and(is_consonant)) {
                    return true;
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    false
}

/// Decide by evidence whether `text` needs restoration.
pub fn needs_restoration(text: &str) -> Decision {
    let mut letters = 0usize;
    let mut diacritic_letters = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö') {
                diacritic_letters += 1;
            }
        }
    }
    let mut words = 0usize;
    let mut suspects = 0usize;
    let mut markers = 0usize;
    for run in runs(text) {
        let w = &text[run.range.clone()];
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        if run.kind == RunKind::Word && is_ocr_suspect(w) {
            suspects += 1;
        }
        // The markers are ASCII: an ASCII comparison needs no lower-cased copy.
        if MARKERS.iter().any(|m| m.eq_ignore_ascii_case(w)) {
            markers += 1;
        }
    }
    let mut d = Decision {
        restore: false,
        reason: "diacritics_present",
        letters,
        diacritic_letters,
        words,
        ocr_suspect_words: suspects,
        swedish_marker_words: markers,
    };
    let swedish = words < 30 || markers as f64 >= MIN_MARKER_SHARE * words as f64;
    if words < 3 {
        d.reason = "too_little_text";
    } else if !swedish {
        d.reason = "not_swedish";
    } else if d.ocr_evidence() {
        d.restore = true;
        d.reason = "ocr_confusions";
    } else if letters >= MIN_LETTERS && d.diacritic_share() < MISSING_SHARE {
        d.restore = true;
        d.reason = "diacritics_missing";
    } else if letters < MIN_LETTERS {
        d.reason = "too_little_text";
    }
    d
}

/// Costs for this text, from its evidence.
fn params_for(d: &Decision) -> Params {
    // Share of diacritics the text lost; text that has all of them still
    // allows a restoration, but only for overwhelming evidence (~1:1000).
    let lost = (1.0 - d.diacritic_share() / EXPECTED_SHARE).clamp(0.001, 0.99);
    Params {
        missing: -lost.ln(),
        ocr: d.ocr_evidence(),
    }
}

/// One reading of a run.
#[derive(Debug, Clone)]
struct Cand {
    cased: String,
    cost: f64,
    p: f64,
    id: Option<u32>,
}

/// Candidates kept per word for the sentence search.
const MAX_CANDS: usize = 8;
/// Compounds are productive, so a compound is far likelier than the product
/// of its parts: P(compound) ≈ e^prior · K. K puts a compound of two rare
/// parts with a few restored letters well above an unknown spelling, while
/// three-part parses of noise stay below it.
const LN_COMPOUND_SCALE: f64 = 19.0;
/// ln prior per diacritic put back on a whole word. Web frequencies favour
/// "åkt" over "akt" and "dö" over "do" (English "do" counts as Swedish there)
/// by small margins; a plain letter printed as plain is the likelier story
/// unless the frequencies or the context say clearly otherwise.
const WORD_LETTER_PRIOR: f64 = 0.0;
/// Extra cost for changing a probable acronym: the restored word must be
/// ~100× more frequent ("OPPEN" → "ÖPPEN" is; "IFO" → "IFÖ" is not).
const ACRONYM_COST: f64 = 4.6;
/// Shortest word tried as a compound (two parts of ≥ 3 letters).
const MIN_COMPOUND_LEN: usize = 6;
/// P(sentence end) used as the unigram backoff for `</s>`.
const P_END: f64 = 0.05;

fn fixed(lex: &Lexicon, key: String, cased: &str) -> Cand {
    let wp = lex.prob(&key);
    Cand {
        cased: cased.to_string(),
        cost: 0.0,
        p: wp.p,
        id: wp.id,
    }
}

fn candidates_for(lex: &Lexicon, word: &str, kind: RunKind, p: Params) -> Vec<Cand> {
    match kind {
        RunKind::Number => return vec![fixed(lex, NUM.to_string(), word)],
        RunKind::Fixed => return vec![fixed(lex, word.to_lowercase(), word)],
        RunKind::Word | RunKind::Caps => {}
    }
    let chars: Vec<char> = word.chars().collect();
    let opts = options(&chars, p);
    let mut out: Vec<Cand> = search(lex, &opts, 0, false)
        .into_iter()
        .map(|h| {
            let wp = lex.prob(&h.key);
            Cand {
                cased: h.cased,
                cost: h.cost + f64::from(h.restored) * WORD_LETTER_PRIOR,
                p: wp.p,
                id: wp.id,
            }
        })
        .collect();
    if out.is_empty() && chars.len() >= MIN_COMPOUND_LEN {
        for c in compounds(lex, &chars, &opts).into_iter().take(3) {
            out.push(Cand {
                id: lex.id(&c.key),
                p: (c.prior() + LN_COMPOUND_SCALE)
                    .exp()
                    .clamp(f64::MIN_POSITIVE, 1.0),
                cased: c.cased,
                cost: c.cost,
            });
        }
    }
    // The word as printed is always a reading: an unknown name or term stays.
    if !out.iter().any(|c| c.cased == word) {
        let key = word.to_lowercase();
        let wp = lex.prob(&key);
        out.push(Cand {
            cased: word.to_string(),
            cost: 0.0,
            p: wp.p.max(OOV_PROB),
            id: wp.id,
        });
    }
    if kind == RunKind::Caps {
        for c in out.iter_mut().filter(|c| c.cased != word) {
            c.cost += ACRONYM_COST;
        }
    }
    out.sort_by(|a, b| (b.p.ln() - b.cost).total_cmp(&(a.p.ln() - a.cost)));
    out.truncate(MAX_CANDS);
    out
}

/// Best reading per run of one sentence (Viterbi over word bigrams).
fn decode(lex: &Lexicon, cands: &[Vec<Cand>]) -> Vec<usize> {
    let start = lex.id(START);
    let end = lex.id(END);
    if cands.is_empty() {
        return Vec::new();
    }
    let mut score: Vec<f64> = cands[0]
        .iter()
        .map(|c| lex.ln_transition(start, c.id, c.p) - c.cost)
        .collect();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(cands.len());
    back.push(vec![0; cands[0].len()]);
    for i in 1..cands.len() {
        let prev = &cands[i - 1];
        let mut next = Vec::with_capacity(cands[i].len());
        let mut ptr = Vec::with_capacity(cands[i].len());
        for c in &cands[i] {
            let mut best = (f64::NEG_INFINITY, 0usize);
            for (k, pc) in prev.iter().enumerate() {
                let s = score[k] + lex.ln_transition(pc.id, c.id, c.p);
                if s > best.0 {
                    best = (s, k);
                }
            }
            next.push(best.0 - c.cost);
            ptr.push(best.1);
        }
        score = next;
        back.push(ptr);
    }
    let last = cands.len() - 1;
    let mut best = (f64::NEG_INFINITY, 0usize);
    for (k, c) in cands[last].iter().enumerate() {
        let s = score[k] + lex.ln_transition(c.id, end, P_END);
        if s > best.0 {
            best = (s, k);
        }
    }
    let mut choice = vec![0; cands.len()];
    let mut k = best.1;
    for i in (0..cands.len()).rev() {
        choice[i] = k;
        k = back[i].get(k).copied().unwrap_or(0);
    }
    choice
}

/// Longest word, in letters, kept as printed when it stands alone.
const MAX_LONE_FRAGMENT: usize = 2;

/// A one- or two-letter word with a break on both sides ("Do" between blank
/// lines) is usually a fragment of a table cell or a split word: with no
/// context and two readings of similar frequency, printing it as found is
/// the safer guess. So is a short word alone on its line next to another
/// short letter run alone on its line: text set vertically or letter-spaced
/// in a margin comes out as "D / at / um" or "Do / cu / m", and its pieces
/// are not words.
fn keep_lone_fragments(text: &str, runs: &mut [Run]) {
    let short: Vec<bool> = runs
        .iter()
        .map(|r| {
            let w = &text[r.range.clone()];
            w.chars().count() <= MAX_LONE_FRAGMENT && w.chars().any(char::is_alphabetic)
        })
        .collect();
    // A run alone on its line: line breaks in the gaps on both sides.
    let newline_before: Vec<bool> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let from = if i == 0 { 0 } else { runs[i - 1].range.end };
            i == 0 || text[from..r.range.start].contains('\n')
        })
        .collect();
    let on_own_line = |i: usize| newline_before[i] && newline_before.get(i + 1).is_none_or(|&b| b);
    let piece = |i: usize| short[i] && on_own_line(i);
    let mut fixed = vec![false; runs.len()];
    for i in 0..runs.len() {
        // A unit after a number ("(12-17 / / ar)") belongs to the number
        // even across a blank line: only punctuation ends that phrase.
        let unit = i > 0
            && runs[i - 1].kind == RunKind::Number
            && text[runs[i - 1].range.end..runs[i].range.start]
                .chars()
                .all(char::is_whitespace);
        let alone =
            runs[i].boundary_before && !unit && runs.get(i + 1).is_none_or(|n| n.boundary_before);
        let among_pieces =
            piece(i) && ((i > 0 && piece(i - 1)) || (i + 1 < runs.len() && piece(i + 1)));
        fixed[i] = short[i] && (alone || among_pieces);
    }
    for (run, f) in runs.iter_mut().zip(fixed) {
        if f && run.kind == RunKind::Word {
            run.kind = RunKind::Fixed;
        }
    }
}

/// Reading score of a candidate, as the candidate lists are sorted.
fn score(c: &Cand) -> f64 {
    c.p.ln() - c.cost
}

/// A piece that no list explains better than an unknown word would be
/// (within this margin, in ln units) is a candidate for a split word.
const UNKNOWN_MARGIN: f64 = 1.0;

/// PDF extraction splits words at line ends without a hyphen
/// ("drogradgi / vningen", "Familjeradgivnin / g", "funktionsn /
/// edsattning"). Neither piece is a word, so neither can be restored on its
/// own. When a piece is unknown and the two pieces read together are far
/// likelier as one word than as two, both pieces take their letters from
/// the joined reading. Only letters change: the pieces stay apart.
fn join_split_words(
    text: &str,
    lex: &Lexicon,
    p: Params,
    runs: &[Run],
    cands: &mut [Vec<Cand>],
    memo: &mut HashMap<String, Option<Cand>>,
) {
    let unknown = (OOV_PROB.ln() + UNKNOWN_MARGIN).min(0.0);
    let best = |cs: &[Cand]| cs.first().map_or(f64::NEG_INFINITY, score);
    let mut i = 0;
    while i + 1 < runs.len() {
        let (a, b) = (&runs[i], &runs[i + 1]);
        let (wa, wb) = (&text[a.range.clone()], &text[b.range.clone()]);
        let gap = &text[a.range.end..b.range.start];
        // The tail may be a single letter ("g"), which is never a word run.
        let tail_ok = b.kind == RunKind::Word
            || (b.kind == RunKind::Fixed
                && wb.chars().count() == 1
                && wb.chars().all(char::is_alphabetic));
        let (sa, sb) = (best(&cands[i]), best(&cands[i + 1]));
        if a.kind != RunKind::Word
            || !tail_ok
            || gap.is_empty()
            || !gap.chars().all(char::is_whitespace)
            || (sa > unknown && sb > unknown)
        {
            i += 1;
            continue;
        }
        let joined = format!("{wa}{wb}");
        let n_a = wa.chars().count();
        // Split words repeat like other words (a heading on every page).
        let best_joined = memo
            .entry(joined.clone())
            .or_insert_with(|| {
                candidates_for(lex, &joined, RunKind::Word, p)
                    .into_iter()
                    .next()
            })
            .clone();
        let Some(j) = best_joined else {
            i += 1;
            continue;
        };
        // One word must explain the pieces far better than two; OCR pair
        // readings ("oé" → ö) change the length and cannot be split back.
        if score(&j) <= sa + sb
            || j.cased == joined
            || j.cased.chars().count() != joined.chars().count()
        {
            i += 1;
            continue;
        }
        let head: String = j.cased.chars().take(n_a).collect();
        let tail: String = j.cased.chars().skip(n_a).collect();
        cands[i] = vec![Cand {
            cased: head,
            cost: j.cost,
            p: j.p,
            id: None,
        }];
        // The tail is part of the same word: no probability of its own.
        cands[i + 1] = vec![Cand {
            cased: tail,
            cost: 0.0,
            p: 1.0,
            id: None,
        }];
        i += 2;
    }
}

/// Candidate readings already searched, by spelling. Plans repeat their
/// words a lot, within a line and from page to page; the candidate search is
/// the costly part, so it runs once per distinct spelling of a whole text.
/// Valid for one set of costs only (one [`Params`]).
#[derive(Default)]
struct Memo {
    words: HashMap<RunKind, HashMap<String, Vec<Cand>>>,
    /// Two pieces read as one word ([`join_split_words`]).
    joined: HashMap<String, Option<Cand>>,
}

impl Memo {
    fn candidates(&mut self, lex: &Lexicon, word: &str, kind: RunKind, p: Params) -> Vec<Cand> {
        let by_word = self.words.entry(kind).or_default();
        if let Some(found) = by_word.get(word) {
            return found.clone();
        }
        let found = candidates_for(lex, word, kind, p);
        by_word.insert(word.to_string(), found.clone());
        found
    }
}

/// Restores the pieces of one text (a document's segments and furniture)
/// alike: with the costs decided for the whole text, and one [`Memo`] for
/// all its pieces.
pub struct Restorer<'a> {
    lexicon: &'a Lexicon,
    params: Params,
    memo: Memo,
}

impl<'a> Restorer<'a> {
    pub fn new(lexicon: &'a Lexicon, decision: &Decision) -> Self {
        Restorer {
            lexicon,
            params: params_for(decision),
            memo: Memo::default(),
        }
    }

    pub fn restore(&mut self, text: &str) -> Restored {
        restore_with(text, self.lexicon, self.params, &mut self.memo)
    }
}

fn restore_with(text: &str, lexicon: &Lexicon, p: Params, memo: &mut Memo) -> Restored {
    let mut runs: Vec<Run> = runs(text);
    keep_lone_fragments(text, &mut runs);
    let mut cands: Vec<Vec<Cand>> = runs
        .iter()
        .map(|r| memo.candidates(lexicon, &text[r.range.clone()], r.kind, p))
        .collect();
    join_split_words(text, lexicon, p, &runs, &mut cands, &mut memo.joined);
    let mut choice = Vec::with_capacity(runs.len());
    let mut s = 0;
    while s < runs.len() {
        let mut e = s + 1;
        while e < runs.len() && !runs[e].boundary_before {
            e += 1;
        }
        choice.extend(decode(lexicon, &cands[s..e]));
        s = e;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut last = 0;
    let mut changed = 0;
    let mut words = 0;
    for ((run, cs), &k) in runs.iter().zip(&cands).zip(&choice) {
        let orig = &text[run.range.clone()];
        out.push_str(&text[last..run.range.start]);
        let new = cs.get(k).map_or(orig, |c| c.cased.as_str());
        if orig.chars().any(char::is_alphabetic) {
            words += 1;
        }
        if new != orig {
            changed += 1;
        }
        out.push_str(new);
        last = run.range.end;
    }
    out.push_str(&text[last..]);
    Restored {
        text: out,
        changed_words: changed,
        words,
    }
}

/// Restore diacritics in `text`, with costs estimated from the text itself.
pub fn restore(text: &str, lexicon: &Lexicon) -> Restored {
    Restorer::new(lexicon, &needs_restoration(text)).restore(text)
}

/// Restore only when [`needs_restoration`] says so; otherwise return the
/// text unchanged.
pub fn restore_if_needed(text: &str, lexicon: &Lexicon) -> (String, Decision) {
    let d = needs_restoration(text);
    if d.restore {
        let r = Restorer::new(lexicon, &d).restore(text);
        (r.text, d)
    } else {
        (text.to_string(), d)
    }
}

/// What [`run_restore`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreStats {
    pub words: usize,
    pub changed_words: usize,
    pub decision: Decision,
}

/// Filter for the CLI: read all of `input` (UTF-8), always restore (the user
/// asked for it), write to `output`.
pub fn run_restore(
    input: &mut dyn Read,
    output: &mut dyn Write,
    extra_words: Option<&Path>,
) -> io::Result<RestoreStats> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    let lexicon = match extra_words {
        Some(path) => Lexicon::with_extra_words(path)?,
        None => Lexicon::bundled()?,
    };
    restore_filter(&text, output, &lexicon)
}

/// [`run_restore`] on text already decoded, with a lexicon already loaded
/// (the CLI decodes Latin-1 like `.txt` inputs and names a bad word list).
pub fn restore_filter(
    text: &str,
    output: &mut dyn Write,
    lexicon: &Lexicon,
) -> io::Result<RestoreStats> {
    let decision = needs_restoration(text);
    let r = Restorer::new(lexicon, &decision).restore(text);
    output.write_all(r.text.as_bytes())?;
    output.flush()?;
    Ok(RestoreStats {
        words: r.words,
        changed_words: r.changed_words,
        decision,
    })
}

/// Readings of one word with their −cost and ln P, best first: a diagnostic
/// for `restore_bench --explain`, not part of the stable API.
#[doc(hidden)]
pub fn explain(word: &str, lexicon: &Lexicon, ocr: bool) -> Vec<String> {
    let p = Params {
        missing: -(0.99f64).ln(),
        ocr,
    };
    let chars: Vec<char> = word.chars().collect();
    let opts = options(&chars, p);
    let mut out: Vec<String> = candidates_for(lexicon, word, RunKind::Word, p)
        .iter()
        .map(|c| format!("{} cost {:.2} lnp {:.2}", c.cased, c.cost, c.p.ln()))
        .collect();
    for c in compounds(lexicon, &chars, &opts).iter().take(5) {
        out.push(format!(
            "  compound {} parts {} cost {:.2} ln_p {:.2}",
            c.key, c.parts, c.cost, c.ln_p
        ));
    }
    out
}
