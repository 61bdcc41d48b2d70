"""DuckDB plumbing: connections with the configured limits, SQL files from sql/, idempotent partition loads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import duckdb


def sql_dir() -> Path:
    packaged = Path(str(files("jib_assets") / "sql"))
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "sql"


@cache
def sql(name: str) -> str:
    """The text of sql/<name>.sql: one statement, parameters bound by name ($peildatum)."""
    return (sql_dir() / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")


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


@contextmanager
def connect(path: Path, *, memory_limit: str = "8GB", threads: int = 2, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit, "threads": threads})
    con.execute("SET enable_progress_bar = false")  # a session option: not settable in connect()
    install_macros(con)
    try:
        yield con
    finally:
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

    Missing tables are created (empty, from the query's shape) before the transaction: DuckDB 2.0.0
    loses sight of rows inserted in the same transaction as an empty CREATE TABLE AS once they
    exceed one row group (122,880 rows).
    """

    def bound(text: str, params: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in params.items() if f"${k}" in text}

    for load in loads:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {load.table} AS SELECT * FROM ({load.query}) LIMIT 0",
            bound(load.query, load.params),
        )
    written: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, query, params, where in loads:
            con.execute(f"DELETE FROM {table} WHERE {where}", bound(where, params))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM ({query})", bound(query, params))
            written[table] = scalar(con, f"SELECT count(*) FROM {table} WHERE {where}", bound(where, params))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written
