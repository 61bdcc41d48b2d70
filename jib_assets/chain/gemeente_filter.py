"""Step 3 of the chain, municipal filtering (rules.md 3): one categorie per person on the list, the
bezwaar register that keeps honouring objections, and the casemanager's worklist.

The categorie is staged here and written, with step 4's delta, into gemeente_lijst by
maand_delta.build_gemeente_lijst; the worklist is read from that table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from jib_assets.db import replace_partition, scalar, sql
from jib_assets.parameters import BEKEND_REGELINGEN

CATEGORIEEN: tuple[str, ...] = ("bezwaar", "bekend", "zzp", "benaderen")
WERKLIJST_CATEGORIEEN: tuple[str, ...] = ("zzp", "benaderen")


def bound(query: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a query uses (DuckDB refuses unused ones)."""
    return {k: v for k, v in params.items() if f"${k}" in query}


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = $name", {"name": name}))


def update_bezwaar_register(con: duckdb.DuckDBPyConnection) -> int:
    """Merge the bezwaar marks of every loaded casemanager delivery into bezwaar_register.

    Each jib_id keeps the first month it was marked. The register only grows (an erased person
    cannot be un-erased), so rerunning any month leaves it as it is. Returns its size.
    """
    con.execute(sql("bezwaar_register_tabel"))
    if table_exists(con, "casemanager_monitoring"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_bezwaar_register AS {sql('bezwaar_register')}")
        try:
            replace_partition(con, "bezwaar_register", "SELECT * FROM stage_bezwaar_register", {}, where="TRUE")
        finally:
            con.execute("DROP TABLE IF EXISTS stage_bezwaar_register")
    return scalar(con, "SELECT count(*) FROM bezwaar_register")


def erase_bezwaar(con: duckdb.DuckDBPyConnection) -> int:
    """rules.md 3, opt-out: erase BSN, name, address and birth date of everyone in bezwaar_register
    from gemeente_lijst and werklijst_casemanager, every month. Returns the rows changed."""
    changed = 0
    for table in ("gemeente_lijst", "werklijst_casemanager"):
        if table_exists(con, table):
            changed += scalar(con, sql(f"bezwaar_wissen_{table}")) or 0
    return changed


def stage_gemeente_filter(
    con: duckdb.DuckDBPyConnection, peildatum: date, *, bekend_regelingen: Sequence[str] = BEKEND_REGELINGEN
) -> int:
    """Temp table stage_gemeente_filter: the list of P with jib_id and categorie.

    Needs bezwaar_register and the SQL function jib_id (privacy.pseudonym.register_jib_id) on `con`.
    """
    query = sql("gemeente_lijst_filter")
    params = {"peildatum": peildatum, "bekend_regelingen": list(bekend_regelingen)}
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage_gemeente_filter AS {query}", bound(query, params))
    return scalar(con, "SELECT count(*) FROM stage_gemeente_filter")


def build_werklijst(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Replace the peildatum's rows of werklijst_casemanager: the instroom of zzp and benaderen in
    gemeente_lijst, without BSN. Returns the worklist size."""
    return replace_partition(con, "werklijst_casemanager", sql("werklijst_casemanager"), {"peildatum": peildatum})


def categories_partition(con: duckdb.DuckDBPyConnection, peildatum: date) -> bool:
    """Check: every row of gemeente_lijst of P has exactly one of the four categories, one row per
    person per gemeente, and those on the list number exactly the IB list of P."""
    return bool(scalar(con, sql("gemeente_lijst_categorieen"), {"peildatum": peildatum}))
