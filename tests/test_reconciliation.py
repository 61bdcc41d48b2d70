"""The reconciliation checks between steps (quality/reconciliation.py, SQL in sql/checks/), on a few rows."""

from __future__ import annotations

from datetime import date

import duckdb

from jib_assets import schema
from jib_assets.quality import reconciliation as r

P = date(2025, 3, 1)


def _lists(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema.ddl("gemeente_lijst"))
    con.execute("CREATE TABLE werklijst_casemanager (peildatum DATE, gemeentecode VARCHAR, jib_id VARCHAR)")
    rows = [  # jib_id, categorie, status
        ("JIB-A", "benaderen", "instroom"), ("JIB-B", "zzp", "instroom"), ("JIB-C", "bekend", "instroom"),
        ("JIB-D", "benaderen", "blijft"), ("JIB-E", "benaderen", "uitstroom"),
    ]
    for jib_id, categorie, status in rows:
        con.execute(
            "INSERT INTO gemeente_lijst (peildatum, gemeentecode, jib_id, categorie, status, soort_instroom, "
            "reden_uitstroom, datum_instroom, eerste_maand) VALUES (?, 'GM0988', ?, ?, ?, ?, ?, ?, false)",
            [P, jib_id, categorie, status, "nieuw" if status == "instroom" else None,
             "werk" if status == "uitstroom" else None, P],
        )


def test_the_worklist_is_exactly_the_instroom_of_zzp_and_benaderen(con):
    _lists(con)
    con.execute("INSERT INTO werklijst_casemanager VALUES (?, 'GM0988', 'JIB-A'), (?, 'GM0988', 'JIB-B')", [P, P])
    assert r.werklijst_mismatch(con, P) == 0


def test_a_worklist_row_too_many_and_one_missing_both_count(con):
    _lists(con)
    # JIB-C is bekend (never on a worklist); JIB-B (zzp instroom) is missing.
    con.execute("INSERT INTO werklijst_casemanager VALUES (?, 'GM0988', 'JIB-A'), (?, 'GM0988', 'JIB-C')", [P, P])
    assert r.werklijst_mismatch(con, P) == 2


def test_ib_rows_outside_the_selection_are_counted(con):
    con.execute("CREATE TABLE duo_selectie (peildatum DATE, bsn VARCHAR, jib_id VARCHAR)")
    con.execute("CREATE TABLE ib_lijst (peildatum DATE, bsn VARCHAR, jib_id VARCHAR)")
    con.execute("INSERT INTO duo_selectie VALUES (?, '1', 'JIB-1'), (?, '2', 'JIB-2')", [P, P])
    con.execute("INSERT INTO ib_lijst VALUES (?, '1', 'JIB-1'), (?, '3', 'JIB-3'), (?, '3', 'JIB-3')",
                [P, P, date(2025, 2, 1)])
    assert r.ib_lijst_not_in_selectie(con, P) == 1


def test_an_erased_objector_on_the_ib_list_is_matched_by_jib_id(con):
    # After an erasure the objector's rows keep only the jib_id (bsn NULL); a rerun of the month
    # keeps them so, in the selection and on the IB list alike: the same person, not an extra row.
    con.execute("CREATE TABLE duo_selectie (peildatum DATE, bsn VARCHAR, jib_id VARCHAR)")
    con.execute("CREATE TABLE ib_lijst (peildatum DATE, bsn VARCHAR, jib_id VARCHAR)")
    con.execute("INSERT INTO duo_selectie VALUES (?, NULL, 'JIB-1'), (?, '2', 'JIB-2')", [P, P])
    con.execute("INSERT INTO ib_lijst VALUES (?, NULL, 'JIB-1'), (?, '2', 'JIB-2')", [P, P])
    assert r.ib_lijst_not_in_selectie(con, P) == 0
    con.execute("INSERT INTO ib_lijst VALUES (?, NULL, 'JIB-9')", [P])
    assert r.ib_lijst_not_in_selectie(con, P) == 1


def test_monitoring_must_match_the_list_per_gemeente(con):
    _lists(con)
    con.execute("CREATE TABLE regio_indeling AS SELECT DATE '2025-03-01' AS peildatum, 'gemeente' AS niveau, "
                "unnest(['GM0988', 'GM0957']) AS gemeentecode")
    con.execute("CREATE TABLE monitoring_maand (peildatum DATE, niveau VARCHAR, regiocode VARCHAR, op_lijst BIGINT, "
                "instroom BIGINT, uitstroom BIGINT)")
    con.execute("INSERT INTO monitoring_maand VALUES (?, 'gemeente', 'GM0988', 4, 3, 1)", [P])
    assert r.monitoring_mismatch(con, P) == 0
    con.execute("INSERT INTO monitoring_maand VALUES (?, 'gemeente', 'GM0957', 1, 1, 0)", [P])
    con.execute("UPDATE monitoring_maand SET uitstroom = 2 WHERE regiocode = 'GM0988'")
    assert r.monitoring_mismatch(con, P) == 2


def test_a_bsn_column_on_the_worklist_is_named(con):
    con.execute("CREATE TABLE werklijst_casemanager (jib_id VARCHAR, Bsn_oud VARCHAR)")
    assert r.werklijst_columns_with_bsn(con) == ["Bsn_oud"]
