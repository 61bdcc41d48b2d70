"""Benchmark: one region and month from raw files to exports, with the time of every step and peak memory.

    python -m jib_assets.benchmark --region NL --month 2025-01
    jib benchmark --region AM33 --month 2025-01 --months 3

Generates the deliveries into a scratch JIB_HOME (or reuses them), runs the months with `jib run` in a
child process, and prints wall time per step (from the Dagster instance) and peak memory.
Performance goals are checked here, by reading the figures, not in timed tests.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from jib_assets.partitions import add_months

console = Console()


def _peak_rss_mb(*, children: bool = False) -> float:
    """Peak resident memory of this process, or of its largest finished child (`jib run`)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def benchmark(
    region: str = typer.Option("AM33", help="Region to generate and run: GMxxxx, AMxx, MCxx or NL."),
    month: str = typer.Option("2025-01", help="First month, YYYY-MM."),
    months: int = typer.Option(1, help="How many consecutive months to run."),
    home: Path = typer.Option(None, help="JIB_HOME to use (default: a new scratch folder). Existing "
                              "complete deliveries in it are reused."),
    seed: int = typer.Option(1, help="Seed of the synthetic deliveries."),
) -> None:
    """Time `jib synth` and every step of `jib run` for a region; print the figures."""
    first = date.fromisoformat(f"{month}-01")
    last = add_months(first, months - 1)
    root = (home or Path(tempfile.mkdtemp(prefix="jib-bench-"))).absolute()
    os.environ["JIB_HOME"] = str(root)
    os.environ.setdefault("JIB_PSEUDONYM_KEY", "benchmark-key-not-secret")
    os.environ["JIB_FIRST_MONTH"] = f"{first:%Y-%m}"
    os.environ["DAGSTER_HOME"] = str(root / "dagster")
    (root / "dagster").mkdir(parents=True, exist_ok=True)

    from jib_assets.settings import get_settings

    settings = get_settings()
    figures = Table("fase", "seconden", "piek RSS (MB)", title=f"jib benchmark {region} {first:%Y-%m} +{months - 1}")
    if not all((settings.landing / f"{add_months(first, i):%Y-%m}" / "_COMPLETE").exists() for i in range(months)):
        from jib_assets.synth import generate

        started = time.perf_counter()
        summary = generate(region, first, last, seed=seed, dirty=False, landing=settings.landing,
                           key=os.environ["JIB_PSEUDONYM_KEY"].encode(), progress=True)
        figures.add_row("synth", f"{time.perf_counter() - started:.1f}", f"{_peak_rss_mb():.0f}")
        console.print(f"synth: {summary.persons:,} persons simulated")

    import dagster as dg

    # `jib run` in its own process (the command operators use; it imports nothing of this module).
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "jib_assets", "run", "--from", f"{first:%Y-%m}", "--to", f"{last:%Y-%m}"],
                         env=os.environ.copy(), check=False)
    ok = run.returncode == 0
    figures.add_row("run (totaal)", f"{time.perf_counter() - started:.1f}", f"{_peak_rss_mb(children=True):.0f}")
    instance = dg.DagsterInstance.get()
    for record in reversed(instance.get_run_records(dg.RunsFilter(job_name="jib_maand"), limit=months)):
        run = record.dagster_run
        for stat in sorted(instance.get_run_step_stats(run.run_id), key=lambda s: s.start_time or 0):
            if stat.start_time and stat.end_time:
                figures.add_row(f"  {run.tags.get('dagster/partition', '')[:7]} {stat.step_key}",
                                f"{stat.end_time - stat.start_time:.1f}", "")
    console.print(figures)
    console.print(f"JIB_HOME: {root}; success: {ok}; peak RSS of `jib run`: {_peak_rss_mb(children=True):.0f} MB")
    if not ok:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(benchmark)
