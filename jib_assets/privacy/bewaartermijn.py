"""Retention by rule (issue 12, docs/privacy.md "Bewaartermijnen"): the warehouse keeps a delivered raw
snapshot only as long as a rule or a rerun needs it.

What needs which raw snapshot:

- every rule of a month (selection, enrichment, filtering: rules.md 1-3) reads the snapshots of its own
  peildatum P only; the delta (rules.md 4) reads the previous month's *list* (gemeente_lijst), not a
  snapshot; the sustainable-work follow-up (U+1..U+6, rules.md 5) reads the polis rows of the latest
  polis snapshot up to P (which carries the months after leaving) and the cohort from gemeente_lijst;
- a rerun of month M reads M's snapshots, which its ingest loads again from landing/M: the landing
  folders are what the rerun window (`bewaar_maanden`, default BEWAAR_MAANDEN) keeps.

So the warehouse keeps a month's delivered snapshots (brp_*, duo_*, uwv_*, kvk_*, gemeente_klanten) only
during that month's run (`ruwe_maanden`, default RUWE_MAANDEN = 0: none after it): the erasure step, the last
of the run, erases the objectors from every other table and then empties them (`leveringen_weg`), with every
objector's rows in them, before it rewrites the file. Landing/ holds the same files for
the rerun window, so keeping them buys only a single step of a finished month rerun on its own
(ontbrekende_momentopname says to rerun the whole month instead), and every month kept is copied again by the
erasure's rewrite: at national scale a month's deliveries are about 1 GB, 17 of the 22 s of that rewrite. The
per-person states derived from them for every DUO-known person (persoon_toestand, which the next month reads
for its jib_ids; duo_beoordeling) and the quarantaine rows (which hold a BSN; the data team reads them to ask a
supplier for a redelivery) are kept for the latest peildatum (max(1, ruwe_maanden) months, counted back from
the latest peildatum in the warehouse, not from the month being run, so rerunning an old month never removes
newer ones). The step tables no rule reads after their month (STAP_TABELLEN: duo_selectie, ib_verrijking, ib_lijst,
gemeente_filter) keep the rerun window and the month before it, which the delta of its oldest month reads
(`stap_maanden`); the month-on-month checks read the months before from their counts (stap_tellingen). What the
rules and the monitoring read across months stays: the lists (gemeente_lijst, werklijst_casemanager),
casemanager_monitoring (each delivery the whole spreadsheet so far: of the deliveries before the rerun window
only each gemeente's latest, and per youth the rows whose values a reader can still show, stay:
sql/bewaartermijn_spreadsheets.sql), ingest_bestanden (counts, for the shrinking-delivery guard),
bezwaar_register. The erasure step rewrites the file (privacy/erasure.py), so the deleted rows do not stay on in
free blocks either.

Landing folders older than the window are removed or moved outside the data folder by
`jib bewaartermijn landing` (cli_bewaartermijn.py). The pipeline's copies of the export months before the window
(`export_maanden`, by default the rerun window) are removed by each month's run (`exports_opruimen`), before its
erasure, which would otherwise write every earlier copy holding a new objector's row again; a municipality that asks
for a removed month again gets it written from the warehouse (`jib bewaartermijn exports --opnieuw YYYY-MM`).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from jib_assets.db import scalar, sql, table_exists
from jib_assets.ingest.sources import CSV_SOURCES
from jib_assets.partitions import add_months

# The rerun window in months, the latest included: the landing folders kept (a rerun's ingest reads its
# month's folder again). 3 = the month itself and the two before it, so last month's run can be repeated after
# this month's deliveries came in, and the month before it once more, e.g. after a corrected delivery.
BEWAAR_MAANDEN = 3
ENV = "JIB_BEWAAR_MAANDEN"
# Months of delivered snapshots kept in the warehouse after their month's run, the latest included; 0: none (see
# above). The per-person states and the quarantaine keep max(1, this) months.
RUWE_MAANDEN = 0
RUWE_ENV = "JIB_BEWAAR_MAANDEN_RUW"
# Months of the pipeline's copies of the exports each month's run keeps, the latest included (default: the rerun
# window); 0: every month, until `jib bewaartermijn exports --verwijder`. A month removed is written again from the
# warehouse by `jib bewaartermijn exports --opnieuw YYYY-MM` (the lists are kept for life).
EXPORT_ENV = "JIB_BEWAAR_MAANDEN_EXPORTS"
# The delivered tables, which of them the warehouse holds (with what of brp_personen chose the rows of those stored for
# the target group only: its rows' count and sum of hashes) and the BSNs of the DUO-known persons outside it
# (ingest.csv_source.doelgroep): emptied at the end of each month's run when RUWE_MAANDEN is 0.
LEVERINGEN: tuple[str, ...] = (*CSV_SOURCES, "ingest_aanwezig", "duo_buiten")
# Tables of delivered rows, one snapshot per peildatum, and the quarantaine (rejected rows, with BSN);
# and the two per-person states the chain derives from them for every DUO-known person (with BSN), read for
# their own peildatum (a rerun of that month) and, persoon_toestand, by the next month for its jib_ids.
RUWE_TABELLEN: tuple[str, ...] = (*LEVERINGEN, "quarantaine", "persoon_toestand", "duo_beoordeling")
# The chain's step tables no rule reads after their month (each holds every selected person, with BSN, per month:
# nationally 110,000 rows a month each for duo_selectie and ib_verrijking): the delta's conservation check reads the
# previous month's ib_lijst; the month-on-month checks read the months before from their counts per gemeente
# (stap_tellingen, kept for life). Kept `stap_maanden` months, by default the rerun window plus the month before it,
# so that a rerun of the window's oldest month still finds its month before.
STAP_TABELLEN: tuple[str, ...] = ("duo_selectie", "ib_verrijking", "ib_lijst", "gemeente_filter")
STAP_ENV = "JIB_BEWAAR_MAANDEN_STAPPEN"
# The casemanagers' spreadsheets: of the deliveries before the rerun window only what a reader still needs stays
# (sql/bewaartermijn_spreadsheets.sql). Each delivery is the whole spreadsheet so far, so keeping every one made the
# table grow with the square of the months (Midden-Limburg: 76,807 rows after 60 months, 13,525 of them needed).
SPREADSHEETS = "casemanager_monitoring"
# Months of Great Expectations results (and their Data Docs pages) kept, the latest included; 0: for life. The Data
# Docs index reads every result kept each month (quality/expectations._index_due), so kept for life its cost grew with
# the months: Midden-Limburg's monitoring suite 0.3 s with a month of results, 1.8-2.3 s with 60 (540 results). The
# check results themselves stay in Dagster's run history, for every month.
DATA_DOCS_MAANDEN = 12
DATA_DOCS_ENV = "JIB_BEWAAR_MAANDEN_DATA_DOCS"
# The folders of Data Docs that hold one per suite and month: the results (JSON) and their pages.
DATA_DOCS_MAPPEN = ("resultaten", "validations")
MAAND_PATROON = "[0-9][0-9][0-9][0-9]-[0-9][0-9]"


class BewaartermijnError(ValueError):
    """A retention setting that cannot be right: the message says which and what to set."""


def bewaar_maanden(value: str | int | None = None) -> int:
    """The rerun window in months (landing folders): `value`, else JIB_BEWAAR_MAANDEN, else BEWAAR_MAANDEN."""
    return _maanden(value, ENV, BEWAAR_MAANDEN, waarom="a rerun of last month must still find its landing folder")


def ruwe_maanden(value: str | int | None = None) -> int:
    """Months of delivered snapshots kept in the warehouse after their month's run: `value`, else
    JIB_BEWAAR_MAANDEN_RUW, else RUWE_MAANDEN (0: none; the run itself always has its own month's)."""
    return _maanden(value, RUWE_ENV, RUWE_MAANDEN, minimum=0, waarom="0 keeps a month's deliveries only during its run")


def export_maanden(value: str | int | None = None) -> int:
    """Months of export copies each month's run keeps: `value`, else JIB_BEWAAR_MAANDEN_EXPORTS, else the rerun
    window (`bewaar_maanden`); 0 keeps every month."""
    return _maanden(value, EXPORT_ENV, bewaar_maanden(), minimum=0,
                    waarom="0 keeps every month's export copies until `jib bewaartermijn exports --verwijder`")


def stap_maanden(value: str | int | None = None) -> int:
    """Months of the step tables (STAP_TABELLEN) kept, the latest included: `value`, else JIB_BEWAAR_MAANDEN_STAPPEN,
    else the rerun window plus the month before it (also the least: a rerun of the window's oldest month reads its
    month before's ib_lijst); 0 keeps them for life."""
    minimum = bewaar_maanden() + 1
    maanden = _maanden(value, STAP_ENV, minimum, minimum=0, waarom="0 keeps them for life")
    if 0 < maanden < minimum:
        raise BewaartermijnError(
            f"{STAP_ENV}={maanden}: at least {minimum}, the rerun window ({ENV}={minimum - 1}) plus the month before "
            f"it, whose ib_lijst a rerun of the window's oldest month reads; or 0 to keep them for life. Set it to "
            f"{minimum} or more")
    return maanden


def data_docs_maanden(value: str | int | None = None) -> int:
    """Months of Great Expectations results and pages kept: `value`, else JIB_BEWAAR_MAANDEN_DATA_DOCS, else
    DATA_DOCS_MAANDEN; 0 keeps them for life."""
    return _maanden(value, DATA_DOCS_ENV, DATA_DOCS_MAANDEN, minimum=0, waarom="0 keeps them for life")


def _toestand_maanden(maanden: int) -> int:
    """Months of per-person states and quarantaine kept: the latest always (the next month reads its
    persoon_toestand), more when more months of deliveries are kept."""
    return max(1, maanden)


def _maanden(value: str | int | None, env: str, default: int, *, waarom: str, minimum: int = 1) -> int:
    """A retention setting: `value`, else the variable `env`, else `default`; an error saying `waarom` (why the minimum)
    when it lies below `minimum`."""
    raw = value if value is not None else os.environ.get(env)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        maanden = int(raw)
    except ValueError:
        raise BewaartermijnError(f"{env}={raw!r} is not a whole number of months; set it to e.g. {default}") from None
    if maanden < minimum:
        raise BewaartermijnError(f"{env}={maanden}: at least {minimum} ({waarom}); set it to {minimum} or more")
    return maanden


def grens(laatste: date, maanden: int) -> date:
    """The first peildatum kept when `laatste` is the latest: the window holds `maanden` months."""
    return add_months(laatste, -(maanden - 1))


def aanwezige_tabellen(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary "
        "AND schema_name = 'main' AND list_contains($tabellen, table_name) ORDER BY table_name",
        {"tabellen": list(RUWE_TABELLEN)},
    ).fetchall()
    return [r[0] for r in rows]


def _laatste_peildatum(con: duckdb.DuckDBPyConnection, tabellen: list[str]) -> date | None:
    """The latest peildatum in the raw tables: the window counts back from it."""
    if not tabellen:
        return None
    per_tabel = " UNION ALL ".join(f"SELECT max(peildatum) AS m FROM {t}" for t in tabellen)
    return scalar(con, f"SELECT max(m) FROM ({per_tabel})")


@dataclass(frozen=True)
class Opschoning:
    """What one retention step did: counts only (safe for logs and Dagster metadata)."""

    maanden: int
    laatste: date | None
    eerste_bewaard: date | None
    rijen_verwijderd: dict[str, int]

    @property
    def totaal(self) -> int:
        return sum(self.rijen_verwijderd.values())


LOG = "bewaartermijn_log"


def _log_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {LOG} (uitgevoerd_op TIMESTAMP, eerste_bewaard DATE, tabel VARCHAR, "
        "rijen BIGINT, herschreven BOOLEAN)"
    )


def te_herschrijven(con: duckdb.DuckDBPyConnection) -> int:
    """Rows deleted by retention since the warehouse file was last rewritten: until then they can
    still stand in free blocks of the file (the erasure step rewrites it when this is not 0)."""
    exists = table_exists(con, LOG)
    return int(scalar(con, f"SELECT coalesce(sum(rijen), 0) FROM {LOG} WHERE NOT herschreven") or 0) if exists else 0


def herschreven(con: duckdb.DuckDBPyConnection) -> None:
    """Record that the file was rewritten: no deleted row stays in it."""
    exists = table_exists(con, LOG)
    if exists:
        con.execute(f"UPDATE {LOG} SET herschreven = true WHERE NOT herschreven")


def _vensters(con: duckdb.DuckDBPyConnection, maanden: int) -> tuple[date | None, dict[str, date]]:
    """The latest peildatum of the raw tables, and per table present the first peildatum its window keeps. With
    `maanden` 0 the delivered tables have none here: the run's own month stays until `leveringen_weg`. The step
    tables' window (`stap_maanden`; none with 0) counts back from their own latest peildatum; the spreadsheets'
    (SPREADSHEETS, the rerun window) from the latest list."""
    tabellen = aanwezige_tabellen(con)
    laatste = _laatste_peildatum(con, tabellen)
    eerste = {t: grens(laatste, maanden if t in LEVERINGEN else _toestand_maanden(maanden)) for t in tabellen
              if maanden or t not in LEVERINGEN} if laatste else {}
    stappen = [t for t in STAP_TABELLEN if table_exists(con, t)]
    if (stap := stap_maanden()) and (laatste_stap := _laatste_peildatum(con, stappen)):
        eerste |= {t: grens(laatste_stap, stap) for t in stappen}
    return laatste, eerste | _spreadsheet_venster(con)


def _spreadsheet_venster(con: duckdb.DuckDBPyConnection) -> dict[str, date]:
    """{SPREADSHEETS: the first month of the rerun window}, counted back from the latest list (gemeente_lijst: the
    latest month run, not a month's spreadsheets loaded ahead of its run); empty without either table."""
    if not (table_exists(con, SPREADSHEETS) and table_exists(con, "gemeente_lijst")):
        return {}
    laatste = scalar(con, "SELECT max(peildatum) FROM gemeente_lijst")
    return {SPREADSHEETS: grens(laatste, bewaar_maanden())} if laatste else {}


def _buiten(tabel: str) -> str:
    """The condition of a table's rows before its window (parameter $eerste, its first peildatum kept)."""
    if tabel == SPREADSHEETS:
        return f"rowid IN ({sql('bewaartermijn_spreadsheets')})"
    return "peildatum < $eerste"


def _log(con: duckdb.DuckDBPyConnection, rijen: list[tuple[date, str, int]]) -> None:
    """Record (first peildatum kept, table, rows deleted) in bewaartermijn_log, not yet rewritten."""
    if rijen:
        _log_table(con)
        con.executemany(f"INSERT INTO {LOG} VALUES (current_localtimestamp(), ?, ?, ?, false)",
                        [list(r) for r in rijen])


def _verwijder(con: duckdb.DuckDBPyConnection, vensters: dict[str, date]) -> dict[str, int]:
    """Delete, per table, the rows of every peildatum before its first peildatum kept, in one transaction, and log
    the counts in bewaartermijn_log (the audit trail of what was removed when). Returns the rows deleted."""
    verwijderd: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for tabel, eerste in vensters.items():
            n = con.execute(f"DELETE FROM {tabel} WHERE {_buiten(tabel)}", {"eerste": eerste}).fetchall()[0][0]
            if n:
                verwijderd[tabel] = int(n)
        _log(con, [(vensters[tabel], tabel, n) for tabel, n in verwijderd.items()])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return verwijderd


def _over(con: duckdb.DuckDBPyConnection, vensters: dict[str, date]) -> dict[str, int]:
    """Per table, the rows of a peildatum before its first peildatum kept (only tables with such rows)."""
    over = {t: scalar(con, f"SELECT count(*) FROM {t} WHERE {_buiten(t)}", {"eerste": e}) for t, e in vensters.items()}
    return {t: int(n) for t, n in over.items() if n}


def pas_toe(con: duckdb.DuckDBPyConnection, maanden: int | None = None) -> Opschoning:
    """Delete the raw snapshots (and quarantaine rows) of every peildatum before the warehouse's window
    (`ruwe_maanden` for the delivered tables, at least the latest month for the states and the quarantaine),
    in one transaction, and log the counts in bewaartermijn_log (the audit trail of what was removed when).
    Set-based: one DELETE per table. Returns the rows deleted per table. With a window of 0 the delivered
    tables are left to `leveringen_weg`, after the erasure. The step tables (STAP_TABELLEN) lose the
    peildata before their own window (`stap_maanden`) in the same transaction."""
    maanden = ruwe_maanden(maanden)
    laatste, vensters = _vensters(con, maanden)
    verwijderd = _verwijder(con, vensters)
    return Opschoning(maanden, laatste, grens(laatste, _toestand_maanden(maanden)) if laatste else None, verwijderd)


def leeg_na_de_run(maanden: int | None = None) -> tuple[str, ...]:
    """The delivered tables the erasure step empties at the end of a month's run (`leveringen_weg`): all of
    them with a window of 0 months (the default), none otherwise."""
    return () if ruwe_maanden(maanden) else LEVERINGEN


def _na_de_run(con: duckdb.DuckDBPyConnection, tot: date, maanden: int | None) -> dict[str, date]:
    """Per delivered table the erasure step empties: the month after `tot`, the first peildatum it keeps."""
    return {t: add_months(tot, 1) for t in aanwezige_tabellen(con) if t in leeg_na_de_run(maanden)}


def leveringen_weg(con: duckdb.DuckDBPyConnection, tot: date, maanden: int | None = None) -> dict[str, int]:
    """With a window of 0 months: delete the delivered rows of peildatum `tot` (the month whose run ends) and
    before, in one transaction, logged in bewaartermijn_log as removed before the month after `tot`. A later
    month's rows (ingested ahead of its run, as an asset backfill may) stay for that run. The erasure step calls
    it after it found the objectors in them and before it rewrites the file. Returns the rows deleted per table."""
    return _verwijder(con, _na_de_run(con, tot, maanden))


def rijen_buiten_termijn(con: duckdb.DuckDBPyConnection, maanden: int | None = None) -> dict[str, int]:
    """Check: per table, the rows older than the window (must be none after pas_toe). With a window of 0 the
    delivered tables are not counted here: `leveringen_over` checks them after the erasure step."""
    return _over(con, _vensters(con, ruwe_maanden(maanden))[1])


def leveringen_over(con: duckdb.DuckDBPyConnection, tot: date, maanden: int | None = None) -> dict[str, int]:
    """Check, after the erasure step of month `tot`: per delivered table, the rows of `tot` and before left although
    the window is 0 (must be none)."""
    return _over(con, _na_de_run(con, tot, maanden))


def ontbrekende_momentopname(con: duckdb.DuckDBPyConnection, peildatum: date) -> str | None:
    """Why the warehouse holds no raw snapshot of `peildatum` (its BRP delivery, which every month has), as a
    message that says what to do; None when it holds one. A step of the chain run alone for a month before the
    rerun window would otherwise compute that month from nothing and fail on a check, after overwriting it. Likewise
    when it holds some of the files the month's run loaded but not all (`verdwenen_leveringen`): the step would
    compute the month without the others."""
    maand = f"{peildatum:%Y-%m}"
    if weg := verdwenen_leveringen(con, peildatum):
        return (
            f"{', '.join(weg)} of {maand} {'is' if len(weg) == 1 else 'are'} no longer in the warehouse (a month's "
            f"deliveries go at the end of its run), while other files of {maand} were loaded again since: this step "
            f"would compute {maand} without {'it' if len(weg) == 1 else 'them'}. Run the whole month instead (`jib run "
            f"--from {maand} --to {maand}`, or every asset of its partition of job jib_maand), or materialize "
            f"{', '.join(b.removesuffix('.csv') for b in weg)} for {maand} first, then this step."
        )
    if "brp_personen" in aanwezige_tabellen(con) and scalar(
        con, "SELECT count(*) > 0 FROM brp_personen WHERE peildatum = $p", {"p": peildatum}
    ):
        return None
    eerste = (scalar(con, f"SELECT max(eerste_bewaard) FROM {LOG} WHERE eerste_bewaard > $p AND tabel <> $s",
                     {"p": peildatum, "s": SPREADSHEETS})
              if table_exists(con, LOG) else None)
    if not eerste:
        oorzaak = "its deliveries were not loaded"
    elif ruwe_maanden():
        oorzaak = (f"the retention step removed the raw snapshots before {eerste:%Y-%m} (the warehouse keeps "
                   f"{ruwe_maanden()} month(s) of them, {RUWE_ENV})")
    else:
        oorzaak = (f"the warehouse keeps a month's deliveries only during its run ({RUWE_ENV}=0, the default; "
                   "landing/ keeps them for the rerun window)")
    return (
        f"no raw snapshot of {maand} in the warehouse: {oorzaak}. Run the whole month instead (every asset of "
        f"its partition of job jib_maand, or `jib run --from {maand} --to {maand}`): its ingest reads "
        f"landing/{maand} again (put that folder back first if `jib bewaartermijn landing` archived it)."
    )


def verdwenen_leveringen(con: duckdb.DuckDBPyConnection, peildatum: date) -> list[str]:
    """The delivered files of P that were loaded (ingest_bestanden) but whose rows the warehouse no longer holds
    (ingest_aanwezig), when it holds another file of P: loaded again on its own after the month's run emptied them
    (an asset materialized alone from the Dagster UI). Empty when it holds no file of P (ontbrekende_momentopname
    says why). A warehouse written before ingest_aanwezig has it from migration v0004, for the deliveries it holds."""
    if not (table_exists(con, "ingest_aanwezig") and table_exists(con, "ingest_bestanden")):
        return []
    return [r[0] for r in con.execute(
        "SELECT DISTINCT bestand FROM ingest_bestanden WHERE peildatum = $p AND list_contains($bestanden, bestand) "
        "AND bestand NOT IN (SELECT bestand FROM ingest_aanwezig WHERE peildatum = $p) "
        "AND EXISTS (SELECT 1 FROM ingest_aanwezig WHERE peildatum = $p) ORDER BY 1",
        {"p": peildatum, "bestanden": [s.bestand for s in CSV_SOURCES.values()]}).fetchall()]


def bewaarde_maanden(con: duckdb.DuckDBPyConnection) -> list[date]:
    """The peildata that still have a raw brp_personen snapshot."""
    if "brp_personen" not in aanwezige_tabellen(con):
        return []
    return [r[0] for r in con.execute("SELECT DISTINCT peildatum FROM brp_personen ORDER BY 1").fetchall()]


def _maandmappen(map_: Path) -> list[Path]:
    """The folders YYYY-MM in `map_`, oldest first; anything else is never touched."""
    return sorted(p for p in map_.glob(MAAND_PATROON) if p.is_dir() and _maand(p.name)) if map_.is_dir() else []


def _voor_venster(mappen: list[Path], laatste: Path, maanden: int) -> list[Path]:
    eerste = grens(_maand(laatste.name), maanden)  # type: ignore[arg-type]
    return [p for p in mappen if _maand(p.name) < eerste]  # type: ignore[operator]


def oude_landingsmappen(landing: Path, maanden: int | None = None) -> list[Path]:
    """Landing folders YYYY-MM before the window, counted back from the latest complete one (a folder
    with _COMPLETE). Folders that are not months are never touched."""
    maanden = bewaar_maanden(maanden)
    mappen = _maandmappen(landing)
    compleet = [p for p in mappen if (p / "_COMPLETE").exists()]
    return _voor_venster(mappen, compleet[-1], maanden) if compleet else []


def oude_exportmappen(exports: Path, maanden: int | None = None) -> list[Path]:
    """The pipeline's copies of the export months YYYY-MM before the rerun window (`maanden`, default
    `bewaar_maanden`), counted back from the latest month exported: data kept no longer than necessary (the
    municipalities hold the files they were sent)."""
    mappen = _maandmappen(exports)
    return _voor_venster(mappen, mappen[-1], bewaar_maanden(maanden)) if mappen else []


def exportmappen_buiten_termijn(exports: Path, peildatum: date, maanden: int | None = None) -> list[Path]:
    """The export months a run of `peildatum` removes: those before the export window (`export_maanden`; none with
    0), except the run's own month (a rerun of a month before the window keeps what it just wrote, until the next
    month's run)."""
    n = export_maanden(maanden)
    return [p for p in oude_exportmappen(exports, n) if p.name != f"{peildatum:%Y-%m}"] if n else []


def exports_opruimen(exports: Path, peildatum: date, maanden: int | None = None) -> list[str]:
    """At the end of a month's run, before the erasure: remove the export copies before the window
    (`exportmappen_buiten_termijn`). Every month's erasure writes again each earlier copy that holds a new objector's
    row, so copies kept for life made that cost grow with the history: over an idle national year (2026-12-07)
    1,256 files in February, 1,926 in December, 2.6 to 6.0 s. Returns the months removed."""
    oud = exportmappen_buiten_termijn(exports, peildatum, maanden)
    verwijder_exportmappen(oud)
    return [p.name for p in oud]


def oude_data_docs(docs: Path, peildatum: date | None, maanden: int | None = None) -> list[Path]:
    """The month folders of the Data Docs (`docs`/resultaten/<suite>/YYYY-MM and validations/<suite>/YYYY-MM) before
    the window (`data_docs_maanden`; none with 0), counted back from the latest month of any suite, except
    `peildatum`'s own (a rerun of an older month keeps what it just wrote until the next month's)."""
    n = data_docs_maanden(maanden)
    mappen = [m for sub in DATA_DOCS_MAPPEN for suite in sorted((docs / sub).glob("*")) if suite.is_dir()
              for m in _maandmappen(suite)] if n else []
    eigen = f"{peildatum:%Y-%m}" if peildatum else None
    return [m for m in _voor_venster(mappen, max(mappen, key=lambda m: m.name), n) if m.name != eigen] if mappen else []


def data_docs_opruimen(docs: Path, peildatum: date, maanden: int | None = None) -> list[str]:
    """Remove the Data Docs month folders before the window (`oude_data_docs`) before the index is built again.
    Returns the months removed."""
    oud = oude_data_docs(docs, peildatum, maanden)
    for map_ in oud:
        shutil.rmtree(map_)
    return sorted({m.name for m in oud})


def verwijder_exportmappen(mappen: list[Path]) -> None:
    """Remove the export months (no archive: a copy outside the data folder would be out of the erasure's
    reach). The export index (privacy/erasure.export_index) forgets their files at its next read."""
    for map_ in mappen:
        shutil.rmtree(map_)


def archiveer_landing(mappen: list[Path], archief: Path | None, data: Path) -> list[Path]:
    """Move each folder into `archief` (which must lie outside the data folder `data`), or remove it
    when `archief` is None. Returns the new locations (empty when removed)."""
    if archief is not None:
        archief = archief.absolute()
        if archief.is_relative_to(data.absolute()):
            raise BewaartermijnError(
                f"archive folder {archief} lies inside the data folder {data}: the point is to take the "
                "deliveries out of it; choose a folder outside it (e.g. on the archive disk)"
            )
        archief.mkdir(parents=True, exist_ok=True)
    nieuw: list[Path] = []
    for map_ in mappen:
        if archief is None:
            shutil.rmtree(map_)
            continue
        doel = archief / map_.name
        if doel.exists():
            raise BewaartermijnError(
                f"{doel} exists already: the archive holds a folder of that month; move it aside first"
            )
        shutil.move(str(map_), str(doel))
        nieuw.append(doel)
    return nieuw


def _maand(naam: str) -> date | None:
    try:
        return date.fromisoformat(f"{naam}-01")
    except ValueError:
        return None
