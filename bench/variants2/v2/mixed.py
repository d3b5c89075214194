"""Mixed, web and odd plans: printed web pages with their site chrome and
Chromium's own header/footer, a plan that changes layout half-way, and
grids with cells real plans have (Unit: Name, name over description)."""

from __future__ import annotations

import html as _html
import re
import unicodedata

from . import families as F
from .gold import join_cells
from .model import Heading, ListBlock, ListItem, Para, Run, runs


def slug(t: str) -> str:
    t = unicodedata.normalize("NFKD", t.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def site_domain(plan) -> str:
    return f"www.{slug(plan.muni.name)}.se"


def web_url(plan) -> str:
    return (f"https://{site_domain(plan)}/omsorg-och-stod/stod-till-enskilda/"
            f"insatser-utan-behovsprovning")


def chrome_before(plan) -> str:
    e = _html.escape
    nav = " ".join(f'<span style="margin-right:14pt">{x}</span>' for x in
                   ["Start", "Omsorg och stöd", "Barn och familj", "Uppleva och göra",
                    "Kommun och politik", "Kontakt"])
    return f"""
<div style="border-bottom:2pt solid #1f4e79; padding-bottom:4pt; margin-bottom:8pt">
  <div style="font-size:15pt; font-weight:bold; color:#1f4e79">{e(plan.muni.issuer)}</div>
  <div style="font-size:8pt; color:#333">Sök &nbsp;|&nbsp; Lyssna &nbsp;|&nbsp; Languages &nbsp;|&nbsp; Logga in</div>
  <div style="font-size:9pt; margin-top:4pt">{nav}</div>
</div>
<div style="font-size:8pt; color:#555; margin-bottom:8pt">Du är här: Start › Omsorg och stöd ›
Stöd till enskilda › Insatser utan behovsprövning</div>
"""


def chrome_after(plan) -> str:
    e = _html.escape
    return f"""
<div style="margin-top:16pt; font-size:8.5pt; color:#444">Senast uppdaterad: 2025-06-30</div>
<div style="margin-top:8pt; border:1pt solid #ccc; padding:6pt; font-size:8.5pt">
<strong>Var den här sidan till hjälp?</strong> Ja / Nej</div>
<div style="margin-top:12pt; border-top:1pt solid #999; padding-top:6pt; font-size:8pt; color:#333">
{e(plan.muni.issuer)} · Kontaktcenter 0{len(plan.muni.name) % 9 + 1}0-{len(plan.muni.name) * 7 % 90 + 10} 00 00 ·
kontaktcenter@{site_domain(plan)[4:]}<br>
Om webbplatsen · Tillgänglighetsredogörelse · Behandling av personuppgifter · Kakor (cookies)</div>
"""


def web(builder: str, opts_extra: dict | None = None):
    def build(plan, opts):
        o = dict(opts)
        o.update(opts_extra or {})
        return F.BUILDERS[builder](plan, o)
    return build


def build_grid_then_list(plan, opts):
    """Half the records in a grid, the rest as a numbered list under a later
    heading: the plan changes layout part-way (document layout 'mixed')."""
    rng = plan.rng
    n = len(plan.entries)
    k = max(3, n // 2)
    all_entries = plan.entries
    plan.entries = all_entries[:k]
    blocks, records, _, _ = F.build_f1(plan, {"colset": (["name", "provider", "target_cond", "documentation"],
                                                         [2.2, 1.8, 3, 4]), "borders": "all"})
    first_providers = dict(plan.providers)
    plan.entries = all_entries[k:]
    plan.providers = {}
    heading = rng.choice(["Övriga insatser", "Insatser inom öppenvården", "Fler insatser"])
    blocks.append(Heading(heading, level=2))
    blocks.append(Para(runs("Följande insatser ges också utan behovsprövning:")))
    items = []
    for i, e in enumerate(plan.entries):
        prov = plan.provider(i, True)
        target = e.target if e.target.endswith(".") else e.target + "."
        conds = " ".join(c.rstrip(". ") + "." for c in e.conditions if c.rstrip(". ") not in e.target)
        doc = join_cells(e.decision, e.motive)
        text = " ".join(x for x in (target, conds, F.provider_sentence(rng, prov), doc) if x)
        items.append(ListItem(f"{i + 1}.", [[Run(e.name, bold=True), Run(" – "), Run(text)]]))
        records.append(F.record(e, provider=prov, section=heading, target_text=target, doc_text=doc,
                                page_hint=f"{i + 1}. {e.name}"))
    blocks.append(ListBlock(items, hanging=True))
    plan.entries = all_entries
    plan.providers = first_providers
    note = ("A grid (name, provider, target/conditions cell, documentation) for the first records, "
            f"then a numbered list under '{heading}' whose items read 'Name – target. conditions. "
            "provider sentence. documentation'. Grid records: target_group.text is the whole cell, "
            "section the heading above the table (or null). List records: target_group.text is the "
            "target sentence, section the list heading; no document-wide consent rule is printed.")
    return blocks, records, "mixed", note


MIXED = {
    "web_headings": web("f5"),
    "web_grid": web("f1"),
    "web_list": web("f3"),
    "grid_then_list": build_grid_then_list,
    "markdownish": web("f5", {"as_bullets": True}),
    "toc_appendix": web("f5", {"toc": True, "appendix": True, "numbered": True}),
    "two_columns": web("f5"),
    "narrow7": web("f1", {"colset": (["name", "description", "target", "conditions", "provider",
                                      "decision", "motive"], [1.6, 2, 1.8, 1.5, 1.4, 1.6, 2])}),
    "unit_name": web("f1", {"colset": (["unit_name", "target_cond", "decision", "motive"],
                                       [2.6, 3, 2.4, 3])}),
    "name_desc": web("f1", {"colset": (["name_desc", "target_cond", "provider", "documentation"],
                                       [3.4, 2.6, 1.6, 3.4])}),
    "web_form": web("f4"),
}
