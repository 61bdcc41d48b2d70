"""Retention by rule (issue 12): raw snapshots before the warehouse's window (the latest month by default)
leave the warehouse (and, with the rewrite of the erasure step, its bytes); the lists stay; a rerun inside
the rerun window still works, from its landing folder; landing folders before the rerun window are archived
outside the data folder or removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from jib_assets.privacy import bewaartermijn as retention
from jib_assets.privacy import erasure
from jib_assets.publish.exports import rewrite_files

UNCOMPRESSED = {"force_compression": "uncompressed"}
MONTHS = [date(2025, m, 1) for m in range(1, 6)]  # January..May
P3 = date(2025, 3, 1)


def _world(con: duckdb.DuckDBPyConnection) -> None:
    """Two raw tables, the quarantaine and a list, each with rows on every month January..May:
    brp_personen 2 rows a month, uwv_polis 3, quarantaine 1, gemeente_lijst 2."""
    con.execute("CREATE TABLE brp_personen (peildatum DATE, bsn VARCHAR)")
    con.execute("CREATE TABLE uwv_polis (peildatum DATE, bsn VARCHAR, maand VARCHAR)")
    con.execute("CREATE TABLE quarantaine (peildatum DATE, bestand VARCHAR, regel BIGINT, bsn VARCHAR, reden VARCHAR)")
    con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, bsn VARCHAR)")
    for i, month in enumerate(MONTHS):
        for j in range(2):
            con.execute("INSERT INTO brp_personen VALUES (?, ?)", [month, f"B{i}{j}-persoon-xq"])
            con.execute("INSERT INTO gemeente_lijst VALUES (?, ?)", [month, f"L{i}{j}-lijst-xq"])
        for j in range(3):
            con.execute("INSERT INTO uwv_polis VALUES (?, ?, ?)", [month, f"B{i}{j}-persoon-xq", "2025-01"])
        con.execute("INSERT INTO quarantaine VALUES (?, 'brp_personen.csv', 7, ?, 'bsn_ongeldig')", [month, f"Q{i}"])


def _months(con: duckdb.DuckDBPyConnection, table: str) -> list[date]:
    return [r[0] for r in con.execute(f"SELECT DISTINCT peildatum FROM {table} ORDER BY 1").fetchall()]


def test_snapshots_before_the_window_go_and_the_lists_stay():
    con = duckdb.connect()
    _world(con)
    done = retention.pas_toe(con, 3)
    # window of 3 counted back from May: March, April, May stay; January and February go
    assert done.laatste == date(2025, 5, 1) and done.eerste_bewaard == date(2025, 3, 1)
    assert done.rijen_verwijderd == {"brp_personen": 4, "uwv_polis": 6, "quarantaine": 2}
    assert _months(con, "brp_personen") == MONTHS[2:]
    assert _months(con, "uwv_polis") == MONTHS[2:]
    assert _months(con, "quarantaine") == MONTHS[2:]
    assert _months(con, "gemeente_lijst") == MONTHS  # a list is no raw snapshot
    assert retention.rijen_buiten_termijn(con, 3) == {}
    assert retention.bewaarde_maanden(con) == MONTHS[2:]


def test_retention_is_logged_until_the_file_is_rewritten_and_is_idempotent():
    con = duckdb.connect()
    _world(con)
    assert retention.te_herschrijven(con) == 0  # no log table yet
    retention.pas_toe(con, 3)
    assert retention.te_herschrijven(con) == 12
    again = retention.pas_toe(con, 3)
    assert again.rijen_verwijderd == {} and retention.te_herschrijven(con) == 12
    retention.herschreven(con)
    assert retention.te_herschrijven(con) == 0
    assert con.execute("SELECT sum(rijen), bool_and(herschreven) FROM bewaartermijn_log").fetchall() == [(12, True)]


def test_the_window_counts_from_the_latest_peildatum_not_the_month_being_rerun():
    con = duckdb.connect()
    _world(con)
    con.execute("DELETE FROM brp_personen WHERE peildatum = '2025-05-01'")  # brp_personen ends in April
    retention.pas_toe(con, 2)
    # the latest peildatum of any raw table (May, in uwv_polis) sets the window: April and May
    assert _months(con, "brp_personen") == [date(2025, 4, 1)]
    assert _months(con, "uwv_polis") == MONTHS[3:]


def test_a_window_of_one_keeps_only_the_latest_month_and_an_empty_warehouse_is_fine():
    con = duckdb.connect()
    assert retention.pas_toe(con, 1).rijen_verwijderd == {}
    _world(con)
    retention.pas_toe(con, 1)
    assert _months(con, "brp_personen") == [date(2025, 5, 1)]


def test_the_step_tables_keep_the_rerun_window_and_the_month_before_it(monkeypatch):
    monkeypatch.delenv(retention.STAP_ENV, raising=False)
    monkeypatch.setenv(retention.ENV, "2")
    con = duckdb.connect()
    _world(con)
    months = [date(2024, m, 1) for m in range(10, 13)] + MONTHS  # October 2024 .. May 2025
    for table in ("duo_selectie", "ib_verrijking"):
        con.execute(f"CREATE TABLE {table} (peildatum DATE, bsn VARCHAR)")
        con.executemany(f"INSERT INTO {table} VALUES (?, 'S-stap-xq')", [[m] for m in months])
    con.execute("INSERT INTO duo_selectie VALUES (DATE '2025-06-01', 'S-stap-xq')")  # duo_selectie ends in June
    # A rerun window of 2 plus the month before it (whose ib_lijst a rerun of the window's oldest month reads): 3
    # months, counted back from the step tables' own latest peildatum (June), not the raw tables' (May): April to June.
    # duo_selectie loses October to March (6 rows), ib_verrijking, which ends in May, the same six.
    assert retention.stap_maanden() == 3
    done = retention.pas_toe(con, 3)
    assert done.rijen_verwijderd == {"brp_personen": 4, "uwv_polis": 6, "quarantaine": 2, "duo_selectie": 6,
                                     "ib_verrijking": 6}
    assert _months(con, "duo_selectie") == [date(2025, m, 1) for m in range(4, 7)]
    assert _months(con, "ib_verrijking") == [date(2025, 4, 1), date(2025, 5, 1)]
    assert _months(con, "gemeente_lijst") == MONTHS  # the lists stay for life
    assert retention.rijen_buiten_termijn(con, 3) == {}
    con.execute("INSERT INTO ib_verrijking VALUES (DATE '2024-12-01', 'S-stap-xq')")
    assert retention.rijen_buiten_termijn(con, 3) == {"ib_verrijking": 1}  # the check sees a row left behind
    monkeypatch.setenv(retention.STAP_ENV, "0")  # 0 keeps them for life
    assert retention.pas_toe(con, 3).rijen_verwijderd == {} and retention.rijen_buiten_termijn(con, 3) == {}
    for bad, says in (("2", "at least 3, the rerun window \\(JIB_BEWAAR_MAANDEN=2\\) plus the month before"),
                      ("-1", "at least 0 \\(0 keeps them for life"),
                      ("vijf", "whole number")):
        monkeypatch.setenv(retention.STAP_ENV, bad)
        with pytest.raises(retention.BewaartermijnError, match=says):
            retention.stap_maanden()


def test_the_window_setting(monkeypatch):
    monkeypatch.delenv(retention.ENV, raising=False)
    assert retention.bewaar_maanden() == retention.BEWAAR_MAANDEN == 3
    monkeypatch.setenv(retention.ENV, " 7 ")
    assert retention.bewaar_maanden() == 7
    assert retention.bewaar_maanden(2) == 2
    for bad, says in (("0", "at least 1"), ("-2", "at least 1"), ("drie", "not a whole number")):
        monkeypatch.setenv(retention.ENV, bad)
        with pytest.raises(retention.BewaartermijnError, match=says) as info:
            retention.bewaar_maanden()
        assert retention.ENV in str(info.value)


def test_by_default_no_delivery_outlives_its_run_and_the_states_keep_the_latest_month(monkeypatch):
    monkeypatch.delenv(retention.RUWE_ENV, raising=False)
    monkeypatch.setenv(retention.ENV, "5")  # the rerun window (landing) is another setting
    assert retention.ruwe_maanden() == retention.RUWE_MAANDEN == 0
    con = duckdb.connect()
    _world(con)
    done = retention.pas_toe(con)
    # the states and the quarantaine keep the latest month; the deliveries wait for the erasure step
    assert done.rijen_verwijderd == {"quarantaine": 4} and done.eerste_bewaard == date(2025, 5, 1)
    assert _months(con, "quarantaine") == [date(2025, 5, 1)]
    assert _months(con, "brp_personen") == _months(con, "uwv_polis") == MONTHS
    assert retention.rijen_buiten_termijn(con) == {}
    april, mei = MONTHS[3], MONTHS[4]
    assert retention.leveringen_over(con, april) == {"brp_personen": 8, "uwv_polis": 12}
    assert retention.leeg_na_de_run() == retention.LEVERINGEN
    # April's run ends: its deliveries and older ones go; May's, loaded ahead of its run (an asset backfill), stay
    assert retention.leveringen_weg(con, april) == {"brp_personen": 8, "uwv_polis": 12}
    assert retention.leveringen_over(con, april) == {} and retention.bewaarde_maanden(con) == [mei]
    assert retention.leveringen_over(con, mei) == {"brp_personen": 2, "uwv_polis": 3}
    assert retention.leveringen_weg(con, mei) == {"brp_personen": 2, "uwv_polis": 3}
    assert retention.bewaarde_maanden(con) == [] and _months(con, "uwv_polis") == []
    assert _months(con, "gemeente_lijst") == MONTHS and _months(con, "quarantaine") == [mei]
    # logged as removed before the month after the run's (nothing of them kept), until the file is rewritten
    logged = con.execute("SELECT tabel, eerste_bewaard, rijen FROM bewaartermijn_log WHERE tabel <> 'quarantaine' "
                         "ORDER BY eerste_bewaard, tabel").fetchall()
    assert logged == [("brp_personen", mei, 8), ("uwv_polis", mei, 12),
                      ("brp_personen", date(2025, 6, 1), 2), ("uwv_polis", date(2025, 6, 1), 3)]
    assert retention.te_herschrijven(con) == 4 + 10 + 15
    assert retention.leveringen_weg(con, mei) == {}  # idempotent


def test_the_setting_keeps_months_of_deliveries_after_their_run(monkeypatch):
    monkeypatch.setenv(retention.RUWE_ENV, "3")
    assert retention.ruwe_maanden() == 3 and retention.leeg_na_de_run() == ()
    con = duckdb.connect()
    _world(con)
    assert retention.pas_toe(con).eerste_bewaard == date(2025, 3, 1)  # March, April, May
    assert _months(con, "uwv_polis") == _months(con, "quarantaine") == MONTHS[2:]
    assert retention.leveringen_weg(con, MONTHS[4]) == {} and retention.leveringen_over(con, MONTHS[4]) == {}
    monkeypatch.setenv(retention.RUWE_ENV, "1")
    retention.pas_toe(con)
    assert _months(con, "uwv_polis") == _months(con, "quarantaine") == [date(2025, 5, 1)]
    for bad, says in (("-1", "at least 0"), ("een", "not a whole number")):
        monkeypatch.setenv(retention.RUWE_ENV, bad)
        with pytest.raises(retention.BewaartermijnError, match=says) as info:
            retention.pas_toe(con)
        assert retention.RUWE_ENV in str(info.value)


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "data" / "landing"
    for name in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05"):
        (landing / name).mkdir(parents=True)
        (landing / name / "brp_personen.csv").write_text("bsn\n", encoding="utf-8")
        if name != "2025-05":  # May is still arriving: not complete
            (landing / name / "_COMPLETE").touch()
    (landing / "notities").mkdir()
    return landing


def test_old_landing_folders_count_back_from_the_latest_complete_month(tmp_path):
    landing = _landing(tmp_path)
    # latest complete: April; window 2 keeps March and April (and the incomplete May)
    assert [p.name for p in retention.oude_landingsmappen(landing, 2)] == ["2025-01", "2025-02"]
    assert retention.oude_landingsmappen(landing, 4) == []
    assert retention.oude_landingsmappen(tmp_path / "nowhere", 2) == []


def test_archiving_moves_folders_out_of_the_data_folder_and_refuses_a_target_inside_it(tmp_path):
    landing = _landing(tmp_path)
    data = tmp_path / "data"
    old = retention.oude_landingsmappen(landing, 2)
    with pytest.raises(retention.BewaartermijnError, match="inside the data folder"):
        retention.archiveer_landing(old, data / "archief", data)
    assert all(p.is_dir() for p in old)  # nothing moved
    moved = retention.archiveer_landing(old, tmp_path / "archief", data)
    assert [p.name for p in moved] == ["2025-01", "2025-02"]
    assert (tmp_path / "archief" / "2025-01" / "brp_personen.csv").exists()
    assert sorted(p.name for p in landing.iterdir()) == ["2025-03", "2025-04", "2025-05", "notities"]


def test_old_export_folders_count_back_from_the_latest_month_exported(tmp_path):
    exports = tmp_path / "exports"
    for name in ("2025-01", "2025-02", "2025-03", "2025-04"):
        (exports / name / "GM0988").mkdir(parents=True)
    (exports / "notities").mkdir()
    (exports / ".identificerend.parquet").touch()
    assert [p.name for p in retention.oude_exportmappen(exports, 3)] == ["2025-01"]
    assert retention.oude_exportmappen(exports, 4) == []
    assert retention.oude_exportmappen(tmp_path / "nowhere", 2) == []
    retention.verwijder_exportmappen(retention.oude_exportmappen(exports, 2))
    assert sorted(p.name for p in exports.iterdir()) == [".identificerend.parquet", "2025-03", "2025-04", "notities"]


def test_data_docs_keep_their_window_of_months_counted_back_from_the_latest_of_any_suite(tmp_path, monkeypatch):
    monkeypatch.delenv(retention.DATA_DOCS_ENV, raising=False)
    docs = tmp_path / "data_docs"
    # monitoring ran January 2024 .. March 2025; gemeente_lijst only up to December 2024 (its suite is newer)
    maanden = [f"{y}-{m:02d}" for y, m in [(2024, m) for m in range(1, 13)] + [(2025, 1), (2025, 2), (2025, 3)]]
    for sub in retention.DATA_DOCS_MAPPEN:
        for maand in maanden:
            (docs / sub / "monitoring" / maand / "20261207T120000Z").mkdir(parents=True)
        for maand in maanden[:12]:
            (docs / sub / "gemeente_lijst" / maand).mkdir(parents=True)
        (docs / sub / "monitoring" / "notities").mkdir()
    (docs / "index.html").touch()
    # 12 months back from March 2025 (the latest of any suite): April 2024 on. A rerun of February 2024 keeps its own.
    oud = retention.oude_data_docs(docs, date(2024, 2, 1))
    assert sorted({m.name for m in oud}) == ["2024-01", "2024-03"]
    assert len(oud) == 8  # two months x two suites x results and pages
    assert sorted({m.name for m in retention.oude_data_docs(docs, None)}) == ["2024-01", "2024-02", "2024-03"]
    assert retention.data_docs_opruimen(docs, date(2025, 3, 1)) == ["2024-01", "2024-02", "2024-03"]
    for sub in retention.DATA_DOCS_MAPPEN:
        assert sorted(p.name for p in (docs / sub / "monitoring").iterdir()) == [*maanden[3:], "notities"]
        assert sorted(p.name for p in (docs / sub / "gemeente_lijst").iterdir()) == maanden[3:12]
    assert (docs / "index.html").exists()
    assert retention.oude_data_docs(docs, date(2025, 3, 1), 3) != [] and retention.oude_data_docs(docs, P3, 0) == []
    assert retention.oude_data_docs(tmp_path / "nowhere", P3) == []
    monkeypatch.setenv(retention.DATA_DOCS_ENV, "0")  # for life
    assert retention.data_docs_maanden() == 0 and retention.data_docs_opruimen(docs, P3, None) == []
    monkeypatch.setenv(retention.DATA_DOCS_ENV, "-2")
    with pytest.raises(retention.BewaartermijnError, match="at least 0 \\(0 keeps them for life"):
        retention.data_docs_maanden()


def test_the_export_window_defaults_to_the_rerun_window_and_0_keeps_every_month(monkeypatch):
    monkeypatch.delenv(retention.EXPORT_ENV, raising=False)
    monkeypatch.setenv(retention.ENV, "4")
    assert retention.export_maanden() == 4
    monkeypatch.setenv(retention.EXPORT_ENV, "0")
    assert retention.export_maanden() == 0
    monkeypatch.setenv(retention.EXPORT_ENV, "6")
    assert retention.export_maanden() == 6
    for bad, says in (("-1", "at least 0 \\(0 keeps every month's export copies"), ("zes", "not a whole number")):
        monkeypatch.setenv(retention.EXPORT_ENV, bad)
        with pytest.raises(retention.BewaartermijnError, match=says) as info:
            retention.export_maanden()
        assert retention.EXPORT_ENV in str(info.value)


def test_a_month_s_run_removes_the_export_copies_before_the_window_but_never_its_own(tmp_path):
    exports = tmp_path / "exports"
    for name in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05"):
        (exports / name / "GM0988").mkdir(parents=True)
        (exports / name / "GM0988" / "jib_lijst.csv").write_text("x")
    (exports / "notities").mkdir()
    assert retention.exports_opruimen(exports, date(2025, 5, 1), 0) == []  # 0 keeps every month
    # A rerun of February (a month before the window) keeps what it just wrote; January goes.
    assert retention.exports_opruimen(exports, date(2025, 2, 1), 3) == ["2025-01"]
    assert sorted(p.name for p in exports.iterdir()) == ["2025-02", "2025-03", "2025-04", "2025-05", "notities"]
    assert retention.exportmappen_buiten_termijn(exports, date(2025, 5, 1), 3) == [exports / "2025-02"]
    assert retention.exports_opruimen(exports, date(2025, 5, 1), 3) == ["2025-02"]
    assert retention.exports_opruimen(exports, date(2025, 5, 1), 3) == []
    assert sorted(p.name for p in exports.iterdir()) == ["2025-03", "2025-04", "2025-05", "notities"]


def test_removing_old_landing_folders(tmp_path):
    landing = _landing(tmp_path)
    retention.archiveer_landing(retention.oude_landingsmappen(landing, 3), None, tmp_path / "data")
    assert sorted(p.name for p in landing.iterdir()) == ["2025-02", "2025-03", "2025-04", "2025-05", "notities"]


def test_the_erasure_step_rewrites_the_file_after_retention_so_no_deleted_row_stays_in_its_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv(retention.RUWE_ENV, "3")
    warehouse = tmp_path / "jib.duckdb"
    con = duckdb.connect(str(warehouse), config=UNCOMPRESSED)
    _world(con)
    con.execute("CHECKPOINT")
    retention.pas_toe(con, 3)
    con.execute("CHECKPOINT")
    con.close()
    data = warehouse.read_bytes()
    assert b"B00-persoon-xq" in data  # positive control: DuckDB's DELETE leaves the value in the file
    key = b"retention-test-key-0123456789"
    result = erasure.erase_bezwaar(
        warehouse, tmp_path / "exports", key, rewrite_exports=rewrite_files, config=UNCOMPRESSED
    )
    assert result["rijen_bewaartermijn_herschreven"] == 12 and result["seconden_herschrijven_warehouse"] > 0
    data = warehouse.read_bytes()
    assert b"B00-persoon-xq" not in data and b"B11-persoon-xq" not in data
    assert b"B20-persoon-xq" in data  # March is kept
    con = duckdb.connect(str(warehouse), read_only=True)
    assert retention.te_herschrijven(con) == 0
    con.close()
    again = erasure.erase_bezwaar(warehouse, tmp_path / "exports", key, rewrite_exports=rewrite_files)
    assert again["seconden_herschrijven_warehouse"] == 0  # nothing erased or removed since: no rewrite


def _bezwaar_warehouse(path: Path, key: bytes, b: str, c: str) -> None:
    """b objected (the list records their age, the BRP of January their birth date), c did not. Polis rows of both
    in January and in February (February loaded ahead of its run, as an asset backfill may); a quarantined
    January line of each."""
    from jib_assets import db
    from jib_assets.privacy.sleutel import register_jib_id

    jan, feb = MONTHS[0], MONTHS[1]
    with db.connect(path) as con:
        register_jib_id(con, key)
        con.execute("CREATE TABLE bezwaar_register AS SELECT jib_id(?) AS jib_id", [b])
        con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, jib_id VARCHAR, leeftijd INTEGER)")
        con.execute("INSERT INTO gemeente_lijst SELECT DATE '2025-01-01', jib_id, 24 FROM bezwaar_register")
        con.execute("CREATE TABLE brp_personen (peildatum DATE, bsn VARCHAR, geboortedatum DATE)")
        con.execute("INSERT INTO brp_personen VALUES (?, ?, '2000-06-15'), (?, ?, '2000-07-01')", [jan, b, jan, c])
        con.execute("CREATE TABLE uwv_polis (peildatum DATE, bsn VARCHAR)")
        con.execute("INSERT INTO uwv_polis VALUES (?, ?), (?, ?), (?, ?), (?, ?)", [jan, b, jan, c, feb, b, feb, c])
        con.execute("CREATE TABLE quarantaine (peildatum DATE, bestand VARCHAR, regel BIGINT, bsn VARCHAR)")
        con.execute("INSERT INTO quarantaine VALUES (?, 'uwv_polis.csv', 3, ?), (?, 'uwv_polis.csv', 4, ?)",
                    [jan, b, jan, c])
        con.execute("CHECKPOINT")


def test_the_erasure_step_erases_the_quarantaine_and_removes_the_deliveries_with_the_objectors_rows(tmp_path,
                                                                                                      monkeypatch):
    """By default a month's deliveries go at the end of its run, in the erasure step, with every objector's rows in
    them, so they are not searched: the objector's BSN in the quarantaine (no jib_id beside it) is found by its own
    keyed jib_id and erased. A later month's delivery, loaded ahead of its run, keeps every row for that run (which
    reads the objector as one and erases them at its end): erasing them here dropped them from that month's list."""
    monkeypatch.delenv(retention.RUWE_ENV, raising=False)
    key = b"retention-test-key-0123456789"
    b, c = "734512986", "629184735"
    jan, feb = MONTHS[0], MONTHS[1]
    warehouse = tmp_path / "jib.duckdb"
    _bezwaar_warehouse(warehouse, key, b, c)
    assert b.encode() in warehouse.read_bytes()  # positive control
    gevonden: list = []
    result = erasure.erase_bezwaar(warehouse, tmp_path / "exports", key, rewrite_exports=rewrite_files,
                                   config=UNCOMPRESSED, peildatum=jan, gevonden=gevonden)
    assert result["rijen_leveringen_verwijderd"] == 4  # January's BRP and polis rows, b's and c's
    assert result["gewist_quarantaine"] == 1 and "gewist_uwv_polis" not in result
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM brp_personen").fetchall() == [(0,)]
    assert sorted(con.execute("SELECT peildatum, bsn FROM uwv_polis").fetchall()) == sorted([(feb, b), (feb, c)])
    assert con.execute("SELECT regel, bsn FROM quarantaine ORDER BY regel").fetchall() == [(3, None), (4, c)]
    assert retention.leveringen_over(con, jan) == {} and retention.te_herschrijven(con) == 0
    assert erasure.remaining_in_warehouse(con, key, gevonden[0], tot=jan) == {}
    assert erasure.remaining_in_warehouse(con, key, gevonden[0], tot=feb) == {"uwv_polis": 1}  # February's run's
    con.close()
    # the bytes: the quarantaine's and January's b are gone; February's b waits for February's run, which removes it
    assert b.encode() in warehouse.read_bytes()
    erasure.erase_bezwaar(warehouse, tmp_path / "exports", key, rewrite_exports=rewrite_files, config=UNCOMPRESSED,
                          peildatum=feb)
    data = warehouse.read_bytes()
    assert b.encode() not in data and c.encode() in data  # c stays in the quarantaine


def test_with_deliveries_kept_the_erasure_deletes_the_objectors_rows_up_to_its_month(tmp_path, monkeypatch):
    monkeypatch.setenv(retention.RUWE_ENV, "3")
    key = b"retention-test-key-0123456789"
    b, c = "734512986", "629184735"
    jan, feb = MONTHS[0], MONTHS[1]
    warehouse = tmp_path / "jib.duckdb"
    _bezwaar_warehouse(warehouse, key, b, c)
    result = erasure.erase_bezwaar(warehouse, tmp_path / "exports", key, rewrite_exports=rewrite_files,
                                   config=UNCOMPRESSED, peildatum=jan)
    assert result["rijen_leveringen_verwijderd"] == 0
    assert (result["gewist_brp_personen"], result["gewist_uwv_polis"], result["gewist_quarantaine"]) == (1, 1, 1)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT peildatum, bsn FROM brp_personen").fetchall() == [(jan, c)]
    assert sorted(con.execute("SELECT peildatum, bsn FROM uwv_polis").fetchall()) == sorted(
        [(jan, c), (feb, b), (feb, c)])
    con.close()


# End to end: `jib run` over four months of one municipality with a two-month rerun window (landing) and the
# warehouse's default of one month of raw snapshots, then a rerun inside the window and the landing command.
KEY = "retention-e2e-key-0123456789"


def _jib(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jib_assets", *args], env=env, capture_output=True, text=True, timeout=1200
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    home = tmp_path_factory.mktemp("jib_retention")
    env = {
        **os.environ,
        "JIB_HOME": str(home),
        "JIB_PSEUDONYM_KEY": KEY,
        "DAGSTER_HOME": str(home / "dagster"),
        "JIB_GEBIED": "GM0988",
        "JIB_BEWAAR_MAANDEN": "2",
    }
    synth = _jib(["synth", "--region", "GM0988", "--from", "2025-01", "--to", "2025-04", "--seed", "5"], env)
    assert synth.returncode == 0, synth.stderr[-2000:]
    result = _jib(["run", "--from", "2025-01", "--to", "2025-04"], env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return home, env


def _lijst(home: Path, month: str) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT jib_id, gemeentecode, status, categorie FROM gemeente_lijst WHERE peildatum = ? ORDER BY ALL",
        [date.fromisoformat(f"{month}-01")],
    ).fetchall()
    con.close()
    return rows


def test_after_four_months_no_delivery_is_left_and_the_states_keep_the_latest_month(run):
    home, _ = run
    con = duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True)
    for table in ("brp_personen", "brp_adressen", "duo_inschrijvingen", "uwv_polis"):
        assert _months(con, table) == [], table
    for table in ("persoon_toestand", "duo_beoordeling"):
        assert _months(con, table) == [date(2025, 4, 1)], table
    assert set(_months(con, "quarantaine")) <= {date(2025, 4, 1)}  # clean deliveries: few rows
    removed = dict(con.execute("SELECT tabel, sum(rijen) FROM bewaartermijn_log GROUP BY tabel").fetchall())
    assert removed["brp_personen"] > 0 and removed["uwv_polis"] > 0 and removed["persoon_toestand"] > 0
    assert len(_months(con, "gemeente_lijst")) == 4  # the lists stay
    # The step tables keep the rerun window (2) and the month before it; their counts per gemeente, which the
    # month-on-month checks read, every month.
    assert _months(con, "duo_selectie") == [date(2025, m, 1) for m in (2, 3, 4)]
    assert con.execute("SELECT DISTINCT stap, peildatum FROM stap_tellingen ORDER BY ALL").fetchall() == [
        (stap, date(2025, m, 1)) for stap in ("duo_selectie", "ib_lijst") for m in range(1, 5)]
    assert len(_months(con, "ingest_bestanden")) == 4  # counts stay (shrinking-delivery guard)
    con.close()


def test_a_rerun_inside_the_window_works_and_gives_the_same_list(run):
    """March's deliveries left the warehouse at the end of March's run; its rerun loads landing/2025-03 again,
    gives the same list, and its own erasure step removes them again; April's per-person states stay (April is
    the latest)."""
    home, env = run
    before = _lijst(home, "2025-03")
    assert before
    again = _jib(["run", "--from", "2025-03", "--to", "2025-03"], env)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert _lijst(home, "2025-03") == before
    con = duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True)
    assert _months(con, "brp_personen") == [] and _months(con, "persoon_toestand") == [date(2025, 4, 1)]
    con.close()


def test_a_step_run_alone_for_a_month_before_the_window_refuses_and_the_whole_month_works(run):
    """A step of the chain for January alone (its raw snapshots removed) would compute January from nothing and
    fail on a check after overwriting it: persoon_toestand refuses first, saying what to do, which works. So does
    April's, the latest month: its deliveries, too, left the warehouse at the end of its run."""
    home, env = run
    before = _lijst(home, "2025-01")
    warehouse = home / "warehouse" / "jib.duckdb"
    con = duckdb.connect(str(warehouse), read_only=True)
    selectie = con.execute("SELECT count(*) FROM duo_selectie WHERE peildatum = '2025-01-01'").fetchall()
    con.close()
    alone = subprocess.run([sys.executable, "-c", """
import dagster as dg
from jib_assets.definitions import defs
job = defs.resolve_job_def("jib_maand")
steps = dg.AssetSelection.assets("persoon_toestand").downstream().resolve(defs.resolve_asset_graph())
for month in ("2025-01-01", "2025-04-01"):
    result = job.execute_in_process(partition_key=month, instance=dg.DagsterInstance.get(),
                                    raise_on_error=False, asset_selection=list(steps))
    for event in result.all_events:
        if event.is_step_failure:
            print(month, event.step_key, "|", " ".join(event.event_specific_data.error.message.split()))
"""], env=env, capture_output=True, text=True, timeout=600)
    failures = [line for line in alone.stdout.splitlines() if "|" in line]
    assert [f.split(" | ")[0] for f in failures] == ["2025-01-01 persoon_toestand", "2025-04-01 persoon_toestand"], \
        alone.stdout + alone.stderr[-2000:]
    for failure, month in zip(failures, ("2025-01", "2025-04")):
        assert f"no raw snapshot of {month} in the warehouse" in failure and "only during its run" in failure
        assert f"jib run --from {month} --to {month}" in failure
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM duo_selectie WHERE peildatum = '2025-01-01'").fetchall() == selectie
    con.close()
    # what the message says: the whole month, which reads landing/2025-01 again
    whole = _jib(["run", "--from", "2025-01", "--to", "2025-01"], env)
    assert whole.returncode == 0, whole.stdout[-3000:] + whole.stderr[-3000:]
    assert _lijst(home, "2025-01") == before


def _vingerafdruk(warehouse: Path, tabellen: tuple[str, ...], peildatum: str) -> dict[str, tuple]:
    """Per table: the month's row count and a hash over its whole rows (so no value appears in a failure)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    uit = {t: con.execute(f"SELECT count(*), sum(hash(x))::VARCHAR FROM (SELECT * FROM {t} WHERE peildatum = ?) AS x",
                          [date.fromisoformat(peildatum)]).fetchall()[0] for t in tabellen}
    con.close()
    return uit


# Each step that computes a month from its snapshots or per-person states, started on its own for that month (as
# Dagster's UI does for one selected asset): the asset selected, and the tables its step writes.
LOSSE_STAPPEN: dict[str, tuple[str, ...]] = {
    "duo_selectie": ("duo_selectie",),
    "ib_verrijking": ("ib_verrijking", "ib_lijst"),
    "gemeente_filter": ("gemeente_filter",),
    "gemeente_lijst": ("gemeente_lijst",),
    "monitoring_maand": ("monitoring_feiten", "monitoring_maand"),
}


def test_every_step_run_alone_for_a_month_before_the_window_refuses_before_writing(run):
    """Before this guard, each of these steps run alone for January (raw snapshots and states removed) computed
    January from nothing: gemeente_lijst passed every check with the names and addresses of January's list gone,
    the monitoring passed with other figures (no residents, no follow-up), and duo_selectie, ib_verrijking and
    gemeente_filter failed only after overwriting January with no rows (all seen on Midden-Limburg). Now each
    refuses first with the message of ontbrekende_momentopname, and the month's rows stay as they were. February: the
    step tables keep it (the rerun window and the month before it), its snapshots are gone."""
    home, env = run
    warehouse = home / "warehouse" / "jib.duckdb"
    tabellen = tuple(t for ts in LOSSE_STAPPEN.values() for t in ts)
    before = _vingerafdruk(warehouse, tabellen, "2025-02-01")
    assert all(n > 0 for n, _ in before.values()), {t: n for t, (n, _) in before.items()}
    alone = subprocess.run([sys.executable, "-c", f"""
import dagster as dg
from jib_assets.definitions import defs
job = defs.resolve_job_def("jib_maand")
for asset in {list(LOSSE_STAPPEN)!r}:
    result = job.execute_in_process(partition_key="2025-02-01", instance=dg.DagsterInstance.get(),
                                    raise_on_error=False, asset_selection=[dg.AssetKey(asset)])
    failures = [e for e in result.all_events if e.is_step_failure]
    print(asset, "|", len(failures), "|", " ".join(failures[0].event_specific_data.error.message.split())
          if failures else "-")
"""], env=env, capture_output=True, text=True, timeout=900)
    lines = {line.split(" | ")[0]: line.split(" | ")[1:] for line in alone.stdout.splitlines() if " | " in line}
    assert set(lines) == set(LOSSE_STAPPEN), alone.stdout + alone.stderr[-2000:]
    for asset, (failures, message) in lines.items():
        assert failures == "1", (asset, message)
        assert "no raw snapshot of 2025-02 in the warehouse" in message, (asset, message)
        assert "jib run --from 2025-02 --to 2025-02" in message, (asset, message)
    assert _vingerafdruk(warehouse, tabellen, "2025-02-01") == before


def test_monitoring_does_not_rebuild_a_month_whose_snapshots_are_gone(run, tmp_path):
    """The monitoring step rebuilds earlier months that have no monitoring (after an upgrade dropped it); a month whose
    snapshots retention removed would get residents and follow-up counted from nothing. Now the step says so, in
    the run of the next month (April again, whole: its own deliveries, too, are gone after its run)."""
    home, env = run
    kopie = tmp_path / "home"
    shutil.copytree(home, kopie, ignore=shutil.ignore_patterns("dagster"))
    (kopie / "dagster").mkdir()
    con = duckdb.connect(str(kopie / "warehouse" / "jib.duckdb"))
    con.execute("DELETE FROM monitoring_maand WHERE peildatum = '2025-01-01'")
    feiten = con.execute("SELECT count(*) FROM monitoring_feiten WHERE peildatum = '2025-01-01'").fetchall()
    con.close()
    alone = subprocess.run([sys.executable, "-c", """
import dagster as dg
from jib_assets.definitions import defs
result = defs.resolve_job_def("jib_maand").execute_in_process(
    partition_key="2025-04-01", instance=dg.DagsterInstance.get(), raise_on_error=False)
for e in result.all_events:
    if e.is_step_failure:
        print(e.step_key, "|", " ".join(e.event_specific_data.error.message.split()))
"""], env={**env, "JIB_HOME": str(kopie), "DAGSTER_HOME": str(kopie / "dagster")}, capture_output=True, text=True,
        timeout=600)
    failures = [line for line in alone.stdout.splitlines() if " | " in line]
    assert len(failures) == 1 and failures[0].startswith("stap_monitoring | "), alone.stdout + alone.stderr[-2000:]
    assert "no raw snapshot of 2025-01 in the warehouse" in failures[0]
    con = duckdb.connect(str(kopie / "warehouse" / "jib.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM monitoring_feiten WHERE peildatum = '2025-01-01'").fetchall() == feiten
    con.close()


def test_a_delivery_loaded_again_alone_does_not_let_a_step_compute_the_month_without_the_others(run, tmp_path):
    """As the Dagster UI allows: April's brp_personen materialized alone after April's run (which emptied April's
    deliveries at its end), then persoon_toestand, which Dagster then shows stale. Before, the guard saw brp_personen
    and let persoon_toestand compute April from it alone (no DUO-known person: April's states replaced by none).
    Now it refuses, naming the seven files gone, and April's rows stay. The membership alone (regio_indeling, which
    an asset backfill may select before the month's deliveries are loaded) reads no delivery: it runs before them
    too (it was refused: no raw snapshot), leaving the figures as they were."""
    home, env = run
    kopie = tmp_path / "home"
    shutil.copytree(home, kopie, ignore=shutil.ignore_patterns("dagster"))
    (kopie / "dagster").mkdir()
    assert (kopie / "landing" / "2025-04" / "_COMPLETE").is_file()
    warehouse = kopie / "warehouse" / "jib.duckdb"
    tabellen = ("persoon_toestand", "duo_selectie", "monitoring_feiten", "monitoring_maand")
    before = _vingerafdruk(warehouse, tabellen, "2025-04-01")
    assert all(n > 0 for n, _ in before.values()), before
    alone = subprocess.run([sys.executable, "-c", """
import dagster as dg
from jib_assets.definitions import defs
job = defs.resolve_job_def("jib_maand")
for asset in ("regio_indeling", "brp_personen", "persoon_toestand"):
    result = job.execute_in_process(partition_key="2025-04-01", instance=dg.DagsterInstance.get(),
                                    raise_on_error=False, asset_selection=[dg.AssetKey(asset)])
    failures = [e for e in result.all_events if e.is_step_failure]
    print(asset, "|", result.success, "|", " ".join(failures[0].event_specific_data.error.message.split())
          if failures else "-")
"""], env={**env, "JIB_HOME": str(kopie), "DAGSTER_HOME": str(kopie / "dagster")}, capture_output=True, text=True,
        timeout=600)
    lines = {line.split(" | ")[0]: line.split(" | ")[1:] for line in alone.stdout.splitlines() if " | " in line}
    assert set(lines) == {"brp_personen", "persoon_toestand", "regio_indeling"}, alone.stdout + alone.stderr[-2000:]
    assert lines["brp_personen"][0] == "True" and lines["regio_indeling"][0] == "True", lines
    ok, message = lines["persoon_toestand"]
    assert ok == "False"
    gone = ("brp_adressen.csv, duo_diplomas.csv, duo_inschrijvingen.csv, gemeente_klanten.csv, kvk_inschrijvingen.csv, "
            "uwv_polis.csv, uwv_uitkeringen.csv of 2025-04 are no longer in the warehouse")
    assert gone in message, message
    assert "jib run --from 2025-04 --to 2025-04" in message and "materialize brp_adressen, duo_diplomas" in message
    assert _vingerafdruk(warehouse, tabellen, "2025-04-01") == before


def test_only_the_files_a_month_loaded_and_lost_are_named():
    """verdwenen_leveringen: a file loaded for P (ingest_bestanden) but not held now (ingest_aanwezig) while another
    of P's is; none when P holds no file at all (the other message says why) or in a warehouse from before
    ingest_aanwezig; a casemanager spreadsheet (not a delivery kept for the run) is never named."""
    con = duckdb.connect()
    p, mei = MONTHS[3], MONTHS[4]
    assert retention.verdwenen_leveringen(con, p) == []
    con.execute("CREATE TABLE ingest_bestanden (peildatum DATE, bestand VARCHAR)")
    for maand in (p, mei):
        for bestand in ("brp_personen.csv", "uwv_polis.csv", "kvk_inschrijvingen.csv", "casemanager/GM0988.csv"):
            con.execute("INSERT INTO ingest_bestanden VALUES (?, ?)", [maand, bestand])
    assert retention.verdwenen_leveringen(con, p) == []  # loads from before the record
    con.execute("CREATE TABLE ingest_aanwezig (peildatum DATE, bestand VARCHAR)")
    assert retention.verdwenen_leveringen(con, p) == []  # nothing of April held
    con.execute("INSERT INTO ingest_aanwezig VALUES (?, 'uwv_polis.csv')", [mei])
    assert retention.verdwenen_leveringen(con, mei) == ["brp_personen.csv", "kvk_inschrijvingen.csv"]
    # Without the BRP delivery too, the message names what is gone rather than saying nothing was loaded.
    assert retention.ontbrekende_momentopname(con, mei).startswith(
        "brp_personen.csv, kvk_inschrijvingen.csv of 2025-05 are no longer in the warehouse")
    con.execute("INSERT INTO ingest_aanwezig VALUES (?, 'brp_personen.csv')", [p])
    assert retention.verdwenen_leveringen(con, p) == ["kvk_inschrijvingen.csv", "uwv_polis.csv"]
    con.execute("INSERT INTO ingest_aanwezig VALUES (?, 'uwv_polis.csv'), (?, 'kvk_inschrijvingen.csv')", [p, p])
    assert retention.verdwenen_leveringen(con, p) == []


def test_without_a_snapshot_the_message_says_whether_retention_removed_it(monkeypatch):
    monkeypatch.setenv(retention.RUWE_ENV, "3")
    con = duckdb.connect()
    _world(con)
    assert retention.ontbrekende_momentopname(con, MONTHS[0]) is None
    retention.pas_toe(con, 3)
    assert retention.ontbrekende_momentopname(con, MONTHS[2]) is None
    removed = retention.ontbrekende_momentopname(con, MONTHS[0])
    assert "removed the raw snapshots before 2025-03" in removed and retention.RUWE_ENV in removed
    never = retention.ontbrekende_momentopname(con, date(2025, 6, 1))
    assert "not loaded" in never and "landing/2025-06" in never
    assert "not loaded" in retention.ontbrekende_momentopname(duckdb.connect(), MONTHS[0])  # no tables at all
    monkeypatch.delenv(retention.RUWE_ENV)  # the default: a month's deliveries go at the end of its run
    retention.leveringen_weg(con, MONTHS[4])
    after_run = retention.ontbrekende_momentopname(con, MONTHS[4])
    assert "only during its run" in after_run and f"{retention.RUWE_ENV}=0" in after_run
    assert "jib run --from 2025-05 --to 2025-05" in after_run


def test_the_landing_command_lists_then_archives_outside_the_data_folder(run, tmp_path):
    home, env = run
    listed = _jib(["bewaartermijn", "landing"], env)
    assert listed.returncode == 0 and "2025-01, 2025-02" in " ".join(listed.stdout.split())
    assert (home / "landing" / "2025-01").is_dir()  # listing moves nothing
    inside = _jib(["bewaartermijn", "landing", "--archief", str(home / "archief")], env)
    assert inside.returncode == 2 and "inside the data folder" in " ".join(inside.stdout.split())
    moved = _jib(["bewaartermijn", "landing", "--archief", str(tmp_path / "archief")], env)
    assert moved.returncode == 0, moved.stdout
    assert sorted(p.name for p in (tmp_path / "archief").iterdir()) == ["2025-01", "2025-02"]
    assert sorted(p.name for p in (home / "landing").glob("2025-*")) == ["2025-03", "2025-04"]
    status = " ".join(_jib(["bewaartermijn", "status"], env).stdout.split())
    assert "rerun window: 2 months of landing folders" in status
    assert "raw snapshots in the warehouse (it keeps 0 month(s) after their run, $JIB_BEWAAR_MAANDEN_RUW): none " \
        in status
    assert "landing folders before the window: none" in status
    # Each month's run removed the copies before the window; a whole-month rerun of January (a test above) wrote its own.
    oud = sorted(p.name for p in (home / "exports").glob("2025-0[12]"))
    assert oud in ([], ["2025-01"]) and f"export folders before the window: {', '.join(oud) or 'none'} " in status
    assert status.endswith("Data Docs months before the window (12 month(s), $JIB_BEWAAR_MAANDEN_DATA_DOCS; the next "
                           "month's run removes them): none")


def test_the_run_removed_the_export_copies_before_the_window_and_a_month_is_written_again_on_request(run):
    import dagster as dg

    from jib_assets.privacy.erasure import EXPORT_INDEX, export_index

    home, env = run
    exports = home / "exports"
    # Each month's run removed the copies before the 2-month window (JIB_BEWAAR_MAANDEN, the export window's default):
    # the first run of each month says which in its metadata (a test above reruns January whole, which keeps its own).
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        records = instance.fetch_materializations(dg.AssetKey("bewaartermijn"), limit=50, ascending=True).records
    removed_by: dict[str, list[str]] = {}
    for record in records:
        materialization = record.asset_materialization
        removed_by.setdefault(materialization.partition[:7], materialization.metadata["exportmaanden_verwijderd"].value)
    assert removed_by == {"2025-01": [], "2025-02": [], "2025-03": ["2025-01"], "2025-04": ["2025-02"]}
    assert "2025-02" not in {p.name for p in exports.glob("2025-*")}
    assert {"2025-03", "2025-04"} <= {p.name for p in exports.glob("2025-*")}

    shutil.rmtree(exports / "2025-01", ignore_errors=True)
    again = _jib(["bewaartermijn", "exports", "--opnieuw", "2025-01"], env)
    assert again.returncode == 0, again.stdout + again.stderr
    said = " ".join(again.stdout.split())
    assert "Written again from the warehouse: exports/2025-01/ (1 municipalities" in said
    assert "The next month's run removes it again when it lies before the 2-month window" in said
    folder = exports / "2025-01" / "GM0988"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}.{e}" for n in ("jib_lijst", "werklijst_casemanager", "uitstroom_casemanager") for e in ("csv", "xlsx"))
    assert oct(folder.joinpath("jib_lijst.csv").stat().st_mode & 0o777) == "0o600"
    # The file holds the month's list as the warehouse keeps it: the same youths, each once.
    rows = [line.split(";") for line in folder.joinpath("jib_lijst.csv").read_text(encoding="utf-8-sig").splitlines()]
    jib_id = rows[0].index("jib_id")
    con = duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True)
    lijst = con.execute("SELECT jib_id FROM gemeente_lijst WHERE peildatum = DATE '2025-01-01'").fetchall()
    con.close()
    assert len(lijst) > 10 and sorted(r[jib_id] for r in rows[1:]) == sorted(r[0] for r in lijst)
    assert "2025-01" in {b.split("/")[0] for b in export_index(exports)["bestand"]}  # the erasure will find them

    listed = _jib(["bewaartermijn", "exports"], env)
    assert listed.returncode == 0 and "Before the 2-month window: 2025-01." in " ".join(listed.stdout.split())
    removed = _jib(["bewaartermijn", "exports", "--verwijder"], env)
    assert removed.returncode == 0, removed.stdout
    assert sorted(p.name for p in exports.glob("2025-*")) == ["2025-03", "2025-04"]
    assert (exports / EXPORT_INDEX).exists()  # the index beside them stays, and forgets their files
    assert "2025-01" not in {b.split("/")[0] for b in export_index(exports)["bestand"]}

    never = _jib(["bewaartermijn", "exports", "--opnieuw", "2024-06"], env)
    assert never.returncode == 1 and "holds no list of 2024-06" in " ".join(never.stdout.split())
    bad = _jib(["bewaartermijn", "exports", "--opnieuw", "juni"], env)
    assert bad.returncode == 2 and "is not a month" in " ".join(bad.stdout.split())
