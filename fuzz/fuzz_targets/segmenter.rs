//! Segmentation and classification on arbitrary text lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = iub::text_input::read_text(data) {
        let doc = iub::layout::from_text(text);
        let segmented = iub::segment::segment(&doc);
        let _ = iub::classify::classify(&doc, &segmented);
    }
});
