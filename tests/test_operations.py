"""Operations around a run (issue 9, items 1, 2, 4b, 8): the warehouse lock, clear messages for a held
lock and a full disk, leftovers of a killed run, owner-only folders, the dagster.yaml jib writes,
the month-order guard of backfills, the sensors' choices and the chain guard before publication."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from jib_assets import schema
from jib_assets.automation import (
    Gebouwd,
    latere_maanden_bijwerken,
    levering_compleet,
    publiceer_na_maand,
    stale_months,
)
from jib_assets.operations import (
    DiskFullError,
    WarehouseBusyError,
    WarehouseLockedError,
    clear_errors,
    is_disk_full,
    remove_leftovers,
    restrict,
    run_lock,
)
from jib_assets.publish.month_chain import broken_months, month_chain_breaks, refusal
from jib_assets.resources import JibResource, MonthOrderError, refuse_after_failed_month
from jib_assets.settings import Paths

PY = sys.executable


def _holder(code: str, ready: Path) -> subprocess.Popen:
    """Start a Python process that runs `code` and then waits; returns once `ready` exists."""
    proc = subprocess.Popen([PY, "-c", textwrap.dedent(code)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready.exists():
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode())
        assert time.monotonic() < deadline, "holder process did not start"
        time.sleep(0.1)
    return proc


def _stop(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()


# --- one run at a time ------------------------------------------------------------------------------


def test_second_run_is_refused_with_one_sentence_naming_the_holder(tmp_path):
    ready = tmp_path / "ready"
    proc = _holder(f"""
        from pathlib import Path
        import time
        from jib_assets.operations import run_lock
        from jib_assets.settings import Paths
        with run_lock(Paths(Path({str(tmp_path)!r})), "jib run from 2025-01", "run-abc"):
            Path({str(ready)!r}).touch()
            time.sleep(120)
    """, ready)
    try:
        with pytest.raises(WarehouseBusyError) as info:
            with run_lock(Paths(tmp_path), "jib run from 2025-02"):
                pass
        message = str(info.value)
        assert f"pid {proc.pid}" in message and "jib run from 2025-01" in message and "run-abc" in message
        assert message.count(". ") == 0 and message.endswith("then start again.")  # one sentence
        # a run that may wait gives up after its wait, with the same sentence, and told the wait once
        told = []
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError):
            with run_lock(Paths(tmp_path), "Dagster run", wait_seconds=1.5, on_wait=told.append):
                pass
        assert time.monotonic() - started >= 1.4 and len(told) == 1 and f"pid {proc.pid}" in told[0]
    finally:
        _stop(proc)
    # kill -9 released it: the lock goes with the process
    with run_lock(Paths(tmp_path), "after the kill"):
        pass


def test_the_lock_is_reentrant_within_a_process_and_released_after(tmp_path):
    paths = Paths(tmp_path)
    with run_lock(paths, "jib run"):
        with run_lock(paths, "its in-process month run"):
            pass
        probe = subprocess.run(
            [PY, "-c", "from pathlib import Path; from jib_assets.operations import run_lock, WarehouseBusyError\n"
             f"from jib_assets.settings import Paths\ntry:\n    with run_lock(Paths(Path({str(tmp_path)!r})), 'x'): print('got')\n"
             "except WarehouseBusyError: print('busy')"],
            capture_output=True, text=True, check=True)
        assert probe.stdout.strip() == "busy"
    probe = subprocess.run(
        [PY, "-c", f"from pathlib import Path; from jib_assets.operations import run_lock\nfrom jib_assets.settings import Paths\n"
         f"with run_lock(Paths(Path({str(tmp_path)!r})), 'x'): print('got')"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "got"


def test_a_reader_holding_the_warehouse_gets_one_clear_message(tmp_path):
    jib = JibResource(home=str(tmp_path))
    with jib.warehouse() as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    ready = tmp_path / "ready"
    proc = _holder(f"""
        import duckdb, time
        from pathlib import Path
        con = duckdb.connect({str(jib.paths.warehouse)!r}, read_only=True)
        Path({str(ready)!r}).touch()
        time.sleep(120)
    """, ready)
    try:
        with pytest.raises(WarehouseLockedError) as info:
            with jib.warehouse():
                pass
    finally:
        _stop(proc)
    message = str(info.value)
    assert f"process {proc.pid} (" in message and str(jib.paths.warehouse) in message
    assert "Could not set lock" not in message and "close that program" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


# --- disk full ---------------------------------------------------------------------------------------


def test_a_full_disk_is_recognised_from_the_os_sqlite_and_duckdb():
    with pytest.raises(OSError) as real:
        with open("/dev/full", "w") as fh:  # a real ENOSPC
            fh.write("x")
            fh.flush()
    assert is_disk_full(real.value)
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))
    assert is_disk_full(duckdb.IOException("Could not write file: No space left on device"))
    wrapped = RuntimeError("step failed")
    wrapped.__cause__ = real.value
    assert is_disk_full(wrapped)
    assert not is_disk_full(sqlite3.OperationalError("no such table: runs"))
    assert not is_disk_full(ValueError("bad month"))


def test_a_full_disk_becomes_one_sentence_naming_the_path_and_free_space(tmp_path):
    with pytest.raises(DiskFullError) as info:
        with clear_errors(tmp_path / "warehouse" / "jib.duckdb"):
            with open("/dev/full", "w") as fh:
                fh.write("x")
                fh.flush()
    message = str(info.value)
    assert str(tmp_path / "warehouse") in message and " free" in message and "Free space there" in message
    assert "Errno" not in message


def test_jib_run_reports_a_full_disk_in_one_sentence(tmp_path, monkeypatch, capsys):
    from jib_assets import cli

    monkeypatch.setenv("JIB_HOME", str(tmp_path))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))

    def full(*_):  # Dagster's sqlite run storage failing as it does on a full disk
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cli, "_run_months", full)
    assert cli.run_months(date(2025, 1, 1), date(2025, 1, 1)) is False
    out = capsys.readouterr().out
    assert "The disk is full" in out and str(tmp_path) in out and "Traceback" not in out


# --- leftovers and permissions -----------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([PY, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_run_are_removed_and_a_live_writers_files_kept(tmp_path):
    paths = Paths(tmp_path)
    for folder in (paths.warehouse.parent, paths.publish.parent, paths.reports):
        folder.mkdir(parents=True)
    dead = _dead_pid()
    gone = [
        paths.publish.parent / f".analytics.duckdb.{dead}.tmp",
        paths.warehouse.parent / f".jib.duckdb.{dead}.compact",
        paths.warehouse.parent / f".jib.duckdb.{dead}.compact.wal",
        paths.warehouse.parent / f".jib.duckdb.wal.{dead}.compact",  # the old log a rewrite moved aside
        paths.reports / f".jib-monitoring-AM33-2025-Q1.html.{dead}.tmp",
    ]
    kept = [
        paths.publish.parent / f".analytics.duckdb.{os.getpid()}.tmp",  # a live writer
        paths.publish.parent / "analytics.duckdb",
        paths.warehouse.parent / "jib.duckdb",
    ]
    for file in gone + kept:
        file.write_text("x")
    assert sorted(remove_leftovers(paths)) == sorted(gone)
    assert all(not f.exists() for f in gone) and all(f.exists() for f in kept)


def test_a_run_removes_leftovers_and_makes_the_store_owner_only(tmp_path):
    paths = Paths(tmp_path)
    for folder in (paths.warehouse.parent, paths.landing):
        folder.mkdir(parents=True, mode=0o755)
        os.chmod(folder, 0o755)
    paths.warehouse.write_text("")
    os.chmod(paths.warehouse, 0o644)
    leftover = paths.warehouse.parent / f".jib.duckdb.{_dead_pid()}.compact"
    leftover.write_text("x")

    @dg.asset
    def probe(jib: JibResource) -> None:
        assert not leftover.exists()

    storage = tmp_path / "dagster"
    storage.mkdir(mode=0o755)
    os.chmod(storage, 0o755)
    with dg.instance_for_test(temp_dir=str(storage)) as instance:
        assert dg.materialize([probe], instance=instance, resources={"jib": JibResource(home=str(tmp_path))}).success
    assert stat.S_IMODE(storage.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.warehouse.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.landing.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.warehouse.stat().st_mode) == 0o600
    restrict(paths)  # idempotent


def test_jib_writes_an_owner_only_dagster_home_that_queues_one_run_at_a_time(tmp_path, monkeypatch):
    from jib_assets import cli

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    home = cli._dagster_home()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "dagster.yaml").stat().st_mode) == 0o600
    # its run history exists before any daemon or webserver starts, with one schema version: processes
    # started together on a fresh home each stamped one ("more than one head present", CI 2026-12-01)
    with sqlite3.connect(home / "schedules" / "schedules.db") as db:
        assert len(db.execute("SELECT version_num FROM alembic_version").fetchall()) == 1
    assert (home / "history" / "runs.db").exists()
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
    finally:
        instance.dispose()


def test_a_hand_made_dagster_yaml_is_kept_and_a_missing_limit_is_pointed_out(tmp_path, capsys):
    from jib_assets import cli

    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    cli.write_dagster_yaml(tmp_path)
    assert (tmp_path / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"
    assert "max_concurrent_runs: 1" in capsys.readouterr().out.replace("\n", " ").replace("  ", " ")
    (tmp_path / "dagster.yaml").write_text("concurrency:\n  runs:\n    max_concurrent_runs: 1\n")
    cli.write_dagster_yaml(tmp_path)
    assert capsys.readouterr().out == ""


# --- backfills stop at the first failed month --------------------------------------------------------


def _run(instance, partition: str, status: dg.DagsterRunStatus, backfill: str = "bf1") -> dg.DagsterRun:
    run = dg.DagsterRun(job_name="jib_maand", run_id=f"{backfill}-{partition}", status=status,
                        tags={"dagster/backfill": backfill, "dagster/partition": partition})
    return instance.add_run(run)


def test_a_backfill_month_after_a_failed_month_refuses_naming_it():
    with dg.DagsterInstance.ephemeral() as instance:
        _run(instance, "2025-01-01", dg.DagsterRunStatus.SUCCESS)
        _run(instance, "2025-02-01", dg.DagsterRunStatus.FAILURE)
        _run(instance, "2025-03-01", dg.DagsterRunStatus.FAILURE)
        _run(instance, "2025-01-01", dg.DagsterRunStatus.FAILURE, backfill="other")
        later = _run(instance, "2025-04-01", dg.DagsterRunStatus.NOT_STARTED)
        with pytest.raises(MonthOrderError) as info:
            refuse_after_failed_month(instance, later)
        assert "Not running 2025-04: month 2025-02 of this backfill failed (run bf1-2025-02-01)" in str(info.value)
        # the months before the failure, other backfills and runs outside a backfill go ahead
        refuse_after_failed_month(instance, instance.get_run_by_id("bf1-2025-01-01"))
        refuse_after_failed_month(instance, _run(instance, "2025-02-01", dg.DagsterRunStatus.NOT_STARTED, backfill="new"))
        refuse_after_failed_month(instance, dg.DagsterRun(job_name="jib_maand", run_id="x",
                                                          tags={"dagster/partition": "2025-05-01"}))


# --- the sensors -------------------------------------------------------------------------------------


def test_stale_months_are_those_built_before_an_earlier_month_was_rebuilt():
    built = {"2025-01-01": Gebouwd(10, 0), "2025-02-01": Gebouwd(20, 0), "2025-03-01": Gebouwd(30, 0)}
    assert stale_months(built) == []
    built["2025-01-01"] = Gebouwd(40, 0)  # month 1 rerun: 2 and 3 compare with an old list
    assert stale_months(built) == ["2025-02-01", "2025-03-01"]
    built["2025-02-01"] = Gebouwd(50, 0)  # 2 healed: 3 still older than 2
    assert stale_months(built) == ["2025-03-01"]
    built["2025-03-01"] = Gebouwd(60, 0)
    assert stale_months(built) == []


def _built(instance, asset: str, partition: str | None = None) -> None:
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=asset, partition=partition))


def _deliver(landing: Path, month: str, mtime: float) -> None:
    (landing / month).mkdir(parents=True, exist_ok=True)
    marker = landing / month / "_COMPLETE"
    marker.touch()
    os.utime(marker, (mtime, mtime))


def _tick(sensor, instance, tmp_path, cursor=None):
    with dg.build_sensor_context(instance=instance, cursor=cursor, sensor_name=sensor.name,
                                 resources={"jib": JibResource(home=str(tmp_path))}) as context:
        return sensor(context)


def _month(result) -> str:
    assert isinstance(result, dg.RunRequest), result
    return result.partition_key


def test_delivery_sensor_starts_the_oldest_month_and_the_next_only_after_it(tmp_path):
    landing = tmp_path / "landing"
    past = time.time() - 3600
    for month in ("2025-01", "2025-02", "2025-03"):
        _deliver(landing, month, past)
    with dg.DagsterInstance.ephemeral() as instance:
        assert _month(_tick(levering_compleet, instance, tmp_path)) == "2025-01-01"
        # its run is in progress: nothing else starts
        instance.add_run(dg.DagsterRun(job_name="jib_maand", run_id="r1", status=dg.DagsterRunStatus.STARTED,
                                       tags={"dagster/partition": "2025-01-01"}))
        skip = _tick(levering_compleet, instance, tmp_path)
        assert isinstance(skip, dg.SkipReason) and "run r1 (jib_maand, 2025-01, started)" in skip.skip_message
        instance.delete_run("r1")  # the run ended having built only the delta (exports failed): not done
        _built(instance, "gemeente_lijst", "2025-01-01")
        assert _month(_tick(levering_compleet, instance, tmp_path)) == "2025-01-01"
        _built(instance, "exports", "2025-01-01")
        assert _month(_tick(levering_compleet, instance, tmp_path)) == "2025-02-01"
        for asset in ("gemeente_lijst", "exports"):
            _built(instance, asset, "2025-02-01")
            _built(instance, asset, "2025-03-01")
        skip = _tick(levering_compleet, instance, tmp_path)
        assert isinstance(skip, dg.SkipReason) and "every complete delivery" in skip.skip_message
        # a redelivery of month 2 (a new _COMPLETE) runs it again
        _deliver(landing, "2025-02", time.time() + 5)
        request = _tick(levering_compleet, instance, tmp_path)
        assert _month(request) == "2025-02-01" and request.run_key.startswith("2025-02-01@")
        # and if that run failed, later months wait and the sensor says which run failed
        instance.add_run(dg.DagsterRun(job_name="jib_maand", run_id="failed-feb", status=dg.DagsterRunStatus.FAILURE,
                                       tags={"dagster/run_key": request.run_key, "dagster/sensor_name": "levering_compleet",
                                             "dagster/partition": "2025-02-01"}))
        skip = _tick(levering_compleet, instance, tmp_path)
        assert isinstance(skip, dg.SkipReason) and "2025-02 failed in run failed-feb" in skip.skip_message


def test_after_a_rerun_of_an_earlier_month_later_months_are_rerun_one_at_a_time(tmp_path):
    with dg.DagsterInstance.ephemeral() as instance:
        for month in ("2025-01-01", "2025-02-01", "2025-03-01"):
            _built(instance, "gemeente_lijst", month)
        assert isinstance(_tick(latere_maanden_bijwerken, instance, tmp_path), dg.SkipReason)
        _built(instance, "gemeente_lijst", "2025-01-01")  # the UI reran January
        first = _tick(latere_maanden_bijwerken, instance, tmp_path)
        assert _month(first) == "2025-02-01"
        assert "2025-02, 2025-03" in first.tags["jib/reden"]
        # deliveries wait while later months are out of date
        _deliver(tmp_path / "landing", "2025-04", time.time() - 60)
        skip = _tick(levering_compleet, instance, tmp_path)
        assert isinstance(skip, dg.SkipReason) and "out of date from 2025-02" in skip.skip_message
        _built(instance, "gemeente_lijst", "2025-02-01")
        assert _month(_tick(latere_maanden_bijwerken, instance, tmp_path)) == "2025-03-01"
        _built(instance, "gemeente_lijst", "2025-03-01")
        assert isinstance(_tick(latere_maanden_bijwerken, instance, tmp_path), dg.SkipReason)


def test_publication_follows_months_from_any_entry_point_and_never_while_months_are_stale(tmp_path):
    with dg.DagsterInstance.ephemeral() as instance:
        assert isinstance(_tick(publiceer_na_maand, instance, tmp_path), dg.SkipReason)
        for month in ("2025-01-01", "2025-02-01"):
            _built(instance, "gemeente_lijst", month)
            _built(instance, "monitoring_maand", month)  # e.g. from the Assets page, not job jib_maand
        request = _tick(publiceer_na_maand, instance, tmp_path)
        assert isinstance(request, dg.RunRequest)
        _built(instance, "analytics_database")
        assert "published after the latest month" in _tick(publiceer_na_maand, instance, tmp_path).skip_message
        _built(instance, "gemeente_lijst", "2025-01-01")  # January rebuilt, February not yet
        _built(instance, "monitoring_maand", "2025-01-01")
        skip = _tick(publiceer_na_maand, instance, tmp_path)
        assert isinstance(skip, dg.SkipReason) and "2025-02 are out of date" in skip.skip_message


# --- the months chain before publication -------------------------------------------------------------


def _lijst(con, peildatum: str, gemeente: str, rows: dict[str, str], eerste: bool) -> None:
    for jib_id, status in rows.items():
        con.execute(
            "INSERT INTO gemeente_lijst (peildatum, gemeentecode, jib_id, categorie, status, datum_instroom, eerste_maand) "
            "VALUES ($p, $g, $j, 'benaderen', $s, $p, $e)",
            {"p": date.fromisoformat(peildatum), "g": gemeente, "j": jib_id, "s": status, "e": eerste},
        )


def _warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(schema.ddl("gemeente_lijst"))
    con.execute("CREATE TABLE gemeente_lijst_maanden (peildatum DATE, eerste_maand BOOLEAN)")
    con.execute("INSERT INTO gemeente_lijst_maanden VALUES ('2025-01-01', true), ('2025-02-01', false), "
                "('2025-03-01', false)")
    _lijst(con, "2025-01-01", "GM0988", {"a": "instroom", "b": "instroom"}, True)
    _lijst(con, "2025-01-01", "GM0957", {"x": "instroom"}, True)
    _lijst(con, "2025-02-01", "GM0988", {"a": "blijft", "b": "uitstroom", "c": "instroom"}, False)
    _lijst(con, "2025-02-01", "GM0957", {"x": "uitstroom"}, False)
    _lijst(con, "2025-03-01", "GM0988", {"a": "blijft", "c": "blijft", "b": "instroom"}, False)
    return con


def test_months_that_chain_publish(tmp_path):
    assert month_chain_breaks(_warehouse(tmp_path)) == []


def test_a_rebuilt_earlier_month_breaks_the_next_and_is_named(tmp_path):
    con = _warehouse(tmp_path)
    # February rebuilt from a redelivery: c is no longer on its list, d is
    con.execute("DELETE FROM gemeente_lijst WHERE peildatum = '2025-02-01' AND gemeentecode = 'GM0988'")
    _lijst(con, "2025-02-01", "GM0988", {"a": "blijft", "b": "uitstroom", "d": "instroom"}, False)
    breaks = month_chain_breaks(con)
    assert broken_months(breaks) == [date(2025, 3, 1)]
    # March: c 'blijft' but was not on February's list. The count 2 + 1 - 0 = 3 still holds (c took d's
    # place), so only the row rule catches it.
    assert {(b.gemeentecode, b.probleem, b.aantal) for b in breaks} == {
        ("GM0988", "blijft stond niet op de lijst van de vorige maand", 1)
    }
    message = refusal(breaks)
    assert "Not publishing: gemeente_lijst of 2025-03 " in message and "jib run --from 2025-03" in message


def test_an_instroom_that_was_already_on_the_list_and_a_missing_month_break_the_chain(tmp_path):
    con = _warehouse(tmp_path)
    _lijst(con, "2025-03-01", "GM0957", {"x": "blijft"}, False)  # x left in February
    con.execute("INSERT INTO gemeente_lijst_maanden VALUES ('2025-05-01', false)")  # April never made
    _lijst(con, "2025-05-01", "GM0988", {"a": "instroom"}, False)
    breaks = month_chain_breaks(con)
    assert broken_months(breaks) == [date(2025, 3, 1), date(2025, 5, 1)]
    problems = {(b.peildatum, b.gemeentecode, b.probleem) for b in breaks}
    assert (date(2025, 3, 1), "GM0957", "blijft stond niet op de lijst van de vorige maand") in problems
    assert (date(2025, 3, 1), "GM0957", "0 + 0 - 0 <> 1") in problems
    assert (date(2025, 5, 1), None, "de vorige maand is nooit gemaakt") in problems
    # an instroom of someone already on the list of P-1
    con.execute("UPDATE gemeente_lijst SET status = 'instroom' WHERE peildatum = '2025-02-01' AND jib_id = 'a'")
    problems = {(b.peildatum, b.probleem) for b in month_chain_breaks(con)}
    assert (date(2025, 2, 1), "instroom stond al op de lijst van de vorige maand") in problems


def test_no_months_yet_is_not_a_break(tmp_path):
    assert month_chain_breaks(duckdb.connect(str(tmp_path / "leeg.duckdb"))) == []


# --- jib run lists the warning checks ----------------------------------------------------------------


def test_a_failed_month_names_each_cause_once_with_the_steps_it_stopped(capsys):
    """With the warehouse held open by another program every ingest failed with the same sentence, which `jib run`
    printed nine times; now once, naming the steps, and a different cause on a line of its own."""
    from jib_assets import cli

    gehouden = "jib.duckdb is held open by process 4711 (duckdb); close that program"

    @dg.asset
    def levering_a():
        raise dg.Failure(description=gehouden)

    @dg.asset
    def levering_b():
        raise dg.Failure(description=gehouden)

    @dg.asset
    def levering_c():
        raise dg.Failure(description="levering_c.csv: wrong header: missing columns: bsn")

    result = dg.materialize([levering_a, levering_b, levering_c], raise_on_error=False)
    assert not result.success
    cli._explain_failure(result, date(2025, 3, 1))
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith(f"Month 2025-03 failed. steps levering_a, levering_b: {gehouden} "
                          "step levering_c: levering_c.csv: wrong header: missing columns: bsn")
    assert out.count(gehouden) == 1


def test_jib_run_lists_every_warning_check_that_did_not_pass_and_not_the_blocking_ones(capsys):
    from jib_assets import cli

    @dg.asset(check_specs=[
        dg.AssetCheckSpec("volume_waarschuwing", asset="lijst"),
        dg.AssetCheckSpec("klopt", asset="lijst", blocking=True),
        dg.AssetCheckSpec("ok_waarschuwing", asset="lijst"),
    ])
    def lijst():
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(check_name="volume_waarschuwing", passed=False, severity=dg.AssetCheckSeverity.WARN,
                                  description="far fewer rows than last month")
        yield dg.AssetCheckResult(check_name="ok_waarschuwing", passed=True, severity=dg.AssetCheckSeverity.WARN)
        yield dg.AssetCheckResult(check_name="klopt", passed=True)

    @dg.asset(check_specs=[dg.AssetCheckSpec("gx_x_waarschuwing", asset="andere")])
    def andere():
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(check_name="gx_x_waarschuwing", passed=False)  # non-blocking, ERROR severity

    result = dg.materialize([lijst, andere], raise_on_error=False)
    assert result.success
    warnings = cli.check_warnings(result)
    assert sorted(warnings) == sorted([
        "check volume_waarschuwing on lijst did not pass: far fewer rows than last month",
        "check gx_x_waarschuwing on andere did not pass",
    ])
    cli._print_warnings([("2025-03", w) for w in warnings])
    out = " ".join(capsys.readouterr().out.split())
    assert "2 warning check(s) did not pass" in out
    assert "check volume_waarschuwing on lijst did not pass in 2025-03: far fewer rows than last month" in out
    # one check in several months: one line with its months and what it said last; the publication's own: no month
    cli._print_warnings([("2025-07", "check b on w did not pass: 2 youths"), ("2025-08", "check b on w did not pass: 3 youths"),
                         ("", "check p on analytics did not pass")])
    lines = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    # two checks (the first in two months): counted once each, as the lines below list them
    assert lines == ["2 warning check(s) did not pass (the runs went on; see them in the Dagster UI):",
                     "check b on w did not pass in 2025-07, 2025-08: 3 youths", "check p on analytics did not pass"]

    @dg.asset(check_specs=[dg.AssetCheckSpec("klopt", asset="fout", blocking=True)])
    def fout():
        yield dg.MaterializeResult()
        yield dg.AssetCheckResult(check_name="klopt", passed=False)

    failed = dg.materialize([fout], raise_on_error=False)
    assert not failed.success and cli.check_warnings(failed) == []


def test_the_chain_guard_is_a_blocking_check_on_the_publication():
    from jib_assets.definitions import defs

    specs = {(s.key.asset_key.to_user_string(), s.key.name): s for a in defs.assets for s in a.check_specs}
    assert specs[("analytics_database", "maanden_sluiten_aan")].blocking is True
