//! iub's content-stream interpreter, lexer and CMap parser on small inputs:
//! the bytes become the content stream of a one-page PDF whose fonts take
//! their ToUnicode CMap and /W array from the same bytes, so libFuzzer
//! explores operators, operands and CMap syntax thousands of times a second
//! (whole-PDF seeds run a few times a second). A contained panic located in
//! iub's own code is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body lives in iub::fuzzing, so tests/fuzz_regressions.rs replays
// saved inputs through the same code.
fuzz_target!(|data: &[u8]| iub::fuzzing::content_stream(data));
