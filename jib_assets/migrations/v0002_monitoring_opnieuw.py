"""Monitoring written by release 48e75e5 predates the deployment's area (JIB_GEBIED), the sub-regions and the
rates: its regions sum gemeenten outside the area, so the publication's relation check (a region is the sum
of its area's gemeenten) refuses it. Its tables are derived data, recomputable from gemeente_lijst,
casemanager_monitoring and the deliveries: dropped here, and the monitoring step rebuilds every processed
month that has no monitoring (chain.monitoring.months_without_monitoring) before its own month.
"""

from __future__ import annotations

import duckdb


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the release's monitoring tables (no person-level data in them; nothing is lost)."""
    for table in ("monitoring_kwartaal", "monitoring_maand", "monitoring_feiten"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
