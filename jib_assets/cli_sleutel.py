"""`jib sleutel`: which pseudonym key the warehouse uses, and its deliberate rotation (docs/privacy.md)."""

from __future__ import annotations

import os
import stat
from typing import Annotated

import typer
from rich.console import Console

from jib_assets.settings import MissingKeyError, get_settings, pseudonym_key

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()

NIEUW = "JIB_PSEUDONYM_KEY_NIEUW"


def _key() -> bytes:
    try:
        return pseudonym_key()
    except MissingKeyError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _warehouse():
    settings = get_settings()
    if not settings.warehouse.exists():
        console.print(f"[red]No warehouse at {settings.warehouse}: nothing has been run with any key yet.[/red]")
        raise typer.Exit(2)
    return settings


@app.command()
def status() -> None:
    """Say whether JIB_PSEUDONYM_KEY is the key the warehouse's jib_ids were made with (never shows a key)."""
    from jib_assets import db
    from jib_assets.privacy import sleutel

    key = _key()
    settings = _warehouse()
    with db.connect(settings.warehouse, read_only=True) as con:
        state = sleutel.status(con, key)
    if not state.recorded:
        console.print("The warehouse has no key recorded yet; the next run records JIB_PSEUDONYM_KEY's fingerprint.")
    elif state.matches:
        console.print(f"JIB_PSEUDONYM_KEY is the warehouse's key (in use since {state.since:%Y-%m-%d %H:%M}).")
    else:
        word = "a retired key of this warehouse" if state.retired else "not the warehouse's key"
        console.print(f"[red]JIB_PSEUDONYM_KEY is {word}; runs with it are refused.[/red]")
        raise typer.Exit(1)


@app.command()
def roteer(
    accepteer_onvindbaar: Annotated[
        bool,
        typer.Option("--accepteer-onvindbaar", help="Rotate even if some objectors can be found in no delivery "
                     "(their objection then stays under the old jib_id only; docs/privacy.md)."),
    ] = False,
) -> None:
    """Recompute every stored jib_id with a new key: the old key in JIB_PSEUDONYM_KEY, the new one in
    JIB_PSEUDONYM_KEY_NIEUW. Stop every run and reader of the warehouse first."""
    from jib_assets import db
    from jib_assets.privacy import sleutel
    from jib_assets.publish.exports import write_exports

    old = _key()
    new = os.environ.get(NIEUW, "").encode("utf-8")
    settings = _warehouse()
    try:
        with db.connect(settings.warehouse, memory_limit=settings.duckdb_memory_limit,
                        threads=settings.duckdb_threads) as con:
            result = sleutel.rotate(con, old, new, landing=settings.landing,
                                    accepteer_onvindbaar=accepteer_onvindbaar)
            months = rewrite_exports(con, settings.exports, write_exports)
    except sleutel.SleutelError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(
        f"Rotated {result.jib_ids} jib_ids: {result.via_warehouse} through the BSN on the lists, "
        f"{result.via_landing} through the landing deliveries, {result.niet_gevonden} found nowhere "
        f"({result.bezwaar_niet_gevonden} of the {result.bezwaar} youths in objection). "
        f"Tables: {', '.join(f'{t} {n}' for t, n in result.tabellen.items()) or 'none'}. "
        f"Exports rewritten for {months} month(s)."
    )
    demo = settings.demo_key_file
    if demo.exists() and demo.read_text(encoding="ascii").strip().encode() == old:
        tmp = demo.with_name(f".{demo.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(new.decode() + "\n")
        os.replace(tmp, demo)
        console.print(f"The demo key file {demo} now holds the new key.")
    console.print(f"From now on the warehouse accepts only the new key: set JIB_PSEUDONYM_KEY to the value of {NIEUW}.")


def rewrite_exports(con, exports_dir, write_exports) -> int:
    """Write every month's export files again from the rotated warehouse, so the pipeline's copies carry the
    new jib_ids (files already sent keep the old ones; their spreadsheets are read through sleutel_rotatie)."""
    from datetime import date

    from jib_assets.db import table_exists

    if not exports_dir.is_dir():
        return 0
    processed = set()
    if table_exists(con, "gemeente_lijst"):
        processed = {r[0] for r in con.execute("SELECT DISTINCT peildatum FROM gemeente_lijst").fetchall()}
    months = 0
    for folder in sorted(exports_dir.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]")):
        peildatum = date.fromisoformat(f"{folder.name}-01")
        if peildatum in processed:
            write_exports(con, peildatum, exports_dir)
            months += 1
    return months
