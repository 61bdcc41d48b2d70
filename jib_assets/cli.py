"""`jib`: generate synthetic deliveries, run months of the chain in this process, or do both (demo)."""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jib_assets import cli_explain
from jib_assets.cli_sleutel import app as sleutel_app
from jib_assets.partitions import add_months
from jib_assets.settings import MissingKeyError, ensure_demo_key, get_settings, pseudonym_key

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console(stderr=False)
app.add_typer(sleutel_app, name="sleutel", help="The pseudonym key of the warehouse: status, rotation.")
app.command("uitleg")(cli_explain.uitleg)
app.command("wat-als")(cli_explain.wat_als)

DEMO_REGION, DEMO_FROM, DEMO_TO, DEMO_SEED = "AM33", "2025-01", "2025-12", 20250101


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a month; use YYYY-MM, e.g. 2025-03") from None


def _months(first: date, last: date) -> list[date]:
    if last < first:
        raise typer.BadParameter(f"--to {last:%Y-%m} lies before --from {first:%Y-%m}")
    out = [first]
    while out[-1] < last:
        out.append(add_months(out[-1], 1))
    return out


def _key_or_exit() -> bytes:
    try:
        return pseudonym_key()
    except MissingKeyError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _dagster_home() -> Path:
    """Run history goes to DAGSTER_HOME; default $JIB_HOME/dagster so `dagster dev` shows `jib run`'s runs."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(get_settings().home / "dagster"))).absolute()
    os.environ["DAGSTER_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():  # run history in sqlite under DAGSTER_HOME; nothing sent anywhere
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return home


@app.command()
def synth(
    region: Annotated[str, typer.Option(help="A gemeentecode (GM0988), arbeidsmarktregio (AM33), RMC-regio (MC38) or NL.")],
    from_: Annotated[str, typer.Option("--from", help="First delivery month, YYYY-MM.")],
    to: Annotated[str, typer.Option("--to", help="Last delivery month, YYYY-MM.")],
    seed: Annotated[int, typer.Option(help="Same seed, same files, byte for byte.")] = DEMO_SEED,
    dirty: Annotated[bool, typer.Option("--dirty", help="Add realistic defects at known rates and a manifest of them.")] = False,
) -> None:
    """Write synthetic deliveries (sources.md format) into $JIB_HOME/landing."""
    from jib_assets.synth import generate

    first, last = _month(from_), _month(to)
    _months(first, last)
    key = _key_or_exit()
    settings = get_settings()
    started = time.perf_counter()
    try:
        summary = generate(region, first, last, seed=seed, dirty=dirty, landing=settings.landing, key=key)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(summary.table() if hasattr(summary, "table") else summary)
    console.print(f"Wrote {settings.landing} in {time.perf_counter() - started:.1f} s.")


def run_months(first: date, last: date) -> bool:
    """Materialise every asset for each month in order, then publish. True when every run succeeded."""
    _dagster_home()
    import dagster as dg

    from jib_assets.definitions import defs
    from jib_assets.partitions import monthly_partitions

    months = _months(first, last)
    known = set(monthly_partitions.get_partition_keys())
    missing = [m for m in months if m.isoformat() not in known]
    if missing:
        console.print(
            f"[red]{missing[0]:%Y-%m} is not a partition (they start at {get_settings().first_month:%Y-%m}); "
            "set JIB_FIRST_MONTH=YYYY-MM to an earlier month.[/red]"
        )
        return False
    instance = dg.DagsterInstance.get()
    # Dagster's own console log would print stack traces; a failure is explained below instead,
    # and the whole event log is in the UI.
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    month_job = defs.resolve_job_def("jib_maand")
    publish_job = defs.resolve_job_def("jib_publicatie")
    table = Table("maand", "op lijst", "instroom", "uitstroom", "werklijst", "quarantaine", "tijd (s)", title="jib run")
    ok = publish_job.execute_in_process(instance=instance, run_config=quiet, raise_on_error=False,
                                        asset_selection=[dg.AssetKey("gemeenten")]).success
    for month in months:
        started = time.perf_counter()
        with console.status(f"{month:%Y-%m}: ingest, selection, enrichment, filtering, delta, monitoring, exports"):
            result = month_job.execute_in_process(
                partition_key=month.isoformat(), instance=instance, run_config=quiet, raise_on_error=False
            )
        if not result.success:
            console.print(table)
            _explain_failure(result, month)
            return False
        table.add_row(f"{month:%Y-%m}", *_month_figures(month), f"{time.perf_counter() - started:.1f}")
    console.print(table)
    with console.status("publishing analytics.duckdb"):
        ok = publish_job.execute_in_process(instance=instance, run_config=quiet, raise_on_error=False).success and ok
    if not ok:
        console.print("[red]Publishing analytics.duckdb failed; see the run in the Dagster UI.[/red]")
    return ok


def _month_figures(month: date) -> list[str]:
    from jib_assets import db

    settings = get_settings()
    with db.connect(settings.warehouse, read_only=True) as con:
        row = con.execute(
            """
            SELECT count(*) FILTER (WHERE status <> 'uitstroom'), count(*) FILTER (WHERE status = 'instroom'),
                   count(*) FILTER (WHERE status = 'uitstroom'),
                   (SELECT count(*) FROM werklijst_casemanager WHERE peildatum = $p),
                   (SELECT count(*) FROM quarantaine WHERE peildatum = $p)
            FROM gemeente_lijst WHERE peildatum = $p
            """,
            {"p": month},
        ).fetchall()[0]
    return [str(v) for v in row]


def _explain_failure(result, month: date) -> None:
    import dagster as dg

    console.print(f"[red]Month {month:%Y-%m} failed.[/red]")
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                key = evaluation.asset_check_key
                console.print(f"  check [bold]{key.name}[/bold] on {key.asset_key.to_user_string()} failed")
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.event_specific_data.error
            while error is not None and error.cause is not None:  # the user's error, not Dagster's wrapper
                error = error.cause
            message = error.message.strip() if error else "unknown error"
            console.print(f"  step [bold]{event.step_key}[/bold]: {message}")
    console.print("Fix the cause, then rerun this month: "
                  f"`jib run --from {month:%Y-%m} --to {month:%Y-%m}` (or from the Dagster UI).")


@app.command()
def run(
    from_: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    to: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
) -> None:
    """Materialise every asset for the months, in order, in this process, then publish."""
    _key_or_exit()
    first, last = _month(from_), _month(to)
    if not run_months(first, last):
        raise typer.Exit(1)
    _where_results_are()


@app.command()
def demo(
    region: Annotated[str, typer.Option(help="Region to simulate.")] = DEMO_REGION,
    from_: Annotated[str, typer.Option("--from")] = DEMO_FROM,
    to: Annotated[str, typer.Option("--to")] = DEMO_TO,
) -> None:
    """Set up a local demo: a key, synthetic deliveries for Midden-Limburg, and a run of every month."""
    if not os.environ.get("JIB_GEBIED"):  # the demo works for the region it simulates
        os.environ["JIB_GEBIED"] = region
    settings = get_settings()
    if not os.environ.get("JIB_PSEUDONYM_KEY"):
        key, created = ensure_demo_key(settings)
        os.environ["JIB_PSEUDONYM_KEY"] = key
        verb = "Created" if created else "Using"
        console.print(f"{verb} a random demo pseudonym key in {settings.demo_key_file} (readable by you only). "
                      "A deployment sets JIB_PSEUDONYM_KEY instead.")
    first, last = _month(from_), _month(to)
    complete = all((settings.landing / f"{m:%Y-%m}" / "_COMPLETE").exists() for m in _months(first, last))
    if complete:
        console.print(f"Deliveries {from_}..{to} are already in {settings.landing}; not generating them again.")
    else:
        synth(region=region, from_=from_, to=to, seed=DEMO_SEED, dirty=False)
    if not run_months(first, last):
        raise typer.Exit(1)
    _where_results_are()


def _where_results_are() -> None:
    s = get_settings()
    key_hint = f"$(cat {s.demo_key_file})" if s.demo_key_file.exists() else "<your key>"
    console.print(
        "\nResults:\n"
        f"  restricted store   {s.warehouse}   (data team only)\n"
        f"  analysts' database {s.publish}\n"
        f"  municipality files {s.exports}/YYYY-MM/GMxxxx/\n"
        f"Open the analysts' database:  duckdb -readonly {s.publish}\n"
        f"See the runs and checks:      DAGSTER_HOME={os.environ.get('DAGSTER_HOME')} "
        f"JIB_PSEUDONYM_KEY={key_hint} .venv/bin/dagster dev"
    )


@app.command()
def report(
    kwartaal: Annotated[str, typer.Option(help="Quarter, YYYY-Qn, e.g. 2025-Q4.")],
    region: Annotated[str, typer.Option(help="AMxx, MCxx or GMxxxx.")],
) -> None:
    """Write the quarterly monitoring report (HTML) from the analysts' database into $JIB_HOME/reports."""
    from jib_assets.report import write_report

    s = get_settings()
    if not s.publish.exists():
        console.print(f"[red]No analysts' database at {s.publish}; run `jib run` first.[/red]")
        raise typer.Exit(2)
    try:
        console.print(f"Wrote {write_report(s.publish, kwartaal, region, s.reports)}")
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command("benchmark")
def benchmark_command(
    region: Annotated[str, typer.Option(help="Region: GMxxxx, AMxx, MCxx or NL.")] = "AM33",
    month: Annotated[str, typer.Option(help="First month, YYYY-MM.")] = "2025-01",
    months: Annotated[int, typer.Option(help="Consecutive months to run.")] = 1,
    home: Annotated[Path | None, typer.Option(help="JIB_HOME to use (default: a scratch folder).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic deliveries.")] = 1,
) -> None:
    """Time synth and every step of a run for a region; print seconds and peak memory."""
    from jib_assets.benchmark import benchmark

    benchmark(region=region, month=month, months=months, home=home, seed=seed)


def main() -> None:  # pragma: no cover - console entry point convenience
    sys.exit(app())
