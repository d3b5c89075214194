//! The PDF layer and layout on arbitrary bytes: third-party panics are
//! contained by `extract` (they become errors or page warnings); a contained
//! panic located in iub's own code, and anything that panics, loops or
//! overflows outside containment, is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body lives in iub::fuzzing, so tests/fuzz_regressions.rs replays
// saved inputs through the same code.
fuzz_target!(|data: &[u8]| iub::fuzzing::pdf_layer(data));
