"""The sensor starts a month when its delivery is complete, and again after a redelivery."""

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


def test_sensor_requests_a_run_per_complete_month_and_again_after_redelivery(tmp_path):
    landing = tmp_path / "landing"
    for month in ("2025-01", "2025-02"):
        (landing / month).mkdir(parents=True)
        (landing / month / "_COMPLETE").touch()
    os.utime(landing / "2025-02" / "_COMPLETE", (1_700_000_000, 1_700_000_000))
    context = dg.build_sensor_context(resources={"jib": JibResource(home=str(tmp_path))})
    first = levering_compleet(context)
    assert [r.partition_key for r in first] == ["2025-01-01", "2025-02-01"]
    os.utime(landing / "2025-02" / "_COMPLETE", (1_700_000_600, 1_700_000_600))
    second = levering_compleet(dg.build_sensor_context(resources={"jib": JibResource(home=str(tmp_path))}))
    keys_before = {r.run_key for r in first}
    changed = [r.partition_key for r in second if r.run_key not in keys_before]
    assert changed == ["2025-02-01"]


def test_sensor_skips_when_nothing_is_delivered(tmp_path):
    context = dg.build_sensor_context(resources={"jib": JibResource(home=str(tmp_path))})
    assert isinstance(levering_compleet(context), dg.SkipReason)
