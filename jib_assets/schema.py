"""The schema register: the tables the chain keeps in the warehouse, each column's type, comment, value
set and whether it identifies a person. Every fact about a column is written here once; generated from
it are the DDL of the tables created explicitly, the pandera contracts of the chain's tables
(quality/contracts), the value sets of the GX suites (quality/expectations), the columns erasure
clears and its check looks for (privacy/erasure), the columns never published to analysts
(publish/analytics) and the warehouse data dictionary (report/dictionary, docs/warehouse.md).

Adding a table is adding a `Table` to TABLES; adding a value set is adding it to VALUE_SETS.
The delivered files' formats stay in ingest/sources.py (sources.md), whose value sets this reads.
The monitoring tables' column comments stay beside their SQL in chain/monitoring.py (KOLOMMEN); the
dictionary reads them from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jib_assets.ingest import sources as s

# Each value set of the chain, once, in the order of its rule (rules.md 3 and 4: first that applies).
VALUE_SETS: dict[str, tuple[str, ...]] = {
    "categorie": ("bezwaar", "bekend", "zzp", "benaderen"),
    "werklijst_categorie": ("zzp", "benaderen"),
    "status": ("instroom", "blijft", "uitstroom"),
    "soort_instroom": ("verhuisd", "terugkeer", "nieuw"),
    "reden_uitstroom": (
        "overleden", "vertrokken_buitenland", "verhuisd", "leeftijd", "startkwalificatie",
        "onderwijs", "uitkering", "werk", "onbekend",
    ),
    "niveau": ("gemeente", "arbeidsmarktregio", "rmc_regio", "subregio", "nederland"),  # of the monitoring tables
    # Person-level data problems of DUO selection (rules.md 1): kept in quarantaine, never dropped.
    "reden_quarantaine": (
        "geen BRP-record", "meerdere BRP-records", "geen geboortedatum", "geen adres op peildatum",
        "meerdere adressen op peildatum",
    ),
}
# Why a DUO-known person is not selected (rules.md 1), first failing condition first: the uitstroom reasons
# that are selection conditions, in their order (so both steps speak the same words), then a woongemeente
# outside the deployment's area (interfaces.md, JIB_GEBIED).
_LATER_STEPS = frozenset({"verhuisd", "uitkering", "werk", "onbekend"})  # reasons of steps 2 to 4
VALUE_SETS["reden_uitsluiting"] = (
    *(r for r in VALUE_SETS["reden_uitstroom"] if r not in _LATER_STEPS), "buiten_gebied",
)
# The value sets of the delivery formats (sources.md), written once in ingest/sources.py.
SOURCE_VALUE_SETS: dict[str, tuple[str, ...]] = {
    "geslacht": s.GESLACHTEN,
    "diploma": s.DIPLOMAS,
    "onderwijssoort": s.ONDERWIJSSOORTEN,
    "bestemming": s.BESTEMMINGEN,
    "vraag": s.ONDERSTEUNINGSVRAGEN,
}
# The sets by the names the chain's code uses (the same tuples, not copies): import these, never retype one.
CATEGORIEEN = VALUE_SETS["categorie"]
WERKLIJST_CATEGORIEEN = VALUE_SETS["werklijst_categorie"]
STATUSSEN = VALUE_SETS["status"]
SOORTEN_INSTROOM = VALUE_SETS["soort_instroom"]
REDENEN_UITSTROOM = VALUE_SETS["reden_uitstroom"]
REDENEN_UITSLUITING = VALUE_SETS["reden_uitsluiting"]
REDENEN_QUARANTAINE = VALUE_SETS["reden_quarantaine"]
BESTEMMINGEN = SOURCE_VALUE_SETS["bestemming"]
VRAGEN = SOURCE_VALUE_SETS["vraag"]
# A value set that is a reference table, not a list: resolved by value_set() when asked for.
GEMEENTECODE = "gemeentecode"


@dataclass(frozen=True)
class Column:
    """One column. `identifying`: names, addresses, BSN, birth date: erased after an objection and never
    published. `pseudonym`: the keyed jib_id: kept (it honours the objection) but never published.
    `type` None: the table takes the type from the query that builds it (no DDL is generated)."""

    name: str
    type: str | None
    comment: str
    nullable: bool = True
    values: str | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    identifying: bool = False
    pseudonym: bool = False


@dataclass(frozen=True)
class Table:
    """One warehouse table. `created`: made by the register's DDL before its first load (else from the
    shape of its query); `strict`: the contract refuses any column not listed here; `key`: unique per row."""

    name: str
    comment: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    created: bool = False
    strict: bool = False
    contract: bool = True

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name} has no column {name!r} in the schema register")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, type_: str | None, comment: str, **kwargs) -> Column:
    return Column(name, type_, comment, **kwargs)


PEILDATUM = _c("peildatum", "DATE", "Peildatum (eerste dag van de maand) waarop de rij geldt.", nullable=False)
BSN = _c("bsn", "VARCHAR", "Burgerservicenummer; leeg na bezwaar (gewist).", pattern=s.BSN_PATROON, identifying=True)
JIB_ID = _c("jib_id", "VARCHAR", "Pseudoniem van het BSN (JIB- en 12 tekens, HMAC met de sleutel van de regio).",
            nullable=False, pattern=s.JIB_ID_PATROON, pseudonym=True)
GEBOORTEDATUM = _c("geboortedatum", "DATE", "Geboortedatum (BRP); leeg na bezwaar.", identifying=True)
GESLACHT = _c("geslacht", "VARCHAR", "Geslacht volgens de BRP: M, V of X.", values="geslacht")
LEEFTIJD = _c("leeftijd", "INTEGER", "Leeftijd in hele jaren op de peildatum.")
GEMEENTECODE_KOLOM = _c("gemeentecode", "VARCHAR", "CBS-code (GMxxxx) van de gemeente van de lijst.",
                        nullable=False, values=GEMEENTECODE)
WOONGEMEENTE = _c("woongemeente", "VARCHAR", "CBS-code (GMxxxx) van de woongemeente op de peildatum (BRP).",
                  nullable=False, values=GEMEENTECODE)
HOOGSTE_DIPLOMA = _c("hoogste_diploma", "VARCHAR", "Hoogste diploma tot en met de peildatum (DUO); leeg: geen.",
                     values="diploma")
LAATSTE_ONDERWIJSSOORT = _c("laatste_onderwijssoort", "VARCHAR",
                            "Onderwijssoort van de laatst geëindigde inschrijving (DUO).", values="onderwijssoort")
LAATSTE_ONDERWIJS_EINDDATUM = _c("laatste_onderwijs_einddatum", "DATE",
                                 "Einddatum van de laatst geëindigde inschrijving (DUO).")
DATUM_INSTROOM = _c("datum_instroom", "DATE",
                    "Peildatum van de eerste maand van de huidige aaneengesloten periode op de lijst.", nullable=False)
CATEGORIE = _c("categorie", "VARCHAR", "Categorie na gemeentelijke filtering (rules.md 3), de eerste die geldt.",
               nullable=False, values="categorie")

# Name, address and birth date as the BRP delivers them (rules.md 3: the worklist's NAW fields).
NAAM = (
    _c("geslachtsnaam", "VARCHAR", "Geslachtsnaam (BRP); leeg na bezwaar.", identifying=True),
    _c("voorvoegsel", "VARCHAR", "Voorvoegsel van de geslachtsnaam (BRP); leeg na bezwaar.", identifying=True),
    _c("voornamen", "VARCHAR", "Voornamen (BRP); leeg na bezwaar.", identifying=True),
)
ADRES = (
    _c("straatnaam", "VARCHAR", "Straatnaam van het adres op de peildatum (BRP); leeg na bezwaar.", identifying=True),
    _c("huisnummer", "INTEGER", "Huisnummer (BRP); leeg na bezwaar.", identifying=True, minimum=0),
    _c("huisletter", "VARCHAR", "Huisletter (BRP); leeg na bezwaar.", identifying=True),
    _c("huisnummertoevoeging", "VARCHAR", "Huisnummertoevoeging (BRP); leeg na bezwaar.", identifying=True),
    _c("postcode", "VARCHAR", "Postcode (1234AB, BRP); leeg na bezwaar.", pattern=s.POSTCODE_PATROON,
       identifying=True),
    _c("woonplaats", "VARCHAR", "Woonplaats (BRP); leeg na bezwaar.", identifying=True),
)
PERSOON_DUO = (
    GEBOORTEDATUM, LEEFTIJD, GESLACHT, HOOGSTE_DIPLOMA, LAATSTE_ONDERWIJSSOORT, LAATSTE_ONDERWIJS_EINDDATUM,
)


# Income and benefits on the peildatum (rules.md 2): persoon_toestand computes them, ib_verrijking and the lists
# carry them. Types as DuckDB spells them.
INKOMENSMAAND = _c("inkomensmaand", "DATE", "De maand waarvan het inkomen telt (peildatum min de vertraging).",
                   nullable=False)
INKOMEN_WERK = _c("inkomen_werk", "DECIMAL(14,2)", "Inkomen uit werk (SV-loon) in de inkomensmaand.",
                  nullable=False, minimum=0)
IN_BEZIT_VAN_WERK = _c("in_bezit_van_werk", "BOOLEAN", "Heeft in de inkomensmaand een polisregel.", nullable=False)
NULINKOMEN = _c("nulinkomen", "BOOLEAN", "Inkomen uit werk is 0.", nullable=False)
INKOMENSGRENS = _c("inkomensgrens", "DECIMAL(12,2)", "De inkomensgrens die op de peildatum geldt (parameters).",
                   nullable=False)
UITKERING = _c("uitkering", "BOOLEAN", "Een uitkering geldt op de peildatum (UWV).", nullable=False)
SOORTEN_UITKERING = _c("soorten_uitkering", "VARCHAR", "De soorten uitkering die gelden, gescheiden door komma's.")


def _with(column: Column, **changes) -> Column:
    return Column(**{**column.__dict__, **changes})


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "persoon_toestand",
            "De toestand van elke bij DUO bekende persoon op de peildatum die een regel nodig kan hebben (de "
            "anderen telt buiten_doelgroep), één keer berekend; selectie, verrijking, filtering en de reden van "
            "uitstroom lezen hem (rules.md 1 t/m 4).",
            (
                PEILDATUM, BSN,
                _with(JIB_ID, nullable=True, comment="Pseudoniem van het BSN, alleen voor wie op P of P-1 de "
                      "doelgroepleeftijd heeft; blijft na bezwaar (een herhaalde run leest het hier)."),
                _c("in_brp", "BOOLEAN", "Staat in de BRP-levering van de peildatum.", nullable=False),
                _c("brp_records", "BIGINT", "Aantal BRP-persoonsrecords met dit BSN (meer dan 1: quarantaine).",
                   nullable=False),
                GEBOORTEDATUM, _with(LEEFTIJD, type="BIGINT"),
                _c("doelgroepleeftijd", "BOOLEAN", "Leeftijd op de peildatum in de doelgroep (rules.md 1.1)."),
                GESLACHT,
                _c("overleden", "BOOLEAN", "Overleden op of voor de peildatum (BRP).", nullable=False),
                _c("vertrokken_buitenland", "BOOLEAN", "Naar het buitenland vertrokken op of voor de peildatum (BRP).",
                   nullable=False),
                _c("adressen_op_peildatum", "BIGINT", "Aantal BRP-adressen dat op de peildatum geldt.", nullable=False),
                _with(WOONGEMEENTE, nullable=True, comment="Woongemeente op de peildatum: de gemeente van het ene "
                      "geldende adres (leeg bij geen of meer dan één)."),
                _c("startkwalificatie", "BOOLEAN", "Heeft tot en met de peildatum een startkwalificatie behaald.",
                   nullable=False),
                HOOGSTE_DIPLOMA,
                _c("datum_hoogste_diploma", "DATE", "Datum van het hoogste diploma."),
                _c("in_onderwijs", "BOOLEAN", "Een inschrijving geldt op de peildatum (DUO).", nullable=False),
                LAATSTE_ONDERWIJSSOORT, LAATSTE_ONDERWIJS_EINDDATUM,
                INKOMENSMAAND, INKOMEN_WERK, IN_BEZIT_VAN_WERK, NULINKOMEN, INKOMENSGRENS,
                _c("onder_inkomensgrens", "BOOLEAN", "Inkomen uit werk onder de inkomensgrens.", nullable=False),
                UITKERING, SOORTEN_UITKERING,
                _c("bekend", "BOOLEAN", "Een klantperiode van een regeling van de woongemeente geldt (rules.md 3).",
                   nullable=False),
                _c("zzp", "BOOLEAN", "Een KvK-inschrijving geldt op de peildatum.", nullable=False),
            ),
            key=("peildatum", "bsn"),
            created=True,
            contract=False,
        ),
        Table(
            "buiten_doelgroep",
            "De bij DUO bekende personen op de peildatum die geen regel nodig heeft (één BRP-record met een "
            "geboortedatum, niet de doelgroepleeftijd op P of P-1), geteld per reden van uitsluiting; persoon_toestand "
            "en duo_beoordeling houden van hen niets (rules.md 1).",
            (
                PEILDATUM,
                _c("uitkomst", "VARCHAR", "Altijd uitgesloten.", nullable=False),
                _c("reden", "VARCHAR", "De eerste voorwaarde van rules.md 1 die niet geldt: overleden, "
                   "vertrokken_buitenland of leeftijd.", nullable=False, values="reden_uitsluiting"),
                _c("personen", "BIGINT", "Aantal personen.", nullable=False, minimum=1),
            ),
            key=("peildatum", "reden"),
            created=True,
            contract=False,
        ),
        Table(
            "duo_beoordeling",
            "Stap 1 (rules.md 1): elke persoon van persoon_toestand op de peildatum met één uitkomst (de andere bij "
            "DUO bekende personen telt buiten_doelgroep); duo_selectie en de quarantaine van stap 1 worden eruit "
            "gelezen, niemand valt weg.",
            (
                PEILDATUM, BSN,
                _with(JIB_ID, nullable=True, comment="Pseudoniem van het BSN, uit persoon_toestand: alleen voor wie "
                      "op P of P-1 de doelgroepleeftijd heeft."),
                _c("uitkomst", "VARCHAR", "geselecteerd, uitgesloten (een voorwaarde van rules.md 1 geldt niet) of "
                   "quarantaine (een gegevensprobleem van de persoon).", nullable=False),
                _c("reden", "VARCHAR", "Bij uitgesloten de eerste voorwaarde die niet geldt (een reden van "
                   "uitsluiting), bij quarantaine het gegevensprobleem; leeg bij geselecteerd."),
            ),
            key=("peildatum", "bsn"),
            contract=False,
        ),
        Table(
            "duo_selectie",
            "Stap 1 (rules.md 1): de geselecteerde jongeren per peildatum, met wat de gemeente meekrijgt.",
            (
                PEILDATUM, BSN, JIB_ID, GEBOORTEDATUM,
                _with(LEEFTIJD, type="BIGINT", nullable=False, minimum=23, maximum=26),
                _with(GESLACHT, nullable=False), WOONGEMEENTE,
                HOOGSTE_DIPLOMA, LAATSTE_ONDERWIJSSOORT, LAATSTE_ONDERWIJS_EINDDATUM,
            ),
            # By jib_id: an objector's erased rows have no BSN, and two of them are two persons.
            key=("peildatum", "jib_id"),
        ),
        Table(
            "ib_verrijking",
            "Stap 2 (rules.md 2): elke geselecteerde jongere met zijn inkomen uit werk in de inkomensmaand en zijn "
            "uitkeringen; de rijen met op_lijst zijn ib_lijst.",
            (
                PEILDATUM, BSN, JIB_ID, WOONGEMEENTE, *PERSOON_DUO[:1], _with(LEEFTIJD, type="BIGINT"),
                *PERSOON_DUO[2:], INKOMENSMAAND, INKOMEN_WERK, IN_BEZIT_VAN_WERK, NULINKOMEN, UITKERING,
                SOORTEN_UITKERING, INKOMENSGRENS,
                _c("op_lijst", "BOOLEAN", "Op de JIB-lijst: inkomen uit werk onder de inkomensgrens en geen uitkering.",
                   nullable=False),
            ),
            key=("peildatum", "jib_id"),
            contract=False,
        ),
        Table(
            "ib_lijst",
            "Stap 2 (rules.md 2): de JIB-lijst per peildatum: geselecteerd, onder de inkomensgrens, zonder uitkering.",
            (
                PEILDATUM, BSN, JIB_ID, WOONGEMEENTE,
                INKOMEN_WERK, IN_BEZIT_VAN_WERK, NULINKOMEN,
                *PERSOON_DUO[:1], _with(LEEFTIJD, type="BIGINT"), *PERSOON_DUO[2:],
            ),
            key=("peildatum", "jib_id"),
        ),
        Table(
            "stap_tellingen",
            "Per peildatum en woongemeente het aantal rijen van duo_selectie en ib_lijst (alleen aantallen, voor "
            "altijd bewaard): de maand-op-maandcontroles (GX, per_gemeente) vergelijken een maand hiermee met de "
            "maanden ervoor, want de staptabellen zelf houden alleen het herhaalvenster en de maand ervoor.",
            (
                _c("stap", "VARCHAR", "De staptabel: duo_selectie of ib_lijst.", nullable=False),
                PEILDATUM,
                _with(GEMEENTECODE_KOLOM, nullable=True, comment="Woongemeente van de rijen."),
                _c("rijen", "BIGINT", "Aantal rijen van de staptabel op de peildatum in die gemeente.", nullable=False,
                   minimum=1),
            ),
            key=("stap", "peildatum", "gemeentecode"),
            contract=False,
        ),
        Table(
            "gemeente_filter",
            "Stap 3 (rules.md 3): de JIB-lijst van de peildatum per woongemeente, met één categorie per jongere; "
            "gemeente_lijst leest hem.",
            (
                PEILDATUM, GEMEENTECODE_KOLOM, BSN, JIB_ID, CATEGORIE, GEBOORTEDATUM, GESLACHT,
                _with(LEEFTIJD, type="BIGINT"), HOOGSTE_DIPLOMA, LAATSTE_ONDERWIJSSOORT, INKOMEN_WERK,
            ),
            key=("peildatum", "jib_id"),
            contract=False,
        ),
        Table(
            "gemeente_lijst",
            "Stap 3 en 4 (rules.md 3, 4): per gemeente de lijst van de peildatum met categorie en status "
            "(instroom, blijft, uitstroom), reden en NAW. Identificerende velden leeg na bezwaar.",
            (
                PEILDATUM, GEMEENTECODE_KOLOM, BSN, JIB_ID, CATEGORIE,
                _c("status", "VARCHAR", "Maanddelta (rules.md 4): instroom, blijft of uitstroom.",
                   nullable=False, values="status"),
                _c("soort_instroom", "VARCHAR", "Soort instroom (alleen bij status instroom).",
                   values="soort_instroom"),
                _c("reden_uitstroom", "VARCHAR", "Reden van uitstroom, de eerste die geldt (alleen bij uitstroom).",
                   values="reden_uitstroom"),
                _c("verhuisd_van", "VARCHAR", "Bij instroom door verhuizing: de gemeente van de lijst van P-1.",
                   values=GEMEENTECODE),
                _c("verhuisd_naar", "VARCHAR", "Bij uitstroom door verhuizing: de nieuwe woongemeente.",
                   values=GEMEENTECODE),
                DATUM_INSTROOM,
                _c("eerste_maand", "BOOLEAN", "De eerste maand dat deze gemeente verwerkt is (iedereen instroom).",
                   nullable=False),
                *NAAM, GEBOORTEDATUM, GESLACHT, LEEFTIJD, *ADRES, HOOGSTE_DIPLOMA, LAATSTE_ONDERWIJSSOORT,
                _c("inkomen_werk", "DECIMAL(12,2)", "Inkomen uit werk in de inkomensmaand.", minimum=0),
            ),
            key=("peildatum", "gemeentecode", "jib_id"),
            created=True,
        ),
        Table(
            "werklijst_casemanager",
            "De werklijst van de casemanager (rules.md 3): instroom van categorie zzp en benaderen. Nooit een BSN.",
            (
                PEILDATUM, GEMEENTECODE_KOLOM, JIB_ID, *NAAM, *ADRES, GEBOORTEDATUM,
                _with(CATEGORIE, values="werklijst_categorie", comment="Categorie = kaartvariant: zzp of benaderen."),
                DATUM_INSTROOM,
            ),
            key=("peildatum", "gemeentecode", "jib_id"),
            strict=True,
        ),
        Table(
            "bezwaar_register",
            "De pseudoniemen van jongeren in bezwaar en de eerste maand van het bezwaar: alles wat bewaard "
            "blijft om het bezwaar te blijven honoreren (rules.md 3).",
            (
                _with(JIB_ID, comment="Pseudoniem van de jongere in bezwaar (blijft: het bezwaar wordt gehonoreerd)."),
                _c("peildatum_bezwaar", "DATE", "De eerste peildatum waarop een spreadsheet het bezwaar meldde.",
                   nullable=False),
            ),
            key=("jib_id",),
            created=True,
            contract=False,
        ),
        Table(
            "bestemming_afwijking",
            "Spreadsheet tegen register (issue 13): jongeren van wie de casemanager meer dan drie maanden voor de "
            "peildatum een uitstroom noteerde die de leveringen kunnen tonen (bestemming opleiding, werk, uitkering "
            "of verhuizing) en die nog op de lijst van de gemeente staan.",
            (
                PEILDATUM, GEMEENTECODE_KOLOM, JIB_ID,
                _c("bestemming", "VARCHAR", "De bestemming die de casemanager noteerde (laatste spreadsheet).",
                   values="bestemming"),
                _c("datum_uitstroom", "DATE", "De datum van uitstroom die de casemanager noteerde."),
                _c("maanden_verschil", "BIGINT", "Maandgrenzen tussen die datum en de peildatum.", minimum=0),
            ),
            key=("peildatum", "gemeentecode", "jib_id"),
            contract=False,
        ),
        Table(
            "suppressie_oplossingen",
            "Cache van de onderdrukking (privacy/suppression.py, Oplossingen): per onafhankelijk deel van de tabellen "
            "van de laatste publicatie (en van wat een run van meerdere maanden voor haar vooruit oploste, "
            "publish/vooruit.py) een hash van alles waar de oplossing van afhangt (cellen, exacte waarden, "
            "relaties, kosten, code), welke cellen verborgen zijn, welke daarvan als bereik getoond en wat de controle-aanval "
            "vond. Een deel met dezelfde hash krijgt dezelfde uitkomst zonder opnieuw op te lossen of aan te vallen. Ook, onder "
            "een sleutel die met 'aanval:' begint, de grenzen die een exacte aanval op een deel uit de gepubliceerde cijfers "
            "afleidde (wat een venster het volgende geeft). Geen persoonsgegevens; weggooien mag (dan wordt alles "
            "opnieuw opgelost).",
            (
                _c("sleutel", "VARCHAR", "SHA-256 van alles waar de oplossing van het deel van afhangt.", nullable=False),
                _c("verborgen", "VARCHAR", "Per cel van het deel, in vaste volgorde, als hex: de bits verborgen (1 = verborgen, 0 = "
                   "gepubliceerd), een dubbele punt, per cel de vorm van het getoonde bereik als byte (0 = geen, 1 = tiental als 30-39, 2 = tiental ertussen als 25-34), een "
                   "dubbele punt, het smalste interval dat de controle-aanval op dit deel vond. Bij een sleutel 'aanval:...': "
                   "'I:' en als hex de ondergrenzen en dan de bovengrenzen van de doelcellen (float64).",
                   nullable=False),
            ),
            key=("sleutel",),
            contract=False,
        ),
        Table(
            "suppressie_staat",
            "Wat de laatste publicatie van elke cel van de analistendatabase liet zien (privacy/suppression.py): "
            "verborgen of niet, en als welk bereik. Een volgende publicatie houdt een cel met dezelfde exacte waarde zo "
            "(wat eenmaal gepubliceerd is, blijft bekend; wat verborgen was, blijft verborgen), zodat wie twee "
            "publicaties naast elkaar legt niet meer weet dan uit de laatste. Exacte waarden van monitoringcijfers, "
            "geen personen; weggooien maakt de volgende publicatie weer vrij (niet doen tussen publicaties in).",
            (
                _c("sleutel", "VARCHAR", "De cel: tabel|periode|niveau|regiocode|kolom; met |eerderN erachter de waarde die "
                   "een publicatie vóór correctie N van die maand liet zien (blijft, wordt nooit gepubliceerd).",
                   nullable=False),
                _c("waarde", "DOUBLE", "De exacte waarde bij die publicatie (leeg als er geen was)."),
                _c("verborgen", "BOOLEAN", "De cel was verborgen (NULL of als bereik gepubliceerd).", nullable=False),
                _c("vorm", "UTINYINT", "Het getoonde bereik: 0 geen, 1 tiental als 30-39, 2 tiental ertussen als 25-34.",
                   nullable=False),
            ),
            key=("sleutel",),
            contract=False,
        ),
        Table(
            "quarantaine",
            "Wat apart is gezet, met waarom: per bestand en regel, of per stap voor een probleem van een persoon.",
            (
                _with(PEILDATUM, nullable=True),
                _c("bestand", "VARCHAR", "Bronbestand, of de stap bij een probleem van een persoon (zoals geen BRP)."),
                _c("regel", "BIGINT", "Regelnummer in het bestand, als de rij uit een bestand komt."),
                _with(BSN, comment="BSN zoals geleverd, als er een was; leeg na bezwaar.", pattern=None),
                _c("reden", "VARCHAR", "Waarom de rij apart is gezet."),
            ),
            created=True,
            contract=False,
        ),
    )
}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in the schema register (jib_assets/schema.py); known: "
                       f"{', '.join(TABLES)}") from None


def value_set(name: str) -> tuple[str, ...]:
    """The values of a value set; `gemeentecode` is the reference table's codes."""
    if name == GEMEENTECODE:
        from jib_assets.reference import gemeenten

        return tuple(gemeenten()["gemeentecode"].to_list())
    known = {**VALUE_SETS, **SOURCE_VALUE_SETS}
    try:
        return known[name]
    except KeyError:
        raise KeyError(f"no value set {name!r} in the schema register; known: {', '.join(known)}") from None


def identifying_columns() -> frozenset[str]:
    """Every column name that identifies a person in some table of the register: erasure clears these in
    every warehouse table that has them, and its check looks for them. Read at call time."""
    return frozenset(c.name for t in TABLES.values() for c in t.columns if c.identifying)


def never_published() -> frozenset[str]:
    """The identifying columns and the pseudonym: never in the analysts' database, a check's metadata or
    GX Data Docs."""
    return identifying_columns() | frozenset(c.name for t in TABLES.values() for c in t.columns if c.pseudonym)


def _identifier(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"{name!r} is not a plain column name: it cannot be written into generated SQL")
    return name


def blank_identifying(query: str, table_name: str, flag: str) -> str:
    """The query's rows with every identifying column the register gives `table_name` empty (NULL) where
    the boolean column `flag` is true, and `flag` itself left out: rendered at load time, so a column
    marked identifying in the register is blanked from then on without touching the SQL file. The query
    must produce each of those columns (DuckDB says which one it misses) and `flag`."""
    ident = [_identifier(c.name) for c in table(table_name).columns if c.identifying]
    flag = _identifier(flag)
    if not ident:
        return f"SELECT * EXCLUDE ({flag}) FROM ({query})"
    blanked = ", ".join(f"CASE WHEN {flag} THEN NULL ELSE {c} END AS {c}" for c in ident)
    return f"SELECT * EXCLUDE ({flag}) REPLACE ({blanked}) FROM ({query})"


def gx_parameters() -> dict[str, list[str]]:
    """The value sets as GX suite parameters: a suite writes `{"$PARAMETER": "waarden_<name>"}`."""
    sets = {**VALUE_SETS, **SOURCE_VALUE_SETS}
    return {f"waarden_{name}": list(values) for name, values in sets.items()}


def _sql_list(values: tuple[str, ...]) -> str:
    for value in values:
        if not re.fullmatch(r"[A-Za-z0-9_]+", value):
            raise ValueError(f"value {value!r} cannot be written into a CHECK constraint")
    return ", ".join(f"'{v}'" for v in values)


def ddl(name: str) -> str:
    """CREATE TABLE IF NOT EXISTS for a table of the register, with NOT NULL and CHECK (IN value set)
    from the chain's own value sets (plain words, checked; never data). The delivered value sets and the
    gemeentecodes are checked by the contracts instead, as before the register."""
    spec = table(name)
    lines = []
    for c in spec.columns:
        if c.type is None:
            raise ValueError(f"{name}.{c.name} has no type in the register: its table is built from a query")
        line = f"    {c.name} {c.type}" + ("" if c.nullable else " NOT NULL")
        if c.values in VALUE_SETS:
            line += f" CHECK ({c.name} IN ({_sql_list(value_set(c.values))}))"
        lines.append(line)
    return f"CREATE TABLE IF NOT EXISTS {name} (\n" + ",\n".join(lines) + "\n)"


def comments(name: str) -> list[tuple[str, str]]:
    """(column, comment) of a table, in column order."""
    return [(c.name, c.comment) for c in table(name).columns]
