"""One delivery CSV of a landing month -> its typed table, with rows that break sources.md in quarantaine.

The file is read as physical lines (so regel is the line an editor shows, and a stray quote spoils only
its own line), split and checked set-based in DuckDB, then written in one transaction.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb

from jib_assets.db import scalar, sql
from jib_assets.ingest import delivery, krimp, query, store
from jib_assets.ingest.sources import CSV_SOURCES, SourceSpec
from jib_assets.parameters import POLIS_MAANDEN
from jib_assets.partitions import add_months
from jib_assets.settings import get_settings


def ingest_csv(
    con: duckdb.DuckDBPyConnection, month_dir: Path, name: str, peildatum: date, *, accepteer_krimp: bool = False,
    lag_maanden: int | None = None, ruwe_maanden: int = 0,
) -> store.IngestResult:
    """Load `<name>.csv` of a complete month folder as the rows of `peildatum` in table `name`.

    Raises DeliveryError when the file is missing, not UTF-8 or has the wrong header, and KrimpError when
    it has no data rows or far fewer than the previous delivery (ingest/krimp.py) unless `accepteer_krimp`;
    then nothing of it is written. Bad rows do not raise, they go to quarantaine. Running it again replaces
    the same rows. `lag_maanden` and `ruwe_maanden` (privacy.bewaartermijn.ruwe_maanden()): which polis rows
    are stored (`bewaard`).
    """
    spec = _spec(name)
    delivery.require_peildatum(peildatum)
    path = delivery.require_file(Path(month_dir), spec.bestand)
    store.prepare(con)
    header = delivery.read_header_line(path)
    delivery.check_header(spec.bestand, scalar(con, "SELECT ingest_velden(?)", [header]), spec.header)
    delivery.require_line_end(path, spec.bestand)
    con.execute(query.table_ddl(spec))
    bewaar = bewaard(con, peildatum, lag_maanden, ruwe_maanden) if spec.alleen_gelezen else None
    with store.staging(con):
        _stage(con, spec, path, peildatum, bewaar)
        if _may_repeat_key(con, spec):
            con.execute(query.duplicate_update(spec))
        rijen = scalar(con, f"SELECT count(*) FROM {store.STAGED}")
        volume = krimp.check(con, spec.bestand, peildatum, rijen, accepteer=accepteer_krimp)
        result = store.store_staged(
            con, table=spec.name, peildatum=peildatum, bestand=spec.bestand, quarantaine_where="bestand = $bestand",
            alleen_bewaard=bewaar is not None,
        )
        return dataclasses.replace(result, volume=volume)


def bewaard(
    con: duckdb.DuckDBPyConnection, peildatum: date, lag_maanden: int | None = None, ruwe_maanden: int = 0
) -> tuple[str, dict]:
    """Which valid polis rows of P's delivery (the 12 months before P, sources.md) the warehouse stores, as a condition
    and its parameters: those read from it. By default its delivered rows live only during P's run
    (privacy/bewaartermijn.py), so those a rule of P reads: every row of the income month (rules.md 2: P-1), and of
    the follow-up months U+1..U+6 = P-6..P-1 (rules.md 5) the rows of the werk cohort U = P-7 only
    (sql/werk_cohort.sql, as the monitoring reads it); national December: 2,954,955 of 34.1 million lines, against
    17.4 million for the six months whole. A cohort month before the first month (JIB_FIRST_MONTH) has no list, so
    no cohort. One that has not run yet (an asset backfill may load a month's deliveries before the months before it
    ran) keeps the follow-up months whole, for the monitoring of P to read once it has. `lag_maanden`: the income
    lag (a `jib wat-als --inkomen-lag` variant's). When the snapshots outlive their run (`ruwe_maanden`,
    JIB_BEWAAR_MAANDEN_RUW, above 0), `jib wat-als --inkomen-lag` reads them too: then the POLIS_MAANDEN months
    before P are stored whole, as its income lags reach back that far."""
    from jib_assets.chain.maand_delta import processed_months
    from jib_assets.chain.monitoring import werk_vervolg
    from jib_assets.chain.persoon_toestand import income_month

    if ruwe_maanden > 0:
        return "maand >= $bewaar_vanaf", {"bewaar_vanaf": add_months(peildatum, -POLIS_MAANDEN)}
    vervolg = werk_vervolg(peildatum)
    params = {"inkomensmaand": income_month(peildatum, lag_maanden)}
    maanden = params | {k: vervolg[k] for k in ("vervolg_van", "na_6")}
    if vervolg["cohort"] in processed_months(con):
        cohort = f"bsn IN (SELECT bsn FROM ({sql('werk_cohort')}))"
        return (f"maand = $inkomensmaand OR (maand BETWEEN $vervolg_van AND $na_6 AND {cohort})",
                maanden | {"cohort": vervolg["cohort"]})
    if vervolg["cohort"] < get_settings().first_month:
        return "maand = $inkomensmaand", params
    return "maand = $inkomensmaand OR maand BETWEEN $vervolg_van AND $na_6", maanden


def _stage(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, peildatum: date, bewaar: tuple[str, dict] | None
) -> None:
    staging, params = query.staging_query(spec, peildatum, bewaar)
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

