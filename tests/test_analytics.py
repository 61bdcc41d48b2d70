"""publish/analytics.duckdb: no personal data, a comment on everything, suppressed cells NULL, replaced
atomically while an analyst has it open, and readable by DuckDB 1.4 as well as the current DuckDB."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest

from jib_assets.publish.analytics import VERBODEN_KOLOMMEN, publish_analytics
from jib_assets.reference import load_reference


@pytest.fixture
def warehouse(tmp_path) -> duckdb.DuckDBPyConnection:
    """A warehouse with the two monitoring tables (a few columns, with comments), the region membership
    (an area of two gemeenten, Weert and Leudal) and the reference table: one month, March 2025, the deployment's
    first, so its quarter is complete (only complete quarters are published)."""
    con = duckdb.connect(str(tmp_path / "jib.duckdb"))
    load_reference(con)
    con.execute(
        """
        CREATE TABLE monitoring_maand AS SELECT * FROM (VALUES
            (DATE '2025-03-01', 'gemeente', 'GM0988', 'Weert', false, 1, 1, 400, 40, 3, 2, 1, 0, 100.0, 7.5),
            (DATE '2025-03-01', 'gemeente', 'GM1640', 'Leudal', false, 1, 1, 250, 25, 12, 5, 7, 0, 100.0, 48.0),
            (DATE '2025-03-01', 'arbeidsmarktregio', 'AM33', 'Midden-Limburg (deels in gebied)', true, 8, 2, 650, 65,
             15, 7, 8, 0, 100.0, 23.1),
            (DATE '2025-03-01', 'nederland', 'NL', 'Nederland (deels in gebied)', true, 342, 2, 650, 65, 15, 7, 8, 0,
             100.0, 23.1)
        ) AS t(peildatum, niveau, regiocode, regionaam, deels_in_gebied, gemeenten_in_regio, gemeenten_meegeteld,
               inwoners_23_26, op_lijst, instroom, instroom_nieuw, instroom_terugkeer, instroom_verhuisd,
               op_lijst_per_1000, instroom_per_1000)
        """
    )
    con.execute(
        """
        CREATE TABLE regio_indeling AS SELECT DATE '2025-03-01' AS peildatum, * FROM (VALUES
            ('gemeente', 'GM0988', 'GM0988'), ('gemeente', 'GM1640', 'GM1640'),
            ('arbeidsmarktregio', 'AM33', 'GM0988'), ('arbeidsmarktregio', 'AM33', 'GM1640'),
            ('nederland', 'NL', 'GM0988'), ('nederland', 'NL', 'GM1640')
        ) AS t(niveau, regiocode, gemeentecode)
        """
    )
    con.execute(
        "CREATE TABLE monitoring_kwartaal AS SELECT '2025-Q1' AS kwartaal, 1 AS maanden, * EXCLUDE (peildatum) "
        "FROM monitoring_maand"
    )
    for table in ("monitoring_maand", "monitoring_kwartaal"):
        for (column,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
        ).fetchall():
            con.execute(f"COMMENT ON COLUMN {table}.{column} IS 'Wat {column} telt.'")
    yield con
    con.close()


def test_published_tables_have_no_identifying_column_and_a_comment_everywhere(warehouse, tmp_path):
    target = tmp_path / "publish" / "analytics.duckdb"
    counts = publish_analytics(warehouse, target)
    assert counts["monitoring_maand"] == 4 and counts["gemeenten"] == 342
    pub = duckdb.connect(str(target), read_only=True)
    columns = pub.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE database_name = current_database()"
    ).fetchall()
    tables = pub.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    pub.close()
    assert {t for t, _ in tables} == {"monitoring_maand", "monitoring_kwartaal", "bereiken", "gemeenten",
                                      "regio_indeling", "publicatie"}
    assert all(comment for _, comment in tables)
    assert [(t, c) for t, c, comment in columns if not comment] == []
    assert not {c for _, c, _ in columns} & VERBODEN_KOLOMMEN
    op_lijst = next(comment for t, c, comment in columns if (t, c) == ("monitoring_maand", "op_lijst"))
    assert "NULL = onderdrukt" in op_lijst and op_lijst.startswith("Wat op_lijst telt.")


def _published(warehouse: duckdb.DuckDBPyConnection, tmp_path, query: str) -> list[tuple]:
    """Publish the warehouse into tmp_path and return the rows of `query` on the published file."""
    target = tmp_path / "analytics.duckdb"
    publish_analytics(warehouse, target)
    pub = duckdb.connect(str(target), read_only=True)
    try:
        return pub.execute(query).fetchall()
    finally:
        pub.close()


def test_suppressed_cells_are_null_and_the_warehouse_keeps_exact_figures(warehouse, tmp_path):
    weert = _published(warehouse, tmp_path,
                       "SELECT instroom, instroom_nieuw, instroom_terugkeer, instroom_verhuisd, op_lijst "
                       "FROM monitoring_maand WHERE regiocode = 'GM0988'")[0]
    assert weert[:3] == (None, None, None) and weert[3] == 0 and weert[4] == 40
    exact = warehouse.execute("SELECT instroom FROM monitoring_maand WHERE regiocode = 'GM0988'").fetchall()[0][0]
    assert exact == 3


def test_refuses_to_publish_an_identifying_column(warehouse, tmp_path):
    warehouse.execute("ALTER TABLE monitoring_maand ADD COLUMN bsn VARCHAR")
    with pytest.raises(RuntimeError, match="identifying"):
        publish_analytics(warehouse, tmp_path / "analytics.duckdb")
    assert not (tmp_path / "analytics.duckdb").exists()


def test_an_analyst_with_the_old_file_open_is_not_blocked_and_keeps_a_whole_old_copy(warehouse, tmp_path):
    target = tmp_path / "analytics.duckdb"
    publish_analytics(warehouse, target)
    analyst = duckdb.connect(str(target), read_only=True)
    old = analyst.execute("SELECT list(regionaam ORDER BY ALL) FROM monitoring_maand").fetchall()[0][0]
    # (a label, not a figure: changed figures must keep region = sum of its gemeenten, or publishing refuses)
    warehouse.execute("UPDATE monitoring_maand SET regionaam = regionaam || ' (nieuw)'")
    publish_analytics(warehouse, target)  # not blocked by the analyst's open file
    assert analyst.execute("SELECT list(regionaam ORDER BY ALL) FROM monitoring_maand").fetchall()[0][0] == old
    analyst.close()
    fresh = duckdb.connect(str(target), read_only=True)
    assert fresh.execute("SELECT list(regionaam ORDER BY ALL) FROM monitoring_maand").fetchall()[0][0] == [
        f"{naam} (nieuw)" for naam in old
    ]
    fresh.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.fixture(scope="session")
def duckdb_14(tmp_path_factory) -> Path:
    """A Python with DuckDB 1.4, in a venv made once per session."""
    venv = tmp_path_factory.mktemp("duckdb14") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    python = venv / "bin" / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "duckdb>=1.4,<1.5"],
        capture_output=True, text=True, timeout=600,
    )
    if pip.returncode != 0:
        pytest.skip("PyPI unreachable: cannot install DuckDB 1.4 to test that it opens the published file")
    return python


def test_duckdb_1_4_and_the_current_duckdb_both_open_the_published_file(warehouse, tmp_path, duckdb_14):
    target = tmp_path / "analytics.duckdb"
    publish_analytics(warehouse, target)
    script = textwrap.dedent(
        f"""
        import duckdb
        assert duckdb.__version__.startswith("1.4"), duckdb.__version__
        con = duckdb.connect({str(target)!r}, read_only=True)
        print(con.execute("SELECT count(*) FROM monitoring_maand").fetchall()[0][0],
              con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL AND table_name = 'gemeenten'").fetchall()[0][0])
        """
    )
    old = subprocess.run([str(duckdb_14), "-c", script], capture_output=True, text=True, timeout=120)
    assert old.returncode == 0, old.stderr[-2000:]
    assert old.stdout.split() == ["4", "9"]
    current = duckdb.connect(str(target), read_only=True)
    assert current.execute("SELECT count(*) FROM monitoring_kwartaal").fetchall()[0][0] == 4
    current.close()


def test_publication_month_keys_are_dates(warehouse, tmp_path):
    assert _published(warehouse, tmp_path, "SELECT min(peildatum) FROM monitoring_maand")[0][0] == date(2025, 3, 1)


def test_the_publication_records_its_utility(warehouse, tmp_path):
    target = tmp_path / "analytics.duckdb"
    counts = publish_analytics(warehouse, target)
    pub = duckdb.connect(str(target), read_only=True)
    result = pub.execute("SELECT * FROM publicatie")
    row = dict(zip([d[0] for d in result.description], result.fetchall()[0], strict=True))
    comments = dict(pub.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'publicatie'").fetchall())
    pub.close()
    assert list(row) == ["gepubliceerd_op", "cellen", "onderdrukt_primair", "onderdrukt_secundair",
                         "onderdrukt_als_bereik", "aandeel_10_plus_onderdrukt", "aandeel_10_plus_als_bereik",
                         "kleinste_interval"]
    assert all(comments[c] for c in row)
    # 2 tables x 4 rows x 5 figures (op_lijst and the four instroom columns; the rates follow their count,
    # the denominator and labels are context, not cells).
    assert row["cellen"] == counts["cellen"] == 40
    # Weert: instroom 3, instroom_nieuw 2, instroom_terugkeer 1 are 1..4 (primary): three cells per table.
    assert row["onderdrukt_primair"] == counts["onderdrukt_primair"] == 6


def test_rates_are_suppressed_with_their_count_and_labels_and_denominator_kept(warehouse, tmp_path):
    rows = _published(warehouse, tmp_path,
                      "SELECT regiocode, instroom, instroom_per_1000, op_lijst_per_1000, inwoners_23_26, "
                      "deels_in_gebied, regionaam FROM monitoring_maand ORDER BY regiocode")
    weert = next(r for r in rows if r[0] == "GM0988")
    assert weert[1:3] == (None, None)  # instroom 3 is suppressed, so is 7.5 per 1,000 (7.5 x 400 = 3)
    assert weert[3:6] == (100.0, 400, False)
    am33 = next(r for r in rows if r[0] == "AM33")
    assert am33[4:] == (650, True, "Midden-Limburg (deels in gebied)")


def test_only_regions_of_the_area_as_it_is_now_are_published(warehouse, tmp_path):
    # December, run when the area was Weert and Groningen: Groningen and an NL of other gemeenten.
    warehouse.execute(
        "INSERT INTO monitoring_maand BY NAME SELECT * REPLACE (DATE '2024-12-01' AS peildatum) FROM monitoring_maand "
        "WHERE regiocode IN ('GM0988', 'NL') UNION ALL BY NAME SELECT * REPLACE (DATE '2024-12-01' AS peildatum, "
        "'GM0014' AS regiocode, 'Groningen' AS regionaam) FROM monitoring_maand WHERE regiocode = 'GM1640'"
    )
    warehouse.execute(
        "INSERT INTO regio_indeling VALUES (DATE '2024-12-01', 'gemeente', 'GM0988', 'GM0988'), "
        "(DATE '2024-12-01', 'gemeente', 'GM0014', 'GM0014'), (DATE '2024-12-01', 'nederland', 'NL', 'GM0988'), "
        "(DATE '2024-12-01', 'nederland', 'NL', 'GM0014')"
    )
    target = tmp_path / "analytics.duckdb"
    publish_analytics(warehouse, target)
    pub = duckdb.connect(str(target), read_only=True)
    december = pub.execute("SELECT regiocode FROM monitoring_maand WHERE peildatum = '2024-12-01'").fetchall()
    indeling = pub.execute("SELECT * FROM regio_indeling ORDER BY ALL").fetchall()
    pub.close()
    assert december == [("GM0988",)]  # Weert was in the area then too; Groningen and that NL are not published
    assert indeling == [("arbeidsmarktregio", "AM33", "GM0988"), ("arbeidsmarktregio", "AM33", "GM1640"),
                        ("nederland", "NL", "GM0988"), ("nederland", "NL", "GM1640")]


def test_a_warehouse_without_regio_indeling_is_refused_with_what_to_do(warehouse, tmp_path):
    warehouse.execute("DROP TABLE regio_indeling")
    with pytest.raises(RuntimeError, match="run the monitoring of the latest month"):
        publish_analytics(warehouse, tmp_path / "analytics.duckdb")


def test_the_utility_goes_into_dagster_metadata_as_numbers():
    import dagster as dg

    from jib_assets.assets.monitoring import publication_metadata

    meta = publication_metadata({"monitoring_maand": 1200, "cellen": 16000, "aandeel_10_plus_onderdrukt": 0.013,
                                 "kleinste_interval": 5.0, "onderdrukt_secundair": None})
    assert meta["cellen"] == dg.MetadataValue.int(16000)
    assert meta["aandeel_10_plus_onderdrukt"] == dg.MetadataValue.float(0.013)
    assert meta["kleinste_interval"] == dg.MetadataValue.float(5.0)
    assert "onderdrukt_secundair" not in meta  # not reported (yet): left out, not shown as 0


def test_a_second_publication_of_the_same_figures_reuses_the_solution_kept_in_the_warehouse(warehouse, tmp_path):
    from jib_assets.publish.analytics import OPLOSSINGEN

    first = publish_analytics(warehouse, tmp_path / "a.duckdb")
    assert first["componenten_opgelost"] >= 1 and first["componenten_hergebruikt"] == 0
    kept = warehouse.execute(f"SELECT * FROM {OPLOSSINGEN}").fetchall()
    # each component solved, and each as the next publication sees it when it keeps these cells (`Vast`)
    assert len(kept) > first["componenten_opgelost"]
    columns = [r[0] for r in warehouse.execute(f"DESCRIBE {OPLOSSINGEN}").fetchall()]
    assert columns == ["sleutel", "verborgen"]  # a hash and bit strings: nothing about a person
    # hidden cells as packed bits, ':', per cell the width of its published range (0, 10 or 20) as one byte, ':',
    # the narrowest interval the audit found in that component
    for k, v in kept:
        bits, widths, interval = v.split(":")
        assert len(k) == 64 and set(bits + widths) <= set("0123456789abcdef") and float(interval) >= 5

    lines: list[str] = []
    second = publish_analytics(warehouse, tmp_path / "b.duckdb", voortgang=lines.append)
    # nothing solved and nothing attacked again: every cell kept as shown, in components kept with their audit
    assert second["componenten_opgelost"] == 0 and second["vast_als_eerder"] == second["cellen"] == first["cellen"]
    assert lines[-1] == "audit: attacking the 0 components not audited before"
    assert second["kleinste_interval"] == first["kleinste_interval"]
    published = []
    for name in ("a.duckdb", "b.duckdb"):
        pub = duckdb.connect(str(tmp_path / name), read_only=True)
        published.append(pub.execute("SELECT * FROM monitoring_maand ORDER BY ALL").fetchall()
                         + pub.execute("SELECT * FROM monitoring_kwartaal ORDER BY ALL").fetchall()
                         + pub.execute("SELECT * FROM bereiken ORDER BY ALL").fetchall())
        pub.close()
    assert published[0] == published[1]

    # A read-only warehouse publishes the same, and keeps nothing.
    path = warehouse.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
    warehouse.execute(f"DROP TABLE {OPLOSSINGEN}")
    warehouse.close()
    ro = duckdb.connect(path, read_only=True)
    try:
        third = publish_analytics(ro, tmp_path / "c.duckdb")
        assert third["componenten_hergebruikt"] == 0
        assert not ro.execute(f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{OPLOSSINGEN}'").fetchone()[0]
    finally:
        ro.close()


def test_the_suppression_work_goes_into_the_metadata():
    import dagster as dg

    from jib_assets.assets.monitoring import publication_metadata

    meta = publication_metadata({"componenten_opgelost": 3, "componenten_hergebruikt": 14, "seconden": 2.5})
    assert meta["componenten_hergebruikt"] == dg.MetadataValue.int(14)
    assert meta["seconden"] == dg.MetadataValue.float(2.5)
