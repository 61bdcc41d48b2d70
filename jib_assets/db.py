"""DuckDB plumbing: connections with the configured limits, SQL files from sql/ (and its subfolders),
the one transaction helper, idempotent partition loads with additive column evolution."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from jib_assets.settings import GEHEUGEN_STANDAARD


def sql_dir() -> Path:
    packaged = Path(str(files("jib_assets") / "sql"))
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "sql"


# `{{name}}` in a SQL file stands for the text of sql/<name>.sql: a query two statements share, written once.
_DEEL = re.compile(r"\{\{([a-z0-9_/]+)\}\}")


@cache
def sql(name: str) -> str:
    """The text of sql/<name>.sql: one statement, parameters bound by name ($peildatum). A name may
    hold a subfolder (`checks/werklijst_mismatch`, `counts/...`). `{{other}}` in it is replaced by sql(other)."""
    path = sql_dir() / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}: the name {name!r} is relative to sql/, without .sql")
    return _DEEL.sub(lambda deel: sql(deel.group(1)), path.read_text(encoding="utf-8").strip().rstrip(";"))


def bound(text: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a statement names ($name): DuckDB refuses a bound parameter the text does not use."""
    return {k: v for k, v in params.items() if f"${k}" in text}


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when the current database holds a persistent table or view of this name in schema main."""
    return bool(
        scalar(
            con,
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?",
            [name],
        )
    )


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> DuckDB type of a table of the current database, in column order."""
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return dict(rows)


def set_comments(con: duckdb.DuckDBPyConnection, table: str, text: str, columns: dict[str, str]) -> list[str]:
    """COMMENT ON the table and on those of `columns` it has, each only when its comment differs: a
    COMMENT ON changes the catalog (a few milliseconds each), and a monthly step finds them already said.
    Returns the table's columns that `columns` has no text for. COMMENT ON takes no bound parameters:
    the texts are ours, never data."""
    have = dict(con.execute(
        "SELECT column_name, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchall())
    said = scalar(con, "SELECT comment FROM duckdb_tables() "
                  "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?", [table])
    if said != text:
        con.execute(f"COMMENT ON TABLE {table} IS {literal(text)}")
    for column, comment in columns.items():
        if column in have and have[column] != comment:
            con.execute(f'COMMENT ON COLUMN {table}."{column}" IS {literal(comment)}')
    return [column for column in have if column not in columns]


def literal(text: str) -> str:
    """A SQL string literal, for the statements that take no bound parameters (COMMENT ON, ATTACH)."""
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (also KeyboardInterrupt): all or nothing."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: Any = None) -> Any:
    """The single value of a query. Fetches the whole result: DuckDB 2.0 keeps a result
    open after fetchone(), and then refuses con.sql() on the same connection."""
    rows = con.execute(query, params).fetchall()
    return rows[0][0] if rows else None


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The shared rule macros of sql/macros.sql (leeftijd_op, geldig_op), one statement per execute."""
    text = "\n".join(line for line in sql("macros").splitlines() if not line.lstrip().startswith("--"))
    for statement in text.split(";"):
        if statement.strip():
            con.execute(statement)


# How much log a held file collects before DuckDB checkpoints it (DuckDB's default: 16 MB). A demo month writes
# less than this, so its changes are written once, by the erasure's rewrite of the file (or when the run ends), not
# at every step. Measured (2026-12-01): the demo 131 s with 16 MB, 123 s with 128 MB, 121 s with 1 GB; the
# national month's peak 3,363, 3,717 and 4,038 MiB (uncheckpointed changes are held in memory).
HOUDER_LOG = "128MB"


class _Houder:
    """A database file held open in this process (`held`): its first connection, opened on first use."""

    def __init__(self, config: dict[str, Any]):
        self.config = config
        self.con: duckdb.DuckDBPyConnection | None = None
        self.gedaan: set[str] = set()  # what a caller did once for the whole hold (`done_in_hold`)


_HOUDERS: dict[Path, _Houder] = {}
_EIGENAAR: dict[int, duckdb.DuckDBPyConnection] = {}  # id of an open connection to a held file -> the file's own


def owner(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The connection a Python function for SQL must be registered on: DuckDB keeps such a function in the
    database, not in the connection, so one registered on a connection to a held file would outlive that
    connection (and its Python object). For a held file, its first connection (which lives as long as the
    database); otherwise `con` itself."""
    return _EIGENAAR.get(id(con), con)


@contextmanager
def held(path: Path, *, memory_limit: str = GEHEUGEN_STANDAARD, threads: int = 2) -> Iterator[None]:
    """Within the block, keep the database file open in this process between the connections `connect` makes
    to it: each is then a new connection to the open database (no file to open, no catalog to read) and
    closing it writes nothing; DuckDB checkpoints when its log is large and when the block ends. Opened on the
    first `connect`, read-write (a `read_only` connection within the block is an ordinary one: DuckDB allows one
    configuration per file and process). A Dagster run holds its warehouse so (JibResource): a month's steps
    opened and checkpointed the file about 20 times, and the erasure rewrites it whole at the end anyway. While
    held, other processes cannot open the file at all."""
    key = Path(path).absolute()
    if key in _HOUDERS:  # held already, by an enclosing block: that one closes it
        yield
        return
    houder = _HOUDERS[key] = _Houder(
        {"memory_limit": memory_limit, "threads": threads, "checkpoint_threshold": HOUDER_LOG})
    try:
        yield
    finally:
        del _HOUDERS[key]
        if houder.con is not None:
            houder.con.close()


def done_in_hold(path: Path) -> set[str]:
    """What callers noted as done once for the file while it is held (add to it); outside a hold, an empty set
    that nobody keeps, so it is done every time. For the warehouse's upgrade check: once per run."""
    houder = _HOUDERS.get(Path(path).absolute())
    return houder.gedaan if houder is not None else set()


@contextmanager
def released(path: Path, *, checkpoint: bool = True) -> Iterator[None]:
    """Within the block, a held file is closed (a rewrite renames a new file over it); the next `connect`
    opens it again. Without `checkpoint`, the changes since the last checkpoint stay in the file's log (DuckDB
    reads them from there, also when it attaches the file read-only): for a rewrite of the file, which writes
    them anyway. Outside `held`, nothing happens."""
    houder = _HOUDERS.get(Path(path).absolute())
    if houder is not None and houder.con is not None:
        if not checkpoint:
            houder.con.execute("PRAGMA disable_checkpoint_on_shutdown")
        houder.con.close()
        houder.con = None
    yield


@contextmanager
def connect(path: Path, *, memory_limit: str = GEHEUGEN_STANDAARD, threads: int = 2, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    houder = _HOUDERS.get(Path(path).absolute())
    if houder is not None:
        if houder.con is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            houder.con = duckdb.connect(str(path), config=houder.config)
        con = houder.con.cursor()
        _EIGENAAR[id(con)] = houder.con
    else:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit, "threads": threads})
    con.execute("SET enable_progress_bar = false")  # a session option: not settable in connect()
    try:
        install_macros(con)
        yield con
    finally:
        _EIGENAAR.pop(id(con), None)
        con.close()


class Load(NamedTuple):
    """One table's partition load: replace the rows matching `where` by the rows of `query`."""

    table: str
    query: str
    params: dict[str, Any]
    where: str = "peildatum = $peildatum"


def replace_partition(
    con: duckdb.DuckDBPyConnection,
    table: str,
    query: str,
    params: dict[str, Any],
    *,
    where: str = "peildatum = $peildatum",
) -> int:
    """Replace the rows of `table` matching `where` by the rows of `query`, in one transaction.

    The table is created from the query's shape on first use. Running the same partition
    twice leaves the same rows; a failure leaves the previous state. Returns the rows written.
    """
    return replace_partitions(con, [Load(table, query, params, where)])[table]


def replace_partitions(con: duckdb.DuckDBPyConnection, loads: list[Load]) -> dict[str, int]:
    """replace_partition for several tables in ONE transaction, in order (a later query may read
    an earlier table's new rows). Returns the rows written per table.

    The loads run against the tables as they are: a month's write costs no catalog look-up. Only when
    DuckDB refuses them for a missing table or column is the transaction rolled back and the loads run
    once more after the schema is made whole: when none of the tables exists yet (a new warehouse),
    each is created from its query's rows in that same transaction; otherwise (an upgrade), in order,
    missing tables are created empty from their query's shape and missing columns added
    (`add_missing_columns`) before it. DuckDB 2.0.0 loses sight of rows inserted in the same
    transaction as an empty CREATE TABLE AS once they exceed one row group (122,880 rows), so the
    empty ones are made outside it.
    """
    try:
        return _write(con, loads, set())
    except (duckdb.CatalogException, duckdb.BinderException):
        new = {load.table for load in loads if not table_exists(con, load.table)}
        if len(new) < len({load.table for load in loads}):
            if not _evolve(con, loads):
                raise
            new = set()
    return _write(con, loads, new)


def _evolve(con: duckdb.DuckDBPyConnection, loads: list[Load]) -> bool:
    """In order: each missing table created empty from its query's shape, each missing column added.
    True when anything changed."""
    changed = False
    for table, query, params, _ in loads:
        if table_exists(con, table):
            changed |= bool(add_missing_columns(con, table, query, params))
        else:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM ({query}) LIMIT 0", bound(query, params))
            changed = True
    return changed


def _write(con: duckdb.DuckDBPyConnection, loads: list[Load], new: set[str]) -> dict[str, int]:
    written: dict[str, int] = {}
    with transaction(con):
        for table, query, params, where in loads:
            if table in new:
                new.discard(table)
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM ({query})", bound(query, params))
                written[table] = scalar(con, f"SELECT count(*) FROM {table}")
                continue
            con.execute(f"DELETE FROM {table} WHERE {where}", bound(where, params))
            written[table] = scalar(con, f"INSERT INTO {table} BY NAME SELECT * FROM ({query})", bound(query, params))
    return written


def add_missing_columns(con: duckdb.DuckDBPyConnection, table: str, query: str, params: dict[str, Any]) -> list[str]:
    """Additive column evolution: a column the query yields that the table (written by an earlier
    release) lacks is added, typed as the query types it, NULL in the earlier rows; the table then
    holds what a table created from the new query would (tests/test_migrations.py proves it).
    Returns the columns added."""
    have = columns_of(con, table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _jib_shape AS SELECT * FROM ({query}) LIMIT 0", bound(query, params))
    shape = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = '_jib_shape' "
        "ORDER BY column_index"
    ).fetchall()
    con.execute("DROP TABLE _jib_shape")
    added = []
    for name, data_type in shape:
        if name not in have:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {data_type}')
            added.append(name)
    return added
