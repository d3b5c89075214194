//! Spelling candidates for one word: every lexicon word reachable by putting
//! back å/ä/ö/é or reading OCR look-alikes as the letters they stand for.
//!
//! Instead of listing all variants (3^n for n a's) and looking each up, the
//! search walks the lexicon's trie and only follows letters that continue a
//! real word, so long words with many a/o cost little.

use fst::raw::{Fst, Node};

use super::lexicon::Lexicon;

/// One way to read the input at a position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Opt {
    /// Input characters used (2 for "oé" → ö).
    pub consume: u8,
    /// Lowercase letter produced.
    pub ch: char,
    /// −ln P(input | letter): 0 for reading a letter as itself.
    pub cost: f64,
    /// Write the letter in upper case.
    pub upper: bool,
    /// Puts back a diacritic on a plain a/o/e (counted for compounds).
    pub restores: bool,
}

/// How likely each kind of change is, estimated per text from its evidence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// Cost of reading a plain a/o/e as å/ä, ö, é: −ln of the share of
    /// diacritics the text has lost.
    pub missing: f64,
    /// Whether the text shows OCR confusions, which turns on the look-alike
    /// readings of d, i, é, A, I.
    pub ocr: bool,
}

// −ln P(seen | meant) for OCR look-alikes. Round numbers of the order seen in
// scanned plans (see data/restore/README.md), not fitted to one document.
const C_D_AE: f64 = 3.0; // d for ä (~5%)
const C_D_AA: f64 = 3.0; // d for å
const C_D_OE: f64 = 4.0; // d for ö (~2%)
const C_I_AE: f64 = 3.5; // i for ä (~3%)
const C_I_AA: f64 = 4.5; // i for å (~1%)
const C_E_OE: f64 = 1.2; // é for ö (~30%)
const C_E_AE: f64 = 3.0; // é for ä
const C_E_AA: f64 = 4.5; // é for å
const C_E_E: f64 = 3.0; // é for plain e
const C_DIGIT: f64 = 0.5; // 6/4/3 inside a word: almost always a letter
const C_AMP: f64 = 0.5; // & glued to letters: ä or å
const C_CAP_A: f64 = 0.7; // "nAmnden": a capital A inside a lowercase word
const C_CAP_I: f64 = 2.5; // "Iatt": capital I for l

// Two characters for one letter. Counted in the Sala OCR plan (seed 004)
// against its expected ~1,550 ä and ~1,800 ö (the clean plans' letter
// shares): "oé" for ö 13 times (0.7%), "éa" for ä 5 (0.3%), "ai" for ä 2
// (0.13%). Rarer than single look-alikes, so an English "Training" is not
// read as "Träning".
const C_PAIR_OE: f64 = 4.9; // "oé" for ö
const C_PAIR_EA: f64 = 5.7; // "éa" for ä
const C_PAIR_AI: f64 = 6.6; // "ai" for ä

/// Per-position reading options for the characters of one word.
pub(crate) fn options(chars: &[char], p: Params) -> Vec<Vec<Opt>> {
    let letters = chars.iter().filter(|c| c.is_alphabetic());
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in letters {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    // "OPPEN" keeps capitals; a single capital "O" in "Oppen" does too.
    let all_upper = lower == 0 && upper >= 1;
    let m = p.missing;
    let mut out = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let next = chars.get(i + 1).copied();
        let mut v = Vec::with_capacity(4);
        let mut push = |consume: u8, ch: char, cost: f64, upper: bool| {
            let plain = matches!(c, 'a' | 'A' | 'o' | 'O' | 'e' | 'E');
            v.push(Opt {
                consume,
                ch,
                cost,
                upper,
                restores: plain && matches!(ch, 'å' | 'ä' | 'ö' | 'é'),
            })
        };
        let up = c.is_uppercase();
        // Case for letters that stand in for another character (digits, &):
        // follow the word, so "6ver" gives "över" and "6VER" gives "ÖVER".
        let stand_in_upper = all_upper && upper >= 2;
        match c {
            'a' | 'A' => {
                // A capital A between lowercase letters is OCR for ä.
                let ocr_cap = c == 'A' && !all_upper && prev_lower && next_lower;
                let u = up && !ocr_cap;
                push(1, 'a', 0.0, u);
                push(1, 'å', m, u);
                push(1, 'ä', if ocr_cap { C_CAP_A.min(m) } else { m }, u);
                if p.ocr && next == Some('i') {
                    push(2, 'ä', C_PAIR_AI, u);
                }
            }
            'o' | 'O' => {
                push(1, 'o', 0.0, up);
                push(1, 'ö', m, up);
                if p.ocr && next == Some('é') {
                    push(2, 'ö', C_PAIR_OE, up);
                }
            }
            'e' | 'E' => {
                push(1, 'e', 0.0, up);
                push(1, 'é', m, up);
            }
            'é' | 'É' => {
                push(1, 'é', 0.0, up);
                if p.ocr {
                    push(1, 'ö', C_E_OE, up);
                    push(1, 'ä', C_E_AE, up);
                    push(1, 'å', C_E_AA, up);
                    push(1, 'e', C_E_E, up);
                    if next == Some('a') {
                        push(2, 'ä', C_PAIR_EA, up);
                    }
                } else {
                    push(1, 'e', m, up);
                }
            }
            'd' | 'D' => {
                push(1, 'd', 0.0, up);
                if p.ocr && c == 'd' {
                    push(1, 'ä', C_D_AE, up);
                    push(1, 'å', C_D_AA, up);
                    push(1, 'ö', C_D_OE, up);
                }
            }
            'i' => {
                push(1, 'i', 0.0, false);
                if p.ocr {
                    push(1, 'ä', C_I_AE, false);
                    push(1, 'å', C_I_AA, false);
                }
            }
            'I' => {
                push(1, 'i', 0.0, up);
                // "Iatt": a capital I before lowercase letters read as l.
                if p.ocr && !all_upper && next_lower {
                    push(1, 'l', C_CAP_I, false);
                }
            }
            '6' => push(1, 'ö', C_DIGIT, stand_in_upper),
            '4' => push(1, 'ä', C_DIGIT, stand_in_upper),
            '3' => push(1, 'å', C_DIGIT, stand_in_upper),
            '&' => {
                push(1, 'ä', C_AMP, stand_in_upper);
                push(1, 'å', C_AMP, stand_in_upper);
            }
            _ => {
                for l in c.to_lowercase() {
                    push(1, l, 0.0, c.is_uppercase());
                }
            }
        }
        // Characters whose lowercase is more than one char would misalign
        // positions; such words are left to the unchanged fallback.
        out.push(v);
    }
    out
}

/// A lexicon word found for (part of) the input.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// Input position after the word.
    pub end: usize,
    /// Lowercase spelling, the lexicon key.
    pub key: String,
    /// Spelling with the input's capitals.
    pub cased: String,
    pub cost: f64,
    /// Diacritics put back on plain letters.
    pub restored: u32,
    /// For a truncated compound head ("deltagar" of "deltagare"): the full
    /// word whose frequency stands in for the head's.
    pub lookup: Option<String>,
}

/// Letters whose removal from a word gives its compound form: "deltagar(e)",
/// "skol(a)", "föräldra(r)".
const TRUNCATED: [u8; 3] = [b'e', b'a', b'r'];
/// Shortest truncated head; shorter ones match nearly everything.
const MIN_TRUNCATED: usize = 4;

/// Walks a lexicon trie along the reading options.
struct Walk<'a> {
    opts: &'a [Vec<Opt>],
    /// Record words that end before the input does (compound parts).
    partial: bool,
    max_cost: f64,
    key: String,
    cased: String,
    restored: u32,
    hits: Vec<Hit>,
}

/// Highest total cost a reading may reach; beyond it, leaving the word as it
/// is always wins, so searching further is wasted time.
const MAX_COST: f64 = 9.0;
/// Shortest compound part, in letters: shorter "parts" ("a", "is") would let
/// almost any string be explained as a compound.
const MIN_PART: usize = 3;

impl Walk<'_> {
    /// The reading walked so far as a hit ending at `end`.
    fn record(&mut self, end: usize, cost: f64, lookup: Option<String>) {
        self.hits.push(Hit {
            end,
            key: self.key.clone(),
            cased: self.cased.clone(),
            cost,
            restored: self.restored,
            lookup,
        });
    }

    fn run<D: AsRef<[u8]>>(&mut self, fst: &Fst<D>, node: Node<'_>, pos: usize, cost: f64) {
        if pos == self.opts.len() || (self.partial && node.is_final()) {
            if node.is_final() && (!self.partial || self.key.chars().count() >= MIN_PART) {
                self.record(pos, cost, None);
            }
            if pos == self.opts.len() {
                return;
            }
        }
        if self.partial && pos < self.opts.len() && self.key.chars().count() >= MIN_TRUNCATED {
            for b in TRUNCATED {
                let full = node
                    .find_input(b)
                    .map(|i| fst.node(node.transition_addr(i)))
                    .is_some_and(|n| n.is_final());
                if full {
                    let mut lookup = self.key.clone();
                    lookup.push(char::from(b));
                    self.record(pos, cost, Some(lookup));
                }
            }
        }
        let Some(opts) = self.opts.get(pos) else {
            return;
        };
        for o in opts {
            let cost = cost + o.cost;
            if cost > self.max_cost {
                continue;
            }
            let mut buf = [0u8; 4];
            let mut n = node;
            let mut ok = true;
            for &b in o.ch.encode_utf8(&mut buf).as_bytes() {
                match n.find_input(b) {
                    Some(i) => n = fst.node(n.transition_addr(i)),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            self.key.push(o.ch);
            if o.upper {
                self.cased.extend(o.ch.to_uppercase());
            } else {
                self.cased.push(o.ch);
            }
            self.restored += u32::from(o.restores);
            self.run(fst, n, pos + o.consume as usize, cost);
            self.restored -= u32::from(o.restores);
            self.key.pop();
            if o.upper {
                for _ in o.ch.to_uppercase() {
                    self.cased.pop();
                }
            } else {
                self.cased.pop();
            }
        }
    }
}

/// Lexicon words reading `opts[start..]`: whole rest only, or (partial) every
/// word that ends anywhere after `start`.
pub(crate) fn search(lex: &Lexicon, opts: &[Vec<Opt>], start: usize, partial: bool) -> Vec<Hit> {
    let rest = opts.get(start..).unwrap_or(&[]);
    let mut walk = Walk {
        opts: rest,
        partial,
        max_cost: MAX_COST,
        key: String::new(),
        cased: String::new(),
        restored: 0,
        hits: Vec::new(),
    };
    let g = lex.general_fst();
    walk.run(g, g.root(), 0, 0.0);
    let l = lex.local_fst();
    walk.run(l, l.root(), 0, 0.0);
    let mut hits = walk.hits;
    for h in &mut hits {
        h.end += start;
    }
    // Same spelling from both lists or by two routes: keep the cheapest.
    hits.sort_by(|a, b| {
        (a.end, &a.key)
            .cmp(&(b.end, &b.key))
            .then(a.cost.total_cmp(&b.cost))
    });
    hits.dedup_by(|b, a| a.end == b.end && a.key == b.key);
    hits
}

/// A compound reading: parts found in the lexicon, optionally joined by a
/// linking "s" ("arbetsmarknad" + s + "nämnden") or a linking vowel
/// ("barn" + a + "hus", "kvinn" + o + "jour", "gat" + u + "kök").
#[derive(Debug, Clone)]
pub(crate) struct Compound {
    pub key: String,
    pub cased: String,
    pub cost: f64,
    /// Sum of ln P(part).
    pub ln_p: f64,
    pub parts: usize,
    pub restored: u32,
}

/// Most parts a compound may have; more only explains noise.
const MAX_PARTS: usize = 3;
/// ln penalty per extra part: "delta"+"går"+"utvärderingar" must not beat
/// "deltagar"+"utvärderingar" just because "går" is a frequent word.
const PART_PENALTY: f64 = 4.0;
/// ln factor for a truncated head: P("deltagar-") ≈ P("deltagare") × this.
const LN_TRUNCATED: f64 = -1.6;
/// ln factor for a linking vowel: Swedish joins most compounds directly or
/// with "s"; -a-, -o-, -u-, -e- are the rarer fogemorfem (about one in ten).
const LN_LINK_VOWEL: f64 = -2.3;

/// ln prior per diacritic put back inside a compound: part frequencies say
/// little about "rat" vs "rät" inside a word, so fall back on letter base
/// rates (in Swedish a plain a is an ä or å about 1 time in 5).
const LETTER_PRIOR: f64 = 0.9;

impl Compound {
    /// ln prior of this reading: part probabilities, fewer parts, fewer
    /// restored letters.
    pub fn prior(&self) -> f64 {
        self.ln_p
            - (self.parts as f64 - 1.0) * PART_PENALTY
            - f64::from(self.restored) * LETTER_PRIOR
    }

    /// Ranking score: prior minus the reading's emission cost.
    pub fn score(&self) -> f64 {
        self.prior() - self.cost
    }
}
/// Readings kept per position in the compound search.
const BEAM: usize = 4;

/// Best compound readings of the whole input, best first.
pub(crate) fn compounds(lex: &Lexicon, chars: &[char], opts: &[Vec<Opt>]) -> Vec<Compound> {
    let n = opts.len();
    let mut at: Vec<Vec<Compound>> = vec![Vec::new(); n + 1];
    at[0].push(Compound {
        key: String::new(),
        cased: String::new(),
        cost: 0.0,
        ln_p: 0.0,
        parts: 0,
        restored: 0,
    });
    let mut cache: Vec<Option<Vec<Hit>>> = vec![None; n + 1];
    for pos in 0..n {
        let here = std::mem::take(&mut at[pos]);
        if here.is_empty() {
            continue;
        }
        for state in &here {
            if state.parts >= MAX_PARTS {
                continue;
            }
            // Next part starts right here, or after a linking "s" or vowel.
            // The linker is the printed letter itself, so a stripped "a"
            // read as a linker stays "a" ("Barnahus", not "Barnåhus").
            let mut starts = vec![(pos, false, 0.0)];
            if state.parts > 0 {
                match chars.get(pos) {
                    Some('s' | 'S') => starts.push((pos + 1, true, 0.0)),
                    Some('a' | 'o' | 'u' | 'e') => starts.push((pos + 1, true, LN_LINK_VOWEL)),
                    _ => {}
                }
            }
            for (start, linked, ln_link) in starts {
                if start >= n {
                    continue;
                }
                if cache[start].is_none() {
                    cache[start] = Some(search(lex, opts, start, true));
                }
                let Some(hits) = cache[start].as_ref() else {
                    continue;
                };
                for h in hits {
                    let mut key = state.key.clone();
                    let mut cased = state.cased.clone();
                    if linked {
                        key.extend(chars.get(pos).map(char::to_ascii_lowercase));
                        cased.extend(chars.get(pos));
                    }
                    key.push_str(&h.key);
                    cased.push_str(&h.cased);
                    let ln_part = match &h.lookup {
                        Some(full) => lex.prob(full).p.ln() + LN_TRUNCATED,
                        None => lex.prob(&h.key).p.ln(),
                    };
                    let next = Compound {
                        key,
                        cased,
                        cost: state.cost + h.cost,
                        ln_p: state.ln_p + ln_part + ln_link,
                        parts: state.parts + 1,
                        restored: state.restored + h.restored,
                    };
                    let slot = &mut at[h.end];
                    slot.push(next);
                    slot.sort_by(|a, b| b.score().total_cmp(&a.score()));
                    slot.truncate(BEAM);
                }
            }
        }
        at[pos] = here;
    }
    let mut done: Vec<Compound> = at
        .pop()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.parts >= 2)
        .collect();
    done.sort_by(|a, b| b.score().total_cmp(&a.score()));
    // Two routes to one spelling (truncated head or not): keep the best.
    let mut seen = std::collections::HashSet::new();
    done.retain(|c| seen.insert(c.cased.clone()));
    done
}
