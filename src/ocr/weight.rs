//! Which OCR'd words are bold, from the ink in the page image.
//!
//! Tesseract's LSTM engine reports no font attributes, but headings and
//! paragraph labels are often told apart only by weight ("Vem kan delta",
//! "Dokumentationsskyldighet" in bold above plain prose), and the segmenter
//! reads weight. A bold face has thicker stems: the dark runs across a
//! word's rows are longer for the same text size. Each word's mean stem
//! width, as a share of its line's text size, is compared with the page's
//! typical word (most text on a page is set plain).

use super::hocr;
use super::lines::Gray;

/// Runs longer than this share of the text size cross a horizontal stroke
/// (the bar of "e", "t", an underline), not a stem.
const MAX_STEM: f64 = 0.3;
/// A word needs this many stem crossings for a reliable width ("i" alone
/// or a comma say nothing).
const MIN_STEMS: usize = 12;
/// Bold when its stems are this many times as wide as the page's typical
/// word's. Plain and bold cuts of the same face differ by 1.4–1.7× in stem
/// width; blur and binarisation add the same pixel to both, which narrows
/// the ratio on a scan.
const BOLD_STEM_RATIO: f64 = 1.25;
/// Fewer measured words than this on a page give no typical width.
const MIN_MEASURED_WORDS: usize = 20;

/// The stem width of each of the page's words (in `page.words` order) as
/// a share of its line's text size, where it can be measured on `image`
/// (the image Tesseract read, pixel for pixel).
pub fn stem_widths(page: &hocr::Page, image: &Gray, sizes: &[f64]) -> Vec<Option<(f64, usize)>> {
    if image.width == 0 || image.pixels.len() < image.width * image.height {
        return vec![None; page.words.len()];
    }
    let threshold = ink_threshold(image);
    page.words
        .iter()
        .map(|word| {
            let line = page.lines.get(word.line)?;
            let size = *sizes.get(word.line)?;
            if line.angle != 0.0 || size <= 0.0 {
                return None;
            }
            stem_width(image, &word.bbox, threshold, size).map(|(w, n)| (w / size, n))
        })
        .collect()
}

/// Which words are bold: stems wider than the page's typical word by
/// [`BOLD_STEM_RATIO`]. Words that cannot be measured are plain.
pub fn bold_words(widths: &[Option<(f64, usize)>]) -> Vec<bool> {
    let mut measured: Vec<(f64, usize)> = widths.iter().flatten().copied().collect();
    if measured.len() < MIN_MEASURED_WORDS {
        return vec![false; widths.len()];
    }
    // The median stem over all crossings: long plain paragraphs dominate it.
    measured.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = measured.iter().map(|m| m.1).sum();
    let mut seen = 0;
    let mut typical = measured[measured.len() / 2].0;
    for (width, stems) in &measured {
        seen += stems;
        if seen * 2 >= total {
            typical = *width;
            break;
        }
    }
    widths
        .iter()
        .map(|w| w.is_some_and(|(width, _)| width >= typical * BOLD_STEM_RATIO))
        .collect()
}

/// Mean length of the dark runs across the word's rows that are stems, and
/// how many there are.
fn stem_width(image: &Gray, bbox: &hocr::PxBox, threshold: u8, size: f64) -> Option<(f64, usize)> {
    let clamp = |v: f64, max: usize| (v.max(0.0) as usize).min(max);
    let (x0, x1) = (clamp(bbox.x0, image.width), clamp(bbox.x1, image.width));
    let (y0, y1) = (clamp(bbox.y0, image.height), clamp(bbox.y1, image.height));
    let max_stem = (MAX_STEM * size).max(2.0) as usize;
    let (mut dark, mut stems) = (0usize, 0usize);
    for y in y0..y1 {
        let row = &image.pixels[y * image.width + x0..y * image.width + x1];
        let mut run = 0usize;
        for &p in row.iter().chain(std::iter::once(&255)) {
            if p < threshold {
                run += 1;
                continue;
            }
            if run > 0 && run <= max_stem {
                dark += run;
                stems += 1;
            }
            run = 0;
        }
    }
    (stems >= MIN_STEMS).then(|| (dark as f64 / stems as f64, stems))
}

/// Halfway between the paper (the commonest light level) and the ink (the
/// darkest percent of pixels): anti-aliased edges count half each way, as
/// the eye counts them.
fn ink_threshold(image: &Gray) -> u8 {
    let pixels = &image.pixels[..image.width * image.height];
    let mut histogram = [0u64; 256];
    for &p in pixels {
        histogram[p as usize] += 1;
    }
    let paper = (128..256).max_by_key(|&v| (histogram[v], v)).unwrap_or(255);
    let mut count = 0u64;
    let darkest = (pixels.len() as u64 / 100).max(1);
    let ink = (0..256)
        .find(|&v| {
            count += histogram[v];
            count >= darkest
        })
        .unwrap_or(0);
    ((paper + ink) / 2).min(paper.saturating_sub(1)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white image with vertical bars of `stem` pixels every 10 pixels
    /// inside `x0..x1`, rows `y0..y1`.
    fn draw(
        pixels: &mut [u8],
        width: usize,
        x0: usize,
        x1: usize,
        y0: usize,
        y1: usize,
        stem: usize,
    ) {
        for y in y0..y1 {
            for x in x0..x1 {
                if (x - x0) % 10 < stem {
                    pixels[y * width + x] = 0;
                }
            }
        }
    }

    #[test]
    fn words_with_wider_stems_than_the_page_are_bold() {
        let (width, height) = (400, 300);
        let mut pixels = vec![255u8; width * height];
        let mut page = hocr::Page {
            width: width as f64,
            height: height as f64,
            ..hocr::Page::default()
        };
        // Twenty-four plain words of 3-pixel stems, one bold of 5, on lines
        // 30 pixels tall.
        for i in 0..25 {
            let (row, col) = (i / 5, i % 5);
            let (x0, y0) = (col * 80, row * 50 + 10);
            let stem = if i == 7 { 5 } else { 3 };
            draw(&mut pixels, width, x0, x0 + 60, y0, y0 + 30, stem);
            if col == 0 {
                page.lines.push(hocr::Line {
                    bbox: hocr::PxBox {
                        x0: 0.0,
                        y0: y0 as f64,
                        x1: 400.0,
                        y1: (y0 + 30) as f64,
                    },
                    baseline: None,
                    x_size: Some(30.0),
                    angle: 0.0,
                });
            }
            page.words.push(hocr::Word {
                text: format!("w{i}"),
                bbox: hocr::PxBox {
                    x0: x0 as f64,
                    y0: y0 as f64,
                    x1: (x0 + 60) as f64,
                    y1: (y0 + 30) as f64,
                },
                confidence: 95.0,
                line: row,
            });
        }
        let image = Gray {
            width,
            height,
            pixels: &pixels,
        };
        let sizes = vec![30.0; page.lines.len()];
        let bold = bold_words(&stem_widths(&page, &image, &sizes));
        let which: Vec<usize> = (0..bold.len()).filter(|&i| bold[i]).collect();
        assert_eq!(which, vec![7]);
    }
}
