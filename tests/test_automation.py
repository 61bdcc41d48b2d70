"""The sensor starts the oldest complete delivery, and a month again after a redelivery."""

from __future__ import annotations

import os

import dagster as dg

from jib_assets.automation import complete_deliveries, levering_compleet
from jib_assets.resources import JibResource


def test_only_complete_month_folders_are_picked_up(tmp_path):
    landing = tmp_path / "landing"
    (landing / "2025-01").mkdir(parents=True)
    (landing / "2025-01" / "_COMPLETE").touch()
    (landing / "2025-02").mkdir()  # still being delivered
    (landing / "notes").mkdir()
    assert [key for key, _ in complete_deliveries(landing)] == ["2025-01-01"]


def _tick(instance, tmp_path):
    with dg.build_sensor_context(instance=instance, resources={"jib": JibResource(home=str(tmp_path))}) as context:
        return levering_compleet(context)


def test_sensor_requests_the_oldest_complete_month_and_again_after_redelivery(tmp_path):
    landing = tmp_path / "landing"
    for month in ("2025-01", "2025-02"):
        (landing / month).mkdir(parents=True)
        (landing / month / "_COMPLETE").touch()
        os.utime(landing / month / "_COMPLETE", (1_700_000_000, 1_700_000_000))
    with dg.DagsterInstance.ephemeral() as instance:
        first = _tick(instance, tmp_path)
        assert first.partition_key == "2025-01-01"  # one month at a time, oldest first
        for month in ("2025-01-01", "2025-02-01"):
            for asset in ("gemeente_lijst", "exports"):
                instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=asset, partition=month))
        assert isinstance(_tick(instance, tmp_path), dg.SkipReason)
        os.utime(landing / "2025-02" / "_COMPLETE", None)  # redelivered now
        second = _tick(instance, tmp_path)
        assert second.partition_key == "2025-02-01" and second.run_key != first.run_key


def test_sensor_skips_when_nothing_is_delivered(tmp_path):
    with dg.DagsterInstance.ephemeral() as instance:
        assert isinstance(_tick(instance, tmp_path), dg.SkipReason)
