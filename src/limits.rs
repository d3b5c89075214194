//! Resource limits applied per document, so one hostile input cannot take a
//! batch down. Each has a CLI flag; the defaults are far above any real plan
//! (the largest corpus plan has 16 pages and ~41,000 glyphs).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of one input file.
    pub max_input_bytes: u64,
    /// Pages per document.
    pub max_pages: usize,
    /// Glyphs per page (text-bomb pages with millions of characters).
    pub max_glyphs_per_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_pages: 2_000,
            max_glyphs_per_page: 200_000,
        }
    }
}
