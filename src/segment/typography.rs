//! Typography of body lines: the body text size, and which lines are
//! headings — by numbering, weight, size and the space above them, never by
//! what they say.

use super::{numbered_heading, PageLine};
use crate::layout::Line;

/// A line this much larger than body text is set as a heading.
const LARGER: f64 = 1.12;
/// A heading has at most this many words.
const MAX_HEADING_WORDS: usize = 16;

/// A heading line and its level (1 = top). Numbered headings take their
/// level from the number ("3.1.1" → 3); typographic ones from their size
/// rank among the document's heading sizes, below every numbered level seen
/// above them would be guessing, so sizes rank on their own.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Heading {
    /// Index into the body lines.
    pub index: usize,
    pub level: usize,
    pub number: Option<String>,
    /// The heading's text (a title wrapped over two lines joined).
    pub title: String,
    /// Lines the heading occupies.
    pub span: usize,
    /// The document's title (the largest type on its first page): it
    /// encloses everything, so it is no record's section.
    pub document_title: bool,
}

/// The size most body characters are set in.
pub(crate) fn body_size(lines: &[PageLine]) -> Option<f64> {
    let mut sizes: Vec<(i64, usize)> = Vec::new();
    for pl in lines {
        let Some(size) = pl.line.font_size else {
            continue;
        };
        let key = (size * 2.0).round() as i64;
        let chars = pl.line.text.chars().count();
        match sizes.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += chars,
            None => sizes.push((key, chars)),
        }
    }
    sizes
        .into_iter()
        .max_by_key(|&(k, n)| (n, -k))
        .map(|(k, _)| k as f64 / 2.0)
}

/// The usual step from one body line to the next (points): the median
/// over consecutive lines of one page.
fn line_pitch(lines: &[PageLine]) -> f64 {
    let mut steps: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .filter_map(|w| Some(w[1].line.bbox?.top - w[0].line.bbox?.top))
        .filter(|s| *s > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    steps.get(steps.len() / 2).copied().unwrap_or(14.0)
}

/// Whether a line is set apart as a heading by its look: bold throughout or
/// larger than body text, one segment, short, and no sentence.
pub(crate) fn looks_like_heading(line: &Line, body: Option<f64>) -> bool {
    if line.segments.len() != 1 || line.bbox.is_none() {
        return false;
    }
    let words = line.text.split_whitespace().count();
    if words == 0 || words > MAX_HEADING_WORDS {
        return false;
    }
    let text = line.text.trim();
    // Body prose and label lines ("Verksamhet: …") are not headings.
    if text.ends_with(['.', ',', ';']) || text.contains(": ") {
        return false;
    }
    if !text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let larger = match (line.font_size, body) {
        (Some(size), Some(body)) => size >= body * LARGER,
        _ => false,
    };
    line.bold || larger
}

/// The document's headings: numbered ones ("3.1 Rådgivning", "2. Centrum
/// mot våld") and typographic ones. A typographic title wrapped over
/// consecutive lines of the same look is one heading.
pub(crate) fn headings(lines: &[PageLine]) -> Vec<Heading> {
    let body = body_size(lines);
    let pitch = line_pitch(lines);
    // Sizes of typographic headings, largest first: their level.
    let mut sizes: Vec<i64> = Vec::new();
    for pl in lines {
        if looks_like_heading(pl.line, body) && numbered_heading(&pl.line.text).is_none() {
            let key = size_key(pl.line);
            if !sizes.contains(&key) {
                sizes.push(key);
            }
        }
    }
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let mut out: Vec<Heading> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].line;
        if line.segments.len() == 1 {
            if let Some((number, title)) = numbered_heading(&line.text) {
                if !is_list_item_text(&title) {
                    out.push(Heading {
                        index: i,
                        level: super::heading_level(&number),
                        number: Some(number),
                        title,
                        span: 1,
                        document_title: false,
                    });
                    i += 1;
                    continue;
                }
            }
        }
        if !looks_like_heading(line, body)
            || is_label_line(&line.text)
            || continues_previous(lines, i, pitch)
        {
            i += 1;
            continue;
        }
        let key = size_key(line);
        let mut title = line.text.trim().to_string();
        let mut span = 1;
        while let Some(next) = lines.get(i + span) {
            let same_look = next.page == lines[i].page
                && looks_like_heading(next.line, body)
                && size_key(next.line) == key
                && next.line.bold == line.bold
                && numbered_heading(&next.line.text).is_none()
                && close_below(lines[i + span - 1].line, next.line);
            // A wrapped title goes on in lower case or after an open end.
            let continues = next
                .line
                .text
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
                || title.ends_with(['-', '–', '&'])
                || title.split_whitespace().last().is_some_and(|w| {
                    ["och", "av", "för", "i", "på", "till", "med", "om"].contains(&w)
                });
            if !(same_look && continues) {
                break;
            }
            title = crate::normalize::join_lines(&[title.as_str(), next.line.text.as_str()]);
            span += 1;
        }
        let rank = sizes.iter().position(|k| *k == key).unwrap_or(sizes.len());
        out.push(Heading {
            index: i,
            level: rank + 1,
            number: None,
            title,
            span,
            document_title: false,
        });
        i += span;
    }
    // The title: the largest typographic headings on the first page.
    if let Some(&largest) = sizes.first() {
        let first_page = lines.first().map(|pl| pl.page);
        for h in &mut out {
            let pl = lines[h.index];
            if h.number.is_none() && Some(pl.page) == first_page && size_key(pl.line) == largest {
                h.document_title = true;
            }
        }
    }
    out
}

/// A bold line that only names a paragraph ("Målgrupp", "Innehåll") is a
/// label, not a heading; one that names interventions ("Insatser för
/// vuxna") is a heading.
fn is_label_line(text: &str) -> bool {
    text.split_whitespace().count() <= 5
        && crate::vocab::section_label(text)
            .is_some_and(|(f, _, rest)| rest.is_empty() && f != crate::vocab::Field::Name)
}

/// A numbered line that goes on as prose ("1. Familjerådgivning. Vuxna
/// personer med …") is a list item, not a heading.
pub(crate) fn is_list_item_text(title: &str) -> bool {
    let words = title.split_whitespace().count();
    let sentence_inside = title
        .trim_end_matches('.')
        .split(". ")
        .nth(1)
        .is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase));
    words > MAX_HEADING_WORDS || sentence_inside
}

/// A line right below an unfinished line of the same paragraph goes on
/// with it, bold or not: a heading has space above it or follows a finished
/// line.
fn continues_previous(lines: &[PageLine], i: usize, pitch: f64) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| lines[p]) else {
        return false;
    };
    let (Some(a), Some(b)) = (prev.line.bbox, lines[i].line.bbox) else {
        return false;
    };
    let step = b.top - a.top;
    let tight = prev.page == lines[i].page && step > 0.0 && step <= 1.15 * pitch;
    let unfinished = !prev
        .line
        .text
        .trim_end()
        .ends_with(['.', ':', '!', '?', ')']);
    tight && unfinished && !prev.line.bold
}

fn size_key(line: &Line) -> i64 {
    (line.font_size.unwrap_or(0.0) * 2.0).round() as i64
}

/// Whether `next` sits right below `above` (a wrapped line, not a new block).
fn close_below(above: &Line, next: &Line) -> bool {
    match (above.bbox, next.bbox) {
        (Some(a), Some(b)) => {
            let size = above.font_size.unwrap_or(10.0);
            b.top - a.top <= 1.6 * size && b.top > a.top
        }
        _ => false,
    }
}
