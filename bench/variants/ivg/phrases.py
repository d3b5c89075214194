"""Wording pools: how Swedish municipalities head their columns, label their
paragraphs and print a plan's metadata. Each pool mixes the phrasing of the
corpus plans with the phrasing other municipalities use in the same place."""

NAME_HEADERS = ["Insats", "Namn på insatsen", "Insatsens namn", "Vad", "Insats/aktivitet",
                "Benämning", "Insatser", "Stödets namn", "Namn"]
PROVIDER_HEADERS = ["Verksamhet/utförare", "Ansvarig enhet", "Ansvarig verksamhet", "Utförare",
                    "Aktör", "Vem ger insatsen?", "Enhet", "Ansvarig", "Utförs av", "Verksamhet"]
TARGET_HEADERS = ["Målgrupp", "Vem kan få insatsen?", "Vilka kan ta del?", "För vem",
                  "Vem vänder sig insatsen till?", "Målgrupp/kriterier", "Målgrupp och villkor",
                  "Vem riktar sig insatsen till"]
TARGET_ONLY_HEADERS = ["Målgrupp", "Vem kan få insatsen?", "Vilka kan ta del?", "För vem",
                       "Vem vänder sig insatsen till?"]
CONDITION_HEADERS = ["Villkor", "Kriterier", "Krav för att delta", "Villkor för att ta del",
                     "Villkor/kriterier"]
DESCRIPTION_HEADERS = ["Beskrivning", "Kort beskrivning", "Innehåll", "Vad innebär insatsen?",
                       "Syfte och innehåll", "Beskrivning av insatsen"]
DOC_HEADERS = ["Dokumentation", "Dokumentationsskyldighet", "Hur dokumenteras insatsen",
               "Dokumentation/motivering", "Beslut om dokumentation",
               "Dokumentation av genomförandet", "Dokumentation (SoL 14 kap.)"]
DECISION_HEADERS = ["Dokumentation", "Dokumentationsskyldighet", "Dokumenteras",
                    "Beslut om dokumentation", "Dokumentationskrav"]
MOTIVE_HEADERS = ["Motivering", "Skäl till undantag", "Motiv", "Skäl", "Kommentar",
                  "Motivering till beslut"]
LAGRUM_HEADERS = ["Lagrum", "Lagstöd", "Paragraf", "Stöd i SoL"]
JANEJ_HEADERS = ["Dokumenteras på individnivå", "Dokumentation i personakt",
                 "Individdokumentation (Ja/Nej)", "Dokumenteras (Ja/Nej)",
                 "Dokumentation om personliga förhållanden"]
COMMENT_HEADERS = ["Skäl och kommentar", "Kommentar", "Motivering", "Skäl",
                   "Kommentar/motivering"]

# Key–value forms (f4) and labelled paragraphs (f5).
FORM_NAME = ["Insatsens namn", "Insats", "Namn", "Benämning", "Namn på insatsen"]
FORM_PROVIDER = ["Ansvarig", "Ansvarig verksamhet", "Utförare", "Verksamhet", "Ansvarig enhet"]
FORM_TARGET = ["Vem riktar sig insatsen till", "Målgrupp", "För vem", "Vem kan delta",
               "Vem kan få insatsen"]
FORM_CONDITIONS = ["Krav för att ta del", "Villkor", "Kriterier", "Villkor för deltagande"]
FORM_DESCRIPTION = ["Beskrivning", "Innehåll", "Kort om insatsen", "Syfte och innehåll"]
FORM_DOC = ["Dokumentationsskyldighet", "Dokumentation", "Beslut om dokumentation",
            "Dokumentation av genomförande"]
FORM_MOTIVE = ["Motivering till undantag", "Skäl till undantag", "Motivering", "Motiv för undantag"]

PARA_PROVIDER = ["Verksamhet", "Ansvarig", "Utförare", "Ansvarig verksamhet", "Här ges insatsen"]
PARA_TARGET = ["Vem kan få stödet", "Målgrupp", "För vem", "Vem kan delta", "Vem vänder sig insatsen till"]
PARA_CONDITIONS = ["Villkor", "Krav för att delta", "Förutsättningar"]
PARA_DESCRIPTION = ["Så här går det till", "Innehåll", "Beskrivning", "Om insatsen", "Vad ingår"]
PARA_DOC = ["Dokumentation", "Så dokumenterar vi", "Dokumentationsskyldighet", "Hur insatsen dokumenteras"]
PARA_MOTIVE = ["Därför dokumenterar vi inte", "Motivering", "Skäl till undantag", "Motiv till undantaget"]

# Sentences that name the unit in numbered-list prose (f3).
UNIT_SENTENCES = ["Insatsen ges av {p}.", "Utförs av {p}.", "Ansvarig för insatsen är {p}.",
                  "Insatsen utförs av {p}.", "{p} ansvarar för insatsen."]

BODIES = [
    ("Socialnämnden", ["SN", "SOC", "SON"]),
    ("Individ- och familjeomsorgsnämnden", ["IFN", "IFON"]),
    ("Socialtjänstnämnden", ["STN"]),
    ("Arbetsmarknads- och socialnämnden", ["AMSN"]),
    ("Social- och arbetsmarknadsnämnden", ["SAN"]),
    ("Välfärdsnämnden", ["VFN", "VN"]),
    ("Omsorgsnämnden", ["ON"]),
    ("Individ- och arbetsmarknadsnämnden", ["IAN"]),
    ("Vård- och omsorgsnämnden", ["VON"]),
]
# The administration that prints its name in running headers.
OFFICES = ["Socialförvaltningen", "Socialtjänsten", "Individ- och familjeomsorgen",
           "Välfärdsförvaltningen", "Omsorgsförvaltningen", "Förvaltningen för stöd och omsorg"]

TITLES = [
    "Insatser utan individuell behovsprövning",
    "Insatser som ges utan individuell behovsprövning enligt 11 kap. 5 § socialtjänstlagen",
    "Förteckning över insatser utan individuell behovsprövning",
    "Beslut om insatser utan individuell behovsprövning och dokumentation",
    "Öppna insatser enligt 11 kap. 5 § socialtjänstlagen",
    "Insatser utan behovsprövning – förteckning och beslut om dokumentation",
    "Plan för insatser utan individuell behovsprövning 2025",
]

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]

INTRO = [
    "Den nya socialtjänstlagen (2025:400) gäller från den 1 juli 2025. Enligt 11 kap. 5 § får "
    "nämnden bestämma att vissa insatser ska kunna ges utan att den enskildes behov först utreds "
    "och prövas.",
    "Syftet är att göra socialtjänsten mer lättillgänglig och att nå fler i ett tidigt skede. "
    "Insatserna är frivilliga och den som hellre vill få sitt behov prövat kan alltid ansöka om "
    "en insats.",
    "Huvudregeln i 14 kap. 3 § är att genomförandet av en insats dokumenteras. Vid rådgivning "
    "behöver uppgifter om den enskildes personliga förhållanden inte dokumenteras (14 kap. 4 §). "
    "Finns det särskilda skäl får nämnden bestämma att uppgifter som kan röja den enskildes "
    "identitet inte ska dokumenteras (14 kap. 5 §).",
    "Villkoren för att ta del av en insats ska vara enkla att kontrollera för den verksamhet som "
    "ger insatsen, till exempel ålder eller folkbokföring. Verksamheten gör ingen bedömning av "
    "den enskildes behov.",
    "Uppgifter på verksamhetsnivå, till exempel antal deltagare och könsfördelning, förs för alla "
    "insatser så att nämnden kan följa upp och utveckla verksamheten.",
    "Förteckningen ersätter nämndens tidigare beslut om öppna verksamheter och ska följas upp "
    "årligen i samband med verksamhetsplaneringen.",
]

CONSENT_RULE = ("Insatser till barn under 15 år ges efter samtycke från vårdnadshavare. Barn "
                "mellan 15 och 17 år kan ta del av insatserna utan vårdnadshavares samtycke om "
                "verksamheten bedömer det lämpligt.")

# Area headings by service area (f2, f3, f5 and f6 group rows).
AREAS = {
    "elderly": ["Stöd till äldre", "Äldre", "Insatser för äldre", "Äldreomsorg"],
    "family": ["Barn och familj", "Barn, unga och familj", "Familj och föräldraskap",
               "Insatser för barn, unga och familjer", "Barn, unga och föräldrar"],
    "substance": ["Missbruk och beroende", "Beroende", "Stöd vid skadligt bruk och beroende"],
    "violence": ["Våld i nära relationer", "Våld och utsatthet", "Stöd vid våld"],
    "adults": ["Vuxna", "Stöd till vuxna", "Ekonomi, boende och sysselsättning", "Insatser för vuxna"],
    "relatives": ["Anhörigstöd", "Stöd till anhöriga", "Anhöriga och närstående"],
}
DOMAIN_AREA = {
    "home_care": "elderly", "elderly": "elderly", "family": "family", "family_law": "family",
    "family_counselling": "adults", "mini_maria": "substance", "substance": "substance",
    "relatives_substance": "substance", "violence": "violence", "sex": "violence",
    "economy": "adults", "housing": "adults", "employment": "adults", "adults": "adults",
    "psychiatry": "adults", "crime": "family", "relatives": "relatives",
}
AREA_ORDER = ["elderly", "relatives", "family", "adults", "substance", "violence"]

# Plausible units by service area: a plan prints one of them as the provider.
UNITS = {
    "home_care": ["Hemtjänst", "Hemtjänsten", "Hemtjänst och trygghetslarm", "Äldreomsorgen"],
    "elderly": ["Seniorverksamheten", "Träffpunkt seniorer", "Förebyggande äldreomsorg", "Hälsa 65+"],
    "relatives": ["Anhörigstöd", "Anhörigcentrum", "Anhörigstödet", "Anhörigkonsulenten"],
    "family": ["Familjeenheten", "Familjestödsenheten", "Råd- och stödmottagningen",
               "Föräldrastödsteamet", "Familjecentralen", "Öppenvården barn och unga"],
    "family_law": ["Familjerätten", "Familjerättsenheten"],
    "family_counselling": ["Familjerådgivningen", "Familjerådgivningen i samverkan"],
    "mini_maria": ["Mini Maria"],
    "substance": ["Beroendeenheten", "Alkohol- och drogrådgivningen", "Öppenvården vuxen",
                  "Beroendemottagningen", "Missbruksenheten"],
    "relatives_substance": ["Beroendeenheten", "Alkohol- och drogrådgivningen", "Anhörigstödet"],
    "violence": ["Familjefrid", "Relationsvåldsenheten", "Kvinnofridsteamet",
                 "Stödmottagningen mot våld", "Våldsteamet"],
    "sex": ["Stödmottagningen mot våld och sexuell exploatering", "Relationsvåldsenheten"],
    "economy": ["Budget- och skuldrådgivningen", "Konsument- och skuldrådgivningen",
                "Skuldrådgivningen"],
    "housing": ["Bostadssociala enheten", "Bostadssociala teamet"],
    "employment": ["Arbetsmarknadsenheten", "Ungdomsteamet"],
    "psychiatry": ["Socialpsykiatrin", "Socialpsykiatriska enheten", "Boendestödet"],
    "crime": ["Medlingsverksamheten", "Ungdomsteamet", "Fältgruppen"],
    "adults": ["Öppenvården vuxen", "Vuxenenheten", "Mottagningsenheten vuxen"],
}
