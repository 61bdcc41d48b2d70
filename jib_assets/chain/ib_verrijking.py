"""Step 2 of the chain, IB income enrichment (rules.md 2): income from work and benefits of every
selected person; those below the threshold without a benefit make the JIB list (ib_lijst)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from jib_assets import parameters
from jib_assets.db import Load, replace_partitions, sql
from jib_assets.partitions import add_months


def build_ib_lijst(
    con: duckdb.DuckDBPyConnection,
    peildatum: date,
    inkomensgrens: Decimal | None = None,
    lag_maanden: int | None = None,
) -> dict[str, int]:
    """Replace the peildatum's rows of ib_verrijking (every selected person) and ib_lijst (those on the list).

    The threshold defaults to the versioned INKOMENSGRENS in force on the peildatum, the lag to
    INKOMEN_LAG_MAANDEN. Reads duo_selectie of the peildatum. Returns counts for the Dagster UI.
    """
    if inkomensgrens is None:
        inkomensgrens = parameters.INKOMENSGRENS.on(peildatum)
    if lag_maanden is None:
        lag_maanden = parameters.INKOMEN_LAG_MAANDEN
    if lag_maanden < 1:
        raise ValueError(f"lag_maanden must be at least 1 (wages of a month are known only after it ends), got {lag_maanden}")
    params = {
        "peildatum": peildatum,
        "inkomensmaand": add_months(peildatum, -lag_maanden),
        "inkomensgrens": Decimal(inkomensgrens),
    }
    replace_partitions(
        con, [Load("ib_verrijking", sql("ib_verrijking"), params), Load("ib_lijst", sql("ib_lijst"), params)]
    )
    result = con.execute(sql("ib_verrijking_tellingen"), {"peildatum": peildatum, "inkomensmaand": params["inkomensmaand"]})
    names = [d[0] for d in result.description]
    return {name: int(value) for name, value in zip(names, result.fetchall()[0], strict=True)}
