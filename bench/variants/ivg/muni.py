"""Municipalities from the repository's data/municipalities.csv, with the name
a plan prints for its issuer ("Lunds kommun", "Malmö stad")."""

from __future__ import annotations

import csv
from dataclasses import dataclass

# Municipalities that call themselves "stad" in their documents.
_STAD = {
    "Stockholm": "Stockholms stad", "Göteborg": "Göteborgs Stad", "Malmö": "Malmö stad",
    "Västerås": "Västerås stad", "Borås": "Borås Stad", "Helsingborg": "Helsingborgs stad",
    "Landskrona": "Landskrona stad", "Lidingö": "Lidingö stad", "Mölndal": "Mölndals stad",
    "Solna": "Solna stad", "Sundbyberg": "Sundbybergs stad", "Trollhättan": "Trollhättans stad",
    "Vaxholm": "Vaxholms stad", "Haparanda": "Haparanda stad",
}
# Genitives that do not follow the rule (name + s after a consonant).
_GENITIVE = {"Falun": "Falu", "Gotland": "Gotlands", "Upplands Väsby": "Upplands Väsby"}
# The corpus and family plans' own municipalities: held-out plans avoid them.
USED_BY_EXAMPLES = {"0980", "1489", "1981", "1880", "2180", "2281", "0680", "1281", "1780", "1980"}


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str  # "Lund"

    @property
    def issuer(self) -> str:
        if self.name in _STAD:
            return _STAD[self.name]
        return f"{genitive(self.name)} kommun"

    @property
    def short(self) -> str:
        """How the plan says 'the municipality' inside a condition."""
        return self.issuer


def genitive(name: str) -> str:
    if name in _GENITIVE:
        return _GENITIVE[name]
    last = name[-1].lower()
    if last in "aeiouyåäös" or last in "xz":
        return name
    return name + "s"


def load(path: str) -> list[Municipality]:
    out = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "kommun" or row["code"] in USED_BY_EXAMPLES:
                continue
            out.append(Municipality(row["code"], row["name"]))
    if not out:
        raise SystemExit(f"{path}: no municipalities of kind 'kommun'")
    return out
