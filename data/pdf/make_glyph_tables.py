"""Regenerates glyph_names.txt and encodings.txt, the tables simple fonts
are read with (PDF 32000 §9.6.5 and Annex D):

- glyph_names.txt: glyph name -> Unicode, the Adobe Glyph List (glyphlist.txt,
  4,281 names), "Copyright 2002-2019 Adobe", BSD-3-Clause (the notice is
  repeated in the file), as shipped in fontTools 4.68 (fontTools/agl.py, MIT).
  The ITC Zapf Dingbats glyph list (a1 ... a191, same source and licence)
  turns the ZapfDingbats encoding's names into uniXXXX names.
- encodings.txt: code -> glyph name of StandardEncoding, WinAnsiEncoding,
  MacRomanEncoding, MacExpertEncoding and the built-in encodings of the
  standard Symbol and ZapfDingbats fonts, as tabulated in ReportLab 5.1.0
  (reportlab/pdfbase/_fontdata_enc_*.py, BSD).

Run: python3 data/pdf/make_glyph_tables.py
"""
import os

from fontTools import agl
from reportlab.pdfbase import (
    _fontdata_enc_macexpert,
    _fontdata_enc_macroman,
    _fontdata_enc_standard,
    _fontdata_enc_symbol,
    _fontdata_enc_winansi,
    _fontdata_enc_zapfdingbats,
)

HERE = os.path.dirname(os.path.abspath(__file__))

notice = [line for line in agl._aglText.splitlines() if line.startswith("#")]
names = {}
for line in agl._aglText.splitlines():
    if line and not line.startswith("#"):
        name, codes = line.split(";")
        names[name] = codes.replace(" ", "+")
# ZapfDingbats names (a<n>) mean a dingbat only in that font; its encoding
# below is written with uniXXXX names instead, so the list stays the AGL.
# fontTools keeps them as a string indexed by n.
dingbats = {f"a{n}": "uni%04X" % ord(c) for n, c in enumerate(agl._AGL_ZAPF_DINGBATS) if c != " "}
with open(os.path.join(HERE, "glyph_names.txt"), "w", encoding="utf-8") as f:
    f.write("# Glyph name -> Unicode (hex, '+' joins several), from the Adobe Glyph List; the ITC\n")
    f.write("# Zapf Dingbats glyph list (same notice) gives the uniXXXX names of the\n")
    f.write("# ZapfDingbats encoding in encodings.txt. Made by make_glyph_tables.py. Adobe's notice:\n")
    for line in notice:
        f.write(line + "\n")
    for name in sorted(names):
        f.write(f"{name} {names[name]}\n")

tables = [
    ("StandardEncoding", _fontdata_enc_standard.StandardEncoding),
    ("WinAnsiEncoding", _fontdata_enc_winansi.WinAnsiEncoding),
    ("MacRomanEncoding", _fontdata_enc_macroman.MacRomanEncoding),
    ("MacExpertEncoding", _fontdata_enc_macexpert.MacExpertEncoding),
    ("Symbol", _fontdata_enc_symbol.SymbolEncoding),
    ("ZapfDingbats", [dingbats.get(g, g) for g in _fontdata_enc_zapfdingbats.ZapfDingbatsEncoding]),
]
with open(os.path.join(HERE, "encodings.txt"), "w", encoding="utf-8") as f:
    f.write("# Simple-font encodings, code (hex) -> glyph name, one encoding per line:\n")
    f.write("# NAME code=glyph ... From ReportLab 5.1.0 (BSD). Made by make_glyph_tables.py.\n")
    for name, table in tables:
        assert len(table) == 256, name
        cells = [f"{code:02X}={glyph}" for code, glyph in enumerate(table) if glyph]
        f.write(name + " " + " ".join(cells) + "\n")
