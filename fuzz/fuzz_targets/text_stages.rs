//! Text input, normalisation and diacritic restoration on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body lives in iub::fuzzing, so tests/fuzz_regressions.rs replays
// saved inputs through the same code.
fuzz_target!(|data: &[u8]| iub::fuzzing::text_stages(data));
