"""When months run: a monthly schedule, and a sensor that starts a month when its delivery is complete."""


from datetime import date
from pathlib import Path

import dagster as dg

from jib_assets.partitions import monthly_partitions
from jib_assets.resources import JibResource

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


def complete_deliveries(landing: Path) -> list[tuple[str, float]]:
    """(partition key, mtime of _COMPLETE) of every landing month folder that is complete."""
    found = []
    for folder in sorted(landing.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]")):
        marker = folder / "_COMPLETE"
        if marker.is_file():
            found.append((f"{folder.name}-01", marker.stat().st_mtime))
    return found


@dg.sensor(
    job=maand_job,
    minimum_interval_seconds=300,
    description="Starts a month's run when its landing folder gets _COMPLETE; a redelivery "
    "(a new _COMPLETE) starts it again.",
)
def levering_compleet(context: dg.SensorEvaluationContext, jib: JibResource):
    known = set(monthly_partitions.get_partition_keys())
    requests = [
        dg.RunRequest(run_key=f"{key}@{mtime:.0f}", partition_key=key)
        for key, mtime in complete_deliveries(jib.paths.landing)
        if key in known
    ]
    if not requests:
        return dg.SkipReason(f"no complete delivery under {jib.paths.landing}")
    return requests


@dg.sensor(job=publicatie_job, minimum_interval_seconds=300,
           description="Publishes analytics.duckdb after every successful month run.")
def publiceer_na_maand(context: dg.SensorEvaluationContext):
    records = context.instance.get_run_records(
        dg.RunsFilter(job_name=maand_job.name, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1
    )
    if not records:
        return dg.SkipReason("no successful month run yet")
    latest = records[0].dagster_run.run_id
    if latest == context.cursor:
        return dg.SkipReason("published after the latest month run already")
    context.update_cursor(latest)
    return dg.RunRequest(run_key=f"publicatie-{latest}")


