//! Classification rules as data. Every pattern runs on *folded* text
//! ([`crate::vocab::fold`]: lowercase, å ä → a, ö → o, é → e) so that clean
//! and OCR'd plans match alike; `.` stands in where OCR breaks a letter
//! ("behdvligt"). Each rule names the value it yields and the plan phrase it
//! exists for; a unit test quotes that phrase.

/// A pattern and the value it gives.
pub struct Rule<T: 'static> {
    pub pattern: &'static str,
    pub value: T,
    /// The phrase in a real plan this rule was written for.
    pub example: &'static str,
}

/// Legal basis of the documentation rule: "14 kap. 5 §", "14 kap 5 §",
/// "SoL 14 kap 3§", "14 kap § 4 SoL", "14:5". Group 1 is the paragraph.
pub const LEGAL_BASIS: &str = r"14\s*kap\.?\s*(?:§\s*)?([345])\b|\b14\s*:\s*([345])\b";

/// Documentation regimes when the text cites no paragraph. Ordered: the
/// first rule that matches decides; a later rule that also matches with a
/// different value is reported as a disagreement.
pub const REGIME: &[Rule<&str>] = &[
    Rule {
        pattern: r"max(?:imalt)?\s*\d+\s*(?:samtal|tillfallen|besok)\s*utan\s*dokumentation|vid\s+fortsatt\s+kontakt\W{0,3}\s*dokumentation",
        value: "conditional",
        example: "Max 5 samtal utan dokumentation om personliga förhållanden. Vid fortsatt kontakt- dokumentation", // 001
    },
    Rule {
        pattern: r"(?:vid|att|da)\s+(?:insatsen\s+ar\s+)?(?:en\s+)?radgivning\s+ar\s+fortsatt\s+undantag|undantag\w*\s+dokumentationsplikt\w*\s+vid\s+radgivning|vid\s+radgivning\s+ar\s+fortsatt|radgivande\s+karaktar",
        value: "advice_exempt",
        example: "Motiv till undantag från dokumentation av personuppgifter vid rådgivning är fortsatt undantaget dokumentationsplikt", // 000
    },
    // A motive cell that only says it is advice ("Det är en rådgivande
    // insats.", "Insatsen är en rådgörande insats.", f5 plans).
    Rule {
        pattern: r"\bar\s+(?:en\s+)?rad(?:givande|gorande)\s+insats",
        value: "advice_exempt",
        example: "Insatsen är en rådgörande insats.",
    },
    Rule {
        pattern: r"(?:personuppgifter|personlig\w*\s+(?:information|forhallanden|uppgifter))\s+ska\s+inte\s+dokumenteras|ska\s+inte\s+dokumenteras|undantag\w*\s+fran\s+dokumentation",
        value: "identity_exempt",
        example: "Personuppgifter ska inte dokumenteras i genomförande.", // 000
    },
    // A short decision in a documentation column: the nämnd's exemption,
    // its reason (if any) in the motive beside it.
    Rule {
        pattern: r"^\W*(?:dokumenteras\s+(?:ej|inte)|ingen\s+dokumentation|ej\s+dokumentation)\b",
        value: "identity_exempt",
        example: "Dokumenteras ej",
    },
    Rule {
        pattern: r"ska\s+dokumenteras|\bdokumenteras\s+enligt|full\s+dokumentation|dokumentation\s+ske\s+pa\s+individniva|ska\s+dokumentera",
        value: "full",
        example: "Ska dokumenteras i genomförande.", // 000
    },
];

/// Regime by cited paragraph: 14 kap. 3 § full documentation, 4 § advice,
/// 5 § the board's exemption for special reasons.
pub const REGIME_BY_BASIS: &[(&str, &str)] = &[
    ("14:3", "full"),
    ("14:4", "advice_exempt"),
    ("14:5", "identity_exempt"),
];

/// Why identity-revealing data is not documented (14 kap. 5 §).
pub const IDENTITY_REASON: &[Rule<&str>] = &[
    Rule {
        pattern: r"anonym|svart\s+att\s+na\s+malgrupp",
        value: "anonymity",
        example: "målgruppen har behov av att kunna söka sig anonymt till verksamheten", // 000
    },
    Rule {
        pattern: r"obeh.vlig|inte\s+(?:ar\s+)?beh.vlig|saknas\s+skal\s+till\s+dokumentation|inte\s+finns\s+skal\s+eller\s+behov",
        value: "not_needed",
        example:
            "Undantag … enligt 14 kap 5 § då det inte är behövligt eller lämpligt för insatsen", // 004
    },
];

/// Category from the intervention's name (and, failing that, its
/// description). Ordered: specific before general. A KATEGORI column wins
/// over all of these (see `CATEGORY_COLUMN`).
pub const CATEGORY: &[Rule<&str>] = &[
    Rule {
        pattern: r"stadning|inkop|tvatt|trygghetslarm|hemtjanst",
        value: "home_care",
        example: "Städning (Hemtjänst, 000)",
    },
    Rule {
        pattern: r"traffpunkt|motesplats|aktivitet|cafe|aktivitetshus",
        value: "meeting_place",
        example: "Öppen träffpunkt ”Mötesplatsen Gråbo” (000)",
    },
    Rule {
        pattern: r"natverksmote|samordn|fossam|sspf|medling|samarbetssamtal|natverk",
        value: "coordination",
        example: "Nätverksmöten (000)",
    },
    Rule {
        pattern: r"behandling|\bcra\b|a-cra|\bhap\b|aterfallsprevention|\bfft\b|\bmet\b|sorgbearbetning|drogscreening|provtagning|dagbehandling|beroendestod|program(?:met)?\b",
        value: "treatment",
        example: "Psykosocial behandling Individuellt (000)",
    },
    Rule {
        pattern: r"radgiv|rad\s+och\s+stod|informationssamtal|radgivande|lots|rad-\s*och\s+stod",
        value: "advice",
        example: "Familjerådgivning (002)",
    },
    Rule {
        pattern: r"grupp|\babc\b|komet|foraldraskapsprogram|foraldratraff|foraldrautbildning",
        value: "group",
        example: "Gruppverksamhet (000)",
    },
    Rule {
        pattern: r"stodsamtal|samtalsserie|krisstod|krissamtal|enskilda\s+samtal|enskilt\s+st.d|samtal",
        value: "counselling",
        example: "Enskilda samtal (Anhörigstöd, 000)",
    },
];

/// Names that say only "talks" ("Enskilda samtal", "Barnsamtal", "Enskilt
/// stöd"): the description decides between advice and counselling when it
/// calls the talks advisory ("Samtal för råd och stöd", "Rådgörande och
/// stöttande samtal").
pub const GENERIC_TALK_NAME: &str =
    r"^(?:enskilda\s+samtal|barnsamtal|enskilt\s+st.d(?:\s+till\s+anhoriga)?|samtal)\b";
pub const ADVISORY_DESCRIPTION: &str =
    r"^(?:\W*)(?:samtal\s+for\s+rad\s+och\s+stod|rad(?:gorande|givande)\b)";

/// A KATEGORI column's words → category (001: "Gruppverksamhet", "Råd och stöd").
pub const CATEGORY_COLUMN: &[Rule<&str>] = &[
    Rule {
        pattern: r"grupp",
        value: "group",
        example: "Gruppverksamhet",
    },
    Rule {
        pattern: r"rad\s*och\s*stod|radgivning",
        value: "advice",
        example: "Råd och stöd",
    },
    Rule {
        pattern: r"medling|samordning|samarbetssamtal",
        value: "coordination",
        example: "Medling",
    },
    Rule {
        pattern: r"behandling",
        value: "treatment",
        example: "Behandling",
    },
    Rule {
        pattern: r"motesplats|traffpunkt",
        value: "meeting_place",
        example: "Mötesplats",
    },
    Rule {
        pattern: r"stodsamtal|samtal",
        value: "counselling",
        example: "Stödsamtal",
    },
];

/// Audiences named in a target group (folded words).
pub const AUDIENCES: &[Rule<&str>] = &[
    Rule {
        pattern: r"\bbarn(?:en|et)?\b|\bbarns\b|minderarig|\bbarn\s+och\s+unga",
        value: "children",
        example: "Barn och unga 0-21 år",
    },
    Rule {
        pattern: r"\bunga\b|\bungdom|unga\s+vuxna|\bung\b",
        value: "youth",
        example: "Barn och unga vuxna upp till 24 år",
    },
    // "unga vuxna" are youth (the caller folds the phrase to "unga" first).
    Rule {
        pattern: r"\bvuxna?\b|\bvuxen",
        value: "adults",
        example: "Vuxen- från 18 år",
    },
    Rule {
        pattern: r"\baldre\b|\bover\s+65|65\s*\+|75\s*\+",
        value: "elderly",
        example: "Över 65+ år",
    },
    Rule {
        pattern: r"foralder|foraldrar|vardnadshavare|omsorgspersoner",
        value: "parents",
        example: "Förälder till barn 0-21 år",
    },
    Rule {
        pattern: r"anhorig|narstaende|efterlevande",
        value: "relatives",
        example: "Anhörig till person med sjukdom",
    },
    Rule {
        // Whole words: "familjerelationer" is a problem, not an audience.
        pattern: r"\bfamilj(?:er|en|erna)?\b",
        value: "families",
        example: "Barn 6-16 år och deras familjer",
    },
    Rule {
        pattern: r"\bpar\b|parrelation|samlevnad",
        value: "couples",
        example: "svårigheter i relationen (par)",
    },
    Rule {
        pattern: r"utsatt|brottsoffer|vald(?:s)?utsatt|upplevd\s+valdsutsatthet",
        value: "victims",
        example: "Upplevd våldsutsatthet",
    },
    Rule {
        pattern: r"valdsutovare|utovar|gärningsperson|garningsperson|sexkopare|kopt\s+en\s+sexuell|kop\s+av\s+sexuella|koper\s+sexuella|\bsexkop",
        value: "perpetrators",
        example:
            "Vuxna över 18 år som köper sexuella tjänster eller har funderingar kring sexköp (004)",
    },
    Rule {
        pattern: r"yrkesverksamma|professionella|personal\s+inom",
        value: "professionals",
        example: "Professionella som möter barn",
    },
];

/// Problem areas named in a target group, name or description.
pub const PROBLEM_AREAS: &[Rule<&str>] = &[
    Rule {
        pattern: r"\bvald|hedersrelaterat|heder|barnmisshandel|valdsutsatt|valdsutovare",
        value: "violence",
        example: "våld i nära relation",
    },
    Rule {
        pattern: r"alkohol|droger|narkotika|cannabis|skadligt\s+bruk|beroende|missbruk|spel\s+om\s+pengar|drog",
        value: "substance",
        example: "skadligt bruk/beroende av alkohol, narkotika eller spel om pengar",
    },
    Rule {
        pattern: r"spel\s+om\s+pengar|spelberoende|spelproblem",
        value: "gambling",
        example: "spel om pengar",
    },
    Rule {
        pattern: r"psykisk|npf|adhd|\bkris|\bsorg|suicid",
        value: "mental_health",
        example: "psykisk ohälsa/sjukdom",
    },
    // "psykisk funktionsnedsättning/sjukdom" is mental health: the caller
    // rewrites it before this rule runs.
    Rule {
        pattern: r"funktionsnedsattning|sjukdom|\bsjuk\b|sjuka\b|langvarigt\s+sjuk",
        value: "disability",
        example: "Anhörig till person med sjukdom eller funktionsnedsättning",
    },
    Rule {
        pattern: r"ekonomi|skuld|budget",
        value: "economy",
        example: "Budget- och skuldrådgivning",
    },
    Rule {
        pattern: r"bostad|vrakning|hemlos|bostadslos|boendecoach",
        value: "housing",
        example: "Rådgivning till bostadslösa",
    },
    Rule {
        pattern: r"kriminalitet|brott|normbrytande",
        value: "crime",
        example: "Anhörigstöd vid kriminalitet",
    },
    Rule {
        pattern: r"sex\s+mot\s+ersattning|sexuella\s+tjanster|prostitution|manniskohandel",
        value: "sexual_exploitation",
        example: "sex mot ersättning eller människohandel",
    },
    Rule {
        pattern: r"separation|separera|vardnad|umgange|konflikt\s+mellan\s+(?:foraldrar|foraldrarna)|foraldrar\s+i\s+konflikt|inte\s+lever\s+tillsammans",
        value: "separation",
        example: "Separerade föräldrar",
    },
    // Groups led by parents are parenting support (the caller adds it too).
    Rule {
        pattern: r"foraldraskap|foraldrastod|foraldrarollen|foraldrarad",
        value: "parenting",
        example: "stöd i föräldraskapet",
    },
    Rule {
        pattern: r"samlevnad|parrelation|relationen\b|familjerelation|svarigheter\s+i\s+relation|samtal\s+om\s+r",
        value: "relationships",
        example: "samlevnadsproblem och konflikter i sina par- och familjerelationer",
    },
    Rule {
        pattern: r"skolfranvaro|skolsocial|\bskola\b|\bskolan\b",
        value: "school",
        example: "Föräldrarådgivning vid skolsocial problematik",
    },
    Rule {
        pattern: r"\baldre\b|65\s*\+|75\s*\+|over\s+65",
        value: "ageing",
        example: "75 +år",
    },
    Rule {
        pattern: r"sysselsattning|\barbete\b|\bstudier|gymnasie|yrkesfor\s+alder",
        value: "employment",
        example: "inte har en avslutad eller pågående gymnasieskola",
    },
];

/// Problem areas a description states reliably enough to count: what the
/// intervention works with ("Sorgbearbetning … vid dödsfall, separationer
/// och andra förluster", 000; "Stöd och rådgivning under en
/// separationsprocess", 002; "barn med skilda föräldrar", 000).
pub const DESCRIPTION_PROBLEM_AREAS: &[Rule<&str>] = &[Rule {
    pattern: r"separation|separerade|skilda\s+(?:foraldrar|varldar)|skilsmass",
    value: "separation",
    example: "känslomässig läkning vid dödsfall, separationer och andra förluster",
}];

/// A named programme or method, detected into `programmes` so a researcher
/// can ask "who offers ABC without assessment, and how is it documented?".
pub struct Programme {
    pub name: &'static str,
    /// Matched against the text as printed (acronyms: case matters, "MI" is
    /// not "mi"). `None` when only the folded pattern applies.
    pub acronym: Option<&'static str>,
    /// Matched against folded text (lowercase, å ä → a, ö → o).
    pub folded: Option<&'static str>,
    pub example: &'static str,
}

pub const PROGRAMMES: &[Programme] = &[
    Programme {
        name: "ABC",
        acronym: Some(r"\bABC\b"),
        folded: Some(r"alla\s+barn\s+i\s+centrum"),
        example: "ABC Alla barn i centrum 3-12 år (001)",
    },
    Programme {
        name: "KOMET",
        acronym: Some(r"\b(?:KOMET|Komet)\b"),
        folded: None,
        example: "Komet 3-11 år (004)",
    },
    Programme {
        name: "CRAFT",
        acronym: Some(r"\bCRAFT\b"),
        folded: None,
        example: "Exempel - CRAFT (000)",
    },
    Programme {
        name: "A-CRA",
        acronym: Some(r"\bA-CRA\b"),
        folded: None,
        example: "3.3. A-CRA (003)",
    },
    // CRA on its own; "A-CRA" is excluded by the caller.
    Programme {
        name: "CRA",
        acronym: Some(r"\bCRA\b"),
        folded: Some(r"community\s+reinforcement\s+approach"),
        example: "behandling enligt CRA (000)",
    },
    Programme {
        name: "HAP",
        acronym: Some(r"\bHAP\b"),
        folded: Some(r"hasch?avvanjning|hachavvanjning|cannabisprogram"),
        example: "Haschavvänjningsprogrammet/Cannabisprogrammet ungdom (003)",
    },
    Programme {
        name: "MET",
        acronym: Some(r"\bMET\b"),
        folded: Some(r"motivationshojande\s+behandling"),
        example: "MET (000)",
    },
    Programme {
        name: "MI",
        acronym: Some(r"\bMI\b"),
        folded: Some(r"motiverande\s+samtal"),
        example: "Motiverande samtal (004)",
    },
    Programme {
        name: "KBT",
        acronym: Some(r"\bKBT\b"),
        folded: Some(r"kognitiv\s+beteendeterapi"),
        example: "KBT och MI (000)",
    },
    Programme {
        name: "FFT",
        acronym: Some(r"\bFFT\b"),
        folded: Some(r"funktionell\s+familjeterapi"),
        example: "Funktionell familjeterapi (FFT) (003)",
    },
    Programme {
        name: "BRA-samtal",
        acronym: None,
        folded: Some(r"\bbra-samtal"),
        example: "BRA-samtal",
    },
    Programme {
        name: "Trygghetscirkeln",
        acronym: None,
        folded: Some(r"trygghetscirkeln"),
        example: "- Trygghetscirkeln (001)",
    },
    Programme {
        name: "BIFF",
        acronym: Some(r"\bBIFF\b"),
        folded: None,
        example: "BIFF (Barn i föräldrars fokus) (004)",
    },
    Programme {
        name: "Barnbyrån",
        acronym: None,
        folded: Some(r"barnbyran"),
        example: "Barnbyrån stödgrupp för barn (004)",
    },
    Programme {
        name: "Signs of Safety",
        acronym: None,
        folded: Some(r"signs\s+of\s+safety"),
        example: "Signs of Safety",
    },
    Programme {
        name: "Origo",
        acronym: Some(r"\bOrigo\b"),
        folded: None,
        example: "Origo",
    },
    Programme {
        name: "Återfallsprevention",
        acronym: None,
        folded: Some(r"aterfallsprevention"),
        example: "3.4. Återfallsprevention (003)",
    },
    Programme {
        name: "Spel till friheten",
        acronym: None,
        folded: Some(r"spel\s+till\s+friheten"),
        example: "3.6. Spel till friheten (003)",
    },
    Programme {
        name: "IVIN",
        acronym: Some(r"\bIVIN\b"),
        folded: None,
        example: "Samtal om våld IVIN (003)",
    },
    Programme {
        name: "Föräldraskap i Sverige",
        acronym: None,
        folded: Some(r"foraldraskap\s+i\s+sverige"),
        example: "Föräldraskap i Sverige (004)",
    },
    Programme {
        name: "Hela barn",
        acronym: None,
        folded: Some(r"\bhela\s+barn\b"),
        example: "Hela barn - samtalsserie (004)",
    },
    Programme {
        name: "SSPF",
        acronym: Some(r"\bSSPF\b"),
        folded: None,
        example: "Polis och Fritid SSPF (001)",
    },
    Programme {
        name: "FOSSAM",
        acronym: Some(r"\bFOSSAM\b"),
        folded: None,
        example: "FOSSAM (000)",
    },
];

/// Residency as a condition: "Folkbokförd på Gotland", "Barnet ska vara
/// folkbokfört i Alingsås kommun", "bosatt i kommunen".
pub const RESIDENCY: &str = r"folkbokf.rd|folkbokf.rt|\bbosatt";

/// A guardian's consent required for this row.
pub const CONSENT_REQUIRED: &str = r"samtycke\s+(?:kravs|fran\s+(?:bada|samtliga|vardnadshavar))|kravs\s+(?:alltid\s+)?(?:vardnadshavares?\s+)?samtycke|efter\s+samtycke|samtycke\s+kr.vs";

/// A document-wide rule that 15–17 year-olds need no guardian's consent.
pub const CONSENT_15PLUS: &str = r"(?:15\s*(?:-|–|till|och)\s*1[78]\s*ar|fyllt\s+15\s+ar|over\s+15).{0,120}utan\s+(?:vardnadshavare\w*\s+)?samtycke|utan\s+vardnadshavare\w*\s+samtycke.{0,60}15";

/// A document-wide residency rule (Sala: "Insatserna riktar sig till
/// personer som är folkbokförda i Sala kommun"), on folded text.
pub const DOCUMENT_WIDE_RESIDENCY: &str = r"(?:insatserna|samtliga\s+insatser|alla\s+insatser)\s+(?:\w+\s+){0,6}(?:som\s+ar\s+)?folkbokf.rda?";

/// The same rule on printed text, with the place it names.
pub const DOCUMENT_RESIDENCY_PLACE: &str = r"(?i:insatserna|samtliga\s+insatser|alla\s+insatser)\s+(?:\S+\s+){0,6}?(?i:folkbokförda?|folkbokforda?)\s+(?P<place>(?:i|på)\s+\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*(?:\s+(?:kommun|stad))?)";

/// A document-wide consent rule for the youngest ("Insatser till barn under
/// 15 år ges efter samtycke från vårdnadshavare"): binds every row aimed at
/// children. Worded for the whole list, so a row's own "Barn under 15 år
/// kan delta efter samtycke" does not read as one.
pub const DOCUMENT_CONSENT_UNDER_15: &str = r"insatser(?:na)?\s+(?:till|for)\s+barn\s+under\s+15\s+ar\s+(?:ges|kraver|forutsatter)\s+(?:\w+\s+){0,2}?samtycke";

/// Cells besides the documentation field that say how a row is documented
/// or why not ("Hur insatsen dokumenteras", "Skäl till undantag",
/// "Motivering"), on the folded header.
pub const DOCUMENTATION_HEADER: &str = r"dokument|motiv|\bskal\b|undantag";

/// Items of a target-group cell that are villkor whatever their form
/// (folded): residency, guardian's consent, schooling, legal gender.
/// (A joint request: "Samarbetssamtal inleds efter föräldrarnas gemensamma
/// begäran", 002.)
pub const CHECKABLE_CONDITION: &str = r"folkbokf.rd|folkbokf.rt|\bbosatt|samtycke|racker\s+det\s+med\s+en\s+vardnadshavare|\binskrivna?\b|juridisk\s+mening|gemensamma?\s+begaran";

/// A relative clause makes an age sentence a description of the group
/// ("Individer 15-21 år som upplever …", "… där det finns en oro"), and so
/// does a "med" after the age ("Vuxna i yrkesför ålder 18-69 år med
/// psykisk funktionsnedsättning", 000; "Vuxna personer mellan 18 och 65 år
/// med egenupplevd psykisk ohälsa", 002).
pub const DESCRIPTIVE_CLAUSE: &str = r"\b(?:som|dar|vars|vilka|vilket)\b|\bar\s*\+?\s+med\b";

/// First words of an item that is an age limit by itself ("Över 65+ år",
/// "Från 18 år", "Ålder 0-18 år"), folded.
pub const AGE_LEAD_WORDS: &[&str] = &["over", "fran", "under", "upp", "mellan", "alder"];

/// Carers in the singular state who may apply ("Förälder till barn 0-21
/// år", "Anhörig till person upp till 24 år", 000); plurals describe a
/// group ("Föräldrar med barn 0-6 år", 002).
pub const SINGULAR_CARERS: &[&str] = &["foralder", "anhorig"];

/// A conditions label inside a cell ("Villkor: …", Sala; "Kriterier:",
/// "Krav för att ta del:"), on printed text.
pub const CONDITIONS_LABEL: &str =
    r"(?i)\b(?:villkor|kriterier|krav(?:\s+för\s+att\s+ta\s+del)?)\s*:\s*";

/// "Målgrupp:" leading a combined cell (Sala).
pub const TARGET_GROUP_LABEL: &str = r"(?i)^\s*m[åa]lgrupp\s*:\s*";

/// A conditions cell that states none ("Inga särskilda villkor", "-").
pub const NO_CONDITION: &str = r"^(?:inga(?:\s+sarskilda)?(?:\s+villkor)?|nej|saknas|ingen|-|–)$";

/// Clauses after a carer noun that describe the person cared for
/// ("Anhörig till person med …", "närstående som är långvarigt sjuk,
/// äldre", 004), folded; the carer noun is kept.
pub const CARED_FOR_CLAUSE: &str = r"\b(foralder|foraldrar|vardnadshavare|anhorig|anhoriga|narstaende|omsorgspersoner)\s+(?:till|med|vars|som)\s+[^.,;]*";

/// A child "till föräldrar som inte lever tillsammans" (004, Barnbyrån):
/// the parents name whose child it is, not an audience.
pub const CHILD_OF_CLAUSE: &str = r"\b(barn|unga|ungdomar)\b((?:\s+\d{1,2}\s*-\s*\d{1,2})?(?:\s+ar)?)\s+till\s+(?:foraldrar|foralder|vardnadshavare)\b[^.,;]*";

/// Items that name no audience: residency rules ("Barnet ska vara
/// folkbokfört i Alingsås kommun") and definitions ("En närstående kan vara
/// partner, syskon, förälder, barn eller vän", 002).
pub const NOT_AUDIENCE_SENTENCE: &str = r"folkbokf|\bbosatt|\bkan\s+vara\b";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::fold;
    use regex::Regex;

    fn first<T: Copy>(rules: &[Rule<T>], text: &str) -> Option<T> {
        let folded = fold(text);
        rules
            .iter()
            .find(|r| Regex::new(r.pattern).unwrap().is_match(&folded))
            .map(|r| r.value)
    }

    #[test]
    fn every_rule_matches_its_own_example() {
        let tables: [&[Rule<&str>]; 7] = [
            DESCRIPTION_PROBLEM_AREAS,
            REGIME,
            IDENTITY_REASON,
            CATEGORY,
            CATEGORY_COLUMN,
            AUDIENCES,
            PROBLEM_AREAS,
        ];
        for table in tables {
            for rule in table {
                let re = Regex::new(rule.pattern).unwrap();
                assert!(
                    re.is_match(&fold(rule.example)),
                    "{} does not match {:?}",
                    rule.pattern,
                    rule.example
                );
            }
        }
    }

    #[test]
    fn every_programme_matches_its_example() {
        for p in PROGRAMMES {
            let by_acronym = p
                .acronym
                .is_some_and(|a| Regex::new(a).unwrap().is_match(p.example));
            let by_folded = p
                .folded
                .is_some_and(|f| Regex::new(f).unwrap().is_match(&fold(p.example)));
            assert!(
                by_acronym || by_folded,
                "{} does not match {:?}",
                p.name,
                p.example
            );
        }
        // An acronym is matched as printed: "mi" inside a word is not MI.
        let mi = Regex::new(
            PROGRAMMES
                .iter()
                .find(|p| p.name == "MI")
                .unwrap()
                .acronym
                .unwrap(),
        )
        .unwrap();
        assert!(!mi.is_match("familj mi nära"));
    }

    #[test]
    fn regimes_quoted_from_plans() {
        assert_eq!(
            first(
                REGIME,
                "Ska dokumenteras i genomförande. Insatsen är av sådan karaktär"
            ),
            Some("full")
        );
        assert_eq!(
            first(REGIME, "Personuppgifter ska inte dokumenteras i genomförande. Motiv till undantag från dokumentation av personuppgifter är att rådgivning är fortsatt undantaget dokumentationsplikt i ny socialtjänstlag."),
            Some("advice_exempt")
        );
        assert_eq!(
            first(REGIME, "Personuppgifter ska inte dokumenteras i genomförande. Motiv till undantag från dokumentation av personuppgifter är att insatserna är av den karaktären att personuppgifter bedöms obehövliga"),
            Some("identity_exempt")
        );
        assert_eq!(
            first(
                REGIME,
                "Max 5 samtal utan dokumentation om personliga förhållanden."
            ),
            Some("conditional")
        );
        assert_eq!(
            first(
                REGIME,
                "Genomförande av informationssamtal ska dokumenteras."
            ),
            Some("full")
        );
    }

    #[test]
    fn short_decisions_and_document_rules() {
        assert_eq!(first(REGIME, "Dokumenteras ej"), Some("identity_exempt"));
        assert_eq!(first(REGIME, "Nej. Saknas skäl till dokumentation"), None);
        let under15 = Regex::new(DOCUMENT_CONSENT_UNDER_15).unwrap();
        assert!(under15.is_match(&fold(
            "Insatser till barn under 15 år ges efter samtycke från vårdnadshavare."
        )));
        assert!(!under15.is_match(&fold(
            "Barn under 15 år kan delta efter samtycke från båda vårdnadshavarna"
        )));
        let header = Regex::new(DOCUMENTATION_HEADER).unwrap();
        for h in [
            "Hur insatsen dokumenteras",
            "Skäl till undantag",
            "Motivering",
        ] {
            assert!(header.is_match(&fold(h)), "{h}");
        }
        assert!(!header.is_match(&fold("Vem kan delta")));
    }

    #[test]
    fn legal_basis_spellings() {
        let re = Regex::new(LEGAL_BASIS).unwrap();
        for (text, expected) in [
            ("Undantag enligt 14 kap. 5 § socialtjänstlagen", "5"),
            ("enligt 14 kap 4 § da det", "4"),
            (
                "Full dokumentation enligt SoL 14 kap 3§ i systemet BOSS",
                "3",
            ),
            ("enligt 14 kap § 4 SoL", "4"),
        ] {
            let folded = fold(text);
            let caps = re.captures(&folded).unwrap();
            let got = caps.get(1).or(caps.get(2)).unwrap().as_str();
            assert_eq!(got, expected, "{text}");
        }
        assert!(!re.is_match("11 kap 5 § socialtjänstlagen"));
    }

    #[test]
    fn identity_reasons() {
        assert_eq!(first(IDENTITY_REASON, "då det bedöms vara svårt att nå målgruppen för insatsen utan en möjlighet för enskilda att delta anonymt"), Some("anonymity"));
        assert_eq!(
            first(
                IDENTITY_REASON,
                "då det inte ar behdvligt eller lampligt for insatsen"
            ),
            Some("not_needed")
        );
        assert_eq!(
            first(IDENTITY_REASON, "Saknas skäl till dokumentation"),
            Some("not_needed")
        );
    }

    #[test]
    fn consent_rules() {
        let required = Regex::new(CONSENT_REQUIRED).unwrap();
        assert!(required.is_match(&fold(
            "Barn under 15 år kan delta efter samtycke från båda vårdnadshavarna"
        )));
        assert!(required.is_match(&fold("Samtycke krävs från vårdnadshavare")));
        let fifteen = Regex::new(CONSENT_15PLUS).unwrap();
        assert!(fifteen.is_match(&fold("För barn mellan 15-18 år kan insatser ges utan vårdnadshavares samtycke om det bedöms lämpligt")));
        assert!(fifteen.is_match(&fold("erbjuda insatser utan behovsprövning till barn som har fyllt 15 år, även utan vårdnadshavarens samtycke")));
    }
}
