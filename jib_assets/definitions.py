"""The one Definitions of jib: every asset with its checks, the jobs, schedule, sensors and resource."""

from __future__ import annotations

import dagster as dg

from jib_assets.assets.chain import chain_assets
from jib_assets.assets.ingest import ingest_assets
from jib_assets.assets.monitoring import monitoring_assets
from jib_assets.assets.privacy import privacy_assets
from jib_assets.automation import (
    latere_maanden_bijwerken,
    levering_compleet,
    maand_job,
    maandelijks,
    publicatie_job,
    publiceer_na_maand,
)
from jib_assets.dagster_opslag import keep_engines
from jib_assets.resources import JibResource

keep_engines()  # Dagster's SQLite event log keeps its engine per file (jib_assets/dagster_opslag.py)

defs = dg.Definitions(
    assets=[*ingest_assets, *chain_assets, *monitoring_assets, *privacy_assets],
    jobs=[maand_job, publicatie_job],
    schedules=[maandelijks],
    sensors=[levering_compleet, latere_maanden_bijwerken, publiceer_na_maand],
    resources={"jib": JibResource.from_settings()},
    # One DuckDB writer at a time: every step runs in the run's own process, one after another.
    executor=dg.in_process_executor,
)
