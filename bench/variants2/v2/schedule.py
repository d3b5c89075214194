"""Which plans to write: family, producer, options. The order inside a
family decides the first batch (its first four)."""

from __future__ import annotations

Z = "#eef2f7"  # a zebra fill

FAMILIES = {
    "f1": [
        ("chromium", {"zebra": Z, "valign": "middle", "borders": "horizontal", "head_fill": "#d0d8e8"}),
        ("weasyprint", {"two_row_head": True, "colset": (["name", "provider", "target_cond", "decision", "motive"], [2.2, 1.8, 3, 2.2, 3])}),
        ("wkhtmltopdf", {"provider_span": True, "colset": (["provider", "name", "target_cond", "documentation"], [1.8, 2.2, 3, 4])}),
        ("chromium-grid", {"borders": "all"}),
        ("lo-docx", {"zebra": None, "valign": "middle"}, {"docx": {"table_style": "Light List Accent 1"}}),
        ("lo-odt", {"borders": "outer", "repeat_head": True, "zebra": Z, "head_fill": "#dddddd"}),
        ("reportlab", {"provider_span": True, "colset": (["provider", "name", "target_cond", "documentation"], [1.8, 2.2, 3, 4]), "padding": 6}),
        ("pdflatex", {"borders": "all", "repeat_head": True}, {"tex": {"font": "times"}}),
        ("lo-docx", {"two_row_head": True, "colset": (["name", "provider", "target_cond", "decision", "motive"], [2.2, 1.8, 3, 2.2, 3])}, {"docx": {"table_style": "Medium Shading 1 Accent 1"}}),
        ("reportlab", {"borders": "outer_h", "zebra": "#f3f3f3", "valign": "middle", "padding": 1.5}),
    ],
    "f2": [
        ("weasyprint", {"area_color": "#1f4e79"}),
        ("chromium-flex", {"borders": "horizontal"}),
        ("chromium", {"colset": (["name", "labelled"], [2.4, 7])}),
        ("wkhtmltopdf", {"area_upper": True, "zebra": Z}),
        ("lo-odt", {"borders": "all", "area_color": "#7b2c2c"}),
        ("lo-docx", {"colset": (["name", "provider", "target_cond", "documentation"], [2.2, 1.8, 3, 3.8])}, {"docx": {"table_style": "Light Grid Accent 1"}}),
        ("reportlab", {"borders": "horizontal", "numbered_areas": True}),
        ("pdflatex", {"borders": "all", "zebra": Z}, {"tex": {"font": "charter"}}),
        ("chromium-grid", {"borders": "all", "area_level": 3}),
        ("lo-docx", {"borders": "outer", "colset": (["name", "target", "conditions", "documentation"], [2.2, 2.8, 2.2, 3.8])}),
    ],
    "f3": [
        ("weasyprint", {"marker": "1)", "name_style": "bold"}),
        ("chromium", {"marker": "•", "name_style": "colon", "hanging": False}),
        ("wkhtmltopdf", {"marker": "a)", "name_style": "italic", "doc_middle": True}),
        ("chromium", {"marker": "–", "name_style": "boldcolon"}),
        ("lo-docx", {"marker": "auto", "name_style": "bold"}),
        ("lo-odt", {"marker": "1.", "name_style": "boldperiod"}, {"odt": {"continue_numbering": True}}),
        ("reportlab", {"marker": "•", "name_style": "bold", "doc_middle": True}),
        ("pdflatex", {"marker": "1.", "name_style": "italic", "hanging": True}, {"tex": {"font": "times"}}),
        ("lo-docx", {"marker": "–", "name_style": "colon", "hanging": False}),
        ("lo-odt", {"marker": "a)", "name_style": "bold", "doc_middle": True}),
    ],
    "f4": [
        ("weasyprint", {"name_head_row": True, "colon": False}),
        ("chromium", {"colon": True, "label_fill": None, "label_bold": True}),
        ("wkhtmltopdf", {"label_fill": "#e6e6e6", "colon": False}),
        ("chromium-grid", {"name_head_row": True, "colon": True, "borders": "outer"}),
        ("lo-docx", {"name_head_row": True, "colon": True, "label_fill": None}),
        ("lo-odt", {"name_head_row": False, "colon": False, "label_fill": "#dde4ee", "page_per_form": True}),
        ("reportlab", {"name_head_row": True, "colon": False, "borders": "outer_h", "padding": 5}),
        ("pdflatex", {"name_head_row": False, "colon": True, "label_fill": None, "label_bold": True}, {"tex": {"font": "helvet"}}),
        ("lo-docx", {"name_head_row": False, "colon": True, "label_fill": "#eeeeee", "borders": "horizontal"}),
        ("lo-odt", {"name_head_row": True, "colon": True, "borders": "outer", "valign": "middle"}),
    ],
    "f5": [
        ("weasyprint", {"numbered": True, "label_style": "inline_bold"}),
        ("chromium", {"numbered": False, "label_style": "upper_own"}),
        ("wkhtmltopdf", {"numbered": True, "label_style": "smallcaps_inline"}),
        ("weasyprint", {"numbered": False, "label_style": "own_line_bold"}),
        ("lo-docx", {"numbered": True, "label_style": "own_line_bold"}),
        ("lo-odt", {"numbered": False, "label_style": "inline_bold"}),
        ("reportlab", {"numbered": True, "label_style": "upper_own"}),
        ("pdflatex", {"numbered": False, "label_style": "smallcaps_inline"}, {"tex": {"font": "charter"}}),
        ("chromium", {"numbered": True, "label_style": "own_line_bold"}),
        ("lo-docx", {"numbered": False, "label_style": "upper_own"}),
    ],
    "f6": [
        ("wkhtmltopdf", {"jn_last": False}),
        ("chromium", {"jn_last": True, "zebra": Z}),
        ("weasyprint", {"with_desc": True, "valign": "middle"}),
        ("chromium-flex", {"jn_last": False, "borders": "horizontal"}),
        ("lo-docx", {"jn_last": False, "repeat_head": False}, {"docx": {"table_style": "Light Shading Accent 1"}}),
        ("lo-odt", {"jn_last": True, "repeat_head": True, "borders": "outer_h"}),
        ("reportlab", {"with_desc": True, "valign": "middle", "padding": 2}),
        ("pdflatex", {"jn_last": False, "with_desc": False, "borders": "all"}, {"tex": {"font": "helvet"}}),
        ("chromium", {"with_desc": True, "borders": "horizontal", "zebra": Z}),
        ("lo-odt", {"jn_last": False, "zebra": "#f2f2f2", "borders": "all"}),
    ],
}

LANDSCAPE = {"f6"}

# (stem, builder, group, producer, options, extra spec)
OTHERS = [
    ("w01-web-headings", "web_headings", "web", "chromium-web", {"numbered": False, "label_style": "inline_bold"}, {}),
    ("w02-web-grid", "web_grid", "web", "chromium-web", {"zebra": Z, "borders": "horizontal"}, {}),
    ("w03-web-list", "web_list", "web", "chromium-web", {"marker": "•", "name_style": "bold"}, {"lang": "en-US"}),
    ("w04-web-form", "web_form", "web", "chromium-web", {"name_head_row": True, "colon": True}, {}),
    ("m01-grid-then-list", "grid_then_list", "mixed", "lo-docx", {}, {}),
    ("m02-markdownish", "markdownish", "mixed", "weasyprint", {"numbered": False}, {"css": "body { font-family: 'DejaVu Sans Mono', monospace; }"}),
    ("m03-toc-appendix", "toc_appendix", "mixed", "lo-odt", {"label_style": "own_line_bold"}, {}),
    ("m04-two-columns", "two_columns", "mixed", "weasyprint", {"numbered": False, "label_style": "inline_bold"}, {"style": {"columns": 2, "size": 9}}),
    ("o01-narrow7", "narrow7", "odd", "reportlab", {"borders": "all", "padding": 2}, {"style": {"size": 8.5}}),
    ("o02-unit-name", "unit_name", "odd", "lo-docx", {"borders": "all"}, {"style": {"landscape": True}}),
    ("o03-name-desc", "name_desc", "odd", "chromium", {"borders": "outer_h", "valign": "middle"}, {}),
    ("o04-narrow7-weasy", "narrow7", "odd", "weasyprint", {"borders": "all", "zebra": Z}, {"style": {"size": 9}}),
]


def schedule(batch: str) -> list[dict]:
    out = []
    for fam, specs in FAMILIES.items():
        for k, spec in enumerate(specs, start=1):
            prod, opts = spec[0], spec[1]
            extra = spec[2] if len(spec) > 2 else {}
            if batch == "first" and k > 4:
                continue
            out.append({"stem": f"{fam}-{k:02d}-{prod}", "family": fam, "group": fam,
                        "producer": prod, "opts": opts,
                        "style": {"landscape": fam in LANDSCAPE}, **extra})
    for k, (stem, builder, group, prod, opts, extra) in enumerate(OTHERS):
        if batch == "first" and k >= 6:
            continue
        spec = {"stem": stem, "family": builder, "group": group, "producer": prod, "opts": opts,
                "style": {}}
        spec.update(extra)
        if prod == "chromium-web":
            from .mixed import chrome_after, chrome_before, web_url
            spec.update({"before": chrome_before, "after": chrome_after, "url": web_url})
        out.append(spec)
    return out
