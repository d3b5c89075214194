//! Segmentation and classification on arbitrary text lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body lives in iub::fuzzing, so tests/fuzz_regressions.rs replays
// saved inputs through the same code.
fuzz_target!(|data: &[u8]| iub::fuzzing::segmenter(data));
