"""Regenerates core14_widths.txt: the advance widths of the 14 standard PDF
fonts keyed by Unicode code point (hex), so the reader needs no glyph-name
table at run time.

Source: Adobe's Core14 AFM metrics as tabulated in pdf-extract 0.12.1
(src/core_fonts.rs, MIT), glyph names mapped to Unicode with the Adobe Glyph
List from fontTools (MIT). Run: python3 data/pdf/make_core14_widths.py
"""
import glob
import os
import re

from fontTools import agl

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = glob.glob(os.path.expanduser(
    "~/.cargo/registry/src/*/pdf-extract-0.12.1/src/core_fonts.rs"))[0]

lines = [
    "# Advance widths (1/1000 em) of the 14 standard PDF fonts by Unicode code point (hex),",
    "# from Adobe's Core14 AFM files (\"Copyright (c) 1985-1997 Adobe Systems Incorporated.",
    "# All Rights Reserved.\" - may be used, copied and distributed for any purpose and without",
    "# charge, with or without modification, provided this notice is retained), as tabulated",
    "# in pdf-extract 0.12.1 src/core_fonts.rs (MIT). Made by make_core14_widths.py.",
    "# One font per line: NAME hex=width ... (Symbol and ZapfDingbats use their own codes: code:width)",
]
text = open(SOURCE).read()
for m in re.finditer(r'\("([^"]+)", "([^"]+)", &\[(.*?)\]\[\.\.\]\)', text, re.S):
    name, _encoding, body = m.groups()
    items = re.findall(r'\((-?\d+), ([\d.]+), "([^"]+)"\)', body)
    entries = {}
    if name in ("Symbol", "ZapfDingbats"):
        for code, width, _glyph in items:
            if int(code) >= 0:
                entries[f"c{int(code):02X}"] = float(width)
    else:
        for _code, width, glyph in items:
            uni = agl.toUnicode(glyph)
            if len(uni) == 1:
                entries[f"{ord(uni):04X}"] = float(width)
    cells = " ".join(f"{k}={int(w) if w == int(w) else w}" for k, w in sorted(entries.items()))
    lines.append(f"{name} {cells}")
with open(os.path.join(HERE, "core14_widths.txt"), "w") as out:
    out.write("\n".join(lines) + "\n")
