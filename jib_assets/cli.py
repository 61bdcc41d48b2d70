"""`jib`: generate synthetic deliveries, run months of the chain in this process, or do both (demo)."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jib_assets import cli_explain
from jib_assets.cli_bewaartermijn import app as bewaartermijn_app
from jib_assets.cli_sleutel import app as sleutel_app
from jib_assets.partitions import add_months
from jib_assets.settings import MissingKeyError, ensure_demo_key, get_settings, pseudonym_key, remember_gebied

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console(stderr=False)
app.add_typer(sleutel_app, name="sleutel", help="The pseudonym key of the warehouse: status, rotation.")
app.add_typer(bewaartermijn_app, name="bewaartermijn", help="Retention: raw snapshots, landing folders and export copies kept.")
app.command("uitleg")(cli_explain.uitleg)
app.command("wat-als")(cli_explain.wat_als)

DEMO_REGION, DEMO_FROM, DEMO_TO, DEMO_SEED = "AM33", "2025-01", "2025-12", 20250101


@app.callback()
def _owner_only() -> None:
    # Everything jib creates (landing, the restricted store, Dagster storage, exports) is owner-only.
    os.umask(0o077)


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
    """The pseudonym key, refused before any work when missing, blank or too short."""
    from jib_assets.privacy.sleutel import SleutelError, check_key

    try:
        key = pseudonym_key()
        check_key(key)
    except (MissingKeyError, SleutelError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    return key


DAGSTER_YAML_MARK = "# Written by jib"
# One run at a time on the warehouse, whatever starts it (UI backfills, sensors, the schedule, the CLI):
# Dagster's run queue launches a queued run only when none is in progress, oldest first.
DAGSTER_YAML = f"""{DAGSTER_YAML_MARK} (jib_assets/cli.py); jib rewrites it while this line is first.
# Run history in sqlite under DAGSTER_HOME; nothing is sent anywhere.
telemetry:
  enabled: false
# One run at a time: the DuckDB warehouse has one writer. A hand-made dagster.yaml needs this too.
concurrency:
  runs:
    max_concurrent_runs: 1
run_queue:
  dequeue_interval_seconds: 2
"""


def _dagster_home() -> Path:
    """Run history goes to DAGSTER_HOME; default $JIB_HOME/dagster so `dagster dev` shows `jib run`'s runs.
    Creates it owner-only with the dagster.yaml that queues runs one at a time (DAGSTER_YAML)."""
    from jib_assets.operations import ensure_private_dir

    home = Path(os.environ.setdefault("DAGSTER_HOME", str(get_settings().home / "dagster"))).absolute()
    os.environ["DAGSTER_HOME"] = str(home)
    ensure_private_dir(home)
    write_dagster_yaml(home)
    return home


def _create_run_storage(home: Path) -> None:
    """Create DAGSTER_HOME's sqlite run history now, once. Left to the first Dagster processes, the daemon,
    the webserver and a `dagster job backfill` started together each create it and stamp its schema version
    at the same moment: "Version table 'alembic_version' has more than one head present", and every later
    command on that DAGSTER_HOME fails."""
    if (home / "schedules" / "schedules.db").exists():
        return
    import dagster as dg

    dg.DagsterInstance.from_config(str(home)).dispose()


def write_dagster_yaml(home: Path) -> Path:
    """Write DAGSTER_HOME/dagster.yaml (0600) unless a hand-made one is there; warn if that one lets
    more than one run at a time touch the warehouse."""
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text(encoding="utf-8").startswith(DAGSTER_YAML_MARK):
        if not config.exists() or config.read_text(encoding="utf-8") != DAGSTER_YAML:
            config.write_text(DAGSTER_YAML, encoding="utf-8")
        os.chmod(config, 0o600)
        _create_run_storage(home)
        return config
    import yaml

    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    limit = (((settings.get("concurrency") or {}).get("runs") or {}).get("max_concurrent_runs")
             or (settings.get("run_queue") or {}).get("max_concurrent_runs")
             or ((settings.get("run_coordinator") or {}).get("config") or {}).get("max_concurrent_runs"))
    if limit != 1:
        console.print(f"[yellow]{config} does not limit Dagster to one run at a time: add "
                      "`concurrency: {{runs: {{max_concurrent_runs: 1}}}}` (see README, Running months), or "
                      "backfills from the UI will wait on each other's warehouse lock.[/yellow]")
    return config


@app.command()
def synth(
    region: Annotated[str, typer.Option(help="A gemeentecode (GM0988), arbeidsmarktregio (AM33), RMC-regio (MC38) or NL.")],
    from_: Annotated[str, typer.Option("--from", help="First delivery month, YYYY-MM.")],
    to: Annotated[str, typer.Option("--to", help="Last delivery month, YYYY-MM.")],
    seed: Annotated[int, typer.Option(help="Same seed and months, same files, byte for byte (another --to simulates other histories).")] = DEMO_SEED,
    dirty: Annotated[bool, typer.Option("--dirty", help="Add realistic defects at known rates and a manifest of them.")] = False,
) -> None:
    """Write synthetic deliveries (sources.md format) into $JIB_HOME/landing."""
    from jib_assets.synth import generate

    first, last = _month(from_), _month(to)
    _months(first, last)
    key = _key_or_exit()
    settings = get_settings()
    from jib_assets.operations import ensure_private_dir

    ensure_private_dir(settings.landing)
    started = time.perf_counter()
    try:
        summary = generate(region, first, last, seed=seed, dirty=dirty, landing=settings.landing, key=key)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(summary.table() if hasattr(summary, "table") else summary)
    console.print(f"Wrote {settings.landing} in {time.perf_counter() - started:.1f} s.")


def run_months(first: date, last: date | None = None, accept_shrunk: list[str] | None = None, *,
               publish: bool = True) -> bool:
    """Materialise every asset for each month in order, then publish (unless not `publish`). True when every run
    succeeded. Without `last`: from `first` through the latest month processed (at least `first`), so a rerun
    keeps every later month true. Holds the warehouse lock throughout (refuses if another run has it).
    `accept_shrunk`: delivery files whose shrunken delivery the operator accepts, for `first` only."""
    from jib_assets.operations import WarehouseBusyError, disk_full_message, is_disk_full, run_lock

    home = _dagster_home()
    settings = get_settings()
    what = f"jib run from {first:%Y-%m}" + (f" to {last:%Y-%m}" if last else "")
    try:
        with run_lock(settings, what):
            return _run_months(first, last, accept_shrunk or [], publish)
    except WarehouseBusyError as exc:
        console.print(f"[red]{exc}[/red]")
        return False
    except Exception as exc:  # a full disk: one sentence, not Dagster's storage traceback
        if is_disk_full(exc):
            console.print(f"[red]{disk_full_message(settings.home, home)}[/red]")
            return False
        raise


def latest_processed_month() -> date | None:
    """The latest month gemeente_lijst was built for, from the warehouse (the caller holds the lock)."""
    from jib_assets import db

    settings = get_settings()
    if not settings.warehouse.exists():
        return None
    with db.connect(settings.warehouse, read_only=True) as con:
        if not db.table_exists(con, "gemeente_lijst_maanden"):
            return None
        return db.scalar(con, "SELECT max(peildatum) FROM gemeente_lijst_maanden")


def _run_months(first: date, last: date | None, accept_shrunk: list[str], publish: bool) -> bool:
    import dagster as dg

    from jib_assets.definitions import defs
    from jib_assets.ingest import krimp
    from jib_assets.partitions import monthly_partitions
    from jib_assets.publish.vooruit import Vooruit

    if last is None:
        latest = latest_processed_month()
        last = latest if latest is not None and latest > first else first
        if last > first:
            console.print(f"Rerunning {first:%Y-%m} through {last:%Y-%m}, the latest month processed, so every "
                          "later month follows from the rerun one.")
    months = _months(first, last)
    known = set(monthly_partitions.get_partition_keys())
    missing = [m for m in months if m.isoformat() not in known]
    if missing:
        first_month = get_settings().first_month
        console.print(
            f"[red]{missing[0]:%Y-%m} is not a partition (they start at {first_month:%Y-%m}); "
            "set JIB_FIRST_MONTH=YYYY-MM to an earlier month.[/red]" if missing[0] < first_month else
            f"[red]{missing[0]:%Y-%m} is not a partition: they end at the current month, "
            f"{date.today():%Y-%m}, whose deliveries arrive during it.[/red]"
        )
        return False
    instance = dg.DagsterInstance.get()
    # Dagster's own console log would print stack traces; a failure is explained below instead,
    # and the whole event log is in the UI.
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    try:
        accepted = krimp.tags(accept_shrunk)
    except ValueError as exc:
        console.print(f"[red]--accepteer-krimp: {exc}[/red]")
        return False
    month_job = defs.resolve_job_def("jib_maand")
    publish_job = defs.resolve_job_def("jib_publicatie")
    table = Table("maand", "op lijst", "instroom", "uitstroom", "werklijst", "quarantaine", "tijd (s)", title="jib run")
    ok = publish_job.execute_in_process(instance=instance, run_config=quiet, raise_on_error=False,
                                        asset_selection=[dg.AssetKey("gemeenten")]).success
    warnings: list[tuple[str, str]] = []
    herschreven: list[str] = []
    settings = get_settings()
    # The publication's choice made ahead for the months so far, while the next month runs (publish/vooruit.py).
    with Vooruit(settings.warehouse, aan=publish and settings.duckdb_threads > 1 and len(months) > 1) as vooruit:
        for month in months:
            started = time.perf_counter()
            with _status(instance, f"{month:%Y-%m}") as run_id:
                result = month_job.execute_in_process(
                    partition_key=month.isoformat(), instance=instance, run_config=quiet, raise_on_error=False,
                    tags=accepted if month == first else None, run_id=run_id,
                )
            warnings += [(f"{month:%Y-%m}", w) for w in check_warnings(result)]
            if not result.success:
                console.print(table)
                _print_warnings(warnings)
                _explain_failure(result, month)
                return False
            table.add_row(f"{month:%Y-%m}", *_month_figures(month), str(quarantaine(result)),
                          f"{time.perf_counter() - started:.1f}")
            if anders := gewijzigde_exports(result):
                herschreven.append(f"{month:%Y-%m}: {anders}")
            vooruit.na_maand(month, meer=month != months[-1])
        console.print(table)
        if herschreven:
            from jib_assets.publish.exports import GEWIJZIGD_HINT

            console.print(f"[yellow]Export files written before have changed; {GEWIJZIGD_HINT}.[/yellow]")
            for regel in herschreven:
                console.print(f"  [yellow]{regel}[/yellow]")
        if not publish:
            _print_warnings(warnings)
            console.print(f"{settings.publish.name} not published (--zonder-publicatie): it shows what was published "
                          "before until the job `jib_publicatie` runs (the Dagster UI, the sensor `publiceer_na_maand`) "
                          "or a `jib run` without the option.")
            return ok
        with console.status("publishing: waiting for the protection solved while the months ran"):
            vooruit.voor_publicatie()
        with _status(instance, "publishing") as run_id:
            published = publish_job.execute_in_process(instance=instance, run_config=quiet, raise_on_error=False,
                                                        run_id=run_id)
    warnings += [("", w) for w in check_warnings(published)]
    _print_warnings(warnings)
    if not published.success:
        _explain_failure(published, None)
    else:
        _print_protection(settings.publish)
        if vooruit.opgelost:
            _print_solved_ahead(vooruit.opgelost[-1], published)
    ok = published.success and ok
    if not ok:
        console.print("[red]Publishing analytics.duckdb failed; see the run in the Dagster UI.[/red]")
    return ok


@contextmanager
def _status(instance, label: str) -> Iterator[str | None]:
    """The run id for the run executed inside; on a terminal, meanwhile, a status line names the step that runs or
    says what it last logged (voortgang.py). The line is written to a copy of stdout's descriptor taken before the
    run: Dagster captures the run's stdout into its compute log, which would hold the line still until the run ends.
    Elsewhere (a pipe, a log file) nothing is shown and Dagster makes the run id."""
    from jib_assets.voortgang import gevolgd

    if not console.is_terminal:
        yield None
        return

    def regel(tekst: str) -> Text:  # cut at the terminal's width: a wrapped status line flickers
        return Text(tekst, no_wrap=True, overflow="ellipsis")

    with open(os.dup(sys.stdout.fileno()), "w", encoding="utf-8") as terminal:
        with Console(file=terminal).status(regel(label)) as status, \
                gevolgd(instance, label, lambda tekst: status.update(regel(tekst))) as run_id:
            yield run_id


def _print_solved_ahead(through: date, published) -> None:
    """What solving the protection ahead spared the publication (publish/vooruit.py), from its metadata."""
    counts = next((metadata for metadata in _stap_metadata(published) if "componenten_hergebruikt" in metadata), {})
    reused, solved = (int(counts[k].value) if k in counts else 0 for k in ("componenten_hergebruikt", "componenten_opgelost"))
    console.print(f"The protection of the months through {through:%Y-%m} was solved while the months ran: the "
                  f"publication reused {reused:,} of its components and solved {solved:,}.")


def _print_protection(analytics: Path) -> None:
    """What the small-number protection of the publication cost the reader (its table `publicatie`), one line."""
    import duckdb

    with duckdb.connect(str(analytics), read_only=True) as con:
        p = con.sql("SELECT * FROM publicatie").pl().row(0, named=True)
    interval = "none bounded" if p["kleinste_interval"] is None else f"{p['kleinste_interval']:.1f}"
    console.print(
        f"Small-number protection: {p['cellen']:,} cells; {p['onderdrukt_primair']:,} counts of 1-4 hidden, "
        f"{p['onderdrukt_secundair']:,} more hidden to protect them ({p['onderdrukt_als_bereik']:,} of those shown "
        f"as a range). Of the counts of 10 or more {100 * p['aandeel_10_plus_onderdrukt']:.1f}% hidden, "
        f"{100 * p['aandeel_10_plus_als_bereik']:.1f}% shown as a range. The attack's narrowest interval around a "
        f"hidden small count: {interval} (at least 5)."
    )


def check_warnings(result) -> list[str]:
    """Every check of a run that did not pass without stopping it (non-blocking checks, the GX
    `_waarschuwing` suites): `check <name> on <asset>: <description>`."""
    import dagster as dg

    found = []
    for event in result.all_events:
        if event.event_type != dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            continue
        evaluation = event.event_specific_data
        if evaluation.passed:
            continue
        if evaluation.blocking and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            continue  # a blocking failure: reported by _explain_failure
        key = evaluation.asset_check_key
        text = f"check {key.name} on {key.asset_key.to_user_string()} did not pass"
        if evaluation.description:
            text += f": {evaluation.description}"
        found.append(text)
    return found


def _print_warnings(warnings: list[tuple[str, str]]) -> None:
    """(month, warning) of the runs: a check that did not pass in several months is one line with its months
    and what it said in the last of them, so twelve months of one warning do not fill the screen."""
    if not warnings:
        return
    grouped: dict[str, list[tuple[str, str]]] = {}
    for month, text in warnings:
        check, _, said = text.partition(": ")
        grouped.setdefault(check, []).append((month, said))
    console.print(f"[yellow]{len(grouped)} warning check(s) did not pass (the runs went on; see them in the "
                  "Dagster UI):[/yellow]")
    for check, seen in grouped.items():
        months = ", ".join(month for month, _ in seen if month)
        said = seen[-1][1]
        console.print(f"  [yellow]{check}{f' in {months}' if months else ''}{f': {said}' if said else ''}[/yellow]")


# The metadata in which the run's steps count the rows they set aside in table quarantaine: each ingest's
# `rijen_quarantaine`, the selection's `quarantaine` (persons with a BRP data problem).
QUARANTAINE_METADATA = ("rijen_quarantaine", "quarantaine")


def quarantaine(result) -> int:
    """The rows the run set aside, from its steps' metadata, not from table quarantaine, whose rows of a month the
    month's own retention step removes when a later month exists (a rerun of June showed 0 instead of 6)."""
    return sum(int(metadata[key].value) for metadata in _stap_metadata(result)
               for key in QUARANTAINE_METADATA if key in metadata)


def gewijzigde_exports(result) -> str:
    """The export files of the run's month that were there before and changed, per gemeente (the exports step's
    `bestanden_gewijzigd`), or ''."""
    return next((str(metadata["bestanden_gewijzigd"].value) for metadata in _stap_metadata(result)
                 if "bestanden_gewijzigd" in metadata), "")


def _stap_metadata(result) -> Iterator:
    """The metadata of each asset a run's steps materialised."""
    return (event.event_specific_data.materialization.metadata for event in result.all_events
            if event.is_step_materialization)


def _month_figures(month: date) -> list[str]:
    from jib_assets import db

    settings = get_settings()
    with db.connect(settings.warehouse, read_only=True) as con:
        row = con.execute(
            """
            SELECT count(*) FILTER (WHERE status <> 'uitstroom'), count(*) FILTER (WHERE status = 'instroom'),
                   count(*) FILTER (WHERE status = 'uitstroom'),
                   (SELECT count(*) FROM werklijst_casemanager WHERE peildatum = $p)
            FROM gemeente_lijst WHERE peildatum = $p
            """,
            {"p": month},
        ).fetchall()[0]
    return [str(v) for v in row]


def _explain_failure(result, month: date | None) -> None:
    import dagster as dg

    console.print(f"[red]Month {month:%Y-%m} failed.[/red]" if month else "[red]Publishing failed.[/red]")
    steps: dict[str, list[str]] = {}  # message -> the steps that failed with it (the ingests often share one)
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.blocking and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                key = evaluation.asset_check_key
                said = getattr(evaluation, "description", None)
                console.print(f"  check [bold]{key.name}[/bold] on {key.asset_key.to_user_string()} failed"
                              + (f": {said}" if said else ""))
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.event_specific_data.error
            while error is not None and error.cause is not None:  # the user's error, not Dagster's wrapper
                error = error.cause
            message = error.message.strip() if error else "unknown error"
            message = re.sub(r"^(?:[a-z_]+\.)*(?:[A-Z]\w*)?(?:Error|Failure|Exception): ", "", message)
            steps.setdefault(message, []).append(event.step_key)
    for message, keys in steps.items():
        named = ", ".join(f"[bold]{k}[/bold]" for k in keys)
        console.print(f"  step{'s' if len(keys) > 1 else ''} {named}: {message}")
    if month:
        console.print("Fix the cause, then rerun from this month: "
                      f"`jib run --from {month:%Y-%m}` (or from the Dagster UI).")


@app.command()
def run(
    from_: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    to: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM (default: the latest month processed, "
                                           "so every later month is rerun too).")] = None,
    accepteer_krimp: Annotated[list[str] | None, typer.Option(
        "--accepteer-krimp", help="A delivery file (e.g. duo_diplomas.csv) whose shrunken or empty delivery of the "
        "--from month the supplier confirmed; repeat for several. Recorded in the run's tags and metadata.")] = None,
    zonder_publicatie: Annotated[bool, typer.Option(
        "--zonder-publicatie", help="Run the months only: analytics.duckdb stays as published before (the sensor "
        "publiceer_na_maand, or a later `jib run`, publishes them). What `jib benchmark --zonder-publicatie` times.")] = False,
) -> None:
    """Materialise every asset for the months, in order, in this process, then publish."""
    _key_or_exit()
    first, last = _month(from_), (_month(to) if to else None)
    if not run_months(first, last, accepteer_krimp, publish=not zonder_publicatie):
        raise typer.Exit(1)
    _where_results_are()


@app.command()
def demo(
    region: Annotated[str, typer.Option(help="Region to simulate.")] = DEMO_REGION,
    from_: Annotated[str, typer.Option("--from")] = DEMO_FROM,
    to: Annotated[str, typer.Option("--to")] = DEMO_TO,
) -> None:
    """Set up a local demo: a key, synthetic deliveries for Midden-Limburg, and a run of every month."""
    settings = get_settings()
    if not os.environ.get("JIB_GEBIED"):  # the demo works for the region it simulates, and records it
        if settings.gebied_file.exists() and settings.gebied.upper() != region.upper():
            console.print(f"[red]This data folder is for area {settings.gebied} ({settings.gebied_file}), not "
                          f"{region}: run `jib demo --region {settings.gebied}`, or give {region} a JIB_HOME of its "
                          "own.[/red]")
            raise typer.Exit(2)
        os.environ["JIB_GEBIED"] = region
        remember_gebied(settings, region)
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
    gebied = (f"Area: {s.gebied} (recorded in {s.gebied_file}: later commands use it unless JIB_GEBIED is set)\n"
              if s.gebied_file.exists() else "")
    python, dagster_dev = _commands()
    # (not after a first `jib run --zonder-publicatie`: nothing published yet)
    openen = (f"Open the analysts' database:  {python} -c \"import duckdb; "
              f"print(duckdb.connect('{s.publish}', read_only=True).sql('SHOW TABLES'))\"\n" if s.publish.exists() else "")
    console.print(
        "\nResults:\n"
        f"  restricted store   {s.warehouse}   (data team only)\n"
        f"  analysts' database {s.publish}" + ("" if s.publish.exists() else "   (not published yet)") + "\n"
        f"  municipality files {s.exports}/YYYY-MM/GMxxxx/\n"
        f"{gebied}{openen}"
        f"See the runs and checks:      DAGSTER_HOME={os.environ.get('DAGSTER_HOME')} "
        f"JIB_PSEUDONYM_KEY={key_hint} {dagster_dev}",
        soft_wrap=True,
    )


def _commands() -> tuple[str, str]:
    """This installation's Python and its `dagster dev` with the project's workspace.yaml, as absolute paths: the
    lines `_where_results_are` prints work when pasted in any folder, not only in the project's."""
    scripts = Path(sys.executable).parent
    workspace = Path(__file__).resolve().parent.parent / "workspace.yaml"
    dagster_dev = f"{scripts / 'dagster'} dev" + (f" -w {workspace}" if workspace.is_file() else "")
    return sys.executable, dagster_dev


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
    per_maand: Annotated[bool, typer.Option("--per-maand", help="Run and publish each month on its own, as the "
                                            "monthly schedule does: the publication's time per month.")] = False,
    zonder_publicatie: Annotated[bool, typer.Option(
        "--zonder-publicatie", help="Run the months without publishing (with --per-maand each month alone, as the "
        "daemon runs them): the months' own time and growth.")] = False,
) -> None:
    """Time synth and every step of a run for a region; print seconds and peak memory."""
    from jib_assets.benchmark import benchmark

    benchmark(region=region, month=month, months=months, home=home, seed=seed, per_maand=per_maand,
              zonder_publicatie=zonder_publicatie)


def main() -> None:  # pragma: no cover - console entry point convenience
    sys.exit(app())
