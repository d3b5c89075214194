//! The PDF layer and layout on arbitrary bytes: third-party panics are
//! contained by `extract` (they become errors); anything else that panics,
//! loops or overflows is a finding.
#![no_main]

use iub::limits::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_pages: 50,
        max_glyphs_per_page: 50_000,
        max_stream_bytes: 8 * 1024 * 1024,
        max_document_bytes: 32 * 1024 * 1024,
        ..Limits::default()
    };
    if let Ok(pdf) = iub::pdf::default_backend().extract(data, &limits) {
        let _ = iub::layout::from_pdf(pdf);
    }
});
