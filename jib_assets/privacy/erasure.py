"""Objection and erasure (rules.md 3, opt-out): at the end of each month's run, every identifying value
of everyone in bezwaar_register is erased from the warehouse (history included) and from the exports;
only their keyed pseudonym (jib_id in bezwaar_register) and anonymous counts remain.

- Objectors are found set-based (`find_objector_bsns`): in the chain's tables by the jib_id they hold; a BSN
  outside the deliveries without a jib_id (the quarantaine's) by its keyed jib_id, computed for those few. In the
  BRP delivery, which has none, only when the deliveries outlive the run (JIB_BEWAAR_MAANDEN_RUW above 0): by the
  lists' record of each objector's age on each peildatum (gemeente_lijst keeps jib_id, peildatum and leeftijd
  after erasure), which narrows the candidates to those born in one year of dates; only for those BSNs is the
  keyed jib_id computed and joined with the register. By default the month's deliveries go whole after the
  erasure, and with them every row of an objector no other table holds.
- Delivered source tables (brp_*, duo_*, uwv_*, kvk_*, gemeente_klanten, every peildatum): the
  objector's rows are deleted; at the end of a month's run, by default, the deliveries of that month and
  before go whole (bewaartermijn.leveringen_weg), after the erasure of the other tables. Tables the chain
  derives (duo_beoordeling, duo_selectie, ib_verrijking, ib_lijst, quarantaine, ...; any table with a `bsn`
  column): the identifying columns are set to NULL,
  so the anonymous counts stay. Tables keyed by jib_id (gemeente_lijst, werklijst_casemanager): NULL too.
  persoon_toestand keeps the objector's row with its jib_id and the BSN erased: a rerun of any month
  reads the pseudonym from there (chain.persoon_toestand), never from the erased BSN.
- DuckDB keeps deleted values in free blocks of the file, so after erasing, the warehouse file is
  rewritten whole (`COPY FROM DATABASE` into a new file, renamed over the old one): no block of it
  was ever written with an erased value. The same rewrite takes away the rows retention
  (privacy/bewaartermijn.py) deleted. Its cost is that of the file: the deliveries, the bulk of it during the run,
  do not outlive their month's run, but the history kept for life does grow it (nationally about 10 MB a month: the
  rewrite 2.6 s in month 2, 5.6 s in month 12; docs/performance.md, 2026-12-07).
- Exports: every earlier file with an objector's row (and its xlsx twin) is written again from the warehouse
  (so with the identifying fields empty, as the current month's file has them), atomically, by
  publication's own writer (publish.exports.rewrite_files), which the caller passes in. Which files
  hold such a row comes from an index beside the exports (`export_index`), which the writers fill as they
  write (`record_export_files`), so a month reads only export files changed by something else, not every
  file of the history.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from jib_assets import db, schema
from jib_assets.db import scalar
from jib_assets.files import atomic_write, publish
from jib_assets.privacy import bewaartermijn
from jib_assets.privacy.sleutel import register_jib_id
from jib_assets.settings import GEHEUGEN_STANDAARD

log = logging.getLogger(__name__)


def identifying() -> list[str]:
    """The columns erased and looked for afterwards: the schema register's identifying columns, read at
    call time (a column added there is erased from then on, and the check sees it)."""
    return sorted(schema.identifying_columns())


# Delivered files, and the BSNs of DUO-known persons whose rows were not stored: an objector's rows go whole (a wage, a
# diploma, a client period are about them).
BRONTABELLEN: frozenset[str] = frozenset(bewaartermijn.LEVERINGEN)
REGISTER = "bezwaar_register"
BSN_PATROON = "[0-9]{9}"


def _name(identifier: str) -> str:
    """A table or column name for a generated statement: a plain lower-case word (the register's and the
    warehouse's names are), double-quoted; anything else is refused, never written into SQL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", identifier):
        raise ValueError(f"{identifier!r} is not a plain table or column name; erasure generates SQL only for those")
    return f'"{identifier}"'


def erasure_statements(
    table: str, columns: Iterable[str], *, by_bsn: bool = False, tot: date | None = None
) -> tuple[str, str] | None:
    """The statements that erase, in `table` with these columns, every identifying column of the register
    of the objectors: (count of rows still holding one, UPDATE that sets them NULL). Objectors are the
    jib_ids of bezwaar_register and, with `by_bsn`, the BSNs of temp table bezwaar_bsn (find_objector_bsns).
    `tot`: in a delivered table only the rows of peildata up to it (a later month's delivery, loaded ahead of
    its run by an asset backfill, is that run's to read and to erase). Generated from the register
    (schema.identifying_columns), so a column added there is erased from then on; None when the table has no
    identifying column or no column to find an objector by."""
    columns = list(columns)
    ident = [c for c in identifying() if c in columns]
    who = []
    if by_bsn and "bsn" in columns:
        who.append("bsn IN (SELECT bsn FROM bezwaar_bsn)")
    if "jib_id" in columns:
        who.append(f"jib_id IN (SELECT jib_id FROM {_name(REGISTER)})")
    if not ident or not who or table == REGISTER:
        return None
    present = " OR ".join(f"{_name(c)} IS NOT NULL" for c in ident)
    where = f"({' OR '.join(who)}) AND ({present}){_tot(table, columns, tot)}"
    count = f"SELECT count(*) FROM {_name(table)} WHERE {where}"
    update = f"UPDATE {_name(table)} SET {', '.join(f'{_name(c)} = NULL' for c in ident)} WHERE {where}"
    return count, update


def _tot(table: str, columns: list[str], tot: date | None) -> str:
    """The condition that keeps an erasure to the peildata up to `tot` in a delivered table ('' otherwise)."""
    if tot is None or table not in BRONTABELLEN or "peildatum" not in columns:
        return ""
    return f" AND peildatum <= DATE '{tot.isoformat()}'"


def erase_by_register(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> int:
    """Erase the register's identifying columns of everyone in bezwaar_register (by jib_id) from these tables
    (the chain does this for its lists every month, history included). Returns the rows changed; a table that
    is not there, or no register, changes none."""
    tables = _tables(con)
    if REGISTER not in tables:
        return 0
    changed = 0
    for table in names:
        statements = erasure_statements(table, tables[table]) if table in tables else None
        if statements is not None:
            changed += int(scalar(con, statements[1]) or 0)  # an UPDATE's one row is the count of rows it changed
    return changed


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every persistent table of the warehouse and its columns."""
    rows = con.execute(
        "SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND NOT temporary) GROUP BY table_name ORDER BY table_name"
    ).fetchall()
    return {table: list(columns) for table, columns in rows}


def _has_register(con: duckdb.DuckDBPyConnection) -> bool:
    return REGISTER in _tables(con)


def find_objector_bsns(con: duckdb.DuckDBPyConnection, key: bytes, *, leveringen: bool = True) -> int:
    """Temp table bezwaar_bsn(bsn): the BSNs of the objectors (their jib_id in bezwaar_register). Returns how many.

    - Tables with a BSN and a jib_id (the chain's: persoon_toestand, the selections and lists, history included):
      the BSN of every row whose jib_id is in the register, looked up, nothing computed.
    - A BSN outside the delivered tables without a jib_id beside it (the quarantaine's; a chain row whose jib_id
      is empty): its keyed jib_id computed, for those few BSNs only.
    - With `leveringen`, the delivered tables with a BSN and a birth date but no jib_id too (the BRP delivery:
      someone in it need not be in a table of the chain): among those born within a year of an age the lists
      record for an objector, the BSNs whose keyed jib_id is in the register. Only the latest delivery is kept
      (privacy/bewaartermijn.py), so this costs the same every month; searching the chain's history this way grew
      with every month kept (national month 12: 5.4-5.9 s, now 2.8-3.2 s). Without it (the month's deliveries go
      whole after the erasure, bewaartermijn.leveringen_weg) no BRP row is read: national month 12 hashed 475,000
      candidates for 1.4-1.8 s, and the windows of ages grow with the months the lists hold."""
    register_jib_id(con, key)
    tables = _tables(con)
    met_id = [t for t, cols in tables.items() if {"bsn", "jib_id"} <= set(cols)]
    zonder_id = [t for t, cols in tables.items() if "bsn" in cols and "jib_id" not in cols and t not in BRONTABELLEN]
    bronnen = ([t for t, cols in tables.items() if {"bsn", "geboortedatum"} <= set(cols) and "jib_id" not in cols]
               if leveringen else [])
    con.execute("CREATE OR REPLACE TEMP TABLE bezwaar_bsn (bsn VARCHAR)")
    if (REGISTER not in tables or not (met_id or zonder_id or bronnen)
            or not scalar(con, f"SELECT count(*) FROM {REGISTER}")):
        return 0
    delen = [f"SELECT bsn FROM {_name(t)} WHERE bsn IS NOT NULL AND jib_id IN (SELECT jib_id FROM {REGISTER})"
             for t in met_id]
    los = [f"SELECT bsn FROM {_name(t)} WHERE bsn IS NOT NULL AND jib_id IS NULL" for t in met_id]
    los += [f"SELECT bsn FROM {_name(t)} WHERE bsn IS NOT NULL" for t in zonder_id]
    if los:
        delen.append(f"""
            SELECT bsn FROM (SELECT DISTINCT bsn FROM ({' UNION ALL '.join(los)})
                             WHERE regexp_full_match(bsn, '{BSN_PATROON}'))
            WHERE jib_id(bsn) IN (SELECT jib_id FROM {REGISTER})
        """)
    if bronnen:
        kandidaten = " UNION ALL ".join(f"SELECT bsn, geboortedatum FROM {_name(t)}" for t in bronnen)
        if "gemeente_lijst" in tables:
            # Completed age L on P: born after P - (L+1) years and on or before P - L years; a day of
            # slack on either side for 29 February. An objector without a known age matches everyone.
            vensters = f"""
                SELECT DISTINCT
                    CASE WHEN g.leeftijd IS NOT NULL THEN g.peildatum - INTERVAL (g.leeftijd + 1) YEAR - INTERVAL 1 DAY END AS van,
                    CASE WHEN g.leeftijd IS NOT NULL THEN g.peildatum - INTERVAL (g.leeftijd) YEAR + INTERVAL 1 DAY END AS tot
                FROM gemeente_lijst AS g JOIN {REGISTER} AS b ON b.jib_id = g.jib_id
            """
        else:
            vensters = "SELECT NULL::DATE AS van, NULL::DATE AS tot"
        # A BSN that persoon_toestand pairs with a jib_id needs no HMAC: that jib_id is its own (every jib_id of a
        # warehouse is of its one key, privacy/sleutel.py), so it is in the register only if the first part found
        # it. National month 12: 1.3 million candidates hashed, 2.1-2.4 s; 475,000 without the paired ones, 1.4-1.8 s.
        bekend = ("AND k.bsn NOT IN (SELECT bsn FROM persoon_toestand WHERE bsn IS NOT NULL AND jib_id IS NOT NULL)"
                  if "persoon_toestand" in met_id else "")
        delen.append(f"""
            SELECT bsn FROM (
                SELECT DISTINCT k.bsn
                FROM ({kandidaten}) AS k
                JOIN ({vensters}) AS v
                  ON v.van IS NULL OR k.geboortedatum IS NULL OR k.geboortedatum BETWEEN v.van AND v.tot
                WHERE k.bsn IS NOT NULL AND regexp_full_match(k.bsn, '{BSN_PATROON}') {bekend}
            ) WHERE jib_id(bsn) IN (SELECT jib_id FROM {REGISTER})
        """)
    con.execute(f"INSERT INTO bezwaar_bsn {' UNION '.join(delen)}")
    return scalar(con, "SELECT count(*) FROM bezwaar_bsn")


def erase_warehouse(
    con: duckdb.DuckDBPyConnection, key: bytes, *, tot: date | None = None, leveringen_weg: bool = False
) -> dict[str, int]:
    """Erase every identifying value of the objectors from every table, in one transaction. `tot`: the month whose
    run this ends; a later month's deliveries (loaded ahead of its run by an asset backfill) are left to that run,
    which reads its objectors in them and erases them. `leveringen_weg`: the caller deletes the deliveries up to
    `tot` whole next (bewaartermijn.leveringen_weg), so they are neither changed nor searched here: an objector with
    a row in no other table has nothing left once they go. Returns the rows deleted or changed per table (only
    tables where something changed)."""
    if not _has_register(con):
        return {}
    find_objector_bsns(con, key, leveringen=not leveringen_weg)
    tables = _tables(con)
    changed: dict[str, int] = {}
    with db.transaction(con):
        for table, columns in tables.items():
            statements = erasure_statements(table, columns, by_bsn=True, tot=tot)
            if statements is None or (leveringen_weg and table in BRONTABELLEN):
                continue
            if table in BRONTABELLEN and "bsn" in columns:
                tot_hier = _tot(table, columns, tot)
                statement = f"DELETE FROM {table} WHERE bsn IN (SELECT bsn FROM bezwaar_bsn){tot_hier}"
            else:
                statement = statements[1]
            n = scalar(con, statement)  # a DELETE's or UPDATE's one row is the count of rows it changed
            if n:
                changed[table] = int(n)
    return changed


def remaining_in_warehouse(
    con: duckdb.DuckDBPyConnection, key: bytes, bsns: pa.Table | None = None, *, tot: date | None = None
) -> dict[str, int]:
    """Check: per table, the rows that still hold an identifying value of an objector (must be none). `bsns`:
    the objectors' BSNs the erasure found (`erase_bezwaar(..., gevonden=)`); without them they are looked for
    again, which after an erasure finds only BSNs still standing beside a jib_id or a birth date (a polis row left
    behind, which has neither, would go unseen). `tot`: as erase_warehouse's (a later month's deliveries are
    that month's run's to erase)."""
    if not _has_register(con):
        return {}
    if bsns is None:
        find_objector_bsns(con, key)
    else:
        con.register("_gevonden", bsns)
        con.execute("CREATE OR REPLACE TEMP TABLE bezwaar_bsn AS SELECT bsn FROM _gevonden")
        con.unregister("_gevonden")
    left: dict[str, int] = {}
    for table, columns in _tables(con).items():
        statements = erasure_statements(table, columns, by_bsn=True, tot=tot)
        n = scalar(con, statements[0]) if statements else 0
        if n:
            left[table] = int(n)
    return left


def compact_warehouse(
    path: Path, *, memory_limit: str = GEHEUGEN_STANDAARD, threads: int = 2, config: dict[str, str] | None = None
) -> float:
    """Rewrite the warehouse file whole, so no free block still holds an erased value: a new file by
    COPY FROM DATABASE, flushed, renamed over the old one. Nothing else may have the file open (a file this
    process holds, `db.held`, is closed for it and opened again by the next connection). `config`:
    extra DuckDB settings for the new file (tests write it uncompressed, to scan it). Returns seconds."""
    with db.released(path, checkpoint=False):
        return _compact(path, memory_limit, threads, config)


def _compact(path: Path, memory_limit: str, threads: int, config: dict[str, str] | None) -> float:
    started = time.perf_counter()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.compact")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit, "threads": threads, **(config or {})})
    try:
        con.execute(f"ATTACH {db.literal(str(path))} AS bron (READ_ONLY)")
        new = scalar(con, "SELECT current_database()")
        con.execute(f'COPY FROM DATABASE bron TO "{new}"')
        con.execute("DETACH bron")
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    con.close()
    Path(f"{tmp}.wal").unlink(missing_ok=True)  # empty after the checkpoint on close
    os.chmod(tmp, path.stat().st_mode & 0o777)
    # The old file's log (its changes since its last checkpoint, now in the new file) must not stay beside the
    # new file (DuckDB would refuse to open it): moved aside first, so a crash before the rename leaves the old
    # file as of its last checkpoint and a leftover the next run removes (operations.remove_leftovers).
    log = Path(f"{path}.wal")
    opzij = path.with_name(f".{log.name}.{os.getpid()}.compact")
    if log.exists():
        os.replace(log, opzij)
    publish(tmp, path)
    opzij.unlink(missing_ok=True)
    return time.perf_counter() - started


# Which rows of the export files hold an identifying value, per file: (bestand, jib_id), kept beside the
# exports with each file's inode, size and mtime, so a month reads only the files written or rewritten since the
# last erasure, not every file of every month (the cost would grow with the history). Only pseudonyms and
# file names are in it; the files themselves hold the same jib_ids. A change of the register's identifying
# columns, or a damaged index, makes it read every file again.
EXPORT_INDEX = ".identificerend.parquet"
_EXPORT_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]/GM*/*"


def _rows_with_identifying_value(path: Path, ident: list[str]) -> list[str | None]:
    """jib_id of every row of one export file that holds an identifying value (one entry per row)."""
    frame = _read_csv(path) if path.suffix == ".csv" else pl.read_excel(path, infer_schema_length=0)
    return identifying_rows(frame, ident)


def identifying_rows(frame: pl.DataFrame, ident: list[str] | None = None) -> list[str | None]:
    """jib_id of every row of an export's frame (as written, or as read back) that holds an identifying value:
    one that is not empty in a column of `ident` (default `identifying()`)."""
    gevuld = _identifying_value(frame, ident)
    return [] if gevuld is None else frame.filter(gevuld)["jib_id"].to_list()


def identifying_rows_per_gemeente(frame: pl.DataFrame) -> dict[str, list[str | None]]:
    """`identifying_rows` of each gemeente's rows of a month's export frame, found in one pass."""
    gevuld = _identifying_value(frame, None)
    if gevuld is None:
        return {}
    return dict(frame.filter(gevuld).group_by("gemeentecode", maintain_order=True).agg("jib_id").iter_rows())


def _identifying_value(frame: pl.DataFrame, ident: list[str] | None) -> pl.Expr | None:
    """True for a row with a value that is not empty in a column of `ident` (default `identifying()`); None when
    the frame has no jib_id or none of those columns."""
    present = [c for c in (identifying() if ident is None else ident) if c in frame.columns]
    if "jib_id" not in frame.columns or not present:
        return None
    return pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") if frame.schema[c] == pl.String
                             else pl.col(c).is_not_null() for c in present)


_INDEX_SCHEMA = {"bestand": pl.String, "inode": pl.Int64, "grootte": pl.Int64, "gewijzigd": pl.Int64}
_SIG = list(_INDEX_SCHEMA)


def _stat(files: dict[str, os.stat_result]) -> pl.DataFrame:
    """The index's signature of each file: inode, size and mtime (a file written again differs in one)."""
    return pl.DataFrame({"bestand": list(files), "inode": [st.st_ino for st in files.values()],
                         "grootte": [st.st_size for st in files.values()],
                         "gewijzigd": [st.st_mtime_ns for st in files.values()]}, schema=_INDEX_SCHEMA)


def _read_index(exports_dir: Path, signature: str) -> pl.DataFrame | None:
    """The kept index, or None when there is none, it is damaged, or it was kept for other identifying columns."""
    index_path = exports_dir / EXPORT_INDEX
    try:
        kept = pl.read_parquet(index_path) if index_path.exists() else None
    except Exception:  # noqa: BLE001 - a damaged index is read again from the files
        log.warning("export index %s unreadable; reading every export file again", index_path)
        return None
    if kept is None or kept.is_empty() or kept["kolommen"][0] != signature:
        return None
    return kept


def _write_index(exports_dir: Path, stat: pl.DataFrame, rows: pl.DataFrame, signature: str) -> None:
    # A file with no identifying row keeps one row with jib_id NULL, so it is known as read.
    stored = stat.join(rows, on="bestand", how="left").with_columns(pl.lit(signature).alias("kolommen"))
    atomic_write(exports_dir / EXPORT_INDEX, stored.write_parquet, mode=0o600)


def export_index(exports_dir: Path) -> pl.DataFrame:
    """(bestand, jib_id): every row of an export file (CSV and xlsx) with an identifying value, read
    from the files that changed since the index was kept and from the index for the others; the index
    is written back (it lives beside the exports, so the check on a read-only warehouse keeps it too)."""
    empty = pl.DataFrame(schema={"bestand": pl.String, "jib_id": pl.String})
    if not exports_dir.is_dir():
        return empty
    ident = identifying()
    signature = ",".join(ident)
    stat = _stat({str(p.relative_to(exports_dir)): p.stat() for p in sorted(exports_dir.glob(_EXPORT_GLOB))
                  if p.suffix in (".csv", ".xlsx")})
    kept = _read_index(exports_dir, signature)
    unchanged = stat.join(kept.select(_SIG).unique(), on=_SIG, how="semi") if kept is not None else stat.clear()
    reused = (kept.join(unchanged.select("bestand"), on="bestand", how="semi").select("bestand", "jib_id")
              if kept is not None else empty)
    changed = stat.join(unchanged, on="bestand", how="anti")["bestand"].to_list()
    # Two readers: the CSV and xlsx readers are Rust and let go of the GIL (800 national files 1.2-1.6 s -> 0.9-1.0 s).
    with ThreadPoolExecutor(2) as pool:
        found = pool.map(lambda bestand: _rows_with_identifying_value(exports_dir / bestand, ident), changed)
        fresh = [pl.DataFrame({"bestand": [bestand] * len(ids), "jib_id": ids}, schema=empty.schema)
                 for bestand, ids in zip(changed, found)]
    rows = pl.concat([reused, *fresh])
    _write_index(exports_dir, stat, rows, signature)
    return rows.filter(pl.col("jib_id").is_not_null())


def record_export_files(exports_dir: Path, written: dict[str, list[str | None]]) -> None:
    """Tell the index what the writer just wrote: per file (relative to `exports_dir`), the jib_ids of its rows
    with an identifying value (`identifying_rows` of the frame written), so `export_index` need not read those
    files back (a national month writes about 1,400, read in 4-5 s). The entry holds the file's signature as it
    is now: written again by anyone, it is read again. Without a usable index only these files become known."""
    if not written or not exports_dir.is_dir():
        return
    signature = ",".join(identifying())
    kept = _read_index(exports_dir, signature)
    stat = _stat({bestand: (exports_dir / bestand).stat() for bestand in written})
    rows = pl.DataFrame({"bestand": [b for b, ids in written.items() for _ in ids],
                         "jib_id": [i for ids in written.values() for i in ids]},
                        schema={"bestand": pl.String, "jib_id": pl.String})
    if kept is not None:
        others = kept.filter(~pl.col("bestand").is_in(list(written)))
        stat = pl.concat([others.select(_SIG).unique(maintain_order=True), stat])
        rows = pl.concat([others.select("bestand", "jib_id").drop_nulls("jib_id"), rows])
    _write_index(exports_dir, stat, rows, signature)


def _register_ids(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The jib_ids of bezwaar_register, as a frame to join with."""
    return con.sql(f"SELECT jib_id FROM {REGISTER}").pl()


def export_files_to_rewrite(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> list[tuple[date, str, str]]:
    """(peildatum, gemeentecode, name) of every export file whose CSV still holds a row of an objector with an
    identifying value (from `export_index`): only that file and its xlsx twin (written from the same rows) are
    written again, not the folder's other files (a worklist holds the month's new inflow only)."""
    if not _has_register(con):
        return []
    hit = export_index(exports_dir).filter(pl.col("bestand").str.ends_with(".csv")).join(
        _register_ids(con), on="jib_id", how="semi")
    files = {tuple(b.removesuffix(".csv").split("/")) for b in hit["bestand"].unique()}
    return sorted((date.fromisoformat(f"{month}-01"), gemeente, name) for month, gemeente, name in files)


def remaining_in_exports(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> dict[str, int]:
    """Check: export files (CSV and xlsx) that still hold an identifying value of an objector, with the
    number of such rows (from `export_index`, which reads every file written since the last check)."""
    if not exports_dir.is_dir() or not _has_register(con):
        return {}
    left = export_index(exports_dir).join(_register_ids(con), on="jib_id", how="semi").group_by("bestand").len()
    return dict(sorted(left.iter_rows()))


# Writes the (peildatum, gemeentecode, name) export files again from the warehouse, CSV and xlsx; returns the files
# written. Publication owns its writers (publish.exports.rewrite_files); the caller passes it in, so
# privacy does not import publish (which imports privacy's suppression).
ExportRewriter = Callable[[duckdb.DuckDBPyConnection, Path, list[tuple[date, str, str]]], int]


def erase_bezwaar(
    warehouse: Path,
    exports_dir: Path,
    key: bytes,
    *,
    rewrite_exports: ExportRewriter,
    memory_limit: str = GEHEUGEN_STANDAARD,
    threads: int = 2,
    config: dict[str, str] | None = None,
    gevonden: list[pa.Table] | None = None,
    peildatum: date | None = None,
) -> dict[str, int | float]:
    """The whole erasure of a month's run, after its exports: the warehouse, the export files (by
    `rewrite_exports`), then the month's delivered snapshots (bewaartermijn.leveringen_weg, when the warehouse
    keeps none after the run: their objectors' rows go with them), and the file rewritten whole when anything was
    erased or deleted. Returns counts and timings, no values. `peildatum`: the month whose run this ends; the
    delivered rows of it and before go (a later month's, ingested ahead by an asset backfill, stay, with their
    objectors' rows, for that month's run, which erases them).
    `gevonden`: a list the objectors' BSNs found are appended to, for the check that follows
    (`remaining_in_warehouse`); they go into no log, metadata or file."""
    started = time.perf_counter()
    with db.connect(warehouse, memory_limit=memory_limit, threads=threads) as con:
        # What this block changes is written whole by the file's rewrite below, which reads the file's log too: so
        # DuckDB is not to checkpoint it first. Emptying national February's deliveries crossed the log's threshold of
        # a held file (db.HOUDER_LOG) and checkpointed for 1.2 s (1.17 s against 0.23 s), just before the rewrite.
        # A held file's next connection after the rewrite has the threshold again (db.held).
        con.execute("SET checkpoint_threshold = '1TB'")
        register = scalar(con, f"SELECT count(*) FROM {REGISTER}") if _has_register(con) else 0
        leeg = peildatum is not None and bool(bewaartermijn.leeg_na_de_run())
        changed = erase_warehouse(con, key, tot=peildatum, leveringen_weg=leeg)
        if gevonden is not None:
            gevonden.append(con.sql("SELECT bsn FROM bezwaar_bsn").to_arrow_table() if register
                            else pa.table({"bsn": pa.array([], pa.string())}))
        erased = time.perf_counter()
        to_rewrite = export_files_to_rewrite(con, exports_dir)
        indexed = time.perf_counter()
        files = rewrite_exports(con, exports_dir, to_rewrite)
        rewritten = time.perf_counter()
        geleegd = bewaartermijn.leveringen_weg(con, peildatum) if leeg else {}
        retention = bewaartermijn.te_herschrijven(con)
    seconds_compact = 0.0
    if changed or retention:
        seconds_compact = compact_warehouse(warehouse, memory_limit=memory_limit, threads=threads, config=config)
        if retention:
            with db.connect(warehouse, memory_limit=memory_limit, threads=threads) as con:
                bewaartermijn.herschreven(con)
    result: dict[str, int | float] = {
        "bezwaar_register": register,
        "rijen_gewist": sum(changed.values()),
        "rijen_bewaartermijn_herschreven": retention,
        "rijen_leveringen_verwijderd": sum(geleegd.values()),
        **{f"gewist_{table}": n for table, n in changed.items()},
        "exportmappen_herschreven": len({(p, g) for p, g, _ in to_rewrite}),
        "exportbestanden_herschreven": files,
        "seconden_wissen_warehouse": round(erased - started, 2),
        "seconden_exportindex": round(indexed - erased, 2),
        "seconden_herschrijven_exports": round(rewritten - indexed, 2),
        "seconden_herschrijven_warehouse": round(seconds_compact, 2),
        "seconden_totaal": round(time.perf_counter() - started, 2),
    }
    log.info("erasure: %d rows erased in %d tables, %d export files rewritten",
             result["rijen_gewist"], len(changed), files)
    return result


def _read_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, separator=";", infer_schema_length=0, encoding="utf8-lossy")
