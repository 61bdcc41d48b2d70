"""The report's Dutch words: month names, levels, and the label of every indicator it shows."""

from __future__ import annotations

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
# The level of a region code, by its prefix (sub-region codes start with SR-, see chain/monitoring).
NIVEAUS = {"AM": "arbeidsmarktregio", "MC": "rmc_regio", "SR": "subregio", "GM": "gemeente"}
NIVEAU_NAAM = {"arbeidsmarktregio": "arbeidsmarktregio", "rmc_regio": "RMC-regio", "subregio": "subregio",
               "gemeente": "gemeente"}

SOORT = {"instroom_nieuw": "nieuw op de lijst", "instroom_terugkeer": "teruggekeerd op de lijst",
         "instroom_verhuisd": "verhuisd uit een andere gemeente"}
REDEN = {
    "overleden": "overleden", "vertrokken_buitenland": "vertrokken naar het buitenland",
    "verhuisd": "verhuisd naar een andere gemeente", "leeftijd": "27 jaar geworden",
    "startkwalificatie": "startkwalificatie behaald", "onderwijs": "naar onderwijs", "uitkering": "uitkering",
    "werk": "werk gevonden", "onbekend": "reden onbekend",
}
FILTER = {
    "instroom": "nieuwe instroom, voor filtering", "instroom_zzp": "zzp'er (ingeschreven bij de KvK)",
    "instroom_bekend": "al bekend bij de gemeente", "instroom_benaderen": "te benaderen door de casemanager",
    "instroom_bezwaar": "bezwaar gemaakt",
}
CASEMANAGER = {
    "jongeren_casemanager": "op de werklijst", "kaartje_verstuurd": "kaartje verstuurd",
    "reactie_ja": "reageerde op het kaartje", "huisbezoek": "huisbezoek afgelegd", "bereikt": "bereikt",
    "toestemming": "toestemming gegeven", "bezwaar": "bezwaar gemaakt",
}
BESTEMMING = {
    "opleiding": "opleiding", "werk": "werk", "uitkering": "uitkering", "verhuizing": "verhuisd",
    "samenwonen": "samenwonen", "dagbesteding": "dagbesteding", "vrijwilligerswerk": "vrijwilligerswerk",
    "afzien": "ziet af van hulp", "eigen_onderneming": "eigen onderneming", "anders": "anders",
}
WERK = {
    "werk_uitstroom_gevolgd": "gevolgd: uitgestroomd naar werk, 7 maanden eerder",
    "werk_12u": "gemiddeld minstens 12 uur per week gewerkt", "werk_20u": "gemiddeld minstens 20 uur per week gewerkt",
    "werk_na_3_maanden": "na 3 maanden nog aan het werk", "werk_na_6_maanden": "na 6 maanden nog aan het werk",
    "contract_vast": "vast contract na 6 maanden", "contract_flexibel": "flexibel contract na 6 maanden",
    "economisch_zelfstandig": "economisch zelfstandig",
}
