//! Ruling lines found in the page image: the borders of a scanned table.
//!
//! Tesseract reports the lines its layout analysis used as separators,
//! but only some of them: on a clean scan (the Örebro plan) every border,
//! on a scan with noise and blur (a Gotland plan printed and scanned) the
//! column borders and the top of the table, not one border between rows.
//! A grid with its top border and no other reads as one row to the table
//! segmenter, so lines are found here from the pixels: long runs of dark
//! pixels along the page's skew, as thin as a drawn line.

use super::hocr::PxBox;

/// Gaps in a run this long or shorter (pixels) are noise in a drawn line;
/// the gap between two letters of a word is wider at 200 dpi and up.
const MAX_GAP: usize = 2;

/// A drawn line has paper on both sides: this many pixels beyond its edge,
/// at least this share of it is clear. A row of blurred text gives long
/// dark runs too, but with ink above and below them.
const SIDE_GAP: f64 = 3.0;
const MIN_CLEAR_BESIDE: f64 = 0.75;

/// A grayscale image, row by row, one byte per pixel (0 black).
pub struct Gray<'a> {
    pub width: usize,
    pub height: usize,
    pub pixels: &'a [u8],
}

impl Gray<'_> {
    fn is_valid(&self) -> bool {
        self.width > 0 && self.height > 0 && self.pixels.len() >= self.width * self.height
    }
}

/// Lines at least `min_length` and at most `max_thickness` pixels, on an
/// image whose horizontal lines run at `slope` (dy/dx). Each comes back as
/// the box around it on the image, as Tesseract gives its separators.
pub fn find_lines(image: &Gray, slope: f64, min_length: f64, max_thickness: f64) -> Vec<PxBox> {
    if !image.is_valid() {
        return Vec::new();
    }
    let threshold = dark_threshold(image);
    let dark = |x: usize, y: usize| image.pixels[y * image.width + x] < threshold;
    let (w, h) = (image.width, image.height);
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let min_run = min_length.max(1.0) as usize;
    // Horizontal: along y = y0 + slope·(x − cx), a pixel above or below
    // counting too (the path is rounded to whole rows).
    let horizontal = runs(h, w, min_run, |y0, x| {
        let y = (y0 as f64 + slope * (x as f64 - cx)).round();
        (-1..=1).any(|d| {
            let yy = y + d as f64;
            yy >= 0.0 && (yy as usize) < h && dark(x, yy as usize)
        })
    });
    // Vertical: perpendicular, x = x0 − slope·(y − cy).
    let vertical = runs(w, h, min_run, |x0, y| {
        let x = (x0 as f64 - slope * (y as f64 - cy)).round();
        (-1..=1).any(|d| {
            let xx = x + d as f64;
            xx >= 0.0 && (xx as usize) < w && dark(xx as usize, y)
        })
    });
    let mut out = Vec::new();
    let side = |line: &Line| line.thickness / 2.0 + SIDE_GAP;
    for line in merge(horizontal, max_thickness) {
        let y_at = |x: f64| line.offset + slope * (x - cx);
        let clear = |d: f64| {
            clear_share(line.from, line.to, |x| {
                let y = (y_at(x as f64) + d).round();
                y >= 0.0 && (y as usize) < h && !dark(x, y as usize)
            })
        };
        if clear(-side(&line)) && clear(side(&line)) {
            let (a, b) = (line.from as f64, line.to as f64 + 1.0);
            out.push(bounds(a, y_at(a), b, y_at(b), line.thickness));
        }
    }
    for line in merge(vertical, max_thickness) {
        let x_at = |y: f64| line.offset - slope * (y - cy);
        let clear = |d: f64| {
            clear_share(line.from, line.to, |y| {
                let x = (x_at(y as f64) + d).round();
                x >= 0.0 && (x as usize) < w && !dark(x as usize, y)
            })
        };
        if clear(-side(&line)) && clear(side(&line)) {
            let (a, b) = (line.from as f64, line.to as f64 + 1.0);
            out.push(bounds(x_at(a), a, x_at(b), b, line.thickness));
        }
    }
    out
}

/// Whether most samples from `from` to `to` are paper.
fn clear_share(from: usize, to: usize, paper: impl Fn(usize) -> bool) -> bool {
    let samples = to + 1 - from;
    let clear = (from..=to).filter(|&i| paper(i)).count();
    clear as f64 >= MIN_CLEAR_BESIDE * samples as f64
}

/// The box of a line from (x0, y0) to (x1, y1), `thickness` across.
fn bounds(x0: f64, y0: f64, x1: f64, y1: f64, thickness: f64) -> PxBox {
    let half = thickness / 2.0;
    let horizontal = (x1 - x0).abs() >= (y1 - y0).abs();
    let (dx, dy) = if horizontal { (0.0, half) } else { (half, 0.0) };
    PxBox {
        x0: x0.min(x1) - dx,
        y0: y0.min(y1) - dy,
        x1: x0.max(x1) + dx,
        y1: y0.max(y1) + dy,
    }
}

/// A run of dark pixels along path `path` of `paths`, from `from` to `to`.
#[derive(Debug, Clone, Copy)]
struct Run {
    path: usize,
    from: usize,
    to: usize,
}

/// Runs of at least `min_run` dark samples (gaps up to [`MAX_GAP`]) along
/// each of `paths` paths of `length` samples.
fn runs(
    paths: usize,
    length: usize,
    min_run: usize,
    dark: impl Fn(usize, usize) -> bool,
) -> Vec<Run> {
    let mut out = Vec::new();
    for path in 0..paths {
        let mut start: Option<usize> = None;
        let mut last = 0;
        for i in 0..length {
            if dark(path, i) {
                if start.is_none() {
                    start = Some(i);
                }
                last = i;
            } else if let Some(s) = start {
                if i - last > MAX_GAP {
                    if last + 1 - s >= min_run {
                        out.push(Run {
                            path,
                            from: s,
                            to: last,
                        });
                    }
                    start = None;
                }
            }
        }
        if let Some(s) = start {
            if last + 1 - s >= min_run {
                out.push(Run {
                    path,
                    from: s,
                    to: last,
                });
            }
        }
    }
    out
}

/// One line: where it lies across (`offset`, at the image's centre), where
/// it runs along, and how thick it is.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Line {
    offset: f64,
    from: usize,
    to: usize,
    thickness: f64,
}

/// Runs on neighbouring paths that overlap are one line, as thick as the
/// paths it covers (less the two the ±1 pixel tolerance adds); thicker
/// than `max_thickness` it is a filled area, not a line.
fn merge(mut runs: Vec<Run>, max_thickness: f64) -> Vec<Line> {
    runs.sort_by_key(|r| (r.path, r.from));
    // (first path, last path, from, to)
    let mut groups: Vec<(usize, usize, usize, usize)> = Vec::new();
    for run in runs {
        let joined = groups.iter_mut().rev().find(|g| {
            let overlap = g.3.min(run.to) as i64 - g.2.max(run.from) as i64;
            let shorter = (g.3 - g.2).min(run.to - run.from) as i64;
            g.1 + 1 >= run.path && overlap * 2 >= shorter
        });
        match joined {
            Some(g) => {
                g.1 = run.path;
                g.2 = g.2.min(run.from);
                g.3 = g.3.max(run.to);
            }
            None => groups.push((run.path, run.path, run.from, run.to)),
        }
    }
    let mut lines: Vec<Line> = groups
        .into_iter()
        .filter_map(|(first, last, from, to)| {
            let thickness = ((last - first + 1) as f64 - 2.0).max(1.0);
            (thickness <= max_thickness).then(|| Line {
                offset: (first + last) as f64 / 2.0,
                from,
                to,
                thickness,
            })
        })
        .collect();
    // The faint edge of a blurred line gives pieces beside it: a line
    // within a line's thickness of a longer one, and along it, is that one.
    lines.sort_by(|a, b| {
        (b.to - b.from)
            .cmp(&(a.to - a.from))
            .then(a.offset.total_cmp(&b.offset))
    });
    let mut kept: Vec<Line> = Vec::new();
    for line in lines {
        let part_of = kept.iter().any(|k| {
            let overlap = k.to.min(line.to) as f64 - k.from.max(line.from) as f64;
            (k.offset - line.offset).abs() <= max_thickness
                && overlap * 2.0 >= (line.to - line.from) as f64
        });
        if !part_of {
            kept.push(line);
        }
    }
    kept.sort_by(|a, b| a.offset.total_cmp(&b.offset).then(a.from.cmp(&b.from)));
    kept
}

/// A pixel this much darker than the paper is ink. Thin rules on a
/// scan are faint: on a Gotland page printed and scanned at 200 dpi, row
/// borders of 0.5 pt are 160 on paper of 225 (text is under 100), so a
/// threshold between text and paper (Otsu's, 130 there) misses them.
const INK_CONTRAST: u8 = 40;

/// The level below which a pixel is ink: [`INK_CONTRAST`] under the
/// paper's, the commonest light level.
fn dark_threshold(image: &Gray) -> u8 {
    let mut histogram = [0u64; 256];
    for &p in &image.pixels[..image.width * image.height] {
        histogram[p as usize] += 1;
    }
    let paper = (128..256).max_by_key(|&v| (histogram[v], v)).unwrap_or(255) as u8;
    paper.saturating_sub(INK_CONTRAST).max(64)
}

/// The gray pixels of a binary PGM (`P5`, 8 bits), as `pdftoppm -gray` writes it.
pub fn parse_pgm(bytes: &[u8]) -> Option<(usize, usize, &[u8])> {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'#') {
            if bytes[i] == b'#' {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            } else {
                i += 1;
            }
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(bytes.get(start..i)?).ok()?);
    }
    let [magic, width, height, max] = fields.as_slice() else {
        return None;
    };
    let (width, height): (usize, usize) = (width.parse().ok()?, height.parse().ok()?);
    if *magic != "P5" || *max != "255" {
        return None;
    }
    let pixels = bytes.get(i + 1..)?.get(..width.checked_mul(height)?)?;
    Some((width, height, pixels))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with a grid drawn on it, rotated by `slope`, and a
    /// word-like row of short dark strokes.
    fn page(w: usize, h: usize, slope: f64) -> Vec<u8> {
        let mut pixels = vec![235u8; w * h];
        let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
        let mut ink = |x: f64, y: f64, level: u8| {
            let (x, y) = (x.round(), y.round());
            if x >= 0.0 && y >= 0.0 && (x as usize) < w && (y as usize) < h {
                pixels[y as usize * w + x as usize] = level;
            }
        };
        for row in [100.0, 300.0, 500.0] {
            for x in 50..550 {
                let x = x as f64;
                ink(x, row + slope * (x - cx), 170);
                ink(x, row + 1.0 + slope * (x - cx), 170);
            }
        }
        for col in [50.0, 300.0, 549.0] {
            for y in 100..=500 {
                let y = y as f64;
                ink(col - slope * (y - cy), y, 170);
            }
        }
        // "letters": strokes 6 px wide, 4 px apart, and a row of blurred
        // text, dark from end to end in its middle.
        for x in (80..280).step_by(10) {
            for dx in 0..6 {
                for y in 200..210 {
                    ink((x + dx) as f64, y as f64, 20);
                }
            }
        }
        for x in 60..290 {
            for y in 400..412 {
                let level = if (404..408).contains(&y) || x % 7 < 4 {
                    60
                } else {
                    235
                };
                ink(x as f64, y as f64, level);
            }
        }
        pixels
    }

    #[test]
    fn grid_lines_are_found_and_letters_are_not() {
        // Faint lines too: 170 on paper of 235.
        for slope in [0.0, 0.007] {
            let pixels = page(600, 600, slope);
            let image = Gray {
                width: 600,
                height: 600,
                pixels: &pixels,
            };
            let lines = find_lines(&image, slope, 100.0, 8.0);
            let horizontal = lines.iter().filter(|b| b.width() > b.height()).count();
            let vertical = lines.len() - horizontal;
            assert_eq!((horizontal, vertical), (3, 3), "slope {slope}: {lines:?}");
            for b in lines.iter().filter(|b| b.width() > b.height()) {
                assert!(b.width() > 490.0 && b.width() < 510.0, "{b:?}");
            }
        }
    }

    #[test]
    fn a_filled_block_is_not_a_line() {
        let mut pixels = vec![235u8; 400 * 400];
        for y in 100..160 {
            for x in 50..350 {
                pixels[y * 400 + x] = 30;
            }
        }
        let image = Gray {
            width: 400,
            height: 400,
            pixels: &pixels,
        };
        assert!(find_lines(&image, 0.0, 100.0, 8.0).is_empty());
    }

    #[test]
    fn pdftoppm_gray_output_parses() {
        let mut pgm = b"P5\n3 2\n255\n".to_vec();
        pgm.extend_from_slice(&[0, 1, 2, 3, 4, 5]);
        assert_eq!(parse_pgm(&pgm), Some((3, 2, &[0u8, 1, 2, 3, 4, 5][..])));
        assert_eq!(parse_pgm(b"P5\n3 2\n255\n\x00"), None);
        assert_eq!(parse_pgm(b"P6\n1 1\n255\n\x00\x00\x00"), None);
    }
}
