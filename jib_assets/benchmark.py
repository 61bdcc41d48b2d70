"""Benchmark: one region and month from raw files to exports, with the time of every step and peak memory.

    python -m jib_assets.benchmark --region NL --month 2025-01
    jib benchmark --region AM33 --month 2025-01 --months 3

Generates the deliveries into a scratch JIB_HOME (or reuses them), runs the months with `jib run` in a
child process, and prints wall time per step (from the Dagster instance) and peak memory.
Performance goals are checked here, by reading the figures, not in timed tests:

- per month: the run's wall time against the **scan floor**, DuckDB reading that month's delivery
  files once (every CSV, all columns, as text), measured in the same process after the run;
- per step: its time in every month (min / median / max): the fixed cost of a step is its minimum;
- **growth**: the last month's time over the second month's (month 12 / month 2 for a year), and over the
  first month with the rerun window full (month 4 with the default window of 3: before it the warehouse holds
  fewer raw snapshots, so the erasure's rewrite of the file is cheaper);
- the warehouse file's size after the run;
- with `--per-maand`, each month run and published on its own (`jib run --from M --to M`), as the monthly
  schedule does: the publication's time after each month beside the month's run (a quarter's months are
  chosen when they come, the quarter when it completes; without it one `jib run` publishes every month at the end,
  which is the first publication of them all, most of it solved ahead while the months ran: publish/vooruit.py);
- with `--zonder-publicatie` too, each month runs alone without its publication (`jib run --zonder-publicatie`), as
  the daemon runs the job `jib_maand`: the months' growth in a third of the time (a national quarter's end publishes
  for about ten minutes, more than the four months before it take to run).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from jib_assets.partitions import add_months

console = Console()


def run_measured(args: list[str], env: dict[str, str] | None = None) -> tuple[int, float, float]:
    """Run a child process to its end: its exit code, its peak resident memory in MB (its own, or that of a
    process it started and waited for) and its user + system CPU seconds, for that child alone (the totals
    of getrusage(RUSAGE_CHILDREN) would also hold synth's worker processes). On a shared machine a step's
    wall time says more about the other load than about the step; CPU time does not. A child starts from
    the pages of the process it was forked from (Linux counts them in its peak), so that process must stay
    small: the benchmark runs synth in a child too."""
    child = subprocess.Popen(args, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def load_note(before: tuple[float, ...], after: tuple[float, ...], cores: int | None) -> str:
    """The machine's load average (1 minute) before and after the run against its cores: figures measured
    at a load above the core count are that many times the idle ones, roughly."""
    return (f"load average {before[0]:.1f} before, {after[0]:.1f} after, on {cores or '?'} cores"
            + (" (the machine was shared: wall times are inflated)" if max(before[0], after[0]) > (cores or 1) else ""))


def scan_floor(folder: Path, threads: int = 2) -> float:
    """Seconds DuckDB takes to read every delivery CSV of a landing month once (all columns as text)."""
    files = sorted(folder.glob("*.csv"))
    con = duckdb.connect(config={"threads": threads})
    try:
        started = time.perf_counter()
        for path in files:
            con.execute(
                "SELECT count(*), max(COLUMNS(*)) FROM read_csv($path, delim = ';', header = true, all_varchar = true)",
                {"path": str(path)},
            ).fetchall()
        return time.perf_counter() - started
    finally:
        con.close()


def growth(seconds: list[float], vanaf: int = 2) -> float | None:
    """The last month's time over month `vanaf`'s (1-based; by default the second: the first month has no delta
    history), when the last month comes after it."""
    basis = vanaf - 1
    return seconds[-1] / seconds[basis] if len(seconds) > vanaf and seconds[basis] > 0 else None


def set_environment(root: Path, region: str, first: date) -> None:
    """The environment `jib synth` and `jib run` get: a scratch JIB_HOME and DAGSTER_HOME under root, and the
    deployment's area the region simulated (as `jib demo` sets it) unless JIB_GEBIED is set: with the
    default NL a region's run would publish, and keep the suppression state of, every municipality and
    region in the country (the warehouse of 24 Midden-Limburg months: 31.7 MB instead of 25.7)."""
    os.environ["JIB_HOME"] = str(root)
    os.environ.setdefault("JIB_PSEUDONYM_KEY", "benchmark-key-not-secret")
    os.environ["JIB_FIRST_MONTH"] = f"{first:%Y-%m}"
    os.environ.setdefault("JIB_GEBIED", region)
    os.environ["DAGSTER_HOME"] = str(root / "dagster")
    (root / "dagster").mkdir(parents=True, exist_ok=True)


def benchmark(
    region: str = typer.Option("AM33", help="Region to generate and run: GMxxxx, AMxx, MCxx or NL."),
    month: str = typer.Option("2025-01", help="First month, YYYY-MM."),
    months: int = typer.Option(1, help="How many consecutive months to run."),
    home: Path = typer.Option(None, help="JIB_HOME to use (default: a new scratch folder). Existing "
                              "complete deliveries in it are reused."),
    seed: int = typer.Option(1, help="Seed of the synthetic deliveries."),
    per_maand: bool = typer.Option(False, "--per-maand", help="Run and publish each month on its own, as the "
                                   "monthly schedule does: the publication's time per month."),
    zonder_publicatie: bool = typer.Option(False, "--zonder-publicatie", help="Run the months without publishing "
                                           "(with --per-maand each month alone): the months' own time and growth."),
) -> None:
    """Time `jib synth` and every step of `jib run` for a region; print the figures."""
    first = date.fromisoformat(f"{month}-01")
    last = add_months(first, months - 1)
    if last > date.today().replace(day=1):
        console.print(f"[red]--months {months} from {first:%Y-%m} ends at {last:%Y-%m}: the monthly partitions end at "
                      f"the current month, {date.today():%Y-%m}; start earlier with --month, or run fewer.[/red]")
        raise typer.Exit(2)
    root = (home or Path(tempfile.mkdtemp(prefix="jib-bench-"))).absolute()
    set_environment(root, region, first)

    from jib_assets.settings import get_settings

    settings = get_settings()
    figures = Table("fase", "seconden", "piek RSS (MB)", title=f"jib benchmark {region} {first:%Y-%m} +{months - 1}")
    if not all((settings.landing / f"{add_months(first, i):%Y-%m}" / "_COMPLETE").exists() for i in range(months)):
        started = time.perf_counter()
        code, piek, _ = run_measured([sys.executable, "-m", "jib_assets", "synth", "--region", region, "--from",
                                      f"{first:%Y-%m}", "--to", f"{last:%Y-%m}", "--seed", str(seed)], os.environ.copy())
        if code != 0:
            console.print(f"[red]synth failed (exit code {code}); see above.[/red]")
            raise typer.Exit(1)
        figures.add_row("synth", f"{time.perf_counter() - started:.1f}", f"{piek:.0f}")

    import dagster as dg

    # `jib run` in its own process (the command operators use; it imports nothing of this module).
    load_before = os.getloadavg()
    started = time.perf_counter()
    spans = [(add_months(first, i), add_months(first, i)) for i in range(months)] if per_maand else [(first, last)]
    code, piek, cpu = 0, 0.0, 0.0
    for van, tot in spans:
        code, piek_run, cpu_run = run_measured(
            [sys.executable, "-m", "jib_assets", "run", "--from", f"{van:%Y-%m}", "--to", f"{tot:%Y-%m}",
             *(["--zonder-publicatie"] if zonder_publicatie else [])], os.environ.copy()
        )
        piek, cpu = max(piek, piek_run), cpu + cpu_run
        if code != 0:
            break
    ok = code == 0
    figures.add_row("run (totaal)", f"{time.perf_counter() - started:.1f}", f"{piek:.0f}")
    figures.add_row("run (CPU-seconden)", f"{cpu:.1f}", "")
    load_after = os.getloadavg()
    instance = dg.DagsterInstance.get()
    gepubliceerd = per_maand and not zonder_publicatie
    per_month = Table("maand", "run (s)", "scanvloer (s)", "verhouding",
                      *(["publicatie (s)", "componenten"] if gepubliceerd else []), title="per month against the scan floor")
    published = [] if zonder_publicatie else publication_seconds(instance, months if per_maand else 1)
    per_step: dict[str, dict[str, float]] = {}  # step -> partition -> seconds
    month_seconds: list[float] = []
    partitions: list[str] = []
    console.print(f"Measuring the scan floor: DuckDB reads each month's delivery files once ({months} month(s)) ...")
    for i, record in enumerate(reversed(instance.get_run_records(dg.RunsFilter(job_name="jib_maand"), limit=months))):
        run = record.dagster_run
        partition = run.tags.get("dagster/partition", "")[:7]
        stats = [s for s in instance.get_run_step_stats(run.run_id) if s.start_time and s.end_time]
        for stat in sorted(stats, key=lambda s: s.start_time or 0):
            seconds = stat.end_time - stat.start_time
            per_step.setdefault(stat.step_key, {})[partition] = seconds
            figures.add_row(f"  {partition} {stat.step_key}", f"{seconds:.1f}", "")
        if record.start_time and record.end_time:
            wall = record.end_time - record.start_time
            month_seconds.append(wall)
            partitions.append(partition)  # beside month_seconds: the growth's second and last month
            floor = scan_floor(settings.landing / partition)
            publicatie = ([f"{published[i].seconds:.1f}", componenten_tekst(published[i])] if i < len(published)
                          else ["-", "-"]) if gepubliceerd else []
            per_month.add_row(partition, f"{wall:.1f}", f"{floor:.2f}", f"{wall / floor:.0f}x" if floor else "-",
                              *publicatie)
    for publicatie in published[-1:]:
        figures.add_row("publicatie" + (" (de laatste)" if per_maand else ""), f"{publicatie.seconds:.1f}", "")
        for step, step_seconds in publicatie.steps:
            figures.add_row(f"  {step}", f"{step_seconds:.1f}", "")
    console.print(figures)
    steps = Table("stap", "min (s)", "mediaan (s)", "max (s)", title="per step over the months")
    for step, per_partition in sorted(per_step.items(), key=lambda kv: -statistics.median(kv[1].values())):
        values = per_partition.values()
        steps.add_row(step, f"{min(values):.1f}", f"{statistics.median(values):.1f}", f"{max(values):.1f}")
    console.print(steps)
    console.print(per_month)
    ratio = growth(month_seconds)
    if ratio is not None:
        console.print(f"growth: last month / second month = {ratio:.2f}")
        gegroeid = groei_per_stap(per_step, partitions[1], partitions[-1])
        if gegroeid:
            tabel = Table("stap", f"{partitions[1]} (s)", f"{partitions[-1]} (s)", "erbij (s)",
                          title="the steps that grew most, second month to last")
            for stap, tweede, laatste in gegroeid:
                tabel.add_row(stap, f"{tweede:.1f}", f"{laatste:.1f}", f"{laatste - tweede:+.1f}")
            console.print(tabel)
    # Until the warehouse's window (JIB_BEWAAR_MAANDEN_RUW months of deliveries after their run) is full it holds
    # fewer raw snapshots, so the erasure's rewrite is cheaper: from month window + 1 on, every month holds as many.
    from jib_assets.privacy.bewaartermijn import ruwe_maanden

    vol = ruwe_maanden() + 1
    ratio = growth(month_seconds, vanaf=vol)
    if vol > 2 and ratio is not None:
        console.print(f"growth once the rerun window is full: last month / month {vol} = {ratio:.2f}")
    if settings.warehouse.exists():
        console.print(f"warehouse: {settings.warehouse.stat().st_size / 1e6:.1f} MB")
    console.print(load_note(load_before, load_after, os.cpu_count()))
    console.print(f"JIB_HOME: {root}; success: {ok}; peak RSS of `jib run`: {piek:.0f} MB")
    if not ok:
        raise typer.Exit(1)


def groei_per_stap(step_months: dict[str, dict[str, float]], tweede: str, laatste: str,
                   hoeveel: int = 5) -> list[tuple[str, float, float]]:
    """The `hoeveel` steps whose seconds grew most from partition `tweede` to `laatste` (step, seconds then, seconds
    now), the largest growth first; only steps that ran in both and took at least 0.05 s longer in the last (what the
    table's one decimal shows). What the growth figure is made of: over an idle national year, `bezwaar_wissing` was
    9.0 s of month 12's 15.2 s more than month 2's."""
    beide = [(stap, s[tweede], s[laatste]) for stap, s in step_months.items()
             if tweede in s and laatste in s and s[laatste] - s[tweede] >= 0.05]
    return sorted(beide, key=lambda r: r[1] - r[2])[:hoeveel]


class Publicatie(NamedTuple):
    """One publication of analytics.duckdb as the benchmark reports it."""

    seconds: float  # the run's wall time
    steps: list[tuple[str, float]]  # (step, seconds)
    # its components (alle, opgelost: solved now, hergebruikt: an earlier solve's) and cells (cellen, vast: as an
    # earlier publication showed them)
    componenten: dict[str, int]


def publication_seconds(instance, n: int) -> list[Publicatie]:
    """The last `n` publications of analytics.duckdb (runs of jib_publicatie with the step analytics_database;
    `jib run` also starts one for the reference table alone), oldest first, with how many of its components each
    solved and took from an earlier solve, and how many cells it kept as an earlier publication showed them (the
    metadata of analytics_database): in a home the benchmark ran before, a publication may solve nothing."""
    import dagster as dg

    found: list[Publicatie] = []
    for record in instance.get_run_records(dg.RunsFilter(job_name="jib_publicatie")):
        if len(found) == n:
            break
        run_id = record.dagster_run.run_id
        steps = [(s.step_key, s.end_time - s.start_time) for s in instance.get_run_step_stats(run_id)
                 if s.start_time and s.end_time]
        if record.start_time and record.end_time and any(step == "analytics_database" for step, _ in steps):
            metadata = {}
            for entry in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records:
                materialization = entry.event_log_entry.dagster_event.event_specific_data.materialization
                if materialization.asset_key == dg.AssetKey("analytics_database"):
                    metadata = materialization.metadata
            componenten = {naam: int(metadata[k].value) for naam, k in _COMPONENTEN.items() if k in metadata}
            found.append(Publicatie(record.end_time - record.start_time, steps, componenten))
    return found[::-1]


_COMPONENTEN = {"alle": "componenten", "opgelost": "componenten_opgelost", "hergebruikt": "componenten_hergebruikt",
                "cellen": "cellen", "vast": "vast_als_eerder"}


def componenten_tekst(publicatie: Publicatie) -> str:
    """`3 of 11 solved, 2 reused; 26,816 of 53,632 cells as before`, or `-` when the publication did not record it."""
    c = publicatie.componenten
    if set(c) != set(_COMPONENTEN):
        return "-"
    return (f"{c['opgelost']} of {c['alle']} solved, {c['hergebruikt']} reused; {c['vast']:,} of {c['cellen']:,} cells "
            "as before")


if __name__ == "__main__":
    typer.run(benchmark)
