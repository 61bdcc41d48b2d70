"""Step 3 of the chain, municipal filtering (rules.md 3): the bezwaar register that keeps honouring
objections, and one categorie per person on the list (table gemeente_filter, with jib_id).

The casemanager's worklist is the instroom of zzp and benaderen: it needs step 4's delta status, so it
is built after the delta (maand_delta.build_werklijst) and the lineage reads forward.
"""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets import schema
from jib_assets.db import replace_partition, scalar, sql, table_exists
from jib_assets.privacy.erasure import erase_by_register


def update_bezwaar_register(con: duckdb.DuckDBPyConnection) -> int:
    """Merge the bezwaar marks of every loaded casemanager delivery into bezwaar_register.

    Each jib_id keeps the first month it was marked. The register only grows (an erased person
    cannot be un-erased), so rerunning any month leaves it as it is. Returns its size.
    """
    con.execute(schema.ddl("bezwaar_register"))
    if table_exists(con, "casemanager_monitoring"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_bezwaar_register AS {sql('bezwaar_register')}")
        try:
            replace_partition(con, "bezwaar_register", "SELECT * FROM stage_bezwaar_register", {}, where="TRUE")
        finally:
            con.execute("DROP TABLE IF EXISTS stage_bezwaar_register")
    return scalar(con, "SELECT count(*) FROM bezwaar_register")


def erase_bezwaar(con: duckdb.DuckDBPyConnection) -> int:
    """rules.md 3, opt-out: erase every identifying column of the register (BSN, name, address, birth date)
    of everyone in bezwaar_register from gemeente_lijst and werklijst_casemanager, history included, every
    month. The statements are generated from the register (privacy.erasure.erase_by_register). Returns the
    rows changed."""
    return erase_by_register(con, ("gemeente_lijst", "werklijst_casemanager"))


def register_repeats(con: duckdb.DuckDBPyConnection) -> int:
    """Check: jib_ids with more than one row in bezwaar_register (must be 0)."""
    return scalar(con, sql("bezwaar_register_dubbel"))


def build_gemeente_filter(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """Merge the bezwaar register, then replace the peildatum's rows of gemeente_filter: the IB list of P
    with jib_id and categorie. Returns counts for the UI (register size, persons per categorie)."""
    register_size = update_bezwaar_register(con)
    rows = replace_partition(con, "gemeente_filter", sql("gemeente_filter"), {"peildatum": peildatum})
    counts = {"op_lijst": rows, "bezwaar_register": register_size} | {f"categorie_{c}": 0 for c in schema.CATEGORIEEN}
    for categorie, n in con.execute(
        "SELECT categorie, count(*) FROM gemeente_filter WHERE peildatum = $p GROUP BY ALL", {"p": peildatum}
    ).fetchall():
        counts[f"categorie_{categorie}"] = int(n)
    return counts


def filter_matches_ib_lijst(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Check: rows of gemeente_filter of P that differ from the IB list of P (by jib_id and gemeente,
    both ways) or have no valid categorie (must be 0)."""
    return scalar(con, sql("gemeente_filter_vs_ib_lijst"),
                  {"peildatum": peildatum, "categorieen": list(schema.CATEGORIEEN)})


def categories_partition(con: duckdb.DuckDBPyConnection, peildatum: date) -> bool:
    """Check: every row of gemeente_lijst of P has exactly one of the four categories, one row per
    person per gemeente, and those on the list number exactly the IB list of P."""
    return bool(scalar(con, sql("gemeente_lijst_categorieen"),
                       {"peildatum": peildatum, "categorieen": list(schema.CATEGORIEEN)}))
