"""The delivery format of sources.md, as data: file names, headers, and the keys that make a row unique."""

from __future__ import annotations

HEADERS: dict[str, tuple[str, ...]] = {
    "brp_personen.csv": ("bsn", "geslachtsnaam", "voorvoegsel", "voornamen", "geboortedatum", "geslacht",
                         "datum_overlijden", "datum_vertrek_buitenland"),
    "brp_adressen.csv": ("bsn", "gemeentecode", "straatnaam", "huisnummer", "huisletter", "huisnummertoevoeging",
                         "postcode", "woonplaats", "begindatum", "einddatum"),
    "duo_diplomas.csv": ("bsn", "diploma", "datum_diploma", "brin"),
    "duo_inschrijvingen.csv": ("bsn", "onderwijssoort", "brin", "begindatum", "einddatum"),
    "uwv_polis.csv": ("bsn", "maand", "loonheffingennummer", "sv_loon", "uren", "contractvorm"),
    "uwv_uitkeringen.csv": ("bsn", "uitkering", "begindatum", "einddatum"),
    "kvk_inschrijvingen.csv": ("bsn", "kvk_nummer", "rechtsvorm", "begindatum", "einddatum"),
    "gemeente_klanten.csv": ("gemeentecode", "bsn", "regeling", "begindatum", "einddatum"),
}

# Columns that together identify a row: a second row with the same values is a duplicate.
KEYS: dict[str, tuple[str, ...]] = {
    "brp_personen.csv": ("bsn",),
    "brp_adressen.csv": ("bsn", "begindatum"),
    "duo_diplomas.csv": ("bsn", "diploma", "datum_diploma"),
    "duo_inschrijvingen.csv": ("bsn", "onderwijssoort", "brin", "begindatum"),
    "uwv_polis.csv": ("bsn", "maand", "loonheffingennummer"),
    "uwv_uitkeringen.csv": ("bsn", "uitkering", "begindatum"),
    "kvk_inschrijvingen.csv": ("bsn", "kvk_nummer", "begindatum"),
    "gemeente_klanten.csv": ("gemeentecode", "bsn", "regeling", "begindatum"),
}

DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "brp_personen.csv": ("geboortedatum", "datum_overlijden", "datum_vertrek_buitenland"),
    "brp_adressen.csv": ("begindatum", "einddatum"),
    "duo_diplomas.csv": ("datum_diploma",),
    "duo_inschrijvingen.csv": ("begindatum", "einddatum"),
    "uwv_polis.csv": (),
    "uwv_uitkeringen.csv": ("begindatum", "einddatum"),
    "kvk_inschrijvingen.csv": ("begindatum", "einddatum"),
    "gemeente_klanten.csv": ("begindatum", "einddatum"),
}

PERIOD_FILES = tuple(f for f, cols in HEADERS.items() if "einddatum" in cols)

CASEMANAGER_COLUMNS = (
    "jib_id", "gemeentecode", "datum_kaartje", "reactie_kaartje", "datum_huisbezoek", "bereikt", "toestemming",
    "ondersteuningsvraag", "datum_uitstroom", "bestemming", "bestede_uren", "bezwaar", "opmerkingen",
)
CASEMANAGER_SHEET = "monitoring"
COMPLETE = "_COMPLETE"
DEFECTS_MANIFEST = "_defects.json"
