"""`jib benchmark`'s figures: the growth ratio and the scan floor it compares each month with."""

from __future__ import annotations

import sys

import pytest

from jib_assets.benchmark import growth, load_note, scan_floor


def test_growth_is_the_last_month_over_the_second():
    # month 1 builds the first list whole and is not compared; 12 months: month 12 / month 2
    assert growth([50.0, 20.0, 22.0, 24.0]) == pytest.approx(1.2)
    assert growth([9.0] + [10.0] * 10 + [11.0]) == pytest.approx(1.1)


def test_growth_needs_three_months_and_a_second_month_that_took_time():
    assert growth([]) is None
    assert growth([5.0, 6.0]) is None
    assert growth([5.0, 0.0, 6.0]) is None


def test_scan_floor_reads_every_delivery_csv_of_the_month(tmp_path):
    (tmp_path / "a.csv").write_text("bsn;naam\n" + "".join(f"{i:09d};x{i}\n" for i in range(20000)), encoding="utf-8")
    (tmp_path / "b.csv").write_text("bsn;maand\n123456782;2025-01\n", encoding="utf-8")
    (tmp_path / "_COMPLETE").touch()
    seconds = scan_floor(tmp_path)
    assert 0 < seconds < 60


def test_load_note_says_when_the_machine_was_shared():
    idle = load_note((0.4, 0.3, 0.2), (1.2, 0.5, 0.3), 2)
    assert idle == "load average 0.4 before, 1.2 after, on 2 cores"
    shared = load_note((9.5, 8.0, 7.0), (11.0, 9.0, 8.0), 2)
    assert shared.startswith("load average 9.5 before, 11.0 after, on 2 cores") and "shared" in shared


def test_the_run_is_measured_alone_not_with_the_children_before_it():
    # A child holding 300 MB, then one holding 40 MB (286 and 38 MiB, as the benchmark prints them): the second's peak is its own. (The peak of all
    # finished children, what the benchmark printed before, gave the synth's 6,142 MB as `jib run`'s own.)
    from jib_assets.benchmark import run_measured

    groot = run_measured([sys.executable, "-c", "x = b'x' * 300_000_000"])
    klein = run_measured([sys.executable, "-c", "x = b'x' * 40_000_000; import sys; sys.exit(3)"])
    assert groot[0] == 0 and groot[1] > 286  # MiB: 300,000,000 bytes
    assert klein[0] == 3
    assert 40 < klein[1] < 150
    assert klein[2] > 0
