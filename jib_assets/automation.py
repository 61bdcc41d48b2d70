"""When months run: a monthly schedule; a sensor that starts the oldest complete delivery, one month at
a time; a sensor that rebuilds later months after an earlier one was rebuilt; publication after months.

The sensors never open the warehouse (its writer holds the lock): they read Dagster's run and
materialization records only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from jib_assets.partitions import monthly_partitions
from jib_assets.resources import JibResource
from jib_assets.settings import get_settings

MAAND_GROEPEN = (
    "ingest", "duo_selectie", "ib_verrijking", "gemeente_filter", "maand_delta", "monitoring", "publicatie", "privacy",
)

maand_job = dg.define_asset_job(
    "jib_maand",
    selection=dg.AssetSelection.groups(*MAAND_GROEPEN) - dg.AssetSelection.assets("analytics_database", "kwartaalrapporten"),
    description="One month of the chain: ingest, selection, enrichment, filtering, delta, monitoring, exports.",
)

publicatie_job = dg.define_asset_job(
    "jib_publicatie",
    selection=dg.AssetSelection.assets("gemeenten", "analytics_database", "kwartaalrapporten"),
    description="Reload the reference table, publish analytics.duckdb from the monitoring of all months, "
    "and write the quarterly reports.",
)

maandelijks = dg.build_schedule_from_partitioned_job(
    maand_job,
    name="jib_maandelijks",
    day_of_month=15,
    hour_of_day=6,
    description="On the 15th at 06:00, run the current month (its deliveries are due by then).",
)


# The month's delta: a later month is stale once an earlier one was built after it.
DELTA = dg.AssetKey("gemeente_lijst")
# A month counts as processed once these are all materialised (after its delivery was complete).
MAAND_KLAAR = (DELTA, dg.AssetKey("exports"))
# What analytics.duckdb is published from, and the asset that is the publication.
GEPUBLICEERD_UIT = dg.AssetKey("monitoring_maand")
PUBLICATIE = dg.AssetKey("analytics_database")
ACTIEF = [
    dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING,
]


def complete_deliveries(landing: Path) -> list[tuple[str, float]]:
    """(partition key, mtime of _COMPLETE) of every landing month folder that is complete, oldest first."""
    found = []
    for folder in sorted(landing.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]")):
        marker = folder / "_COMPLETE"
        if marker.is_file():
            found.append((f"{folder.name}-01", marker.stat().st_mtime))
    return found


@dataclass(frozen=True)
class Gebouwd:
    """The latest materialisation of an asset's partition: storage id (orders events) and time."""

    storage_id: int
    timestamp: float


def built(instance: dg.DagsterInstance, key: dg.AssetKey) -> dict[str, Gebouwd]:
    """The latest materialisation per partition of `key`, from Dagster's event log."""
    latest: dict[str, Gebouwd] = {}
    cursor = None
    while True:
        page = instance.fetch_materializations(dg.AssetRecordsFilter(asset_key=key), limit=1000, cursor=cursor,
                                               ascending=True)
        for record in page.records:
            if record.partition_key:
                latest[record.partition_key] = Gebouwd(record.storage_id, record.timestamp)
        if not page.has_more:
            return latest
        cursor = page.cursor


def stale_months(delta: dict[str, Gebouwd]) -> list[str]:
    """Months whose delta was built before an earlier month's latest build: they compare with a list
    of the month before that has since changed. Oldest first."""
    stale, newest_earlier = [], -1
    for key in sorted(delta):
        if delta[key].storage_id < newest_earlier:
            stale.append(key)
        newest_earlier = max(newest_earlier, delta[key].storage_id)
    return stale


def active_run(instance: dg.DagsterInstance) -> dg.DagsterRun | None:
    """The oldest run that is queued or in progress: the warehouse takes one run at a time."""
    records = instance.get_run_records(dg.RunsFilter(statuses=ACTIEF), limit=1, ascending=True)
    return records[0].dagster_run if records else None


def _describe(run: dg.DagsterRun) -> str:
    month = run.tags.get("dagster/partition")
    return f"run {run.run_id} ({run.job_name}{', ' + month[:7] if month else ''}, {run.status.value.lower()})"


def _failed_run(instance: dg.DagsterInstance, run_key: str, sensor: str) -> dg.DagsterRun | None:
    records = instance.get_run_records(
        dg.RunsFilter(tags={"dagster/run_key": run_key, "dagster/sensor_name": sensor},
                      statuses=[dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]),
        limit=1,
    )
    return records[0].dagster_run if records else None


def next_delivery(instance: dg.DagsterInstance, landing: Path, known: set[str]) -> tuple[str, float] | None:
    """The oldest complete delivery not processed since its _COMPLETE was written (a redelivery
    writes a new one), or None."""
    builds = [built(instance, key) for key in MAAND_KLAAR]
    done = {p: min(b[p].timestamp for b in builds) for p in builds[0] if all(p in b for b in builds)}
    for key, mtime in complete_deliveries(landing):
        if key in known and done.get(key, -1.0) < mtime:
            return key, mtime
    return None


@dg.sensor(
    job=maand_job,
    minimum_interval_seconds=get_settings().sensor_seconds,
    description="Starts the oldest month whose landing folder has a _COMPLETE not yet processed (a redelivery "
    "writes a new one), and the next month only after that run succeeded. Waits while any run is queued or "
    "in progress, and while later months are being brought up to date (latere_maanden_bijwerken).",
)
def levering_compleet(context: dg.SensorEvaluationContext, jib: JibResource):
    instance = context.instance
    busy = active_run(instance)
    if busy is not None:
        return dg.SkipReason(f"waiting for {_describe(busy)}: one run at a time on the warehouse")
    stale = stale_months(built(instance, DELTA))
    if stale:
        return dg.SkipReason(f"later months are out of date from {stale[0][:7]}; latere_maanden_bijwerken reruns them first")
    found = next_delivery(instance, jib.paths.landing, set(monthly_partitions.get_partition_keys()))
    if found is None:
        return dg.SkipReason(f"every complete delivery under {jib.paths.landing} is processed")
    key, mtime = found
    run_key = f"{key}@{mtime:.0f}"
    failed = _failed_run(instance, run_key, "levering_compleet")
    if failed is not None:
        return dg.SkipReason(
            f"{key[:7]} failed in run {failed.run_id}; later months wait. Fix the cause and rerun "
            f"{key[:7]} (`jib run --from {key[:7]}`), or redeliver it (a new _COMPLETE)."
        )
    return dg.RunRequest(run_key=run_key, partition_key=key, tags={"jib/reden": "levering"})


@dg.sensor(
    job=maand_job,
    minimum_interval_seconds=get_settings().sensor_seconds,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="After a month was rebuilt (from the UI, a backfill or `jib run`), reruns every later month "
    "that was built before it, oldest first and one at a time, so the months chain again.",
)
def latere_maanden_bijwerken(context: dg.SensorEvaluationContext):
    instance = context.instance
    busy = active_run(instance)
    if busy is not None:
        return dg.SkipReason(f"waiting for {_describe(busy)}: one run at a time on the warehouse")
    delta = built(instance, DELTA)
    stale = stale_months(delta)
    if not stale:
        return dg.SkipReason("every later month was built after the months before it")
    month = stale[0]
    basis = max(g.storage_id for k, g in delta.items() if k < month)
    run_key = f"bijwerken-{month}@{basis}"
    failed = _failed_run(instance, run_key, "latere_maanden_bijwerken")
    if failed is not None:
        return dg.SkipReason(f"rerunning {month[:7]} failed in run {failed.run_id}; fix the cause and rerun it "
                             f"(`jib run --from {month[:7]}`)")
    return dg.RunRequest(run_key=run_key, partition_key=month,
                         tags={"jib/reden": f"bijwerken na herbouw van een eerdere maand ({', '.join(s[:7] for s in stale)})"})


@dg.sensor(job=publicatie_job, minimum_interval_seconds=get_settings().sensor_seconds,
           description="Publishes analytics.duckdb after new monitoring of any month (from job jib_maand, the "
           "Assets page or a backfill), once no run is queued or in progress and no later month is out of date.")
def publiceer_na_maand(context: dg.SensorEvaluationContext):
    instance = context.instance
    latest = instance.fetch_materializations(GEPUBLICEERD_UIT, limit=1).records
    if not latest:
        return dg.SkipReason("no month has been run yet")
    published = instance.fetch_materializations(PUBLICATIE, limit=1).records
    if published and published[0].storage_id > latest[0].storage_id:
        return dg.SkipReason("analytics.duckdb was published after the latest month")
    busy = active_run(instance)
    if busy is not None:
        return dg.SkipReason(f"waiting for {_describe(busy)}")
    stale = stale_months(built(instance, DELTA))
    if stale:
        return dg.SkipReason(f"not publishing while {', '.join(s[:7] for s in stale)} are out of date")
    return dg.RunRequest(run_key=f"publicatie-{latest[0].storage_id}")
