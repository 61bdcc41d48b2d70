"""`jib bewaartermijn`: retention by rule (docs/privacy.md "Bewaartermijnen"): which raw snapshots and
landing folders are kept, taking the landing folders before the rerun window out of the data folder, removing
the pipeline's copies of the export months before the export window, and writing a removed month again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jib_assets.privacy import bewaartermijn as retention
from jib_assets.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()

MaandenOptie = Annotated[
    int | None,
    typer.Option(help=f"The rerun window: landing months kept, the latest included (default ${retention.ENV} or "
                 f"{retention.BEWAAR_MAANDEN})."),
]


def _maanden(value: int | None, lees: Callable[[int | None], int] = retention.bewaar_maanden) -> int:
    """A retention setting (`lees`: the rerun window by default), or exit 2 saying what is wrong with it."""
    try:
        return lees(value)
    except retention.BewaartermijnError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _export_venster() -> int:
    """The export window the commands count with: the export months kept, or the rerun window when that is 0 (every
    month kept by the runs)."""
    return _maanden(None, retention.export_maanden) or _maanden(None)


@app.command()
def status(maanden: MaandenOptie = None) -> None:
    """Which peildata still have raw snapshots in the warehouse, and which landing folders lie before the rerun
    window."""
    from jib_assets import db

    n = _maanden(maanden)
    settings = get_settings()
    console.print(f"rerun window: {n} months of landing folders")
    if settings.warehouse.exists():
        ruw = _maanden(None, retention.ruwe_maanden)
        with db.connect(settings.warehouse, read_only=True) as con:
            kept = retention.bewaarde_maanden(con)
            over = retention.rijen_buiten_termijn(con, ruw)
        console.print(f"raw snapshots in the warehouse (it keeps {ruw} month(s) after their run, "
                      f"${retention.RUWE_ENV}): "
                      + (", ".join(f"{d:%Y-%m}" for d in kept) or "none"))
        if over:
            console.print(
                f"[yellow]rows before the window (removed by the next month's run): {sum(over.values())}[/yellow]"
            )
    oud = retention.oude_landingsmappen(settings.landing, n)
    console.print("landing folders before the window: " + (", ".join(p.name for p in oud) or "none"))
    oud = retention.oude_exportmappen(settings.exports, _export_venster())
    console.print("export folders before the window: " + (", ".join(p.name for p in oud) or "none"))
    docs = _maanden(None, retention.data_docs_maanden)
    oude_docs = sorted({p.name for p in retention.oude_data_docs(settings.data_docs, None, docs)})
    venster = f"{docs} month(s)" if docs else "0: kept for life"
    console.print(f"Data Docs months before the window ({venster}, ${retention.DATA_DOCS_ENV}; the next month's run "
                  "removes them): " + (", ".join(oude_docs) or "none"))


@app.command()
def landing(
    archief: Annotated[
        Path | None,
        typer.Option(help="Move the folders here (a folder outside the data folder, e.g. an archive disk)."),
    ] = None,
    verwijder: Annotated[
        bool, typer.Option("--verwijder", help="Remove the folders instead of archiving them.")
    ] = False,
    maanden: MaandenOptie = None,
) -> None:
    """Take the landing folders before the rerun window out of the data folder: moved to --archief, or
    removed with --verwijder. Without either, only lists them."""
    n = _maanden(maanden)
    settings = get_settings()
    if archief is not None and verwijder:
        console.print("[red]Give --archief or --verwijder, not both.[/red]")
        raise typer.Exit(2)
    oud = retention.oude_landingsmappen(settings.landing, n)
    if not oud:
        console.print(f"No landing folder lies before the {n}-month window.")
        return
    names = ", ".join(p.name for p in oud)
    if archief is None and not verwijder:
        console.print(f"Before the {n}-month window: {names}. Rerun with --archief DIR or --verwijder.")
        return
    try:
        retention.archiveer_landing(oud, archief, settings.home)
    except retention.BewaartermijnError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(f"{'Moved to ' + str(archief) if archief else 'Removed'}: {names}")


@app.command()
def exports(
    verwijder: Annotated[bool, typer.Option("--verwijder", help="Remove the folders.")] = False,
    opnieuw: Annotated[str | None, typer.Option(
        "--opnieuw", metavar="YYYY-MM", help="Write this month's export files again from the warehouse, for a "
        "municipality that asks for a month whose copies were removed.")] = None,
    maanden: Annotated[int | None, typer.Option(
        help=f"Export months kept, the latest included (default ${retention.EXPORT_ENV}, else the rerun window "
        f"${retention.ENV} or {retention.BEWAAR_MAANDEN}).")] = None,
) -> None:
    """The pipeline's copies of the export months before the export window: lists them; --verwijder removes them
    (each month's run already does, unless JIB_BEWAAR_MAANDEN_EXPORTS is 0); --opnieuw YYYY-MM writes a month again
    from the warehouse. Data kept no longer than necessary: the municipalities hold the files they were sent. No
    archive: a copy elsewhere would be out of the erasure's reach."""
    if opnieuw is not None:
        _opnieuw(opnieuw)
        return
    n = maanden or _export_venster()
    oud = retention.oude_exportmappen(get_settings().exports, n)
    if not oud:
        console.print(f"No export folder lies before the {n}-month window.")
        return
    names = ", ".join(p.name for p in oud)
    if not verwijder:
        console.print(f"Before the {n}-month window: {names}. Check that the municipalities have them, then "
                      "rerun with --verwijder.")
        return
    retention.verwijder_exportmappen(oud)
    console.print(f"Removed: {names}")


def _opnieuw(maand: str) -> None:
    """exports/YYYY-MM written again from the warehouse's lists (kept for life), by the month's own writer: the files
    as the month's run wrote them, with the identifying fields of everyone who objected since left empty."""
    from jib_assets import db
    from jib_assets.publish.exports import write_exports

    try:
        p = date.fromisoformat(f"{maand}-01")
    except ValueError:
        console.print(f"[red]{maand!r} is not a month; use YYYY-MM, e.g. 2025-03[/red]")
        raise typer.Exit(2) from None
    settings = get_settings()
    if not settings.warehouse.exists():
        console.print(f"[red]No warehouse at {settings.warehouse}: run a month first (`jib run`).[/red]")
        raise typer.Exit(1)
    with db.connect(settings.warehouse, read_only=True) as con:
        if not (db.table_exists(con, "gemeente_lijst")
                and db.scalar(con, "SELECT count(*) FROM gemeente_lijst WHERE peildatum = $p", {"p": p})):
            console.print(f"[red]The warehouse holds no list of {maand}: that month never ran here. Run it "
                          f"(`jib run --from {maand} --to {maand}`) instead.[/red]")
            raise typer.Exit(1)
        counts = write_exports(con, p, settings.exports, processen=settings.duckdb_threads)
    n = retention.export_maanden()
    console.print(f"Written again from the warehouse: exports/{maand}/ ({counts['gemeenten']} municipalities; "
                  "the identifying fields of everyone who objected since are empty)."
                  + (f" The next month's run removes it again when it lies before the {n}-month window "
                     f"(${retention.EXPORT_ENV})." if n else ""))
