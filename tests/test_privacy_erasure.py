"""rules.md 3, opt-out: after a month's run, nothing identifying of a youth in objection remains in the
warehouse (history included, down to the bytes of the file) or in any export file; counts stay.

The world: `jib synth` deliveries for Midden-Limburg (whose casemanager spreadsheets mark objections),
run through the chain's own functions month by month. The warehouse is written uncompressed, so that a
scan of its raw bytes for a BSN or a name means something (a positive control proves it does).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from jib_assets import db
from jib_assets.chain.maand import build_month
from jib_assets.chain.monitoring import build_monitoring
from jib_assets.db import install_macros
from jib_assets.ingest import CSV_SOURCES, ingest_csv
from jib_assets.ingest.store import prepare
from jib_assets.privacy import erasure
from jib_assets.privacy.sleutel import register_jib_id
from jib_assets.publish.exports import rewrite_files, write_exports
from jib_assets.reference import load_reference

KEY = "erasure-test-key-5f0c2a"
MONTHS = (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1))
UNCOMPRESSED = {"force_compression": "uncompressed"}


def load_casemanager(con: duckdb.DuckDBPyConnection, folder: Path, peildatum: date) -> None:
    """A stand-in for the casemanager ingest: the spreadsheets' columns the chain reads, normalised."""
    con.execute("DELETE FROM casemanager_monitoring WHERE peildatum = ?", [peildatum])
    frames = [
        pl.read_excel(x, sheet_name="monitoring", infer_schema_length=0).with_columns(pl.lit(x.name).alias("bestand"))
        for x in sorted((folder / "casemanager").glob("*.xlsx"))
    ]
    if not frames:
        return
    ja = lambda c: pl.col(c).str.strip_chars().str.to_lowercase().is_in(["ja", "j"]).alias(c)  # noqa: E731
    datum = lambda c: pl.col(c).str.strip_chars().str.to_date("%d-%m-%Y", strict=False).alias(c)  # noqa: E731
    rows = pl.concat(frames, how="diagonal").with_row_index("regel", 2).select(
        pl.lit(peildatum).alias("peildatum"), "bestand", pl.col("regel").cast(pl.Int64),
        pl.col("jib_id").str.strip_chars().str.to_uppercase(), pl.col("gemeentecode").str.strip_chars(),
        datum("datum_kaartje"),
        pl.col("reactie_kaartje").str.strip_chars().str.to_lowercase().replace({"j": "ja", "n": "nee"}),
        datum("datum_huisbezoek"), ja("bereikt"), ja("toestemming"), "ondersteuningsvraag", datum("datum_uitstroom"),
        "bestemming", pl.col("bestede_uren").str.replace(",", ".").cast(pl.Float64, strict=False), ja("bezwaar"),
    ).filter(pl.col("jib_id").is_not_null())
    con.register("_cm", rows)
    con.execute("INSERT INTO casemanager_monitoring BY NAME SELECT * FROM _cm")
    con.unregister("_cm")


def run_month(con: duckdb.DuckDBPyConnection, home: Path, peildatum: date) -> None:
    folder = home / "landing" / peildatum.strftime("%Y-%m")
    for name in CSV_SOURCES:
        ingest_csv(con, folder, name, peildatum)
    prepare(con)
    load_casemanager(con, folder, peildatum)
    build_month(con, peildatum, KEY.encode())
    build_monitoring(con, peildatum)
    write_exports(con, peildatum, home / "exports")


def raw_bytes(warehouse: Path) -> bytes:
    data = warehouse.read_bytes()
    wal = Path(f"{warehouse}.wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    home = tmp_path_factory.mktemp("jib_erasure")
    env = {**os.environ, "JIB_HOME": str(home), "JIB_PSEUDONYM_KEY": KEY}
    synth = subprocess.run(
        [sys.executable, "-m", "jib_assets", "synth", "--region", "AM33", "--from", "2025-01", "--to", "2025-03",
         "--seed", "11"], env=env, capture_output=True, text=True, timeout=600,
    )
    assert synth.returncode == 0, "jib synth failed"
    warehouse = home / "warehouse" / "jib.duckdb"
    warehouse.parent.mkdir(parents=True)
    con = duckdb.connect(str(warehouse), config=UNCOMPRESSED)
    install_macros(con)
    load_reference(con)
    for month in MONTHS:
        run_month(con, home, month)
    con.close()
    return home, warehouse


@pytest.fixture(scope="module")
def before(world):
    """What the objectors looked like before erasure: their BSNs and name tokens, row counts, files."""
    home, warehouse = world
    con = duckdb.connect(str(warehouse), read_only=True)
    install_macros(con)
    found = erasure.find_objector_bsns(con, KEY.encode())
    bsns = {r[0] for r in con.execute("SELECT bsn FROM bezwaar_bsn").fetchall()}
    register = {r[0] for r in con.execute("SELECT jib_id FROM bezwaar_register").fetchall()}
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
              for t in ("gemeente_lijst", "duo_selectie", "ib_lijst", "werklijst_casemanager", "monitoring_maand")}
    left = erasure.remaining_in_warehouse(con, KEY.encode())
    files = erasure.export_files_to_rewrite(con, home / "exports")
    con.close()
    # Name tokens of the objectors that no other person in any delivery has (a shared surname would
    # rightly stay in the file for the other person).
    tokens: dict[str, set[str]] = {}
    for path in sorted((home / "landing").glob("*/brp_personen.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                for field in ("geslachtsnaam", "voornamen"):
                    if row[field]:
                        tokens.setdefault(row[field], set()).add(row["bsn"])
    names = {t for t, owners in tokens.items() if owners <= bsns and len(t) >= 5}
    data = raw_bytes(warehouse)
    return {
        "found": found, "bsns": bsns, "register": register, "counts": counts, "left": left,
        "files": files, "names": names,
        "bsns_in_file": {b for b in bsns if b.encode() in data},
        "names_in_file": {n for n in names if n.encode() in data},
    }


@pytest.fixture(scope="module")
def erased(world, before):
    home, warehouse = world
    gevonden: list = []
    result = erasure.erase_bezwaar(warehouse, home / "exports", KEY.encode(), rewrite_exports=rewrite_files, threads=2,
                                   config=UNCOMPRESSED, gevonden=gevonden)
    again = erasure.erase_bezwaar(warehouse, home / "exports", KEY.encode(), rewrite_exports=rewrite_files, threads=2,
                                   config=UNCOMPRESSED)
    return result, again, gevonden


def test_the_world_has_objectors_with_data_to_erase(before):
    assert len(before["register"]) >= 3
    assert before["found"] == len(before["bsns"]) >= 3
    assert before["left"], "expected identifying values of objectors before erasure"
    assert before["files"], "expected export files with objectors before erasure"


def test_positive_control_the_byte_scan_finds_values_before_erasure(before):
    # Without this, a scan that finds nothing after erasure would prove nothing.
    assert len(before["bsns_in_file"]) == len(before["bsns"])
    assert before["names"] and before["names_in_file"] == before["names"]


def test_no_identifying_value_of_an_objector_remains_in_any_table(world, erased):
    _, warehouse = world
    con = duckdb.connect(str(warehouse), read_only=True)
    install_macros(con)
    left = erasure.remaining_in_warehouse(con, KEY.encode())
    con.close()
    assert left == {}


def test_no_erased_bsn_or_name_remains_in_the_bytes_of_the_warehouse(world, before, erased):
    _, warehouse = world
    data = raw_bytes(warehouse)
    bsns_left = sum(1 for b in before["bsns"] if b.encode() in data)
    names_left = sum(1 for n in before["names"] if n.encode() in data)
    assert (bsns_left, names_left) == (0, 0), f"{bsns_left} BSNs and {names_left} names still in the file"
    assert not Path(f"{warehouse}.wal").exists()


def test_positive_control_other_people_are_still_in_the_bytes(world, before, erased):
    _, warehouse = world
    con = duckdb.connect(str(warehouse), read_only=True)
    others = [r[0] for r in con.execute("SELECT bsn FROM gemeente_lijst WHERE bsn IS NOT NULL LIMIT 20").fetchall()]
    con.close()
    data = raw_bytes(warehouse)
    assert others and all(b.encode() in data for b in others)


def test_counts_and_the_pseudonym_stay(world, before, erased):
    _, warehouse = world
    con = duckdb.connect(str(warehouse), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in before["counts"]}
    register = {r[0] for r in con.execute("SELECT jib_id FROM bezwaar_register").fetchall()}
    bezwaar_rows = con.execute(
        "SELECT count(*) FROM gemeente_lijst WHERE jib_id IN (SELECT jib_id FROM bezwaar_register)"
    ).fetchall()[0][0]
    con.close()
    assert counts == before["counts"]
    assert register == before["register"]
    assert bezwaar_rows > 0


def test_source_rows_of_objectors_are_gone_from_every_peildatum(world, before, erased):
    _, warehouse = world
    con = duckdb.connect(str(warehouse), read_only=True)
    con.register("objectors", pl.DataFrame({"bsn": sorted(before["bsns"])}))
    for table in CSV_SOURCES:
        n = con.execute(f"SELECT count(*) FROM {table} WHERE bsn IN (SELECT bsn FROM objectors)").fetchall()[0][0]
        assert n == 0, table
    other = con.execute("SELECT count(DISTINCT peildatum) FROM brp_personen").fetchall()[0][0]
    con.close()
    assert other == len(MONTHS)


def test_earlier_export_files_hold_no_identifying_value_of_an_objector(world, before, erased):
    home, warehouse = world
    con = duckdb.connect(str(warehouse), read_only=True)
    left = erasure.remaining_in_exports(con, home / "exports")
    con.close()
    assert left == {}
    # the rows stay, by jib_id, with empty identifying fields
    for peildatum, gemeente, name in before["files"]:
        rows = pl.read_csv(home / "exports" / peildatum.strftime("%Y-%m") / gemeente / f"{name}.csv",
                           separator=";", infer_schema_length=0)
        mine = rows.filter(pl.col("jib_id").is_in(sorted(before["register"])))
        assert mine.height >= 1
        ident = [c for c in erasure.identifying() if c in rows.columns]
        assert ident and all(mine[c].null_count() == mine.height for c in ident), (name, ident)


def test_erasure_reports_counts_and_is_idempotent(erased):
    first, again, _ = erased
    assert first["rijen_gewist"] > 0 and first["exportbestanden_herschreven"] > 0
    assert again["rijen_gewist"] == 0 and again["exportbestanden_herschreven"] == 0
    assert again["seconden_herschrijven_warehouse"] == 0
    # where the time went, phase by phase (the data team's metadata): no phase missing, none counted twice
    fasen = ("seconden_wissen_warehouse", "seconden_exportindex", "seconden_herschrijven_exports",
             "seconden_herschrijven_warehouse")
    assert all(first[f] >= 0 for f in fasen) and first["seconden_herschrijven_warehouse"] > 0
    assert sum(first[f] for f in fasen) <= first["seconden_totaal"] + 0.05


def test_the_check_looks_for_the_bsns_the_erasure_found_also_beside_no_birth_date(world, before, erased, tmp_path):
    """After an erasure no objector's BSN stands beside a birth date any more, so looking for the objectors again
    finds none of them and a polis row left behind (it has no birth date) would go unseen; the check of the
    asset looks for the BSNs the erasure found, and sees it."""
    _, warehouse = world
    (gevonden,) = erased[2]
    niet_gevonden = len(set(gevonden["bsn"].to_pylist()) ^ before["bsns"])
    assert gevonden.num_rows == len(before["bsns"]) and niet_gevonden == 0
    copy = tmp_path / "jib.duckdb"
    shutil.copy(warehouse, copy)
    con = duckdb.connect(str(copy))
    install_macros(con)
    con.register("gevonden", gevonden)
    con.execute("INSERT INTO uwv_polis BY NAME SELECT DATE '2025-03-01' AS peildatum, 1 AS regel, min(bsn) AS bsn "
                "FROM gevonden")
    assert erasure.remaining_in_warehouse(con, KEY.encode()) == {}  # unseen when looked for again
    assert erasure.remaining_in_warehouse(con, KEY.encode(), gevonden) == {"uwv_polis": 1}
    con.close()


def _register_of_two(con, a: str, b: str, c: str) -> dict[str, str]:
    """The keyed jib_id of each of a, b and c on this connection, and a bezwaar_register of a and b."""
    register_jib_id(con, KEY.encode())
    jib = dict(con.execute("SELECT bsn, jib_id(bsn) FROM (VALUES (?), (?), (?)) AS t(bsn)", [a, b, c]).fetchall())
    con.execute("CREATE TABLE bezwaar_register (jib_id VARCHAR)")
    con.execute("INSERT INTO bezwaar_register VALUES (?), (?)", [jib[a], jib[b]])
    return jib


def test_objectors_are_found_by_jib_id_in_the_chains_tables_and_by_age_in_the_brp(tmp_path):
    """In a table of the chain (it has a jib_id) an objector's BSN is found whatever birth date the row holds; in
    the BRP delivery (no jib_id) within the window of the age the lists record. Someone else in that window is not."""
    a, b, c = "100000001", "100000002", "100000003"
    with db.connect(tmp_path / "w.duckdb") as con:
        jib = _register_of_two(con, a, b, c)
        # a was never on a list (no age recorded) and the history row holds a birth date far from any window
        con.execute("CREATE TABLE duo_selectie (peildatum DATE, bsn VARCHAR, jib_id VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO duo_selectie VALUES ('2025-01-01', ?, ?, '1950-01-01')", [a, jib[a]])
        # b was 24 on 2025-01-01 by the list; b and c (not an objector) are born in that window
        con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, jib_id VARCHAR, leeftijd INTEGER)")
        con.execute("INSERT INTO gemeente_lijst VALUES ('2025-01-01', ?, 24)", [jib[b]])
        con.execute("CREATE TABLE brp_personen (peildatum DATE, bsn VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO brp_personen VALUES ('2025-01-01', ?, '2000-06-15'), ('2025-01-01', ?, '2000-07-01')",
                    [b, c])
        assert erasure.find_objector_bsns(con, KEY.encode()) == 2
        assert {r[0] for r in con.execute("SELECT bsn FROM bezwaar_bsn").fetchall()} == {a, b}


def test_the_brp_search_hashes_no_bsn_that_persoon_toestand_already_pairs_with_a_jib_id(tmp_path, monkeypatch):
    """A BSN beside a jib_id in persoon_toestand is an objector only if that jib_id is in the register (found by
    it); its HMAC is not computed again. An objector whose row there was erased (a rerun) is still found in the BRP."""
    from jib_assets.privacy import pseudonym

    a, b, c = "100000001", "100000002", "100000003"
    gehasht: list[str] = []
    vector = pseudonym._vector
    monkeypatch.setattr(pseudonym, "_vector", lambda pads, bsns: (gehasht.extend(bsns.to_pylist()), vector(pads, bsns))[1])
    with db.connect(tmp_path / "w.duckdb") as con:
        jib = _register_of_two(con, a, b, c)
        # a: an objector persoon_toestand still names; b: an objector whose row there was erased; c: not an objector
        con.execute("CREATE TABLE persoon_toestand (peildatum DATE, bsn VARCHAR, jib_id VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO persoon_toestand VALUES ('2025-01-01', ?, ?, '2000-06-01'), ('2025-01-01', NULL, ?, NULL),"
                    " ('2025-01-01', ?, ?, '2000-06-20')", [a, jib[a], jib[b], c, jib[c]])
        con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, jib_id VARCHAR, leeftijd INTEGER)")
        con.execute("INSERT INTO gemeente_lijst VALUES ('2025-01-01', ?, 24), ('2025-01-01', ?, 24)", [jib[a], jib[b]])
        con.execute("CREATE TABLE brp_personen (peildatum DATE, bsn VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO brp_personen VALUES ('2025-01-01', ?, '2000-06-01'), ('2025-01-01', ?, '2000-06-15'),"
                    " ('2025-01-01', ?, '2000-06-20')", [a, b, c])
        gehasht.clear()
        assert erasure.find_objector_bsns(con, KEY.encode()) == 2
        assert {r[0] for r in con.execute("SELECT bsn FROM bezwaar_bsn").fetchall()} == {a, b}
    assert gehasht == [b]  # a and c are paired in persoon_toestand: not hashed again


def test_without_the_deliveries_only_bsns_beside_no_jib_id_are_hashed(tmp_path, monkeypatch):
    """When the month's deliveries go whole after the erasure (the default), the BRP delivery is not searched: an
    objector in a chain table is found by jib_id, one in the quarantaine (a BSN without a jib_id) or in a chain row
    whose jib_id is empty by the keyed jib_id of that BSN, hashed for those rows only. d, an objector only the
    deliveries hold, is left to their removal; e, in the quarantaine, is hashed and is no objector."""
    from jib_assets.privacy import pseudonym

    a, b, c, d, e = "100000001", "100000002", "100000003", "100000004", "100000005"
    gehasht: list[str] = []
    vector = pseudonym._vector
    monkeypatch.setattr(pseudonym, "_vector", lambda pads, bsns: (gehasht.extend(bsns.to_pylist()), vector(pads, bsns))[1])
    with db.connect(tmp_path / "w.duckdb") as con:
        register_jib_id(con, KEY.encode())
        jib = dict(con.execute("SELECT bsn, jib_id(bsn) FROM (VALUES (?), (?), (?), (?), (?)) AS t(bsn)",
                               [a, b, c, d, e]).fetchall())
        con.execute("CREATE TABLE bezwaar_register (jib_id VARCHAR)")
        con.executemany("INSERT INTO bezwaar_register VALUES (?)", [[jib[x]] for x in (a, b, c, d)])
        con.execute("CREATE TABLE persoon_toestand (peildatum DATE, bsn VARCHAR, jib_id VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO persoon_toestand VALUES ('2025-01-01', ?, ?, '2000-06-01'), "
                    "('2025-01-01', ?, NULL, NULL)", [a, jib[a], c])
        con.execute("CREATE TABLE quarantaine (peildatum DATE, bestand VARCHAR, regel BIGINT, bsn VARCHAR)")
        con.execute("INSERT INTO quarantaine VALUES ('2025-01-01', 'uwv_polis.csv', 3, ?), "
                    "('2025-01-01', 'uwv_polis.csv', 4, ?), ('2025-01-01', 'uwv_polis.csv', 5, 'kapot')", [b, e])
        con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, jib_id VARCHAR, leeftijd INTEGER)")
        con.execute("INSERT INTO gemeente_lijst VALUES ('2025-01-01', ?, 24)", [jib[d]])
        con.execute("CREATE TABLE brp_personen (peildatum DATE, bsn VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO brp_personen VALUES ('2025-01-01', ?, '2000-06-15')", [d])
        gehasht.clear()
        assert erasure.find_objector_bsns(con, KEY.encode(), leveringen=False) == 3
        assert {r[0] for r in con.execute("SELECT bsn FROM bezwaar_bsn").fetchall()} == {a, b, c}
        assert sorted(gehasht) == [b, c, e]
        gehasht.clear()  # with the deliveries searched (they outlive the run), d is found in the BRP too
        assert erasure.find_objector_bsns(con, KEY.encode()) == 4
        assert d in gehasht


def test_the_key_is_in_no_file(world, erased):
    home, warehouse = world
    needle = KEY.encode()
    files = [warehouse, *(p for p in (home / "exports").rglob("*") if p.is_file())]
    assert not [p.name for p in files if needle in p.read_bytes()]


def test_update_and_delete_alone_leave_values_in_the_file(tmp_path):
    """Why the warehouse is rewritten whole: DuckDB keeps deleted values in free blocks."""
    path = tmp_path / "t.duckdb"
    con = duckdb.connect(str(path), config=UNCOMPRESSED)
    con.execute("CREATE TABLE t AS SELECT 'X' || lpad(CAST(range AS VARCHAR), 8, '0') AS bsn, range AS i FROM range(200000)")
    con.execute("CHECKPOINT")
    needle = con.execute("SELECT bsn FROM t WHERE i = 777").fetchall()[0][0]
    con.execute("DELETE FROM t WHERE i = 777")
    con.execute("CHECKPOINT")
    con.close()
    still_there = needle.encode() in path.read_bytes()
    assert still_there
    erasure.compact_warehouse(path, config=UNCOMPRESSED)
    gone = needle.encode() not in path.read_bytes()
    assert gone
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM t").fetchall()[0][0] == 199999
    con.close()


def test_the_dagster_asset_runs_the_erasure_with_its_blocking_check(world, erased, monkeypatch):
    import dagster as dg

    from jib_assets.assets.privacy import bezwaar_wissing
    from jib_assets.resources import JibResource

    home, _ = world
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", KEY)
    result = dg.materialize([bezwaar_wissing], partition_key="2025-03-01",
                            resources={"jib": JibResource(home=str(home), duckdb_threads=2)})
    assert result.success
    checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert checks == {"niets_identificerends_over": True, "geen_levering_na_de_run": True}
    (event,) = result.get_asset_materialization_events()
    assert event.materialization.metadata["rijen_gewist"].value == 0
    # the step ends March's run: the deliveries of March and before leave the warehouse (JIB_BEWAAR_MAANDEN_RUW=0)
    assert event.materialization.metadata["rijen_leveringen_verwijderd"].value > 0
    con = duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True)
    assert {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in CSV_SOURCES} == dict.fromkeys(
        CSV_SOURCES, 0)
    con.close()
