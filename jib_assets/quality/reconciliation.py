"""Reconciliation checks between steps: nothing appears or vanishes between two tables of a month.

Plain functions on a connection, so tests call them directly; the assets turn them into checks.
The queries are in sql/checks/.
"""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets import schema
from jib_assets.db import scalar, sql


def ib_lijst_not_in_selectie(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Rows of the IB list of P that are not in the DUO selection of P (must be 0)."""
    return scalar(con, sql("checks/ib_lijst_niet_in_selectie"), {"peildatum": peildatum})


def werklijst_mismatch(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Worklist rows that are not instroom of zzp/benaderen, and such instroom missing from it (must be 0)."""
    params = {"peildatum": peildatum, "werklijst_categorieen": list(schema.value_set("werklijst_categorie"))}
    return scalar(con, sql("checks/werklijst_verschil"), params)


def monitoring_mismatch(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Gemeenten of the area whose monitoring op_lijst / instroom / uitstroom differ from the rows of
    gemeente_lijst (must be 0). The area is that of regio_indeling on P (monitoring counts no other gemeente)."""
    return scalar(con, sql("checks/monitoring_verschil"), {"peildatum": peildatum})


def werklijst_columns_with_bsn(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Columns of the worklist whose name says BSN (must be none)."""
    return [row[0] for row in con.execute(sql("checks/werklijst_bsn_kolommen")).fetchall()]
