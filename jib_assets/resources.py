"""The one resource: where the deployment's folders are and how DuckDB may use the machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from jib_assets import db
from jib_assets.settings import Settings, get_settings


class JibResource(dg.ConfigurableResource):
    """Paths under JIB_HOME and DuckDB limits. Only one writer at a time (in-process executor)."""

    home: str
    duckdb_memory_limit: str = "8GB"
    duckdb_threads: int = 2

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "JibResource":
        s = settings or get_settings()
        return cls(home=str(s.home), duckdb_memory_limit=s.duckdb_memory_limit, duckdb_threads=s.duckdb_threads)

    @property
    def root(self) -> Path:
        return Path(self.home)

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def warehouse_path(self) -> Path:
        return self.root / "warehouse" / "jib.duckdb"

    @property
    def publish_path(self) -> Path:
        return self.root / "publish" / "analytics.duckdb"

    @property
    def data_docs(self) -> Path:
        """GX Data Docs: exact small counts per gemeente, so beside the restricted store."""
        return self.root / "warehouse" / "data_docs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @contextmanager
    def warehouse(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with db.connect(
            self.warehouse_path,
            memory_limit=self.duckdb_memory_limit,
            threads=self.duckdb_threads,
            read_only=read_only,
        ) as con:
            yield con
