"""The head of the chain: each DUO-known person's state on the peildatum, computed once (table
persoon_toestand). Selection (step 1), enrichment (step 2), filtering (step 3) and the uitstroom
reason (step 4) all read it, so each condition of rules.md 1-4 and the threshold comparison exist in
one place only (sql/persoon_toestand.sql)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import duckdb

from jib_assets import parameters, schema
from jib_assets.db import Load, bound, replace_partitions, scalar, sql
from jib_assets.partitions import add_months, previous_month
from jib_assets.privacy.sleutel import register_jib_id

# The "highest diploma" carried along (rules.md 1) is the last by datum_diploma; on the same date the
# higher of these levels, lowest first (a choice: rules.md does not say).
DIPLOMA_NIVEAUS: tuple[str, ...] = (
    "PRO", "VSO", "VMBO_BB", "VMBO_KB", "VMBO_GL", "VMBO_TL", "MBO1", "MBO2", "MBO3", "MBO4", "HAVO", "VWO",
    "HBO_AD", "HBO_BACHELOR", "WO_BACHELOR", "HBO_MASTER", "WO_MASTER",
)


# The step's temp tables (sql/<name>.sql), made before its loads and dropped after them, also when one fails.
TIJDELIJK = ("persoon_basis", "persoon_bekende_ids")


def income_month(peildatum: date, lag_maanden: int | None = None) -> date:
    """rules.md 2: the calendar month `lag_maanden` (default INKOMEN_LAG_MAANDEN) before P."""
    lag = parameters.INKOMEN_LAG_MAANDEN if lag_maanden is None else lag_maanden
    if lag < 1:
        raise ValueError(f"lag_maanden must be at least 1 (wages of a month are known only after it ends), got {lag}")
    return add_months(peildatum, -lag)


def build_persoon_toestand(
    con: duckdb.DuckDBPyConnection,
    peildatum: date,
    key: bytes,
    *,
    inkomensgrens: Decimal | parameters.Versioned | None = None,
    lag_maanden: int | None = None,
    bekend_regelingen: Sequence[str] | None = None,
) -> int:
    """Replace the peildatum's rows of persoon_toestand: one row per DUO-known person of P's snapshot whom a rule
    can need, and of buiten_doelgroep: the others, counted per reason (the macro buiten_doelgroep, sql/macros.sql).

    The threshold (a Decimal or a Versioned table; default INKOMENSGRENS), the income lag and the client
    schemes default to the parameters in force on P. Rows of objectors erased earlier (bsn NULL) are kept
    as they are. The key only enters the SQL function jib_id on this connection. Returns the rows of P.
    """
    grens = parameters.INKOMENSGRENS if inkomensgrens is None else inkomensgrens
    if isinstance(grens, parameters.Versioned):
        grens = grens.on(peildatum)
    regelingen = parameters.BEKEND_REGELINGEN if bekend_regelingen is None else bekend_regelingen
    params = {
        "peildatum": peildatum,
        "vorige": previous_month(peildatum),
        "inkomensmaand": income_month(peildatum, lag_maanden),
        "inkomensgrens": Decimal(grens),
        "startkwalificatie_diplomas": list(parameters.STARTKWALIFICATIE_DIPLOMAS),
        "diploma_niveaus": list(DIPLOMA_NIVEAUS),
        "bekend_regelingen": list(regelingen),
    }
    register_jib_id(con, key)
    con.execute(schema.ddl("persoon_toestand"))
    con.execute(schema.ddl("buiten_doelgroep"))
    con.execute(sql("ingest_duo_buiten"))  # empty where the DUO deliveries were stored whole (or not by the ingest)
    # The persons and their DUO and BRP facts, grouped once for both tables (sql/persoon_basis.sql).
    # And the jib_ids already stored, read before P's rows are replaced (sql/persoon_bekende_ids.sql).
    try:
        for tijdelijk in TIJDELIJK:
            tekst = sql(tijdelijk)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {tijdelijk} AS {tekst}", bound(tekst, params))
        # Erased rows (bsn NULL) stay: the load replaces only the rows it can compute again.
        erased_stay = "peildatum = $peildatum AND bsn IS NOT NULL"
        replace_partitions(con, [Load("persoon_toestand", sql("persoon_toestand"), params, where=erased_stay),
                                 Load("buiten_doelgroep", sql("buiten_doelgroep"), params)])
    finally:
        for tijdelijk in TIJDELIJK:
            con.execute(f"DROP TABLE IF EXISTS temp.{tijdelijk}")
    return scalar(con, "SELECT count(*) FROM persoon_toestand WHERE peildatum = $p", {"p": peildatum})


def buiten_doelgroep(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """The DUO-known persons of P for whom persoon_toestand keeps no row (sql/buiten_doelgroep.sql): counted only."""
    return int(scalar(con, "SELECT coalesce(sum(personen), 0) FROM buiten_doelgroep WHERE peildatum = $p",
                      {"p": peildatum}))


def one_row_per_person(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Check: persons with more than one row of persoon_toestand on P (must be 0)."""
    return scalar(con, sql("persoon_toestand_dubbel"), {"peildatum": peildatum})
