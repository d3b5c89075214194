//! The corpus plans compiled into the binary, so `iub extract` with no input
//! runs the whole pipeline on real plans with nothing to set up.

pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "000_dd9dd5d9f3fd4b54.pdf",
        include_bytes!("../fixtures/pdf/000_dd9dd5d9f3fd4b54.pdf"),
    ),
    (
        "001_a06a560caf5de8c2.pdf",
        include_bytes!("../fixtures/pdf/001_a06a560caf5de8c2.pdf"),
    ),
    (
        "002_09609c45e4b02379.pdf",
        include_bytes!("../fixtures/pdf/002_09609c45e4b02379.pdf"),
    ),
    (
        "003_23c55e2100791a7b.pdf",
        include_bytes!("../fixtures/pdf/003_23c55e2100791a7b.pdf"),
    ),
    (
        "004_6d4ffd2d5a89017a.pdf",
        include_bytes!("../fixtures/pdf/004_6d4ffd2d5a89017a.pdf"),
    ),
];
