"""Writing a staged delivery: its typed table and its quarantaine rows for one peildatum, in one transaction.

Every loader first builds the temp table ingest_staged (regel, bron, bsn, the typed columns, reden);
this module turns it into rows of the warehouse and into the counts the data team sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import duckdb

from jib_assets.db import scalar, sql, table_exists
from jib_assets.ingest.sources import CSV_SOURCES
from jib_assets.reference import load_reference

if TYPE_CHECKING:
    from jib_assets.ingest.krimp import Volume

STAGED = "ingest_staged"


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did; holds counts and reasons only, so it may go into logs and Dagster metadata."""

    bestand: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    reasons: dict[str, int] = field(default_factory=dict)
    volume: Volume | None = None  # a delivery CSV's rows against the previous delivery (ingest/krimp.py)
    rows_not_kept: int = 0  # valid rows no rule of the month reads (SourceSpec.alleen_gelezen), not stored
    # Casemanager rows set aside that may carry an objection (file, Excel row): no value, no jib_id.
    bezwaar_in_quarantaine: tuple[tuple[str, int], ...] = ()

    @property
    def rows_stored(self) -> int:
        return self.rows_loaded - self.rows_not_kept

    @property
    def quarantine_share(self) -> float:
        return self.rows_quarantined / self.rows_read if self.rows_read else 0.0

    def summary(self) -> str:
        """One line for a log: counts and the most frequent reasons."""
        top = ", ".join(f"{reden} ({n})" for reden, n in list(self.reasons.items())[:5])
        kept = f" ({self.rows_not_kept} that no rule reads not kept)" if self.rows_not_kept else ""
        return (
            f"{self.bestand}: {self.rows_read} rows read, {self.rows_loaded} loaded{kept}, "
            f"{self.rows_quarantined} quarantined" + (f": {top}" if top else "")
        )


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Install the ingest macros and make sure the shared tables and the reference table exist."""
    for name in ("ingest_macros", "ingest_tabellen", "ingest_duo_buiten"):
        for statement in con.extract_statements(sql(name)):
            con.execute(statement)
    if not table_exists(con, "gemeenten"):
        load_reference(con)


def store_staged(
    con: duckdb.DuckDBPyConnection,
    *,
    table: str,
    peildatum: date,
    bestand: str,
    quarantaine_where: str,
    exclude: tuple[str, ...] = ("bron", "reden"),
    alleen_bewaard: bool = False,
    lading: str | None = None,
    buiten: bool = False,
) -> IngestResult:
    """Replace the peildatum's rows of `table`, and its quarantaine and ingest_bestanden rows matching
    `quarantaine_where` (bound: $bestand), by the staged rows; all or nothing.

    Only this file's quarantaine rows are touched: other steps write theirs under their own bestand.
    `alleen_bewaard`: the staged rows carry a column `bewaard` (query.staging_query), and valid rows without it count
    as loaded but are not stored. `lading`: this file's `lading` in ingest_aanwezig (csv_source.doelgroep), None for none.
    `buiten`: the BSNs of those valid rows not stored go to duo_buiten (a DUO file stored for the target group only).
    """
    params = {"peildatum": peildatum}
    kept = "bewaard" if alleen_bewaard else "TRUE"
    exclude = (*exclude, "bewaard") if alleen_bewaard else exclude
    owned = {"peildatum": peildatum, "bestand": bestand}
    where = f"peildatum = $peildatum AND ({quarantaine_where})"
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {table} WHERE peildatum = $peildatum", params)
        stored = scalar(  # an INSERT's one row is the count of rows it wrote
            con,
            f"INSERT INTO {table} BY NAME SELECT $peildatum AS peildatum, * EXCLUDE ({', '.join(exclude)}) "
            f"FROM {STAGED} WHERE reden IS NULL AND {kept}",
            params,
        )
        con.execute(f"DELETE FROM quarantaine WHERE {where}", owned)
        con.execute(f"INSERT INTO quarantaine BY NAME {sql('ingest_quarantaine')}", params)
        con.execute(f"DELETE FROM ingest_bestanden WHERE {where}", owned)
        con.execute(f"INSERT INTO ingest_bestanden BY NAME {sql('ingest_bestanden')}", params)
        con.execute("DELETE FROM ingest_aanwezig WHERE peildatum = $peildatum AND bestand = $bestand", owned)
        if table in CSV_SOURCES:  # a delivery (the casemanager's spreadsheets are kept, not delivered again)
            con.execute("INSERT INTO ingest_aanwezig VALUES ($peildatum, $bestand, $lading)", owned | {"lading": lading})
        con.execute("DELETE FROM duo_buiten WHERE peildatum = $peildatum AND bestand = $bestand", owned)
        if buiten:
            con.execute(f"INSERT INTO duo_buiten SELECT DISTINCT $peildatum, $bestand, bsn FROM {STAGED} "
                        "WHERE reden IS NULL AND NOT bewaard", owned)
        result = _result(con, bestand, stored)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


# Settings a load changes on the connection (both GLOBAL in DuckDB) and what they are during it.
_LADEN = {
    # Rows may be written in any order (regel says where they came from), which lets DuckDB insert in parallel with
    # less memory: 2-3x faster on a national polis file.
    "preserve_insertion_order": "false",
    # No DICT_FSST for the delivered strings (BSNs, loonheffingennummers, addresses): choosing and building it made
    # storing national February's 16.4 million polis rows 8.7-10.5 s against 5.9 s, and its five largest deliveries
    # 74-79 s against 70 s to load. The delivered rows stay only for the month's run (privacy/bewaartermijn.py), and
    # the erasure's rewrite at its end writes every kept table with the default compression again.
    "disabled_compression_methods": "dict_fsst",
}


@contextmanager
def staging(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Around a load: the settings of `_LADEN`; afterwards the connection's settings are restored and the staged
    rows are dropped."""
    before = {name: scalar(con, "SELECT current_setting(?)", [name]) for name in _LADEN}
    for name, value in _LADEN.items():
        con.execute(f"SET {name} = '{value}'")
    try:
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {STAGED}")
        for name, value in before.items():
            con.execute(f"SET {name} = '{value}'")


def _result(con: duckdb.DuckDBPyConnection, bestand: str, stored: int) -> IngestResult:
    """The counts of the staged rows, `stored` of them written (the valid rows less those not kept: counted from the
    INSERT, not by evaluating the condition again, 0.6 s on a national polis file)."""
    read, quarantined = con.execute(f"SELECT count(*), count(*) FILTER (WHERE reden IS NOT NULL) FROM {STAGED}").fetchall()[0]
    reasons = dict(con.execute(sql("ingest_redenen")).fetchall())
    loaded = read - quarantined
    return IngestResult(bestand, read, loaded, quarantined, reasons, rows_not_kept=loaded - int(stored))


def quarantaine_aandeel(con: duckdb.DuckDBPyConnection, peildatum: date) -> dict[str, float]:
    """Per source file of the peildatum: quarantined rows / read rows (0 for an empty file).

    For the blocking check against parameters.MAX_QUARANTAINE_AANDEEL; the casemanager spreadsheets
    count as one source, 'casemanager'.
    """
    rows = con.execute(sql("ingest_quarantaine_aandeel"), {"peildatum": peildatum}).fetchall()
    return {bron: float(aandeel) for bron, _, _, aandeel in rows}


def quarantaine_preview(
    con: duckdb.DuckDBPyConnection, peildatum: date, bestand: str, limit: int = 10
) -> list[str]:
    """The first quarantined lines of a file as 'regel N: reden', without the BSN: safe for logs and the UI."""
    rows = con.execute(
        "SELECT bestand, regel, reden FROM quarantaine WHERE peildatum = $peildatum "
        "AND (bestand = $bestand OR starts_with(bestand, $bestand || '/')) ORDER BY bestand, regel LIMIT $limit",
        {"peildatum": peildatum, "bestand": bestand, "limit": limit},
    ).fetchall()
    return [f"{b} regel {regel}: {reden}" if b != bestand else f"regel {regel}: {reden}" for b, regel, reden in rows]

