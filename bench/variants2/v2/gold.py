"""Gold records for what a plan prints, in the key order and format of
/work/shared/corpus/families/gold/*.json."""

from __future__ import annotations

import json
import re

from .pool import Entry, consent_stated


def norm(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip()


def join_cells(*parts: str) -> str:
    """Cells joined in printed order; a dash or empty cell adds nothing."""
    out = [norm(p) for p in parts if p and norm(p) not in ("–", "-", "—")]
    return " ".join(out)


def record(e: Entry, *, name: str | None = None, provider: str | None,
           section: str | None, target_text: str, doc_text: str,
           page_hint: str) -> dict:
    g = e.gold
    tg = g["target_group"]
    return {
        "name": name if name is not None else g["name"],
        "provider": provider,
        "section": section,
        "category": g["category"],
        "target_group": {
            "text": norm(target_text),
            "age_min": tg["age_min"],
            "age_max": tg["age_max"],
            "audiences": sorted(tg["audiences"]),
            "problem_areas": sorted(tg["problem_areas"]),
        },
        "conditions": list(e.conditions),
        "residency_required": g["residency_required"],
        "guardian_consent": g["guardian_consent"] if consent_stated(e) else None,
        "needs_assessed": None,
        "documentation": {
            "regime": g["documentation"]["regime"],
            "legal_basis": g["documentation"]["legal_basis"],
            "reason": g["documentation"]["reason"],
            "text": norm(doc_text),
        },
        "page_hint": norm(page_hint)[:60],
    }


def document(stem: str, issuer: str, code: str, body: str, decided: str, valid: str,
             reference: str, layout: str, note: str) -> dict:
    return {
        "source": f"{stem}.pdf",
        "issuer": issuer,
        "municipality_codes": [code],
        "body": body,
        "decided": decided,
        "valid_from": valid,
        "reference": reference,
        "layout": layout,
        "note": note,
    }


def dump(doc: dict, interventions: list[dict]) -> str:
    return json.dumps({"document": doc, "interventions": interventions},
                      ensure_ascii=False, indent=1) + "\n"
