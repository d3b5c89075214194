//! Page geometry shared by every stage: boxes in PDF points, origin at the
//! top-left corner of the page as displayed (after `/Rotate`), y growing down.

use serde::{Serialize, Serializer};

/// An axis-aligned box: `x0 <= x1`, `top <= bottom`, in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BBox {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl BBox {
    pub fn new(x0: f64, top: f64, x1: f64, bottom: f64) -> Self {
        BBox {
            x0: x0.min(x1),
            top: top.min(bottom),
            x1: x0.max(x1),
            bottom: top.max(bottom),
        }
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    pub fn center_x(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    pub fn center_y(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }

    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            top: self.top.min(other.top),
            x1: self.x1.max(other.x1),
            bottom: self.bottom.max(other.bottom),
        }
    }

    /// Length of the overlap of the two vertical extents (0 when disjoint).
    pub fn vertical_overlap(&self, other: &BBox) -> f64 {
        (self.bottom.min(other.bottom) - self.top.max(other.top)).max(0.0)
    }

    /// Length of the overlap of the two horizontal extents (0 when disjoint).
    pub fn horizontal_overlap(&self, other: &BBox) -> f64 {
        (self.x1.min(other.x1) - self.x0.max(other.x0)).max(0.0)
    }

    pub fn union_all<'a>(boxes: impl IntoIterator<Item = &'a BBox>) -> Option<BBox> {
        boxes.into_iter().fold(None, |acc, b| match acc {
            None => Some(*b),
            Some(a) => Some(a.union(b)),
        })
    }
}

/// Rounds to hundredths of a point so that JSON output is byte-identical
/// across platforms and float noise never shows up in diffs.
pub fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0 // no "-0.0" in output
    } else {
        r
    }
}

impl Serialize for BBox {
    /// `[x0, top, x1, bottom]`, rounded to 0.01 pt.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [
            round2(self.x0),
            round2(self.top),
            round2(self.x1),
            round2(self.bottom),
        ]
        .serialize(s)
    }
}
