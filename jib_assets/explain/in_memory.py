"""A month's steps 1-3 rebuilt in an in-memory database beside the warehouse (attached read-only), shared by
`jib wat-als` and `jib uitleg`: nothing is written to the warehouse, and the database is dropped afterwards.

The month's delivered snapshots come from the warehouse while it keeps them; for a month before its raw
window (privacy/bewaartermijn.py: the warehouse keeps the latest month's deliveries only) they are loaded
again from landing/YYYY-MM by the pipeline's own ingest, as a rerun of the month would. Then the chain's own
build functions run, with today's parameters for that month unless the caller binds others.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from jib_assets.chain.duo_selectie import build_duo_selectie
from jib_assets.chain.gemeente_filter import build_gemeente_filter
from jib_assets.chain.ib_verrijking import build_ib_lijst
from jib_assets.chain.persoon_toestand import build_persoon_toestand
from jib_assets.db import install_macros, scalar, sql
from jib_assets.ingest import DeliveryError, ingest_csv, is_complete, month_dir
from jib_assets.ingest.delivery import COMPLETE_MARKER
from jib_assets.ingest.sources import CSV_SOURCES
from jib_assets.privacy import bewaartermijn

# What the delta and the key guard read besides the month's sources: copied whole, or up to P-1.
HISTORIE: tuple[tuple[str, str], ...] = (
    ("gemeente_lijst", "peildatum < $peildatum"),
    ("gemeente_lijst_maanden", "peildatum < $peildatum"),
    ("werklijst_casemanager", "peildatum < $peildatum"),
    ("casemanager_monitoring", "peildatum <= $peildatum"),
    ("bezwaar_register", "TRUE"),
    ("sleutel_vingerafdruk", "TRUE"),
    ("sleutel_rotatie", "TRUE"),
    # Objectors' erased states (bsn NULL) are kept as stored, as the real run keeps them.
    ("persoon_toestand", "peildatum = $peildatum AND bsn IS NULL"),
)


class MaandError(Exception):
    """The month cannot be rebuilt (not run, or its deliveries are kept neither in the warehouse nor in
    landing); the message says why and what to do, and names no person."""


@contextmanager
def month_in_memory(
    warehouse: Path,
    peildatum: date,
    key: bytes,
    *,
    landing: Path | None,
    gebied: Sequence[str] | None = None,
    inkomensgrens: Decimal | None = None,
    leeftijd: tuple[int, int] | None = None,
    lag_maanden: int | None = None,
    bekend_regelingen: Sequence[str] | None = None,
    memory_limit: str = "2GB",
    threads: int = 2,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database holding the warehouse as `wh`, the month's sources and history in `main`, and
    persoon_toestand, duo_beoordeling, duo_selectie, ib_verrijking, ib_lijst and gemeente_filter of
    `peildatum` built there with the given parameters (None: today's for that month).

    `landing`: the landing root; read only when the warehouse holds no snapshot of the month (LandingMissing
    when it is needed and None, or the month's folder is missing or incomplete). `gebied`: the deployment's
    gemeentecodes (None: every gemeente), as the real run used.
    """
    con = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads})
    try:
        con.execute("SET enable_progress_bar = false")
        install_macros(con)
        con.execute("ATTACH $path AS wh (READ_ONLY)", {"path": str(warehouse)})
        _require_run(con, peildatum)
        _require_area(con, peildatum, gebied)
        _copy_history(con, peildatum)
        if snapshot_kept(con, peildatum):
            _copy_sources(con, peildatum)
        else:
            load_landing(con, peildatum, landing, lag_maanden)
        if leeftijd is not None:
            con.execute("CREATE TEMP TABLE wat_als_parameters (leeftijd_van INTEGER, leeftijd_tot INTEGER)")
            con.execute("INSERT INTO wat_als_parameters VALUES ($van, $tot)", {"van": leeftijd[0], "tot": leeftijd[1]})
            con.execute(sql("wat_als_leeftijd"))
        build_persoon_toestand(con, peildatum, key, inkomensgrens=inkomensgrens, lag_maanden=lag_maanden,
                               bekend_regelingen=bekend_regelingen)
        build_duo_selectie(con, peildatum, gebied)
        build_ib_lijst(con, peildatum)
        build_gemeente_filter(con, peildatum)
        yield con
    finally:
        con.close()


def snapshot_kept(con: duckdb.DuckDBPyConnection, peildatum: date) -> bool:
    """Whether the attached warehouse still holds the month's raw snapshot, decided as the pipeline decides
    it (bewaartermijn.ontbrekende_momentopname: its BRP delivery, which every month has)."""
    con.execute("USE wh")
    try:
        return bewaartermijn.ontbrekende_momentopname(con, peildatum) is None
    finally:
        con.execute("USE memory")


class LandingMissing(MaandError):
    """The month's deliveries are kept neither in the warehouse nor in landing (`folder`: where they were
    looked for, None when no landing root was given). Each tool says what it could not do, then `hint()`."""

    def __init__(self, peildatum: date, folder: Path | None):
        self.peildatum, self.folder = peildatum, folder
        super().__init__(f"The warehouse no longer keeps the deliveries of {peildatum:%Y-%m} (it keeps the latest "
                         f"month's only, {bewaartermijn.RUWE_ENV}), and {self.hint()}")

    def hint(self) -> str:
        """Where the month's landing folder should be and how to get it back (the end of a sentence)."""
        if self.folder is None:
            return f"no landing folder was given to read landing/{self.peildatum:%Y-%m} from."
        return (f"the month's landing folder {self.folder} is missing or incomplete (no {COMPLETE_MARKER}); "
                "`jib bewaartermijn landing --archief` may have moved it to the archive: put that folder back "
                f"(with its {COMPLETE_MARKER}) and run the command again.")


def load_landing(
    con: duckdb.DuckDBPyConnection, peildatum: date, landing: Path | None, lag_maanden: int | None = None
) -> None:
    """Load every delivery file (CSV_SOURCES) of landing/YYYY-MM as the month's rows, with the pipeline's ingest (the same
    types, row checks and quarantaine as the real run). A shrunken delivery is accepted: the month ran on it.
    `lag_maanden`: the income lag whose month of the polis is stored (a variant's; default the parameter's)."""
    folder = None if landing is None else month_dir(landing, peildatum)
    if folder is None or not is_complete(folder):
        raise LandingMissing(peildatum, folder)
    try:
        # Every address stored (`alleen_doelgroep` False): a variant's target age (`--leeftijd`) may be another.
        bestanden = [ingest_csv(con, folder, name, peildatum, accepteer_krimp=True, lag_maanden=lag_maanden,
                                ruwe_maanden=bewaartermijn.ruwe_maanden(), alleen_doelgroep=False).bestand
                     for name in CSV_SOURCES]
    except DeliveryError as exc:  # names a file and a line, never a value
        raise MaandError(f"{folder} cannot be read again: {exc}") from None
    _require_same_files(con, peildatum, folder, bestanden)


def _require_same_files(con: duckdb.DuckDBPyConnection, peildatum: date, folder: Path, bestanden: list[str]) -> None:
    """The files read again are the ones the month's run loaded: the same lines read, per file (ingest_bestanden,
    kept for every month). A redelivery not yet run would otherwise be compared with the lists of the files before
    it, without a word. A warehouse without those counts (an older release's) is not checked."""
    if not _exists(con, "ingest_bestanden"):
        return
    verschil = con.execute(
        "SELECT n.bestand, o.rijen_gelezen, n.rijen_gelezen FROM main.ingest_bestanden AS n "
        "JOIN wh.main.ingest_bestanden AS o ON o.bestand = n.bestand AND o.peildatum = n.peildatum "
        "WHERE n.peildatum = $p AND list_contains($bestanden, n.bestand) AND o.rijen_gelezen <> n.rijen_gelezen "
        "ORDER BY 1", {"p": peildatum, "bestanden": bestanden}).fetchall()
    if verschil:
        wat = ", ".join(f"{b}: {nu:,} lines against {toen:,}" for b, toen, nu in verschil)
        raise MaandError(f"{folder} is not what the run of {peildatum:%Y-%m} loaded ({wat}): a redelivery? Rerun the "
                         f"month first (jib run --from {peildatum:%Y-%m}), then ask again.")


def _require_run(con: duckdb.DuckDBPyConnection, peildatum: date) -> None:
    ran = _exists(con, "gemeente_lijst_maanden") and bool(
        scalar(con, "SELECT count(*) FROM wh.main.gemeente_lijst_maanden WHERE peildatum = $p", {"p": peildatum}))
    if not ran:
        raise MaandError(f"The warehouse has no lists of {peildatum:%Y-%m}: run that month first "
                         f"(jib run --from {peildatum:%Y-%m} --to {peildatum:%Y-%m}).")


def _require_area(con: duckdb.DuckDBPyConnection, peildatum: date, gebied: Sequence[str] | None) -> None:
    """The month is recomputed for the area it was processed for (its regio_indeling), or not at all: with another
    area the lists would differ for that reason alone (a shell without JIB_GEBIED counted youths outside the
    area as joining). Gemeentecodes are public; no person is named."""
    if not _exists(con, "regio_indeling"):
        return
    toen = {r[0] for r in con.execute("SELECT DISTINCT gemeentecode FROM wh.main.regio_indeling WHERE peildatum = $p",
                                      {"p": peildatum}).fetchall()}
    if not toen:
        return
    nu = set(gebied) if gebied is not None else {
        r[0] for r in con.execute("SELECT gemeentecode FROM wh.main.gemeenten").fetchall()}
    if toen != nu:
        raise MaandError(f"{peildatum:%Y-%m} was processed for an area of {len(toen)} gemeenten, and JIB_GEBIED gives "
                         f"{len(nu)}: set JIB_GEBIED to the deployment's area (the one `jib run` uses; `jib demo` "
                         "records its region in the data folder's file `gebied`) and ask again.")


def _copy_history(con: duckdb.DuckDBPyConnection, peildatum: date) -> None:
    for table, where in HISTORIE:
        if _exists(con, table):
            params = {"peildatum": peildatum} if "$peildatum" in where else {}
            con.execute(f"CREATE TABLE main.{table} AS SELECT * FROM wh.main.{table} WHERE {where}", params)


def _copy_sources(con: duckdb.DuckDBPyConnection, peildatum: date) -> None:
    for table in CSV_SOURCES:  # the source snapshots persoon_toestand and the lists read (rules.md 1-3)
        con.execute(f"CREATE TABLE main.{table} AS SELECT * FROM wh.main.{table} WHERE peildatum = $p", {"p": peildatum})


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'wh' AND table_name = $t",
                       {"t": table}))
