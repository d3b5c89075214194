//! Hostile PDFs made by the test itself end in clear errors within the
//! limits: a decompression bomb, a page tree that loops, Form XObjects that
//! draw themselves, and a document over the time limit.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use iub::error::Stage;
use iub::limits::Limits;
use iub::pdf::default_backend;
use iub::pipeline::extract;
use std::io::Write;
use std::path::Path;

mod common;
use common::{pdf, stream};

fn catalog_and_tree() -> Vec<(u32, Vec<u8>)> {
    vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
    ]
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn run(bytes: &[u8], limits: &Limits) -> Result<iub::output::Plan, iub::error::DocError> {
    extract(
        "hostile.pdf",
        Path::new("hostile.pdf"),
        bytes,
        default_backend(),
        limits,
    )
}

#[test]
fn hostile_documents_end_in_errors_within_the_limits() {
    // A decompression bomb: 1 GiB of spaces as the page's content stream,
    // about 1 MB compressed.
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        encoder.write_all(&chunk).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    let mut objects = catalog_and_tree();
    objects.push((
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
    ));
    objects.push((4, stream("/Filter /FlateDecode", &bomb)));
    let before = peak_rss_mb();
    let e = run(&pdf(&objects), &Limits::default()).expect_err("a bomb is refused");
    assert_eq!(e.stage, Stage::Pdf);
    assert!(
        e.reason.contains("inflates to more than 67108864 bytes"),
        "{e}"
    );
    // The check inflates into a 64 KiB buffer: the peak does not approach
    // the bomb's size, nor even the 64 MiB limit.
    let grown = peak_rss_mb() - before;
    assert!(grown < 64.0, "peak memory grew by {grown:.1} MB");

    // A page tree whose node lists itself among its kids.
    let objects = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec()),
    ];
    let e = run(&pdf(&objects), &Limits::default()).expect_err("a looping tree is refused");
    assert!(
        e.reason
            .contains("the page tree loops: 2 0 R lists 2 0 R, itself or a node above it"),
        "{e}"
    );

    // Two Form XObjects that draw each other.
    let mut objects = catalog_and_tree();
    objects.push((3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /A 5 0 R >> >> >>".to_vec()));
    objects.push((4, stream("", b"/A Do")));
    objects.push((5, stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /B 6 0 R >> >>", b"/B Do")));
    objects.push((6, stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /A 5 0 R >> >>", b"/A Do")));
    let e = run(&pdf(&objects), &Limits::default()).expect_err("a drawing loop is refused");
    assert!(e.reason.contains("draws itself (a loop)"), "{e}");

    // Forms nested deeper than the limit.
    let mut objects = catalog_and_tree();
    objects.push((3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /F 10 0 R >> >> >>".to_vec()));
    objects.push((4, stream("", b"/F Do")));
    for depth in 0..6u32 {
        let next = if depth < 5 {
            format!("/Resources << /XObject << /F {} 0 R >> >>", 11 + depth)
        } else {
            String::new()
        };
        objects.push((
            10 + depth,
            stream(
                &format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] {next}"),
                b"/F Do",
            ),
        ));
    }
    let shallow = Limits {
        max_nesting: 3,
        ..Limits::default()
    };
    let e = run(&pdf(&objects), &shallow).expect_err("too deep");
    assert!(e.reason.contains("nested deeper than 3"), "{e}");
}

#[test]
fn a_document_over_the_time_limit_is_abandoned_and_the_batch_goes_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("iub-timeout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_iub"))
        .arg("extract")
        .arg(root.join("fixtures/pdf/001_a06a560caf5de8c2.pdf"))
        .arg(root.join("fixtures/bad/latin1.txt"))
        .args(["--max-seconds", "0", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    assert!(errors.contains("\"stage\":\"limits\""), "{errors}");
    assert!(
        errors.contains("abandoned after 0 s (--max-seconds)"),
        "{errors}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["documents"], 2);
}
