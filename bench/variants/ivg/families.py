"""The six layout families (and printed web pages): each builds a document
(ivg.model) and, from the very strings it prints, the gold records.

The rule that keeps the gold honest: every string a gold field holds is the
string the plan prints, and every part of a source record that decided its
annotation (target group, conditions, documentation text) is printed again."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from . import descriptions, phrases as P
from .model import (Cell, Doc, Heading, Item, Para, Row, Run, Table, WebChrome, plain)
from .muni import Municipality
from .records import RESIDENCY, Record

FAMILIES = ["f1", "f2", "f3", "f4", "f5", "f6"]

NOTES = {
    "f1": "Ruled grid with varied headers. target_group.text is the whole target-group cell "
          "(target group and conditions) unless the plan has a conditions column, then the "
          "target-group cell alone; documentation.text joins the documentation cell(s) in order "
          "(decision, motive; '–' is an empty cell); a Lagrum column gives legal_basis and is not "
          "part of documentation.text; section is the heading above the table.",
    "f2": "One small table per area heading; section is the area heading; provider is null "
          "unless the plan has a provider column; target_group.text is the whole target-group "
          "cell (or the cell alone when conditions have their own column).",
    "f3": "List items without labels: name first, then the target-group sentence, the conditions "
          "as their own sentences, a description, a sentence naming the unit where there is one, "
          "and the documentation decision last. target_group.text is the target-group sentence "
          "alone; section is the heading above the items.",
    "f4": "One label|value form (or block of 'Label: value' lines) per intervention. "
          "target_group.text is the target-group value alone (conditions have their own label); "
          "documentation.text joins the documentation and motive values ('–' is empty); section "
          "is the area heading where the plan has them, else null.",
    "f5": "Unnumbered bold heading per intervention, then labelled paragraphs (inline "
          "'Label: text' or the label on its own line). target_group.text is the target-group "
          "paragraph (with the conditions when they have no label of their own); "
          "documentation.text joins the documentation and motive paragraphs; section is the "
          "group heading where there is one, else null.",
    "f6": "Grid with rows spanning all columns that name a group (section, not interventions) and "
          "a Ja/Nej documentation column; documentation.text joins the Ja/Nej cell and the comment "
          "cell ('Ja. …'); Ja goes with full documentation, Nej with an exemption; target_group.text "
          "is the whole target-group cell.",
}
LAYOUT = {"f1": "table", "f2": "table", "f3": "sections", "f4": "table", "f5": "sections",
          "f6": "table"}
LAGRUM = {"full": "14:3", "advice_exempt": "14:4", "identity_exempt": "14:5"}
LAGRUM_TEXT = {
    "14:3": ["14 kap. 3 § SoL", "SoL 14 kap. 3 §", "14 kap. 3 § socialtjänstlagen"],
    "14:4": ["14 kap. 4 § SoL", "SoL 14 kap. 4 §", "14 kap. 4 § socialtjänstlagen"],
    "14:5": ["14 kap. 5 § SoL", "SoL 14 kap. 5 §", "14 kap. 5 § socialtjänstlagen"],
}
EMPTY_CELLS = ["–", "-", ""]


def iso(d: dt.date) -> str:
    return d.isoformat()


def long_date(d: dt.date) -> str:
    return f"{d.day} {P.MONTHS[d.month - 1]} {d.year}"


def sentence(s: str) -> str:
    s = s.strip()
    return s if s.endswith((".", "!", "?")) else s + "."


def split_decision(text: str) -> tuple[str, str]:
    """A documentation text's decision (first sentence) and motive (the rest).
    '14 kap. 4 §' is not a sentence end: a sentence ends before a capital."""
    m = re.search(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text)
    if not m:
        return text.strip(), ""
    return text[: m.start()].strip(), text[m.end():].strip()


def join_cells(parts: list[str]) -> str:
    """How the gold joins a documentation decision printed in two cells."""
    parts = [p.strip() for p in parts if p.strip() and p.strip() not in ("–", "-")]
    out = []
    for i, p in enumerate(parts):
        out.append(sentence(p) if i < len(parts) - 1 else p)
    return " ".join(out)


@dataclass
class Plan:
    stem: str
    family: str
    producer: str
    muni: Municipality
    rng: random.Random
    records: list
    body: str = ""
    abbr: str = ""
    office: str = ""
    decided: dt.date = dt.date(2025, 6, 1)
    para_no: int = 1
    reference: str = ""
    valid_from: dt.date = dt.date(2025, 7, 1)
    title: str = ""
    consent_rule: bool = False
    web: bool = False
    units: dict = field(default_factory=dict)
    gold_records: list = field(default_factory=list)
    lagrum_rows: set = field(default_factory=set)  # names whose row prints a Lagrum cell
    layout: str = "table"

    # ---- what every plan prints about itself ---------------------------------
    def setup(self) -> None:
        r = self.rng
        self.body, abbrs = r.choice(P.BODIES)
        self.abbr = r.choice(abbrs)
        self.office = r.choice(P.OFFICES)
        self.decided = dt.date(2025, r.choice([5, 6, 6, 6]), r.randint(2, 27))
        self.para_no = r.randint(30, 160)
        num = r.randint(40, 1900)
        fmt = r.choice(["{a} {y}/{n}", "{a} {y}/{n:04d}", "{a}-{y}-{n:05d}", "{a} {y}:{n}",
                        "{a} {y}.{n:03d}"])
        self.reference = fmt.format(a=self.abbr, y=2025, n=num)
        self.valid_from = dt.date(2025, 7, 1) if r.random() < 0.85 else dt.date(2025, 8, 1)
        self.title = r.choice(P.TITLES)
        self.consent_rule = r.random() < 0.3

    def unit(self, rec: Record) -> str:
        """One unit per service area in a plan; a record's own unit half the time."""
        if rec.provider and self.rng.random() < 0.4:
            return rec.provider
        if rec.domain not in self.units:
            self.units[rec.domain] = self.rng.choice(P.UNITS.get(rec.domain, P.UNITS["adults"]))
        return self.units[rec.domain]

    def local(self, s: str) -> str:
        return s.replace("{KOMMUN}", self.muni.issuer)

    def conditions(self, rec: Record) -> list[str]:
        return [self.local(c) for c in rec.conditions]

    def doc_text(self, rec: Record) -> str:
        return self.local(rec.doc_text)

    def whole_target(self, rec: Record, villkor_prefix: bool = False) -> str:
        """A target-group cell that also holds the conditions (Örebro's 'Vilka kan ta del?')."""
        core = [self.local(s) for s in rec.core]
        bare = {s.rstrip(".") for s in core}
        rest = [c for c in self.conditions(rec) if c.rstrip(".") not in bare]
        parts = list(core)
        for i, c in enumerate(rest):
            text = sentence(c)
            if villkor_prefix and i == 0 and not RESIDENCY.search(c) and core:
                text = "Villkor: " + text
            parts.append(text)
        return " ".join(parts)

    def core_target(self, rec: Record, with_period: bool = False) -> str:
        t = self.local(rec.tg_core_text())
        return sentence(t) if with_period else t

    def other_conditions(self, rec: Record, target_printed: str) -> list[str]:
        """The conditions still to print when the target text is printed apart."""
        shown = target_printed.rstrip(".")
        return [c for c in self.conditions(rec) if c.rstrip(".") != shown]

    def consent(self, rec: Record) -> str | None:
        own = rec.row_consent()
        if own:
            return own
        if self.consent_rule and "children" in rec.audiences:
            return "not_required_15plus"
        return None

    def gold(self, rec: Record, *, name: str, provider: str | None, section: str | None,
             target: str, doc_text: str, legal_basis: str | None = None,
             page_hint: str = "") -> dict:
        g = {
            "name": name,
            "provider": provider,
            "section": section,
            "category": rec.category,
            "target_group": {
                "text": " ".join(target.split()),
                "age_min": rec.age_min,
                "age_max": rec.age_max,
                "audiences": list(rec.audiences),
                "problem_areas": list(rec.problem_areas),
            },
            "conditions": self.conditions(rec),
            "residency_required": rec.residency(),
            "guardian_consent": self.consent(rec),
            "needs_assessed": None,
            "documentation": {
                "regime": rec.regime,
                "legal_basis": legal_basis if legal_basis else rec.legal_basis,
                "reason": rec.reason,
                "text": " ".join(doc_text.split()),
            },
            "page_hint": " ".join((page_hint or name).split())[:60],
        }
        self.gold_records.append(g)
        return g

    def gold_document(self, source: str) -> dict:
        return {
            "document": {
                "source": source,
                "issuer": self.muni.issuer,
                "municipality_codes": [self.muni.code],
                "body": self.body,
                "decided": iso(self.decided),
                "valid_from": iso(self.valid_from),
                "reference": self.reference,
                "layout": self.layout,
                "note": NOTES[self.family] + (
                    " A document-wide rule on guardian consent is printed: rows aimed at children "
                    "that state nothing of their own are not_required_15plus."
                    if self.consent_rule else " No document-wide consent rule is printed."),
            },
            "interventions": self.gold_records,
        }

    # ---- the front matter -----------------------------------------------------
    def front(self, doc: Doc, numbered_intro: bool) -> list:
        r = self.rng
        blocks: list = []
        d_iso, d_long = iso(self.decided), long_date(self.decided)
        v_iso, v_long = iso(self.valid_from), long_date(self.valid_from)
        meta = [
            r.choice([f"Beslutad av {self.body.lower()} {d_iso}, § {self.para_no}",
                      f"Fastställd av {self.body.lower()} den {d_long}, § {self.para_no}",
                      f"Sammanträdesdatum: {d_iso}",
                      f"Beslutsdatum {d_iso}, § {self.para_no}",
                      f"Protokollsutdrag {d_iso} § {self.para_no}"]),
            r.choice([f"Dnr {self.reference}", f"Diarienummer: {self.reference}",
                      f"Ärende {self.reference}", f"Dnr: {self.reference}",
                      f"Vårt diarienummer {self.reference}"]),
            r.choice([f"Gäller från {v_iso}", f"Beslutet börjar gälla {v_iso}",
                      f"Giltighet: från och med {v_iso}", f"Gäller fr.o.m. {v_long}",
                      f"Träder i kraft den {v_long}"]),
        ]
        r.shuffle(meta)
        blocks.append(Para(plain(self.body, bold=True), style="meta"))
        blocks.append(Heading(self.title, 1))
        for m in meta:
            blocks.append(Para(plain(m), style="meta", space_before=False))
        intro = r.sample(P.INTRO, r.randint(1, 3))
        if self.consent_rule:
            intro.insert(r.randint(0, len(intro)), P.CONSENT_RULE)
        heading = r.choice(["Bakgrund", "Inledning", "Om beslutet", None])
        if heading:
            blocks.append(Heading(("1. " if numbered_intro else "") + heading, 2))
        for t in intro:
            blocks.append(Para(plain(t)))
        doc.header_left = r.choice([f"{self.muni.issuer} · {self.office}",
                                    self.muni.issuer.upper(), f"{self.muni.issuer} – {self.body}",
                                    self.office, ""])
        doc.header_right = r.choice([self.reference, f"Dnr {self.reference}", "", iso(self.decided)])
        doc.footer_right = r.choice(["Sida {page} av {pages}", "{page} ({pages})", "{page}/{pages}",
                                     "Sida {page}", "{page}"])
        doc.footer_left = r.choice(["", self.muni.issuer, f"{self.body} {iso(self.decided)}"])
        return blocks

    def section_heading(self, text: str, numbered: int | None) -> str:
        return f"{numbered}. {text}" if numbered else text


def choose_records(pool: list[Record], rng: random.Random, n: int, *, exclude_regimes=()) -> list:
    """n records with distinct names (a plan lists each intervention once)."""
    cand = [r for r in pool if r.regime not in exclude_regimes]
    rng.shuffle(cand)
    out, names = [], set()
    for r in cand:
        if r.name in names:
            continue
        names.add(r.name)
        out.append(r)
        if len(out) == n:
            break
    return out


def group_by_area(recs: list[Record], rng: random.Random) -> list[tuple[str, list]]:
    buckets: dict[str, list] = {}
    for r in recs:
        buckets.setdefault(P.DOMAIN_AREA.get(r.domain, "adults"), []).append(r)
    order = [a for a in P.AREA_ORDER if a in buckets]
    if rng.random() < 0.3:
        rng.shuffle(order)
    return [(a, buckets[a]) for a in order]


def cell(text: str, bold: bool = False) -> Cell:
    return Cell([plain(text, bold=bold)])


def cell_lines(lines: list[str]) -> Cell:
    return Cell([plain(t) for t in lines] or [plain("")])


# ---- f1: one grid, unfamiliar headers ----------------------------------------------
def build_f1(plan: Plan, doc: Doc) -> None:
    r = plan.rng
    has_provider = r.random() < 0.75
    has_desc = r.random() < 0.35
    cond_col = r.random() < 0.3
    split_doc = r.random() < 0.45
    lagrum = r.random() < 0.2
    slots = ["name"] + (["provider"] if has_provider else []) + (["desc"] if has_desc else [])
    slots += ["target"] + (["cond"] if cond_col else []) + ["doc"] + (["motive"] if split_doc else [])
    slots += ["lagrum"] if lagrum else []
    for drop in ("desc", "lagrum", "cond"):
        if len(slots) > 6 and drop in slots:
            slots.remove(drop)
    if has_provider and r.random() < 0.25:  # Gotland's order: the unit first
        slots.remove("provider")
        slots.insert(0, "provider")
    headers = {
        "name": r.choice(P.NAME_HEADERS), "provider": r.choice(P.PROVIDER_HEADERS),
        "desc": r.choice(P.DESCRIPTION_HEADERS),
        "target": r.choice(P.TARGET_ONLY_HEADERS if "cond" in slots else P.TARGET_HEADERS),
        "cond": r.choice(P.CONDITION_HEADERS),
        "doc": r.choice(P.DECISION_HEADERS if "motive" in slots else P.DOC_HEADERS),
        "motive": r.choice(P.MOTIVE_HEADERS), "lagrum": r.choice(P.LAGRUM_HEADERS),
    }
    width = {"name": 1.1, "provider": 1.0, "desc": 1.8, "target": 1.6, "cond": 1.2, "doc": 1.8,
             "motive": 1.8, "lagrum": 0.8}
    empty = r.choice(EMPTY_CELLS)
    numbered = r.random() < 0.4
    doc.blocks += plan.front(doc, numbered)
    section = plan.section_heading(r.choice([
        "Insatser som ges utan individuell behovsprövning",
        f"Insatser som ges utan individuell behovsprövning från och med {iso(plan.valid_from)}",
        "Förteckning över insatser", "Beslutade insatser", "Insatser och dokumentation",
        "Insatser utan behovsprövning"]), 2 if numbered else None)
    doc.blocks.append(Heading(section, 2))
    rows = [Row([cell(headers[s], bold=True) for s in slots], kind="header")]
    villkor = r.random() < 0.3
    for rec in plan.records:
        provider = plan.unit(rec) if "provider" in slots else None
        if "cond" in slots:
            target = plan.core_target(rec)
            conds = plan.other_conditions(rec, target)
        else:
            target = plan.whole_target(rec, villkor_prefix=villkor)
            conds = []
        dtext = plan.doc_text(rec)
        decision, motive = split_decision(dtext) if "motive" in slots else (dtext, "")
        lb = None
        lag = ""
        if "lagrum" in slots:
            lb = rec.legal_basis or LAGRUM.get(rec.regime)
            lag = r.choice(LAGRUM_TEXT[lb]) if lb else empty
            if lb:
                plan.lagrum_rows.add(rec.name)
        values = {
            "name": [rec.name], "provider": [provider or ""], "desc": [descriptions.describe(rec.name) or ""],
            "target": [target], "cond": conds or [empty], "doc": [decision], "motive": [motive or empty],
            "lagrum": [lag],
        }
        rows.append(Row([cell_lines(values[s]) for s in slots]))
        plan.gold(rec, name=rec.name, provider=provider, section=section, target=target,
                  doc_text=join_cells([decision, motive]), legal_basis=lb,
                  page_hint=" ".join(values[slots[0]]))
    rules = r.choice(["grid", "grid", "hrules", "none"])
    doc.landscape = len(slots) >= 6 or (len(slots) == 5 and r.random() < 0.6)
    doc.blocks.append(Table(rows, [width[s] for s in slots], repeat_header=r.random() < 0.6,
                            rules=rules, header_shade=r.choice(["#d9d9d9", "#dbe5f1", None]),
                            small=len(slots) >= 5))
    closing(plan, doc)


def closing(plan: Plan, doc: Doc) -> None:
    r = plan.rng
    if r.random() < 0.5:
        doc.blocks.append(Heading(r.choice(["Uppföljning", "Uppföljning och revidering"]), 2))
        doc.blocks.append(Para(plain(
            "Insatserna följs upp årligen. Förvaltningen redovisar antal deltagare och "
            "erfarenheter till nämnden i samband med verksamhetsberättelsen.")))


# ---- f2: one table per area ----------------------------------------------------------
def build_f2(plan: Plan, doc: Doc) -> None:
    r = plan.rng
    has_provider = r.random() < 0.4
    cond_col = r.random() < 0.25
    has_desc = r.random() < 0.2
    hdr = {"name": r.choice(P.NAME_HEADERS), "provider": r.choice(P.PROVIDER_HEADERS),
           "target": r.choice(P.TARGET_ONLY_HEADERS if cond_col else P.TARGET_HEADERS),
           "cond": r.choice(P.CONDITION_HEADERS), "doc": r.choice(P.DOC_HEADERS),
           "desc": r.choice(P.DESCRIPTION_HEADERS)}
    slots = ["name"] + (["desc"] if has_desc else []) + ["target"] + (["cond"] if cond_col else [])
    slots += (["provider"] if has_provider else []) + ["doc"]
    width = {"name": 1.1, "provider": 1.0, "target": 1.6, "cond": 1.2, "doc": 2.0, "desc": 1.6}
    numbered = r.random() < 0.35
    doc.landscape = len(slots) >= 5
    doc.blocks += plan.front(doc, False)
    rules = r.choice(["separate", "separate", "grid", "hrules"])
    empty = r.choice(EMPTY_CELLS)
    for i, (area, recs) in enumerate(group_by_area(plan.records, r), start=1):
        section = plan.section_heading(r.choice(P.AREAS[area]), i if numbered else None)
        doc.blocks.append(Heading(section, 2))
        rows = [Row([cell(hdr[s], bold=True) for s in slots], kind="header")]
        for rec in recs:
            provider = plan.unit(rec) if has_provider else None
            if cond_col:
                target = plan.core_target(rec)
                conds = plan.other_conditions(rec, target)
            else:
                target, conds = plan.whole_target(rec), []
            dtext = plan.doc_text(rec)
            values = {"name": [rec.name], "provider": [provider or ""], "target": [target],
                      "cond": conds or [empty], "doc": [dtext],
                      "desc": [descriptions.describe(rec.name) or ""]}
            rows.append(Row([cell_lines(values[s]) for s in slots]))
            plan.gold(rec, name=rec.name, provider=provider, section=section, target=target,
                      doc_text=dtext)
        doc.blocks.append(Table(rows, [width[s] for s in slots], repeat_header=True, rules=rules,
                                header_shade=r.choice(["#eeeeee", None, "#dde8d8"]),
                                keep_rows=r.random() < 0.5))
    closing(plan, doc)


# ---- f3: numbered or bulleted items, no labels --------------------------------------
MARKERS = ["1)", "1.", "a)", "•", "–"]


def marker(style: str, n: int) -> str:
    if style == "1)":
        return f"{n})"
    if style == "1.":
        return f"{n}."
    if style == "a)":
        return f"{'abcdefghijklmnopqrstuvwxyz'[(n - 1) % 26]})"
    return style


def build_f3(plan: Plan, doc: Doc) -> None:
    r = plan.rng
    style = r.choice(MARKERS)
    continue_numbers = r.random() < 0.7
    bold_name = r.random() < 0.7
    name_own_line = r.random() < 0.25
    has_provider = r.random() < 0.85
    has_desc = r.random() < 0.7
    unit_sentence = r.choice(P.UNIT_SENTENCES)
    doc.blocks += plan.front(doc, False)
    n = 0
    for area, recs in group_by_area(plan.records, r):
        section = r.choice(P.AREAS[area])
        doc.blocks.append(Heading(section, 2))
        if not continue_numbers:
            n = 0
        for rec in recs:
            n += 1
            mk = marker(style, n)
            target = plan.core_target(rec, with_period=True)
            conds = [sentence(c) for c in plan.other_conditions(rec, target)]
            provider = plan.unit(rec) if has_provider and r.random() < 0.9 else None
            prose = [target] + conds
            if has_desc and descriptions.describe(rec.name):
                prose.append(descriptions.describe(rec.name))
            if provider:
                prose.append(unit_sentence.format(p=provider))
            dtext = plan.doc_text(rec)
            prose.append(dtext)
            text = " ".join(prose)
            if name_own_line:
                paras = [plain(rec.name, bold=bold_name), plain(text)]
                hint = f"{mk} {rec.name} {text}"
            else:
                paras = [[Run(rec.name + ".", bold=bold_name), Run(" " + text)]]
                hint = f"{mk} {rec.name}. {text}"
            doc.blocks.append(Item(mk, paras))
            plan.gold(rec, name=rec.name, provider=provider, section=section, target=target,
                      doc_text=dtext, page_hint=hint)
    closing(plan, doc)


# ---- f4: a label|value form per intervention ------------------------------------------
def build_f4(plan: Plan, doc: Doc, lines_variant: bool | None = None) -> None:
    r = plan.rng
    lines = r.random() < 0.4 if lines_variant is None else lines_variant
    plan.layout = "sections" if lines else "table"
    lab = {"name": r.choice(P.FORM_NAME), "provider": r.choice(P.FORM_PROVIDER),
           "target": r.choice(P.FORM_TARGET), "cond": r.choice(P.FORM_CONDITIONS),
           "desc": r.choice(P.FORM_DESCRIPTION), "doc": r.choice(P.FORM_DOC),
           "motive": r.choice(P.FORM_MOTIVE)}
    has_provider = r.random() < 0.8
    has_desc = r.random() < 0.3
    split_doc = r.random() < 0.6
    empty = r.choice(["–", "-"])
    order = ["name"] + (["provider"] if has_provider else []) + ["target", "cond"]
    order += (["desc"] if has_desc else []) + ["doc"] + (["motive"] if split_doc else [])
    if has_provider and r.random() < 0.3:
        order.remove("provider")
        order.insert(order.index("doc"), "provider")
    headed = r.random() < 0.5
    doc.blocks += plan.front(doc, False)
    groups = group_by_area(plan.records, r) if headed else [(None, plan.records)]
    shade = r.choice(["#e7e6e6", "#dbe5f1", None])
    for area, recs in groups:
        section = r.choice(P.AREAS[area]) if area else None
        if section:
            doc.blocks.append(Heading(section, 2))
        for rec in recs:
            provider = plan.unit(rec) if has_provider else None
            target = plan.core_target(rec)
            conds = plan.other_conditions(rec, target)
            dtext = plan.doc_text(rec)
            decision, motive = split_decision(dtext) if split_doc else (dtext, "")
            vals = {"name": [rec.name], "provider": [provider or ""], "target": [target],
                    "cond": conds or [empty], "desc": [descriptions.describe(rec.name) or empty],
                    "doc": [decision], "motive": [motive or empty]}
            if lines:
                for k in order:
                    v = vals[k]
                    text = " ".join(sentence(c) for c in v) if k == "cond" and conds else " ".join(v)
                    doc.blocks.append(Para([Run(lab[k] + ":", bold=True), Run(" " + text)],
                                           space_before=(k == order[0])))
            else:
                rows = [Row([cell(lab[k], bold=True), cell_lines(vals[k])]) for k in order]
                doc.blocks.append(Table(rows, [1.0, 2.6], repeat_header=False,
                                        rules=r.choice(["grid", "grid", "hrules"]),
                                        header_shade=None, label_shade=shade))
            plan.gold(rec, name=rec.name, provider=provider, section=section, target=target,
                      doc_text=join_cells([decision, motive]),
                      page_hint=f"{lab['name']} {rec.name}")
    closing(plan, doc)


# ---- f5: headings and labelled paragraphs -----------------------------------------------
def build_f5(plan: Plan, doc: Doc) -> None:
    r = plan.rng
    lab = {"provider": r.choice(P.PARA_PROVIDER), "target": r.choice(P.PARA_TARGET),
           "cond": r.choice(P.PARA_CONDITIONS), "desc": r.choice(P.PARA_DESCRIPTION),
           "doc": r.choice(P.PARA_DOC), "motive": r.choice(P.PARA_MOTIVE)}
    inline = r.random() < 0.6
    cond_label = r.random() < 0.4
    has_desc = r.random() < 0.75
    provider_rate = r.choice([1.0, 0.85, 0.0])
    grouped = r.random() < 0.4
    doc.blocks += plan.front(doc, False)
    groups = group_by_area(plan.records, r) if grouped else [(None, plan.records)]
    for area, recs in groups:
        section = r.choice(P.AREAS[area]) if area else None
        if section:
            doc.blocks.append(Heading(section, 2, size_step=1))
        for rec in recs:
            provider = plan.unit(rec) if r.random() < provider_rate else None
            if cond_label:
                target = plan.core_target(rec, with_period=True)
                conds = [sentence(c) for c in plan.other_conditions(rec, target)]
            else:
                target, conds = plan.whole_target(rec), []
            dtext = plan.doc_text(rec)
            exempt = rec.regime != "full"
            decision, motive = split_decision(dtext) if exempt else (dtext, "")
            parts = []
            if provider:
                parts.append(("provider", provider))
            parts.append(("target", target))
            if conds:
                parts.append(("cond", " ".join(conds)))
            if has_desc and descriptions.describe(rec.name):
                parts.append(("desc", descriptions.describe(rec.name)))
            parts.append(("doc", decision))
            if motive:
                parts.append(("motive", motive))
            doc.blocks.append(Heading(rec.name, 3))
            for k, v in parts:
                if inline:
                    doc.blocks.append(Para([Run(lab[k] + ":", bold=True), Run(" " + v)],
                                           space_before=False))
                else:
                    doc.blocks.append(Para(plain(lab[k], bold=True), space_before=True))
                    doc.blocks.append(Para(plain(v), space_before=False))
            plan.gold(rec, name=rec.name, provider=provider, section=section, target=target,
                      doc_text=join_cells([decision, motive]))
    closing(plan, doc)


# ---- f6: grid with group rows and a Ja/Nej column ---------------------------------------
def build_f6(plan: Plan, doc: Doc) -> None:
    r = plan.rng
    has_desc = r.random() < 0.6
    slots = ["name"] + (["desc"] if has_desc else []) + ["target", "provider", "janej", "comment"]
    hdr = {"name": r.choice(["Öppen insats", "Insats", "Insatsens namn", "Namn på insatsen"]),
           "desc": r.choice(P.DESCRIPTION_HEADERS), "target": r.choice(P.TARGET_HEADERS),
           "provider": r.choice(P.PROVIDER_HEADERS), "janej": r.choice(P.JANEJ_HEADERS),
           "comment": r.choice(P.COMMENT_HEADERS)}
    width = {"name": 1.2, "desc": 2.0, "target": 1.7, "provider": 1.1, "janej": 0.8, "comment": 2.2}
    yes, no = r.choice([("Ja", "Nej"), ("JA", "NEJ"), ("Ja", "Nej")])
    doc.blocks += plan.front(doc, False)
    rows = [Row([cell(hdr[s], bold=True) for s in slots], kind="header")]
    for area, recs in group_by_area(plan.records, r):
        section = r.choice(P.AREAS[area])
        rows.append(Row([cell(section, bold=True)], kind="group"))
        for rec in recs:
            provider = plan.unit(rec)
            target = plan.whole_target(rec, villkor_prefix=r.random() < 0.3)
            dtext = plan.doc_text(rec)
            jn = yes if rec.regime == "full" else no
            values = {"name": [rec.name], "desc": [descriptions.describe(rec.name) or ""],
                      "target": [target], "provider": [provider], "janej": [jn], "comment": [dtext]}
            rows.append(Row([cell_lines(values[s]) for s in slots]))
            plan.gold(rec, name=rec.name, provider=provider, section=section, target=target,
                      doc_text=join_cells([jn, dtext]))
    doc.landscape = has_desc or r.random() < 0.7
    doc.blocks.append(Table(rows, [width[s] for s in slots], repeat_header=r.random() < 0.5,
                            rules=r.choice(["grid", "grid", "hrules"]),
                            header_shade=r.choice(["#d9d9d9", "#c6d9f1"]),
                            group_shade=r.choice(["#e8eef4", "#f2f2f2", "#fde9d9"]), small=True))
    closing(plan, doc)


BUILDERS = {"f1": build_f1, "f2": build_f2, "f3": build_f3, "f4": build_f4, "f5": build_f5,
            "f6": build_f6}


def web_chrome(plan: Plan) -> WebChrome:
    r = plan.rng
    host = re.sub(r"[^a-z]", "", plan.muni.name.lower().replace("å", "a").replace("ä", "a").replace("ö", "o"))
    slug = r.choice(["insatser-utan-behovsprovning", "stod-utan-bistandsbeslut",
                     "oppna-insatser", "insatser-utan-individuell-behovsprovning"])
    area = r.choice(["omsorg-och-stod", "stod-och-omsorg", "socialtjanst", "familj-och-stod"])
    return WebChrome(
        site=plan.muni.issuer,
        nav=r.sample(["Förskola och skola", "Omsorg och stöd", "Bygga och bo", "Kultur och fritid",
                      "Kommun och politik", "Näringsliv och arbete", "Trafik och infrastruktur"], 5),
        crumbs=["Startsida", r.choice(["Omsorg och stöd", "Stöd och omsorg", "Socialtjänst"]),
                r.choice(["Stöd till enskilda", "Råd och stöd", "Om socialtjänsten"])],
        updated=iso(plan.valid_from - dt.timedelta(days=r.randint(1, 20))),
        url=f"https://www.{host}.se/{area}/{slug}.html",
        footer=[f"{plan.muni.issuer}, {plan.muni.name} · Kontaktcenter 0{r.randint(10, 99)}-"
                f"{r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}",
                "Tillgänglighetsredogörelse · Om webbplatsen · Kakor"],
    )


def build(plan: Plan, pool: list[Record]) -> Doc:
    """Chooses the plan's records, prints it in its family and fills plan.gold_records."""
    r = plan.rng
    plan.setup()
    excl = ("conditional", "unspecified") if plan.family == "f6" else ()
    plan.records = choose_records(pool, r, r.randint(8, 20), exclude_regimes=excl)
    plan.layout = LAYOUT[plan.family]
    doc = Doc(title=f"{plan.title} – {plan.muni.issuer}",
              font=r.choice(["DejaVu Sans", "Liberation Sans", "Liberation Serif", "Noto Sans",
                             "Noto Serif", "DejaVu Serif"]),
              size=r.choice([9.0, 9.5, 10.0, 10.5, 11.0]))
    BUILDERS[plan.family](plan, doc)
    if plan.web:
        doc.web = web_chrome(plan)
        doc.title = f"{plan.title} - {plan.muni.issuer}"
    return doc
