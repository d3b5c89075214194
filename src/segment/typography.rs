//! Typography of body lines: the body text size, and which lines are
//! headings — by numbering, weight, size and the space above them, never by
//! what they say.

use super::{numbered_heading, PageLine};
use crate::layout::Line;
use crate::vocab::fold;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A line this much larger than body text is set as a heading.
const LARGER: f64 = 1.12;
/// A heading has at most this many words.
const MAX_HEADING_WORDS: usize = 16;
/// A label has at most this many words.
pub(crate) const MAX_LABEL_WORDS: usize = 6;
/// A label that opens this many lines of a document is a label wherever it
/// stands, whether vocab types it or not: an intervention's name is printed
/// once, a paragraph label once per intervention ("Här finns vi" over each
/// provider).
const REPEATED_LABEL: usize = 3;

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

/// The steps from one body line to the next on one page (points, top to
/// top), smallest first.
pub(crate) fn line_steps(lines: &[PageLine]) -> Vec<f64> {
    let mut steps: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .filter_map(|w| Some(w[1].line.bbox?.top - w[0].line.bbox?.top))
        .filter(|s| *s > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    steps
}

/// The usual step from one body line to the next (points): the median of
/// [`line_steps`].
fn line_pitch(lines: &[PageLine]) -> f64 {
    let steps = line_steps(lines);
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
    let repeated = repeated_labels(lines);
    let is_label = |line: &Line| is_label_line(&line.text) || is_repeated_label(line, &repeated);
    // Sizes of typographic headings, largest first: their level.
    let mut sizes: Vec<i64> = Vec::new();
    for pl in lines {
        if looks_like_heading(pl.line, body)
            && numbered_heading(&pl.line.text).is_none()
            && !is_label(pl.line)
        {
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
                // "… 3. Välja en lugn väg och / 4. Hantera problem." (f5-02):
                // a number wrapped to the start of a line of prose, which
                // ends its sentence; a heading ends without a period.
                let wrapped_prose = title.ends_with('.') && continues_previous(lines, i, pitch);
                if !is_list_item_text(&title) && !wrapped_prose {
                    // "1.1 Insatser … enligt 11 kap 5 § / Socialtjänstlagen"
                    // (000): a citation left open goes on below in the same
                    // type, and the line is the heading's, not one of its own.
                    let mut title = title;
                    let mut span = 1;
                    if let Some(next) = lines.get(i + 1) {
                        let same_look = next.page == lines[i].page
                            && looks_like_heading(next.line, body)
                            && size_key(next.line) == size_key(line)
                            && next.line.bold == line.bold
                            && numbered_heading(&next.line.text).is_none()
                            && close_below(line, next.line);
                        if same_look && title.trim_end().ends_with('§') {
                            title = crate::normalize::join_lines(&[
                                title.as_str(),
                                next.line.text.as_str(),
                            ]);
                            span = 2;
                        }
                    }
                    out.push(Heading {
                        index: i,
                        level: super::heading_level(&number),
                        number: Some(number),
                        title,
                        span,
                        document_title: false,
                    });
                    i += span;
                    continue;
                }
            }
        }
        if !looks_like_heading(line, body) || is_label(line) || continues_previous(lines, i, pitch)
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
                && !is_label(next.line)
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
    // The title: the largest typographic headings on the first page, set
    // larger than body text and in a size no later page's heading has (a
    // bold body-size heading per intervention is no title).
    let first_page = lines.first().map(|pl| pl.page);
    let title_size = sizes.first().copied().filter(|&largest| {
        let larger_than_body = body.is_none_or(|b| largest as f64 / 2.0 >= b * LARGER);
        let on_later_pages = out.iter().any(|h| {
            let pl = lines[h.index];
            h.number.is_none() && Some(pl.page) != first_page && size_key(pl.line) == largest
        });
        larger_than_body && !on_later_pages
    });
    area_titles_over_items(lines, &mut out);
    if let Some(largest) = title_size {
        for h in &mut out {
            let pl = lines[h.index];
            if h.number.is_none() && Some(pl.page) == first_page && size_key(pl.line) == largest {
                h.document_title = true;
            }
        }
    }
    out
}

/// A list item's marker and its text: bullets, dashes, "1)", "1.", "a)".
static ITEM_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([•·▪■●◦○\-–—*]|\(?\d{1,2}[.)]|\(?[a-zåäö]\))\s*\p{L}").expect("valid pattern")
});
/// Words a line of prose has at least.
const PROSE_WORDS: usize = 6;

/// Text input has no weight or size to set an area title apart; its place
/// does: a short line of its own right over a list item whose prose
/// follows ("Anhörigstöd" / "• Gruppverksamhet" / "Anhörig till person …",
/// "Barn och familj" / "1) Komet 12-18. Föräldrar med …"), after a finished
/// line or space. An item's name over its programmes ("Föräldraskapsstöd" /
/// "- Trygghetscirkeln" / "- ABC") has no prose under them and is no title.
fn area_titles_over_items(lines: &[PageLine], out: &mut Vec<Heading>) {
    let from_text = |pl: &PageLine| pl.line.source_line.is_some();
    if lines.is_empty() || !lines.iter().all(from_text) {
        return;
    }
    let is_marker = |k: usize| {
        lines
            .get(k)
            .is_some_and(|pl| ITEM_MARKER.is_match(&pl.line.text))
    };
    let prose = |k: usize| {
        lines
            .get(k)
            .is_some_and(|pl| pl.line.text.split_whitespace().count() >= PROSE_WORDS)
    };
    let mut found = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        let line = lines[i].line;
        let text = line.text.trim();
        let words = text.split_whitespace().count();
        let title_like = line.segments.len() == 1
            && (1..=8).contains(&words)
            && text.starts_with(char::is_uppercase)
            && !text.ends_with(['.', ',', ';', ':', '-', '–', '/'])
            && !text.contains(": ")
            && !text.chars().any(|c| c.is_ascii_digit());
        let after_finished = i == 0
            || lines[i - 1].page != lines[i].page
            || !crate::layout::lines_adjacent(lines[i - 1].line, line)
            || lines[i - 1]
                .line
                .text
                .trim_end()
                .ends_with(['.', ':', '!', '?', ')']);
        let item_below = is_marker(i + 1)
            && lines[i + 1].page == lines[i].page
            && (prose(i + 1) || (!is_marker(i + 2) && prose(i + 2)));
        let known = out.iter().any(|h| h.index <= i && i < h.index + h.span);
        if title_like
            && after_finished
            && item_below
            && !is_marker(i)
            && !known
            && numbered_heading(text).is_none()
        {
            found.push(Heading {
                index: i,
                level: 1,
                number: None,
                title: text.to_string(),
                span: 1,
                document_title: false,
            });
        }
    }
    if !found.is_empty() {
        out.extend(found);
        out.sort_by_key(|h| h.index);
    }
}

/// A bold line that only names a paragraph ("Målgrupp", "Innehåll") is a
/// label, not a heading; one that names interventions ("Insatser för
/// vuxna") is a heading.
fn is_label_line(text: &str) -> bool {
    text.split_whitespace().count() <= 5
        && crate::vocab::section_label(text)
            .is_some_and(|(f, _, rest)| rest.is_empty() && f != crate::vocab::Field::Name)
}

/// The label a line may open with, by its form alone: the text before a
/// colon ("HÄR FINNS VI: Familjerätten"), a whole short line set apart by
/// weight or capitals ("Här finns vi", "KRITERIER"), or the bold words
/// opening a line. Returns the label as printed and the rest of the line.
pub(crate) fn label_candidate(line: &Line) -> Option<(String, String)> {
    let text = line.text.trim();
    if numbered_heading(text).is_some() {
        return None;
    }
    let starts_upper = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    if let Some((label, rest)) = text.split_once(':') {
        let label = label.trim();
        let words = label.split_whitespace().count();
        let url = rest.starts_with("//");
        if (1..=MAX_LABEL_WORDS).contains(&words)
            && starts_upper(label)
            && !url
            && !label.ends_with(|c: char| c.is_ascii_digit())
        {
            return Some((label.to_string(), rest.trim().to_string()));
        }
    }
    let words = text.split_whitespace().count();
    let capitals = {
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
    };
    if line.segments.len() == 1
        && (1..=MAX_LABEL_WORDS).contains(&words)
        && starts_upper(text)
        && !text.ends_with(['.', ',', ';'])
        && (line.bold || capitals)
    {
        return Some((text.to_string(), String::new()));
    }
    let all: Vec<&crate::layout::Word> = line.segments.iter().flat_map(|s| &s.words).collect();
    let bold = all.iter().take_while(|w| w.bold).count();
    if bold > 0 && bold < all.len() && bold <= MAX_LABEL_WORDS {
        let join = |ws: &[&crate::layout::Word]| {
            ws.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let label = join(&all[..bold]);
        if starts_upper(&label) {
            return Some((
                label.trim_end_matches([':', '.']).to_string(),
                join(&all[bold..]),
            ));
        }
    }
    None
}

/// The folded label candidates ([`label_candidate`]) that open at least
/// [`REPEATED_LABEL`] lines of the document.
pub(crate) fn repeated_labels(lines: &[PageLine]) -> BTreeSet<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for pl in lines {
        if let Some((label, _)) = label_candidate(pl.line) {
            *counts.entry(fold(&label)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= REPEATED_LABEL)
        .map(|(label, _)| label)
        .collect()
}

/// A whole line that is a label repeated through the document.
fn is_repeated_label(line: &Line, repeated: &BTreeSet<String>) -> bool {
    label_candidate(line)
        .is_some_and(|(label, rest)| rest.is_empty() && repeated.contains(&fold(&label)))
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

/// Lines built by hand for the segmenter's unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::geom::BBox;
    use crate::layout::{Line, Segment, Word};

    /// A one-segment line at `top`, its words `bold` or not, set in `size`.
    pub fn line(text: &str, top: f64, size: f64, bold: bool) -> Line {
        let mut x = 50.0;
        let words: Vec<Word> = text
            .split_whitespace()
            .map(|w| {
                let width = w.chars().count() as f64 * size * 0.5;
                let word = Word {
                    text: w.to_string(),
                    bbox: BBox::new(x, top, x + width, top + size),
                    bold,
                };
                x += width + size * 0.3;
                word
            })
            .collect();
        let bbox = BBox::new(50.0, top, x.max(51.0), top + size);
        Line {
            text: text.to_string(),
            bbox: Some(bbox),
            font_size: Some(size),
            bold,
            segments: vec![Segment {
                text: text.to_string(),
                bbox: Some(bbox),
                font_size: Some(size),
                words,
                after_bar: false,
                bold,
            }],
            source_line: None,
        }
    }

    /// Lines stacked down a page from `top`, `pitch` apart: (text, size, bold).
    pub fn page(spec: &[(&str, f64, bool)], top: f64, pitch: f64) -> Vec<Line> {
        spec.iter()
            .enumerate()
            .map(|(i, (text, size, bold))| line(text, top + i as f64 * pitch, *size, *bold))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::page;
    use super::*;

    fn page_lines(pages: &[Vec<Line>]) -> Vec<PageLine<'_>> {
        pages
            .iter()
            .enumerate()
            .flat_map(|(p, lines)| {
                lines.iter().map(move |line| PageLine {
                    page: p as u32 + 1,
                    line,
                })
            })
            .collect()
    }

    #[test]
    fn a_label_repeated_under_each_heading_is_no_heading() {
        // Numbered headings, each with a bold label line that no vocabulary
        // knows ("Så når du oss") over the provider: the label repeats, a
        // name does not.
        let mut spec = Vec::new();
        let titles = ["3.1 Hela barn", "3.2 Komet 3-11 år", "3.3 Krisstöd"];
        for title in titles {
            spec.extend([
                (title, 12.0, true),
                ("Så når du oss", 9.0, true),
                ("Familjerätten", 9.0, false),
                ("Vem kan få insatsen", 9.0, true),
                ("Föräldrar i konflikt.", 9.0, false),
            ]);
        }
        let pages = [page(&spec, 60.0, 15.0)];
        let lines = page_lines(&pages);
        let found = headings(&lines);
        let found: Vec<&str> = found.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(found, ["Hela barn", "Komet 3-11 år", "Krisstöd"]);
        assert!(repeated_labels(&lines).contains("sa nar du oss"));
    }

    #[test]
    fn a_numbered_heading_goes_on_after_an_open_citation() {
        // 000: "1.1 Insatser … enligt 11 kap 5 §" over "Socialtjänstlagen",
        // both bold: one heading, the second line no heading of its own.
        let pages = [page(
            &[
                ("1.1 Insatser inom Hemtjänst enligt 11 kap 5 §", 10.0, true),
                ("Socialtjänstlagen", 10.0, true),
                ("Insatsen ges i grupp tillsammans med andra.", 10.0, false),
            ],
            60.0,
            13.0,
        )];
        let lines = page_lines(&pages);
        let found = headings(&lines);
        let titles: Vec<(&str, usize)> = found.iter().map(|h| (h.title.as_str(), h.span)).collect();
        assert_eq!(
            titles,
            [(
                "Insatser inom Hemtjänst enligt 11 kap 5 § Socialtjänstlagen",
                2
            )]
        );
    }

    #[test]
    fn a_number_wrapped_into_prose_is_no_heading() {
        // f5-02: "… 3. Välja en lugn väg och / 4. Hantera problem."; the
        // next intervention's heading after a finished sentence stays one.
        let pages = [page(
            &[
                ("Föräldraträffar ABC", 12.0, true),
                ("Tonår 13-18 år, med tema 1. Vara tillsammans, 2. Bra samtal, 3. Välja en lugn väg och", 10.0, false),
                ("4. Hantera problem.", 10.0, false),
                ("Barnet ska vara folkbokfört i Solna.", 10.0, false),
                ("2.10 Föräldrasamtal", 10.0, false),
            ],
            60.0,
            13.0,
        )];
        let lines = page_lines(&pages);
        let found = headings(&lines);
        let titles: Vec<&str> = found.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Föräldraträffar ABC", "Föräldrasamtal"]);
    }

    #[test]
    fn a_name_printed_once_in_bold_stays_a_heading() {
        let pages = [page(
            &[
                ("Öppen träffpunkt", 10.0, true),
                ("Målgrupp", 9.0, true),
                ("Vuxna.", 9.0, false),
                ("Anhörigstöd", 10.0, true),
                ("Målgrupp", 9.0, true),
                ("Anhöriga.", 9.0, false),
            ],
            60.0,
            15.0,
        )];
        let lines = page_lines(&pages);
        let found = headings(&lines);
        let found: Vec<&str> = found.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(found, ["Öppen träffpunkt", "Anhörigstöd"]);
    }

    #[test]
    fn bold_headings_at_body_size_on_every_page_are_no_document_title() {
        let body = "Insatsen ges i grupp tillsammans med andra i samma situation.";
        let first = page(
            &[
                ("Stödgrupper för föräldrar", 10.0, true),
                (body, 10.0, false),
                ("Komet 3-11 år", 10.0, true),
                (body, 10.0, false),
            ],
            60.0,
            15.0,
        );
        let second = page(
            &[("Föräldrarådgivning", 10.0, true), (body, 10.0, false)],
            60.0,
            15.0,
        );
        let pages = [first, second];
        let lines = page_lines(&pages);
        let found = headings(&lines);
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|h| !h.document_title));
    }

    #[test]
    fn the_largest_type_of_the_first_page_alone_is_the_title() {
        let body = "Insatsen ges i grupp tillsammans med andra i samma situation.";
        let first = page(
            &[
                ("Insatser utan biståndsbeslut", 18.0, true),
                (body, 10.0, false),
                ("Tvätt", 11.5, true),
                (body, 10.0, false),
            ],
            60.0,
            20.0,
        );
        let second = page(&[("Krisstöd", 11.5, true), (body, 10.0, false)], 60.0, 20.0);
        let pages = [first, second];
        let lines = page_lines(&pages);
        let found = headings(&lines);
        let titles: Vec<(&str, bool)> = found
            .iter()
            .map(|h| (h.title.as_str(), h.document_title))
            .collect();
        assert_eq!(
            titles,
            [
                ("Insatser utan biståndsbeslut", true),
                ("Tvätt", false),
                ("Krisstöd", false)
            ]
        );
    }
}
