#!/usr/bin/env python3
"""Export wordfreq's Swedish word list as `word<TAB>zipf*100`, sorted by UTF-8 bytes.

Why a script: the shipped `sv_words.fst` is generated, not hand-edited; this is
its first step. Second step (Rust, builds the fst from this TSV):
    python3 data/restore/export_wordfreq.py > /tmp/sv_words.tsv
    cargo run --release --bin restore_bench -- build-lexicon /tmp/sv_words.tsv data/restore/sv_words.fst
Requires `pip install wordfreq==3.1.1` (the Swedish data ships in the package).
"""
import re
import sys

from wordfreq import get_frequency_dict, zipf_frequency  # noqa: F401

# Only plain lowercase words: the restorer works word by word between
# punctuation, so entries with digits, dots or hyphens could never match.
WORD = re.compile(r"[a-zåäöéüæøàèáíóúçñ]+")
# Zipf 1.0 is the floor of wordfreq's "large" list; keeping everything above it
# covers rare compounds ("behovsprövning" is zipf 1.7) that plans use a lot.
MIN_ZIPF = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def main() -> None:
    freqs = get_frequency_dict("sv", "large")
    rows = []
    for word, freq in freqs.items():
        if not WORD.fullmatch(word):
            continue
        zipf = zipf_frequency(word, "sv", "large")
        if zipf < MIN_ZIPF:
            continue
        rows.append((word.encode("utf-8"), int(round(zipf * 100))))
    # fst needs keys in byte order.
    rows.sort()
    out = sys.stdout.buffer
    for key, z in rows:
        out.write(key + b"\t" + str(z).encode() + b"\n")


if __name__ == "__main__":
    main()
