"""db.held: a run keeps its warehouse file open between its steps' connections, so a step's connection
neither opens the file nor checkpoints it on close; the erasure's rewrite of the file closes it first and
takes over the changes that were only in its log."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb

from jib_assets import db, resources
from jib_assets.privacy import erasure
from jib_assets.privacy.pseudonym import jib_id, register_function
from jib_assets.resources import JibResource

KEY = b"held-test-key-0123456789abcdef"
UNCOMPRESSED = {"force_compression": "uncompressed"}


def _log(path: Path) -> Path:
    return Path(f"{path}.wal")


def test_connections_to_a_held_file_share_it_and_checkpoint_only_when_the_hold_ends(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.held(path):
        with db.connect(path) as con:
            con.execute("CREATE TABLE t AS SELECT 1 AS i")
        # closed, yet not checkpointed: the change is in the log, and the next connection sees it
        assert _log(path).exists() and _log(path).stat().st_size > 0
        with db.connect(path, read_only=True) as con:  # an ordinary connection within the hold
            assert con.execute("SELECT sum(i) FROM t").fetchall() == [(1,)]
            # a month's changes stay in the log up to db.HOUDER_LOG (128 MB; DuckDB's default is 16 MB)
            assert con.execute("SELECT current_setting('checkpoint_threshold')").fetchall() == [("122.0 MiB",)]
            con.execute("INSERT INTO t VALUES (2)")
    assert not _log(path).exists()  # the hold's end checkpointed the file
    with db.connect(path, read_only=True) as con:
        assert con.execute("SELECT sum(i) FROM t").fetchall() == [(3,)]


def test_an_enclosed_hold_leaves_the_file_to_the_enclosing_one(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.held(path):
        with db.held(path), db.connect(path) as con:
            con.execute("CREATE TABLE t AS SELECT 1 AS i")
        with db.connect(path) as con:  # still held: the change is still only in the log
            assert con.execute("SELECT sum(i) FROM t").fetchall() == [(1,)]
        assert _log(path).exists()
    assert not _log(path).exists()


def test_without_a_hold_every_connection_checkpoints_on_close(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS i")
    assert not _log(path).exists()


def test_the_pseudonym_function_outlives_the_connection_that_registered_it(tmp_path):
    """DuckDB keeps a Python function in the database: registered on a step's connection, it would be left
    behind, dangling, when that connection closed, and the next step could not register it again."""
    path = tmp_path / "w.duckdb"
    bsn = "123456782"
    with db.held(path):
        for _ in range(3):  # every step registers it again
            with db.connect(path) as con:
                register_function(con, "jib_id", KEY)
                assert con.execute("SELECT jib_id(?)", [bsn]).fetchall() == [(jib_id(KEY, bsn),)]
        with db.connect(path) as con:  # one that did not register it
            assert con.execute("SELECT jib_id(?)", [bsn]).fetchall() == [(jib_id(KEY, bsn),)]


def test_the_rewrite_of_a_held_file_takes_its_logged_changes_and_leaves_no_log(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path), config=UNCOMPRESSED)  # so that a value can be found in the file's bytes
    con.execute("CREATE TABLE t AS SELECT 'X' || lpad(CAST(range AS VARCHAR), 8, '0') AS bsn, range AS i "
                "FROM range(100000)")
    con.close()
    needle = "X00000777"
    with db.held(path):
        with db.connect(path) as con:  # after the last checkpoint: only in the log
            con.execute("DELETE FROM t WHERE i = 777")
            con.execute("INSERT INTO t VALUES ('Y00000001', -1)")
        assert needle.encode() in path.read_bytes()
        erasure.compact_warehouse(path, config=UNCOMPRESSED)
        assert not _log(path).exists()
        assert needle.encode() not in path.read_bytes()
        with db.connect(path) as con:  # the new file, opened again on first use
            assert con.execute("SELECT count(*), min(i), count(*) FILTER (WHERE bsn = ?) FROM t",
                               [needle]).fetchall() == [(100000, -1, 0)]
            con.execute("INSERT INTO t VALUES ('Y00000002', -2)")
    assert sorted(os.listdir(tmp_path)) == ["w.duckdb"]
    con = duckdb.connect(str(path), read_only=True)  # what went in after the rewrite is in the new file
    assert con.execute("SELECT min(i) FROM t").fetchall() == [(-2,)]
    con.close()


def test_a_log_left_beside_a_rewritten_file_would_stop_duckdb(tmp_path):
    """Why the rewrite moves the old file's log aside before it renames the new file over the old."""
    path, other = tmp_path / "w.duckdb", tmp_path / "o.duckdb"
    con = duckdb.connect(str(path), config={"checkpoint_threshold": "1GB"})
    con.execute("CREATE TABLE t AS SELECT 1 AS i")
    con.execute("CHECKPOINT")
    con.execute("INSERT INTO t VALUES (2)")
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.close()
    duckdb.connect(str(other)).close()
    os.replace(_log(path), _log(other))
    try:
        duckdb.connect(str(other)).close()
    except duckdb.Error as exc:
        refused = "WAL" in str(exc)
    else:
        refused = False
    assert refused


def test_a_run_holds_its_warehouse_and_upgrades_it_once(tmp_path, monkeypatch):
    calls = []
    real = resources.upgrade
    monkeypatch.setattr(resources, "upgrade", lambda con: calls.append(1) or real(con))
    seen = {}

    @dg.asset
    def eerste(jib: JibResource) -> None:
        with jib.warehouse() as con:
            con.execute("CREATE TABLE t AS SELECT 1 AS i")
        seen["log na eerste"] = _log(jib.paths.warehouse).exists()  # closed, not checkpointed: the run holds it

    @dg.asset(deps=[eerste])
    def tweede(jib: JibResource) -> None:
        with jib.warehouse() as con:
            seen["som"] = con.execute("SELECT sum(i) FROM t").fetchall()

    jib = JibResource(home=str(tmp_path), duckdb_threads=1)
    assert dg.materialize([eerste, tweede], resources={"jib": jib}).success
    assert seen == {"log na eerste": True, "som": [(1,)]}
    assert len(calls) == 1  # once a run, not once a step
    assert not _log(jib.paths.warehouse).exists()  # checkpointed when the run ended
    with jib.warehouse() as con, jib.warehouse() as again:  # outside a run: every connection checks
        assert con.execute("SELECT 1").fetchall() == again.execute("SELECT 1").fetchall()
    assert len(calls) == 3
