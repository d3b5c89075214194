"""Family builders: each turns a plan context into document blocks and the
gold records for exactly what those blocks print."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import phrases as P
from .gold import join_cells, norm, record
from .model import (Cell, Heading, ListBlock, ListItem, PageBreak, Para, Row,
                    Run, Spacer, Table, runs)
from .pool import Entry, Municipality, Residency, relocated

PROVIDER_POOL = {
    "advice": ["Råd- och stödenheten", "Familjecentrum", "Mottagningsteamet",
               "Öppenvårdsenheten", "Familjerådgivningen"],
    "counselling": ["Samtalsmottagningen", "Öppenvårdsenheten", "Anhörigcentrum"],
    "group": ["Familjestödet", "Stödteamet", "Öppenvården Barn och unga", "Anhörigcentrum"],
    "meeting_place": ["Träffpunktsverksamheten", "Socialpsykiatrin", "Seniorcentrum"],
    "treatment": ["Beroendeenheten", "Mottagningen för beroende", "Öppenvården Vuxna"],
    "home_care": ["Hemtjänsten", "Hemtjänst"],
    "coordination": ["Nätverksteamet", "Samordningsteamet", "Familjestödet"],
    "other": ["Socialkontoret", "Mottagningsenheten"],
}

DASH = "–"


@dataclass
class Plan:
    """Everything one plan prints around its records."""

    stem: str
    family: str
    rng: random.Random
    muni: Municipality
    res: Residency
    body: str
    abbr: str
    forvaltning: str
    decided: str
    valid: str
    ref: str
    entries: list[Entry]
    providers: dict = field(default_factory=dict)  # entry index → printed provider

    def provider(self, i: int, required: bool) -> str | None:
        """The printed provider of record i; invented from its category when
        the layout has a provider slot and the source named none."""
        if i in self.providers:
            return self.providers[i]
        p = self.entries[i].gold.get("provider")
        if not p and required:
            p = self.rng.choice(PROVIDER_POOL.get(self.entries[i].gold["category"], ["Socialkontoret"]))
        self.providers[i] = p
        return p


def make_plan(stem: str, family: str, seed: int, pool: list[Entry],
              munis: list[Municipality], n_range=(6, 25),
              want=None) -> Plan:
    rng = random.Random(seed)
    muni = rng.choice(munis)
    style = rng.choices(["kommun", "bare", "bosatt"], weights=[70, 15, 15])[0]
    res = Residency(muni, style)
    body, abbr, forv = rng.choice(P.BODIES)
    day = rng.randint(2, 27)
    month = rng.choice([5, 6, 6, 6])
    decided = f"2025-{month:02d}-{day:02d}"
    valid = rng.choice(["2025-07-01", "2025-07-01", "2025-08-01"])
    ref = P.reference(rng, abbr)
    # One variant per distinct name.
    by_name: dict[str, list[Entry]] = {}
    for e in pool:
        if want and not want(e):
            continue
        by_name.setdefault(e.name.lower(), []).append(e)
    names = sorted(by_name)
    rng.shuffle(names)
    n = min(rng.randint(*n_range), len(names))
    chosen = [rng.choice(by_name[k]) for k in names[:n]]
    entries = [relocated(e, res) for e in chosen]
    return Plan(stem, family, rng, muni, res, body, abbr, forv, decided, valid, ref, entries)


# ---------------------------------------------------------------- common parts

def title_blocks(p: Plan, with_body_line: bool = True, n_intro: int | None = None) -> list:
    rng = p.rng
    title = rng.choice(P.TITLES)
    out = []
    if with_body_line:
        out.append(Para(runs((p.muni.issuer, "b")), kind="meta"))
        out.append(Para(runs(p.body), kind="meta"))
        out.append(Spacer(10))
    out.append(Para(runs(title), kind="title"))
    for line in P.meta_lines(rng, p.body, p.decided, p.valid, p.ref, rng.randint(20, 140)):
        out.append(Para(runs(line), kind="meta"))
    out.append(Spacer(8))
    if rng.random() < 0.6:
        out.append(Heading(rng.choice(P.BACKGROUND_HEADINGS), level=2))
    k = n_intro if n_intro is not None else rng.randint(1, 3)
    for para in rng.sample(P.INTRO, k):
        out.append(Para(runs(para)))
    return out


def combined_target(e: Entry) -> str:
    """Target group and the conditions it does not already say, one cell."""
    parts = [e.target.rstrip()]
    for c in e.conditions:
        if c.rstrip(". ") not in e.target:
            parts.append(c.rstrip(". ") + ".")
    t = " ".join(x if x.endswith((".", "!", "?", ":")) else x + "." for x in parts if x)
    return norm(t)


def conditions_text(e: Entry) -> str:
    if not e.conditions:
        return DASH
    return "\n".join(c.rstrip(". ") for c in e.conditions)


def cell_lines(text: str, bold: bool = False) -> Cell:
    return Cell([[Run(line, bold=bold)] for line in text.split("\n")])


def hint(*parts: str) -> str:
    return norm(" ".join(x for x in parts if x))


# ---------------------------------------------------------------- f1: one grid

F1_COLSETS = [
    # (roles, relative widths)
    (["name", "provider", "target_cond", "decision", "motive"], [2.2, 1.8, 2.6, 2.4, 3.2]),
    (["name", "target", "conditions", "provider", "documentation"], [2.2, 3, 2.2, 1.8, 3.6]),
    (["provider", "name", "target_cond", "documentation"], [1.8, 2.2, 3, 4]),
    (["name", "description", "target_cond", "provider", "documentation"], [2, 3.4, 2.6, 1.8, 3.4]),
    (["name", "provider", "target_cond", "decision", "motive"], [2.2, 1.8, 3, 2.2, 3]),
]


def _doc_cells(e: Entry) -> tuple[str, str]:
    return e.decision, (e.motive or DASH)


def grid_rows(p: Plan, roles: list[str], section: str | None, provider_span: bool,
              records: list, idxs: list[int], heads: dict) -> list[Row]:
    # A target cell without a conditions column must carry the conditions.
    assert "target" not in roles or "conditions" in roles, roles
    rows = []
    span_left = 0
    for pos, i in enumerate(idxs):
        e = p.entries[i]
        prov = p.provider(i, "provider" in roles or "unit_name" in roles)
        cells: list[Cell | None] = []
        for role in roles:
            if role == "name":
                cells.append(Cell.text(e.name, bold=heads.get("name_bold", False)))
            elif role == "unit_name":
                # 001's "Unit: Name" cell: the unit before the colon.
                cells.append(Cell.text(f"{prov}: {e.name}"))
            elif role == "name_desc":
                paras = [[Run(e.name, bold=True)]]
                if e.description:
                    paras.append([Run(e.description, italic=True)])
                cells.append(Cell(paras))
            elif role == "provider":
                if provider_span:
                    if span_left > 0:
                        cells.append(None)
                        span_left -= 1
                        continue
                    n = 1
                    while pos + n < len(idxs) and p.provider(idxs[pos + n], True) == prov:
                        n += 1
                    cells.append(Cell.text(prov or DASH, rowspan=n))
                    span_left = n - 1
                else:
                    cells.append(Cell.text(prov or DASH))
            elif role == "target":
                cells.append(Cell.text(e.target))
            elif role == "target_cond":
                cells.append(Cell.text(combined_target(e)))
            elif role == "conditions":
                cells.append(cell_lines(conditions_text(e)))
            elif role == "decision":
                cells.append(Cell.text(e.decision))
            elif role == "motive":
                cells.append(Cell.text(e.motive or DASH))
            elif role == "documentation":
                paras = [[Run(e.decision)]] + ([[Run(e.motive)]] if e.motive else [])
                cells.append(Cell(paras))
            elif role == "description":
                cells.append(Cell.text(e.description or DASH))
        rows.append(Row(cells))
        tt = e.target if "target" in roles else combined_target(e)
        has_prov = "provider" in roles or "unit_name" in roles
        records.append(record(e, provider=prov if has_prov else None,
                              section=section, target_text=tt,
                              doc_text=join_cells(e.decision, e.motive),
                              page_hint=f"{prov}: {e.name}" if "unit_name" in roles else e.name))
    return rows


def build_f1(p: Plan, opts: dict) -> tuple[list, list, str, str]:
    rng = p.rng
    roles, widths = opts.get("colset") or rng.choice(F1_COLSETS)
    provider_span = opts.get("provider_span", False) and "provider" in roles
    blocks = title_blocks(p)
    section = None
    if rng.random() < 0.7:
        section = rng.choice(P.LIST_HEADINGS)
        blocks.append(Heading(section, level=2))
    idxs = list(range(len(p.entries)))
    if provider_span:
        # Units that each give several interventions, so the spans are real.
        units: dict[str, str] = {}
        for i in idxs:
            key = P.area_of(p.entries[i].gold)
            if key not in units:
                units[key] = rng.choice(P.AREA_UNITS[key])
            p.providers[i] = units[key]
        # Keep first-appearance order of providers so spans are real.
        order: dict = {}
        for i in idxs:
            order.setdefault(p.providers[i], len(order))
        idxs.sort(key=lambda i: order[p.providers[i]])
    two_row = opts.get("two_row_head", False) and "decision" in roles and "motive" in roles
    head_names = {r: P.pick(rng, r) for r in roles if r in P.HEADERS}
    head_names.setdefault("unit_name", rng.choice(["Verksamhet: insats", "Enhet och insats"]))
    head_names.setdefault("name_desc", rng.choice(["Insats och innehåll", "Insats"]))
    if two_row:
        top, sub = [], []
        for r in roles:
            if r == "decision":
                top.append(Cell.text(P.pick(rng, "doc_group"), bold=True, colspan=2))
                sub.append(Cell.text(head_names["decision"], bold=True))
            elif r == "motive":
                top.append(None)
                sub.append(Cell.text(head_names["motive"], bold=True))
            else:
                top.append(Cell.text(head_names[r], bold=True, rowspan=2))
                sub.append(None)
        head = [Row(top, kind="head"), Row(sub, kind="head")]
    else:
        head = [Row([Cell.text(head_names[r], bold=True) for r in roles], kind="head")]
    records: list = []
    body = grid_rows(p, roles, section, provider_span, records, idxs,
                     {"name_bold": opts.get("name_bold", rng.random() < 0.4)})
    t = Table(widths, head=head, body=body, borders=opts.get("borders", "all"),
              zebra=opts.get("zebra"), head_fill=opts.get("head_fill"),
              head_color=opts.get("head_color"), valign=opts.get("valign", "top"),
              repeat_head=opts.get("repeat_head", True), padding=opts.get("padding", 3))
    blocks.append(t)
    if rng.random() < 0.5:
        blocks.append(Para(runs("Beslutet har fattats med stöd av 11 kap. 5 § och 14 kap. 4–5 §§ "
                                "socialtjänstlagen (2025:400).")))
    target_desc = ("the target cell alone (conditions have their own cell)" if "target" in roles
                   else "the whole target/conditions cell")
    note = (f"One grid; columns {', '.join(head_names[r] for r in roles)}. target_group.text is "
            f"{target_desc}; documentation.text joins the decision and motive texts in printed "
            f"order ('–' is an empty cell); section is the heading above the table"
            f"{'' if section else ' (none printed: null)'}; "
            + ("the provider cell spans the rows of its unit; " if provider_span else "")
            + "no document-wide consent rule is printed.")
    return blocks, records, "table", note


# ---------------------------------------------------------------- f2: per-area tables

F2_COLSETS = [
    (["name", "target_cond", "documentation"], [2.2, 3, 4]),
    (["name", "target", "conditions", "documentation"], [2.2, 2.8, 2.2, 3.8]),
    (["name", "provider", "target_cond", "documentation"], [2.2, 1.8, 3, 3.8]),
    (["name", "labelled"], [2.4, 7]),
]


def build_f2(p: Plan, opts: dict):
    rng = p.rng
    roles, widths = opts.get("colset") or rng.choice(F2_COLSETS)
    blocks = title_blocks(p)
    areas: dict[str, list[int]] = {}
    for i, e in enumerate(p.entries):
        areas.setdefault(P.area_of(e.gold), []).append(i)
    head_names = {r: P.pick(rng, r) for r in roles if r != "labelled"}
    if "labelled" in roles:
        head_names["labelled"] = rng.choice(["Målgrupp och dokumentation", "Om insatsen",
                                             "Villkor och dokumentation"])
    lab_t = rng.choice(["Målgrupp", "För vem", "Vem kan delta"])
    lab_c = rng.choice(["Villkor", "Krav"])
    lab_d = rng.choice(["Dokumentation", "Dokumenteras"])
    color = opts.get("area_color") or rng.choice(["#1f4e79", "#7b2c2c", "#2d5f2d", None])
    numbered = opts.get("numbered_areas", rng.random() < 0.3)
    records = []
    for k, key in enumerate([a for a in P.AREA_ORDER if a in areas], start=1):
        area = rng.choice(P.AREAS[key])
        if numbered:
            area = f"{k}. {area}"
        blocks.append(Heading(area, level=opts.get("area_level", 2), color=color,
                              upper=opts.get("area_upper", False)))
        head = [Row([Cell.text(head_names[r], bold=True) for r in roles], kind="head")]
        body = []
        for i in areas[key]:
            e = p.entries[i]
            if "labelled" in roles:
                paras = [[Run(f"{lab_t}: ", bold=True), Run(e.target)]]
                if e.conditions:
                    paras.append([Run(f"{lab_c}: ", bold=True),
                                  Run(". ".join(c.rstrip(". ") for c in e.conditions) + ".")])
                paras.append([Run(f"{lab_d}: ", bold=True), Run(join_cells(e.decision, e.motive))])
                body.append(Row([Cell.text(e.name, bold=True), Cell(paras)]))
                records.append(record(e, provider=None, section=area, target_text=e.target,
                                      doc_text=join_cells(e.decision, e.motive), page_hint=e.name))
                continue
            sub: list = []
            body.extend(grid_rows(p, roles, area, False, sub, [i], {"name_bold": False}))
            records.extend(sub)
        blocks.append(Table(widths, head=head, body=body, borders=opts.get("borders", "all"),
                            zebra=opts.get("zebra"), head_fill=opts.get("head_fill", "#e8e8e8"),
                            valign=opts.get("valign", "top"), padding=opts.get("padding", 3)))
    note = ("Area headings are sections, each followed by its own table"
            + ("; the plan names no unit, so provider is null" if "provider" not in roles else "")
            + ("; the second column holds labelled paragraphs: target_group.text is the "
               f"'{lab_t}' text, documentation.text the '{lab_d}' text" if "labelled" in roles
               else "; target_group.text is " + ("the target cell alone" if "target" in roles
                                                  else "the whole target/conditions cell")
               + "; documentation.text is the documentation cell (its paragraphs joined)")
            + "; no document-wide consent rule is printed.")
    return blocks, records, "table", note


# ---------------------------------------------------------------- f3: lists

def provider_sentence(rng: random.Random, prov: str) -> str:
    return rng.choice([f"Ansvarig: {prov}.", f"Utförare är {prov}.", f"Insatsen ges av {prov}.",
                       f"Insatsen utförs av {prov}.", f"{prov} ansvarar för insatsen."])


def build_f3(p: Plan, opts: dict):
    rng = p.rng
    blocks = title_blocks(p)
    marker = opts.get("marker") or rng.choice(["1.", "1)", "•", "–", "a)", "auto"])
    name_style = opts.get("name_style") or rng.choice(["bold", "italic", "colon", "boldcolon", "boldperiod"])
    hanging = opts.get("hanging", rng.random() < 0.6)
    doc_middle = opts.get("doc_middle", rng.random() < 0.4)
    with_provider = rng.random() < 0.8
    # One or two headings; numbering continues across them.
    split = len(p.entries) // 2 if (len(p.entries) >= 8 and rng.random() < 0.6) else None
    heads = rng.sample(["Insatser för vuxna", "Insatser för barn, unga och familjer",
                        "Stöd till anhöriga", "Rådgivning", "Stöd och behandling",
                        "Öppna verksamheter"], 2)
    records = []
    items: list[ListItem] = []
    section = None

    def flush():
        if items:
            blocks.append(ListBlock(list(items), hanging=hanging, auto=(marker == "auto")))
            items.clear()

    for i, e in enumerate(p.entries):
        if i == 0 or (split is not None and i == split):
            flush()
            section = heads[0] if i == 0 else heads[1]
            if i == 0 and split is None and rng.random() < 0.3:
                section = None
            else:
                blocks.append(Heading(section, level=2))
        n = i + 1
        if marker in ("1.", "auto"):
            mk = f"{n}."
        elif marker == "1)":
            mk = f"{n})"
        elif marker == "a)":
            mk = f"{chr(ord('a') + i % 26)})"
        else:
            mk = marker
        if name_style == "bold":
            lead = [Run(e.name, bold=True), Run(" ")]
        elif name_style == "italic":
            lead = [Run(e.name, italic=True), Run(". ")]
        elif name_style == "colon":
            lead = [Run(e.name + ": ")]
        elif name_style == "boldcolon":
            lead = [Run(e.name + ":", bold=True), Run(" ")]
        else:
            lead = [Run(e.name + ".", bold=True), Run(" ")]
        prov = p.provider(i, with_provider)
        target = e.target if e.target.endswith(".") else e.target + "."
        conds = " ".join(c.rstrip(". ") + "." for c in e.conditions if c.rstrip(". ") not in e.target)
        doc = join_cells(e.decision, e.motive)
        parts = [target, conds]
        if doc_middle:
            parts.append(doc)
            if e.description:
                parts.append(e.description)
            if prov:
                parts.append(provider_sentence(rng, prov))
        else:
            if e.description:
                parts.append(e.description)
            if prov:
                parts.append(provider_sentence(rng, prov))
            parts.append(doc)
        text = norm(" ".join(x for x in parts if x))
        paras = [lead + [Run(text)]]
        items.append(ListItem(mk, paras))
        records.append(record(e, provider=prov, section=section, target_text=target,
                              doc_text=doc, page_hint=hint(mk, e.name, text)))
    flush()
    note = (f"List items (marker '{marker}', name {name_style}) of unlabelled prose: target-group "
            "sentence, conditions, " + ("documentation, description, provider sentence"
                                        if doc_middle else "description, provider sentence, "
                                        "documentation") +
            ". target_group.text is the target-group sentence alone; provider comes from the "
            "provider sentence (null where none is printed); section is the heading above the "
            "item; no document-wide consent rule is printed.")
    return blocks, records, "sections", note


# ---------------------------------------------------------------- f4: forms

def build_f4(p: Plan, opts: dict):
    rng = p.rng
    blocks = title_blocks(p)
    head_row = opts.get("name_head_row", rng.random() < 0.4)
    colon = opts.get("colon", rng.random() < 0.5)
    label_fill = opts.get("label_fill", rng.choice([None, None, "#dde4ee", "#eeeeee"]))
    label_bold = opts.get("label_bold", label_fill is None or rng.random() < 0.5)
    merge_doc = rng.random() < 0.3
    with_desc = rng.random() < 0.4
    labels = {k: rng.choice(v) for k, v in P.FORM_LABELS.items()}
    if merge_doc:
        labels["decision"] = rng.choice(["Dokumentation", "Beslut om dokumentation"])
    per_page = opts.get("page_per_form", False)
    section = None
    if rng.random() < 0.4:
        section = rng.choice(P.LIST_HEADINGS)
        blocks.append(Heading(section, level=2))
    records = []
    suffix = ":" if colon else ""

    def lab(key: str) -> Cell:
        return Cell([[Run(labels[key] + suffix, bold=label_bold)]], fill=label_fill)

    for i, e in enumerate(p.entries):
        prov = p.provider(i, True)
        rows = []
        if head_row:
            rows.append(Row([Cell([[Run(e.name, bold=True)]], colspan=2,
                                  fill=opts.get("head_fill", "#c9d3e0")), None], kind="body"))
        else:
            rows.append(Row([lab("name"), Cell.text(e.name)]))
        rows.append(Row([lab("provider"), Cell.text(prov)]))
        rows.append(Row([lab("target"), Cell.text(e.target)]))
        rows.append(Row([lab("conditions"), cell_lines(conditions_text(e))]))
        if with_desc and e.description:
            rows.append(Row([lab("description"), Cell.text(e.description)]))
        if merge_doc:
            rows.append(Row([lab("decision"), Cell.text(join_cells(e.decision, e.motive))]))
        else:
            rows.append(Row([lab("decision"), Cell.text(e.decision)]))
            rows.append(Row([lab("motive"), Cell.text(e.motive or DASH)]))
        blocks.append(Table([1, 2.6], body=rows, borders=opts.get("borders", "all"),
                            padding=opts.get("padding", 3), valign=opts.get("valign", "top")))
        blocks.append(PageBreak() if per_page and i < len(p.entries) - 1 else Spacer(10))
        records.append(record(e, provider=prov, section=section, target_text=e.target,
                              doc_text=join_cells(e.decision, e.motive),
                              page_hint=e.name if head_row else f"{labels['name']}{suffix} {e.name}"))
    note = ("One 2-column label|value table per intervention"
            + (" headed by a row with the name spanning both columns" if head_row else "")
            + f"; labels {'end with a colon' if colon else 'without colon'}"
            + (", bold" if label_bold else "") + (", shaded" if label_fill else ", not shaded")
            + f". target_group.text is the '{labels['target']}' value alone; documentation.text "
            + ("is the documentation value" if merge_doc else
               f"joins '{labels['decision']}' and '{labels['motive']}' ('–' is empty)")
            + "; no document-wide consent rule is printed.")
    return blocks, records, "table", note


# ---------------------------------------------------------------- f5: headings + labels

def build_f5(p: Plan, opts: dict):
    rng = p.rng
    blocks = title_blocks(p)
    numbered = opts.get("numbered", rng.random() < 0.5)
    label_style = opts.get("label_style") or rng.choice(["inline_bold", "upper_own", "smallcaps_inline",
                                                          "own_line_bold", "inline_bold"])
    missing_desc_label = rng.random() < 0.5
    labels = {k: rng.choice(v) for k, v in P.PARA_LABELS.items()}
    chapter = rng.randint(2, 4)
    parent = None
    if numbered:
        parent = f"{chapter} {rng.choice(P.LIST_HEADINGS)}"
        blocks.append(Heading(parent, level=1))
    records = []
    hcolor = rng.choice([None, "#244061", "#5b2333"])
    if opts.get("toc"):
        # A table of contents before the chapter: it lists the names again.
        toc = [Heading("Innehåll", level=2)]
        for i, e in enumerate(p.entries):
            num = f"{chapter}.{i + 1} " if numbered else ""
            toc.append(Para(runs(f"{num}{e.name} " + "." * 12 + f" {3 + i // 3}"), kind="meta"))
        toc.append(PageBreak())
        at = next(k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.text == parent) \
            if parent else len(blocks)
        blocks[at:at] = toc
    for i, e in enumerate(p.entries):
        prov = p.provider(i, rng.random() < 0.85)
        head = f"{chapter}.{i + 1} {e.name}" if numbered else e.name
        blocks.append(Heading(head, level=2 if numbered else 3, color=hcolor))

        def labelled(key: str, text: str, show_label: bool = True):
            lab = labels[key]
            if opts.get("as_bullets"):
                # Markdown-ish: "- **Målgrupp:** …" items under the heading.
                item = [Run(lab + ": ", bold=True), Run(text)] if show_label else [Run(text)]
                if blocks and isinstance(blocks[-1], ListBlock) and blocks[-1].hanging is True \
                        and getattr(blocks[-1], "_owner", None) == i:
                    blocks[-1].items.append(ListItem("•", [item]))
                else:
                    lb = ListBlock([ListItem("•", [item])], hanging=True)
                    lb._owner = i
                    blocks.append(lb)
                return
            if not show_label:
                blocks.append(Para(runs(text)))
                return
            if label_style == "inline_bold":
                blocks.append(Para([Run(lab + ": ", bold=True), Run(text)]))
            elif label_style == "smallcaps_inline":
                blocks.append(Para([Run(lab + ": ", smallcaps=True, bold=True), Run(text)]))
            elif label_style == "upper_own":
                blocks.append(Para([Run(lab.upper(), bold=rng.random() < 0.5)], kind="label"))
                blocks.append(Para(runs(text)))
            else:
                blocks.append(Para([Run(lab, bold=True)], kind="label"))
                blocks.append(Para(runs(text)))

        if e.description:
            labelled("description", e.description, show_label=not missing_desc_label)
        if prov:
            labelled("provider", prov)
        labelled("target", e.target)
        if e.conditions:
            labelled("conditions", ". ".join(c.rstrip(". ") for c in e.conditions) + ".")
        labelled("decision", e.decision)
        if e.motive:
            labelled("motive", e.motive)
        records.append(record(e, provider=prov, section=parent, target_text=e.target,
                              doc_text=join_cells(e.decision, e.motive), page_hint=head))
    if opts.get("appendix"):
        blocks.append(PageBreak())
        blocks.append(Heading("Bilaga 1. Risk- och konsekvensanalys", level=1))
        blocks.append(Para(runs("Bilagan redovisar för varje insats vilka risker nämnden har vägt in. "
                                "Den är inte en del av förteckningen.")))
        for e in p.entries:
            blocks.append(Para([Run(e.name, bold=True)], kind="label"))
            blocks.append(Para(runs(rng.choice([
                "Risk: att behov som kräver utredning inte uppmärksammas. Åtgärd: personalen "
                "informerar om möjligheten att ansöka om bistånd.",
                "Risk: bristande uppföljning på individnivå. Åtgärd: statistik förs på "
                "verksamhetsnivå och följs upp i verksamhetsberättelsen.",
                "Risk: låg. Insatsen har getts på samma sätt tidigare utan kända problem."]))))
    note = ("One heading per intervention (" + ("numbered under a numbered chapter heading, which is "
                                              "the section" if numbered else "unnumbered; section null")
            + f"), labelled paragraphs (style {label_style}"
            + (", the description unlabelled" if missing_desc_label else "")
            + f"). target_group.text is the '{labels['target']}' paragraph; documentation.text joins "
            f"'{labels['decision']}' and '{labels['motive']}' (the latter only where printed); "
            "provider is the "
            f"'{labels['provider']}' paragraph (null where none); "
            + ("labelled paragraphs are bullet items; " if opts.get("as_bullets") else "")
            + ("a table of contents lists the names first (not interventions); " if opts.get("toc") else "")
            + ("an appendix repeats every name with a risk analysis (not interventions); "
               if opts.get("appendix") else "")
            + "no document-wide consent rule is printed.")
    return blocks, records, "sections", note


# ---------------------------------------------------------------- f6: groups + Ja/Nej

def build_f6(p: Plan, opts: dict):
    rng = p.rng
    blocks = title_blocks(p)
    jn_last = opts.get("jn_last", rng.random() < 0.4)
    with_desc = opts.get("with_desc", rng.random() < 0.5)
    roles = ["name"] + (["description"] if with_desc else []) + ["target_cond", "provider"]
    roles += ["jn_comment", "jn"] if jn_last else ["jn", "jn_comment"]
    widths = {"name": 2.2, "description": 3.2, "target_cond": 3, "provider": 1.8,
              "jn": 1.1, "jn_comment": 3.6}
    head_names = {r: (P.pick(rng, r) if r not in ("target_cond",) else P.pick(rng, "target_cond"))
                  for r in roles}
    head_names["name"] = P.pick(rng, "name")
    head_names["provider"] = P.pick(rng, "provider")
    head_names["description"] = P.pick(rng, "description")
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(p.entries):
        groups.setdefault(P.area_of(e.gold), []).append(i)
    body = []
    records = []
    gfill = opts.get("group_fill", rng.choice(["#d9d9d9", "#dce6f1", "#f2dcdb"]))
    for key in [a for a in P.AREA_ORDER if a in groups]:
        gname = rng.choice(P.AREAS[key])
        body.append(Row([Cell([[Run(gname, bold=True)]], colspan=len(roles))]
                        + [None] * (len(roles) - 1), kind="group", fill=gfill))
        for i in groups[key]:
            e = p.entries[i]
            prov = p.provider(i, True)
            jn = "Ja" if e.gold["documentation"]["regime"] == "full" else "Nej"
            comment = join_cells(e.decision, e.motive)
            cells = []
            for r in roles:
                if r == "name":
                    cells.append(Cell.text(e.name))
                elif r == "description":
                    cells.append(Cell.text(e.description or DASH))
                elif r == "target_cond":
                    cells.append(Cell.text(combined_target(e)))
                elif r == "provider":
                    cells.append(Cell.text(prov))
                elif r == "jn":
                    cells.append(Cell.text(jn))
                else:
                    cells.append(Cell.text(comment))
            body.append(Row(cells))
            doc = f"{comment} {jn}" if jn_last else f"{jn}. {comment}"
            records.append(record(e, provider=prov, section=gname, target_text=combined_target(e),
                                  doc_text=doc, page_hint=e.name))
    head = [Row([Cell.text(head_names[r], bold=True) for r in roles], kind="head")]
    blocks.append(Table([widths[r] for r in roles], head=head, body=body,
                        borders=opts.get("borders", "all"), head_fill=opts.get("head_fill", "#bfbfbf"),
                        repeat_head=opts.get("repeat_head", False), valign=opts.get("valign", "top"),
                        padding=opts.get("padding", 2.5), zebra=opts.get("zebra")))
    note = ("Landscape grid with rows spanning all columns that name a group (section, not an "
            f"intervention) and a Ja/Nej column '{head_names['jn']}'"
            + (" as the last column" if jn_last else "")
            + ". documentation.text joins " + ("the comment cell and the Ja/Nej cell" if jn_last else
                                              "the Ja/Nej cell and the comment cell ('Ja. …')")
            + " in printed order; Ja goes with full documentation, Nej with a 14:4/14:5 exemption; "
            "target_group.text is the whole target/conditions cell; "
            + ("header printed on every page" if opts.get("repeat_head", False)
               else "header row only on the first page")
            + "; no document-wide consent rule is printed.")
    return blocks, records, "table", note


BUILDERS = {"f1": build_f1, "f2": build_f2, "f3": build_f3, "f4": build_f4,
            "f5": build_f5, "f6": build_f6}
