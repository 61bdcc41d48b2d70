"""Dagster's SQLite event log with kept engines (jib_assets/dagster_opslag.py): events are written and committed
at once, as with Dagster's own storage, and read by another instance on the same files; one engine per file is
kept, at most BEWAARD of them; wiping and disposing close them."""

from __future__ import annotations

import dagster as dg

import jib_assets.definitions  # noqa: F401 - applies keep_engines, as every process that runs jib's jobs does
from jib_assets import dagster_opslag


@dg.op
def een() -> int:
    return 1


@dg.job
def klein():
    een()


def _engines(instance: dg.DagsterInstance) -> dict:
    return instance.event_log_storage.__dict__.get("_jib_engines", {})


def test_events_are_committed_at_once_and_another_instance_reads_them(tmp_path):
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    schrijver = dg.DagsterInstance.from_config(str(tmp_path))
    lezer = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        assert type(schrijver.event_log_storage).__name__ == "SqliteEventLogStorage"
        run = klein.execute_in_process(instance=schrijver).run_id
        geschreven = schrijver.all_logs(run)
        # The writer still holds its connection open: the other instance sees every event all the same.
        assert len(geschreven) > 5
        assert [e.dagster_event_type for e in lezer.all_logs(run)] == [e.dagster_event_type for e in geschreven]
        assert lezer.get_run_by_id(run).status == dg.DagsterRunStatus.SUCCESS
        # One engine per file, kept and reused: the run's own file and the index.
        kept = dict(_engines(schrijver))
        assert run in kept and "index" in kept
        klein_twee = klein.execute_in_process(instance=schrijver).run_id
        assert _engines(schrijver)["index"] is kept["index"]
        assert klein_twee in _engines(schrijver)
    finally:
        schrijver.dispose()
        lezer.dispose()
    assert _engines(schrijver) == {}  # dispose closed them


def test_at_most_bewaard_engines_are_kept_and_a_wipe_starts_afresh(tmp_path):
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        runs = [klein.execute_in_process(instance=instance).run_id for _ in range(dagster_opslag.BEWAARD + 2)]
        kept = _engines(instance)
        assert len(kept) == dagster_opslag.BEWAARD
        assert runs[-1] in kept and runs[0] not in kept  # the least recently used went first
        assert len(instance.all_logs(runs[0])) > 5  # and is opened again when read
        instance.event_log_storage.wipe()
        assert instance.all_logs(runs[-1]) == []
        nieuw = klein.execute_in_process(instance=instance).run_id
        assert len(instance.all_logs(nieuw)) > 5
    finally:
        instance.dispose()
