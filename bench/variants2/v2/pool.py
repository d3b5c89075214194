"""The record pool: every gold intervention of the corpus and the families,
moved to another municipality on demand.

A pool entry keeps the parts a layout prints separately (pure target group,
conditions, documentation decision and motive, an optional description) so
that each family can print them in its own cells and write the gold for what
it printed.
"""

from __future__ import annotations

import copy
import csv
import glob
import json
import os
import re
import subprocess
from dataclasses import dataclass, field

CORPUS = os.environ.get("IUB_CORPUS", "/work/shared/corpus")

# Municipalities the corpus and the families already use: a held-out plan
# must come from somewhere else.
USED_MUNICIPALITIES = {
    "Gotland", "Alingsås", "Sala", "Örebro", "Gävle", "Sundsvall",
    "Jönköping", "Lund", "Karlstad", "Ragunda", "Bräcke", "Krokom",
    "Strömsund", "Åre", "Berg", "Härjedalen", "Östersund",
}

# Genitive forms that the plain rule gets wrong.
GENITIVE_EXCEPTIONS = {"Falun": "Falu", "Upplands Väsby": "Upplands Väsby"}

# Municipalities that call themselves "stad" on their documents.
STAD = {"Stockholm", "Göteborg", "Malmö", "Helsingborg", "Västerås", "Borås",
        "Solna", "Sundbyberg", "Lidingö", "Vaxholm", "Mölndal", "Trollhättan",
        "Landskrona"}


def genitive(name: str) -> str:
    if name in GENITIVE_EXCEPTIONS:
        return GENITIVE_EXCEPTIONS[name]
    if name[-1] in "sxzaeiouyåäöSXZ":
        return name
    return name + "s"


@dataclass
class Municipality:
    code: str
    name: str

    @property
    def gen(self) -> str:
        return genitive(self.name)

    @property
    def is_stad(self) -> bool:
        return self.name in STAD

    @property
    def issuer(self) -> str:
        if self.is_stad:
            return f"{self.gen} stad"
        return f"{self.gen} kommun"


def municipalities(repo_root: str) -> list[Municipality]:
    path = os.path.join(repo_root, "data", "municipalities.csv")
    out = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "kommun" or row["name"] in USED_MUNICIPALITIES:
                continue
            out.append(Municipality(row["code"], row["name"]))
    return out


# Places the source plans name inside record text, with what to put instead.
SOURCE_PLACES = [
    # (pattern, replacement template); {kommun} is "Xs kommun" or "X".
    (r"\bpå Gotland\b", "i {kommun}"),
    (r"\bAlingsås kommun\b", "{kommun}"),
    (r"\bSala kommun\b", "{kommun}"),
    (r"\bÖrebro kommun\b", "{kommun}"),
    (r"\bGävle kommun\b", "{kommun}"),
    (r"\bSundsvalls kommun\b", "{kommun}"),
    (r"\bJönköpings kommun\b", "{kommun}"),
    (r"\bLunds kommun\b", "{kommun}"),
    (r"\bKarlstads kommun\b", "{kommun}"),
]

MUNICIPALITY_WORDS = re.compile(
    r"Gotland|Alingsås|Sala kommun|Örebro|Gävle|Sundsvall|Jönköping|Lunds kommun|Karlstad"
)


@dataclass
class Entry:
    """One intervention as a source annotated it, split into printable parts."""

    origin: str
    gold: dict  # the source gold record (page_hint/note dropped)
    target: str  # target-group text without the condition sentences
    conditions: list[str]
    decision: str  # first sentence of the documentation text
    motive: str  # the rest ('' when none)
    description: str = ""
    tags: set = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.gold["name"]


RESIDENCY_LIKE = re.compile(r"olkbokför|osatt i|inskriven i")


def _sentences_removed(text: str, conditions: list[str]) -> str:
    """The target-group text without the sentences that are residency
    conditions or follow a "Villkor:" label; age sentences stay (they say
    who the group is, as "75 +år" does in f4).

    Only whole sentences go: "Barn 6-16 år och deras familjer" keeps its
    "Barn 6-16 år" although that is also a condition."""
    out = text
    for c in conditions:
        c0 = re.escape(c.rstrip(". "))
        if RESIDENCY_LIKE.search(c):
            out = re.sub(r"(^|(?<=[.!?:]\s))" + c0 + r"(\.|$)", "", out, count=1)
        else:
            out = re.sub(r"(?<=Villkor:\s)" + c0 + r"(\.|$)", "", out, count=1)
        out = re.sub(r"\s+", " ", out).strip()
    out = re.sub(r"\s*Villkor:\s*$", "", out)
    out = re.sub(r"^[.,;\s]+", "", out)
    return out


def split_documentation(text: str) -> tuple[str, str]:
    """Decision = first sentence; motive = the rest.

    A sentence ends at '. ' followed by an upper-case letter (so '14 kap. 4 §'
    does not end one)."""
    m = re.search(r"[.!?]\s+(?=[A-ZÅÄÖ])", text)
    if not m:
        return text.strip(), ""
    return text[: m.start() + 1].strip(), text[m.end():].strip()


def _harvest_descriptions() -> dict[str, str]:
    """Descriptions printed with the records in the sources: 002's 'Innehåll'
    paragraphs and f5's 'Så här går det till' paragraphs."""
    out: dict[str, str] = {}
    seed = os.path.join(CORPUS, "seeds", "002_09609c45e4b02379.txt")
    if os.path.exists(seed):
        lines = open(seed, encoding="utf-8").read().splitlines()
        name = None
        i = 0
        while i < len(lines):
            m = re.match(r"\s*3\.\d+\.\d+\s+(.*\S)\s*$", lines[i])
            if m:
                name = m.group(1).strip()
            elif name and lines[i].strip() == "Innehåll":
                buf = []
                i += 1
                while i < len(lines) and lines[i].strip() not in ("Metod", "Målgrupp"):
                    buf.append(lines[i].strip())
                    i += 1
                text = re.sub(r"\s+", " ", " ".join(buf)).strip()
                out.setdefault(name, text)
                name = None
                continue
            i += 1
    f5 = os.path.join(CORPUS, "families", "pdf", "f5-lund-headings.pdf")
    if os.path.exists(f5):
        try:
            text = subprocess.run(["pdftotext", f5, "-"], capture_output=True,
                                  text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            text = ""
        lines = [l for l in text.splitlines()
                 if not re.match(r"^(Dnr SN|Sida \d|Lunds kommun \|)", l.strip())]
        prev_heading = None
        cur_name = None
        buf: list[str] = []
        collecting = False
        for l in lines:
            s = l.strip()
            if s.startswith("Verksamhet:"):
                cur_name = prev_heading
            if s.startswith("Så här går det till:"):
                collecting = True
                buf = [s[len("Så här går det till:"):].strip()]
                continue
            if collecting:
                if s.startswith("Dokumentation:"):
                    collecting = False
                    if cur_name:
                        out.setdefault(cur_name, re.sub(r"\s+", " ", " ".join(buf)).strip())
                    continue
                if s:
                    buf.append(s)
                continue
            if s:
                prev_heading = s
    return out


def load_entries() -> list[Entry]:
    files = sorted(glob.glob(os.path.join(CORPUS, "gold", "*.json")))
    files += sorted(glob.glob(os.path.join(CORPUS, "families", "gold", "f[1-6]-*.json")))
    descriptions = _harvest_descriptions()
    entries = []
    for path in files:
        origin = os.path.basename(path)[:-5]
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for rec in doc["interventions"]:
            g = copy.deepcopy(rec)
            g.pop("page_hint", None)
            g.pop("note", None)
            conds = list(g["conditions"])
            target = _sentences_removed(g["target_group"]["text"], conds)
            if not target:
                # Every sentence was a condition ("75 +år. Folkbokförd …"):
                # the target group is the age condition alone, as f4 prints it.
                ages = [c for c in conds if not re.search(r"olkbokför|osatt", c)]
                target = ". ".join(ages) if ages else g["target_group"]["text"].strip()
            doc_text = g["documentation"]["text"]
            # f6 printed a Ja/Nej cell before the comment: take it off again.
            doc_text = re.sub(r"^(Ja|Nej)\.\s+", "", doc_text)
            decision, motive = split_documentation(doc_text)
            e = Entry(origin, g, target, conds, decision, motive,
                      descriptions.get(g["name"], ""))
            entries.append(e)
    return entries


def relocate_text(text: str, kommun: str) -> str:
    for pat, rep in SOURCE_PLACES:
        text = re.sub(pat, rep.format(kommun=kommun), text)
    return text


@dataclass
class Residency:
    """How a plan prints the residency condition."""

    municipality: Municipality
    style: str  # 'kommun' | 'bare' | 'bosatt'

    @property
    def kommun(self) -> str:
        m = self.municipality
        if self.style == "bare" or m.is_stad:
            return m.name
        return f"{m.gen} kommun"

    def apply(self, text: str) -> str:
        text = relocate_text(text, self.kommun)
        if self.style == "bosatt":
            text = re.sub(r"\bFolkbokförd(a)? i\b", "Bosatt i", text)
        return text


def relocated(entry: Entry, res: Residency) -> Entry:
    e = copy.deepcopy(entry)
    e.target = res.apply(e.target)
    e.conditions = [res.apply(c) for c in e.conditions]
    e.decision = res.apply(e.decision)
    e.motive = res.apply(e.motive)
    e.description = res.apply(e.description)
    prov = e.gold.get("provider")
    if prov and MUNICIPALITY_WORDS.search(prov):
        # "Social- och arbetsmarknadskontoret Sala kommun": the unit name
        # without the source town.
        prov = re.sub(r"\s+(Sala|Alingsås|Örebro|Gävle) kommun$", "", prov)
        e.gold["provider"] = prov
    return e


def consent_stated(entry: Entry) -> bool:
    """The row itself says something about a guardian's consent."""
    text = " ".join([entry.target] + entry.conditions).lower()
    return "samtycke" in text or "vårdnadshavar" in text


def residency_stated(entry: Entry) -> bool:
    text = " ".join([entry.target] + entry.conditions).lower()
    return "folkbokför" in text or "bosatt i" in text


def check_no_source_places(text: str) -> bool:
    return not MUNICIPALITY_WORDS.search(text)
