"""Step 4 of the chain, the monthly delta (rules.md 4): per gemeente who came in (and how), who stays,
who left (and why, read from persoon_toestand). With step 3's categorie (table gemeente_filter) it makes
table gemeente_lijst, one month at a time; then the casemanager's worklist (rules.md 3), which is the
instroom of zzp and benaderen and so can only follow the delta.
"""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets import schema
from jib_assets.chain.gemeente_filter import categories_partition as categories_partition
from jib_assets.chain.gemeente_filter import erase_bezwaar
from jib_assets.db import Load, bound, replace_partition, replace_partitions, scalar, sql, table_exists
from jib_assets.partitions import add_months, previous_month

_STAGES = ("stage_uitstroom",)


class DeltaOrderError(Exception):
    """The previous month was never processed while an earlier one was: the delta would compare with
    the wrong list. Materialise the missing month first."""


def processed_months(con: duckdb.DuckDBPyConnection) -> set[date]:
    """The peildata gemeente_lijst was built for (including months whose lists were all empty)."""
    months: set[date] = set()
    if table_exists(con, "gemeente_lijst"):
        months |= {r[0] for r in con.execute("SELECT DISTINCT peildatum FROM gemeente_lijst").fetchall()}
    if table_exists(con, "gemeente_lijst_maanden"):
        months |= {r[0] for r in con.execute("SELECT peildatum FROM gemeente_lijst_maanden").fetchall()}
    return months


def is_first_month(con: duckdb.DuckDBPyConnection, peildatum: date) -> bool:
    """True when no month before P was processed; raises DeltaOrderError when P-1 is missing but an
    earlier month is there. Rerunning a month whose P-1 exists is always allowed."""
    earlier = sorted(m for m in processed_months(con) if m < peildatum)
    if not earlier:
        return True
    vorige = previous_month(peildatum)
    if earlier[-1] != vorige:
        missing = add_months(earlier[-1], 1)
        raise DeltaOrderError(
            f"gemeente_lijst {peildatum:%Y-%m} needs the list of {vorige:%Y-%m}, which was never made "
            f"(the last month processed before it is {earlier[-1]:%Y-%m}): materialise {missing:%Y-%m} first."
        )
    return False


def build_gemeente_lijst(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """Replace the peildatum's rows of gemeente_lijst (rules.md 3 and 4) and return counts for the UI.

    Reads gemeente_filter and persoon_toestand of P, bezwaar_register, and gemeente_lijst of earlier
    months (P-1 must have been processed unless no earlier month was). Every person is joined by the
    jib_id stored in gemeente_filter and persoon_toestand: no pseudonym is computed here, so a rerun
    after an erasure finds the objector as the first run did.
    """
    eerste_maand = is_first_month(con, peildatum)
    params = {"peildatum": peildatum, "vorige": previous_month(peildatum), "eerste_maand": eerste_maand}

    con.execute(schema.ddl("gemeente_lijst"))
    con.execute(schema.ddl("bezwaar_register"))
    erased = erase_bezwaar(con)
    try:
        uitstroom = sql("gemeente_lijst_uitstroom")
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_uitstroom AS {uitstroom}", bound(uitstroom, params))
        # The month's lists and its entry among the processed months, in one transaction.
        rows = replace_partitions(
            con,
            [Load("gemeente_lijst", schema.blank_identifying(sql("gemeente_lijst"), "gemeente_lijst", "gewist"), params),
             Load("gemeente_lijst_maanden", sql("gemeente_lijst_maanden"), params)],
        )["gemeente_lijst"]
    finally:
        for stage in _STAGES:
            con.execute(f"DROP TABLE IF EXISTS {stage}")

    counts = dict.fromkeys(
        ["op_lijst", "werklijst"]
        + [f"status_{s}" for s in schema.STATUSSEN]
        + [f"soort_instroom_{s}" for s in schema.SOORTEN_INSTROOM]
        + [f"reden_uitstroom_{r}" for r in schema.REDENEN_UITSTROOM]
        + [f"categorie_{c}" for c in schema.CATEGORIEEN]
        + [f"instroom_{c}" for c in schema.CATEGORIEEN],
        0,
    )
    tellingen = {"peildatum": peildatum, "werklijst_categorieen": list(schema.WERKLIJST_CATEGORIEEN)}
    counts.update(
        {name: int(n) for name, n in con.execute(sql("gemeente_lijst_tellingen"), tellingen).fetchall()}
    )
    return {
        "rijen": rows,
        **counts,
        "eerste_maand": int(eerste_maand),
        "gewist": erased,
    }


def conservation(con: duckdb.DuckDBPyConnection, peildatum: date) -> list[str]:
    """Check (rules.md 4): the gemeenten where on list at P-1 + instroom - uitstroom differs from on
    list at P (P-1 counts 0 in the first month processed). Empty when the month is conserved."""
    eerste_maand = scalar(
        con, "SELECT eerste_maand FROM gemeente_lijst_maanden WHERE peildatum = $peildatum", {"peildatum": peildatum}
    ) if table_exists(con, "gemeente_lijst_maanden") else None
    if eerste_maand is None:
        raise ValueError(f"gemeente_lijst {peildatum:%Y-%m} was never built")
    query = sql("gemeente_lijst_behoud")
    params = {"peildatum": peildatum, "vorige": previous_month(peildatum), "eerste_maand": eerste_maand}
    return [r[0] for r in con.execute(query, bound(query, params)).fetchall()]


def ib_lijst_mismatch(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Check: persons on the municipal lists of P that differ from the IB list of P, both ways (must be 0).

    By jib_id, not BSN: gemeente_lijst holds no BSN for youths in bezwaar, so a BSN comparison would
    fail the month as soon as anyone objects.
    """
    return scalar(con, sql("gemeente_lijst_vs_ib_lijst"), {"peildatum": peildatum})


def build_werklijst(con: duckdb.DuckDBPyConnection, peildatum: date) -> int:
    """Replace the peildatum's rows of werklijst_casemanager: the instroom of zzp and benaderen in
    gemeente_lijst (rules.md 3), without BSN. Returns the worklist size."""
    params = {"peildatum": peildatum, "werklijst_categorieen": list(schema.WERKLIJST_CATEGORIEEN)}
    return replace_partition(con, "werklijst_casemanager", sql("werklijst_casemanager"), params)
