"""Issue 9 item 9: the UI's paths through a real Dagster instance with its daemon (`dagster-daemon run`,
the QueuedRunCoordinator, DAGSTER_HOME/dagster.yaml written by the same code as `jib`), on a generated
Weert (GM0988): a job backfill of two months (`dagster job backfill`, as the README says), an asset
backfill of two months (the instance API the UI's "Materialize partition range" calls), and the
delivery sensor on a fresh home processing three months one after another. Every run succeeds, one
at a time, months in order, and no run meets DuckDB's lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest

from jib_assets.cli import write_dagster_yaml
from jib_assets.operations import ensure_private_dir

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[1]
KEY = "some-long-random-test-key-1234567890"
MONTHS = ["2025-01-01", "2025-02-01", "2025-03-01"]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIB_", "DAGSTER_"))}
    return {**env, "JIB_HOME": str(home), "JIB_GEBIED": "GM0988", "JIB_PSEUDONYM_KEY": KEY,
            "DAGSTER_HOME": str(home / "dagster"), "JIB_SENSOR_SECONDS": "5", "JIB_DUCKDB_THREADS": "1"}


def _home(tmp_path: Path, name: str) -> Path:
    home = tmp_path / name
    synth = subprocess.run([str(BIN / "jib"), "synth", "--region", "GM0988", "--from", "2025-01", "--to", "2025-03"],
                           env=_env(home), capture_output=True, text=True, timeout=600)
    assert synth.returncode == 0, synth.stdout + synth.stderr
    write_dagster_yaml(ensure_private_dir(home / "dagster"))  # what `jib` writes
    return home


@contextmanager
def _daemon(home: Path):
    log = open(home / "daemon.log", "w")
    proc = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-m", "jib_assets.definitions"], cwd=REPO,
                            env=_env(home), stdout=log, stderr=subprocess.STDOUT)
    instance = dg.DagsterInstance.from_config(str(home / "dagster"))
    try:
        yield instance
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        instance.dispose()


def _dagster(home: Path, *args: str) -> None:
    done = subprocess.run([str(BIN / "dagster"), *args, "-m", "jib_assets.definitions"], cwd=REPO, env=_env(home),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _wait(instance: dg.DagsterInstance, done, what: str, home: Path, timeout: float = 1200) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not finish; daemon log:\n" + (home / "daemon.log").read_text()[-4000:])
        time.sleep(3)


def _idle(instance: dg.DagsterInstance) -> bool:
    from jib_assets.automation import ACTIEF

    return not instance.get_run_records(dg.RunsFilter(statuses=ACTIEF), limit=1)


def _assert_one_at_a_time_without_lock_errors(instance: dg.DagsterInstance, records) -> None:
    spans = sorted((r.start_time, r.end_time, r.dagster_run.run_id) for r in records)
    for (_, end, first), (start, _, second) in zip(spans, spans[1:]):
        assert end <= start, f"runs {first} and {second} overlapped"
    for record in records:
        messages = " ".join(e.user_message or "" for e in instance.all_logs(record.dagster_run.run_id))
        assert "Could not set lock" not in messages and "held open by" not in messages


def _partition_runs(instance: dg.DagsterInstance, **tags: str):
    return instance.get_run_records(dg.RunsFilter(tags=tags), ascending=True)


def test_job_backfill_and_asset_backfill_run_months_in_order_one_at_a_time(tmp_path):
    from dagster._core.execution.backfill import BulkActionStatus, PartitionBackfill
    from dagster._core.utils import make_new_backfill_id

    from jib_assets.definitions import defs

    home = _home(tmp_path, "backfill")
    with _daemon(home) as instance:
        # 1. job jib_maand -> Materialize all / partitions, here as the README's CLI command
        _dagster(home, "job", "backfill", "-j", "jib_maand", "--partitions", f"{MONTHS[0]},{MONTHS[1]}", "--noprompt")
        [job_backfill] = instance.get_backfills()

        def job_done():
            backfill = instance.get_backfill(job_backfill.backfill_id)
            return backfill.status != BulkActionStatus.REQUESTED and _idle(instance)

        _wait(instance, job_done, "the job backfill", home)
        records = _partition_runs(instance, **{"dagster/backfill": job_backfill.backfill_id})
        assert [r.dagster_run.tags["dagster/partition"] for r in records] == MONTHS[:2]
        assert [r.dagster_run.status for r in records] == [dg.DagsterRunStatus.SUCCESS] * 2
        _assert_one_at_a_time_without_lock_errors(instance, records)

        # 2. Assets -> select the month's assets -> Materialize -> partition range (an asset backfill)
        graph = defs.resolve_asset_graph()
        keys = [k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None
                and graph.get(k).is_materializable]
        asset_backfill = PartitionBackfill.from_asset_partitions(
            backfill_id=make_new_backfill_id(), asset_graph=graph, partition_names=MONTHS[1:], asset_selection=keys,
            backfill_timestamp=time.time(), tags={}, dynamic_partitions_store=instance, all_partitions=False,
            title=None, description=None, run_config=None,
        )
        instance.add_backfill(asset_backfill)

        def asset_done():
            backfill = instance.get_backfill(asset_backfill.backfill_id)
            return backfill.status not in (BulkActionStatus.REQUESTED, BulkActionStatus.CANCELING) and _idle(instance)

        _wait(instance, asset_done, "the asset backfill", home)
        assert instance.get_backfill(asset_backfill.backfill_id).status == BulkActionStatus.COMPLETED_SUCCESS
        records = _partition_runs(instance, **{"dagster/backfill": asset_backfill.backfill_id})
        assert records and all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in records)
        _assert_one_at_a_time_without_lock_errors(instance, records)
        delta = {r.partition_key: r.storage_id for r in instance.fetch_materializations(
            dg.AssetKey("gemeente_lijst"), limit=100).records}
        assert delta[MONTHS[2]] > delta[MONTHS[1]] > delta[MONTHS[0]]  # months in order


def test_delivery_sensor_processes_months_one_after_another(tmp_path):
    home = _home(tmp_path, "sensor")
    with _daemon(home) as instance:
        _dagster(home, "sensor", "start", "levering_compleet")

        def all_processed():
            runs = _partition_runs(instance, **{"dagster/sensor_name": "levering_compleet"})
            return len(runs) == 3 and _idle(instance)

        _wait(instance, all_processed, "the delivery sensor", home)
        time.sleep(12)  # two more ticks: nothing new is started
        records = _partition_runs(instance, **{"dagster/sensor_name": "levering_compleet"})
        assert [r.dagster_run.tags["dagster/partition"] for r in records] == MONTHS
        assert [r.dagster_run.status for r in records] == [dg.DagsterRunStatus.SUCCESS] * 3
        _assert_one_at_a_time_without_lock_errors(instance, records)
