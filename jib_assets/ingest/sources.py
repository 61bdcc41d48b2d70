"""The delivery formats of sources.md as data: one SourceSpec per CSV file, and the casemanager columns.

Everything that reads or checks a delivery (the loader's SQL, the pandera contracts) takes its
columns, types, value sets and patterns from here, so the format is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a field holds; decides its SQL type and the row rules it must pass."""

    TEXT = "tekst"
    BSN = "bsn"
    DATE = "datum"
    MONTH = "maand"
    AMOUNT = "bedrag"
    HOURS = "uren"
    INTEGER = "geheel getal"
    ENUM = "waardenlijst"
    PATTERN = "patroon"
    GEMEENTECODE = "gemeentecode"


SQL_TYPES = {
    Kind.DATE: "DATE",
    Kind.MONTH: "DATE",
    Kind.AMOUNT: "DECIMAL(12,2)",
    Kind.HOURS: "DECIMAL(10,2)",
    Kind.INTEGER: "INTEGER",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    values: tuple[str, ...] = ()
    pattern: str = ""
    pattern_uitleg: str = ""
    # Dates and months only: the window of plausible values (ingest/query.py, parameters.py):
    # GEBOORTE up to the peildatum, GEBEURTENIS up to a few years after it, EINDE without upper bound.
    venster: str = ""

    @property
    def sql_type(self) -> str:
        return SQL_TYPES.get(self.kind, "VARCHAR")


@dataclass(frozen=True)
class SourceSpec:
    """One delivery file: its columns in header order, the natural key, and the period (begin, eind) if any.
    `alleen_gelezen`: the warehouse stores only the valid rows a rule of the month reads (data minimisation;
    ingest.csv_source.bewaard says which); the others are checked like every row, then not stored.
    `alleen_doelgroep`: likewise, only the rows of persons a rule of the month can need: not of those whom the
    month's brp_personen puts outside the target group (the macro buiten_doelgroep; ingest.csv_source.doelgroep)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    period: tuple[str, str] | None = None
    alleen_gelezen: bool = False
    alleen_doelgroep: bool = False

    @property
    def bestand(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# Date windows (Column.venster).
GEBOORTE = "geboorte"
GEBEURTENIS = "gebeurtenis"
EINDE = "einde"

GESLACHTEN = ("M", "V", "X")
DIPLOMAS = (
    "VMBO_BB", "VMBO_KB", "VMBO_GL", "VMBO_TL", "PRO", "VSO", "MBO1", "MBO2", "MBO3", "MBO4",
    "HAVO", "VWO", "HBO_AD", "HBO_BACHELOR", "HBO_MASTER", "WO_BACHELOR", "WO_MASTER",
)
ONDERWIJSSOORTEN = ("VO", "PRO", "VSO", "VAVO", "MBO_BOL", "MBO_BBL", "HBO", "WO")
CONTRACTVORMEN = ("ONBEPAALD", "BEPAALD", "OPROEP", "UITZEND")
UITKERINGEN = ("WW", "ZW", "WGA", "IVA", "WAJONG", "TW", "PARTICIPATIEWET", "IOAW", "IOAZ")
RECHTSVORMEN = ("EENMANSZAAK", "VOF", "MAATSCHAP", "OVERIG")
REGELINGEN = ("WMO", "PARTICIPATIEWET", "SCHULDHULP", "JEUGDWET")

# Patterns are full matches (RE2 syntax, understood by DuckDB and Polars alike).
BSN_PATROON = r"[0-9]{9}"
GEMEENTECODE_PATROON = r"GM[0-9]{4}"
POSTCODE_PATROON = r"[0-9]{4}[A-Z]{2}"
LOONHEFFINGENNUMMER_PATROON = r"[0-9]{9}L[0-9]{2}"
KVK_NUMMER_PATROON = r"[0-9]{8}"
BRIN_PATROON = r"[0-9A-Z]{4}"
JIB_ID_PATROON = r"JIB-[A-Z2-7]{12}"


def _bsn() -> Column:
    return Column("bsn", Kind.BSN, required=True)


def _gemeentecode() -> Column:
    return Column("gemeentecode", Kind.GEMEENTECODE, required=True)


def _enum(name: str, values: tuple[str, ...], required: bool = True) -> Column:
    return Column(name, Kind.ENUM, required=required, values=values)


def _pattern(name: str, pattern: str, uitleg: str, required: bool = False) -> Column:
    return Column(name, Kind.PATTERN, required=required, pattern=pattern, pattern_uitleg=uitleg)


def _brin(required: bool = False) -> Column:
    return _pattern("brin", BRIN_PATROON, "niet 4 cijfers of hoofdletters", required)


def _periode() -> tuple[Column, Column]:
    return Column("begindatum", Kind.DATE, required=True), Column("einddatum", Kind.DATE, venster=EINDE)


_SPECS = (
    SourceSpec(
        "brp_personen",
        (
            _bsn(),
            Column("geslachtsnaam", Kind.TEXT, required=True),
            Column("voorvoegsel", Kind.TEXT),
            Column("voornamen", Kind.TEXT),
            Column("geboortedatum", Kind.DATE, required=True, venster=GEBOORTE),
            _enum("geslacht", GESLACHTEN),
            Column("datum_overlijden", Kind.DATE),
            Column("datum_vertrek_buitenland", Kind.DATE),
        ),
        key=("bsn",),
    ),
    SourceSpec(
        "brp_adressen",
        (
            _bsn(),
            _gemeentecode(),
            Column("straatnaam", Kind.TEXT),
            Column("huisnummer", Kind.INTEGER),
            Column("huisletter", Kind.TEXT),
            Column("huisnummertoevoeging", Kind.TEXT),
            _pattern("postcode", POSTCODE_PATROON, "niet 4 cijfers en 2 hoofdletters"),
            Column("woonplaats", Kind.TEXT),
            *_periode(),
        ),
        key=("bsn", "begindatum"),
        period=("begindatum", "einddatum"),
        alleen_doelgroep=True,
    ),
    SourceSpec(
        "duo_diplomas",
        (
            _bsn(),
            _enum("diploma", DIPLOMAS),
            Column("datum_diploma", Kind.DATE, required=True),
            _brin(),
        ),
        key=("bsn", "diploma", "datum_diploma"),
        alleen_doelgroep=True,
    ),
    SourceSpec(
        "duo_inschrijvingen",
        (_bsn(), _enum("onderwijssoort", ONDERWIJSSOORTEN), _brin(), *_periode()),
        key=("bsn", "onderwijssoort", "brin", "begindatum"),
        period=("begindatum", "einddatum"),
        alleen_doelgroep=True,
    ),
    SourceSpec(
        "uwv_polis",
        (
            _bsn(),
            Column("maand", Kind.MONTH, required=True),
            _pattern(
                "loonheffingennummer", LOONHEFFINGENNUMMER_PATROON, "niet 9 cijfers, L, 2 cijfers", required=True
            ),
            Column("sv_loon", Kind.AMOUNT, required=True),
            Column("uren", Kind.HOURS, required=True),
            _enum("contractvorm", CONTRACTVORMEN),
        ),
        key=("bsn", "maand", "loonheffingennummer"),
        alleen_gelezen=True,
    ),
    SourceSpec(
        "uwv_uitkeringen",
        (_bsn(), _enum("uitkering", UITKERINGEN), *_periode()),
        key=("bsn", "uitkering", "begindatum"),
        period=("begindatum", "einddatum"),
    ),
    SourceSpec(
        "kvk_inschrijvingen",
        (
            _bsn(),
            _pattern("kvk_nummer", KVK_NUMMER_PATROON, "niet 8 cijfers", required=True),
            _enum("rechtsvorm", RECHTSVORMEN),
            *_periode(),
        ),
        key=("bsn", "kvk_nummer", "begindatum"),
        period=("begindatum", "einddatum"),
    ),
    SourceSpec(
        "gemeente_klanten",
        (_gemeentecode(), _bsn(), _enum("regeling", REGELINGEN), *_periode()),
        key=("gemeentecode", "bsn", "regeling", "begindatum"),
        period=("begindatum", "einddatum"),
    ),
)

CSV_SOURCES: dict[str, SourceSpec] = {spec.name: spec for spec in _SPECS}

# Casemanager spreadsheets (sources.md): sheet `monitoring`, row 1 the header, these columns in order.
CASEMANAGER_SHEET = "monitoring"
CASEMANAGER_KOLOMMEN = (
    "jib_id", "gemeentecode", "datum_kaartje", "reactie_kaartje", "datum_huisbezoek", "bereikt",
    "toestemming", "ondersteuningsvraag", "datum_uitstroom", "bestemming", "bestede_uren", "bezwaar",
    "opmerkingen",
)
# opmerkingen is free text about a person: it is never read, so it is not among the loaded columns.
CASEMANAGER_GELADEN = CASEMANAGER_KOLOMMEN[:-1]
REACTIES_KAARTJE = ("ja", "nee", "geen")
ONDERSTEUNINGSVRAGEN = ("werk", "opleiding", "zorg", "schulden", "huisvesting", "anders")
BESTEMMINGEN = (
    "opleiding", "werk", "uitkering", "verhuizing", "samenwonen", "dagbesteding", "vrijwilligerswerk",
    "afzien", "eigen_onderneming", "anders",
)
