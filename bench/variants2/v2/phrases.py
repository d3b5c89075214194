"""Phrasing pools of this generator: titles, intro prose, metadata lines,
column headers, form and paragraph labels, area and group names.

Written for this generator from how Swedish municipal decisions are worded;
each pool is picked from with the plan's own random generator."""

from __future__ import annotations

import random

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
          "augusti", "september", "oktober", "november", "december"]

BODIES = [
    ("Socialnämnden", "SN", "Socialförvaltningen"),
    ("Individ- och familjenämnden", "IFN", "Individ- och familjeförvaltningen"),
    ("Socialtjänstnämnden", "STN", "Socialtjänstförvaltningen"),
    ("Välfärdsnämnden", "VFN", "Välfärdsförvaltningen"),
    ("Social- och omsorgsnämnden", "SON", "Social- och omsorgsförvaltningen"),
    ("Omsorgs- och socialnämnden", "OSN", "Omsorgsförvaltningen"),
    ("Nämnden för vård och omsorg", "NVO", "Vård- och omsorgsförvaltningen"),
    ("Arbete- och välfärdsnämnden", "AVN", "Förvaltningen för arbete och välfärd"),
]

TITLES = [
    "Insatser som får ges utan individuell behovsprövning",
    "Förteckning över insatser utan föregående behovsbedömning",
    "Beslut om insatser utan individuell behovsprövning enligt 11 kap. 5 § SoL",
    "Öppna insatser – beslut enligt 11 kap. 5 § socialtjänstlagen",
    "Insatser utan biståndsbeslut och nämndens beslut om dokumentation",
    "Lättillgängliga insatser utan behovsprövning 2025",
    "Riktlinje: insatser som erbjuds utan utredning",
    "Plan för insatser utan individuell behovsprövning",
]

INTRO = [
    "Från och med den 1 juli 2025 gäller en ny socialtjänstlag (2025:400). Lagen ger "
    "nämnden möjlighet att erbjuda vissa insatser utan att den enskildes behov först "
    "prövas individuellt (11 kap. 5 §). Syftet är att stöd ska kunna ges tidigt och "
    "utan onödiga trösklar.",
    "Nämnden beslutar här vilka insatser som ges utan föregående utredning. För varje "
    "insats anges vilka som kan ta del av den, vem som utför den och hur genomförandet "
    "ska dokumenteras.",
    "Huvudregeln är att genomförandet av en insats dokumenteras (14 kap. 3 §). Vid "
    "rådgivning får uppgifter om personliga förhållanden utelämnas (14 kap. 4 §) och om "
    "det finns särskilda skäl kan nämnden besluta att uppgifter som röjer den enskildes "
    "identitet inte ska dokumenteras (14 kap. 5 §).",
    "De villkor som anges ska gå att kontrollera utan att något behov bedöms, till "
    "exempel ålder eller var man är folkbokförd. Den som hellre vill ansöka om bistånd "
    "kan alltid vända sig till förvaltningens mottagning.",
    "Förteckningen följs upp årligen. Ändringar beslutas av nämnden; redaktionella "
    "justeringar får göras av förvaltningschefen.",
    "Insatserna är frivilliga och kostnadsfria för den enskilde. Statistik på "
    "verksamhetsnivå förs för samtliga insatser för att nämnden ska kunna följa upp dem.",
]

BACKGROUND_HEADINGS = ["Bakgrund", "Inledning", "Om beslutet", "Syfte", "Allmänt"]

LIST_HEADINGS = [
    "Beslutade insatser",
    "Insatser utan individuell behovsprövning",
    "Förteckning",
    "Insatser från och med 1 juli 2025",
    "Nämndens insatser",
    "Insatserna i korthet",
]

# Column headers by role; the families pick one per role.
HEADERS = {
    "name": ["Insats", "Insatsens namn", "Benämning", "Stödinsats", "Vad", "Erbjudande",
             "Namn", "Öppen verksamhet", "Insats/aktivitet"],
    "provider": ["Utförare", "Ansvarig enhet", "Verksamhet", "Enhet", "Ges av",
                 "Ansvarig", "Utförs av", "Organisatorisk tillhörighet"],
    "target": ["Målgrupp", "För vem?", "Vem kan delta", "Riktar sig till", "Målgrupp",
               "Vem insatsen är till för", "Målgrupp/kriterier"],
    "target_cond": ["Målgrupp och villkor", "Målgrupp/villkor", "Vem kan ta del och på vilka villkor",
                    "Målgrupp, kriterier", "För vem och villkor"],
    "conditions": ["Villkor", "Kriterier", "Krav för att delta", "Förutsättningar",
                   "Villkor för att ta del"],
    "documentation": ["Dokumentation", "Dokumentationskrav", "Beslut om dokumentation",
                      "Så dokumenteras insatsen", "Dokumentation enligt 14 kap. SoL",
                      "Dokumentation av genomförande"],
    "decision": ["Beslut", "Krav", "Dokumenteras", "Nämndens beslut", "Omfattning"],
    "motive": ["Motiv", "Skäl", "Motivering", "Särskilda skäl", "Kommentar", "Skäl till undantag"],
    "doc_group": ["Dokumentation", "Dokumentation (14 kap. SoL)", "Dokumentationsplikt"],
    "jn": ["Personakt", "Dokumenteras i akt", "Individnivå", "Dokumentation på individnivå",
           "Journalförs"],
    "jn_comment": ["Kommentar", "Motivering", "Skäl", "Kommentar/motiv", "Beslut och skäl"],
    "description": ["Beskrivning", "Innehåll", "Kort om insatsen", "Vad insatsen innehåller"],
}

# Form labels (f4): role → choices.
FORM_LABELS = {
    "name": ["Insats", "Benämning", "Insatsens benämning", "Namn på insats"],
    "provider": ["Utförare", "Ansvarig enhet", "Verksamhet", "Ges av"],
    "target": ["Målgrupp", "Vem kan ta del", "Riktar sig till", "För vem"],
    "conditions": ["Villkor", "Kriterier", "Krav", "Förutsättningar för att delta"],
    "description": ["Innehåll", "Beskrivning", "Kort om insatsen"],
    "decision": ["Dokumentation", "Dokumentationskrav", "Beslut om dokumentation"],
    "motive": ["Motiv", "Skäl", "Motivering", "Särskilda skäl"],
}

# Paragraph labels (f5): role → choices.
PARA_LABELS = {
    "provider": ["Utförare", "Ansvarig", "Verksamhet", "Här finns vi", "Enhet"],
    "target": ["Målgrupp", "För vem", "Vem kan få insatsen", "Vem vänder sig insatsen till",
               "Riktar sig till"],
    "conditions": ["Villkor", "Kriterier", "Krav för att delta", "Förutsättningar"],
    "description": ["Innehåll", "Beskrivning", "Om insatsen", "Så fungerar det"],
    "decision": ["Dokumentation", "Dokumentationskrav", "Så dokumenterar vi",
                 "Beslut om dokumentation"],
    "motive": ["Motiv", "Skäl", "Motivering", "Varför undantag"],
}

# Areas (f2) and groups (f6): a key and printed names to choose from.
AREAS = {
    "elderly": ["Äldre och anhöriga", "Stöd till äldre", "Äldreomsorg", "Seniorer"],
    "family": ["Barn, unga och familj", "Familjestöd", "Barn och föräldrar",
               "Stöd till barn och familjer"],
    "substance": ["Missbruk och beroende", "Beroendevård", "Stöd vid beroende",
                  "Alkohol, droger och spel"],
    "violence": ["Våld i nära relationer", "Stöd vid våld", "Våld och utsatthet"],
    "adult": ["Vuxna", "Stöd till vuxna", "Ekonomi, boende och socialpsykiatri",
              "Övrigt stöd till vuxna"],
}


def area_of(gold: dict) -> str:
    aud = set(gold["target_group"]["audiences"])
    probs = set(gold["target_group"]["problem_areas"])
    if gold["category"] == "home_care" or "elderly" in aud:
        return "elderly"
    if "violence" in probs:
        return "violence"
    if "substance" in probs:
        return "substance"
    if aud & {"children", "parents", "families", "youth"}:
        return "family"
    return "adult"


# Units that give a whole area's interventions (for provider cells that span rows).
AREA_UNITS = {
    "elderly": ["Äldreomsorgen", "Hemtjänst och anhörigstöd", "Seniorenheten"],
    "family": ["Familjeenheten", "Barn- och familjeenheten", "Familjecentralen"],
    "violence": ["Relationsvåldsteamet", "Enheten mot våld", "Kvinno- och stödcentrum"],
    "substance": ["Beroendeenheten", "Vuxenenheten, öppenvård", "Mottagningen Beroende"],
    "adult": ["Vuxenenheten", "Stöd och försörjning", "Socialpsykiatrin"],
}

AREA_ORDER = ["elderly", "family", "violence", "substance", "adult"]


def swedish_date(rng: random.Random, iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    style = rng.choice(["iso", "long", "den", "iso", "short"])
    if style == "iso":
        return iso
    if style == "long":
        return f"{d} {MONTHS[m - 1]} {y}"
    if style == "den":
        return f"den {d} {MONTHS[m - 1]} {y}"
    return f"{d}/{m} {y}"


def reference(rng: random.Random, abbr: str) -> str:
    n = rng.randint(12, 1480)
    form = rng.choice(["slash", "dash", "colon", "dot", "slash4"])
    if form == "slash":
        return f"{abbr} 2025/{n}"
    if form == "slash4":
        return f"{abbr} 2025/{n:04d}"
    if form == "dash":
        return f"{abbr}-2025-{n:05d}"
    if form == "colon":
        return f"{abbr} 2025:{n}"
    return f"{abbr} 2025.{n:03d}"


def meta_lines(rng: random.Random, body: str, decided: str, valid: str, ref: str,
               paragraph_no: int) -> list[str]:
    """The lines that print decision date, reference and validity."""
    dd = swedish_date(rng, decided)
    vd = swedish_date(rng, valid)
    styles = [
        [f"Beslutad av {body.lower() if body.startswith('Nämnden') else body.lower()} {dd}, § {paragraph_no}",
         f"Diarienummer: {ref}", f"Gäller från {vd}"],
        [f"Beslutsdatum: {dd}", f"Dnr: {ref}", f"Giltig från och med: {vd}"],
        [f"Fastställd {dd} § {paragraph_no} · {ref} · Börjar gälla {vd}"],
        [f"Antagen av {body.lower()} {dd}", f"Ärendenummer {ref}",
         f"Gäller från och med {vd} tills vidare"],
        [f"Dokumenttyp: Riktlinje   Beslutad: {dd}   Dnr {ref}", f"Giltighetstid: från {vd}"],
    ]
    return rng.choice(styles)


def pick(rng: random.Random, key: str, table=HEADERS) -> str:
    return rng.choice(table[key])
