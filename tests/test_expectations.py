"""The GX suites of expectations/: each passes on a plausible month, each expectation relied on fails
when its rule is broken, a GX error is an error and not a data failure, nothing identifying reaches
a check's metadata, and Data Docs are written.

The world: four months (2025-01 .. 2025-04, P = 2025-04) in three gemeenten, a large one, a middle
one and one too small to judge, built in SQL from a row number so every row is known.
"""

from __future__ import annotations

import json
import shutil
from datetime import date

import dagster as dg
import pytest

from jib_assets import db, schema
from jib_assets.privacy import bewaartermijn as retention
from jib_assets.quality import expectations as ex
from jib_assets.quality import suites

P = date(2025, 4, 1)
STEPS = ("duo_selectie", "ib_lijst", "gemeente_lijst", "werklijst_casemanager", "monitoring")

# gemeente -> people selected per month; a fifth of them are on the list
GEMEENTEN = {"GM0001": 250, "GM0002": 150, "GM0003": 10}

WORLD = [
    "CREATE TABLE maanden AS SELECT unnest([DATE '2025-01-01', DATE '2025-02-01', DATE '2025-03-01', DATE '2025-04-01']) AS peildatum",
    "CREATE TABLE omvang AS SELECT * FROM (VALUES ('GM0001', 250), ('GM0002', 150), ('GM0003', 10)) t(gemeentecode, personen)",
    # i is the person's number within the gemeente; month m shifts who is on the list so there is flow
    """
    CREATE TABLE duo_selectie AS
    SELECT m.peildatum, o.gemeentecode || lpad(i::VARCHAR, 5, '0') AS bsn, DATE '2000-05-17' AS geboortedatum,
           23 + i % 4 AS leeftijd, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'V' END AS geslacht,
           o.gemeentecode AS woongemeente, CASE WHEN i % 3 = 0 THEN NULL ELSE 'VMBO_TL' END AS hoogste_diploma,
           'VMBO' AS laatste_onderwijssoort, DATE '2021-06-30' AS laatste_onderwijs_einddatum
    FROM maanden AS m, omvang AS o, range(o.personen) AS r(i)
    """,
    """
    CREATE TABLE ib_lijst AS
    SELECT peildatum, bsn, woongemeente,
           CAST(CASE WHEN right(bsn, 2) IN ('05', '45') THEN 250 ELSE 0 END AS DECIMAL(14, 2)) AS inkomen_werk,
           right(bsn, 2) IN ('05', '45') AS in_bezit_van_werk, right(bsn, 2) NOT IN ('05', '45') AS nulinkomen,
           geboortedatum, leeftijd, geslacht
    FROM duo_selectie WHERE CAST(right(bsn, 5) AS INTEGER) % 5 = 0
    """,
    # per gemeente and month: the list is persons n .. n+L-1 with n = month index; so each month one
    # person leaves and one comes in per gemeente, plus everyone is instroom in the first month
    """
    CREATE TABLE lijst_basis AS
    SELECT m.peildatum, date_diff('month', DATE '2025-01-01', m.peildatum) AS k, o.gemeentecode,
           o.personen // 5 AS lengte
    FROM maanden AS m, omvang AS o
    """,
    """
    CREATE TABLE gemeente_lijst AS
    WITH rijen AS (
        SELECT b.peildatum, b.gemeentecode, j AS i,
               CASE WHEN b.k = 0 OR j = b.k + b.lengte - 1 THEN 'instroom' ELSE 'blijft' END AS status
        FROM lijst_basis AS b, range(b.k, b.k + b.lengte) AS r(j)
        UNION ALL
        SELECT b.peildatum, b.gemeentecode, b.k - 1 AS i, 'uitstroom' AS status
        FROM lijst_basis AS b WHERE b.k > 0
    )
    SELECT peildatum, gemeentecode, gemeentecode || lpad(i::VARCHAR, 5, '0') AS bsn,
           'JIB-' || gemeentecode || lpad(i::VARCHAR, 6, '0') AS jib_id,
           CASE WHEN i % 10 = 1 THEN 'bekend' WHEN i % 10 = 2 THEN 'zzp' ELSE 'benaderen' END AS categorie,
           status,
           CASE WHEN status = 'instroom' THEN 'nieuw' END AS soort_instroom,
           CASE WHEN status = 'uitstroom' THEN 'werk' END AS reden_uitstroom,
           CAST(NULL AS VARCHAR) AS verhuisd_van, CAST(NULL AS VARCHAR) AS verhuisd_naar,
           CASE WHEN status = 'instroom' THEN peildatum ELSE DATE '2025-01-01' END AS datum_instroom,
           peildatum = DATE '2025-01-01' AS eerste_maand,
           'Achternaam' || i AS geslachtsnaam, CAST(NULL AS VARCHAR) AS voorvoegsel, 'Voornaam' || i AS voornamen,
           DATE '2000-05-17' AS geboortedatum, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'V' END AS geslacht,
           23 + i % 4 AS leeftijd, 'Straat' || i AS straatnaam, i AS huisnummer,
           CAST(NULL AS VARCHAR) AS huisletter, CAST(NULL AS VARCHAR) AS huisnummertoevoeging,
           '60' || lpad((i % 100)::VARCHAR, 2, '0') || 'KX' AS postcode, 'Woonplaats' || i AS woonplaats,
           'VMBO_TL' AS hoogste_diploma, 'VMBO' AS laatste_onderwijssoort, CAST(0 AS DECIMAL(12, 2)) AS inkomen_werk
    FROM rijen
    """,
    """
    CREATE TABLE werklijst_casemanager AS
    SELECT peildatum, gemeentecode, jib_id, geslachtsnaam, voorvoegsel, voornamen, straatnaam, huisnummer,
           huisletter, huisnummertoevoeging, postcode, woonplaats, geboortedatum, categorie, datum_instroom
    FROM gemeente_lijst WHERE status = 'instroom' AND categorie IN ('zzp', 'benaderen')
    """,
    """
    CREATE TABLE monitoring_maand AS
    WITH niveaus AS (
        SELECT gemeentecode, 'gemeente' AS niveau, gemeentecode AS regiocode FROM omvang
        UNION ALL SELECT gemeentecode, 'arbeidsmarktregio', 'AM99' FROM omvang
        UNION ALL SELECT gemeentecode, 'rmc_regio', 'MC99' FROM omvang
        UNION ALL SELECT gemeentecode, 'nederland', 'NL' FROM omvang
    )
    SELECT l.peildatum, n.niveau, n.regiocode, n.regiocode AS regionaam,
           count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst,
           count(*) FILTER (WHERE status = 'instroom') AS instroom,
           count(*) FILTER (WHERE status = 'instroom') AS instroom_nieuw,
           0 AS instroom_terugkeer, 0 AS instroom_verhuisd,
           count(*) FILTER (WHERE status = 'instroom' AND categorie = 'zzp') AS instroom_zzp,
           count(*) FILTER (WHERE status = 'instroom' AND categorie = 'bekend') AS instroom_bekend,
           count(*) FILTER (WHERE status = 'instroom' AND categorie = 'benaderen') AS instroom_benaderen,
           0 AS instroom_bezwaar,
           count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom,
           0 AS uitstroom_overleden, 0 AS uitstroom_vertrokken_buitenland, 0 AS uitstroom_verhuisd,
           0 AS uitstroom_leeftijd, 0 AS uitstroom_startkwalificatie, 0 AS uitstroom_onderwijs,
           0 AS uitstroom_uitkering, count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom_werk,
           0 AS uitstroom_onbekend,
           CASE WHEN count(*) FILTER (WHERE status = 'uitstroom') > 0 THEN 3.0 END AS mediaan_maanden_op_lijst_uitstroom
    FROM gemeente_lijst AS l JOIN niveaus AS n USING (gemeentecode)
    GROUP BY ALL
    """,
]


@pytest.fixture
def world(con):
    for statement in WORLD:
        con.execute(statement)
    # What the steps record of each month for the month-on-month checks (sql/stap_tellingen_*.sql), as they write it.
    for stap in ("duo_selectie", "ib_lijst"):
        for (peildatum,) in con.execute("SELECT peildatum FROM maanden").fetchall():
            db.replace_partition(con, "stap_tellingen", db.sql(f"stap_tellingen_{stap}"), {"peildatum": peildatum},
                                 where=f"peildatum = $peildatum AND stap = '{stap}'")
    return con


def run(con, suite: str, **kwargs) -> ex.SuiteResult:
    return ex.run_suite(con, suite, P, **kwargs)


def test_every_step_has_a_blocking_suite_and_warnings_do_not_block():
    assert set(ex.BLOCKING) == set(ex.suite_names())
    for step in STEPS:
        specs = ex.suites_of(step)
        assert specs[0].name == step and specs[0].blocking
        assert all(not s.blocking for s in specs[1:])
        assert all((s.step, s.frame) in ex.FRAMES for s in specs)
    assert not ex.BLOCKING["gemeente_lijst_waarschuwing"]


def test_frames_fetch_no_identifying_column(world):
    for (step, frame), (sql, where) in ex.FRAMES.items():
        params = {"peildatum": P, "van": date(2025, 1, 1)}
        columns = set(world.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df().columns)
        assert not columns & ex.identifying(), (step, frame)
        assert where in columns


@pytest.mark.parametrize("suite", ex.suite_names())
def test_suite_passes_on_a_plausible_month(world, suite):
    result = run(world, suite)
    assert (result.success, result.errored, result.failed) == (True, False, []), result.metadata.get("resultaat")
    assert result.evaluated == len(json.loads((ex.expectations_dir() / f"{suite}.json").read_text())["expectations"])
    assert result.metadata["rijen"] > 0


BROKEN = [
    # (suite, SQL that breaks one rule in month P, the expectation that must fail)
    ("duo_selectie", "UPDATE duo_selectie SET leeftijd = 27 WHERE bsn = 'GM000100007' AND peildatum = '2025-04-01'",
     "column_values_to_be_between(leeftijd)"),
    ("duo_selectie", "UPDATE duo_selectie SET geslacht = 'O' WHERE bsn = 'GM000100007' AND peildatum = '2025-04-01'",
     "column_values_to_be_in_set(geslacht)"),
    ("duo_selectie", "UPDATE duo_selectie SET woongemeente = NULL WHERE bsn = 'GM000100007' AND peildatum = '2025-04-01'",
     "column_values_to_not_be_null(woongemeente)"),
    ("duo_selectie", "UPDATE duo_selectie SET woongemeente = '0988' WHERE bsn = 'GM000100007' AND peildatum = '2025-04-01'",
     "column_values_to_match_regex(woongemeente)"),
    ("duo_selectie", "UPDATE duo_selectie SET hoogste_diploma = 'MBO2' WHERE bsn = 'GM000100007' AND peildatum = '2025-04-01'",
     "column_values_to_be_in_set(hoogste_diploma)"),
    ("duo_selectie", "UPDATE duo_selectie SET laatste_onderwijs_einddatum = peildatum WHERE bsn = 'GM000100007'",
     "column_values_to_be_between(dagen_sinds_onderwijs)"),
    ("duo_selectie", "DELETE FROM duo_selectie WHERE peildatum = '2025-04-01'",
     "table_row_count_to_be_between()"),
    ("duo_selectie_waarschuwing", "DELETE FROM duo_selectie WHERE peildatum = '2025-04-01' AND woongemeente = 'GM0001' AND bsn > 'GM000100150'",
     "column_values_to_be_between(ratio_vorige)"),
    ("duo_selectie_waarschuwing", "UPDATE duo_selectie SET leeftijd = 23 WHERE peildatum = '2025-04-01'",
     "column_values_to_be_between(gemiddelde_leeftijd)"),
    ("duo_selectie_waarschuwing", "UPDATE duo_selectie SET leeftijd = 25 + (leeftijd % 2) WHERE peildatum = '2025-04-01'",
     "column_values_to_be_between(aantal_leeftijden)"),
    ("duo_selectie_waarschuwing", "UPDATE duo_selectie SET geslacht = 'V' WHERE peildatum = '2025-04-01'",
     "column_values_to_be_between(aandeel_vrouw)"),
    ("ib_lijst", "UPDATE ib_lijst SET inkomen_werk = 473 WHERE bsn = 'GM000100005' AND peildatum = '2025-04-01'",
     "column_values_to_be_between(inkomen_werk)"),
    ("ib_lijst", "UPDATE ib_lijst SET inkomen_werk = -1 WHERE bsn = 'GM000100005' AND peildatum = '2025-04-01'",
     "column_values_to_be_between(inkomen_werk)"),
    ("ib_lijst", "UPDATE ib_lijst SET nulinkomen = NULL WHERE bsn = 'GM000100005' AND peildatum = '2025-04-01'",
     "column_values_to_not_be_null(nulinkomen)"),
    ("ib_lijst", "UPDATE ib_lijst SET leeftijd = 22 WHERE bsn = 'GM000100005' AND peildatum = '2025-04-01'",
     "column_values_to_be_between(leeftijd)"),
    ("ib_lijst_waarschuwing", "UPDATE ib_lijst SET nulinkomen = false, inkomen_werk = 100 WHERE peildatum = '2025-04-01'",
     "column_values_to_be_between(aandeel_nulinkomen)"),
    ("ib_lijst_waarschuwing",
     "INSERT INTO ib_lijst SELECT peildatum, bsn || 'x', woongemeente, 0, false, true, geboortedatum, leeftijd, geslacht "
     "FROM duo_selectie WHERE peildatum = '2025-04-01'",
     "column_values_to_be_between(aandeel_van_selectie)"),
    ("ib_lijst_waarschuwing", "DELETE FROM ib_lijst WHERE peildatum = '2025-04-01' AND woongemeente = 'GM0001' AND bsn > 'GM000100100'",
     "column_values_to_be_between(ratio_vorige)"),
    ("gemeente_lijst", "UPDATE gemeente_lijst SET categorie = 'onbekend' WHERE jib_id = 'JIB-GM0001000010' AND peildatum = '2025-04-01'",
     "column_values_to_be_in_set(categorie)"),
    ("gemeente_lijst", "UPDATE gemeente_lijst SET status = 'weg' WHERE jib_id = 'JIB-GM0001000010' AND peildatum = '2025-04-01'",
     "column_values_to_be_in_set(status)"),
    ("gemeente_lijst", "UPDATE gemeente_lijst SET soort_instroom = NULL WHERE status = 'instroom' AND peildatum = '2025-04-01'",
     "column_values_to_not_be_null(soort_instroom)"),
    ("gemeente_lijst", "UPDATE gemeente_lijst SET reden_uitstroom = NULL WHERE status = 'uitstroom' AND peildatum = '2025-04-01'",
     "column_values_to_not_be_null(reden_uitstroom)"),
    ("gemeente_lijst", "UPDATE gemeente_lijst SET datum_instroom = '2025-03-01' WHERE status = 'instroom' AND peildatum = '2025-04-01'",
     "column_values_to_be_in_set(maanden_sinds_instroom)"),
    ("gemeente_lijst", "UPDATE gemeente_lijst SET leeftijd = 27 WHERE jib_id = 'JIB-GM0001000010' AND peildatum = '2025-04-01'",
     "column_values_to_be_between(leeftijd)"),
    ("gemeente_lijst_waarschuwing",
     "INSERT INTO gemeente_lijst SELECT * REPLACE ('blijft' AS status, jib_id || 'x' AS jib_id, NULL AS soort_instroom) "
     "FROM gemeente_lijst WHERE peildatum = '2025-04-01' AND gemeentecode = 'GM0001' AND status = 'blijft'",
     "column_values_to_be_between(ratio_vorige)"),
    ("gemeente_lijst_waarschuwing",
     "UPDATE gemeente_lijst SET status = 'instroom', soort_instroom = 'nieuw', datum_instroom = peildatum "
     "WHERE peildatum = '2025-04-01' AND gemeentecode = 'GM0001' AND status = 'blijft'",
     "column_values_to_be_between(aandeel_instroom)"),
    ("gemeente_lijst_waarschuwing",
     "UPDATE gemeente_lijst SET categorie = 'bekend' WHERE peildatum = '2025-04-01' AND gemeentecode <> 'GM0003'",
     "column_values_to_be_between(aandeel_benaderen)"),
    ("werklijst_casemanager", "UPDATE werklijst_casemanager SET categorie = 'bekend' WHERE peildatum = '2025-04-01'",
     "column_values_to_be_in_set(categorie)"),
    ("werklijst_casemanager", "UPDATE werklijst_casemanager SET datum_instroom = '2025-01-01' WHERE peildatum = '2025-04-01'",
     "column_values_to_be_in_set(maanden_sinds_instroom)"),
    ("werklijst_casemanager_waarschuwing", "UPDATE werklijst_casemanager SET postcode = '6041 kx' WHERE peildatum = '2025-04-01'",
     "column_values_to_match_regex(postcode_vorm)"),
    ("monitoring", "INSERT INTO monitoring_maand SELECT * FROM monitoring_maand WHERE niveau = 'nederland' AND peildatum = '2025-04-01'",
     "column_sum_to_be_between(is_nederland)"),
    ("monitoring", "UPDATE monitoring_maand SET op_lijst = -1 WHERE regiocode = 'GM0003' AND peildatum = '2025-04-01'",
     "column_values_to_be_between(op_lijst)"),
    ("monitoring", "UPDATE monitoring_maand SET instroom_nieuw = instroom_nieuw + 1 WHERE regiocode = 'NL' AND peildatum = '2025-04-01'",
     "column_pair_values_to_be_equal(instroom, instroom_som_soorten)"),
    ("monitoring", "UPDATE monitoring_maand SET uitstroom_werk = 0 WHERE peildatum = '2025-04-01'",
     "column_pair_values_to_be_equal(uitstroom, uitstroom_som_redenen)"),
]


@pytest.mark.parametrize(("suite", "breaking", "expectation"), BROKEN, ids=[f"{s}:{e}" for s, _, e in BROKEN])
def test_expectation_fails_when_its_rule_is_broken(world, suite, breaking, expectation):
    world.execute(breaking)
    result = run(world, suite)
    assert not result.success and not result.errored
    assert expectation in result.failed, result.metadata["resultaat"]


def test_month_on_month_checks_compare_with_the_months_counts_after_retention_removed_their_rows(world):
    """Retention keeps duo_selectie and ib_lijst only the rerun window and the month before it: their per-gemeente
    checks compare a month with the months before from stap_tellingen, so they still judge, and still see a drop.
    The world's GM0001 selects 250 a month: the month before P holds 250 of whom 50 are on the list."""
    world.execute("DELETE FROM duo_selectie WHERE peildatum < $p", {"p": P})
    world.execute("DELETE FROM ib_lijst WHERE peildatum < $p", {"p": P})
    for suite in ("duo_selectie_waarschuwing", "ib_lijst_waarschuwing"):
        result = run(world, suite)
        assert (result.success, result.errored, result.failed) == (True, False, []), result.metadata.get("resultaat")
    frame = world.execute(ex.FRAMES[("ib_lijst", "per_gemeente")].sql, {"peildatum": P, "van": date(2025, 1, 1)}).df()
    assert frame.set_index("gemeentecode")["vorige_gemiddeld"].to_dict() == {"GM0001": 50.0, "GM0002": 30.0, "GM0003": 2.0}
    world.execute("DELETE FROM duo_selectie WHERE peildatum = '2025-04-01' AND woongemeente = 'GM0001' AND bsn > 'GM000100150'")
    dropped = run(world, "duo_selectie_waarschuwing")
    (entry,) = [d for d in dropped.metadata["details"] if d["verwachting"] == "column_values_to_be_between(ratio_vorige)"]
    assert entry["voorbeelden"] == ["GM0001: 0.604"]  # 151 of the 250 counted in each month before


def test_inflow_ratio_fails_when_inflow_explodes(con):
    """ratio_instroom needs a usual inflow of at least 10 a month: a gemeente of its own."""
    con.execute("CREATE TABLE gemeente_lijst (peildatum DATE, gemeentecode VARCHAR, categorie VARCHAR, status VARCHAR)")
    # 2025-01 first month (all instroom); then 100 on the list, 12 new a month; in P 30 new
    con.execute("INSERT INTO gemeente_lijst SELECT DATE '2025-01-01', 'GM0001', 'benaderen', 'instroom' FROM range(100)")
    for month, new in (("2025-02-01", 12), ("2025-03-01", 12), ("2025-04-01", 30)):
        con.execute(
            "INSERT INTO gemeente_lijst SELECT $m, 'GM0001', 'benaderen', "
            "CASE WHEN i < $new THEN 'instroom' ELSE 'blijft' END FROM range(100) r(i)",
            {"m": month, "new": new},
        )
    result = run(con, "gemeente_lijst_waarschuwing")
    assert "column_values_to_be_between(ratio_instroom)" in result.failed
    assert "column_values_to_be_between(ratio_vorige)" not in result.failed


def test_examples_show_the_failing_values_and_gemeenten(world):
    world.execute("UPDATE duo_selectie SET leeftijd = 27 WHERE bsn = 'GM000100007' AND peildatum = '2025-04-01'")
    world.execute("DELETE FROM duo_selectie WHERE peildatum = '2025-04-01' AND woongemeente = 'GM0001' AND bsn > 'GM000100150'")
    rows = run(world, "duo_selectie")
    (entry,) = [d for d in rows.metadata["details"] if d["verwachting"] == "column_values_to_be_between(leeftijd)"]
    assert (entry["onverwacht"], entry["beoordeeld"], entry["voorbeelden"]) == (1, 151 + 150 + 10, ["27"])
    assert rows.metadata["mislukt"] == 1 and "| mislukt |" in rows.metadata["resultaat"]
    per_gemeente = run(world, "duo_selectie_waarschuwing")
    (entry,) = [d for d in per_gemeente.metadata["details"] if d["verwachting"] == "column_values_to_be_between(ratio_vorige)"]
    assert entry["voorbeelden"] == ["GM0001: 0.604"]


def test_a_passing_suite_runs_once_a_failing_one_again_for_its_examples(world, tmp_path, monkeypatch):
    """BASIC carries every figure of a passing suite's check; only a failed suite runs again with SUMMARY for its
    examples, under the same run id, so Data Docs keep one result per run: the one with the examples."""
    from great_expectations.core.validation_definition import ValidationDefinition

    formats = []
    original = ValidationDefinition.run
    monkeypatch.setattr(ValidationDefinition, "run",
                        lambda self, **kw: formats.append(kw["result_format"]["result_format"]) or original(self, **kw))
    docs = tmp_path / "data_docs"
    assert run(world, "duo_selectie_waarschuwing", docs_dir=docs).success and formats == ["BASIC"]
    formats.clear()
    world.execute("DELETE FROM duo_selectie WHERE peildatum = '2025-04-01' AND woongemeente = 'GM0001' AND bsn > 'GM000100150'")
    failed = run(world, "duo_selectie_waarschuwing", docs_dir=docs)
    assert not failed.success and formats == ["BASIC", "SUMMARY"]
    kept = sorted((docs / "resultaten" / "duo_selectie_waarschuwing").rglob("*.json"))
    assert len(kept) == 2  # the passing run and the failed one, not its first pass
    assert "GM0001" in kept[-1].read_text() and "partial_unexpected_index_list" in kept[-1].read_text()


def test_gx_error_is_reported_as_error_not_as_failed_data(world, monkeypatch):
    # the frame lacks a column the suite expects: GX raises inside the expectation
    (sql, where) = ex.FRAMES[("duo_selectie", "rijen")]
    monkeypatch.setitem(ex.FRAMES, ("duo_selectie", "rijen"), ex.Frame(sql.replace("hoogste_diploma,", ""), where))
    result = run(world, "duo_selectie")
    assert result.errored and not result.success
    assert "hoogste_diploma" in result.message
    assert "column_values_to_be_in_set(hoogste_diploma)" not in result.failed
    assert dg.AssetCheckResult is type(ex.check_result(result))
    assert not ex.check_result(result).passed


def test_missing_table_is_an_error(con):
    result = run(con, "werklijst_casemanager")
    assert result.errored and not result.success and "werklijst_casemanager" in result.message


def test_broken_suite_file_is_an_error(world, tmp_path, monkeypatch):
    (tmp_path / "monitoring.json").write_text(json.dumps(
        {"name": "monitoring", "meta": {"jib": {"frame": "rijen"}},
         "expectations": [{"type": "expect_column_to_be_lovely", "kwargs": {"column": "niveau"}}]}
    ))
    monkeypatch.setattr(suites, "expectations_dir", lambda: tmp_path)
    ex.suite_spec.cache_clear()
    try:
        result = run(world, "monitoring")
    finally:
        ex.suite_spec.cache_clear()
    assert result.errored and not result.success and result.message


def test_metadata_holds_nothing_identifying(world):
    # break every suite so that examples are in the metadata
    for breaking in (
        "UPDATE duo_selectie SET leeftijd = 27, geslacht = 'O', hoogste_diploma = 'HAVO' WHERE peildatum = '2025-04-01'",
        "UPDATE ib_lijst SET inkomen_werk = 999 WHERE peildatum = '2025-04-01'",
        "UPDATE gemeente_lijst SET leeftijd = 30, datum_instroom = '2024-01-01' WHERE peildatum = '2025-04-01'",
        "UPDATE werklijst_casemanager SET categorie = 'bekend', postcode = lower(postcode) WHERE peildatum = '2025-04-01'",
    ):
        world.execute(breaking)
    identifying = set()
    for table, columns in {
        "duo_selectie": ("bsn", "geboortedatum"),
        "ib_lijst": ("bsn",),
        "gemeente_lijst": ("bsn", "jib_id", "geslachtsnaam", "voornamen", "straatnaam", "postcode", "woonplaats"),
        "werklijst_casemanager": ("jib_id", "geslachtsnaam", "voornamen", "straatnaam", "postcode", "woonplaats"),
    }.items():
        for column in columns:
            rows = world.execute(f"SELECT DISTINCT CAST({column} AS VARCHAR) FROM {table} WHERE peildatum = ?", [P]).fetchall()
            identifying |= {value for (value,) in rows if value}
    assert len(identifying) > 500
    for suite in ex.suite_names():
        result = run(world, suite)
        text = json.dumps(result.metadata, default=str)
        leaked = {value for value in identifying if value in text}
        assert not leaked, (suite, sorted(leaked)[:5])


def test_check_result_blocks_or_warns():
    failed = ex.SuiteResult("gemeente_lijst_waarschuwing", success=False, errored=False, evaluated=4,
                            failed=["x"], metadata={"rijen": 3, "resultaat": "| a |", "details": []})
    warning = ex.check_result(failed)
    assert (warning.check_name, warning.passed, warning.severity) == (
        "gx_gemeente_lijst_waarschuwing", False, dg.AssetCheckSeverity.WARN)
    assert warning.description == "not met: x"  # jib run lists it with this text, not the check's name alone
    assert ex.check_result(ex.SuiteResult("gemeente_lijst", True, False, 13, [], {})).severity == dg.AssetCheckSeverity.ERROR
    specs = {s.name: s.blocking for s in ex.check_specs("gemeente_lijst")}
    assert specs == {"gx_gemeente_lijst": True, "gx_gemeente_lijst_waarschuwing": False}
    assert [s.key.asset_key.path for s in ex.check_specs("monitoring", asset="monitoring_maand")] == [["monitoring_maand"]]


def test_data_docs_are_written(world, tmp_path):
    docs = tmp_path / "data_docs"
    first = run(world, "gemeente_lijst", docs_dir=docs)
    run(world, "gemeente_lijst_waarschuwing", docs_dir=docs)
    run(world, ex.INDEX_SUITE, docs_dir=docs)  # the month's last suite rebuilds the index
    assert first.success and first.metadata["data_docs"] == str(docs / "index.html")
    index = (docs / "index.html").read_text()
    assert "gemeente_lijst_waarschuwing" in index and "2025-04" in index
    assert list((docs / "validations" / "gemeente_lijst").rglob("*.html"))
    assert (docs / "expectations" / "gemeente_lijst.html").exists()


def test_the_index_forgets_the_months_before_the_data_docs_window(world, tmp_path, monkeypatch):
    """The monitoring's suite removes the results and pages of the months before the window, then builds the index:
    kept for life, the index read every result of the history each month (Midden-Limburg's 60 months: 1.8-2.3 s)."""
    monkeypatch.delenv(retention.DATA_DOCS_ENV, raising=False)
    docs = tmp_path / "data_docs"
    run(world, "gemeente_lijst", docs_dir=docs)
    # The same result as run 12 months before P (April 2024), and 11 months before it (May 2024, the first month of
    # the 12 that end with P).
    for oud in ("2024-04", "2024-05"):
        for sub in retention.DATA_DOCS_MAPPEN:
            shutil.copytree(docs / sub / "gemeente_lijst" / f"{P:%Y-%m}", docs / sub / "gemeente_lijst" / oud)
    result = run(world, ex.INDEX_SUITE, docs_dir=docs)
    index = (docs / "index.html").read_text()
    assert "2024-04" not in index and "2024-05" in index and f"{P:%Y-%m}" in index
    for sub in retention.DATA_DOCS_MAPPEN:
        assert sorted(m.name for m in (docs / sub / "gemeente_lijst").iterdir()) == ["2024-05", f"{P:%Y-%m}"]
    assert result.metadata["data_docs_maanden_verwijderd"] == "2024-04"
    assert ex.check_result(result).metadata["data_docs_maanden_verwijderd"].value == "2024-04"


def test_value_sets_come_from_the_schema_register(world, monkeypatch):
    # The suites hold no copy of a value set: narrowing the register's categorie fails the suite.
    assert run(world, "gemeente_lijst").success
    monkeypatch.setitem(schema.VALUE_SETS, "categorie", ("bezwaar", "bekend", "zzp"))
    result = run(world, "gemeente_lijst")
    assert not result.success and not result.errored
    assert "column_values_to_be_in_set(categorie)" in result.failed


def test_no_suite_copies_a_register_value_set():
    sets = {tuple(sorted(v)) for v in ex.suite_parameters(P).values() if isinstance(v, list)}
    for name in ex.suite_names():
        for expectation in json.loads((ex.expectations_dir() / f"{name}.json").read_text())["expectations"]:
            value_set = expectation["kwargs"].get("value_set")
            if isinstance(value_set, list) and len(value_set) > 1:
                assert tuple(sorted(value_set)) not in sets, (name, value_set)
