"""Step 5 of the chain, monitoring (rules.md 5): the figures of each month and quarter at every level,
exact, in the restricted store; the analysts' copy (publish/analytics) suppresses small numbers.

Three tables, all rebuilt for a peildatum P by `build_monitoring`:

- `monitoring_feiten`: the facts behind the figures of P, one row per person-fact and no identifiers
  (sql/monitoring_feiten.sql). Kept so that a quarter can be recomputed over persons.
- `monitoring_maand`: the indicators of P (sql/monitoring_cijfers.sql over one month).
- `monitoring_kwartaal`: the indicators of P's quarter, recomputed from the months present.

How the vague parts of rules.md 5 are read here (the reading is the rule):

- **Which rows.** A gemeente has a row from the first month it has a row in `gemeente_lijst` (or in the
  casemanager spreadsheets) onwards, zeros included; a region or `nederland` has a row when at least
  one of its gemeenten does, and its figures are over those gemeenten only. `gemeenten_meegeteld`
  and `gemeenten_in_regio` show how complete a region is. National regiocode is `NL`.
- **Levels.** Every fact counts at the gemeente of its row and at that gemeente's
  arbeidsmarktregio, RMC-regio and `nederland`: a region's flow is the sum of its gemeenten, so a
  move inside a region is an uitstroom and an instroom there too. Medians and averages at a higher
  level are computed over its persons, never as a median of medians.
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

from datetime import date
from decimal import Decimal

import duckdb

from jib_assets import schema
from jib_assets.db import Load, replace_partitions, scalar, sql
from jib_assets.parameters import ECONOMISCH_ZELFSTANDIG
from jib_assets.partitions import add_months

VERVOLG_MAANDEN = 6  # sustainable work: the follow-up months after the month of leaving
INVOER = ("gemeente_lijst", "casemanager_monitoring", "uwv_polis", "gemeenten")

SOORTEN_INSTROOM = schema.VALUE_SETS["soort_instroom"]
REDENEN_UITSTROOM = schema.VALUE_SETS["reden_uitstroom"]
CATEGORIEEN = schema.VALUE_SETS["categorie"]
VRAGEN = ("werk", "opleiding", "zorg", "schulden", "huisvesting", "anders")
BESTEMMINGEN = (
    "opleiding", "werk", "uitkering", "verhuizing", "samenwonen", "dagbesteding",
    "vrijwilligerswerk", "afzien", "eigen_onderneming", "anders",
)

_CM = "Uit de casemanagerspreadsheets (laatste levering t/m de peildatum per gemeente; stand, cumulatief): "
_WERK = "Van de jongeren van het werk-cohort (zie werk_uitstroom_gevolgd): "

# What each column counts (COMMENT ON COLUMN; publish/analytics carries it to the analysts).
KOLOMMEN: dict[str, str] = {
    "peildatum": "Peildatum van de maand (eerste dag).",
    "kwartaal": "Kwartaal (YYYY-Qn).",
    "maanden": "Aantal maanden van het kwartaal waarvan cijfers aanwezig zijn.",
    "niveau": "Niveau: gemeente, arbeidsmarktregio, rmc_regio of nederland.",
    "regiocode": "Code van de gemeente (GMxxxx), arbeidsmarktregio (AMxx), RMC-regio (MCxx) of NL.",
    "regionaam": "Naam van de gemeente of regio.",
    "gemeenten_in_regio": "Aantal gemeenten van deze regio in de referentietabel.",
    "gemeenten_meegeteld": "Aantal gemeenten van deze regio waarvan cijfers zijn meegeteld (met een lijst).",
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
}


_BESTAAT = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
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


def build_monitoring(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """Replace the facts and monitoring_maand rows of P and recompute monitoring_kwartaal for P's quarter.

    Reads gemeente_lijst, casemanager_monitoring, uwv_polis and gemeenten. Returns row counts.
    """
    ontbreekt = [t for t in INVOER if not scalar(con, _BESTAAT, [t])]
    if ontbreekt:
        raise RuntimeError(f"monitoring needs tables that do not exist yet: {', '.join(ontbreekt)}")
    kwartaal, van, tot = kwartaal_van(peildatum)
    cijfers = sql("monitoring_cijfers")
    # One transaction: the facts, the month and its quarter change together or not at all.
    counts = replace_partitions(
        con,
        [
            Load("monitoring_feiten", sql("monitoring_feiten"), {"peildatum": peildatum, **werk_vervolg(peildatum)}),
            Load("monitoring_maand", _MAAND.format(cijfers=cijfers),
                 {"peildatum": peildatum, "van": peildatum, "tot": peildatum}),
            Load("monitoring_kwartaal", _KWARTAAL.format(cijfers=cijfers),
                 {"kwartaal": kwartaal, "van": van, "tot": tot}, where="kwartaal = $kwartaal"),
        ],
    )
    _comment(con)
    return counts


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    """Say on every column what it counts. COMMENT ON takes no bound parameters: the texts are ours."""
    con.execute(
        "COMMENT ON TABLE monitoring_feiten IS 'Feiten per persoon achter de monitoring van een peildatum, "
        "zonder identificerende gegevens (bron: gemeente, lijst, casemanager, werk).'"
    )
    con.execute("COMMENT ON TABLE monitoring_maand IS 'Monitoring Jongeren in Beeld per maand en niveau, exacte aantallen.'")
    con.execute(
        "COMMENT ON TABLE monitoring_kwartaal IS 'Monitoring Jongeren in Beeld per kwartaal en niveau, exacte aantallen: "
        "stromen opgeteld over de maanden, standen van de laatste maand.'"
    )
    for table in ("monitoring_maand", "monitoring_kwartaal"):
        columns = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ?",
            [table],
        ).fetchall()
        for (column,) in columns:
            text = KOLOMMEN[column].replace("'", "''")
            con.execute(f"COMMENT ON COLUMN {table}.{column} IS '{text}'")
