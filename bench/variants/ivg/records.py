"""Intervention records: the union of the corpus and family gold files, made
portable to another municipality.

Each gold record is split into what a plan prints about it (name, a target-group
core, the conditions, the documentation text) with the municipality's name
replaced by a placeholder, and what the annotators decided from that text
(category, ages, audiences, problem areas, regime, legal basis, reason), which
stays true as long as every one of those printed parts is printed again.
"""

from __future__ import annotations

import glob
import json
import os
import re
from dataclasses import dataclass, field

# The municipalities the source plans belong to; their names become {KOMMUN}.
_HOME = r"(?:Alingsås|Sala|Örebro|Gävle|Sundsvalls|Jönköpings|Lunds|Karlstads) kommun"
_HOME_RE = [
    (re.compile(r"\bpå Gotland\b"), "i {KOMMUN}"),
    (re.compile(r"\bi " + _HOME), "i {KOMMUN}"),
]
# Providers that name the source municipality or a neighbour (Sala buys from
# Västerås): they cannot move, so such records get a unit from the plan's pool.
_UNPORTABLE_PROVIDER = re.compile(r"Sala kommun|Västerås|Gotland")

KEY_FIELDS = ("category", "regime", "legal_basis", "reason")


def localise(text: str) -> str:
    for pat, rep in _HOME_RE:
        text = pat.sub(rep, text)
    return text


def split_sentences(text: str) -> list[str]:
    """Sentences of a target-group cell: split after . ! ? before a capital or digit."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _bare(s: str) -> str:
    s = re.sub(r"^Villkor:\s*", "", s.strip())
    return s.rstrip(" .").strip()


RESIDENCY = re.compile(r"folkbokf|bosatt", re.I)
CONSENT = re.compile(r"samtycke", re.I)
NO_CONSENT = re.compile(r"utan (?:vårdnadshavares )?samtycke", re.I)


@dataclass
class Record:
    """One portable intervention."""

    name: str
    provider: str | None  # the source's unit, when it can move; else None
    category: str
    core: list[str]  # target-group sentences that are not conditions
    conditions: list[str]  # with {KOMMUN}
    age_min: int | None
    age_max: int | None
    audiences: list[str]
    problem_areas: list[str]
    doc_text: str  # with {KOMMUN}
    regime: str
    legal_basis: str | None
    reason: str | None
    origin: str  # gold file stem it came from
    domain: str = "other"
    description: str | None = None
    extra: dict = field(default_factory=dict)

    def residency(self) -> bool | None:
        return True if any(RESIDENCY.search(c) for c in self.conditions) else None

    def row_consent(self) -> str | None:
        """What the record's own printed text says about guardian consent."""
        texts = self.core + self.conditions
        if any(CONSENT.search(t) and not NO_CONSENT.search(t) for t in texts):
            return "required"
        if any(NO_CONSENT.search(t) for t in texts):
            return "not_required_15plus"
        return None

    def tg_core_text(self) -> str:
        """The target group alone (no conditions); the first condition when the
        source printed nothing else (Gotland's '75 +år' cell)."""
        if self.core:
            return " ".join(self.core)
        non_res = [c for c in self.conditions if not RESIDENCY.search(c)]
        return (non_res or self.conditions or [""])[0]

    def core_is_condition(self) -> bool:
        return not self.core


def _domain(r: dict) -> str:
    """A coarse service area, used to choose a plausible unit and area heading."""
    n = (r["name"] + " " + (r.get("provider") or "")).lower()
    tg = r["target_group"]
    pa = set(tg["problem_areas"])
    au = set(tg["audiences"])
    if r["category"] == "home_care":
        return "home_care"
    if "mini maria" in n:
        return "mini_maria"
    if any(k in n for k in ("familjerätt", "samarbetssamtal", "adoption", "hela barn", "biff", "barnbyrån", "informationssamtal")):
        return "family_law"
    if "familjerådgivning" in n:
        return "family_counselling"
    if "sexual_exploitation" in pa:
        return "sex"
    if "violence" in pa or "vir" in n:
        return "violence"
    if "economy" in pa:
        return "economy"
    if "housing" in pa:
        return "housing"
    if "employment" in pa and "youth" in au:
        return "employment"
    if "crime" in pa and "medling" in n:
        return "crime"
    if "substance" in pa or "beroende" in n:
        return "relatives_substance" if "relatives" in au else "substance"
    if "elderly" in au:
        return "elderly"
    if "relatives" in au:
        return "relatives"
    if "mental_health" in pa and "adults" in au and "parents" not in au:
        return "psychiatry"
    if au & {"parents", "children", "families", "youth"}:
        return "family"
    return "adults"


def load(corpus: str) -> list[Record]:
    """The union of the gold records, deduplicated by name, target group and
    documentation text once the municipality is a placeholder."""
    files = sorted(glob.glob(os.path.join(corpus, "gold", "*.json")))
    files += sorted(glob.glob(os.path.join(corpus, "families", "gold", "f[1-6]-*.json")))
    if not files:
        raise SystemExit(f"{corpus}: no gold files under gold/ or families/gold/")
    seen: set[tuple] = set()
    out: list[Record] = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        stem = os.path.splitext(os.path.basename(path))[0]
        for r in doc["interventions"]:
            conditions = [localise(c) for c in r["conditions"]]
            tg_text = localise(r["target_group"]["text"])
            bare_conds = {_bare(c) for c in conditions}
            core = [s for s in split_sentences(tg_text) if _bare(s) not in bare_conds]
            core = [s if s.endswith((".", "!", "?")) else s + "." for s in core]
            doc_text = localise(r["documentation"]["text"])
            # Karlstad's Ja/Nej cell is printed apart from the comment: drop it.
            doc_text = re.sub(r"^(Ja|Nej)\.\s+", "", doc_text)
            key = (r["name"], " ".join(core), tuple(conditions), doc_text)
            if key in seen:
                continue
            seen.add(key)
            prov = r.get("provider")
            if prov and _UNPORTABLE_PROVIDER.search(prov):
                prov = None
            tg = r["target_group"]
            rec = Record(
                name=r["name"],
                provider=prov,
                category=r["category"],
                core=core,
                conditions=conditions,
                age_min=tg["age_min"],
                age_max=tg["age_max"],
                audiences=sorted(tg["audiences"]),
                problem_areas=sorted(tg["problem_areas"]),
                doc_text=doc_text,
                regime=r["documentation"]["regime"],
                legal_basis=r["documentation"]["legal_basis"],
                reason=r["documentation"]["reason"],
                origin=stem,
                domain=_domain(r),
            )
            # The annotators' residency must follow from the printed conditions.
            if rec.residency() != (r["residency_required"] or None):
                rec.extra["residency_note"] = "source residency came from a document-wide rule"
            out.append(rec)
    return out
