"""Step 1 of the chain, DUO selection (rules.md 1): of everyone DUO knows, who is selected on the
peildatum, who is excluded and why, and who is set aside in quarantaine for a data problem. Reads each
person's state from persoon_toestand; only persons living in the deployment's area (JIB_GEBIED) are
selected, the others are excluded as buiten_gebied."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from jib_assets import schema
from jib_assets.db import Load, replace_partitions, scalar, sql, table_exists
from jib_assets.partitions import previous_month
from jib_assets.privacy.sleutel import register_jib_id

# The reasons a DUO-known person is not selected, and the data problems that put them in quarantaine
# (bestand = 'duo_selectie'): value sets of the register (schema.py).
UITSLUITINGSREDENEN = schema.REDENEN_UITSLUITING
QUARANTAINEREDENEN = schema.REDENEN_QUARANTAINE


def build_duo_selectie(
    con: duckdb.DuckDBPyConnection, peildatum: date, gebied: Sequence[str] | None = None
) -> dict[str, int]:
    """Replace the peildatum's rows of duo_beoordeling, duo_selectie (and its counts per gemeente in stap_tellingen,
    which the month-on-month checks read after retention removed the month's rows) and this step's quarantaine rows.

    duo_beoordeling holds every DUO-known person of persoon_toestand with each condition and the
    outcome; the other two are read from it. `gebied`: the gemeentecodes of the deployment's area
    (None: every gemeente). Each table is replaced in its own transaction: a run that fails in
    between is caught by reconcile_duo_selectie and repaired by running the month again.
    Returns counts for the Dagster UI, no personal data.
    """
    params = {
        "peildatum": peildatum,
        "gebied": None if gebied is None else list(gebied),
        "uitsluitingsredenen": list(UITSLUITINGSREDENEN),
    }
    replace_partitions(
        con,
        [
            Load("duo_beoordeling", sql("duo_beoordeling"), params),
            Load("duo_selectie", sql("duo_selectie"), params),
            Load("stap_tellingen", sql("stap_tellingen_duo_selectie"), params,
                 where="peildatum = $peildatum AND stap = 'duo_selectie'"),
            Load("quarantaine", sql("duo_selectie_quarantaine"), params,
                 where="peildatum = $peildatum AND bestand = 'duo_selectie'"),
        ],
    )
    return outcome_counts(con, peildatum)


def ander_gebied(con: duckdb.DuckDBPyConnection, peildatum: date, gebied: Sequence[str] | None) -> str | None:
    """Why the month cannot run with this area, or None: the latest month before P was processed for another
    area (its regio_indeling holds other gemeenten) than `gebied` (None: every gemeente). A month's delta
    compares its lists with that month's, and a quarter's region figures sum its months, so the area changes
    for every month from the first or not at all. Gemeentecodes are public; no person is named."""
    if not table_exists(con, "regio_indeling"):
        return None
    vorige = scalar(con, "SELECT max(peildatum) FROM regio_indeling WHERE peildatum < $p", {"p": peildatum})
    if vorige is None:
        return None
    toen = {r[0] for r in con.execute("SELECT DISTINCT gemeentecode FROM regio_indeling WHERE peildatum = $v",
                                      {"v": vorige}).fetchall()}
    nu = set(gebied) if gebied is not None else {r[0] for r in con.execute("SELECT gemeentecode FROM gemeenten").fetchall()}
    if toen == nu:
        return None

    def some(codes: set[str]) -> str:
        first = sorted(codes)[:5]
        return ", ".join(first) + (f" and {len(codes) - len(first)} more" if len(codes) > len(first) else "")

    verschil = []
    if toen - nu:
        verschil.append(f"not in it now: {some(toen - nu)}")
    if nu - toen:
        verschil.append(f"new in it: {some(nu - toen)}")
    return (
        f"JIB_GEBIED gives an area of {len(nu)} gemeenten, but {vorige:%Y-%m}, the latest month before {peildatum:%Y-%m}, was processed for "
        f"an area of {len(toen)} ({'; '.join(verschil)}). A month's delta compares its lists with the month before and a "
        "quarter sums its months, so the area cannot change for one month alone. Set JIB_GEBIED (or the data "
        "folder's file `gebied`, which `jib demo` writes) back to the area this warehouse was built for; or process "
        "every month again with the new area, from the first (jib run --from <first month>); or give the new area "
        "its own JIB_HOME."
    )


def outcome_counts(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, int]:
    """DUO-known persons of the peildatum by outcome and reason; every known reason present, 0 if none."""
    rows = con.execute(sql("duo_beoordeling_redenen"), {"peildatum": peildatum}).fetchall()
    counts = {"duo_bekend": 0, "geselecteerd": 0, "uitgesloten": 0, "quarantaine": 0}
    counts |= {f"uitgesloten_{_slug(r)}": 0 for r in UITSLUITINGSREDENEN}
    counts |= {f"quarantaine_{_slug(r)}": 0 for r in QUARANTAINEREDENEN}
    for uitkomst, reden, personen in rows:
        counts["duo_bekend"] += personen
        counts[uitkomst] += personen
        if reden is not None:
            key = f"{uitkomst}_{_slug(reden)}"
            counts[key] = counts.get(key, 0) + personen
    return counts


def reconcile_duo_selectie(con: duckdb.DuckDBPyConnection, peildatum: date, key: bytes) -> dict[str, Any]:
    """Nobody vanishes: every DUO-known person of the snapshot, recomputed from the sources, has
    exactly one outcome (selected, excluded with a reason, or quarantined), and nobody else has one; those whom no
    rule of the month can need are recomputed too and must be as many as buiten_doelgroep counts.

    The key makes jib_id() callable, to recognise an erased objector whose source rows a rerun has
    re-ingested (sql/duo_selectie_reconciliatie.sql); it is computed only for source BSNs without a row.
    Returns the counts and `ok` (True when they reconcile), for a blocking asset check.
    """
    register_jib_id(con, key)
    con.execute(sql("ingest_duo_buiten"))  # the DUO-known persons whose rows were not stored: none without the ingest
    params = {"peildatum": peildatum, "vorige": previous_month(peildatum)}
    result = con.execute(sql("duo_selectie_reconciliatie"), params)
    names = [d[0] for d in result.description]
    counts: dict[str, Any] = dict(zip(names, result.fetchall()[0], strict=True))
    counts["ok"] = (
        counts["zonder_uitkomst"] == 0
        and counts["meerdere_uitkomsten"] == 0
        and counts["niet_duo_bekend"] == 0
        and counts["geselecteerd"] + counts["uitgesloten"] + counts["quarantaine"] == counts["duo_bekend"]
    )
    return counts


def _slug(reden: str) -> str:
    return reden.lower().replace("-", "_").replace(" ", "_")
