//! The PDF layer and layout on arbitrary bytes: third-party panics are
//! contained by `extract` (they become errors or page warnings); a contained
//! panic located in iub's own code, and anything that panics, loops or
//! overflows outside containment, is a finding.
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
    let own_panic = |reason: &str| reason.contains("panic: ") && reason.contains(" at src/");
    match iub::pdf::default_backend().extract(data, &limits) {
        Ok(pdf) => {
            if let Some(w) = pdf.warnings.iter().find(|w| own_panic(w)) {
                panic!("contained panic in iub's code: {w}");
            }
            let _ = iub::layout::from_pdf(pdf);
        }
        Err(reason) => assert!(!own_panic(&reason), "contained panic in iub's code: {reason}"),
    }
});
