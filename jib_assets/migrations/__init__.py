"""Upgrades in place: a warehouse written by an earlier release is brought to this release's schema when
a run opens it for writing (JibResource.warehouse), so a region keeps its history.

Two parts, in this order, both idempotent:

1. **Numbered migrations** (`v0001_*.py`, ...): each a module with a docstring and `apply(con)`, for what
   cannot be inferred (a rename, a type change, a backfill). Those the warehouse has not had run in order,
   each in its own transaction together with its row in `schema_versie` (versie, naam, toegepast_op).
   A warehouse recorded at a higher version than this code knows is refused.
2. **Additive evolution from the schema register**: a register column an existing table lacks is added
   (NULL in the rows written before). Missing tables are left to the step that creates them, as before.
   A table built from a query gains a new query column the same way on its next load (db.replace_partitions).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import duckdb

from jib_assets import schema
from jib_assets.db import scalar, table_exists, transaction

SCHEMA_VERSIE = """CREATE TABLE IF NOT EXISTS schema_versie (
    versie INTEGER PRIMARY KEY,
    naam VARCHAR NOT NULL,
    toegepast_op TIMESTAMP NOT NULL
)"""


class NewerWarehouseError(RuntimeError):
    """The warehouse was written by a newer release than this code."""


@dataclass(frozen=True)
class Migration:
    versie: int
    naam: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _migration(module: ModuleType) -> Migration:
    stem = module.__name__.rsplit(".", 1)[1]
    number, _, naam = stem.partition("_")
    return Migration(int(number.removeprefix("v")), naam, module.apply)


def migrations() -> list[Migration]:
    """Every numbered migration of this package, by version; the versions run 1, 2, 3 without a gap."""
    found = sorted(
        (_migration(importlib.import_module(f"{__name__}.{info.name}"))
         for info in pkgutil.iter_modules(__path__) if info.name.startswith("v")),
        key=lambda m: m.versie,
    )
    if [m.versie for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"jib_assets/migrations: versions {[m.versie for m in found]} must run 1..n without gaps")
    return found


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration recorded in the warehouse (0: none, e.g. written by release 48e75e5)."""
    if not table_exists(con, "schema_versie"):
        return 0
    return scalar(con, "SELECT coalesce(max(versie), 0) FROM schema_versie")


def upgrade(con: duckdb.DuckDBPyConnection, steps: list[Migration] | None = None) -> list[str]:
    """Run the pending numbered migrations, then the register's additive evolution. Returns what was done,
    as short texts (`v0001 basis`, `+ gemeente_lijst.kolom`), empty when the warehouse was up to date."""
    steps = migrations() if steps is None else steps
    con.execute(SCHEMA_VERSIE)
    current = current_version(con)
    latest = steps[-1].versie if steps else 0
    if current > latest:
        raise NewerWarehouseError(
            f"the warehouse is at schema version {current}, this release knows up to {latest}: "
            "run a release at least as new as the one that wrote it (never an older one)"
        )
    done = []
    for step in steps:
        if step.versie <= current:
            continue
        try:
            with transaction(con):
                step.apply(con)
                con.execute("INSERT INTO schema_versie VALUES ($versie, $naam, current_localtimestamp())",
                            {"versie": step.versie, "naam": step.naam})
        except Exception as exc:
            raise RuntimeError(
                f"migration v{step.versie:04d} ({step.naam}) failed and was rolled back; the warehouse stays at "
                f"version {current_version(con)}. Cause: {type(exc).__name__}: {exc}"
            ) from exc
        done.append(f"v{step.versie:04d} {step.naam}")
    done += evolve(con)
    return done


def evolve(con: duckdb.DuckDBPyConnection, tables: list[schema.Table] | None = None) -> list[str]:
    """Additive evolution from the register, in one transaction: add the register columns an existing
    table lacks. Returns what it did. Every run's connection asks this, so the columns of all tables are
    read in one catalog query, and a transaction is opened only when something is missing."""
    rows = con.execute(
        "SELECT table_name, list(column_name) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' GROUP BY table_name"
    ).fetchall()
    have = {table: set(columns) for table, columns in rows}
    missing = [(spec.name, column) for spec in (tables if tables is not None else list(schema.TABLES.values()))
               if spec.name in have for column in spec.columns if column.name not in have[spec.name] and column.type]
    if not missing:
        return []
    with transaction(con):
        for table, column in missing:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{column.name}" {column.type}')
    return [f"+ {table}.{column.name}" for table, column in missing]
