"""Retention of the casemanagers' spreadsheets (privacy/bewaartermijn.py, sql/bewaartermijn_spreadsheets.sql): each
delivery is the whole spreadsheet so far, so of the deliveries before the rerun window only what a reader still needs
stays, and every reader sees the same as from every delivery."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jib_assets.db import sql
from jib_assets.partitions import add_months
from jib_assets.privacy import bewaartermijn as retention
from jib_assets.publish.exports import prepare_queries

G1, G2 = "GM0001", "GM0002"
A, B, C, D, E, F = (f"JIB-AAAAAAAAAAA{c}" for c in "ABCDEF")
JAN = date(2025, 1, 1)
MONTHS = [add_months(JAN, i) for i in range(6)]  # January .. June
VELDEN = ("datum_kaartje", "reactie_kaartje", "datum_huisbezoek", "toestemming", "bestemming", "datum_uitstroom",
          "bezwaar")
SCHEMA = {"peildatum": pl.Date, "bestand": pl.String, "regel": pl.Int64, "jib_id": pl.String, "gemeentecode": pl.String,
          "datum_kaartje": pl.Date, "reactie_kaartje": pl.String, "datum_huisbezoek": pl.Date, "toestemming": pl.Boolean,
          "bestemming": pl.String, "datum_uitstroom": pl.Date, "bezwaar": pl.Boolean}


@pytest.fixture(autouse=True)
def _window(monkeypatch):
    monkeypatch.delenv(retention.ENV, raising=False)  # the rerun window: 3 months
    monkeypatch.delenv(retention.RUWE_ENV, raising=False)
    monkeypatch.delenv(retention.STAP_ENV, raising=False)


def _warehouse() -> duckdb.DuckDBPyConnection:
    """casemanager_monitoring as the ingest creates it, and the few list columns the readers join."""
    con = duckdb.connect()
    for statement in con.extract_statements(sql("ingest_tabellen")):
        con.execute(statement)
    con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, gemeentecode VARCHAR, jib_id VARCHAR, status VARCHAR, "
                "soort_instroom VARCHAR, reden_uitstroom VARCHAR, inkomen_werk DECIMAL(14,2), "
                "hoogste_diploma VARCHAR, laatste_onderwijssoort VARCHAR)")
    con.execute("CREATE TABLE werklijst_casemanager (peildatum DATE, gemeentecode VARCHAR, jib_id VARCHAR)")
    con.execute("CREATE TABLE bezwaar_register (jib_id VARCHAR, peildatum_bezwaar DATE)")
    return con


def _levering(con: duckdb.DuckDBPyConnection, p: date, gemeente: str, rijen: list[dict]) -> None:
    """One gemeente's spreadsheet of month p: rows in order, line 2 on, file `bestand` (default sheet.xlsx)."""
    frame = pl.DataFrame(
        [{"peildatum": p, "bestand": rij.get("bestand", "sheet.xlsx"), "regel": rij.get("regel", i + 2),
          "jib_id": rij.get("jib"), "gemeentecode": gemeente, **{v: rij.get(v) for v in VELDEN}}
         for i, rij in enumerate(rijen)],
        schema=SCHEMA)
    con.register("levering", frame)
    con.execute("INSERT INTO casemanager_monitoring BY NAME SELECT * FROM levering")
    con.unregister("levering")


def _maand_gelopen(con: duckdb.DuckDBPyConnection, p: date, youths: list[tuple[str, str]]) -> None:
    """Month p ran: every youth is on its gemeente's list and worklist as new inflow (so the worklist history
    and the destination check read every youth, every month)."""
    params = {"p": p, "g": [g for g, _ in youths], "j": [j for _, j in youths]}
    con.execute("INSERT INTO gemeente_lijst (peildatum, gemeentecode, jib_id, status, soort_instroom, inkomen_werk) "
                "SELECT $p, unnest($g::VARCHAR[]), unnest($j::VARCHAR[]), 'instroom', 'nieuw', 100", params)
    con.execute("INSERT INTO werklijst_casemanager SELECT $p, unnest($g::VARCHAR[]), unnest($j::VARCHAR[])", params)


def _readers(con: duckdb.DuckDBPyConnection, months: list[date], venster: list[date]) -> dict[str, list]:
    """What every reader of casemanager_monitoring sees: the worklist's history (sql/werklijst_historie.sql) and the
    destination check (sql/bestemming_afwijking.sql) of every month, the objections' register
    (sql/bezwaar_register.sql), and for the months of the window the monitoring's spreadsheet rows and covered
    gemeenten (the CTEs levering, casemanager and gedekt of sql/monitoring_feiten.sql)."""
    prepare_queries(con)
    seen: dict[str, list] = {"historie": [], "bestemming": [], "monitoring": [], "gedekt": []}
    for p in months:
        seen["historie"] += con.execute(f"SELECT $p, * FROM ({sql('werklijst_historie')}) ORDER BY ALL",
                                        {"peildatum": p, "p": p}).fetchall()
        seen["bestemming"] += con.execute(
            f"SELECT * FROM ({sql('bestemming_afwijking')}) ORDER BY ALL",
            {"peildatum": p, "maanden": -1200, "zichtbaar": ["werk", "onderwijs", "verhuisd"]}).fetchall()
    for p in venster:
        seen["monitoring"] += con.execute(
            "WITH levering AS (SELECT gemeentecode, max(peildatum) AS peildatum FROM casemanager_monitoring "
            "WHERE peildatum <= $p GROUP BY gemeentecode) "
            "SELECT $p, c.* FROM casemanager_monitoring AS c JOIN levering AS l USING (gemeentecode, peildatum) "
            "ORDER BY ALL", {"p": p}).fetchall()
        seen["gedekt"] += con.execute("SELECT DISTINCT $p, gemeentecode FROM casemanager_monitoring "
                                      "WHERE peildatum <= $p ORDER BY ALL", {"p": p}).fetchall()
    seen["register"] = con.execute(f"{sql('bezwaar_register')}").fetchall()
    return seen


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT peildatum, gemeentecode, regel FROM casemanager_monitoring ORDER BY ALL").fetchall()


def test_only_what_a_reader_needs_of_the_deliveries_before_the_window_stays():
    con = _warehouse()
    feb = MONTHS[1]
    kaart, uit, bezoek = date(2025, 1, 10), date(2025, 3, 1), date(2025, 2, 14)
    _levering(con, JAN, G1, [
        {"jib": A, "datum_kaartje": kaart},
        {"jib": B, "bezwaar": True},
        {"jib": None},  # a row without a jib_id
        {"jib": E, "toestemming": False},  # E is not in any later spreadsheet
        {"jib": F, "toestemming": True},
    ])
    _levering(con, JAN, G2, [{"jib": D, "datum_kaartje": kaart}])  # G2 delivers only in January
    _levering(con, feb, G1, [
        {"jib": A, "datum_kaartje": kaart},  # as in January
        {"jib": B, "bezwaar": True},  # as in January: the register took January
        {"jib": C, "reactie_kaartje": "nee"},  # new, and an objection
        {"jib": F, "toestemming": False},  # changed
        {"jib": F, "datum_huisbezoek": bezoek},  # a second row of F, the only one with the home visit
    ])
    for p in MONTHS[2:]:
        _levering(con, p, G1, [{"jib": A, "datum_kaartje": kaart, "datum_uitstroom": uit, "bestemming": "werk"},
                               {"jib": B, "bezwaar": True}, {"jib": C, "reactie_kaartje": "nee"},
                               {"jib": F, "toestemming": False}])
    for p in MONTHS:
        _maand_gelopen(con, p, [(G1, A), (G1, B), (G1, C), (G1, E), (G1, F), (G2, D)])
    voor = _readers(con, MONTHS, MONTHS[3:])

    done = retention.pas_toe(con)
    # The lists end in June; the rerun window of 3 months starts in April. Before it, G1's latest delivery (March) and
    # G2's (January) stay whole. Of G1's January every row with a jib_id stays (the first of each youth: their values,
    # B's objection), the one without goes; of February A's and B's rows go (nothing changed), C's stays (new, and
    # C's first objection), and both of F's (the consent changed; the home visit stands only on the second).
    assert done.rijen_verwijderd == {"casemanager_monitoring": 3}
    assert _rows(con) == sorted(
        [(JAN, G1, 2), (JAN, G1, 3), (JAN, G1, 5), (JAN, G1, 6), (JAN, G2, 2), (feb, G1, 4), (feb, G1, 5),
         (feb, G1, 6)] + [(p, G1, r) for p in MONTHS[2:] for r in (2, 3, 4, 5)])
    assert retention.rijen_buiten_termijn(con, 0) == {}
    assert retention.pas_toe(con).rijen_verwijderd == {}  # a second pass finds nothing more
    assert con.execute("SELECT eerste_bewaard, tabel, rijen FROM bewaartermijn_log").fetchall() == [
        (MONTHS[3], "casemanager_monitoring", 3)]

    na = _readers(con, MONTHS, MONTHS[3:])
    assert na == voor
    # By hand, on June's worklist history: E's consent, recorded only in January; F's consent as changed in February
    # and F's home visit, recorded only in February. The register has B from January and C from February; G2, which
    # stopped delivering, is still covered in June.
    juni = {r[2]: r for r in na["historie"] if r[0] == MONTHS[5]}
    assert juni[E][9] == "nee" and juni[F][8:10] == (bezoek, "nee")
    assert {r[2]: r for r in na["historie"] if r[0] == JAN}[F][9] == "ja"  # January's, written again, as it was
    assert na["register"] == [(B, JAN), (C, feb)]
    assert (MONTHS[5], G2) in na["gedekt"]
    # A row left behind before the window is seen by the check.
    _levering(con, feb, G1, [{"jib": A, "datum_kaartje": kaart, "regel": 9}])
    assert retention.rijen_buiten_termijn(con, 0) == {"casemanager_monitoring": 1}


def test_without_lists_or_spreadsheets_nothing_is_removed():
    con = _warehouse()
    _levering(con, JAN, G1, [{"jib": A}])
    _levering(con, MONTHS[1], G1, [{"jib": A}])
    assert retention.pas_toe(con).rijen_verwijderd == {}  # no month ran yet: no window
    con.execute("DROP TABLE casemanager_monitoring")
    _maand_gelopen(con, MONTHS[5], [(G1, A)])
    assert retention.pas_toe(con).rijen_verwijderd == {}


JIBS = [A, B, C, A.lower()]
WAARDEN = {
    "datum_kaartje": st.sampled_from([None, date(2025, 1, 3), date(2025, 2, 7)]),
    "reactie_kaartje": st.sampled_from([None, "ja", "nee", "geen"]),
    "datum_huisbezoek": st.sampled_from([None, date(2025, 2, 1)]),
    "toestemming": st.sampled_from([None, True, False]),
    "bestemming": st.sampled_from([None, "werk", "onderwijs"]),
    "datum_uitstroom": st.sampled_from([None, date(2024, 12, 1), date(2025, 3, 1)]),
    "bezwaar": st.sampled_from([None, False, True]),
}
RIJ = st.fixed_dictionaries(
    {"jib": st.sampled_from([*JIBS, None]), "bestand": st.sampled_from(["a.xlsx", "b.xlsx"]), **WAARDEN})
# Per month and gemeente: no delivery, or a spreadsheet of up to 5 rows (a youth may stand on several).
LEVERINGEN = st.lists(st.lists(st.one_of(st.none(), st.lists(RIJ, max_size=5)), min_size=2, max_size=2),
                      min_size=8, max_size=8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(leveringen=LEVERINGEN)
def test_every_reader_sees_the_same_after_every_months_retention(leveringen):
    """Deliveries arrive month by month and the retention runs after each month, as in the pipeline; then every
    reader, for every month (the monitoring for those of the window), sees what it sees on all deliveries kept."""
    maanden = [add_months(JAN, i) for i in range(len(leveringen))]
    volledig, ingekort = _warehouse(), _warehouse()
    for p, per_gemeente in zip(maanden, leveringen, strict=True):
        for con in (volledig, ingekort):
            for gemeente, rijen in zip((G1, G2), per_gemeente, strict=True):
                if rijen is not None:
                    _levering(con, p, gemeente, rijen)
            _maand_gelopen(con, p, [(g, j) for g in (G1, G2) for j in JIBS])
        retention.pas_toe(ingekort)
    venster = maanden[-3:]
    assert _readers(ingekort, maanden, venster) == _readers(volledig, maanden, venster)
    assert retention.rijen_buiten_termijn(ingekort, 0) == {}
