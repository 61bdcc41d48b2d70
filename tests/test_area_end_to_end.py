"""The deployment's area, sub-regions and rates on generated data: two months of Weert (GM0988) through the
real chain with JIB_GEBIED=GM0988, so every region Weert is in lies partly outside the area. The
denominator of the rates is recounted here from the landing CSV files with Polars, independently of the SQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

pytestmark = pytest.mark.slow

GEBIED = "GM0988"
KEY = "some-long-random-test-key-1234567890"
P = date(2025, 2, 1)


def _jib(home: Path, *args: str, gebied: str = GEBIED, ok: bool = True) -> str:
    """Run the jib command in `home`; its output with Rich's line wrapping undone."""
    env = {**os.environ, "JIB_HOME": str(home), "JIB_GEBIED": gebied, "JIB_PSEUDONYM_KEY": KEY}
    env.pop("JIB_SUBREGIOS", None)
    env.pop("DAGSTER_HOME", None)
    cli = Path(sys.executable).with_name("jib")
    result = subprocess.run([str(cli), *args], env=env, capture_output=True, text=True, cwd=home)
    assert (result.returncode == 0) == ok, result.stdout[-3000:] + result.stderr[-3000:]
    return " ".join(result.stdout.split())


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("weert")
    _jib(home, "synth", "--region", GEBIED, "--from", "2025-01", "--to", "2025-02")
    _jib(home, "run", "--from", "2025-01", "--to", "2025-02")
    return home


def _rows(path: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_monitoring_has_rows_only_for_the_area_and_labels_the_partial_regions(home):
    warehouse = home / "warehouse" / "jib.duckdb"
    rows = _rows(warehouse, "SELECT DISTINCT niveau, regiocode, regionaam, deels_in_gebied FROM monitoring_maand "
                            "UNION SELECT DISTINCT niveau, regiocode, regionaam, deels_in_gebied FROM monitoring_kwartaal "
                            "ORDER BY ALL")
    assert rows == [
        ("arbeidsmarktregio", "AM33", "Midden-Limburg (deels in gebied)", True),
        ("gemeente", "GM0988", "Weert", False),
        ("rmc_regio", "MC38", "Gewest Limburg-Noord (deels in gebied)", True),
        ("subregio", "SR-WEERT", "Weert (deels in gebied)", True),
    ]
    assert _rows(warehouse, "SELECT DISTINCT gemeentecode FROM monitoring_feiten") == [(GEBIED,)]
    # A region sums only Weert: its figures are Weert's.
    assert len(set(_rows(warehouse, "SELECT peildatum, op_lijst, instroom, uitstroom, inwoners_23_26 "
                                    "FROM monitoring_maand WHERE peildatum = '2025-02-01'"))) == 1


def test_inwoners_23_26_equals_a_recount_from_the_brp_delivery(home):
    folder = home / "landing" / "2025-02"
    personen = pl.read_csv(folder / "brp_personen.csv", separator=";", infer_schema=False)
    adressen = pl.read_csv(folder / "brp_adressen.csv", separator=";", infer_schema=False)
    datum = lambda c: pl.col(c).str.to_date("%Y-%m-%d")  # noqa: E731
    op_p = adressen.filter((datum("begindatum") <= P) & (datum("einddatum").is_null() | (datum("einddatum") >= P)))
    een_adres = op_p.group_by("bsn").agg(pl.len().alias("n"), pl.col("gemeentecode").first()).filter(pl.col("n") == 1)
    geboren = personen.with_columns(datum("geboortedatum").alias("g"))
    maanddag = pl.col("g").dt.month().cast(pl.Int32) * 100 + pl.col("g").dt.day().cast(pl.Int32)  # Int8 overflows
    leeftijd = (P.year - pl.col("g").dt.year()) - (maanddag > P.month * 100 + P.day).cast(pl.Int32)
    levend = geboren.filter(
        (datum("datum_overlijden").is_null() | (datum("datum_overlijden") > P))
        & (datum("datum_vertrek_buitenland").is_null() | (datum("datum_vertrek_buitenland") > P))
        & leeftijd.is_between(23, 26)
    )
    # Every resident of the delivery, objectors included: the run counted them while February's delivery was in the
    # warehouse, which it left at the end of that run (JIB_BEWAAR_MAANDEN_RUW=0), so the monitoring cannot be made
    # again from the store and the figure is the run's own. (Until 2026-12-02 an erasure after the run left the
    # objectors out when the monitoring was made again: June of Midden-Limburg 12,800 in the run, 12,742 after.)
    warehouse = home / "warehouse" / "jib.duckdb"
    assert _rows(warehouse, "SELECT count(*) FROM brp_personen") == [(0,)]
    assert _rows(warehouse, "SELECT count(*) > 0 FROM bezwaar_register") == [(True,)]  # objectors to count
    verwacht = levend.join(een_adres, on="bsn").filter(pl.col("gemeentecode") == GEBIED).height
    assert verwacht > 100  # Weert has thousands of residents aged 23-26; the synthetic BRP holds ages 15-30
    (inwoners, op_lijst, per_1000), = _rows(
        warehouse, "SELECT inwoners_23_26, op_lijst, op_lijst_per_1000 FROM monitoring_maand "
                   "WHERE peildatum = '2025-02-01' AND regiocode = 'GM0988'")
    assert inwoners == verwacht
    assert per_1000 == round(1000 * op_lijst / verwacht, 1)


def test_the_published_database_holds_the_area_and_its_membership(home):
    analytics = home / "publish" / "analytics.duckdb"
    assert {r[0] for r in _rows(analytics, "SELECT regiocode FROM monitoring_maand")} == {
        "GM0988", "AM33", "MC38", "SR-WEERT"}
    assert _rows(analytics, "SELECT * FROM regio_indeling ORDER BY ALL") == [
        ("arbeidsmarktregio", "AM33", "GM0988"), ("rmc_regio", "MC38", "GM0988"), ("subregio", "SR-WEERT", "GM0988")]
    (cellen, primair), = _rows(analytics, "SELECT cellen, onderdrukt_primair FROM publicatie")
    assert cellen > 0 and primair >= 0


def test_a_month_is_refused_for_another_area_than_the_month_before_and_all_months_can_change_it(home, tmp_path):
    # The warehouse was built for Weert alone (GM0988); MC38 (Gewest Limburg-Noord) holds Weert and 13 more
    # gemeenten (jib_assets/reference/gemeenten.csv). February with MC38 would compare its lists with January's
    # Weert-only lists and sum a quarter over two areas: refused before the selection writes anything, with the
    # cause named and the ways out. Then every month again with MC38, from the first, is accepted.
    kopie = tmp_path / "home"
    shutil.copytree(home, kopie)
    lijst = "SELECT * FROM gemeente_lijst ORDER BY ALL"
    voor = _rows(kopie / "warehouse" / "jib.duckdb", lijst)
    out = _jib(kopie, "run", "--from", "2025-02", "--to", "2025-02", gebied="MC38", ok=False)
    assert "step stap_duo_selectie: JIB_GEBIED gives an area of 14 gemeenten, but 2025-01, the latest month before " \
           "2025-02, was processed for an area of 1 (new in it: " in out
    assert "back to the area this warehouse was built for" in out
    assert "jib run --from <first month>" in out
    assert _rows(kopie / "warehouse" / "jib.duckdb", lijst) == voor

    _jib(kopie, "run", "--from", "2025-01", gebied="MC38")
    assert _rows(kopie / "warehouse" / "jib.duckdb",
                 "SELECT peildatum, count(DISTINCT gemeentecode) FROM regio_indeling GROUP BY ALL ORDER BY ALL") == [
        (date(2025, 1, 1), 14), (date(2025, 2, 1), 14)]
    # Weert's own list holds the same youths as before: only the area around it grew
    weert = "SELECT jib_id, peildatum, status FROM gemeente_lijst WHERE gemeentecode = 'GM0988' ORDER BY ALL"
    assert _rows(kopie / "warehouse" / "jib.duckdb", weert) == _rows(home / "warehouse" / "jib.duckdb", weert)
