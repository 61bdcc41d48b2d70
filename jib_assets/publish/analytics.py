"""publish/analytics.duckdb: the analysts' copy of the monitoring, with small numbers suppressed.

Built as a new file beside the old one and renamed over it, so an analyst who has the old file
open is never blocked and never sees half a run. Written in DuckDB storage version 1.4, which the
1.4 line and every later DuckDB can open. Suppressed cells are NULL (never 0).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from jib_assets.db import scalar

STORAGE_VERSION = "v1.4.0"
KLEIN_MIN, KLEIN_MAX = 1, 4  # rules.md 5: counts 1 to 4 are suppressed
MIN_PERSONEN_GEMIDDELDE = 10  # rules.md 5: averages and percentages over fewer persons are suppressed
SLEUTELS = {"peildatum", "kwartaal", "niveau", "regiocode", "regionaam"}
# Context columns that count municipalities or months, not persons: published as they are.
CONTEXT = {"gemeenten_in_regio", "gemeenten_meegeteld", "maanden"}
TABELLEN = ("monitoring_maand", "monitoring_kwartaal")
GEMEENTEN_KOLOMMEN = (
    "gemeentecode", "gemeentenaam", "provincie", "arbeidsmarktregio_code", "arbeidsmarktregio_naam",
    "rmc_regio_code", "rmc_regio_naam", "corop_code", "corop_naam",
)
TELLING_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    return con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()


def basis_kolom(column: str, columns: set[str]) -> str | None:
    """The count of persons an average/median/percentage column is computed over, by naming convention:
    `<x>_basis` if present, else the explicit map below."""
    if f"{column}_basis" in columns:
        return f"{column}_basis"
    return BASIS.get(column) if BASIS.get(column) in columns else None


BASIS: dict[str, str] = {
    "mediaan_maanden_op_lijst_uitstroom": "uitstroom",
}


def suppressed_select(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, list[tuple[str, str]]]:
    """A SELECT of `table` with primary suppression, and the comments to put on its columns."""
    cols = _columns(con, table)
    names = {c for c, _, _ in cols}
    exprs, comments = [], []
    for name, dtype, comment in cols:
        q = f'"{name}"'
        note = comment or ""
        if name in SLEUTELS or name in CONTEXT:
            exprs.append(q)
        elif dtype in TELLING_TYPES:
            exprs.append(f"CASE WHEN {q} BETWEEN {KLEIN_MIN} AND {KLEIN_MAX} THEN NULL ELSE {q} END AS {q}")
            note += f" NULL = onderdrukt (aantal {KLEIN_MIN} t/m {KLEIN_MAX})."
        else:
            basis = basis_kolom(name, names)
            if basis is None:
                exprs.append(f"NULL::{dtype} AS {q}")  # no known base: never publish an unguarded average
                note += " Niet gepubliceerd (geen bekende basis voor onderdrukking)."
            else:
                exprs.append(f'CASE WHEN coalesce("{basis}", 0) < {MIN_PERSONEN_GEMIDDELDE} THEN NULL ELSE {q} END AS {q}')
                note += f" NULL = onderdrukt (minder dan {MIN_PERSONEN_GEMIDDELDE} personen in {basis})."
        comments.append((name, note.strip()))
    return f"SELECT {', '.join(exprs)} FROM {table}", comments


def publish_analytics(warehouse: duckdb.DuckDBPyConnection, target: Path) -> dict[str, int]:
    """Write the analysts' database from the warehouse connection, atomically. Returns row counts."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    warehouse.execute(f"ATTACH '{tmp}' AS pub (STORAGE_VERSION '{STORAGE_VERSION}')")
    try:
        warehouse.execute(
            f"CREATE TABLE pub.gemeenten AS SELECT {', '.join(GEMEENTEN_KOLOMMEN)} FROM gemeenten ORDER BY gemeentecode"
        )
        warehouse.execute(
            "COMMENT ON TABLE pub.gemeenten IS 'De 342 gemeenten van 2025 met arbeidsmarktregio, RMC-regio en COROP (CBS).'"
        )
        for column in GEMEENTEN_KOLOMMEN:
            warehouse.execute(f"COMMENT ON COLUMN pub.gemeenten.{column} IS 'Referentie: {column.replace('_', ' ')}.'")
        counts["gemeenten"] = scalar(warehouse, "SELECT count(*) FROM pub.gemeenten")
        for table in TABELLEN:
            select, comments = suppressed_select(warehouse, table)
            warehouse.execute(f"CREATE TABLE pub.{table} AS {select}")
            for column, text in comments:
                warehouse.execute(f'COMMENT ON COLUMN pub.{table}."{column}" IS ' + _literal(text))
            counts[table] = scalar(warehouse, f"SELECT count(*) FROM pub.{table}")
        warehouse.execute(
            "COMMENT ON TABLE pub.monitoring_maand IS 'Monitoring Jongeren in Beeld per maand (peildatum) en niveau; "
            "kleine aantallen onderdrukt (NULL).'"
        )
        warehouse.execute(
            "COMMENT ON TABLE pub.monitoring_kwartaal IS 'Monitoring Jongeren in Beeld per kwartaal: stromen opgeteld, "
            "standen van de laatste maand; kleine aantallen onderdrukt (NULL).'"
        )
    except BaseException:
        warehouse.execute("DETACH pub")
        tmp.unlink(missing_ok=True)
        raise
    warehouse.execute("DETACH pub")
    os.replace(tmp, target)
    return counts


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no bound parameters); the texts are our own, never data."""
    return "'" + text.replace("'", "''") + "'"
