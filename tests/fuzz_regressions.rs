//! Replays every input saved under fuzz/regressions/<target>/ through the
//! code that target fuzzes (`iub::fuzzing`). A fuzzer finding is minimised
//! (`cargo fuzz tmin`), fixed, and its input saved there, so it stays fixed.

use std::path::Path;

/// A fuzz target's name and the function it fuzzes.
type Target = (&'static str, fn(&[u8]));

#[test]
fn saved_fuzz_inputs_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let targets: [Target; 4] = [
        ("pdf_layer", iub::fuzzing::pdf_layer),
        ("content_stream", iub::fuzzing::content_stream),
        ("text_stages", iub::fuzzing::text_stages),
        ("segmenter", iub::fuzzing::segmenter),
    ];
    let mut replayed = 0;
    for (target, run) in targets {
        let dir = root.join(target);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("regression folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("read regression input");
            run(&data);
            replayed += 1;
        }
    }
    eprintln!("{replayed} saved fuzz inputs replayed");
}
