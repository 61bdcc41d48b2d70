"""`jib uitleg` and `jib wat-als` (issue 13): explain one youth's place on a month's list; recompute a
month under other rule parameters. Both read the restricted store read-only and log nothing personal; for a
month whose deliveries the warehouse no longer keeps (retention) both read them again from landing/YYYY-MM."""

from __future__ import annotations

import os
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jib_assets.settings import MissingKeyError, get_settings, pseudonym_key

console = Console()


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a month; use YYYY-MM, e.g. 2025-06") from None


def _warehouse() -> Path:
    path = get_settings().warehouse
    if not path.exists():
        console.print(f"[red]No warehouse at {path}: set JIB_HOME, or run months first (jib run).[/red]")
        raise typer.Exit(2)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write a file readable by its owner only (0600): an explanation holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def uitleg(
    maand: Annotated[str, typer.Option("--maand", help="The month, YYYY-MM.")],
    bsn: Annotated[str | None, typer.Option("--bsn", help="The person's BSN (needs JIB_PSEUDONYM_KEY).")] = None,
    jib_id: Annotated[str | None, typer.Option("--jib-id", help="The person's jib_id.")] = None,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Also write the explanation to this .md file.")] = None,
    html_file: Annotated[Path | None, typer.Option("--html", help="Also write it to this .html file.")] = None,
) -> None:
    """Why a youth is on (or off) the list of a month: every rule of rules.md 1-4 with the facts it used."""
    from jib_assets.explain.uitleg import UitlegError, uitleg_maand
    from jib_assets.reference import gebied_selectie

    peildatum = _month(maand)
    try:
        key = pseudonym_key()
    except MissingKeyError as exc:
        if bsn is not None:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        key = None  # --jib-id: needed only to recompute a month from landing, which then says so
    settings = get_settings()
    try:
        result = uitleg_maand(_warehouse(), peildatum, bsn=bsn, jib_id=jib_id, key=key, landing=settings.landing,
                              gebied=gebied_selectie(settings.gebied), memory_limit=settings.duckdb_memory_limit,
                              threads=settings.duckdb_threads)
    except (UitlegError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    sys.stdout.write(result.tekst())
    for path, text in ((markdown, result.markdown()), (html_file, result.html())):
        if path is not None:
            write_private_text(path, text)
            console.print(f"Written to {path} (readable by you only: it holds personal data).")


def wat_als(
    maand: Annotated[str, typer.Option("--maand", help="The month, YYYY-MM (it must have been run; a month before the "
                                  "warehouse's raw window is read again from landing/YYYY-MM).")],
    inkomensgrens: Annotated[str | None, typer.Option("--inkomensgrens", help="Threshold in EUR (today 473).")] = None,
    leeftijd: Annotated[str | None, typer.Option("--leeftijd", help="Target ages VAN-TOT, inclusive (today 23-26).")] = None,
    inkomen_lag: Annotated[int | None, typer.Option("--inkomen-lag", help="Income month lag in months, 1-6 (today 1).")] = None,
    regelingen: Annotated[str | None, typer.Option("--regelingen", help="Client schemes, comma-separated "
                                                   "(today WMO,PARTICIPATIEWET).")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Write the table as ;-separated CSV to standard output.")] = False,
) -> None:
    """Recompute steps 1-3 of a month with other rule parameters, beside the real month; writes nothing."""
    from jib_assets.explain.wat_als import Variant, WatAlsError, parse_leeftijd
    from jib_assets.explain.wat_als import wat_als as simulate
    from jib_assets.reference import gebied_selectie

    peildatum = _month(maand)
    settings = get_settings()
    try:
        grens = None
        if inkomensgrens is not None:
            try:
                grens = Decimal(inkomensgrens.replace(",", "."))
            except InvalidOperation:
                raise WatAlsError(f"--inkomensgrens {inkomensgrens!r} is not an amount; e.g. 400 or 400,50") from None
            if grens < 0:
                raise WatAlsError("--inkomensgrens must be 0 or more")
        variant = Variant(
            inkomensgrens=grens,
            leeftijd=None if leeftijd is None else parse_leeftijd(leeftijd),
            inkomen_lag=inkomen_lag,
            regelingen=None if regelingen is None else tuple(r.strip().upper() for r in regelingen.split(",") if r.strip()),
        )
        result = simulate(_warehouse(), peildatum, pseudonym_key(), variant, gebied=gebied_selectie(settings.gebied),
                          landing=settings.landing, memory_limit=settings.duckdb_memory_limit, threads=settings.duckdb_threads)
    except (WatAlsError, MissingKeyError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if csv:
        sys.stdout.write(result.tabel.write_csv(separator=";"))
        return
    table = Table(title=f"wat-als {maand}: {variant.beschrijving()}")
    for column in result.tabel.columns:
        table.add_column(column, justify="left" if column == "gemeentecode" else "right")
    for row in result.tabel.iter_rows():
        table.add_row(*[str(v) for v in row])
    console.print(table)
