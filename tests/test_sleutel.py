"""The pseudonym key is guarded (issue 9): a blank, short or other key is refused wherever a jib_id is
computed on a warehouse; a deliberate rotation keeps every person's history and every objection.

The end-to-end world: `jib synth` deliveries for Weert (GM0988) made with key A, whose February
spreadsheet marks an objection; months 1-2 run with key A through the chain's own functions, with the
erasure after each month; then month 3 with key B, with and without rotating first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from jib_assets import db
from jib_assets.chain.maand import build_month
from jib_assets.cli import app
from jib_assets.ingest import CSV_SOURCES, ingest_casemanager, ingest_csv
from jib_assets.parameters import MIN_SLEUTEL_LENGTE
from jib_assets.privacy import erasure, sleutel
from jib_assets.privacy.pseudonym import jib_id
from jib_assets.privacy.sleutel import register_jib_id
from jib_assets.publish.exports import rewrite_files, write_exports

KEY_A = b"key-A-some-long-random-test-1234567890"
KEY_B = b"key-B-another-long-random-key-0987654321"
JAN, FEB, MAR = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)


# --- the key itself ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [b"", b" ", b" \t\n ", b"x" * (MIN_SLEUTEL_LENGTE - 1), b"  short-key-15ch  "])
def test_a_blank_whitespace_or_short_key_is_refused(con, key):
    with pytest.raises(sleutel.SleutelError, match="pseudonym key") as error:
        register_jib_id(con, key)
    assert key.strip() == b"" or key.strip().decode() not in str(error.value)


def test_a_key_of_the_minimum_length_is_accepted(con):
    register_jib_id(con, b"k" * MIN_SLEUTEL_LENGTE)


def test_the_warehouse_records_a_fingerprint_never_the_key(tmp_path):
    path = tmp_path / "jib.duckdb"
    with db.connect(path) as con:
        register_jib_id(con, KEY_A)
        rows = con.execute("SELECT * FROM sleutel_vingerafdruk").fetchall()
        assert [r[0] for r in rows] == [sleutel.fingerprint(KEY_A)] and rows[0][2] is None
        register_jib_id(con, KEY_A)  # the same key again: accepted, recorded once
        assert con.execute("SELECT count(*) FROM sleutel_vingerafdruk").fetchall() == [(1,)]
    assert KEY_A not in path.read_bytes()
    assert sleutel.fingerprint(KEY_A) != sleutel.fingerprint(KEY_B) and len(sleutel.fingerprint(KEY_A)) == 16


def test_another_key_is_refused_with_what_happened_and_what_to_do(tmp_path):
    path = tmp_path / "jib.duckdb"
    with db.connect(path) as con:
        register_jib_id(con, KEY_A)
    with db.connect(path) as con:
        with pytest.raises(sleutel.SleutelError) as error:
            register_jib_id(con, KEY_B)
        message = str(error.value)
        assert "not the key this warehouse's jib_ids were made with" in message
        assert "history would break" in message and "objected would be approached again" in message
        assert "jib sleutel roteer" in message and KEY_B.decode() not in message and KEY_A.decode() not in message
        with pytest.raises(duckdb.Error):  # refused: no jib_id function is left behind on the connection
            con.execute("SELECT jib_id('123456782')")
    with db.connect(path, read_only=True) as con:  # a reader is checked too, and never writes
        with pytest.raises(sleutel.SleutelError):
            register_jib_id(con, KEY_B)
        register_jib_id(con, KEY_A)


def test_a_read_only_connection_to_a_new_warehouse_records_nothing(tmp_path):
    path = tmp_path / "jib.duckdb"
    with db.connect(path) as con:
        con.execute("CREATE TABLE iets (a INTEGER)")
    with db.connect(path, read_only=True) as con:
        register_jib_id(con, KEY_A)
    with db.connect(path) as con:
        assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sleutel_vingerafdruk'"
                               ).fetchall()[0][0]


def test_a_warehouse_made_before_fingerprints_is_checked_against_its_lists(tmp_path):
    path = tmp_path / "jib.duckdb"
    with db.connect(path) as con:
        con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, bsn VARCHAR, jib_id VARCHAR)")
        con.execute("INSERT INTO gemeente_lijst VALUES (?, '123456782', ?), (?, NULL, 'JIB-AAAAAAAAAAAA')",
                    [JAN, jib_id(KEY_A, "123456782"), JAN])
    with db.connect(path) as con:
        with pytest.raises(sleutel.SleutelError, match="1 of 1 sampled jib_ids differ"):
            register_jib_id(con, KEY_B)
        register_jib_id(con, KEY_A)
        assert con.execute("SELECT vingerafdruk FROM sleutel_vingerafdruk").fetchall() == [(sleutel.fingerprint(KEY_A),)]


# --- rotation on a small hand-made warehouse --------------------------------------------------------------------

def _small_warehouse(path: Path, landing: Path) -> None:
    """Two youths on the lists (one BSN still there), one objector whose BSN was erased but is in the
    landing delivery, one objector who is nowhere anymore."""
    kept, erased = "123456782", "012345672"
    with db.connect(path) as con:
        register_jib_id(con, KEY_A)
        con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, gemeentecode VARCHAR, bsn VARCHAR, jib_id VARCHAR)")
        con.execute("CREATE TABLE bezwaar_register (jib_id VARCHAR, peildatum_bezwaar DATE)")
        con.execute("INSERT INTO gemeente_lijst VALUES (?, 'GM0988', ?, ?), (?, 'GM0988', NULL, ?)",
                    [JAN, kept, jib_id(KEY_A, kept), JAN, jib_id(KEY_A, erased)])
        con.execute("INSERT INTO bezwaar_register VALUES (?, ?), ('JIB-NOWHERE22222', ?)",
                    [jib_id(KEY_A, erased), FEB, FEB])
    folder = landing / "2025-02"
    folder.mkdir(parents=True)
    header = ";".join(CSV_SOURCES["brp_personen"].header)
    (folder / "brp_personen.csv").write_text(f"{header}\n{erased};X;;Y;2001-01-01;M;;\n", encoding="utf-8")


def test_rotation_refuses_when_an_objector_can_be_found_nowhere_unless_accepted(tmp_path):
    path, landing = tmp_path / "jib.duckdb", tmp_path / "landing"
    _small_warehouse(path, landing)
    with db.connect(path) as con:
        before = con.execute("SELECT * FROM gemeente_lijst ORDER BY ALL").fetchall()
        with pytest.raises(sleutel.SleutelError, match=r"^1 of 2 youths in objection cannot be found.*Nothing was"):
            sleutel.rotate(con, KEY_A, KEY_B, landing=landing)
        assert con.execute("SELECT * FROM gemeente_lijst ORDER BY ALL").fetchall() == before
        register_jib_id(con, KEY_A)  # still the warehouse's key

        result = sleutel.rotate(con, KEY_A, KEY_B, landing=landing, accepteer_onvindbaar=True)
        assert (result.via_warehouse, result.via_landing, result.niet_gevonden, result.bezwaar_niet_gevonden) == (
            1, 1, 1, 1)
        assert {r[0] for r in con.execute("SELECT jib_id FROM bezwaar_register").fetchall()} == {
            "JIB-NOWHERE22222", jib_id(KEY_B, "012345672"),
        }
        assert {r[0] for r in con.execute("SELECT jib_id FROM gemeente_lijst").fetchall()} == {
            jib_id(KEY_B, "123456782"), jib_id(KEY_B, "012345672"),
        }
        assert con.execute("SELECT jib_id_oud, jib_id_nieuw FROM sleutel_rotatie WHERE jib_id_nieuw IS NULL"
                           ).fetchall() == [("JIB-NOWHERE22222", None)]
        with pytest.raises(sleutel.SleutelError, match="retired by a rotation"):
            register_jib_id(con, KEY_A)
        register_jib_id(con, KEY_B)


def test_a_second_rotation_maps_the_oldest_jib_ids_to_the_newest_key(tmp_path):
    path, landing = tmp_path / "jib.duckdb", tmp_path / "landing"
    _small_warehouse(path, landing)
    key_c = b"key-C-third-long-random-key-555555555"
    with db.connect(path) as con:
        sleutel.rotate(con, KEY_A, KEY_B, landing=landing, accepteer_onvindbaar=True)
        sleutel.rotate(con, KEY_B, key_c, landing=landing, accepteer_onvindbaar=True)
        mapping = dict(con.execute("SELECT jib_id_oud, jib_id_nieuw FROM sleutel_rotatie").fetchall())
    for bsn in ("123456782", "012345672"):
        assert mapping[jib_id(KEY_A, bsn)] == mapping[jib_id(KEY_B, bsn)] == jib_id(key_c, bsn)


def test_rotating_needs_the_current_key_and_a_different_good_new_one(tmp_path):
    path, landing = tmp_path / "jib.duckdb", tmp_path / "landing"
    _small_warehouse(path, landing)
    with db.connect(path) as con:
        with pytest.raises(sleutel.SleutelError, match="not this warehouse's current key"):
            sleutel.rotate(con, KEY_B, b"key-C-third-long-random-key-555555555", landing=landing)
        with pytest.raises(sleutel.SleutelError, match="same as the current one"):
            sleutel.rotate(con, KEY_A, KEY_A, landing=landing)
        with pytest.raises(sleutel.SleutelError, match="has 5 characters"):
            sleutel.rotate(con, KEY_A, b"short", landing=landing)


# --- end to end: months 1-2 with key A, an objector, rotation, month 3 with key B ------------------------------

def run_month(home: Path, peildatum: date, key: bytes) -> None:
    """One month through the chain's own functions (real ingest included), then the erasure."""
    warehouse, folder = home / "warehouse" / "jib.duckdb", home / "landing" / peildatum.strftime("%Y-%m")
    with db.connect(warehouse, threads=2) as con:
        for name in CSV_SOURCES:
            ingest_csv(con, folder, name, peildatum)
        ingest_casemanager(con, folder, peildatum)
        build_month(con, peildatum, key)
        write_exports(con, peildatum, home / "exports")
    erasure.erase_bezwaar(warehouse, home / "exports", key, rewrite_exports=rewrite_files, threads=2)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Months 1-2 run with key A; the home is copied before month 3 by each test that needs it."""
    home = tmp_path_factory.mktemp("jib_sleutel")
    env = {**os.environ, "JIB_HOME": str(home), "JIB_PSEUDONYM_KEY": KEY_A.decode(), "JIB_GEBIED": "GM0988"}
    synth = subprocess.run(
        [sys.executable, "-m", "jib_assets", "synth", "--region", "GM0988", "--from", "2025-01", "--to", "2025-03"],
        env=env, capture_output=True, text=True, timeout=900,
    )
    assert synth.returncode == 0, "jib synth failed"
    for month in (JAN, FEB):
        run_month(home, month, KEY_A)
    with duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True) as con:
        objectors = [r[0] for r in con.execute("SELECT jib_id FROM bezwaar_register").fetchall()]
        erased = con.execute("SELECT count(*) FROM gemeente_lijst WHERE jib_id IN (SELECT jib_id FROM "
                             "bezwaar_register) AND bsn IS NOT NULL").fetchall()[0][0]
        spreadsheet_rows = con.execute("SELECT count(*) FROM casemanager_monitoring").fetchall()[0][0]
        set_aside = con.execute("SELECT count(*) FROM quarantaine WHERE bestand LIKE 'casemanager/%'").fetchall()[0][0]
    assert objectors and erased == 0, "the world needs objectors under key A, BSN erased"
    # The generator's spreadsheets speak only of youths on an earlier worklist: none is set aside.
    assert spreadsheet_rows > 0 and set_aside == 0
    return home, objectors


def _copy(home: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(home, target)
    return target


def test_month_3_with_another_key_and_no_rotation_is_refused(world, tmp_path):
    home = _copy(world[0], tmp_path)
    with pytest.raises(sleutel.SleutelError, match="not the key this warehouse's jib_ids were made with"):
        run_month(home, MAR, KEY_B)
    # The erasure is an entry point too.
    with pytest.raises(sleutel.SleutelError):
        erasure.erase_bezwaar(home / "warehouse" / "jib.duckdb", home / "exports", KEY_B, rewrite_exports=rewrite_files)


def _lijst(home: Path, peildatum: date) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True) as con:
        return con.execute(
            "SELECT gemeentecode, bsn, status, categorie, soort_instroom, reden_uitstroom, datum_instroom, jib_id "
            "FROM gemeente_lijst WHERE peildatum = ? ORDER BY ALL", [peildatum]
        ).fetchall()


def test_rotation_keeps_the_objection_and_every_history(world, tmp_path):
    base, objectors_a = world
    reference = _copy(base, tmp_path / "a")  # month 3 with key A, never rotated: what month 3 must be
    run_month(reference, MAR, KEY_A)
    home = _copy(base, tmp_path / "b")
    (home / "pseudonym.key").write_text(KEY_A.decode() + "\n", encoding="ascii")

    env = {"JIB_HOME": str(home), "JIB_PSEUDONYM_KEY": KEY_A.decode(), "JIB_PSEUDONYM_KEY_NIEUW": KEY_B.decode()}
    result = CliRunner().invoke(app, ["sleutel", "roteer"], env=env)
    assert result.exit_code == 0, result.output
    assert f"0 found nowhere (0 of the {len(objectors_a)} youths in objection)" in " ".join(result.output.split())
    assert KEY_A.decode() not in result.output and KEY_B.decode() not in result.output
    assert (home / "pseudonym.key").read_text(encoding="ascii").strip() == KEY_B.decode()
    assert CliRunner().invoke(app, ["sleutel", "status"], env={**env, "JIB_PSEUDONYM_KEY": KEY_B.decode()}
                              ).exit_code == 0
    assert CliRunner().invoke(app, ["sleutel", "status"], env=env).exit_code == 1

    run_month(home, MAR, KEY_B)

    with duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True) as con:
        register = con.execute("SELECT jib_id, peildatum_bezwaar FROM bezwaar_register").fetchall()
        # The objectors of months 1-2, now under key B (March's spreadsheets may bring new ones).
        before_rotation = [r for r in register if r[1] <= FEB]
        assert len(before_rotation) == len(objectors_a) and not {r[0] for r in register} & set(objectors_a)
        # Every objector, under key B: categorie bezwaar from the month of the objection on (March included
        # for those still on a list), on no worklist after it, nothing identifying.
        in_march = 0
        for objector_b, vanaf in register:
            rows = con.execute(
                "SELECT peildatum, categorie, bsn, geslachtsnaam FROM gemeente_lijst WHERE jib_id = ? AND peildatum >= ?",
                [objector_b, vanaf]).fetchall()
            assert all(row[1:] == ("bezwaar", None, None) for row in rows)
            in_march += sum(1 for row in rows if row[0] == MAR)
            assert con.execute("SELECT count(*) FROM werklijst_casemanager WHERE jib_id = ? AND peildatum >= ?",
                               [objector_b, vanaf]).fetchall() == [(0,)]
        assert in_march > 0
        assert con.execute("SELECT count(*) FROM gemeente_lijst WHERE list_contains(?, jib_id)",
                           [objectors_a]).fetchall() == [(0,)]
        # March's spreadsheets still carry key A's jib_ids: read through sleutel_rotatie, none is set aside.
        assert con.execute("SELECT count(*) FROM quarantaine WHERE bestand LIKE 'casemanager/%'").fetchall() == [(0,)]
        total, given = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE jib_id IN (SELECT jib_id FROM werklijst_casemanager)) "
            "FROM casemanager_monitoring WHERE peildatum = ?", [MAR]).fetchall()[0]
        assert total > 0 and given == total
        # Every stored jib_id is now key B's: for rows that still hold a BSN, recomputed from it.
        register_jib_id(con, KEY_B)
        assert con.execute("SELECT count(*) FROM gemeente_lijst WHERE bsn IS NOT NULL AND jib_id <> jib_id(bsn)"
                           ).fetchall() == [(0,)]

    # Every person's history is continuous: March under key B after the rotation is March under key A,
    # person for person (statuses, kinds, reasons, datum_instroom), but for the jib_id itself.
    rotated = [row[:-1] for row in _lijst(home, MAR)]
    assert rotated == [row[:-1] for row in _lijst(reference, MAR)]
    assert sum(1 for row in rotated if row[2] == "instroom") < len(rotated) / 4
