"""One delivery CSV of a landing month -> its typed table, with rows that break sources.md in quarantaine.

The file is read as physical lines (so regel is the line an editor shows, and a stray quote spoils only
its own line), split and checked set-based in DuckDB, then written in one transaction.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb

from jib_assets.db import scalar, sql, table_exists
from jib_assets.ingest import delivery, krimp, query, store
from jib_assets.ingest.sources import CSV_SOURCES, SourceSpec
from jib_assets.parameters import POLIS_MAANDEN
from jib_assets.partitions import add_months, previous_month
from jib_assets.settings import get_settings

# The delivery whose birth dates say who is of the target group (SourceSpec.alleen_doelgroep).
PERSONEN = "brp_personen"
# The deliveries that make someone DUO-known (rules.md 1): of those not stored, the BSNs are kept for the run.
DUO = ("duo_diplomas", "duo_inschrijvingen")


def ingest_csv(
    con: duckdb.DuckDBPyConnection, month_dir: Path, name: str, peildatum: date, *, accepteer_krimp: bool = False,
    lag_maanden: int | None = None, ruwe_maanden: int = 0, alleen_doelgroep: bool = True,
) -> store.IngestResult:
    """Load `<name>.csv` of a complete month folder as the rows of `peildatum` in table `name`.

    Raises DeliveryError when the file is missing, not UTF-8 or has the wrong header, and KrimpError when
    it has no data rows or far fewer than the previous delivery (ingest/krimp.py) unless `accepteer_krimp`;
    then nothing of it is written. Bad rows do not raise, they go to quarantaine. Running it again replaces
    the same rows. `lag_maanden` and `ruwe_maanden` (privacy.bewaartermijn.ruwe_maanden()): which polis rows
    are stored (`bewaard`). `alleen_doelgroep` (and `ruwe_maanden` 0): a file of SourceSpec.alleen_doelgroep stores
    only the rows of the target group (`doelgroep`); False for a simulation whose target age is another.
    """
    spec = _spec(name)
    delivery.require_peildatum(peildatum)
    path = delivery.require_file(Path(month_dir), spec.bestand)
    store.prepare(con)
    header = delivery.read_header_line(path)
    delivery.check_header(spec.bestand, scalar(con, "SELECT ingest_velden(?)", [header]), spec.header)
    delivery.require_line_end(path, spec.bestand)
    con.execute(query.table_ddl(spec))
    bewaar = bewaard(con, peildatum, lag_maanden, ruwe_maanden) if spec.alleen_gelezen else None
    lading = None
    if spec.alleen_doelgroep and alleen_doelgroep and ruwe_maanden == 0:
        lading = _lading(con, peildatum)
        if lading is not None:
            bewaar = doelgroep(peildatum)
    with store.staging(con):
        _stage(con, spec, path, peildatum, bewaar)
        if _may_repeat_key(con, spec):
            con.execute(query.duplicate_update(spec))
        if name == PERSONEN:
            lading = _geboortedata(con)
        rijen = scalar(con, f"SELECT count(*) FROM {store.STAGED}")
        volume = krimp.check(con, spec.bestand, peildatum, rijen, accepteer=accepteer_krimp)
        result = store.store_staged(
            con, table=spec.name, peildatum=peildatum, bestand=spec.bestand, quarantaine_where="bestand = $bestand",
            alleen_bewaard=bewaar is not None, lading=lading, buiten=lading is not None and name in DUO,
        )
        return dataclasses.replace(result, volume=volume)


def bewaard(
    con: duckdb.DuckDBPyConnection, peildatum: date, lag_maanden: int | None = None, ruwe_maanden: int = 0
) -> tuple[str, dict]:
    """Which valid polis rows of P's delivery (the 12 months before P, sources.md) the warehouse stores, as a condition
    and its parameters: those read from it. By default its delivered rows live only during P's run
    (privacy/bewaartermijn.py), so those a rule of P reads: every row of the income month (rules.md 2: P-1), and of
    the follow-up months U+1..U+6 = P-6..P-1 (rules.md 5) the rows of the werk cohort U = P-7 only
    (sql/werk_cohort.sql, as the monitoring reads it); national December: 2,954,955 of 34.1 million lines, against
    17.4 million for the six months whole. A cohort month before the first month (JIB_FIRST_MONTH) has no list, so
    no cohort. One that has not run yet (an asset backfill may load a month's deliveries before the months before it
    ran) keeps the follow-up months whole, for the monitoring of P to read once it has. `lag_maanden`: the income
    lag (a `jib wat-als --inkomen-lag` variant's). When the snapshots outlive their run (`ruwe_maanden`,
    JIB_BEWAAR_MAANDEN_RUW, above 0), `jib wat-als --inkomen-lag` reads them too: then the POLIS_MAANDEN months
    before P are stored whole, as its income lags reach back that far."""
    from jib_assets.chain.maand_delta import processed_months
    from jib_assets.chain.monitoring import werk_vervolg
    from jib_assets.chain.persoon_toestand import income_month

    if ruwe_maanden > 0:
        return "maand >= $bewaar_vanaf", {"bewaar_vanaf": add_months(peildatum, -POLIS_MAANDEN)}
    vervolg = werk_vervolg(peildatum)
    params = {"inkomensmaand": income_month(peildatum, lag_maanden)}
    maanden = params | {k: vervolg[k] for k in ("vervolg_van", "na_6")}
    if vervolg["cohort"] in processed_months(con):
        cohort = f"bsn IN (SELECT bsn FROM ({sql('werk_cohort')}))"
        return (f"maand = $inkomensmaand OR (maand BETWEEN $vervolg_van AND $na_6 AND {cohort})",
                maanden | {"cohort": vervolg["cohort"]})
    if vervolg["cohort"] < get_settings().first_month:
        return "maand = $inkomensmaand", params
    return "maand = $inkomensmaand OR maand BETWEEN $vervolg_van AND $na_6", maanden


def doelgroep(peildatum: date) -> tuple[str, dict]:
    """Which valid rows of a SourceSpec.alleen_doelgroep delivery (brp_adressen, duo_diplomas, duo_inschrijvingen) the
    warehouse stores, as `bewaard` says it: those of persons a rule of the month can need, i.e. not of those the
    month's brp_personen puts outside the target group (the macro buiten_doelgroep, as persoon_toestand applies it:
    one BRP record with a birth date, not of target age on P nor on P-1). The rules read addresses and DUO facts only
    of the persons persoon_toestand keeps and of the residents aged 23 to 26 on P (the monitoring's denominator), all
    of target age; of the other DUO-known persons only that they are, which their BSN in duo_buiten keeps (`DUO`). An
    unknown BSN, or one with several or no birth date, keeps its rows. National February: 1,074,582 of 4,278,424
    address rows stored, 1,637,858 of 4,876,955 diplomas, 2,021,582 of 7,306,181 enrolments. What brp_personen held
    when it chose them is recorded (ingest_aanwezig.lading), and a step refuses the month when brp_personen was loaded
    again since with other BSNs or birth dates (`verouderde_doelgroep`)."""
    buiten = (f"SELECT bsn FROM {PERSONEN} WHERE peildatum = $doelgroep_p GROUP BY bsn "
              "HAVING buiten_doelgroep(count(*), any_value(geboortedatum), $doelgroep_p, $doelgroep_vorige)")
    return f"bsn NOT IN ({buiten})", {"doelgroep_p": peildatum, "doelgroep_vorige": previous_month(peildatum)}


def _geboortedata(con: duckdb.DuckDBPyConnection) -> str:
    """What of a staged brp_personen `doelgroep` reads, in one string: its valid rows' count and the sum of the hashes of
    their BSN and birth date. The same file loaded again gives the same string, so only a delivery that changed them
    makes a step refuse the month (`verouderde_doelgroep`); an asset backfill loads a month's brp_personen again while
    steps that read the other deliveries of the run before may run first."""
    n, som = con.execute(f"SELECT count(*), sum(hash(bsn, geboortedatum)::HUGEINT) FROM {store.STAGED} "
                         "WHERE reden IS NULL").fetchone()
    return f"{n}:{som or 0}"


def _lading(con: duckdb.DuckDBPyConnection, peildatum: date) -> str | None:
    """What P's brp_personen held when last loaded (ingest_aanwezig.lading: `_geboortedata`), None when it has no such
    load: then nothing tells who is of the target group, and every row is stored."""
    rij = con.execute("SELECT lading FROM ingest_aanwezig WHERE peildatum = $p AND bestand = $b",
                      {"p": peildatum, "b": f"{PERSONEN}.csv"}).fetchone()
    return None if rij is None else rij[0]


def verouderde_doelgroep(con: duckdb.DuckDBPyConnection, peildatum: date) -> str | None:
    """Why P's deliveries stored for the target group no longer fit brp_personen (loaded again after them with other
    BSNs or birth dates, which may put someone else in the target group, whose rows were not stored), as a message
    that says what to do; None when they fit. A query of a few rows: every step that reads P's deliveries asks it first."""
    if not table_exists(con, "ingest_aanwezig"):
        return None
    bestanden = [r[0] for r in con.execute(
        "SELECT d.bestand FROM ingest_aanwezig AS d LEFT JOIN ingest_aanwezig AS p "
        "ON p.peildatum = d.peildatum AND p.bestand = $personen WHERE d.peildatum = $p AND d.bestand <> $personen "
        "AND d.lading IS NOT NULL AND d.lading IS DISTINCT FROM p.lading ORDER BY 1",
        {"p": peildatum, "personen": f"{PERSONEN}.csv"}).fetchall()]
    if not bestanden:
        return None
    maand = f"{peildatum:%Y-%m}"
    namen = ", ".join(b.removesuffix(".csv") for b in bestanden)
    return (f"{', '.join(bestanden)} of {maand} holds only the rows of the target group by the birth dates of an earlier "
            f"load of {PERSONEN}.csv, which was loaded again since with other BSNs or birth dates, so it may miss "
            f"someone's rows. Materialize {namen} for {maand} again (each reads {PERSONEN}), or run the whole month "
            f"(`jib run --from {maand} --to {maand}`), then this step.")


def _stage(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, peildatum: date, bewaar: tuple[str, dict] | None
) -> None:
    staging, params = query.staging_query(spec, peildatum, bewaar)
    try:
        con.register("ingest_regels", delivery.lines(path))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {store.STAGED} AS {staging}", params)
    except Exception:
        delivery.require_utf8(path)  # the usual cause: raise the supplier-facing error instead
        raise
    finally:
        con.unregister("ingest_regels")


def _may_repeat_key(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> bool:
    hashes = con.sql(query.key_hashes(spec)).pl()["h"]
    return hashes.n_unique() != hashes.len()


def _spec(name: str) -> SourceSpec:
    try:
        return CSV_SOURCES[name]
    except KeyError:
        raise ValueError(f"unknown delivery file {name!r}; known: {', '.join(CSV_SOURCES)}") from None

