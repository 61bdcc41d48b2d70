"""`jib benchmark`'s figures: the growth ratio and the scan floor it compares each month with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from jib_assets.benchmark import groei_per_stap, growth, load_note, scan_floor, set_environment


def test_growth_is_the_last_month_over_the_second():
    # month 1 builds the first list whole and is not compared; 12 months: month 12 / month 2
    assert growth([50.0, 20.0, 22.0, 24.0]) == pytest.approx(1.2)
    assert growth([9.0] + [10.0] * 10 + [11.0]) == pytest.approx(1.1)


def test_growth_once_the_window_is_full_is_the_last_month_over_that_month():
    # 3-month rerun window: month 4 is the first to hold three months of raw snapshots and remove one
    assert growth([9.0, 8.0, 10.0, 12.0, 12.0, 13.2], vanaf=4) == pytest.approx(1.1)
    assert growth([9.0, 8.0, 10.0, 12.0, 12.6], vanaf=4) == pytest.approx(1.05)
    assert growth([9.0, 8.0, 10.0, 12.0], vanaf=4) is None  # the last month is month 4 itself
    assert growth([9.0, 8.0, 10.0, 0.0, 12.0, 13.2], vanaf=4) is None


def test_growth_needs_three_months_and_a_second_month_that_took_time():
    assert growth([]) is None
    assert growth([5.0, 6.0]) is None
    assert growth([5.0, 0.0, 6.0]) is None


def test_the_benchmark_runs_the_region_as_its_deployment_unless_told_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("JIB_GEBIED", raising=False)
    for name in ("JIB_HOME", "JIB_FIRST_MONTH", "DAGSTER_HOME", "JIB_PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)
    set_environment(tmp_path, "AM33", date(2025, 1, 1))
    assert os.environ["JIB_GEBIED"] == "AM33"  # not the default NL: the whole country's cells and state
    assert os.environ["JIB_HOME"] == str(tmp_path) and os.environ["JIB_FIRST_MONTH"] == "2025-01"
    assert (tmp_path / "dagster").is_dir() and os.environ["DAGSTER_HOME"] == str(tmp_path / "dagster")
    monkeypatch.setenv("JIB_GEBIED", "GM0988")
    set_environment(tmp_path, "AM33", date(2025, 1, 1))
    assert os.environ["JIB_GEBIED"] == "GM0988"


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
    # From a small process, as `jib benchmark` is (synth runs in a child of its own): a child holding 300 MB, then
    # one holding 40 MB (286 and 38 MiB, as the benchmark prints them): the second's peak is its own. The peak of
    # all finished children (getrusage(RUSAGE_CHILDREN)), what the benchmark printed before, is the first's.
    # (Not from the pytest worker itself: a child starts from the pages of the large process it was forked from.)
    code = (
        "import json, resource, sys\n"
        "from jib_assets.benchmark import run_measured\n"
        "groot = run_measured([sys.executable, '-c', 'x = b\"x\" * 300_000_000'])\n"
        "klein = run_measured([sys.executable, '-c', 'import sys; x = b\"x\" * 40_000_000; sys.exit(3)'])\n"
        "print(json.dumps([groot, klein, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    groot, klein, alle = json.loads(done.stdout)
    assert groot[0] == 0 and groot[1] > 286
    assert klein[0] == 3
    assert 38 < klein[1] < 150
    assert klein[2] > 0
    assert alle > 286


def test_publication_seconds_are_the_publications_of_analytics_oldest_first():
    import dagster as dg

    from jib_assets.benchmark import componenten_tekst, publication_seconds

    def stap(name: str):
        if name != "analytics_database":
            return dg.op(name=name)(lambda: None)

        @dg.op(name=name)
        def analytics(context):  # as the asset records how much of the protection it took from an earlier solve
            context.log_event(dg.AssetMaterialization("analytics_database", metadata={
                "componenten": 11, "componenten_hergebruikt": 2, "componenten_opgelost": 3, "cellen": 53632,
                "vast_als_eerder": 26816}))
        return analytics

    def job(*steps: str) -> dg.JobDefinition:
        ops = [stap(step) for step in steps]

        @dg.job(name="jib_publicatie")
        def publicatie():
            for op in ops:
                op()

        return publicatie

    instance = dg.DagsterInstance.ephemeral()
    # What `jib run --per-maand` leaves: per month a run for the reference table alone, then the publication.
    for steps in (("gemeenten",), ("gemeenten", "analytics_database", "maand_1"), ("gemeenten",),
                  ("gemeenten", "analytics_database", "maand_2")):
        assert job(*steps).execute_in_process(instance=instance).success
    found = publication_seconds(instance, 5)
    assert [sorted(step for step, _ in p.steps) for p in found] == [
        ["analytics_database", "gemeenten", "maand_1"], ["analytics_database", "gemeenten", "maand_2"]]
    assert all(p.seconds >= 0 for p in found)
    assert [step for step, _ in publication_seconds(instance, 1)[0].steps if step.startswith("maand")] == ["maand_2"]
    assert [componenten_tekst(p) for p in found] == ["3 of 11 solved, 2 reused; 26,816 of 53,632 cells as before"] * 2
    assert componenten_tekst(found[0]._replace(componenten={})) == "-"  # a publication that did not record it


def test_the_steps_that_grew_most_come_first_with_their_seconds_then_and_now():
    stappen = {
        "bezwaar_wissing": {"2025-02": 6.8, "2025-12": 15.8},  # +9.0
        "uwv_polis": {"2025-02": 17.2, "2025-12": 20.5},  # +3.3
        "persoon_toestand": {"2025-02": 6.1, "2025-12": 5.7},  # faster: not growth
        "exports": {"2025-12": 3.4},  # did not run in the second month
        "brp_adressen": {"2025-02": 3.9, "2025-12": 4.8},  # +0.9
        "bewaartermijn": {"2025-02": 0.10, "2025-12": 0.12},  # +0.02: shown as +0.0, not growth
    }
    assert groei_per_stap(stappen, "2025-02", "2025-12") == [
        ("bezwaar_wissing", 6.8, 15.8), ("uwv_polis", 17.2, 20.5), ("brp_adressen", 3.9, 4.8)]
    assert groei_per_stap(stappen, "2025-02", "2025-12", hoeveel=1) == [("bezwaar_wissing", 6.8, 15.8)]


def test_the_months_alone_three_runs_without_a_publication_and_their_growth(tmp_path):
    """`jib benchmark --per-maand --zonder-publicatie`: each month runs alone (`jib run --zonder-publicatie`), nothing
    is published, and the figures are the months' own: their table has no publication column, and the growth line is
    printed (month 3 over month 2)."""
    import dagster as dg

    from tests.builders import jib_env

    env = {**jib_env(tmp_path), "JIB_GEBIED": "GM0088", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "jib_assets", "benchmark", "--region", "GM0088", "--months", "3",
                           "--per-maand", "--zonder-publicatie", "--home", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert out.count("analytics.duckdb not published (--zonder-publicatie)") == 3
    assert "growth: last month / second month = " in out
    kop = next(line for line in out.splitlines() if "scanvloer (s)" in line)
    assert "verhouding" in kop and "publicatie" not in kop
    assert "publicatie (de laatste)" not in out
    assert not (tmp_path / "publish" / "analytics.duckdb").exists()
    with dg.DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
        maanden = [r.dagster_run.tags["dagster/partition"][:7]
                   for r in instance.get_run_records(dg.RunsFilter(job_name="jib_maand"))]
        assert sorted(maanden) == ["2025-01", "2025-02", "2025-03"]
        assert all(s.step_key == "gemeenten" for r in instance.get_run_records(dg.RunsFilter(job_name="jib_publicatie"))
                   for s in instance.get_run_step_stats(r.dagster_run.run_id))


def test_months_beyond_the_current_one_are_refused_before_anything_is_generated(tmp_path):
    """`--months 36` from 2025-01 generated 36 months of deliveries, ran 24 and stopped: the partitions end at the
    current month. Now it says so at once and writes nothing."""
    from typer.testing import CliRunner

    from jib_assets.cli import app
    from jib_assets.partitions import add_months

    today = date.today().replace(day=1)
    home = tmp_path / "home"
    result = CliRunner().invoke(app, ["benchmark", "--region", "GM0088", "--month", f"{add_months(today, -1):%Y-%m}",
                                      "--months", "3", "--home", str(home)], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert f"ends at {add_months(today, 1):%Y-%m}: the monthly partitions end at the current month, {today:%Y-%m}" \
        in " ".join(result.output.split())
    assert not home.exists()
