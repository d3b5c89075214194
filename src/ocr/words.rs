//! Tesseract's words and separators → glyphs and rulings in display
//! coordinates, placed the way the PDF layer places text, so the layout
//! stage reads an OCR'd page like a page with a text layer.

use super::hocr::{self, PxBox};
use crate::geom::BBox;
use crate::pdf::{Glyph, Ruling};

/// Share of the text size above the baseline and below it: the same as
/// the PDF layer uses for glyph boxes, so OCR'd and printed lines have
/// boxes of the same height for the same size.
const ASCENT: f64 = 0.78;
const DESCENT: f64 = 0.22;
/// A separator at least this long (points) is a ruling.
const RULING_MIN_LENGTH: f64 = 10.0;
/// Tesseract's separators are the lines its layout analysis found; one
/// whose box is not this many times longer than wide is not a line.
const MIN_SEPARATOR_ASPECT: f64 = 10.0;
/// `x_size` is trusted while it stays within this factor of the line box
/// height; beyond (a line of one dot, a mis-measured row) the box is used.
const MAX_SIZE_TO_LINE_HEIGHT: f64 = 3.0;

/// Characters OCR makes of a scanned table's vertical borders (layout
/// reads a word made only of them as a gutter).
const BAR_CHARS: &[char] = &['|', '¦', '│'];
/// What else Tesseract reads a border as, when it lies on a vertical
/// separator: "I" and "|" beside cells of a scanned Gotland plan, and,
/// glued to the cell's text, "175 +år" for "| 75 +år", "TÖver 65 år"
/// (a border meeting a row's top border is a T).
const BORDER_LOOKALIKES: &[char] = &['|', '¦', '│', 'I', 'l', '1', '[', ']', '!', 'T'];
/// Width of a bar split off a word, in text sizes.
const BAR_WIDTH: f64 = 0.15;
/// How far (points) a look-alike may be from a separator to be its border.
const BORDER_TOLERANCE: f64 = 1.0;
/// A word that starts this far (points) left of a border, or less, runs
/// across it: its first letter is the border. Cell text starts right of
/// its border (3.4–4.1 pt on the Gotland scan); glued, the border letter
/// starts 1.5–2.5 pt left of the line.
const ACROSS_BORDER: f64 = 3.0;
/// Lines shorter than this many text sizes give no reliable skew.
const MIN_SKEW_LINE_SIZES: f64 = 10.0;
/// Skew below this slope is left alone (0.03°).
const MIN_SKEW: f64 = 0.0005;

/// Pixel → display-space mapping of one OCR'd image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelMap {
    pub x0: f64,
    pub top: f64,
    /// Points per pixel, across and down.
    pub sx: f64,
    pub sy: f64,
}

impl PixelMap {
    fn bbox(&self, b: &PxBox) -> BBox {
        BBox::new(
            self.x0 + b.x0 * self.sx,
            self.top + b.y0 * self.sy,
            self.x0 + b.x1 * self.sx,
            self.top + b.y1 * self.sy,
        )
    }
}

/// Turns a skewed scan straight: a page fed at an angle has lines that
/// climb or fall by several points across the page, more than layout
/// allows within one line. Tesseract reads each line along its baseline
/// and reports the slope; the page's median slope is undone by rotating
/// every position about the image's centre.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Deskew {
    cos: f64,
    sin: f64,
    cx: f64,
    cy: f64,
}

/// The skew of a scanned page: the slope (dy/dx) its lines of text run at.
pub fn page_slope(page: &hocr::Page) -> f64 {
    let d = Deskew::of(page);
    d.sin / d.cos
}

impl Deskew {
    fn of(page: &hocr::Page) -> Deskew {
        // The median slope of the long lines, each weighted by its length.
        // "baseline 0 0" is what Tesseract writes where it fitted none.
        let mut slopes: Vec<(f64, f64)> = page
            .lines
            .iter()
            .filter(|l| l.angle == 0.0)
            .filter(|l| l.bbox.width() >= MIN_SKEW_LINE_SIZES * l.x_size.unwrap_or(f64::MAX))
            .filter_map(|l| match l.baseline {
                Some((slope, offset)) if (slope, offset) != (0.0, 0.0) && slope.abs() < 0.1 => {
                    Some((slope, l.bbox.width()))
                }
                _ => None,
            })
            .collect();
        slopes.sort_by(|a, b| a.0.total_cmp(&b.0));
        let half = slopes.iter().map(|(_, w)| w).sum::<f64>() / 2.0;
        let mut seen = 0.0;
        let slope = slopes
            .iter()
            .find(|(_, w)| {
                seen += w;
                seen >= half
            })
            .map_or(0.0, |(s, _)| *s);
        let slope = if slope.abs() < MIN_SKEW { 0.0 } else { slope };
        let angle = slope.atan();
        Deskew {
            cos: angle.cos(),
            sin: angle.sin(),
            cx: page.width / 2.0,
            cy: page.height / 2.0,
        }
    }

    /// A point of the scan where it would be on the straight page.
    fn point(&self, x: f64, y: f64) -> (f64, f64) {
        let (dx, dy) = (x - self.cx, y - self.cy);
        (
            self.cx + dx * self.cos + dy * self.sin,
            self.cy - dx * self.sin + dy * self.cos,
        )
    }

    /// A word's box on the straight page: across, its width about its
    /// centre; down, the line's baseline and text size.
    fn word(&self, word: &PxBox, line: &hocr::Line, size: f64) -> PxBox {
        let mid = (word.x0 + word.x1) / 2.0;
        match line.baseline_at(mid) {
            Some(baseline) => {
                let (x, y) = self.point(mid, baseline);
                let half = word.width() / 2.0;
                PxBox {
                    x0: x - half,
                    y0: y - ASCENT * size,
                    x1: x + half,
                    y1: y + DESCENT * size,
                }
            }
            None => self.around_centre(word, word.width(), word.height()),
        }
    }

    /// A separator on the straight page: a line through the middle of
    /// its box, as long as the box. Its thickness is not known: the box
    /// of a line on a skewed scan is as tall as the skew makes it (on a
    /// Gotland page 0.42° askew, 21 px for a border 1419 px long), so
    /// the line is drawn one pixel thick.
    fn separator(&self, b: &PxBox) -> PxBox {
        if b.width() >= b.height() {
            self.around_centre(b, b.width(), 1.0)
        } else {
            self.around_centre(b, 1.0, b.height())
        }
    }

    fn around_centre(&self, b: &PxBox, width: f64, height: f64) -> PxBox {
        let (x, y) = self.point((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
        PxBox {
            x0: x - width / 2.0,
            y0: y - height / 2.0,
            x1: x + width / 2.0,
            y1: y + height / 2.0,
        }
    }
}

/// What the OCR of one page gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageWords {
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// Words kept, and their mean confidence (0–100).
    pub words: usize,
    pub mean_confidence: f64,
}

/// Converts one hOCR page: every word becomes one glyph (with a space
/// after it), placed on the deskewed page; borders read as letters or
/// glued to a word become bars of their own; the section sign the Swedish
/// model cannot print is put back; text running up the margin stays
/// rotated (layout sets it aside as margin text).
/// `bold` says, per `page.words` index, which words are set bold (see
/// `weight.rs`; empty when the image could not be measured).
pub fn page_words(page: &hocr::Page, map: PixelMap, max_glyphs: usize, bold: &[bool]) -> PageWords {
    let deskew = Deskew::of(page);
    let separators: Vec<PxBox> = page
        .separators
        .iter()
        .filter(|s| s.width().max(s.height()) >= MIN_SEPARATOR_ASPECT * s.width().min(s.height()))
        .map(|s| deskew.separator(s))
        .collect();
    let vertical: Vec<PxBox> = separators
        .iter()
        .filter(|s| s.height() > s.width())
        .copied()
        .collect();
    let tolerance = BORDER_TOLERANCE / map.sx;
    let across = ACROSS_BORDER / map.sx;
    let mut out = PageWords::default();
    let mut confidence = 0.0;
    let mut by_line: Vec<Vec<(usize, &hocr::Word)>> = vec![Vec::new(); page.lines.len()];
    for (index, word) in page.words.iter().enumerate() {
        if let Some(words) = by_line.get_mut(word.line) {
            words.push((index, word));
        }
    }
    for (line, indexed) in page.lines.iter().zip(by_line) {
        let words: Vec<&hocr::Word> = indexed.iter().map(|(_, w)| *w).collect();
        let texts: Vec<String> = words.iter().map(|w| w.text.trim().to_string()).collect();
        let mut texts = super::correct::section_signs(&texts);
        let size = text_size(line, &words);
        if let (Some(first), Some(next), Some(text)) =
            (words.first(), words.get(1), texts.first_mut())
        {
            if line.angle == 0.0 {
                if let Some(marker) =
                    super::correct::list_marker(text, &first.bbox, &next.bbox, size)
                {
                    *text = marker.to_string();
                }
            }
        }
        for ((index, word), text) in indexed.iter().zip(texts) {
            let word_bold = bold.get(*index).copied().unwrap_or(false);
            if text.is_empty() || out.glyphs.len() >= max_glyphs {
                continue;
            }
            out.words += 1;
            confidence += word.confidence;
            if line.angle != 0.0 {
                out.glyphs.extend(rotated_glyphs(
                    &text,
                    &word.bbox,
                    line.angle,
                    size * map.sx,
                    map,
                ));
                continue;
            }
            let placed = deskew.word(&word.bbox, line, size);
            let text = mark_borders(&text, &placed, &vertical, tolerance, across);
            for (piece, bbox) in split_bars(&text, &placed, BAR_WIDTH * size) {
                // Each OCR word is a run of its own; its weight is measured.
                let run = out.glyphs.len() as u32;
                out.glyphs.push(Glyph {
                    text: piece,
                    bbox: map.bbox(&bbox),
                    font_size: size * map.sy,
                    upright: true,
                    space_after: true,
                    bold: word_bold,
                    run,
                });
            }
        }
    }
    if out.words > 0 {
        out.mean_confidence = confidence / out.words as f64;
    }
    for separator in &separators {
        let bbox = map.bbox(separator);
        if bbox.width().max(bbox.height()) >= RULING_MIN_LENGTH {
            out.rulings.push(Ruling { bbox });
        }
    }
    out
}

/// A word of a rotated line as one glyph per character along the word's
/// box, in reading order, as a text layer would draw it: layout joins
/// rotated glyphs into margin text by their distance, which whole words,
/// each as long as several text sizes, would exceed.
fn rotated_glyphs(text: &str, word: &PxBox, angle: f64, size: f64, map: PixelMap) -> Vec<Glyph> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len() as f64;
    let (w, h) = (word.width(), word.height());
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (from, to) = (i as f64 / n, (i + 1) as f64 / n);
            // 90: runs up the page; 270: down; 180: right to left.
            let b = match angle.rem_euclid(360.0).round() as i64 {
                90 => PxBox {
                    y0: word.y1 - to * h,
                    y1: word.y1 - from * h,
                    ..*word
                },
                270 => PxBox {
                    y0: word.y0 + from * h,
                    y1: word.y0 + to * h,
                    ..*word
                },
                180 => PxBox {
                    x0: word.x1 - to * w,
                    x1: word.x1 - from * w,
                    ..*word
                },
                _ => PxBox {
                    x0: word.x0 + from * w,
                    x1: word.x0 + to * w,
                    ..*word
                },
            };
            Glyph {
                text: c.to_string(),
                bbox: map.bbox(&b),
                font_size: size,
                upright: false,
                space_after: i + 1 == chars.len(),
                bold: false,
                run: 0,
            }
        })
        .collect()
}

/// A line's text size in pixels: Tesseract's `x_size`, or the line box
/// where that is missing or implausible.
/// Each line's text size in pixels, as its words are placed.
pub fn line_sizes(page: &hocr::Page) -> Vec<f64> {
    let mut by_line: Vec<Vec<&hocr::Word>> = vec![Vec::new(); page.lines.len()];
    for word in &page.words {
        if let Some(words) = by_line.get_mut(word.line) {
            words.push(word);
        }
    }
    page.lines
        .iter()
        .zip(&by_line)
        .map(|(line, words)| text_size(line, words))
        .collect()
}

fn text_size(line: &hocr::Line, words: &[&hocr::Word]) -> f64 {
    let across = if line.angle == 0.0 {
        line.bbox.height()
    } else {
        line.bbox.width()
    };
    let tallest = words
        .iter()
        .map(|w| {
            if line.angle == 0.0 {
                w.bbox.height()
            } else {
                w.bbox.width()
            }
        })
        .fold(across, f64::max)
        .max(1.0);
    line.x_size
        .filter(|&s| s > 0.0 && s <= MAX_SIZE_TO_LINE_HEIGHT * tallest)
        .unwrap_or(tallest)
}

/// A look-alike of a bar that lies on a vertical separator is that
/// separator: as a word of its own, or glued to the start (end) of a word
/// that starts (ends) on the separator or runs across it from the other
/// side. It becomes "|".
fn mark_borders(
    text: &str,
    placed: &PxBox,
    vertical: &[PxBox],
    tolerance: f64,
    across: f64,
) -> String {
    // Separators beside the word's height, by their middle x.
    let beside: Vec<f64> = vertical
        .iter()
        .filter(|v| v.y0 - tolerance <= placed.y1 && placed.y0 <= v.y1 + tolerance)
        .map(|v| (v.x0 + v.x1) / 2.0)
        .collect();
    let near =
        |x: f64, before: f64, after: f64| beside.iter().any(|&b| b - before <= x && x <= b + after);
    let chars: Vec<char> = text.chars().collect();
    let lookalike = |c: &char| BORDER_LOOKALIKES.contains(c);
    match chars.as_slice() {
        [one] if lookalike(one) && near((placed.x0 + placed.x1) / 2.0, tolerance, tolerance) => {
            "|".to_string()
        }
        [first, .., last] => {
            let mut out: Vec<char> = chars.clone();
            if lookalike(first) && near(placed.x0, across, tolerance) {
                out[0] = '|';
            }
            if lookalike(last) && near(placed.x1, tolerance, across) {
                let end = out.len() - 1;
                out[end] = '|';
            }
            out.into_iter().collect()
        }
        _ => text.to_string(),
    }
}

/// "|insats." → "|", "insats.": a border OCR glued to a word is a border
/// of its own. A bar takes `bar_width` pixels (a border is a thin line:
/// an equal share of the word, 11 px for "|Insats" on a Gotland scan,
/// moved the header's text 4 pt right of its cells), the text the rest.
fn split_bars(text: &str, bbox: &PxBox, bar_width: f64) -> Vec<(String, PxBox)> {
    let chars: Vec<char> = text.chars().collect();
    let leading = chars.iter().take_while(|c| BAR_CHARS.contains(c)).count();
    let trailing = chars[leading..]
        .iter()
        .rev()
        .take_while(|c| BAR_CHARS.contains(c))
        .count();
    if (leading == 0 && trailing == 0) || leading == chars.len() {
        return vec![(text.to_string(), *bbox)];
    }
    let bar = bar_width.min(bbox.width() / chars.len() as f64);
    let span = |x0: f64, x1: f64| PxBox { x0, x1, ..*bbox };
    let mut pieces = Vec::new();
    for (i, c) in chars.iter().enumerate().take(leading) {
        let x = bbox.x0 + i as f64 * bar;
        pieces.push((c.to_string(), span(x, x + bar)));
    }
    let end = chars.len() - trailing;
    let text_from = bbox.x0 + leading as f64 * bar;
    let text_to = bbox.x1 - trailing as f64 * bar;
    pieces.push((
        chars[leading..end].iter().collect(),
        span(text_from, text_to),
    ));
    for (k, c) in chars.iter().enumerate().skip(end) {
        let x = text_to + (k - end) as f64 * bar;
        pieces.push((c.to_string(), span(x, x + bar)));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn px(x0: f64, y0: f64, x1: f64, y1: f64) -> PxBox {
        PxBox { x0, y0, x1, y1 }
    }

    #[test]
    fn a_glued_border_becomes_a_bar_of_its_own() {
        // "|insats." as Tesseract read a cell of page 2 of the Örebro scan.
        let pieces = split_bars("|insats.", &px(1251.0, 517.0, 1319.0, 534.0), 4.0);
        let texts: Vec<&str> = pieces.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["|", "insats."]);
        assert_eq!(pieces[0].1.x1, pieces[1].1.x0);
        assert_eq!(pieces[1].1.x0, 1255.0);
        assert_eq!(split_bars("||", &px(0.0, 0.0, 4.0, 4.0), 1.0).len(), 1);
        assert_eq!(
            split_bars("a|", &px(0.0, 0.0, 4.0, 4.0), 1.0)
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>(),
            ["a", "|"]
        );
    }

    #[test]
    fn words_sit_on_their_line_at_the_size_tesseract_measured() {
        // 8.5 pt body text scanned at 200 dpi: x_size 24 px.
        let page = hocr::Page {
            width: 1654.0,
            height: 2339.0,
            lines: vec![hocr::Line {
                bbox: px(160.0, 621.0, 1480.0, 646.0),
                baseline: Some((0.0, -6.0)),
                x_size: Some(24.0),
                angle: 0.0,
            }],
            words: vec![
                hocr::Word {
                    text: "Den".into(),
                    bbox: px(160.0, 622.0, 210.0, 640.0),
                    confidence: 96.0,
                    line: 0,
                },
                hocr::Word {
                    text: "nya".into(),
                    bbox: px(222.0, 627.0, 270.0, 646.0),
                    confidence: 90.0,
                    line: 0,
                },
            ],
            separators: vec![px(158.0, 111.0, 1575.0, 112.0), px(10.0, 10.0, 40.0, 20.0)],
        };
        let map = PixelMap {
            x0: 0.0,
            top: 0.0,
            sx: 72.0 / 200.0,
            sy: 72.0 / 200.0,
        };
        let out = page_words(&page, map, 1000, &[]);
        assert_eq!(out.words, 2);
        assert_eq!(out.mean_confidence, 93.0);
        let [den, nya] = &out.glyphs[..] else {
            panic!("two glyphs")
        };
        assert!((den.font_size - 8.64).abs() < 1e-9);
        assert_eq!(den.bbox.center_y(), nya.bbox.center_y());
        // Baseline at 640 px = 230.4 pt; 0.22 of the size below it.
        assert!((den.bbox.bottom - (230.4 + 0.22 * 8.64)).abs() < 1e-9);
        assert!(den.space_after && den.upright);
        // The long thin separator is a ruling, the small box is not.
        assert_eq!(out.rulings.len(), 1);
    }

    #[test]
    fn borders_read_as_letters_on_a_separator_become_bars() {
        // A scanned Gotland plan at 200 dpi: the column border at x 434–438
        // (from y 1737), read as "|" beside "175" for "| 75 +år", and as
        // "I" where it crosses a row; "I" starting a sentence elsewhere stays.
        let vertical = [px(435.5, 1737.0, 436.5, 2202.0)];
        let points = 200.0 / 72.0;
        let mark = |text: &str, b: PxBox| mark_borders(text, &b, &vertical, points, 3.0 * points);
        assert_eq!(mark("175", px(434.0, 1812.0, 475.0, 1847.0)), "|75");
        assert_eq!(mark("I", px(435.0, 1895.0, 437.0, 1910.0)), "|");
        assert_eq!(mark("I", px(162.0, 588.0, 165.0, 608.0)), "I");
        assert_eq!(mark("I", px(435.0, 588.0, 437.0, 608.0)), "I");
        // Cell text 3.5 pt right of the border is text.
        assert_eq!(mark("175", px(446.0, 1812.0, 487.0, 1847.0)), "175");
        // "TÖver": the word starts 1.9 pt left of the border.
        assert_eq!(mark("TÖver", px(430.7, 1850.0, 504.0, 1890.0)), "|Över");
    }

    #[test]
    fn a_skewed_scan_is_read_straight() {
        // Two words of one line on a page fed 0.5° askew (slope 0.0087):
        // 1000 px apart, their boxes 8.7 px apart down the page.
        let slope = 0.5f64.to_radians().tan();
        let line = hocr::Line {
            bbox: px(100.0, 1000.0, 1200.0, 1034.7),
            baseline: Some((slope, -6.0)),
            x_size: Some(24.0),
            angle: 0.0,
        };
        let word = |x0: f64, text: &str| hocr::Word {
            text: text.into(),
            bbox: px(
                x0,
                1010.0 + (x0 - 100.0) * slope,
                x0 + 100.0,
                1028.0 + (x0 - 100.0) * slope,
            ),
            confidence: 90.0,
            line: 0,
        };
        let page = hocr::Page {
            width: 1654.0,
            height: 2339.0,
            lines: vec![line.clone(), line],
            words: vec![word(100.0, "första"), word(1100.0, "sista")],
            // A horizontal border 1400 px long: 12 px tall on the skewed scan.
            separators: vec![px(150.0, 1500.0, 1550.0, 1512.2)],
        };
        let map = PixelMap {
            x0: 0.0,
            top: 0.0,
            sx: 0.36,
            sy: 0.36,
        };
        let out = page_words(&page, map, 100, &[]);
        let (a, b) = (&out.glyphs[0], &out.glyphs[1]);
        assert!(
            (a.bbox.center_y() - b.bbox.center_y()).abs() < 0.01,
            "{a:?} {b:?}"
        );
        assert_eq!(out.rulings.len(), 1, "the border is a thin line again");
        assert!(out.rulings[0].bbox.height() < 1.0);
        let middle = 1506.1 * 0.36;
        assert!((out.rulings[0].bbox.center_y() - middle).abs() < 2.0);
    }

    #[test]
    fn text_up_the_margin_stays_rotated() {
        let page = hocr::Page {
            width: 1654.0,
            height: 2339.0,
            lines: vec![hocr::Line {
                bbox: px(36.0, 484.0, 59.0, 1499.0),
                baseline: None,
                x_size: Some(21.28),
                angle: 90.0,
            }],
            words: vec![hocr::Word {
                text: "Dokumentnr".into(),
                bbox: px(40.0, 912.0, 57.0, 1031.0),
                confidence: 92.0,
                line: 0,
            }],
            separators: Vec::new(),
        };
        let map = PixelMap {
            x0: 0.0,
            top: 0.0,
            sx: 0.36,
            sy: 0.36,
        };
        let out = page_words(&page, map, 100, &[]);
        assert_eq!(out.glyphs.len(), "Dokumentnr".len());
        assert!(out.glyphs.iter().all(|g| !g.upright));
        // Read upwards: "D" at the bottom of the word's box, "r" at the top.
        let (d, r) = (&out.glyphs[0], &out.glyphs[9]);
        assert_eq!((d.text.as_str(), r.text.as_str()), ("D", "r"));
        assert!((d.bbox.bottom - 1031.0 * 0.36).abs() < 1e-9);
        assert!((r.bbox.top - 912.0 * 0.36).abs() < 1e-9);
        assert!(r.space_after && !d.space_after);
    }
}
