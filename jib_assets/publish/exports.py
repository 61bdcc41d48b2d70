"""The municipalities' monthly files (interfaces.md, exports): per gemeente its JIB list, with BSN,
for its Werk & Inkomen department, and the casemanager worklist, without BSN, each as CSV and xlsx.

`exports/YYYY-MM/GMxxxx/` holds one municipality's rows only. Every file is written to a temporary
name beside it and renamed into place, so a reader never sees half a file; a rerun replaces the
month whole (folders and files not written by it are removed). Files are created owner-only (0600).
CSV is what Dutch Excel opens as is: `;`, UTF-8 with BOM, decimal comma, dates YYYY-MM-DD. A text
cell that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage return)
is written with a single quote before it, as OWASP's "CSV Injection" page recommends; the xlsx files
write every text as a string cell, which no spreadsheet evaluates. Every writer of these files (this
module, and rewrite_files after an erasure) goes through `_per_gemeente` (formulas neutralised) and `_writers`
(write_csv, write_xlsx), each file through write_atomic. Only counts are logged, never contents.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import polars as pl

from jib_assets.db import sql, table_exists
from jib_assets.files import atomic_write
from jib_assets.operations import volg_ouder
from jib_assets.partitions import month_folder
from jib_assets.privacy.erasure import identifying_rows_per_gemeente, record_export_files
from jib_assets.publish import xlsx

log = logging.getLogger(__name__)

# Explicit column lists: a column added upstream (say a BSN on the worklist table) never leaks into a file.
# The SQL stays here because it only shapes the files; the tables themselves are built in sql/.
JIB_LIJST = """
SELECT
    peildatum, gemeentecode, bsn, jib_id, status, soort_instroom, verhuisd_van, reden_uitstroom, verhuisd_naar,
    datum_instroom, categorie, geslachtsnaam, voorvoegsel, voornamen, geboortedatum, leeftijd, geslacht,
    straatnaam, huisnummer, huisletter, huisnummertoevoeging, postcode, woonplaats,
    hoogste_diploma, laatste_onderwijssoort, inkomen_werk
FROM gemeente_lijst
WHERE peildatum = $peildatum
ORDER BY gemeentecode, CASE status WHEN 'instroom' THEN 1 WHEN 'blijft' THEN 2 ELSE 3 END,
    geslachtsnaam, voornamen, jib_id, bsn
"""

# The worklist with its history and triage columns (issue 13, sql/werklijst_historie.sql).
WERKLIJST = f"""
SELECT
    w.peildatum, w.gemeentecode, w.jib_id, w.categorie, w.datum_instroom, w.geslachtsnaam, w.voorvoegsel,
    w.voornamen, w.geboortedatum, w.straatnaam, w.huisnummer, w.huisletter, w.huisnummertoevoeging, w.postcode,
    w.woonplaats, h.signalen, h.eerder_maanden_op_lijst, h.eerder_uitstroom_maand, h.eerder_reden_uitstroom,
    h.eerder_datum_kaartje, h.eerder_reactie_kaartje, h.eerder_datum_huisbezoek, h.eerder_toestemming
FROM werklijst_casemanager AS w
LEFT JOIN ({sql("werklijst_historie")}) AS h ON h.gemeentecode = w.gemeentecode AND h.jib_id = w.jib_id
WHERE w.peildatum = $peildatum
ORDER BY w.gemeentecode, w.geslachtsnaam, w.voornamen, w.jib_id
"""

# The leavers' note for the casemanager (issue 13): who of their worklists left the list this month.
UITSTROOM = sql("uitstroom_casemanager")

# A youth counts as long on the list (a triage mark) from this many months in total on the gemeente's list.
LANG_OP_LIJST_MAANDEN = 12


def prepare_queries(con: duckdb.DuckDBPyConnection) -> None:
    """Temp objects the worklist query reads: the casemanagers' records (none in a warehouse that never
    received a spreadsheet) and the triage parameter. Call before running BESTANDEN's queries."""
    has_sheets = table_exists(con, "casemanager_monitoring")
    con.execute(sql("werklijst_registratie" if has_sheets else "werklijst_registratie_leeg"))
    con.execute("CREATE OR REPLACE TEMP TABLE werklijst_parameters AS SELECT $lang::INTEGER AS lang_op_lijst",
                {"lang": LANG_OP_LIJST_MAANDEN})


BESTANDEN = {"jib_lijst": JIB_LIJST, "werklijst_casemanager": WERKLIJST, "uitstroom_casemanager": UITSTROOM}


def write_exports(
    con: duckdb.DuckDBPyConnection, peildatum: date, exports_dir: Path, *, processen: int = 1
) -> dict[str, int]:
    """Write exports/YYYY-MM/GMxxxx/{jib_lijst,werklijst_casemanager}.{csv,xlsx} for every gemeente with a
    list on P, and remove what an earlier run of the month left. Returns counts (gemeenten, rows per file).
    `processen`: from PROCESSEN_VANAF_GEMEENTEN gemeenten, how many processes write the folders side by side."""
    prepare_queries(con)
    frames = {name: con.sql(query, params={"peildatum": peildatum}).pl() for name, query in BESTANDEN.items()}
    gemeenten = sorted({g for frame in frames.values() for g in frame["gemeentecode"].unique()})
    month = exports_dir / month_folder(peildatum)
    month.mkdir(parents=True, exist_ok=True)
    created = datetime(peildatum.year, peildatum.month, peildatum.day)
    n = min(processen, len(gemeenten)) if len(gemeenten) >= PROCESSEN_VANAF_GEMEENTEN else 1
    if n > 1:
        groups = [gemeenten[i::n] for i in range(n)]
        parts = [{name: frame.filter(pl.col("gemeentecode").is_in(group)) for name, frame in frames.items()}
                 for group in groups]
        with _processen(n) as pool:
            written = _merged(pool.map(_write_folders, [month] * n, [created] * n, parts, groups))
    else:
        written = _write_folders(month, created, frames, gemeenten)
    _remove_except(month, set(gemeenten))
    record_export_files(exports_dir, written)
    counts = {"gemeenten": len(gemeenten), **{name: frame.height for name, frame in frames.items()}}
    log.info("exports %s: %d gemeenten, %d list rows, %d worklist rows, %d leavers' note rows", month.name,
             *counts.values())
    return counts


# A gemeente's six files cost about 14 ms to write: 4.8-5.0 s for the 342 gemeenten of a national month in one
# process (9.0-9.6 s while xlsxwriter wrote the xlsx; flushing them to disk is about 1 s of it). From this many
# gemeenten `write_exports` writes them in `processen` processes side by side; each process starts in about a
# second, more than a region's few folders take.
PROCESSEN_VANAF_GEMEENTEN = 40


def _processen(n: int) -> ProcessPoolExecutor:
    """`n` spawned processes writing export folders; each ends with the run that started it (`volg_ouder`)."""
    return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"), initializer=volg_ouder)


class _Bestand(NamedTuple):
    """One export file's rows as each of its writers takes them."""

    rijen: pl.DataFrame  # for the xlsx, where text stays text
    csv: pl.DataFrame  # formula cells neutralised (`neutralise_formulas`)
    ids: list[str | None]  # the jib_ids of its rows with an identifying value, for the erasure's index


def _per_gemeente(frame: pl.DataFrame) -> dict[str, _Bestand]:
    """A month's frame as the file of each gemeente in it. Formulas are neutralised and identifying rows found once
    for the whole frame: per file, the expressions' fixed cost came to about 3 CPU-s over a national month's 2,046
    files (docs/performance.md, 2026-12-06 05:30)."""
    rijen = frame.partition_by("gemeentecode", as_dict=True, maintain_order=True)
    csv = neutralise_formulas(frame).partition_by("gemeentecode", as_dict=True, maintain_order=True)
    ids = identifying_rows_per_gemeente(frame)
    return {g: _Bestand(rijen[(g,)], csv[(g,)], ids.get(g, [])) for (g,) in rijen}


def _leeg(frame: pl.DataFrame) -> _Bestand:
    return _Bestand(frame.clear(), frame.clear(), [])


def _writers(name: str, bestand: _Bestand, created: datetime) -> dict[str, Callable[[Path], None]]:
    """Per extension, the writer of one export file: its CSV (formulas neutralised) and its xlsx twin."""
    return {
        "csv": lambda path: write_csv(bestand.csv, path),
        "xlsx": lambda path: write_xlsx(bestand.rijen, path, name, created),
    }


def _write_folders(month: Path, created: datetime, frames: dict[str, pl.DataFrame],
                   gemeenten: list[str]) -> dict[str, list[str | None]]:
    """The folders of these gemeenten in the month folder, from the month's frames (which may hold more). Returns,
    per file written (relative to the exports folder), the jib_ids of its rows with an identifying value."""
    parts = {name: _per_gemeente(frame) for name, frame in frames.items()}
    written: dict[str, list[str | None]] = {}
    for gemeentecode in gemeenten:
        folder = month / gemeentecode
        folder.mkdir(exist_ok=True)
        for name, frame in frames.items():
            bestand = parts[name].get(gemeentecode) or _leeg(frame)
            for ext, write in _writers(name, bestand, created).items():
                write_atomic(folder / f"{name}.{ext}", write)
                written[f"{month.name}/{gemeentecode}/{name}.{ext}"] = bestand.ids
        _remove_except(folder, {f"{name}.{ext}" for name in BESTANDEN for ext in ("csv", "xlsx")})
    return written


def _merged(parts: Iterable[dict[str, list[str | None]]]) -> dict[str, list[str | None]]:
    return {bestand: ids for part in parts for bestand, ids in part.items()}


def rewrite_files(con: duckdb.DuckDBPyConnection, exports_dir: Path, files: list[tuple[date, str, str]], *,
                  processen: int = 1) -> int:
    """Write each (peildatum, gemeentecode, name) export file again from the warehouse, CSV and xlsx where they
    exist (after an erasure the erased rows have empty identifying fields), each atomically. Returns the files
    written. `processen`: from PROCESSEN_VANAF_GEMEENTEN folders, how many processes write them side by side (a
    national month's erasure writes 1,000-2,000 files again: 1,200 CSV and xlsx pairs take 6 s in two processes,
    10-12 s with xlsxwriter)."""
    prepare_queries(con)
    months: dict[tuple[date, str], dict[str, _Bestand]] = {}
    leeg: dict[str, _Bestand] = {}
    for peildatum, name in sorted({(p, n) for p, _, n in files}):
        frame = con.sql(BESTANDEN[name], params={"peildatum": peildatum}).pl()
        months[(peildatum, name)], leeg[name] = _per_gemeente(frame), _leeg(frame)
    folders: dict[tuple[date, str], dict[str, _Bestand]] = {}
    for peildatum, gemeente, name in files:
        folders.setdefault((peildatum, gemeente), {})[name] = months[(peildatum, name)].get(gemeente) or leeg[name]
    jobs = [(exports_dir / month_folder(p) / g, datetime(p.year, p.month, p.day), names)
            for (p, g), names in sorted(folders.items())]
    n = min(processen, len(jobs)) if len(jobs) >= PROCESSEN_VANAF_GEMEENTEN else 1
    if n > 1:
        with _processen(n) as pool:
            written = _merged(pool.map(_rewrite_folders, [jobs[i::n] for i in range(n)]))
    else:
        written = _rewrite_folders(jobs)
    record_export_files(exports_dir, written)
    return len(written)


def _rewrite_folders(jobs: list[tuple[Path, datetime, dict[str, _Bestand]]]) -> dict[str, list[str | None]]:
    """Write again, in each folder, the CSV and xlsx of each named file that exist there. Returns, per file
    written (relative to the exports folder), the jib_ids of its rows with an identifying value."""
    written: dict[str, list[str | None]] = {}
    for folder, created, names in jobs:
        for name, bestand in names.items():
            for ext, write in _writers(name, bestand, created).items():
                target = folder / f"{name}.{ext}"
                if target.exists():
                    write_atomic(target, write)
                    written[f"{folder.parent.name}/{folder.name}/{name}.{ext}"] = bestand.ids
    return written


# OWASP, CSV Injection: cells beginning with these are read as formulas by spreadsheet programs.
FORMULE_BEGIN = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text cell that starts with a formula character gets a single quote in front (OWASP)."""
    pattern = "^[" + "".join("\\-" if c == "-" else c for c in FORMULE_BEGIN) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    """A municipality's CSV file: `;`, UTF-8 with BOM, decimal comma. `frame`'s formula cells are neutralised
    already (`neutralise_formulas`, which `_per_gemeente` applies to a month's frame once)."""
    frame.write_csv(path, separator=";", include_bom=True, decimal_comma=True, date_format="%Y-%m-%d")


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str, created: datetime) -> None:
    """A table with a frozen header row and filter buttons, dates as Excel dates, columns fitted to their
    contents. Text stays text (a BSN keeps its leading zero; nothing becomes a formula). The fixed
    creation time keeps the bytes the same on a rerun. Written by publish/xlsx.py, in memory."""
    xlsx.write_table(frame, path, sheet, created)


def vingerafdrukken(month: Path) -> dict[str, str]:
    """Per CSV of a month's export folder (GMxxxx/name, without .csv): a hash of its content. The CSV and the xlsx of
    a name hold the same rows, so the CSV says whether the pair changed."""
    if not month.is_dir():
        return {}
    return {f"{path.parent.name}/{path.stem}": hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(month.glob("GM*/*.csv"))}


def gewijzigd(voor: dict[str, str], na: dict[str, str]) -> dict[str, list[str]]:
    """Per gemeente, the files of a month written before (`voor`) whose content a run changed or removed (`na`): what
    a rerun on a corrected delivery changes in files a municipality may already have."""
    per_gemeente: dict[str, list[str]] = {}
    for bestand, hash_voor in voor.items():
        if na.get(bestand) != hash_voor:
            gemeente, naam = bestand.split("/")
            per_gemeente.setdefault(gemeente, []).append(naam)
    return per_gemeente


GEWIJZIGD_HINT = "send these again: a municipality that already received them works from other figures now"


def gewijzigd_tekst(per_gemeente: dict[str, list[str]]) -> str:
    """'GM0946 (jib_lijst, werklijst_casemanager); GM0957 (jib_lijst)', or '' (paths only, no person)."""
    return "; ".join(f"{g} ({', '.join(namen)})" for g, namen in sorted(per_gemeente.items()))


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write `target` through the one atomic writer (files.atomic_write: beside it, flushed, renamed),
    owner-only (0600) as every export."""
    atomic_write(target, write, mode=0o600)


def _remove_except(folder: Path, keep: set[str]) -> None:
    for entry in folder.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
