"""One delivery CSV of a landing month -> its typed table, with rows that break sources.md in quarantaine.

The file is read as physical lines (so regel is the line an editor shows, and a stray quote spoils only
its own line), split and checked set-based in DuckDB, then written in one transaction.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb

from jib_assets.db import scalar
from jib_assets.ingest import delivery, krimp, query, store
from jib_assets.ingest.sources import CSV_SOURCES, SourceSpec
from jib_assets.partitions import add_months


def ingest_csv(
    con: duckdb.DuckDBPyConnection, month_dir: Path, name: str, peildatum: date, *, accepteer_krimp: bool = False
) -> store.IngestResult:
    """Load `<name>.csv` of a complete month folder as the rows of `peildatum` in table `name`.

    Raises DeliveryError when the file is missing, not UTF-8 or has the wrong header, and KrimpError when
    it has no data rows or far fewer than the previous delivery (ingest/krimp.py) unless `accepteer_krimp`;
    then nothing of it is written. Bad rows do not raise, they go to quarantaine. Running it again replaces
    the same rows.
    """
    spec = _spec(name)
    delivery.require_peildatum(peildatum)
    path = delivery.require_file(Path(month_dir), spec.bestand)
    store.prepare(con)
    header = delivery.read_header_line(path)
    delivery.check_header(spec.bestand, scalar(con, "SELECT ingest_velden(?)", [header]), spec.header)
    delivery.require_line_end(path, spec.bestand)
    con.execute(query.table_ddl(spec))
    with store.staging(con):
        _stage(con, spec, path, peildatum)
        if _may_repeat_key(con, spec):
            con.execute(query.duplicate_update(spec))
        rijen = scalar(con, f"SELECT count(*) FROM {store.STAGED}")
        volume = krimp.check(con, spec.bestand, peildatum, rijen, accepteer=accepteer_krimp)
        bewaar = None if spec.bewaar_maanden is None else ("maand", add_months(peildatum, -spec.bewaar_maanden))
        result = store.store_staged(
            con, table=spec.name, peildatum=peildatum, bestand=spec.bestand, quarantaine_where="bestand = $bestand",
            bewaar=bewaar,
        )
        return dataclasses.replace(result, volume=volume)


def _stage(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, peildatum: date) -> None:
    """The staged rows. The file's lines are read by DuckDB's own parallel reader into a temp table whose row order
    is the file's (`delivery.regels_sql`), so that the checks run on every core; by the Polars stream
    (`delivery.lines`, read by one thread, and with it the checks) when a '\\r' stands alone in the file or DuckDB's
    reader refuses it (a line longer than its maximum of 2 MB). Either way every line keeps its number."""
    staging, params = query.staging_query(spec, peildatum)
    create = f"CREATE OR REPLACE TEMP TABLE {store.STAGED} AS {staging}"
    try:
        einde = delivery.regeleinde(path)
        if einde is not None:
            try:
                con.execute("SET preserve_insertion_order = true")  # the table's rowid is then the line's place
                con.execute(f"CREATE OR REPLACE TEMP TABLE ingest_lijnen AS {delivery.regels_sql(path, einde)}")
                con.execute("SET preserve_insertion_order = false")
                con.execute("CREATE OR REPLACE TEMP VIEW ingest_regels AS SELECT rowid + 1 AS regel, line FROM ingest_lijnen")
                con.execute(create, params)
                return
            except duckdb.InvalidInputException:
                pass
            finally:
                con.execute("SET preserve_insertion_order = false")
                con.execute("DROP VIEW IF EXISTS ingest_regels")
                con.execute("DROP TABLE IF EXISTS ingest_lijnen")
        con.register("ingest_regels", delivery.lines(path))
        try:
            con.execute(create, params)
        finally:
            con.unregister("ingest_regels")
    except Exception:
        delivery.require_utf8(path)  # the usual cause: raise the supplier-facing error instead
        raise


def _may_repeat_key(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> bool:
    hashes = con.sql(query.key_hashes(spec)).pl()["h"]
    return hashes.n_unique() != hashes.len()


def _spec(name: str) -> SourceSpec:
    try:
        return CSV_SOURCES[name]
    except KeyError:
        raise ValueError(f"unknown delivery file {name!r}; known: {', '.join(CSV_SOURCES)}") from None

