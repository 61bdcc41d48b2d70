"""issue 9: rerunning month M of the delta marks every later materialised month of it unsynced in the
Dagster UI, not only M+1. Checked on the real asset graph with Dagster's own stale-status resolver (what
the UI shows), on an ephemeral instance with recorded materialisations."""

from __future__ import annotations

import dagster as dg
from dagster._core.asset_graph_view.asset_graph_view import AssetGraphView, TemporalContext
from dagster._core.definitions.data_version import CachingStaleStatusResolver, StaleStatus
from dagster._time import get_current_datetime

from jib_assets.definitions import defs

MONTHS = ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01")
DELTA = dg.AssetKey("gemeente_lijst")


def _status(instance: dg.DagsterInstance, key: dg.AssetKey, partition: str) -> StaleStatus:
    graph = defs.resolve_asset_graph()
    view = AssetGraphView(
        temporal_context=TemporalContext(effective_dt=get_current_datetime(), last_event_id=None),
        instance=instance,
        asset_graph=graph,
    )
    return CachingStaleStatusResolver(instance=instance, asset_graph=graph, loading_context=view).get_status(
        key, partition
    )


def _materialise(instance: dg.DagsterInstance, key: dg.AssetKey, partition: str) -> None:
    instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key, partition=partition))


def test_rerunning_a_month_of_the_delta_marks_every_later_month_unsynced():
    graph = defs.resolve_asset_graph()
    parents = sorted(graph.get(DELTA).parent_keys - {DELTA}, key=lambda k: k.to_user_string())
    with dg.DagsterInstance.ephemeral() as instance:
        # Every month in order, each with the delta's other inputs materialised first.
        for month in MONTHS:
            for parent in parents:
                _materialise(instance, parent, month)
            _materialise(instance, DELTA, month)
        assert [_status(instance, DELTA, m) for m in MONTHS] == [StaleStatus.FRESH] * 4

        # February is rerun (e.g. after a redelivery): March AND April depend on it.
        _materialise(instance, DELTA, MONTHS[1])
        assert [_status(instance, DELTA, m) for m in MONTHS] == [
            StaleStatus.FRESH, StaleStatus.FRESH, StaleStatus.STALE, StaleStatus.STALE,
        ]

        # Rerunning March and April in order makes them synced again.
        _materialise(instance, DELTA, MONTHS[2])
        _materialise(instance, DELTA, MONTHS[3])
        assert [_status(instance, DELTA, m) for m in MONTHS] == [StaleStatus.FRESH] * 4

