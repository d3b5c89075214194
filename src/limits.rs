//! Resource limits applied per document, so one hostile input cannot take a
//! batch down. Each has a CLI flag; the defaults are far above any real plan
//! (the largest corpus plan has 16 pages and ~41,000 glyphs).

/// Serialisable: a batch sends them to its worker processes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Size of one input file.
    pub max_input_bytes: u64,
    /// Pages per document.
    pub max_pages: usize,
    /// Glyphs per page (text-bomb pages with millions of characters).
    pub max_glyphs_per_page: usize,
    /// Bytes one stream may inflate to (decompression bombs).
    pub max_stream_bytes: u64,
    /// Bytes all streams of a document may inflate to together.
    pub max_document_bytes: u64,
    /// Depth of Form XObjects drawn inside each other.
    pub max_nesting: usize,
    /// Content-stream operators run for one page, forms included: a page
    /// that draws a form thousands of times, which draws another thousands
    /// of times, runs billions with no loop and no depth to refuse. Counted
    /// by the native backend (pdf-extract's interpreter is not ours).
    pub max_operations_per_page: usize,
    /// Wall time for one document, in seconds; a document over it is
    /// abandoned and reported, the batch goes on.
    pub max_seconds: u64,
    /// `--password`: tried on encrypted PDFs after the empty password.
    /// Not a limit, but it travels with them to every reader and worker.
    #[serde(default)]
    pub password: Option<Password>,
}

/// A password that never shows in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_pages: 2_000,
            max_glyphs_per_page: 200_000,
            max_stream_bytes: 64 * 1024 * 1024,
            max_document_bytes: 512 * 1024 * 1024,
            max_nesting: 32,
            max_operations_per_page: 20_000_000,
            max_seconds: 120,
            password: None,
        }
    }
}
