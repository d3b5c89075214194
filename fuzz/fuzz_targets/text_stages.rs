//! Text input, normalisation and diacritic restoration on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = iub::text_input::read_text(data) {
        for page in &text.pages {
            for line in page {
                let normalised = iub::normalize::normalize_text(line);
                // Normalisation is idempotent.
                assert_eq!(iub::normalize::normalize_text(&normalised), normalised);
            }
            let _ = iub::normalize::join_lines(page);
        }
        if let Ok(lexicon) = iub::pipeline::lexicon() {
            let joined = text.pages.concat().join("\n");
            let _ = iub::restore::restore(&joined, lexicon);
        }
    }
});
