//! `iub inspect FILE… --out DIR`: what the pipeline saw, drawn. One
//! self-contained HTML page per document (`DIR/<stem>.html`, no network, no
//! other file): per page an inline SVG at the page's true geometry (PDF
//! points, origin top-left, after `/Rotate`) with layers a reader switches
//! on and off — the page image (`--page-image`, rendered by poppler's
//! `pdftoppm`), words with their text, rulings, fills, furniture (greyed),
//! the regions the segmenter kept with their kind, each grid's columns
//! (the header as printed → the field it was typed as; an unknown header
//! stands out), row starts, and every record's box labelled with its id and
//! name (`data-record-id` = the id in `<stem>.json`). Clicking a record
//! shows its JSON beside the page; the document's warnings, `coverage` and
//! `needs_review` are at the top.
//!
//! Text inputs have no coordinates: their pages are drawn as the line grid
//! (one row per line, its segments side by side in order).
//!
//! Must not: compute what the pipeline does not. It draws
//! [`pipeline::Stages`] as they are.
//!
//! `html` draws the page, `image` renders the page images.

mod html;
mod image;

pub use html::{column_label, render};
pub use image::{rasterise, PageImage};

use crate::batch::{write_atomic, Input};
use crate::error::DocError;
use crate::limits::Limits;
use crate::pdf::PdfBackend;
use crate::pipeline;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// Which pages to draw: `--pages 2-4`, `--pages 3`, `--pages 1,5-7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSet(Vec<(u32, u32)>);

impl PageSet {
    pub fn contains(&self, page: u32) -> bool {
        self.0.iter().any(|&(a, b)| a <= page && page <= b)
    }
}

impl FromStr for PageSet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let number = |t: &str| -> Result<u32, String> {
            t.trim()
                .parse::<u32>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{t:?} is not a page number (pages count from 1)"))
        };
        let mut ranges = Vec::new();
        for part in s.split(',') {
            let range = match part.split_once('-') {
                Some((a, b)) => (number(a)?, number(b)?),
                None => {
                    let n = number(part)?;
                    (n, n)
                }
            };
            if range.0 > range.1 {
                return Err(format!("{part:?}: the first page is after the last"));
            }
            ranges.push(range);
        }
        Ok(PageSet(ranges))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these pages (all when `None`).
    pub pages: Option<PageSet>,
    /// Render each drawn PDF page with `pdftoppm` and put it under the
    /// overlay (a switchable layer). Without a rasteriser the page is drawn
    /// without it and the page says why.
    pub page_image: bool,
}

/// One document's inspection page, written.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspected {
    pub html: PathBuf,
    pub pages_drawn: usize,
    pub interventions: usize,
    /// Things the reader should know that are not the document's own
    /// warnings (no page image, pages asked for that it does not have).
    pub notes: Vec<String>,
}

/// Inspects every input (in parallel) into `out/<stem>.html`, stems as
/// `iub extract` gives them for the same inputs ([`crate::batch::assign_stems`]),
/// so the record ids match that batch's `<stem>.json`. One result per input,
/// in input order.
pub fn run(
    inputs: &[Input],
    out: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
    options: &Options,
) -> Vec<Result<Inspected, DocError>> {
    let stems = crate::batch::assign_stems(inputs);
    inputs
        .par_iter()
        .zip(stems.par_iter())
        .map(|(input, stem)| inspect_one(input, stem, out, backend, limits, options))
        .collect()
}

fn inspect_one(
    input: &Input,
    stem: &str,
    out: &Path,
    backend: &dyn PdfBackend,
    limits: &Limits,
    options: &Options,
) -> Result<Inspected, DocError> {
    let name = input.name();
    let owned;
    let bytes: &[u8] = match input.bundled {
        Some(b) => b,
        None => {
            owned = pipeline::read_input(&input.path, limits)?;
            &owned
        }
    };
    let stages = pipeline::extract_stages_as(
        &name,
        &input.path,
        stem,
        bytes,
        backend,
        limits,
        &crate::ocr::OcrOptions::default(),
    )?;
    let mut notes = Vec::new();
    let drawn: Vec<u32> = stages
        .laid_out
        .pages
        .iter()
        .map(|p| p.number)
        .filter(|n| options.pages.as_ref().is_none_or(|set| set.contains(*n)))
        .collect();
    if drawn.is_empty() {
        notes.push(format!(
            "none of the pages asked for is in the document ({} pages)",
            stages.laid_out.pages.len()
        ));
    }
    let mut images = BTreeMap::new();
    if options.page_image && !drawn.is_empty() {
        if !stages.laid_out.positioned {
            notes.push("no page image: a text input has no pages to render".to_string());
        } else {
            let deadline = Instant::now() + Duration::from_secs(limits.max_seconds.max(1));
            match rasterise(bytes, &drawn, deadline) {
                Ok(found) => images = found,
                Err(reason) => notes.push(format!("no page image: {reason}")),
            }
        }
    }
    let html = render(&stages, &drawn, &images, &notes);
    let target = out.join(format!("{stem}.html"));
    write_atomic(&target, html.as_bytes()).map_err(|e| {
        DocError::new(
            &name,
            crate::error::Stage::Output,
            format!("cannot write {}: {e}", target.display()),
        )
    })?;
    Ok(Inspected {
        html: target,
        pages_drawn: drawn.len(),
        interventions: stages.plan.interventions.len(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sets() {
        let set: PageSet = "2-4".parse().unwrap();
        assert!(!set.contains(1) && set.contains(2) && set.contains(4) && !set.contains(5));
        let set: PageSet = "1,5-6".parse().unwrap();
        assert!(set.contains(1) && !set.contains(2) && set.contains(6));
        assert!("0".parse::<PageSet>().is_err());
        assert!("4-2".parse::<PageSet>().is_err());
        assert!("a-b".parse::<PageSet>().is_err());
        assert!("".parse::<PageSet>().is_err());
    }
}
