"""Shared test builders: made-up BSNs, frames shaped by the schema register, the `jib` command in a
subprocess with its own JIB_HOME. Import them (`from tests.builders import ...`); fixtures stay in conftest."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import count
from pathlib import Path

import duckdb
import polars as pl

from jib_assets import schema
from jib_assets.db import install_macros
from jib_assets.quality.contracts import dtype_of

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_KEY = "some-long-random-test-key-1234567890"
# The session's shared Midden-Limburg run (fixture am33_run in conftest): its months and its key.
AM33_MONTHS = ("2025-01", "2025-04")
AM33_KEY = "e2e-log-scan-key-7d1e93b2"


_FREE: list[duckdb.DuckDBPyConnection] = []  # the process's instances with no database open
_DATABASES = count(1)
UDFS = ("jib_id", "jib_id_oud", "jib_id_nieuw")  # the names privacy.sleutel registers (pseudonym.register_function)


@contextmanager
def new_con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty in-memory database with the rule macros (the `con` fixture's), dropped on leaving. A
    module-scoped fixture that builds one world for every test of its module opens its own with this.

    Starting and closing a DuckDB instance costs about 45 ms, some 300 times in the fast loop, so
    instances are kept for reuse: each database is attached to one in memory and in use (USE) on its own
    connection, so current_database() and everything in it are the caller's alone. A Python UDF (jib_id)
    is the instance's, though: while one database is open (a module's world), the next gets another
    instance. One DuckDB thread each: on the test's handful of rows a second thread only hands work over,
    and with two xdist workers on two cores the fast loop took 51-52 s of wall time and 91 s of CPU
    against 61-63 s and 113 s with DuckDB's default (as many threads as cores)."""
    instance = _FREE.pop() if _FREE else duckdb.connect(config={"threads": 1})
    name = f"test_{next(_DATABASES)}"
    instance.execute(f"ATTACH ':memory:' AS {name}")
    connection = instance.cursor()
    try:
        connection.execute(f"USE {name}")
        install_macros(connection)
        yield connection
    finally:
        for function in UDFS:  # a UDF stays in the instance until the connection that made it removes it
            try:
                connection.remove_function(function)
            except duckdb.InvalidInputException:  # not registered on this connection
                pass
        connection.close()
        instance.execute(f"DETACH {name}")
        _FREE.append(instance)


def spy_pools(monkeypatch, module) -> list[tuple]:
    """Record the arguments of every ProcessPoolExecutor `module` starts (it still starts them): the tests
    of work done side by side prove when a pool runs and with how many processes."""
    started: list[tuple] = []

    class Pool(module.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(module, "ProcessPoolExecutor", Pool)
    return started


def elfproef_bsn(n: int) -> str:
    """A BSN that passes the elfproef, derived from n (the same n, the same BSN)."""
    base = 10_000_000 + 7919 * n
    while True:
        digits = [int(c) for c in f"{base:08d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return f"{base:08d}{check}"
        base += 1


def polars_type(column: schema.Column) -> pl.DataType:
    dtype, kwargs = dtype_of(column)
    return pl.Decimal(kwargs["precision"], kwargs["scale"]) if kwargs else dtype


def register_frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows of a register table as a frame with every register column, typed as the register says;
    a column a row does not name is NULL. A key the register does not know is refused (a typo)."""
    spec = schema.table(table)
    for row in rows:
        unknown = set(row) - set(spec.names)
        if unknown:
            raise KeyError(f"{table} has no column(s) {sorted(unknown)} in the register")
    types = {c.name: polars_type(c) for c in spec.columns}
    return pl.DataFrame([{name: row.get(name) for name in spec.names} for row in rows], schema=types, orient="row")


def jib_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a `jib` command on its own JIB_HOME and Dagster instance, with the demo key."""
    return {**os.environ, "JIB_HOME": str(home), "JIB_PSEUDONYM_KEY": DEMO_KEY,
            "DAGSTER_HOME": str(home / "dagster"), **extra}


def jib(args: list[str], env: dict[str, str], *, timeout: int = 1500) -> subprocess.CompletedProcess:
    """Run `python -m jib_assets ARGS` (the `jib` command) in a fresh interpreter."""
    Path(env["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", "jib_assets", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def release_warehouse(target: Path, name: str = "warehouse_48e75e5.duckdb.gz") -> Path:
    """A copy of a warehouse written by an earlier release (tests/fixtures), unpacked to `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(FIXTURES / name, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


class SourceRows:
    """Hand-made delivery rows of one peildatum, written straight into the source tables (created with the
    given columns if absent), each row numbered like a file line."""

    def __init__(self, con, peildatum: date, sources: dict[str, str]):
        self.con, self.peildatum, self.regel = con, peildatum, count(1)
        for table, columns in sources.items():
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} (peildatum DATE, regel BIGINT, {columns})")

    def _insert(self, table: str, values: dict) -> None:
        columns = ", ".join(["peildatum", "regel", *values])
        marks = ", ".join("?" * (len(values) + 2))
        self.con.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                         [self.peildatum, next(self.regel), *values.values()])
