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
    ],
    "f2": [
        ("weasyprint", {"area_color": "#1f4e79"}),
        ("chromium-flex", {"borders": "horizontal"}),
        ("chromium", {"colset": (["name", "labelled"], [2.4, 7])}),
        ("wkhtmltopdf", {"area_upper": True, "zebra": Z}),
    ],
    "f3": [
        ("weasyprint", {"marker": "1)", "name_style": "bold"}),
        ("chromium", {"marker": "•", "name_style": "colon", "hanging": False}),
        ("wkhtmltopdf", {"marker": "a)", "name_style": "italic", "doc_middle": True}),
        ("chromium", {"marker": "–", "name_style": "boldcolon"}),
    ],
    "f4": [
        ("weasyprint", {"name_head_row": True, "colon": False}),
        ("chromium", {"colon": True, "label_fill": None, "label_bold": True}),
        ("wkhtmltopdf", {"label_fill": "#e6e6e6", "colon": False}),
        ("chromium-grid", {"name_head_row": True, "colon": True, "borders": "outer"}),
    ],
    "f5": [
        ("weasyprint", {"numbered": True, "label_style": "inline_bold"}),
        ("chromium", {"numbered": False, "label_style": "upper_own"}),
        ("wkhtmltopdf", {"numbered": True, "label_style": "smallcaps_inline"}),
        ("weasyprint", {"numbered": False, "label_style": "own_line_bold"}),
    ],
    "f6": [
        ("wkhtmltopdf", {"jn_last": False}),
        ("chromium", {"jn_last": True, "zebra": Z}),
        ("weasyprint", {"with_desc": True, "valign": "middle"}),
        ("chromium-flex", {"jn_last": False, "borders": "horizontal"}),
    ],
}

LANDSCAPE = {"f6"}


def schedule(batch: str) -> list[dict]:
    out = []
    for fam, specs in FAMILIES.items():
        for k, (prod, opts) in enumerate(specs, start=1):
            if batch == "first" and k > 4:
                continue
            out.append({"stem": f"{fam}-{k:02d}-{prod}", "family": fam, "group": fam,
                        "producer": prod, "opts": opts,
                        "style": {"landscape": fam in LANDSCAPE}})
    return out
