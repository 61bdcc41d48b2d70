"""Step 5 of the chain, monitoring (rules.md 5): the figures of each month and quarter at every level,
exact, in the restricted store; the analysts' copy (publish/analytics) suppresses small numbers.

Four tables, all rebuilt for a peildatum P by `build_monitoring`:

- `regio_indeling`: which of the area's gemeenten each published region sums on P
  (sql/monitoring_indeling.sql); the publication hands it to the suppression as its `lidmaatschap`.
- `monitoring_feiten`: the facts behind the figures of P, one row per person-fact and no identifiers
  (sql/monitoring_feiten.sql). Kept so that a quarter can be recomputed over persons.
- `monitoring_maand`: the indicators of P (sql/monitoring_cijfers.sql over one month).
- `monitoring_kwartaal`: the indicators of P's quarter, recomputed from the months present.

How the vague parts of rules.md 5 are read here (the reading is the rule):

- **The area** (interfaces.md, `JIB_GEBIED`). Only the area's gemeenten have rows, and a region sums
  only its gemeenten inside the area: a fact of a gemeente outside the area (a mover's list row, a
  casemanager file) counts nowhere. A region with gemeenten outside the area is labelled:
  `deels_in_gebied` is true and `regionaam` ends in "(deels in gebied)". `nederland` exists only when
  the area is the whole country (every gemeente of the reference table).
- **Which rows.** A gemeente of the area has a row from the first month it has a row in `gemeente_lijst`
  (or in the casemanager spreadsheets) onwards, zeros included; a region or `nederland` has a row when
  at least one of its gemeenten does, and its figures are over those gemeenten only. `gemeenten_meegeteld`
  and `gemeenten_in_regio` show how complete a region is. National regiocode is `NL`.
- **Levels.** Every fact counts at the gemeente of its row and at that gemeente's
  arbeidsmarktregio, RMC-regio, sub-region (if any) and `nederland`: a region's flow is the sum of its
  gemeenten, so a move inside a region is an uitstroom and an instroom there too. Medians and averages
  at a higher level are computed over its persons, never as a median of medians.
- **Sub-regions** (level `subregio`): groupings the region reports on, from a small CSV file
  (`reference/subregios.csv`, or the file named by `JIB_SUBREGIOS`): `subregiocode, subregionaam,
  gemeentecode, begindatum, einddatum`. A gemeente belongs to a sub-region on P when P falls in its
  period; periods start on the first day of a quarter and end on the last day of one, so that the
  months of a quarter all have the same composition and a quarter stays the sum of its months.
  The shipped file is Midden-Limburg's pilot: Weert (Weert, Nederweert, Leudal) and Roermond (Roermond,
  Echt-Susteren, Maasgouw, Roerdalen); Cranendonck joined Weert later, from 2026-01-01.
- **Rates.** `op_lijst`, `instroom` and `uitstroom` also per 1,000 residents aged 23-26 of the same
  region (`<count>_per_1000`, one decimal). The denominator `inwoners_23_26` counts, from the BRP
  delivery of P, the residents with exactly one address holding on P in the gemeente, alive and not
  emigrated on P, of completed age 23 to 26 on P; a region sums its gemeenten in the area. It is a
  stock: a quarter takes its last month's, so a quarter's flow rate is per residents at its end.
  It counts the BRP rows the store holds: an objector whose data was erased is not counted (in the
  12-month demo 30 of 58,650 persons of a delivery, 0.05%).
- **New inflow.** "New inflow" is every instroom row (all three kinds of `soort_instroom`), so the
  categorie, age and gender splits each add up to `instroom` (age and gender when known), and
  `instroom_zzp + instroom_benaderen` is the month's worklist. `instroom_nieuw` is the soort `nieuw` only.
  Age is the row's `leeftijd` (completed age on P).
- **Median months on the list.** For each uitstroom row: calendar months from `datum_instroom` to P,
  which is the number of monthly lists of the run that just ended. Even counts take the mean of the
  middle two; no leavers gives NULL.
- **Casemanager figures.** The spreadsheets are cumulative, so their figures are stocks: per gemeente
  the latest delivery up to P is the whole state (a casemanager who skipped a month keeps last
  month's figures). A youth counts once per gemeente: of duplicate `jib_id` rows the last by
  (`bestand`, `regel`) wins. Empty means "not yet" and is not counted. Card sent = a `datum_kaartje`;
  home visit = a `datum_huisbezoek`; reached, consent, objected = `true`. A `bestemming` counts
  whether or not a `datum_uitstroom` is filled in.
- **Hours.** `uren_totaal` is all hours booked on the youths of the spreadsheets.
  `uren_gemiddeld_per_jongere` divides it by the youths taken up, i.e. with a card sent (a youth
  only added to the worklist would dilute the cost); NULL when none.
- **Sustainable work.** Measured for the youths whose `reden_uitstroom` is `werk`, by cohort of the
  month of leaving U (the month of their uitstroom row), over the six months after it, U+1..U+6,
  read from the latest polis snapshot up to P. Those months are all known first in the snapshot of
  U+7, so the row of P holds the cohort U = P-7: each leaver is counted once, in the month their
  follow-up completes, at the gemeente they left. `werk_uitstroom_gevolgd` is the cohort size.
  Average hours per week = total hours of the six months / 6 / 4.33 (months without a job count as
  0 hours); `werk_12u` and `werk_20u` need at least 12 / 20. `werk_na_3_maanden` and
  `werk_na_6_maanden`: a polis row in month U+3 / U+6. Contract form is that of month U+6: `vast`
  with an `ONBEPAALD` job, else `flexibel` (so vast + flexibel = werk_na_6_maanden).
  Economically independent: income from work over the six months at least the sum of the
  `economisch_zelfstandig` bedrag in force on each of them (average income >= average bedrag).
  A youth whose BSN was erased (bezwaar) is not followed.
- **Quarter.** Flows (instroom, uitstroom and their splits, the werk cohorts) are the sum of the
  months present; stocks (`op_lijst`, every casemanager figure including hours and their average,
  `gemeenten_meegeteld`) are those of the last month present; the median is over all leavers of
  the quarter. `maanden` says how many months are present.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import duckdb
import polars as pl

from jib_assets import schema
from jib_assets.db import Load, replace_partitions, scalar, set_comments, sql, table_exists
from jib_assets.parameters import ECONOMISCH_ZELFSTANDIG, VERVOLG_MAANDEN
from jib_assets.partitions import add_months

INVOER = ("gemeente_lijst", "casemanager_monitoring", "uwv_polis", "brp_personen", "brp_adressen", "duo_diplomas",
          "duo_inschrijvingen", "persoon_toestand", "gemeenten")
SUBREGIOS_CSV = Path(str(files("jib_assets.reference") / "subregios.csv"))
SUBREGIOS_KOLOMMEN = ("subregiocode", "subregionaam", "gemeentecode", "begindatum", "einddatum")
TARIEVEN = ("op_lijst", "instroom", "uitstroom")  # the counts also published per 1,000 residents aged 23-26

# The register's value sets (schema.py), under the names this module and its readers use.
SOORTEN_INSTROOM = schema.SOORTEN_INSTROOM
REDENEN_UITSTROOM = schema.REDENEN_UITSTROOM
CATEGORIEEN = schema.CATEGORIEEN
VRAGEN = schema.VRAGEN
BESTEMMINGEN = schema.BESTEMMINGEN

_CM = "Uit de casemanagerspreadsheets (laatste levering t/m de peildatum per gemeente; stand, cumulatief): "
_WERK = "Van de jongeren van het werk-cohort (zie werk_uitstroom_gevolgd): "

# What each column counts (COMMENT ON COLUMN; publish/analytics carries it to the analysts).
KOLOMMEN: dict[str, str] = {
    "peildatum": "Peildatum van de maand (eerste dag).",
    "kwartaal": "Kwartaal (YYYY-Qn).",
    "maanden": "Aantal maanden van het kwartaal waarvan cijfers aanwezig zijn.",
    "niveau": "Niveau: gemeente, arbeidsmarktregio, rmc_regio, subregio of nederland (alleen als het gebied heel "
    "Nederland is).",
    "regiocode": "Code van de gemeente (GMxxxx), arbeidsmarktregio (AMxx), RMC-regio (MCxx), subregio (SR-...) of NL.",
    "regionaam": "Naam van de gemeente of regio; met '(deels in gebied)' als de regio gemeenten buiten het gebied "
    "van deze installatie heeft (zie deels_in_gebied).",
    "deels_in_gebied": "Waar als de regio gemeenten buiten het gebied van deze installatie (JIB_GEBIED) heeft: de "
    "cijfers tellen dan alleen de gemeenten binnen het gebied.",
    "gemeenten_in_regio": "Aantal gemeenten van deze regio in de referentietabel (subregio: in het subregiobestand "
    "op de peildatum), ook die buiten het gebied.",
    "gemeenten_meegeteld": "Aantal gemeenten van deze regio waarvan cijfers zijn meegeteld (binnen het gebied, met "
    "een lijst).",
    "inwoners_23_26": "Stand: inwoners van 23 t/m 26 jaar op de peildatum (BRP-levering van de peildatum: één "
    "adres in de gemeente, in leven, niet vertrokken naar het buitenland), opgeteld over de gemeenten van de regio "
    "binnen het gebied. De noemer van de kolommen _per_1000; kwartaal: de laatste maand.",
    "op_lijst": "Stand: aantal jongeren op de lijst op de peildatum, voor filtering (status instroom of blijft).",
    "instroom": "Stroom: aantal jongeren dat op de peildatum op de lijst van de gemeente kwam (nieuwe instroom).",
    **{f"instroom_{s}": f"Stroom: instroom met soort_instroom {s}." for s in SOORTEN_INSTROOM},
    "uitstroom": "Stroom: aantal jongeren dat op de peildatum niet meer op de lijst van de gemeente staat.",
    **{f"uitstroom_{r}": f"Stroom: uitstroom met reden_uitstroom {r}." for r in REDENEN_UITSTROOM},
    **{f"instroom_{c}": f"Stroom: nieuwe instroom na filtering met categorie {c}." for c in CATEGORIEEN},
    **{f"instroom_leeftijd_{a}": f"Stroom: nieuwe instroom met leeftijd {a} op de peildatum." for a in range(23, 27)},
    "instroom_man": "Stroom: nieuwe instroom met geslacht M.",
    "instroom_vrouw": "Stroom: nieuwe instroom met geslacht V.",
    "instroom_x": "Stroom: nieuwe instroom met geslacht X.",
    "mediaan_maanden_op_lijst_uitstroom": (
        "Mediaan van het aantal maanden op de lijst (datum_instroom tot peildatum) van de uitstroom, over personen."
    ),
    "jongeren_casemanager": _CM + "aantal jongeren in de spreadsheets (op een werklijst).",
    "kaartje_verstuurd": _CM + "jongeren met een datum_kaartje.",
    "reactie_ja": _CM + "jongeren met reactie_kaartje ja.",
    "reactie_nee": _CM + "jongeren met reactie_kaartje nee.",
    "reactie_geen": _CM + "jongeren met reactie_kaartje geen.",
    "huisbezoek": _CM + "jongeren met een datum_huisbezoek.",
    "bereikt": _CM + "jongeren die bereikt zijn.",
    "toestemming": _CM + "jongeren die toestemming gaven.",
    "bezwaar": _CM + "jongeren die bezwaar maakten.",
    **{f"vraag_{v}": _CM + f"jongeren met ondersteuningsvraag {v}." for v in VRAGEN},
    **{f"bestemming_{b}": _CM + f"jongeren uitgestroomd na contact met bestemming {b}." for b in BESTEMMINGEN},
    "uren_totaal": _CM + "totaal bestede uren.",
    "uren_totaal_basis": _CM + "jongeren met bestede uren ingevuld.",
    "uren_gemiddeld_per_jongere": _CM + "uren_totaal gedeeld door de opgepakte jongeren (met datum_kaartje).",
    "uren_gemiddeld_per_jongere_basis": _CM + "opgepakte jongeren (met datum_kaartje), de noemer van het gemiddelde.",
    "werk_uitstroom_gevolgd": (
        "Stroom: werk-cohort, de jongeren met reden_uitstroom werk van 7 maanden voor de peildatum, "
        "gevolgd in de polis over de 6 maanden na de maand van uitstroom."
    ),
    "werk_12u": _WERK + "gemiddeld minstens 12 uur per week gewerkt (uren per maand / 4,33) over de 6 maanden.",
    "werk_20u": _WERK + "gemiddeld minstens 20 uur per week gewerkt (uren per maand / 4,33) over de 6 maanden.",
    "werk_na_3_maanden": _WERK + "met een baan in de polis 3 maanden na de maand van uitstroom.",
    "werk_na_6_maanden": _WERK + "met een baan in de polis 6 maanden na de maand van uitstroom.",
    "contract_vast": _WERK + "met een baan voor onbepaalde tijd 6 maanden na de maand van uitstroom.",
    "contract_flexibel": _WERK + "met werk maar zonder baan voor onbepaalde tijd 6 maanden na de maand van uitstroom.",
    "economisch_zelfstandig": (
        _WERK + "inkomen uit werk over de 6 maanden minstens de som van het bedrag economische zelfstandigheid "
        "(70% netto minimumloon) per maand."
    ),
    **{f"{t}_per_1000": f"{t} per 1.000 inwoners van 23 t/m 26 jaar (inwoners_23_26), één decimaal; leeg als er "
       "geen inwoners zijn." for t in TARIEVEN},
}
INDELING_KOLOMMEN: dict[str, str] = {
    "peildatum": KOLOMMEN["peildatum"],
    "niveau": KOLOMMEN["niveau"],
    "regiocode": KOLOMMEN["regiocode"],
    "regionaam": KOLOMMEN["regionaam"],
    "gemeentecode": "Een gemeente van het gebied die deze regio op de peildatum optelt.",
    "gemeenten_in_regio": KOLOMMEN["gemeenten_in_regio"],
    "deels_in_gebied": KOLOMMEN["deels_in_gebied"],
}


# The keys of each table around the shared indicator query (SQL text, not values: those stay bound).
_MAAND = "SELECT CAST($peildatum AS DATE) AS peildatum, cijfers.* FROM ({cijfers}) AS cijfers"
_KWARTAAL = (
    "SELECT CAST($kwartaal AS VARCHAR) AS kwartaal, "
    "(SELECT CAST(count(DISTINCT peildatum) AS INTEGER) FROM monitoring_feiten WHERE peildatum BETWEEN $van AND $tot) "
    "AS maanden, cijfers.* FROM ({cijfers}) AS cijfers"
)


def kwartaal_van(peildatum: date) -> tuple[str, date, date]:
    """The quarter of a peildatum: its label YYYY-Qn and its first and last peildatum."""
    index = (peildatum.month - 1) // 3
    van = date(peildatum.year, index * 3 + 1, 1)
    return f"{peildatum.year}-Q{index + 1}", van, add_months(van, 2)


def werk_vervolg(peildatum: date) -> dict[str, object]:
    """The parameters of the sustainable-work follow-up measured on P: cohort U = P-7, months U+1..U+6."""
    cohort = add_months(peildatum, -(VERVOLG_MAANDEN + 1))
    maanden = [add_months(cohort, k) for k in range(1, VERVOLG_MAANDEN + 1)]
    return {
        "cohort": cohort,
        "vervolg_van": maanden[0],
        "na_3": add_months(cohort, 3),
        "na_6": maanden[-1],
        "vervolg_maanden": VERVOLG_MAANDEN,
        "economisch_zelfstandig_drempel": sum((ECONOMISCH_ZELFSTANDIG.on(m) for m in maanden), Decimal("0.00")),
    }


def subregios_bestand() -> Path:
    """The deployment's sub-region file: `JIB_SUBREGIOS` when set, else the shipped demo file."""
    eigen = os.environ.get("JIB_SUBREGIOS", "").strip()
    return Path(eigen) if eigen else SUBREGIOS_CSV


def lees_subregios(path: Path, gemeentecodes: set[str]) -> pl.DataFrame:
    """Read and check a sub-region file (see the module docstring); raises ValueError naming the file,
    the line and what to fix."""
    if not path.is_file():
        raise ValueError(f"sub-region file {path} does not exist: set JIB_SUBREGIOS to an existing CSV file "
                         "or unset it to use the shipped one")
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as e:
        raise ValueError(f"sub-region file {path} is not a readable CSV file ({type(e).__name__}): "
                         f"write a header {','.join(SUBREGIOS_KOLOMMEN)} and one row per gemeente") from None
    if tuple(frame.columns) != SUBREGIOS_KOLOMMEN:
        raise ValueError(f"sub-region file {path}, line 1: the header is {','.join(frame.columns)}; it must be "
                         f"{','.join(SUBREGIOS_KOLOMMEN)}")

    def fout(index: int, probleem: str) -> ValueError:
        return ValueError(f"sub-region file {path}, line {index + 2}: {probleem}")

    for i, row in enumerate(frame.iter_rows(named=True)):
        code, naam, gemeente = row["subregiocode"], row["subregionaam"], row["gemeentecode"]
        if not code or not naam:
            raise fout(i, "subregiocode and subregionaam must both be filled in")
        if code.upper() == "NL" or code in gemeentecodes or code[:2] in ("GM", "AM", "MC"):
            raise fout(i, f"subregiocode {code} looks like a gemeente, region or NL code: choose another "
                          "(for example SR-NAAM)")
        if gemeente not in gemeentecodes:
            raise fout(i, f"gemeentecode {gemeente} is not a gemeente of the reference table (GMxxxx)")
        try:
            begin = date.fromisoformat(row["begindatum"] or "")
            einde = date.fromisoformat(row["einddatum"]) if row["einddatum"] else None
        except ValueError:
            raise fout(i, "begindatum (required) and einddatum (optional) must be dates YYYY-MM-DD") from None
        if begin.day != 1 or begin.month not in (1, 4, 7, 10):
            raise fout(i, f"begindatum {begin} is not the first day of a quarter: a membership changes at a "
                          "quarter's start, so that a quarter stays the sum of its months")
        volgende = einde + timedelta(days=1) if einde is not None else None
        if volgende is not None and (einde < begin or volgende.day != 1 or volgende.month not in (1, 4, 7, 10)):
            raise fout(i, f"einddatum {einde} is not the last day of a quarter on or after begindatum")
    namen = frame.group_by("subregiocode").agg(pl.col("subregionaam").n_unique().alias("n")).filter(pl.col("n") > 1)
    if namen.height:
        raise ValueError(f"sub-region file {path}: subregiocode {namen['subregiocode'][0]} has more than one "
                         "subregionaam; give every row of a sub-region the same name")
    typed = frame.with_columns(pl.col("begindatum").str.to_date(), pl.col("einddatum").str.to_date())
    overlap = (
        typed.with_row_index("regel").join(typed.with_row_index("ander"), on=["subregiocode", "gemeentecode"])
        .filter(pl.col("regel") < pl.col("ander"))
        .filter((pl.col("begindatum") <= pl.col("einddatum_right").fill_null(date.max))
                & (pl.col("begindatum_right") <= pl.col("einddatum").fill_null(date.max)))
    )
    if overlap.height:
        raise fout(int(overlap["ander"][0]), f"gemeente {overlap['gemeentecode'][0]} is in sub-region "
                   f"{overlap['subregiocode'][0]} twice over overlapping periods (see line "
                   f"{int(overlap['regel'][0]) + 2}): end one period before the other starts")
    return typed


def load_subregios(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> int:
    """(Re)load table `subregios` from the deployment's file (checked); returns its row count."""
    gemeentecodes = {r[0] for r in con.execute("SELECT gemeentecode FROM gemeenten").fetchall()}
    frame = lees_subregios(path or subregios_bestand(), gemeentecodes)
    con.register("_subregios", frame)
    try:
        con.execute("CREATE OR REPLACE TABLE subregios AS SELECT * FROM _subregios")
    finally:
        con.unregister("_subregios")
    con.execute("COMMENT ON TABLE subregios IS 'Subregio''s waarover de regio rapporteert (JIB_SUBREGIOS): "
                "lidmaatschap per gemeente met begindatum en einddatum.'")
    return scalar(con, "SELECT count(*) FROM subregios")


def build_monitoring(
    con: duckdb.DuckDBPyConnection, peildatum: date, gebied: list[str] | None = None
) -> dict[str, int]:
    """Replace the region membership, the facts and the monitoring_maand rows of P and recompute
    monitoring_kwartaal for P's quarter, for the area `gebied` (gemeentecodes; None: every gemeente).

    Reads gemeente_lijst, casemanager_monitoring, uwv_polis, the BRP and DUO deliveries, persoon_toestand (the
    residents known to DUO), gemeenten and the sub-region file. Returns row counts.
    """
    ontbreekt = [t for t in INVOER if not table_exists(con, t)]
    if ontbreekt:
        raise RuntimeError(f"monitoring needs tables that do not exist yet: {', '.join(ontbreekt)}")
    if gebied is None:
        gebied = [r[0] for r in con.execute("SELECT gemeentecode FROM gemeenten ORDER BY ALL").fetchall()]
    subregios = load_subregios(con)
    kwartaal, van, tot = kwartaal_van(peildatum)
    cijfers = sql("monitoring_cijfers")
    # One transaction: the membership, the facts, the month and its quarter change together or not at all.
    counts = replace_partitions(
        con,
        [
            _indeling(peildatum, gebied),
            Load("monitoring_feiten", sql("monitoring_feiten"),
                 {"peildatum": peildatum, "gebied": gebied, **werk_vervolg(peildatum)}),
            Load("monitoring_maand", _MAAND.format(cijfers=cijfers),
                 {"peildatum": peildatum, "van": peildatum, "tot": peildatum}),
            Load("monitoring_kwartaal", _KWARTAAL.format(cijfers=cijfers),
                 {"kwartaal": kwartaal, "van": van, "tot": tot}, where="kwartaal = $kwartaal"),
        ],
    )
    _comment(con)
    return {"subregios": subregios, **counts}


def build_indeling(con: duckdb.DuckDBPyConnection, peildatum: date, gebied: list[str]) -> dict[str, int]:
    """Only the region membership of P (`subregios` reloaded, `regio_indeling` of P replaced): what an asset backfill
    selects of the monitoring step apart from the figures. It reads no delivery, so it runs whatever of P's
    deliveries the warehouse holds; build_monitoring writes the same rows with the figures. Returns row counts."""
    subregios = load_subregios(con)
    return {"subregios": subregios, **replace_partitions(con, [_indeling(peildatum, gebied)])}


def _indeling(peildatum: date, gebied: list[str]) -> Load:
    return Load("regio_indeling", sql("monitoring_indeling"), {"peildatum": peildatum, "gebied": gebied})


def months_without_monitoring(con: duckdb.DuckDBPyConnection, peildatum: date) -> list[date]:
    """The processed months before P (gemeente_lijst_maanden) that have no monitoring_maand rows, oldest
    first: after an upgrade dropped an older release's monitoring (migrations v0002), the step rebuilds them."""
    if not table_exists(con, "gemeente_lijst_maanden"):
        return []
    if not table_exists(con, "monitoring_maand"):
        query = "SELECT peildatum FROM gemeente_lijst_maanden WHERE peildatum < $p ORDER BY 1"
    else:
        query = ("SELECT peildatum FROM gemeente_lijst_maanden WHERE peildatum < $p AND peildatum NOT IN "
                 "(SELECT DISTINCT peildatum FROM monitoring_maand) ORDER BY 1")
    return [r[0] for r in con.execute(query, {"p": peildatum}).fetchall()]


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    """Say on every table and column what it counts (only what is not said yet)."""
    set_comments(con, "monitoring_feiten", "Feiten per persoon achter de monitoring van een peildatum, "
                 "zonder identificerende gegevens (bron: gemeente, lijst, casemanager, werk).", {})
    set_comments(con, "regio_indeling", "Per peildatum, niveau en regio: de gemeenten van het gebied "
                 "(JIB_GEBIED) die de regio optelt.", INDELING_KOLOMMEN)
    stil = set_comments(con, "monitoring_maand", "Monitoring Jongeren in Beeld per maand en niveau, exacte aantallen.",
                        KOLOMMEN)
    stil += set_comments(con, "monitoring_kwartaal", "Monitoring Jongeren in Beeld per kwartaal en niveau, exacte "
                         "aantallen: stromen opgeteld over de maanden, standen van de laatste maand.", KOLOMMEN)
    if stil:
        raise RuntimeError(f"monitoring columns without a text in monitoring.KOLOMMEN: {', '.join(sorted(set(stil)))}")
