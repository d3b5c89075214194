"""Checks that a generated plan and its gold agree: the gold against
ANNOTATION.md's rules, and the rendered PDF's text against the gold."""

from __future__ import annotations

import re
import subprocess
import unicodedata

CITE = re.compile(r"14\s*kap\.?\s*(?:§\s*)?([345])\s*§?", re.I)
FULL = re.compile(r"dokumenteras i genomförande|full dokumentation|ska dokumenteras|"
                  r"dokumenteras enligt 14|genomförande av .* ska dokumenteras|^ja\b", re.I)
NOT_DOCUMENTED = re.compile(r"inte dokumenteras|undantag|^nej\b", re.I)
ADVICE = re.compile(r"rådgiv|rådgör|tystnadsplikt", re.I)
ANON = re.compile(r"anonym", re.I)
NOT_NEEDED = re.compile(r"obehövlig|inte (?:är )?behövligt|saknas skäl", re.I)
AUDIENCES = {"children", "youth", "adults", "elderly", "parents", "relatives", "families",
             "couples", "victims", "perpetrators", "professionals"}
CATEGORIES = {"advice", "counselling", "group", "meeting_place", "treatment", "home_care",
              "coordination", "other"}


def gold_problems(gold: dict, lagrum_printed: set[str]) -> list[str]:
    """ANNOTATION.md's rules that a gold file can be checked against by itself.
    lagrum_printed: names of the records whose row prints a Lagrum cell."""
    bad = []
    doc = gold["document"]
    for k in ("source", "issuer", "municipality_codes", "body", "decided", "valid_from",
              "reference", "layout"):
        if k not in doc:
            bad.append(f"document.{k} missing")
    if doc.get("layout") not in ("table", "sections", "mixed"):
        bad.append(f"document.layout {doc.get('layout')!r}")
    items = gold["interventions"]
    if not 8 <= len(items) <= 20:
        bad.append(f"{len(items)} interventions (8–20 wanted)")
    for g in items:
        n = g["name"]
        d = g["documentation"]
        t = d["text"]
        if g["category"] not in CATEGORIES:
            bad.append(f"{n}: category {g['category']}")
        if not set(g["target_group"]["audiences"]) <= AUDIENCES:
            bad.append(f"{n}: audiences {g['target_group']['audiences']}")
        if not g["target_group"]["text"].strip():
            bad.append(f"{n}: empty target_group.text")
        regime = d["regime"]
        if regime == "full" and not FULL.search(t):
            bad.append(f"{n}: regime full but text says {t[:60]!r}")
        if regime in ("advice_exempt", "identity_exempt") and not NOT_DOCUMENTED.search(t):
            bad.append(f"{n}: regime {regime} but text says {t[:60]!r}")
        if regime == "advice_exempt" and d["reason"] != "advice":
            bad.append(f"{n}: advice_exempt with reason {d['reason']}")
        if regime == "advice_exempt" and not (ADVICE.search(t) or CITE.search(t)):
            bad.append(f"{n}: advice_exempt but no rådgivning or 14:4 in {t[:60]!r}")
        if regime == "identity_exempt":
            if d["reason"] == "anonymity" and not ANON.search(t):
                bad.append(f"{n}: reason anonymity but no 'anonym' in the text")
            if d["reason"] == "not_needed" and not NOT_NEEDED.search(t):
                bad.append(f"{n}: reason not_needed but the text gives no such motive")
            if d["reason"] is None and (ANON.search(t) or NOT_NEEDED.search(t)):
                bad.append(f"{n}: reason null but the text gives one")
        if regime in ("full", "unspecified", "conditional") and d["reason"] is not None:
            bad.append(f"{n}: regime {regime} with a reason")
        cited = {f"14:{m}" for m in CITE.findall(t)}
        lb = d["legal_basis"]
        if lb is None and cited:
            bad.append(f"{n}: text cites {sorted(cited)} but legal_basis is null")
        if lb is not None and lb not in cited and n not in lagrum_printed:
            bad.append(f"{n}: legal_basis {lb} is cited nowhere for this row")
        has_res = any(re.search(r"folkbokf|bosatt", c, re.I) for c in g["conditions"])
        if bool(g["residency_required"]) != has_res:
            bad.append(f"{n}: residency_required {g['residency_required']} vs conditions")
        lo, hi = g["target_group"]["age_min"], g["target_group"]["age_max"]
        if lo is not None and hi is not None and lo > hi:
            bad.append(f"{n}: ages {lo}..{hi}")
    names = [(g["name"], g["provider"]) for g in items]
    if len(set(names)) != len(names):
        bad.append("two interventions with the same name and provider")
    return bad


def fold(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\u00ad", "")
    s = re.sub(r"-\s*\n\s*", "-", s)
    return " ".join(s.split()).lower()


def pdf_text(path: str, layout: bool = False) -> str:
    cmd = ["pdftotext"] + (["-layout"] if layout else []) + [path, "-"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"pdftotext {path}: {p.stderr.strip()}")
    return p.stdout


def missing_names(text: str, gold: dict) -> list[str]:
    """Gold names that the extracted text does not contain: neither as one run
    (whitespace and line breaks aside) nor word for word, as pdftotext prints a
    name wrapped in a narrow cell between the neighbouring cells' lines."""
    flat = fold(text)
    nospace = flat.replace(" ", "")
    words = set(re.findall(r"\w+", flat))
    out = []
    for g in gold["interventions"]:
        name = fold(g["name"])
        if name in flat or name.replace(" ", "") in nospace:
            continue
        # pdftotext joins a word broken at its hyphen ("KAST-|mottagningen").
        if name.replace(" ", "").replace("-", "") in nospace.replace("-", ""):
            continue
        if set(re.findall(r"\w+", name)) <= words:
            continue
        out.append(g["name"])
    return out
