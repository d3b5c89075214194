"""What each intervention is, in a sentence or two, for the layouts that print a
description (f3 prose, f5 'Så här går det till', grids with a description
column). Descriptions of 002's and f5's records are those plans' own text
(shortened); the others are written in the style of the Gotland and Sala plans.
None of them names a unit or a documentation decision, so they cannot change
what the gold says."""

BY_NAME = {
    "Städning": "Hjälp från hemtjänsten med städning av upp till två rum och kök var tredje vecka.",
    "Inköp": "Hjälp från hemtjänsten med inköp av dagligvaror en gång per vecka.",
    "Tvätt": "Hjälp från hemtjänsten med tvätt varannan vecka.",
    "Trygghetslarm": "Trygghetslarm i syfte att öka tryggheten hos den enskilde genom att göra det möjligt att påkalla hjälp vid akut behov.",
    "Öppen träffpunkt ”Mötesplatsen Gråbo”": "Öppen träffpunkt med gruppaktiviteter tillsammans med volontärer. Fika erbjuds till självkostnadspris.",
    "Aktiviteter – enstaka arrangemang": "Föreläsningar, utflykter och andra enstaka arrangemang som syftar till att bryta ensamhet och främja hälsa.",
    "Enskilda samtal": "Enskilda stödsamtal för att hantera den egna situationen och orka i vardagen.",
    "Efterlevandelots": "Stöd och vägledning till efterlevande under den första tiden efter ett suicid.",
    "Gruppverksamhet": "Samtalsgrupper där deltagarna delar erfarenheter med andra i liknande situation.",
    "Öppen träffpunkt": "Öppna träffpunkter i syfte att ge möjlighet till meningsfull sysselsättning. Verksamheten har fokus på trygghet, gemenskap och social samvaro.",
    "Samtal för råd och stöd/ inklusive insatser": "Stödjande och sorterande samtal, enskilt eller tillsammans med andra familjemedlemmar.",
    "Stödgrupper för föräldrar": "Gruppverksamhet som syftar till att stötta föräldrar i strukturerad manualbaserad form tillsammans med andra föräldrar i liknande situationer.",
    "Stödgrupper för barn": "Samtalsgrupper för barn som lever med separerade föräldrar eller i familjer med svårigheter.",
    "FOSSAM": "En strukturerad form av tidiga samordnade insatser där socialtjänst, barn- och elevhälsa och barnets skola samarbetar.",
    "Nätverksmöten": "Nätverksmöten som syftar till att den enskilde ska få hjälp och stöd av sitt nätverk. Teamet håller i mötena och följer upp.",
    "Nätverksmöte": "Ett möte lett av nätverksledare där den enskilde samlar sitt nätverk kring en fråga om sin sociala situation.",
    "Barnsamtal": "Informations- och krissamtal utifrån metoden BRA-samtal. Barnet kan slussas vidare till familjestödet vid behov.",
    "Familjerådgivning": "Stöd och rådgivning till den som upplever samlevnadsproblem och konflikter i sina par- och familjerelationer.",
    "Samarbetssamtal": "Strukturerade samtal under sakkunnig ledning med föräldrar som är oeniga om vårdnad, boende eller umgänge.",
    "Informationssamtal": "Samtal med separerade föräldrar inför en tvist i domstol om vårdnad, boende eller umgänge.",
    "Psykosocial behandling Individuellt": "Individuell behandling, till exempel CRA eller återfallsprevention, som bygger på kognitiv beteendeterapi och motiverande samtal.",
    "Psykosocial behandling Gruppverksamhet": "Behandling i grupp med återfallsprevention och motiverande samtal.",
    "Sorgbearbetning individuellt": "Sorgbearbetning är ett handlingsprogram för känslomässig läkning vid dödsfall, separationer och andra förluster.",
    "Sorgbearbetning grupp": "Sorgbearbetning i grupp, ett handlingsprogram för känslomässig läkning vid dödsfall, separationer och andra förluster.",
    "Gruppverksamhet anhöriga": "Anhöriggrupp där deltagarna får kunskap om beroende och stöd i att hitta förhållningssätt.",
    "Budget- och skuldrådgivning": "Stöd och rådgivning i syfte att få ordning på vardagsekonomin eller skuldsituationen. Stöd ges även under en skuldsaneringsprocess.",
    "Beroenderådgivning": "Stöd och rådgivande samtal till personer med självuppfattad beroendeproblematik av alkohol, droger eller spel om pengar.",
    "Rådgivning vid våld i nära relationer": "Stöd och rådgivning till personer som är eller har varit utsatta för våld i nära relation eller som utsätter närstående för våld.",
    "Rådgivning till bostadslösa": "Information och rådgivning om bostadssökande till personer med en osäker bostadssituation.",
    "Föräldrarådgivning": "Information och rådgivande samtal för vägledning och stöd i föräldraskapet, till exempel om gränssättning och barnets skolsituation.",
    "Föräldrarådgivning på Familjens hus i Sollebrunn": "Föräldrarådgivare deltar i aktiviteter på öppna förskolan och erbjuder enskilda råd- och stödsamtal till föräldrar.",
    "Föräldrarådgivning på Familjens hus i Dalby": "Föräldrarådgivare deltar i aktiviteter på öppna förskolan och gör hembesök tillsammans med BVC.",
    "Föräldrarådgivning vid skolsocial problematik": "Stöd och rådgivande samtal med föräldrar vars barn har en skolsocial problematik, till exempel skolfrånvaro.",
    "Föräldraträffar ABC": "Föräldraträffar ABC är en föräldrastödjande insats i grupp som syftar till att stärka familjerelationer och hjälpa föräldrar att handskas med vardagssituationer.",
    "Anhörigstöd vid beroende": "Information, stöd och rådgivning till anhöriga till personer med beroendeproblematik. Anhöriggrupp CRAFT erbjuds.",
    "Anhörigstöd vid kriminalitet": "Information, stöd och rådgivning till anhöriga till personer med kriminalitetsproblematik.",
    "Anhörigstöd vid psykisk ohälsa": "Information, stöd och rådgivning till anhöriga till personer med psykisk ohälsa. Insatsen kan ges individuellt eller i grupp.",
    "Anhörigstöd vid ungas beroende Mini Maria": "Information, stöd och rådgivning till anhöriga och närstående till unga med oro för eller risk för skadligt bruk.",
    "Aktivitetshus Gläntan": "En nykter och drogfri mötesplats som uppmuntrar till aktivt deltagande och ett sätt att bryta social isolering.",
    "Krisstöd placerat barn": "Föräldrastöd för att hantera den krissituation som kan uppstå när ett barn placeras utanför det egna hemmet.",
    "Efter barnförhöret": "En modell för att ge stöd och information till barn och föräldrar vid misstanke om barnmisshandel, med hembesök och stödjande samtal.",
    "Boendecoachning": "Coachande samtal med struktur och konkreta verktyg i syfte att den enskilde hittar en stabil bostadssituation.",
    "Familjebehandling": "Samtalsstöd och föräldrastöd kring gränssättning, samspel och konflikthantering inom familjen.",
    "Beroendestöd vid Mini Maria": "Mottagningen erbjuder råd, stöd och behandling till unga som har frågor eller bekymmer kopplade till alkohol, droger eller spel om pengar.",
    "Beroendestöd vid Socialmedicinsk mottagning": "Samordning av stöd, antabusbehandling, provtagning och stödsamtal med metoden MET.",
    "ABC 3-12 år": "Föräldraprogram i grupp med fyra träffar om att stärka relationen mellan barn och föräldrar.",
    "Komet 3-11 år": "Föräldragrupp som träffas en gång i veckan vid elva tillfällen för att öka det positiva samspelet med barnen.",
    "Komet 12-18": "Föräldraprogram för föräldrar till tonåringar med fokus på att minska konflikter i vardagen.",
    "Strategi": "Föräldrautbildning i grupp om förhållningssätt och strategier i vardagen med barn som har ADHD.",
    "Föräldraskap i Sverige": "Gruppverksamhet om hur det är att vara familj i ett nytt land och hur förskola, skola och vård fungerar.",
    "Öppen insats - råd och stöd (15-21 år)": "Upp till fem rådgivande samtal för unga som vill ha stöd för att komma vidare.",
    "Provtagning/Drogscreening (barn och unga under 18 år)": "Provtagning för att upptäcka droganvändning i ett tidigt skede, i kombination med stödsamtal.",
    "Provtagning/Drogscreening (vuxna)": "Provtagning för den som vill visa eller upprätthålla drogfrihet.",
    "Krisstöd": "Krissamtal som om möjligt erbjuds samma dag eller inom några dagar efter en krisutlösande händelse.",
    "Medling": "Ett möte mellan gärningsperson och brottsoffer under ledning av en opartisk medlare.",
    "Individuellt anpassad insats - KAA": "Individuellt stöd för att komma vidare till studier, praktik eller arbete.",
    "Budgetrådgivning": "Rådgivning om hushållsekonomi, budget och vardagsekonomi.",
    "Skuldrådgivning och skuldsanering": "Stöd för personer med skulder som blivit svåra att hantera, bland annat i ansökan om skuldsanering hos Kronofogden.",
    "VIR - grupp": "Stödgrupp för personer som har levt med våld i en nära relation.",
    "Motivationsgrupp": "Gruppträffar för den som funderar över sitt bruk och vill undersöka om en förändring är aktuell.",
    "Anhörigstöd - grupp": "Anhöriggrupp där deltagarna får kunskap och stöd av varandra.",
    "Aktiviteter för anhöriga": "Olika aktiviteter för anhöriga med eller utan sina närstående, till exempel promenadfika, målning och stavgång.",
    "Barnbyrån stödgrupp för barn": "Stödgrupp där barn till separerade föräldrar får träffa andra barn i samma situation.",
    "BIFF (Barn i föräldrars fokus)": "Föräldrautbildning för separerade föräldrar om barnets behov vid en separation.",
    "Rådgivning familjerättsgruppen": "Rådgivning i frågor om vårdnad, boende och umgänge.",
    "Hela barn - samtalsserie": "En barnfokuserad samtalsserie med fem strukturerade samtal för föräldrar i konflikt.",
    "Informationssamtal för adoptionsintresserade": "Information om adoptionsprocessen och vad en medgivandeutredning innebär.",
    "Mika-mottagningen": "Motiverande samtal, råd och professionellt stöd till förändring, via telefon, e-post eller besök.",
    "KAST-mottagningen": "Samtal för den som köper eller funderar på att köpa sexuella tjänster och vill förändra sitt beteende.",
}

# Prefix matches for the families of names that differ only in a qualifier.
BY_PREFIX = [
    ("Öppen ingång - råd och stöd", "Upp till fem rådgivande samtal med syfte att ge stöd och vägledning. Kan ske via telefon, digitalt eller vid fysiska möten."),
    ("Enskilt stöd till anhöriga", "Rådgörande och stöttande samtal med information och motivation till att ta emot stödinsatser om behov finns."),
]


def describe(name: str) -> str | None:
    if name in BY_NAME:
        return BY_NAME[name]
    for prefix, text in BY_PREFIX:
        if name.startswith(prefix):
            return text
    return None
