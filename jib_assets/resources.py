"""The one resource: where the deployment's folders are and how DuckDB may use the machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from jib_assets import db
from jib_assets.migrations import upgrade
from jib_assets.settings import Paths, Settings, get_settings


class JibResource(dg.ConfigurableResource):
    """Paths under JIB_HOME and DuckDB limits. Only one writer at a time (in-process executor)."""

    home: str
    duckdb_memory_limit: str = "8GB"
    duckdb_threads: int = 2
    gebied: str = "NL"

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> JibResource:
        s = settings or get_settings()
        return cls(home=str(s.home), duckdb_memory_limit=s.duckdb_memory_limit, duckdb_threads=s.duckdb_threads,
                   gebied=s.gebied)

    @property
    def paths(self) -> Paths:
        return Paths(Path(self.home))

    @property
    def gebied_gemeentecodes(self) -> list[str]:
        """The gemeentecodes of the deployment's area (JIB_GEBIED)."""
        from jib_assets.reference import gebied_gemeentecodes

        return gebied_gemeentecodes(self.gebied)

    @contextmanager
    def warehouse(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with db.connect(
            self.paths.warehouse,
            memory_limit=self.duckdb_memory_limit,
            threads=self.duckdb_threads,
            read_only=read_only,
        ) as con:
            if not read_only:
                upgrade(con)  # a warehouse of an earlier release is brought up to date in place
            yield con
