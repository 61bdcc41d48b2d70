"""The one resource: where the deployment's folders are and how DuckDB may use the machine.

Inside a run it also holds the warehouse lock (one run at a time, whatever started it), makes the
restricted folders owner-only, removes a killed run's leftovers, and refuses a month of a backfill
whose earlier month failed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from jib_assets import db
from jib_assets.migrations import upgrade
from jib_assets.operations import clear_errors, remove_leftovers, restrict, run_lock
from jib_assets.settings import GEHEUGEN_STANDAARD, Paths, Settings, get_settings


class MonthOrderError(RuntimeError):
    """A month of a backfill whose earlier month failed: it would build on a missing or stale month."""


class JibResource(dg.ConfigurableResource):
    """Paths under JIB_HOME and DuckDB limits. Only one writer at a time: the in-process executor
    within a run, the warehouse lock (jib.lock) and the run queue between runs."""

    home: str
    duckdb_memory_limit: str = GEHEUGEN_STANDAARD
    duckdb_threads: int = 2
    gebied: str = "NL"
    # How long a run waits for another run that holds the warehouse before it fails.
    lock_wait_seconds: int = 3600

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> JibResource:
        s = settings or get_settings()
        return cls(home=str(s.home), duckdb_memory_limit=s.duckdb_memory_limit, duckdb_threads=s.duckdb_threads,
                   gebied=s.gebied, lock_wait_seconds=s.lock_wait_seconds)

    @property
    def paths(self) -> Paths:
        return Paths(Path(self.home))

    @property
    def gebied_gemeentecodes(self) -> list[str]:
        """The gemeentecodes of the deployment's area (JIB_GEBIED)."""
        from jib_assets.reference import gebied_gemeentecodes

        return gebied_gemeentecodes(self.gebied)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[JibResource]:
        run = context.run
        if run is None:  # a sensor or schedule: never touches the warehouse
            yield self
            return
        if context.instance is not None:
            refuse_after_failed_month(context.instance, run)
        log = context.log

        def waiting(sentence: str) -> None:
            if log:
                log.info(f"Waiting: {sentence}")

        what = f"Dagster run of {run.job_name}" + (f" for {run.tags['dagster/partition'][:7]}"
                                                   if "dagster/partition" in run.tags else "")
        with run_lock(self.paths, what, run.run_id, wait_seconds=self.lock_wait_seconds, on_wait=waiting):
            restrict(self.paths)
            storage = getattr(context.instance, "root_directory", None)  # Dagster's storage (DAGSTER_HOME)
            if storage and Path(storage).is_dir():
                os.chmod(storage, 0o700)
            removed = remove_leftovers(self.paths)
            if removed and log:
                log.info(f"Removed {len(removed)} leftover file(s) of a killed run: "
                         + ", ".join(p.name for p in removed))
            # The run's steps share the open warehouse file (db.held): no open and checkpoint per step.
            with clear_errors(self.paths.warehouse, self.paths.publish.parent), db.held(
                self.paths.warehouse, memory_limit=self.duckdb_memory_limit, threads=self.duckdb_threads
            ):
                yield self

    @contextmanager
    def warehouse(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the restricted store. A lock held by another process or a full disk is
        reported in one sentence (WarehouseLockedError, DiskFullError) instead of DuckDB's text."""
        with clear_errors(self.paths.warehouse, self.paths.publish.parent), db.connect(
            self.paths.warehouse,
            memory_limit=self.duckdb_memory_limit,
            threads=self.duckdb_threads,
            read_only=read_only,
        ) as con:
            done = db.done_in_hold(self.paths.warehouse)
            if not read_only and "upgrade" not in done:
                upgrade(con)  # a warehouse of an earlier release is brought up to date in place, once a run
                done.add("upgrade")
            yield con


def refuse_after_failed_month(instance: dg.DagsterInstance, run: dg.DagsterRun) -> None:
    """In a backfill, a month runs only if no earlier month of the same backfill failed or was
    cancelled, so a backfill stops at its first failed month and every later run names it."""
    backfill, partition = run.tags.get("dagster/backfill"), run.tags.get("dagster/partition")
    if not backfill or not partition:
        return
    records = instance.get_run_records(
        dg.RunsFilter(tags={"dagster/backfill": backfill},
                      statuses=[dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED])
    )
    failed = sorted(
        (r.dagster_run.tags["dagster/partition"], r.dagster_run.run_id)
        for r in records
        if r.dagster_run.tags.get("dagster/partition", "9999") < partition
    )
    if failed:
        month, run_id = failed[0]
        raise MonthOrderError(
            f"Not running {date.fromisoformat(partition):%Y-%m}: month {date.fromisoformat(month):%Y-%m} of this "
            f"backfill failed (run {run_id}); fix its cause and backfill again from {date.fromisoformat(month):%Y-%m}."
        )
