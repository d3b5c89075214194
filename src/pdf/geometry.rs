//! Page geometry shared by the PDF backends: user space → display space,
//! glyph boxes from the text rendering matrix, ruling lines from painted
//! paths. Both backends feed a [`PageBuilder`], so they place glyphs and
//! rulings identically.

use super::{Glyph, ImageSource, PageImage, PdfPage, Ruling};
use crate::geom::BBox;

/// Share of the font size above the baseline and below it, for glyph boxes
/// (typical values; font descriptors are too often wrong to be worth reading).
const ASCENT: f64 = 0.78;
const DESCENT: f64 = 0.22;
/// A path thinner than this (points) is a line, whatever way it was painted.
const RULING_MAX_THICKNESS: f64 = 3.0;
const RULING_MIN_LENGTH: f64 = 3.0;

/// An affine matrix `[a b c d e f]` as PDF writes it: a point maps to
/// `(a·x + c·y + e, b·x + d·y + f)`.
pub type Matrix = [f64; 6];

pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n`: first `m`, then `n` (PDF's row-vector convention).
pub fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

pub fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Path construction, in the user space of the path's CTM.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathOp {
    MoveTo(f64, f64),
    LineTo(f64, f64),
    /// Only the end point matters for rulings.
    CurveTo(f64, f64),
    Rect(f64, f64, f64, f64),
    Close,
}

/// Maps user-space points of one page to display space.
#[derive(Debug, Clone, Copy)]
pub struct PageFrame {
    llx: f64,
    ury: f64,
    width: f64,
    height: f64,
    rotation: u16,
}

impl PageFrame {
    /// `media_box` is `[llx lly urx ury]` in any corner order.
    pub fn new(media_box: [f64; 4], rotation: u16) -> Self {
        let [x0, y0, x1, y1] = media_box;
        PageFrame {
            llx: x0.min(x1),
            ury: y0.max(y1),
            width: (x1 - x0).abs(),
            height: (y1 - y0).abs(),
            rotation,
        }
    }

    pub fn display_size(&self) -> (f64, f64) {
        match self.rotation {
            90 | 270 => (self.height, self.width),
            _ => (self.width, self.height),
        }
    }

    pub fn map(&self, x: f64, y: f64) -> (f64, f64) {
        // Unrotated, origin top-left, y down.
        let (ux, uy) = (x - self.llx, self.ury - y);
        match self.rotation {
            90 => (self.height - uy, ux),
            180 => (self.width - ux, self.height - uy),
            270 => (uy, self.width - ux),
            _ => (ux, uy),
        }
    }
}

/// The glyph or ruling limit of a page was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitHit;

/// Collects one page's glyphs and rulings in display space.
pub struct PageBuilder {
    number: u32,
    rotation: u16,
    frame: PageFrame,
    glyphs: Vec<Glyph>,
    rulings: Vec<Ruling>,
    fills: Vec<BBox>,
    images: Vec<PageImage>,
    max_items: usize,
    pub limit_hit: bool,
    /// The current text-showing run and whether it is bold (see [`Glyph`]).
    run: u32,
    bold: bool,
    /// `/CropBox` in user space, when it cuts into the media box: glyphs
    /// centred outside it are not shown by a viewer and are left out.
    crop: Option<[f64; 4]>,
    /// Glyphs left out for lying outside the crop box.
    pub outside_crop: usize,
}

impl PageBuilder {
    pub fn new(number: u32, rotation: u16, max_items: usize) -> Self {
        PageBuilder {
            number,
            rotation,
            frame: PageFrame::new([0.0; 4], rotation),
            glyphs: Vec::new(),
            rulings: Vec::new(),
            fills: Vec::new(),
            images: Vec::new(),
            max_items,
            limit_hit: false,
            run: 0,
            bold: false,
            crop: None,
            outside_crop: 0,
        }
    }

    /// `[x0 y0 x1 y1]` in user space, any corner order.
    pub fn set_crop_box(&mut self, crop: [f64; 4]) {
        let [a, b, c, d] = crop;
        self.crop = Some([a.min(c), b.min(d), a.max(c), b.max(d)]);
    }

    /// Starts a new text-showing run; its glyphs are bold or not.
    pub fn begin_run(&mut self, bold: bool) {
        self.run = self.run.wrapping_add(1);
        self.bold = bold;
    }

    pub fn set_media_box(&mut self, media_box: [f64; 4]) {
        self.frame = PageFrame::new(media_box, self.rotation);
    }

    /// A word ends after the last glyph placed (a gap the producer left
    /// instead of drawing a space).
    pub fn space_after_last(&mut self) {
        if let Some(last) = self.glyphs.last_mut() {
            last.space_after = true;
        }
    }

    /// Glyphs placed so far.
    pub fn glyph_count(&self) -> usize {
        self.glyphs.len()
    }

    /// Glyphs were placed, but not one letter or digit among them.
    pub fn has_no_words(&self) -> bool {
        !self.glyphs.is_empty()
            && !self
                .glyphs
                .iter()
                .any(|g| g.text.chars().any(char::is_alphanumeric))
    }

    /// No glyph was placed (white space does not count).
    pub fn is_empty_of_text(&self) -> bool {
        self.glyphs.is_empty()
    }

    pub fn into_page(self) -> PdfPage {
        let (width, height) = self.frame.display_size();
        PdfPage {
            number: self.number,
            width,
            height,
            rotation: self.rotation,
            glyphs: self.glyphs,
            rulings: self.rulings,
            fills: self.fills,
            images: self.images,
            ocr: None,
        }
    }

    /// An image painted with `ctm` (which maps the unit square to the
    /// page). Past `max_items` images are not recorded: a page of a
    /// million tiny images says no more about being a scan than of ten thousand.
    pub fn image(&mut self, ctm: &Matrix, source: ImageSource) {
        if self.images.len() >= self.max_items {
            return;
        }
        let at = |u: f64, v: f64| {
            let (x, y) = apply(ctm, u, v);
            self.frame.map(x, y)
        };
        let (o, a, b, c) = (at(0.0, 0.0), at(1.0, 0.0), at(0.0, 1.0), at(1.0, 1.0));
        let transform = [a.0 - o.0, a.1 - o.1, b.0 - o.0, b.1 - o.1, o.0, o.1];
        if transform.iter().any(|v| !v.is_finite()) {
            return;
        }
        let mut bbox = BBox::new(o.0, o.1, o.0, o.1);
        for p in [a, b, c] {
            bbox = bbox.union(&BBox::new(p.0, p.1, p.0, p.1));
        }
        self.images.push(PageImage {
            bbox,
            transform,
            source,
        });
    }

    /// One shown glyph. `trm` is `Tsm × Tm × CTM` without the font size
    /// (pdf-extract's convention), `width` the advance in text space units
    /// per point of font size.
    pub fn glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), LimitHit> {
        if text.chars().all(char::is_whitespace) {
            if let Some(last) = self.glyphs.last_mut() {
                last.space_after = true;
            }
            return Ok(());
        }
        if self.glyphs.len() >= self.max_items {
            self.limit_hit = true;
            return Err(LimitHit);
        }
        // Text space → user space: origin, advance and "up" vectors.
        let origin = (trm[4], trm[5]);
        let advance = width * font_size;
        let along = (advance * trm[0], advance * trm[1]);
        let up = (font_size * trm[2], font_size * trm[3]);
        let size = (up.0 * up.0 + up.1 * up.1).sqrt();
        if !size.is_finite() || !origin.0.is_finite() || !origin.1.is_finite() || size == 0.0 {
            return Ok(()); // degenerate matrix: nothing visible to place
        }
        if let Some([x0, y0, x1, y1]) = self.crop {
            let centre = (
                origin.0 + along.0 / 2.0 + up.0 * 0.28,
                origin.1 + along.1 / 2.0 + up.1 * 0.28,
            );
            if centre.0 < x0 || centre.0 > x1 || centre.1 < y0 || centre.1 > y1 {
                self.outside_crop += 1;
                return Ok(());
            }
        }
        let corner = |a: f64, u: f64| {
            self.frame.map(
                origin.0 + along.0 * a + up.0 * u,
                origin.1 + along.1 * a + up.1 * u,
            )
        };
        let points = [
            corner(0.0, -DESCENT),
            corner(1.0, -DESCENT),
            corner(0.0, ASCENT),
            corner(1.0, ASCENT),
        ];
        let mut bbox = BBox::new(points[0].0, points[0].1, points[0].0, points[0].1);
        for p in &points[1..] {
            bbox = bbox.union(&BBox::new(p.0, p.1, p.0, p.1));
        }
        // Reading direction on the displayed page, from the baseline vector.
        let o = self.frame.map(origin.0, origin.1);
        let d = self.frame.map(origin.0 + trm[0], origin.1 + trm[1]);
        let (dx, dy) = (d.0 - o.0, d.1 - o.1);
        let upright = dx > 0.0 && dy.abs() <= dx * 0.2;
        self.glyphs.push(Glyph {
            text: text.to_string(),
            bbox,
            font_size: size,
            upright,
            space_after: false,
            bold: self.bold,
            run: self.run,
        });
        Ok(())
    }

    fn push_segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        let (ax, ay) = self.frame.map(a.0, a.1);
        let (bx, by) = self.frame.map(b.0, b.1);
        let bbox = BBox::new(ax, ay, bx, by);
        let thin = bbox.width().min(bbox.height()) <= 1.0;
        if thin && bbox.width().max(bbox.height()) >= RULING_MIN_LENGTH {
            self.rulings.push(Ruling { bbox });
        }
    }

    /// A painted path: thin rectangles and (when stroked) straight segments
    /// become rulings; thicker rectangles filled in a visible colour
    /// (`shaded`: not white) are kept as fills.
    pub fn path(
        &mut self,
        ctm: &Matrix,
        ops: &[PathOp],
        filled: bool,
        shaded: bool,
    ) -> Result<(), LimitHit> {
        let mut start = (0.0, 0.0);
        let mut current = (0.0, 0.0);
        for op in ops {
            if self.rulings.len() >= self.max_items {
                self.limit_hit = true;
                return Err(LimitHit);
            }
            match *op {
                PathOp::MoveTo(x, y) => {
                    current = apply(ctm, x, y);
                    start = current;
                }
                PathOp::LineTo(x, y) => {
                    let next = apply(ctm, x, y);
                    if !filled {
                        self.push_segment(current, next);
                    }
                    current = next;
                }
                PathOp::CurveTo(x, y) => current = apply(ctm, x, y),
                PathOp::Rect(x, y, w, h) => {
                    let corners = [
                        apply(ctm, x, y),
                        apply(ctm, x + w, y),
                        apply(ctm, x + w, y + h),
                        apply(ctm, x, y + h),
                    ];
                    let (p0, p2) = (
                        self.frame.map(corners[0].0, corners[0].1),
                        self.frame.map(corners[2].0, corners[2].1),
                    );
                    let bbox = BBox::new(p0.0, p0.1, p2.0, p2.1);
                    let thickness = bbox.width().min(bbox.height());
                    if thickness <= RULING_MAX_THICKNESS {
                        if bbox.width().max(bbox.height()) >= RULING_MIN_LENGTH {
                            self.rulings.push(Ruling { bbox });
                        }
                    } else if !filled {
                        for i in 0..4 {
                            self.push_segment(corners[i], corners[(i + 1) % 4]);
                        }
                    } else if shaded && self.fills.len() < self.max_items {
                        self.fills.push(bbox);
                    }
                    current = corners[0];
                    start = current;
                }
                PathOp::Close => {
                    if !filled {
                        self.push_segment(current, start);
                    }
                    current = start;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_maps_corners_of_the_page() {
        let frame = PageFrame::new([0.0, 0.0, 595.0, 842.0], 90);
        // The unrotated top-left corner shows at the top-right after a
        // clockwise quarter turn; the bottom-left at the top-left.
        assert_eq!(frame.map(0.0, 842.0), (842.0, 0.0));
        assert_eq!(frame.map(0.0, 0.0), (0.0, 0.0));
        assert_eq!(frame.display_size(), (842.0, 595.0));
    }

    #[test]
    fn matrices_compose_first_then_second() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 5.0];
        assert_eq!(apply(&multiply(&scale, &shift), 1.0, 1.0), (12.0, 7.0));
        assert_eq!(apply(&multiply(&shift, &scale), 1.0, 1.0), (22.0, 12.0));
    }
}
