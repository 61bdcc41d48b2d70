"""Bad input loses nothing: a month delivered with defects gives the same list as the clean
delivery for everyone whose rows the defects did not touch (sources.md, "What bad input gets")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from jib_assets.chain.duo_selectie import reconcile_duo_selectie
from jib_assets.chain.maand import build_month
from jib_assets.chain.monitoring import build_monitoring
from jib_assets.db import install_macros
from jib_assets.ingest import CSV_SOURCES, ingest_casemanager, ingest_csv
from jib_assets.partitions import add_months
from jib_assets.reference import load_reference
from jib_assets.synth import generate

P = date(2025, 1, 1)
KEY = b"dirty-run-test-key"


def _chain(landing: Path, alleen_doelgroep: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    install_macros(con)
    load_reference(con)
    folder = landing / "2025-01"
    for name in CSV_SOURCES:
        ingest_csv(con, folder, name, P, alleen_doelgroep=alleen_doelgroep)
    ingest_casemanager(con, folder, P)
    build_month(con, P, KEY)
    return con


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("dirty")
    for kind in ("clean", "dirty"):
        generate("GM0988", P, P, seed=11, dirty=kind == "dirty", landing=root / kind, key=KEY, progress=False)
    clean, dirty = _chain(root / "clean"), _chain(root / "dirty")
    yield clean, dirty, root
    clean.close()
    dirty.close()


def _whole(landing: Path, name: str) -> duckdb.DuckDBPyConnection:
    """The month's file loaded alone with every valid row stored, also where the chain stores the target group's only."""
    con = duckdb.connect()
    install_macros(con)
    load_reference(con)
    ingest_csv(con, landing / "2025-01", name, P, alleen_doelgroep=False)
    return con


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> set[tuple]:
    """A table's rows of the month without the line number (defects shift lines)."""
    cols = [c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND column_name NOT IN ('regel')"
        " ORDER BY column_index", [table]).fetchall()]
    return set(con.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE peildatum = ?", [P]).fetchall())


MUTATING = {"invalid_bsn", "unknown_gemeentecode", "impossible_date", "end_before_begin", "negative_amount"}


def _manifest(root: Path) -> list[dict]:
    return json.loads((root / "dirty" / "2025-01" / "_defects.json").read_text(encoding="utf-8"))["defects"]


def _bsn_index(con, table: str) -> int:
    cols = [c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND column_name <> 'regel'"
        " ORDER BY column_index", [table]).fetchall()]
    return cols.index("bsn")


def _list(con) -> set[tuple[str, str, str]]:
    return set(con.execute(
        "SELECT bsn, gemeentecode, categorie FROM gemeente_lijst WHERE peildatum = ? AND status <> 'uitstroom'", [P]
    ).fetchall())


def test_the_dirty_month_really_has_defects_and_all_are_quarantined(runs):
    _, dirty, root = runs
    planted = {(d["file"], d["line"]) for d in _manifest(root)}
    found = set(dirty.execute(
        "SELECT bestand, regel FROM quarantaine WHERE peildatum = ? AND regel IS NOT NULL", [P]).fetchall())
    assert len(planted) >= 20
    assert found == planted


def _stored(polis: list[str], defect: dict) -> bool:
    """Whether the warehouse would store the defect's row had it been valid: a polis row (`polis`: the dirty file's
    lines) only when a rule of P reads it, in P's run (the first month, so no werk cohort yet) the income month's
    (rules.md 2: P-1); the defects of the polis (BSN, amount) leave its month readable."""
    if defect["file"] != "uwv_polis.csv":
        return True
    maand = polis[defect["line"] - 1].split(";")[1]
    return date.fromisoformat(f"{maand}-01") == add_months(P, -1)


def test_no_valid_row_is_lost_next_to_a_bad_one(runs):
    clean, dirty, root = runs
    polis = (root / "dirty" / "2025-01" / "uwv_polis.csv").read_text(encoding="utf-8").splitlines()
    mutated = {name: 0 for name in CSV_SOURCES}
    for defect in _manifest(root):
        if defect["kind"] in MUTATING and _stored(polis, defect):
            mutated[defect["file"].removesuffix(".csv")] += 1
    assert mutated["uwv_polis"] > 0  # the polis has defects in the months stored, so the count below means something
    for name in CSV_SOURCES:
        clean_rows, dirty_rows = _rows(clean, name), _rows(dirty, name)
        if CSV_SOURCES[name].alleen_doelgroep:
            # Which of its rows the chain stores follows brp_personen, whose own defects change it (someone whose BRP
            # row is set aside keeps their addresses: test_ingest_csv); every valid row of both files is compared.
            heel = [_whole(root / kind, name) for kind in ("clean", "dirty")]
            assert len(clean_rows) < len(_rows(heel[0], name))  # the chain stored the target group's only
            clean_rows, dirty_rows = (_rows(c, name) for c in heel)
            for c in heel:
                c.close()
        # Counts only: the rows hold (synthetic) BSNs, which stay out of test output.
        extra, lost = len(dirty_rows - clean_rows), len(clean_rows - dirty_rows)
        assert extra == 0, f"{name}: {extra} rows loaded that the clean delivery does not have"
        assert lost == mutated[name], f"{name}: valid rows lost"


def test_every_untouched_person_gets_the_same_list_outcome(runs):
    clean, dirty, _ = runs
    # Persons with a row the defects broke (by the previous test, exactly those rows are missing), or
    # set aside with their BSN: their outcome may rightly differ. Everyone else's must not.
    affected = {b for (b,) in dirty.execute("SELECT bsn FROM quarantaine WHERE bsn IS NOT NULL").fetchall()}
    for name in CSV_SOURCES:
        at = _bsn_index(clean, name)
        affected |= {row[at] for row in _rows(clean, name) - _rows(dirty, name)}
    clean_list = {r for r in _list(clean) if r[0] not in affected}
    dirty_list = {r for r in _list(dirty) if r[0] not in affected}
    assert len(clean_list) > 30
    assert dirty_list == clean_list, (
        f"{len(clean_list - dirty_list)} untouched persons lost, {len(dirty_list - clean_list)} gained"
    )
    # the defects touch a small minority: the comparison is not vacuous
    assert len(affected & {r[0] for r in _list(clean)}) < len(clean_list) / 5


def test_the_month_is_the_same_when_every_delivered_row_is_stored(runs):
    # The chain stores the addresses and DUO rows of the target group only (SourceSpec.alleen_doelgroep); stored whole,
    # as `jib wat-als` loads them, every table of the month must come out the same, and nobody may vanish.
    clean, _, root = runs
    heel = _chain(root / "clean", alleen_doelgroep=False)
    try:
        for con in (clean, heel):
            build_monitoring(con, P)
        for name in ("brp_adressen", "duo_diplomas", "duo_inschrijvingen"):
            assert len(_rows(clean, name)) < len(_rows(heel, name))  # fewer stored, so the comparison means something
        assert _rows(clean, "duo_buiten") and not _rows(heel, "duo_buiten")
        for table in ("persoon_toestand", "buiten_doelgroep", "duo_beoordeling", "duo_selectie", "ib_verrijking",
                      "gemeente_filter", "gemeente_lijst", "werklijst_casemanager", "monitoring_feiten",
                      "monitoring_maand"):
            assert _rows(clean, table) == _rows(heel, table), table
        assert reconcile_duo_selectie(clean, P, KEY) == reconcile_duo_selectie(heel, P, KEY)
        assert reconcile_duo_selectie(clean, P, KEY)["ok"]
    finally:
        heel.close()
