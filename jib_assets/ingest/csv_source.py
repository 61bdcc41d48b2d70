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
    staging, params = query.staging_query(spec, peildatum)
    try:
        con.register("ingest_regels", delivery.lines(path))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {store.STAGED} AS {staging}", params)
    except Exception:
        delivery.require_utf8(path)  # the usual cause: raise the supplier-facing error instead
        raise
    finally:
        con.unregister("ingest_regels")


def _may_repeat_key(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> bool:
    hashes = con.sql(query.key_hashes(spec)).pl()["h"]
    return hashes.n_unique() != hashes.len()


def _spec(name: str) -> SourceSpec:
    try:
        return CSV_SOURCES[name]
    except KeyError:
        raise ValueError(f"unknown delivery file {name!r}; known: {', '.join(CSV_SOURCES)}") from None

